"""dump() and load(): what `midweek backup` and `restore` are built on."""

from __future__ import annotations

import base64
import copy
import json
import os
from collections.abc import Callable
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest

from midweek.domain.entities import JournalEntry, Question
from midweek.domain.errors import BackupError
from midweek.storage import Store, open_store
from midweek.storage.migrations import LATEST

from .conftest import DATA_TABLES, T0, at, sql


def _dump(store: Store) -> dict[str, Any]:
    with store.unit_of_work() as uow:
        return uow.dump()


def test_dump_is_json_safe_and_complete(store: Store, seeded: Callable[..., Any]) -> None:
    items = seeded("dumped")
    data = _dump(store)
    assert json.loads(json.dumps(data)) == data
    assert data["schema_version"] == LATEST
    assert set(data["tables"]) == set(DATA_TABLES)
    assert all(len(rows) == 1 for rows in data["tables"].values())
    person = data["person"]
    assert set(person) == {"id", "uid", "wrapped_key", "created_at"}
    assert base64.b64decode(person["wrapped_key"])[0] == 1
    journal = data["tables"]["journal_entry"][0]
    assert journal["id"] == items["journal"].id
    assert journal["written_at"] == at(7).astimezone(UTC).isoformat()
    assert base64.b64decode(journal["text"])[0] == 1  # ciphertext, as stored
    assert journal["bring"] is True and journal["visibility"] == "shared"
    assert data["tables"]["therapy_session"][0]["session_date"] == "2024-03-08"


def test_dump_then_load_restores_exactly(store: Store, seeded: Callable[..., Any]) -> None:
    seeded("one")
    seeded("two")
    before = _dump(store)
    with store.unit_of_work() as uow:  # change everything afterwards
        uow.journal.add(JournalEntry(text="added later", written_at=at(500)))
        q = uow.questions.list()[0]
        q.text = "changed later"
        uow.questions.update(q)
        uow.commit()
    sql(store, "DELETE FROM safety_flag")
    assert _dump(store) != before
    with store.unit_of_work() as uow:
        uow.load(before)
        uow.commit()
    assert _dump(store) == before  # same ids, uids, ciphertext, timestamps
    with store.unit_of_work() as uow:
        assert [e.text for e in uow.journal.list()] == ["two journal", "one journal"]
        # Later inserts do not collide with restored ids (PostgreSQL sequences were reset).
        new = uow.journal.add(JournalEntry(text="after restore", written_at=at(600)))
        flag_ids = [f.id for f in uow.flags.list()]
        uow.commit()
    assert new.id is not None and new.id > max(r["id"] for r in before["tables"]["journal_entry"])
    assert len(flag_ids) == 2


def test_load_into_a_new_database_with_the_same_key_file(
    db_url: str, tmp_path: Path, key_file: Path, store_factory: Any, sqlite_url: str
) -> None:
    source = store_factory(str(tmp_path / "source.db"))
    with source.unit_of_work() as uow:
        uow.journal.add(JournalEntry(text="moved over", written_at=T0, tags=["x"]))
        uow.questions.add(Question(text="still open?", created_at=T0))
        uow.commit()
    data = _dump(source)
    target = store_factory(db_url)  # SQLite or PostgreSQL: backups move between them
    with target.unit_of_work() as uow:
        uow.journal.add(JournalEntry(text="replaced", written_at=T0))
        uow.commit()
    with target.unit_of_work() as uow:
        uow.load(data)
        uow.commit()
    with target.unit_of_work() as uow:
        assert [e.text for e in uow.journal.list()] == ["moved over"]
    assert _dump(target) == data
    target.close()
    reopened = store_factory(db_url)  # the restored person's key opens with the key file
    with reopened.unit_of_work() as uow:
        assert uow.questions.list()[0].text == "still open?"


def test_load_without_commit_changes_nothing(
    store: Store, seeded: Callable[..., Any], tmp_path: Path, store_factory: Any
) -> None:
    seeded("kept")
    before = _dump(store)
    other = store_factory(str(tmp_path / "other.db"))
    with other.unit_of_work() as uow:
        uow.journal.add(JournalEntry(text="other", written_at=T0))
        uow.commit()
    foreign = _dump(other)
    with store.unit_of_work() as uow:
        uow.load(foreign)
        assert [e.text for e in uow.journal.list()] == ["other"]
    assert _dump(store) == before
    with store.unit_of_work() as uow:  # and the store still uses its own key
        assert uow.journal.list()[0].text == "kept journal"


def test_a_backup_made_with_another_key_file(
    store: Store, seeded: Callable[..., Any], tmp_path: Path, store_factory: Any
) -> None:
    seeded("kept")
    before = _dump(store)
    stranger = store_factory(str(tmp_path / "stranger.db"), tmp_path / "stranger.key")
    with stranger.unit_of_work() as uow:
        uow.journal.add(JournalEntry(text="not yours", written_at=T0))
        uow.commit()
    data = _dump(stranger)
    with store.unit_of_work() as uow, pytest.raises(BackupError, match="different encryption key"):
        uow.load(data)
    assert _dump(store) == before


