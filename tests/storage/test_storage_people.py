"""Several people in one store (a server), and the server's own tables, on both backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from midweek.domain.accounts import Account, AuditEvent, Role, WebSession
from midweek.domain.errors import BackupError, EncryptionKeyError, NotFound
from midweek.storage import Store

from .conftest import DATA_TABLES, REPO_OF, add_all, full_entities, sql

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def _seed(store: Store, person_id: int | None, text: str) -> dict[str, Any]:
    with store.unit_of_work(person_id) as uow:
        items = add_all(uow, full_entities(text))
        uow.commit()
    return items


def _texts(store: Store, person_id: int | None) -> set[str]:
    with store.unit_of_work(person_id) as uow:
        found = {e.text for e in uow.journal.list()} | {g.text for g in uow.goals.list()}
        found |= {q.text for q in uow.questions.list()}
        found |= {a.title for a in uow.homework.list()}
        found |= {n for s in uow.sessions.list() for n in s.takeaways}
        found |= {p.note or "" for p in uow.practice.list()}
        found |= {b.note or "" for b in uow.barriers.list()}
        found |= {c.note or "" for c in uow.checkins.list()}
        found |= {f.detail or "" for f in uow.flags.list()}
        plan = uow.safety_plan.current()
        found |= set(plan.coping) if plan else set()
        assert len(uow.windows.list()) == 1 and len(uow.preferences.list()) == 1
    return found - {""}


def test_two_people_never_see_each_others_rows(store: Store) -> None:
    other = store.create_person()
    assert other != store.default_person_id
    mine = _seed(store, None, "mine")
    theirs = _seed(store, other, "theirs")
    assert _texts(store, None) and all("mine" in t or "Ü" in t for t in _texts(store, None))
    assert all("theirs" in t or "Ü" in t for t in _texts(store, other))
    # A get of the other person's id is NotFound, for every repository.
    with store.unit_of_work(other) as uow:
        for name, repo in REPO_OF.items():
            with pytest.raises(NotFound):
                getattr(uow, repo).get(mine[name].id)
            assert getattr(uow, repo).get(theirs[name].id).id == theirs[name].id
        assert uow.journal.count() == 1
        with pytest.raises(NotFound):
            uow.windows.remove(mine["window"].id)
        entry = mine["journal"]
        with pytest.raises(NotFound):
            uow.journal.update(entry)
        assert uow.practice.before([mine["assignment"].id], NOW) == {}
    with store.unit_of_work() as uow:
        assert uow.person_id == store.default_person_id
        assert uow.journal.get(mine["journal"].id).text == "mine journal"


def test_each_person_has_their_own_data_key(store: Store) -> None:
    other = store.create_person()
    _seed(store, None, "mine")
    _seed(store, other, "theirs")
    keys = sql(store, "SELECT wrapped_key FROM person ORDER BY id")
    assert len(keys) == 2 and bytes(keys[0][0]) != bytes(keys[1][0])
    assert store.cipher_for(other) is not store.cipher_for(store.default_person_id)


def test_an_unknown_person_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound), store.unit_of_work(987654):
        pass
    with store.unit_of_work() as uow:  # the failed enter left no transaction open
        assert uow.journal.list() == []


def test_a_new_store_object_unwraps_a_person_lazily(
    db_url: str, store_factory: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from midweek.storage import crypto

    first = store_factory(db_url)
    other = first.create_person()
    _seed(first, other, "theirs")
    (other_uid,) = sql(first, "SELECT uid FROM person WHERE id = ?", (other,))[0]
    first.close()
    unwrapped: list[str] = []
    real_unwrap = crypto.unwrap_data_key

    def counting_unwrap(kek: bytes, wrapped: bytes, person_uid: str) -> bytes | None:
        unwrapped.append(person_uid)
        return real_unwrap(kek, wrapped, person_uid)

    monkeypatch.setattr(crypto, "unwrap_data_key", counting_unwrap)
    again = store_factory(db_url)
    assert other_uid not in unwrapped  # opening unwraps the default person's key only
    assert "theirs journal" in _texts(again, other)
    assert "theirs journal" in _texts(again, other)
    assert unwrapped.count(other_uid) == 1  # on first use, then kept


def test_a_dump_holds_one_person_and_restores_over_them(store: Store) -> None:
    other = store.create_person()
    _seed(store, None, "mine")
    _seed(store, other, "theirs")
    with store.unit_of_work(other) as uow:
        dumped = uow.dump()
    assert dumped["person"]["id"] == other
    assert set(dumped["tables"]) == set(DATA_TABLES)  # no accounts, sessions or audit
    assert all(len(rows) == 1 for rows in dumped["tables"].values())
    with store.unit_of_work(other) as uow:
        uow.load(dumped)
        uow.commit()
    assert "theirs journal" in _texts(store, other)
    assert "mine journal" in _texts(store, None)
    # One person's backup does not restore over another person in the same store.
    with store.unit_of_work() as uow, pytest.raises(BackupError):
        uow.load(dumped)


def test_a_clients_data_is_not_replaced_by_someone_elses_backup(
    store: Store, store_factory: Any, tmp_path: Path, key_file: Path
) -> None:
    other = store.create_person()
    with store.unit_of_work() as uow:
        uow.accounts.add(_account("client", person_id=other))
        uow.commit()
    elsewhere = store_factory(str(tmp_path / "elsewhere.db"))
    _seed(elsewhere, None, "elsewhere")
    with elsewhere.unit_of_work() as uow:
        foreign = uow.dump()
    foreign["person"]["id"] = other + 1000
    with store.unit_of_work(other) as uow, pytest.raises(BackupError):
        uow.load(foreign)


def test_a_person_key_that_does_not_open(store: Store) -> None:
    other = store.create_person()
    sql(store, "UPDATE person SET uid = 'ffff' WHERE id = ?", (other,))  # the key is bound to it
    with pytest.raises(EncryptionKeyError), store.unit_of_work(other):
        pass


# --- the server's tables ------------------------------------------------------------------


def _account(name: str, *, person_id: int | None = None, role: Role = Role.CLIENT) -> Account:
    return Account(
        username=name,
        password_hash="$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
        role=role,
        person_id=person_id,
        created_at=NOW,
        password_changed_at=NOW,
    )


def test_accounts_round_trip_and_stay_unique(store: Store) -> None:
    person = store.create_person()
    with store.unit_of_work() as uow:
        a = uow.accounts.add(_account("alice", person_id=person))
        b = uow.accounts.add(_account("bob", role=Role.THERAPIST))
        uow.commit()
    with store.unit_of_work() as uow:
        assert uow.accounts.get(a.id) == a
        assert uow.accounts.by_username("bob") == b
        assert uow.accounts.by_username("carol") is None
        assert [x.username for x in uow.accounts.list()] == ["alice", "bob"]
        b.disabled_at = NOW + timedelta(hours=1)
        uow.accounts.update(b)
        assert uow.accounts.get(b.id).disabled
        with pytest.raises(NotFound):
            uow.accounts.get(999)
    with pytest.raises(Exception, match="refused"), store.unit_of_work() as uow:
        uow.accounts.add(_account("alice"))


def test_web_sessions_end_and_failures_count(store: Store) -> None:
    with store.unit_of_work() as uow:
        a = uow.accounts.add(_account("alice"))
        for ident in ("s1", "s2", "s3"):
            uow.web_sessions.add(WebSession(ident, a.id, NOW, NOW, NOW + timedelta(hours=12)))
        uow.web_sessions.touch("s1", NOW + timedelta(minutes=5))
        uow.web_sessions.end("s2", NOW + timedelta(minutes=6))
        assert uow.web_sessions.end_all(a.id, NOW + timedelta(minutes=7), keep="s1") == 1
        s1, s2, s3 = (uow.web_sessions.get(i) for i in ("s1", "s2", "s3"))
        assert s1.last_seen_at == NOW + timedelta(minutes=5) and s1.ended_at is None
        assert s2.ended_at == NOW + timedelta(minutes=6)
        assert s3.ended_at == NOW + timedelta(minutes=7)
        assert uow.web_sessions.get("nope") is None
        for minutes in (0, 10, 20):
            uow.login_failures.add("account:alice", NOW + timedelta(minutes=minutes))
        uow.login_failures.add("address:10.0.0.1", NOW)
        assert uow.login_failures.since("account:alice", NOW + timedelta(minutes=10)) == [
            NOW + timedelta(minutes=10),
            NOW + timedelta(minutes=20),
        ]
        uow.login_failures.prune(NOW + timedelta(minutes=5))
        assert len(uow.login_failures.since("account:alice", NOW)) == 2
        assert uow.login_failures.since("address:10.0.0.1", NOW) == []
        uow.login_failures.clear("account:alice")
        assert uow.login_failures.since("account:alice", NOW) == []
        uow.audit.add(AuditEvent(at=NOW, action="login.success", actor_account_id=a.id))
        uow.audit.add(AuditEvent(at=NOW + timedelta(seconds=1), action="logout"))
        assert [e.action for e in uow.audit.list()] == ["logout", "login.success"]
        assert uow.audit.list(limit=1)[0].action == "logout"
