"""Personal access tokens against a real store (SQLite and PostgreSQL): made once, stored
only as a hash, revocable, refused for disabled accounts, audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from old_schema import add_todays_tables, drop_todays_tables

import personas
from midweek.domain.accounts import Account, token_digest
from midweek.domain.errors import Forbidden, NotFound, Unauthorized, ValidationError
from midweek.services import accounts as acc
from midweek.services import tokens
from midweek.storage import Store

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def _add(store: Store, name: str = "alice", role: str = "client") -> Account:
    return personas.create(store, name, NOW, role)


def _audit(store: Store) -> list[tuple[str, int | None, str]]:
    with store.unit_of_work() as uow:
        return [(e.action, e.actor_account_id, e.detail) for e in reversed(uow.audit.list())]


def test_a_token_is_shown_once_and_stored_only_as_its_hash(
    sqlite_store: Store, sqlite_url: str, fast_hashing: None
) -> None:
    alice = _add(sqlite_store)
    plaintext, token = tokens.create_token(
        sqlite_store.unit_of_work(), alice, "  phone shortcut ", now=NOW
    )
    assert plaintext.startswith("mwk_") and len(plaintext) >= 4 + 43
    assert token.name == "phone shortcut" and token.created_at == NOW
    assert token.token_hash == token_digest(plaintext) and len(token.token_hash) == 64
    sqlite_store.close()
    # Nowhere in the database file or its journal: not the token, not its random part.
    secret = plaintext.encode()
    for path in Path(sqlite_url).parent.iterdir():
        if path.is_file():
            data = path.read_bytes()
            assert secret not in data and secret[4:] not in data, path


def test_the_token_opens_its_account_and_records_its_use(store: Store, fast_hashing: None) -> None:
    alice = _add(store)
    plaintext, token = tokens.create_token(store.unit_of_work(), alice, "script", now=NOW)
    [listed] = tokens.list_tokens(store.unit_of_work(), alice, now=NOW)
    assert listed.last_used_at is None
    later = NOW + timedelta(days=40)  # tokens have no idle timeout
    found = tokens.account_for_token(store.unit_of_work(), plaintext, now=later)
    assert found.id == alice.id and found.username == "alice"
    [listed] = tokens.list_tokens(store.unit_of_work(), alice, now=NOW)
    assert listed.id == token.id and listed.last_used_at == later


@pytest.mark.parametrize("bad", ["", "mwk_", "mwk_nope", "not-a-token", "Bearer mwk_x"])
def test_unknown_tokens_are_unauthorized(store: Store, fast_hashing: None, bad: str) -> None:
    alice = _add(store)
    tokens.create_token(store.unit_of_work(), alice, "script", now=NOW)
    with pytest.raises(Unauthorized):
        tokens.account_for_token(store.unit_of_work(), bad, now=NOW)


def test_a_revoked_token_stops_working_at_once(store: Store, fast_hashing: None) -> None:
    alice = _add(store)
    plaintext, token = tokens.create_token(store.unit_of_work(), alice, "script", now=NOW)
    keep, _ = tokens.create_token(store.unit_of_work(), alice, "other", now=NOW)
    assert token.id is not None
    tokens.account_for_token(store.unit_of_work(), plaintext, now=NOW)
    tokens.revoke_token(store.unit_of_work(), alice, token.id, now=NOW)
    with pytest.raises(Unauthorized):
        tokens.account_for_token(store.unit_of_work(), plaintext, now=NOW)
    assert [t.name for t in tokens.list_tokens(store.unit_of_work(), alice, now=NOW)] == ["other"]
    assert tokens.account_for_token(store.unit_of_work(), keep, now=NOW).id == alice.id
    # A second revoke is NotFound: there is no such live token any more.
    with pytest.raises(NotFound):
        tokens.revoke_token(store.unit_of_work(), alice, token.id, now=NOW)


def test_only_the_owner_can_revoke_or_list(store: Store, fast_hashing: None) -> None:
    alice, bob = _add(store), _add(store, "bob")
    plaintext, token = tokens.create_token(store.unit_of_work(), alice, "script", now=NOW)
    assert token.id is not None
    with pytest.raises(NotFound):
        tokens.revoke_token(store.unit_of_work(), bob, token.id, now=NOW)
    assert tokens.list_tokens(store.unit_of_work(), bob, now=NOW) == []
    assert tokens.account_for_token(store.unit_of_work(), plaintext, now=NOW).id == alice.id


def test_a_disabled_account_cannot_use_its_tokens(store: Store, fast_hashing: None) -> None:
    alice = _add(store)
    plaintext, _ = tokens.create_token(store.unit_of_work(), alice, "script", now=NOW)
    acc.disable_account(store.unit_of_work(), "alice", now=NOW)
    with pytest.raises(Unauthorized):
        tokens.account_for_token(store.unit_of_work(), plaintext, now=NOW)


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_a_token_needs_a_name(store: Store, fast_hashing: None, name: str) -> None:
    alice = _add(store)
    with pytest.raises(ValidationError):
        tokens.create_token(store.unit_of_work(), alice, name, now=NOW)
    assert tokens.list_tokens(store.unit_of_work(), alice, now=NOW) == []


def test_making_and_revoking_are_audited(store: Store, fast_hashing: None) -> None:
    alice = _add(store)
    _, token = tokens.create_token(store.unit_of_work(), alice, "script", now=NOW)
    assert token.id is not None
    tokens.revoke_token(store.unit_of_work(), alice, token.id, now=NOW)
    assert _audit(store)[-2:] == [
        ("token.create", alice.id, f"token={token.id} days=90"),
        ("token.revoke", alice.id, f"token={token.id}"),
    ]


# --- lifetimes and revocation (issue 14, finding 5) ---------------------------------------


def test_a_token_expires_at_the_end_of_its_lifetime(store: Store, fast_hashing: None) -> None:
    alice = _add(store)
    plaintext, token = tokens.create_token(store.unit_of_work(), alice, "week", now=NOW, days=7)
    assert token.expires_at == NOW + timedelta(days=7)
    just_before = NOW + timedelta(days=7) - timedelta(seconds=1)
    assert tokens.account_for_token(store.unit_of_work(), plaintext, now=just_before).id == alice.id
    with pytest.raises(Unauthorized):
        tokens.account_for_token(store.unit_of_work(), plaintext, now=NOW + timedelta(days=7))
    assert tokens.list_tokens(store.unit_of_work(), alice, now=NOW + timedelta(days=7)) == []


def test_the_default_lifetime_is_ninety_days(store: Store, fast_hashing: None) -> None:
    alice = _add(store)
    _, token = tokens.create_token(store.unit_of_work(), alice, "script", now=NOW)
    [stored] = tokens.list_tokens(store.unit_of_work(), alice, now=NOW)
    assert token.expires_at == stored.expires_at == NOW + timedelta(days=90)


@pytest.mark.parametrize("days", [0, -1, 1, 91, 36500, True])
def test_there_is_no_other_lifetime(store: Store, fast_hashing: None, days: int) -> None:
    alice = _add(store)
    with pytest.raises(ValidationError, match="7, 30, 90, 365"):
        tokens.create_token(store.unit_of_work(), alice, "script", now=NOW, days=days)
    assert tokens.list_tokens(store.unit_of_work(), alice, now=NOW) == []


def test_a_token_never_makes_a_token(store: Store, fast_hashing: None) -> None:
    alice = _add(store)
    with pytest.raises(Forbidden):
        tokens.create_token(store.unit_of_work(), alice, "child", now=NOW, by_token=True)
    assert tokens.list_tokens(store.unit_of_work(), alice, now=NOW) == []


def _live_after(store: Store, plaintext: str) -> bool:
    try:
        tokens.account_for_token(store.unit_of_work(), plaintext, now=NOW)
    except Unauthorized:
        return False
    return True


def test_changing_the_password_revokes_every_token(store: Store, fast_hashing: None) -> None:
    alice, bob = _add(store), _add(store, "bob")
    first, _ = tokens.create_token(store.unit_of_work(), alice, "one", now=NOW)
    second, _ = tokens.create_token(store.unit_of_work(), alice, "two", now=NOW)
    bobs, _ = tokens.create_token(store.unit_of_work(), bob, "bob's", now=NOW)
    assert alice.id is not None
    acc.change_password(
        store.unit_of_work(),
        alice.id,
        personas.PASSWORD,
        "another fine passphrase",
        keep_token=None,
        now=NOW,
    )
    assert not _live_after(store, first) and not _live_after(store, second)
    assert tokens.list_tokens(store.unit_of_work(), alice, now=NOW) == []
    assert _live_after(store, bobs)


def test_a_refused_password_change_keeps_the_tokens(store: Store, fast_hashing: None) -> None:
    alice = _add(store)
    plaintext, _ = tokens.create_token(store.unit_of_work(), alice, "one", now=NOW)
    assert alice.id is not None
    with pytest.raises(Unauthorized):
        acc.change_password(
            store.unit_of_work(), alice.id, "not it at all", "x" * 20, keep_token=None, now=NOW
        )
    assert _live_after(store, plaintext)


def test_a_reset_revokes_every_token(store: Store, fast_hashing: None) -> None:
    alice = _add(store)
    plaintext, _ = tokens.create_token(store.unit_of_work(), alice, "one", now=NOW)
    acc.reset_password(store.unit_of_work(), "alice", "another fine passphrase", now=NOW)
    assert not _live_after(store, plaintext)
    assert tokens.list_tokens(store.unit_of_work(), alice, now=NOW) == []


def test_disabling_revokes_every_token_for_good(store: Store, fast_hashing: None) -> None:
    alice = _add(store)
    tokens.create_token(store.unit_of_work(), alice, "one", now=NOW)
    acc.disable_account(store.unit_of_work(), "alice", now=NOW)
    with store.unit_of_work() as uow:
        assert alice.id is not None
        assert all(t.revoked_at == NOW for t in uow.api_tokens.for_account(alice.id))


def test_a_token_from_before_lifetimes_expires_ninety_days_after_it_was_made(
    store: Store, fast_hashing: None
) -> None:
    alice = _add(store)
    plaintext, _ = tokens.create_token(store.unit_of_work(), alice, "old", now=NOW)
    # As schema 7 leaves a token made before it: no expiry, no name.
    sql = "UPDATE api_token SET expires_at = NULL, name_sealed = NULL"
    with store.unit_of_work() as uow:
        store.db.execute_sql(sql)
        uow.commit()
    [old] = tokens.list_tokens(store.unit_of_work(), alice, now=NOW)
    assert old.name == "" and tokens.expiry(old) == NOW + timedelta(days=90)
    later = NOW + timedelta(days=90)
    with pytest.raises(Unauthorized):
        tokens.account_for_token(store.unit_of_work(), plaintext, now=later)


def test_schema_7_clears_old_names_and_old_tokens_still_expire(
    db_url: str, key_file: Path, monkeypatch: pytest.MonkeyPatch, fast_hashing: None
) -> None:
    from midweek.storage import open_store
    from midweek.storage.migrations import runner

    # A database as the version before lifetimes left it: a token with a plain-text name.
    monkeypatch.setattr(runner, "MIGRATIONS", runner.MIGRATIONS[:5])
    monkeypatch.setattr(runner, "LATEST", 5)
    old = open_store(db_url, key_file)
    try:
        add_todays_tables(old)
        alice = _add(old)
        plaintext = tokens.PREFIX + "from-the-old-days"
        insert = (
            "INSERT INTO api_token (account_id, token_hash, name, created_at) "
            "VALUES (?, ?, 'Dr Smith sync', ?)"
        ).replace("?", old.db.param)
        with old.unit_of_work() as uow:
            old.db.execute_sql(insert, (alice.id, token_digest(plaintext), old.values.ts_out(NOW)))
            uow.commit()
        drop_todays_tables(old)
    finally:
        old.close()
    monkeypatch.undo()

    store = open_store(db_url, key_file)
    try:
        with store.unit_of_work() as uow:
            rows = store.db.execute_sql("SELECT name, name_sealed FROM api_token").fetchall()
        assert rows == [("", None)]
        [listed] = tokens.list_tokens(store.unit_of_work(), alice, now=NOW)
        assert listed.name == "" and tokens.expiry(listed) == NOW + timedelta(days=90)
        assert tokens.account_for_token(store.unit_of_work(), plaintext, now=NOW).id == alice.id
        with pytest.raises(Unauthorized):
            tokens.account_for_token(store.unit_of_work(), plaintext, now=NOW + timedelta(days=90))
    finally:
        store.close()


def test_one_digest_for_every_token_kind_matches_what_databases_already_store() -> None:
    # Sessions, API tokens and invitation codes written before the three hashers became one
    # are looked up by these exact digests: a change here would sign everyone out.
    assert token_digest("mwk_example") == (
        "347dc34025e8abaa915987a10702e3ca793e57a91f446c48e680b73d8c5939fe"
    )
    assert token_digest("ABCDE23456", purpose=b"midweek-invite\x00") == (
        "71b672747db8759daa267b32b396f6d85549fcbef726cad8b507d1e7a6546dfc"
    )
