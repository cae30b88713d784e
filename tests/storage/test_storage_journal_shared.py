"""JournalRepo.shared: the entries chosen by id, newest first — the "shared" mark an entry
was written with is not a share (a share belongs to one therapist link)."""

from __future__ import annotations

from midweek.domain.entities import JournalEntry, Visibility
from midweek.storage import Store

from .conftest import at


def test_chosen_entries_newest_first_and_bounded_and_the_mark_is_no_share(store: Store) -> None:
    with store.unit_of_work() as uow:
        uow.journal.add(JournalEntry(text="marked", written_at=at(1), visibility=Visibility.SHARED))
        chosen = uow.journal.add(JournalEntry(text="chosen", written_at=at(2)))
        uow.journal.add(JournalEntry(text="private", written_at=at(3)))
        uow.commit()
    assert chosen.id is not None
    with store.unit_of_work() as uow:
        assert [e.text for e in uow.journal.shared([chosen.id])] == ["chosen"]
        assert uow.journal.shared([]) == []
        every = [e.id for e in uow.journal.list()]
        assert [e.text for e in uow.journal.shared(every)] == ["private", "chosen", "marked"]
        assert [e.text for e in uow.journal.shared(every, limit=1)] == ["private"]
