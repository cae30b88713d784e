"""The trash: deleted rows wait encrypted, come back exactly, are purged, are not backed up."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from midweek.domain.corrections import TRASH_KEEP, RecordKind
from midweek.storage import Store

from .conftest import add_all, full_entities, sql
from .test_storage_encryption import _assert_absent

#: Near the wall clock: every commit forgets deletions older than a day by the wall clock.
NOW = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)


def test_a_deleted_row_waits_as_ciphertext_and_comes_back_exactly(
    sqlite_store: Store, sqlite_url: str
) -> None:
    phrase = f"canary-{uuid.uuid4().hex}"
    with sqlite_store.unit_of_work() as uow:
        items = add_all(uow, full_entities(phrase))
        uow.commit()
    entry_id = items["journal"].id
    with sqlite_store.unit_of_work() as uow:
        uow.trash.put(RecordKind.JOURNAL, entry_id, now=NOW)
        uow.commit()
    assert sql(sqlite_store, "SELECT id FROM journal_entry") == []
    (payload,) = sql(sqlite_store, "SELECT payload FROM trash")[0]
    assert isinstance(payload, bytes) and payload[0] == 1
    _assert_absent(phrase, payload, "the trash payload")
    sqlite_store.close()
    for path in (Path(sqlite_url), Path(sqlite_url + "-wal")):
        if path.exists():
            _assert_absent(phrase, path.read_bytes(), path.name)


def test_restore_puts_back_the_same_row(store: Store) -> None:
    with store.unit_of_work() as uow:
        items = add_all(uow, full_entities("x"))
        uow.commit()
    entry_id = items["journal"].id
    before = sql(store, "SELECT * FROM journal_entry WHERE id = ?", (entry_id,))
    with store.unit_of_work() as uow:
        item = uow.trash.put(RecordKind.JOURNAL, entry_id, now=NOW)
        uow.commit()
    with store.unit_of_work() as uow:
        assert uow.trash.latest() == item
        uow.trash.restore(item.id)  # type: ignore[arg-type]
        uow.commit()
    assert sql(store, "SELECT * FROM journal_entry WHERE id = ?", (entry_id,)) == before
    with store.unit_of_work() as uow:
        assert uow.journal.get(entry_id).text == items["journal"].text
        assert uow.trash.list() == []


def test_trash_is_not_in_a_backup_and_a_restore_empties_it(store: Store) -> None:
    with store.unit_of_work() as uow:
        items = add_all(uow, full_entities("x"))
        uow.commit()
    with store.unit_of_work() as uow:
        dumped = uow.dump()
        uow.trash.put(RecordKind.QUESTION, items["question"].id, now=NOW)
        uow.commit()
    with store.unit_of_work() as uow:
        assert "trash" not in uow.dump()["tables"]
        uow.load(dumped)
        uow.commit()
    with store.unit_of_work() as uow:
        assert uow.trash.list() == []
        assert uow.questions.get(items["question"].id).text == items["question"].text


def test_purge_forgets_old_deletions_of_everyone(store: Store) -> None:
    with store.unit_of_work() as uow:
        items = add_all(uow, full_entities("x"))
        uow.trash.put(RecordKind.QUESTION, items["question"].id, now=NOW - TRASH_KEEP * 2)
        uow.trash.put(RecordKind.JOURNAL, items["journal"].id, now=NOW)
        assert uow.trash.purge(NOW - TRASH_KEEP) == 1
        assert [i.kind for i in uow.trash.list()] == [RecordKind.JOURNAL]


def test_any_write_forgets_deletions_older_than_a_day(store: Store) -> None:
    with store.unit_of_work() as uow:
        items = add_all(uow, full_entities("x"))
        uow.trash.put(RecordKind.QUESTION, items["question"].id, now=NOW - TRASH_KEEP * 2)
        uow.trash.put(RecordKind.JOURNAL, items["journal"].id, now=NOW)
        uow.commit()
    other = store.create_person()  # someone else's write, not even a deletion
    assert other
    with store.unit_of_work() as uow:
        assert [i.kind for i in uow.trash.list()] == [RecordKind.JOURNAL]


def test_a_store_keeps_time_by_its_own_clock(
    db_url: str, store_factory: Callable[..., Store]
) -> None:
    """A deletion is stamped, kept and forgotten by one clock: the store's (a fixed one in the
    web tests), never the machine's. Here the clock is a year behind the wall clock."""
    moment = [NOW - timedelta(days=365)]
    fixed = store_factory(db_url, clock=lambda: moment[0])
    with fixed.unit_of_work() as uow:
        items = add_all(uow, full_entities("x"))
        uow.trash.put(RecordKind.JOURNAL, items["journal"].id, now=moment[0])
        uow.commit()  # by the wall clock this deletion is a year old
    with fixed.unit_of_work() as uow:
        assert [i.kind for i in uow.trash.list()] == [RecordKind.JOURNAL]
    moment[0] += TRASH_KEEP + timedelta(minutes=1)
    fixed.create_person()  # any write, a day later by the store's clock
    with fixed.unit_of_work() as uow:
        assert uow.trash.list() == []
    # A caller with its own clock (the web app's) overrides the store's for its unit of work.
    with fixed.unit_of_work() as uow:
        uow.trash.put(RecordKind.QUESTION, items["question"].id, now=NOW)
        uow.commit()
    with fixed.unit_of_work(clock=lambda: NOW) as uow:
        uow.commit()
        assert [i.kind for i in uow.trash.list()] == [RecordKind.QUESTION]