def _swap_ciphertext(d: dict[str, Any]) -> None:
    rows = d["tables"]["journal_entry"]
    rows[0]["text"], rows[1]["text"] = rows[1]["text"], rows[0]["text"]


def _set(table: str, column: str, value: Any, index: int = 0) -> Callable[[dict[str, Any]], None]:
    def change(d: dict[str, Any]) -> None:
        d["tables"][table][index][column] = value

    return change


DAMAGE: dict[str, Callable[[dict[str, Any]], Any]] = {
    "not a mapping": lambda d: [],
    "missing tables": lambda d: {k: v for k, v in d.items() if k != "tables"},
    "extra key": lambda d: {**d, "extra": 1},
    "unknown table": lambda d: d["tables"].update(invoices=[]),
    "missing table": lambda d: d["tables"].pop("question"),
    "table not a list": lambda d: d["tables"].update(question={}),
    "row not a mapping": lambda d: d["tables"]["question"].append("x"),
    "missing column": lambda d: d["tables"]["journal_entry"][0].pop("mood"),
    "extra column": _set("journal_entry", "colour", "red"),
    "bad base64": _set("journal_entry", "text", "***not base64***"),
    "text where number": _set("journal_entry", "mood", "6"),
    "bool where number": _set("goal", "importance", True),
    "number where bool": _set("journal_entry", "bring", 1),
    "naive timestamp": _set("journal_entry", "written_at", "2024-03-10T09:30:15"),
    "bad date": _set("therapy_session", "session_date", "2024-02-30"),
    "unknown enum": _set("goal", "status", "abandoned"),
    "null in required": _set("journal_entry", "text", None),
    "bad plain json": _set("checkin", "answers", "[1, 2"),
    "duplicate id": lambda d: d["tables"]["journal_entry"].__setitem__(
        1, {**d["tables"]["journal_entry"][1], "id": d["tables"]["journal_entry"][0]["id"]}
    ),
    "duplicate uid": lambda d: d["tables"]["journal_entry"].__setitem__(
        1, {**d["tables"]["journal_entry"][1], "uid": d["tables"]["journal_entry"][0]["uid"]}
    ),
    "dangling link": _set("practice_log", "assignment_id", 9999),
    "other person's row": _set("journal_entry", "person_id", 9999),
    "ciphertext moved": _swap_ciphertext,
    "ciphertext truncated": lambda d: _set(
        "journal_entry", "text", d["tables"]["journal_entry"][0]["text"][:-8]
    )(d),
    "person uid changed": lambda d: d["person"].update(uid="0" * 32),
    "person missing": lambda d: d.update(person=None),
    "schema version text": lambda d: d.update(schema_version="1"),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_dump_is_refused_and_changes_nothing(
    store: Store, seeded: Callable[..., Any], damage: str
) -> None:
    seeded("a")
    seeded("b")
    before = _dump(store)
    damaged = copy.deepcopy(before)
    result = DAMAGE[damage](damaged)
    if result is not None:
        damaged = result
    with store.unit_of_work() as uow:
        with pytest.raises(BackupError) as caught:
            uow.load(damaged)
        # Still usable inside the same transaction, and nothing changed.
        assert len(uow.journal.list()) == 2
        uow.commit()
    assert _dump(store) == before
    message = str(caught.value)
    assert message.endswith("nothing was restored.") or "key file" in message, message


@pytest.mark.parametrize(("version", "words"), [(LATEST + 1, "newer version"), (0, "older")])
def test_a_dump_from_another_schema_version(store: Store, version: int, words: str) -> None:
    data = _dump(store)
    data["schema_version"] = version
    with store.unit_of_work() as uow, pytest.raises(BackupError, match=words):
        uow.load(data)


def test_backup_bytes_hold_no_plaintext(sqlite_store: Store) -> None:
    phrase = "backup-canary-" + os.urandom(8).hex()
    with sqlite_store.unit_of_work() as uow:
        uow.journal.add(JournalEntry(text=phrase, written_at=T0, tags=[phrase], prompt=phrase))
        uow.questions.add(Question(text=phrase, created_at=T0))
        uow.commit()
    raw = json.dumps(_dump(sqlite_store)).encode()
    assert phrase.encode() not in raw
    with sqlite_store.unit_of_work() as uow:  # while the store still reads it back
        assert uow.journal.list()[0].text == phrase


def test_dump_and_load_keep_the_person_row(store: Store, key_file: Path, db_url: str) -> None:
    data = _dump(store)
    (person_id, uid) = sql(store, "SELECT id, uid FROM person")[0]
    assert data["person"]["id"] == person_id and data["person"]["uid"] == uid
    with store.unit_of_work() as uow:
        uow.load(data)
        uow.commit()
    assert sql(store, "SELECT id, uid FROM person")[0] == (person_id, uid)
    store.close()
    open_store(db_url, key_file).close()
