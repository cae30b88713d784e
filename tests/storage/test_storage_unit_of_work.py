"""The unit of work: all or nothing, and database errors as one clear sentence."""

from __future__ import annotations

import pytest

from midweek.domain.entities import JournalEntry, Outcome, PracticeLog, Question
from midweek.domain.errors import NotFound, StorageError
from midweek.storage import Store

from .conftest import T0, at


def _count(store: Store) -> int:
    with store.unit_of_work() as uow:
        return uow.journal.count()


def test_commit_makes_work_durable_across_stores(store: Store, db_url: str, store_factory) -> None:
    with store.unit_of_work() as uow:
        uow.journal.add(JournalEntry(text="kept", written_at=T0))
        uow.commit()
    other = store_factory(db_url)  # a second connection sees it
    with other.unit_of_work() as uow:
        assert [e.text for e in uow.journal.list()] == ["kept"]


def test_leaving_without_commit_rolls_back(store: Store) -> None:
    with store.unit_of_work() as uow:
        uow.journal.add(JournalEntry(text="dropped", written_at=T0))
        uow.questions.add(Question(text="dropped", created_at=T0))
        assert uow.journal.count() == 1  # visible inside the transaction
    assert _count(store) == 0
    with store.unit_of_work() as uow:
        assert uow.questions.list() == []


def test_an_exception_rolls_back_and_propagates(store: Store) -> None:
    class Boom(Exception):
        pass

    with pytest.raises(Boom), store.unit_of_work() as uow:
        uow.journal.add(JournalEntry(text="dropped", written_at=T0))
        raise Boom
    assert _count(store) == 0


def test_domain_errors_pass_through_unchanged(store: Store) -> None:
    with pytest.raises(NotFound), store.unit_of_work() as uow:
        uow.journal.add(JournalEntry(text="dropped", written_at=T0))
        uow.questions.get(12345)
    assert _count(store) == 0


def test_work_after_commit_needs_its_own_commit(store: Store) -> None:
    with store.unit_of_work() as uow:
        uow.journal.add(JournalEntry(text="first", written_at=at(1)))
        uow.commit()
        uow.journal.add(JournalEntry(text="second", written_at=at(2)))
    with store.unit_of_work() as uow:
        assert [e.text for e in uow.journal.list()] == ["first"]


def test_a_database_error_becomes_a_storage_error_and_nothing_is_written(store: Store) -> None:
    refused = pytest.raises(StorageError, match="nothing was saved")
    with refused as caught, store.unit_of_work() as uow:
        uow.journal.add(JournalEntry(text="dropped", written_at=T0))
        # No assignment 999: the foreign key refuses the row.
        uow.practice.add(PracticeLog(assignment_id=999, at=T0, outcome=Outcome.DONE))
    assert "Traceback" not in str(caught.value)
    assert _count(store) == 0
    # The store is still usable afterwards.
    with store.unit_of_work() as uow:
        uow.journal.add(JournalEntry(text="kept", written_at=T0))
        uow.commit()
    assert _count(store) == 1


def test_each_call_gives_a_fresh_unit_of_work(store: Store) -> None:
    first, second = store.unit_of_work(), store.unit_of_work()
    assert first is not second
    with first:
        first.journal.add(JournalEntry(text="a", written_at=T0))
        first.commit()
    with first:  # re-entering after exit starts a new transaction
        assert first.journal.count() == 1


def test_misuse_is_a_programming_error(store: Store) -> None:
    uow = store.unit_of_work()
    with pytest.raises(RuntimeError):
        uow.commit()
    with pytest.raises(RuntimeError):
        uow.dump()
    with uow, pytest.raises(RuntimeError), uow:
        pass
    with uow, pytest.raises(RuntimeError), store.unit_of_work():
        pass


def test_entering_takes_the_sqlite_write_lock_at_once(sqlite_url: str, store_factory) -> None:
    """A use case never fails half-way for a lock: it waits (or fails) when it begins."""
    first = store_factory(sqlite_url)
    second = store_factory(sqlite_url, busy_timeout_ms=50)
    with first.unit_of_work(), pytest.raises(StorageError, match="busy"), second.unit_of_work():
        pass  # pragma: no cover - entering already fails
    with second.unit_of_work() as uow:  # free again
        assert uow.journal.count() == 0


def test_closing_a_store(store: Store) -> None:
    store.close()
    store.close()  # twice is fine
    with pytest.raises(RuntimeError):
        store.unit_of_work()
