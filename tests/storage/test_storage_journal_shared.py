"""JournalRepo.shared: entries marked shared when written, or chosen by id; newest first."""

from __future__ import annotations

from midweek.domain.entities import JournalEntry, Visibility
from midweek.storage import Store

from .conftest import at


def test_marked_or_chosen_entries_newest_first_and_bounded(store: Store) -> None:
    with store.unit_of_work() as uow:
        uow.journal.add(JournalEntry(text="marked", written_at=at(1), visibility=Visibility.SHARED))
        chosen = uow.journal.add(JournalEntry(text="chosen", written_at=at(2)))
        uow.journal.add(JournalEntry(text="private", written_at=at(3)))
        uow.commit()
    assert chosen.id is not None
    with store.unit_of_work() as uow:
        assert [e.text for e in uow.journal.shared([chosen.id])] == ["chosen", "marked"]
        assert [e.text for e in uow.journal.shared([])] == ["marked"]
        assert [e.text for e in uow.journal.shared([chosen.id], limit=1)] == ["chosen"]
