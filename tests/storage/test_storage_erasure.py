"""erase_person(): the data key first, then every row; nothing left in the files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from midweek.domain.entities import JournalEntry
from midweek.domain.errors import BackupError
from midweek.storage import Store

from .conftest import DATA_TABLES, at, sql


def _second_person(store: Store, text: str) -> int:
    person = store.create_person()
    with store.unit_of_work(person) as uow:
        uow.journal.add(JournalEntry(text=text, written_at=at(3)))
        uow.commit()
    return person


def _rows(store: Store, table: str, person: int) -> int:
    return int(sql(store, f"SELECT count(*) FROM {table} WHERE person_id = ?", (person,))[0][0])


def test_erasure_removes_every_row_and_leaves_others_alone(
    store: Store, seeded: Callable[..., Any]
) -> None:
    seeded("kept")
    gone = _second_person(store, "to be erased")
    dumped_before = None
    with store.unit_of_work(gone) as uow:
        dumped_before = uow.dump()
        uow.erase_person()
        uow.commit()
    assert sql(store, "SELECT count(*) FROM person WHERE id = ?", (gone,))[0][0] == 0
    assert all(_rows(store, table, gone) == 0 for table in DATA_TABLES)
    assert sql(store, "SELECT count(*) FROM erasure")[0][0] == 1
    # The other person is whole and still opens.
    with store.unit_of_work() as uow:
        assert [e.text for e in uow.journal.list()] == ["kept journal"]
    # A backup of the erased person is refused, even into a new person on the same key.
    fresh = store.create_person()
    with store.unit_of_work(fresh) as uow, pytest.raises(BackupError, match="erased"):
        uow.load(dumped_before)


def test_an_erasure_not_committed_never_happened(store: Store) -> None:
    person = _second_person(store, "still here")
    with store.unit_of_work(person) as uow:
        uow.erase_person()
    with store.unit_of_work(person) as uow:
        assert [e.text for e in uow.journal.list()] == ["still here"]
    assert sql(store, "SELECT count(*) FROM erasure")[0][0] == 0


def test_no_byte_of_the_key_or_the_text_stays_in_the_sqlite_files(
    sqlite_url: str, store_factory: Callable[..., Store]
) -> None:
    store = store_factory(sqlite_url)
    _second_person(store, "kept by someone else")
    gone = _second_person(store, "a sentence that must leave no trace " * 20)
    key, blob = sql(
        store,
        "SELECT p.wrapped_key, j.text FROM person p JOIN journal_entry j ON j.person_id = p.id "
        "WHERE p.id = ?",
        (gone,),
    )[0]
    key, blob = bytes(key), bytes(blob)
    path = Path(store.location)

    def on_disk() -> bytes:
        return b"".join(
            Path(str(path) + s).read_bytes() for s in ("", "-wal") if Path(str(path) + s).exists()
        )

    assert key in on_disk() and blob[20:60] in on_disk()  # the test can see them at all
    with store.unit_of_work(gone) as uow:
        uow.erase_person()
        uow.commit()
    written = on_disk()
    assert key not in written
    assert blob[20:60] not in written
