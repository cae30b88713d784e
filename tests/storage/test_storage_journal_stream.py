"""iter_newest_first streams: a search that stops early reads and decrypts little."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

import pytest

from midweek.domain.entities import JournalEntry
from midweek.storage import Store
from midweek.storage.crypto import Cipher
from midweek.storage.repositories import SqlJournalRepo

from .conftest import T0, at


def _fill(store: Store, n: int, *, same_time_every: int = 1) -> list[JournalEntry]:
    """``n`` entries; each group of ``same_time_every`` shares one timestamp (ties)."""
    with store.unit_of_work() as uow:
        entries = [
            uow.journal.add(
                JournalEntry(
                    text=f"entry {i}",
                    written_at=at(i // same_time_every),
                    tags=[f"t{i % 3}"],
                    prompt=None if i % 2 else f"prompt {i}",
                )
            )
            for i in range(n)
        ]
        uow.commit()
    return entries


def _expected_order(entries: list[JournalEntry]) -> list[int]:
    ordered = sorted(entries, key=lambda e: (e.written_at, e.id), reverse=True)
    return [e.id for e in ordered]  # type: ignore[misc]


class _Spy:
    def __init__(self, monkeypatch: pytest.MonkeyPatch, store: Store) -> None:
        self.selects = 0
        self.decrypts = 0
        original = Cipher.decrypt
        db = store.db
        original_execute = type(db).execute

        def decrypt(cipher: Cipher, *args: Any) -> str:
            self.decrypts += 1
            return original(cipher, *args)

        def execute(this: Any, query: Any, **kwargs: Any) -> Any:
            if this is db and "journal_entry" in str(query):
                self.selects += 1
            return original_execute(this, query, **kwargs)

        monkeypatch.setattr(Cipher, "decrypt", decrypt)
        monkeypatch.setattr(type(db), "execute", execute)


def test_stopping_early_reads_one_small_chunk(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(store, 400)
    spy = _Spy(monkeypatch, store)
    with store.unit_of_work() as uow:
        stream = uow.journal.iter_newest_first()
        assert spy.selects == 0  # nothing happens until the first entry is asked for
        first = list(itertools.islice(stream, 3))
    assert [e.text for e in first] == ["entry 399", "entry 398", "entry 397"]
    assert spy.selects == 1
    # text + tags (+ prompt on every other entry) for just the three entries taken
    assert spy.decrypts <= 3 * 3
    assert SqlJournalRepo.CHUNKS[0] < 400


@pytest.mark.parametrize("same_time_every", [1, 7, 50])
def test_full_stream_is_complete_and_ordered_across_chunks(
    store: Store, same_time_every: int
) -> None:
    entries = _fill(store, 300, same_time_every=same_time_every)
    with store.unit_of_work() as uow:
        streamed = list(uow.journal.iter_newest_first())
        listed = uow.journal.list()
    assert [e.id for e in streamed] == _expected_order(entries)
    assert streamed == listed
    assert len({e.id for e in streamed}) == 300


def test_stream_since(store: Store) -> None:
    _fill(store, 100)
    with store.unit_of_work() as uow:
        recent = list(uow.journal.iter_newest_first(since=at(60)))
    assert [e.text for e in recent] == [f"entry {i}" for i in range(99, 59, -1)]


def test_stream_of_an_empty_journal(store: Store) -> None:
    with store.unit_of_work() as uow:
        assert list(uow.journal.iter_newest_first()) == []
        assert list(uow.journal.iter_newest_first(since=T0 - timedelta(days=1))) == []
