"""Released migrations never change: a database somewhere has already run each of them.

A migration that is on ``main`` counts as released. Changing one would leave databases that
ran the old text different from new ones built from the new text, with nothing to tell them
apart, so a fix goes in a new migration instead. A new migration is pinned here when it lands
(its SHA-256: ``sha256sum src/midweek/storage/migrations/NNNN_name.sql``).
"""

from __future__ import annotations

import hashlib
from importlib import resources

RELEASED = {
    "0001_initial.sql": "4c93f408076d51d79d3785d742d81d1e53fab677817c1151fa6a3ab1752255d7",
    "0002_plan_windows.sql": "bb45251c990a847cb71a151a2cebfe97f69b94ff40f15ae9a3f1f5ca84463c0f",
    "0003_safety_plan.sql": "f930c7cb6a5067163ae14017b2b4acaa4ec72553206c4dc02d6254de7a0eb520",
    "0004_accounts.sql": "47e99217202d09425b10af293ab0460fa837331398bfad266fe4a7a69313775e",
    "0005_sharing.sql": "c0c9a9650cdee49a95628aaa58d07a1516997346708cd5afa36c0bd0f254b9c2",
    "0006_share_per_link.sql": "d93f8447c3b83f046ef0f902d207754f66f56d03a60b983779a2e36cefef388c",
    "0007_token_lifetime.sql": "397d8e6e0a4594e3c79bcff53abad5989672ccf56109a4ada37f89ee35df62f7",
    "0008_erasure.sql": "e051da3ff1f9897a450505a893f42c4dc0a0fe04803618e7fd27369167f44748",
    "0009_idempotency.sql": "d12357ca5da1944fd750d9bc2eeb8be8a8efaec99a8747d5132768f2a4cc9f11",
    "0010_time_zone.sql": "a1e3c6259d5e941278daa6e12babd58ca8ef1e2f56d3bd4c27ea4ea5194eab02",
    "0011_trash.sql": "e4103f31a442a2d66d6eee534c90b8aa9f8a63ccc5a4d53bdadefb44b3162b7b",
    "0012_invitations.sql": "3858e3c9d4875248f7c13ebfb7cf5232066038d402930661c9bed74c7c224355",
    "0013_search_index.sql": "418ebfcd4e564e531aacf73c63138ab792cec44cca45b7027e0851cbde47ba68",
    "0014_imports.sql": "3cb37558e5374c164f86cb87a0355a587ca1b26bd0513592008d51b1f1826737",
    "0015_push.sql": "a659587bfef974855fb5cf34face1775042a03d05613dca42527cdd0c9792feb",
}


def _migrations() -> dict[str, bytes]:
    folder = resources.files("midweek.storage.migrations")
    return {
        f.name: f.read_bytes() for f in folder.iterdir() if f.is_file() and f.name.endswith(".sql")
    }


def test_every_released_migration_is_byte_for_byte_as_released() -> None:
    found = _migrations()
    changed = {
        name: hashlib.sha256(found[name]).hexdigest()
        for name, pinned in RELEASED.items()
        if name in found and hashlib.sha256(found[name]).hexdigest() != pinned
    }
    assert not changed, f"released migrations changed (write a new migration instead): {changed}"
    missing = sorted(set(RELEASED) - set(found))
    assert not missing, f"released migrations removed: {missing}"


def test_every_migration_is_pinned() -> None:
    unpinned = sorted(set(_migrations()) - set(RELEASED))
    assert not unpinned, f"pin these migrations in RELEASED when they land: {unpinned}"
