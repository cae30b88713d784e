"""Personal access tokens against a real store (SQLite and PostgreSQL): made once, stored
only as a hash, revocable, refused for disabled accounts, audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from midweek.domain.accounts import Account
from midweek.domain.errors import NotFound, Unauthorized, ValidationError
from midweek.services import accounts as acc
from midweek.services import tokens
from midweek.storage import Store

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
GOOD = "correct horse battery staple"


def _add(store: Store, name: str = "alice", role: str = "client") -> Account:
    return acc.create_account(store.unit_of_work(), name, GOOD, role, NOW)


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
    assert token.token_hash == tokens.token_hash(plaintext) and len(token.token_hash) == 64
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
    [listed] = tokens.list_tokens(store.unit_of_work(), alice)
    assert listed.last_used_at is None
    later = NOW + timedelta(days=40)  # tokens have no idle timeout
    found = tokens.account_for_token(store.unit_of_work(), plaintext, now=later)
    assert found.id == alice.id and found.username == "alice"
    [listed] = tokens.list_tokens(store.unit_of_work(), alice)
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
    assert [t.name for t in tokens.list_tokens(store.unit_of_work(), alice)] == ["other"]
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
    assert tokens.list_tokens(store.unit_of_work(), bob) == []
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
    assert tokens.list_tokens(store.unit_of_work(), alice) == []


def test_making_and_revoking_are_audited(store: Store, fast_hashing: None) -> None:
    alice = _add(store)
    _, token = tokens.create_token(store.unit_of_work(), alice, "script", now=NOW)
    assert token.id is not None
    tokens.revoke_token(store.unit_of_work(), alice, token.id, now=NOW)
    assert _audit(store)[-2:] == [
        ("token.create", alice.id, f"token={token.id}"),
        ("token.revoke", alice.id, f"token={token.id}"),
    ]
