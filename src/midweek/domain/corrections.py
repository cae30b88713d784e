"""Correcting and deleting what a person wrote: the kinds of record, and a deleted one.

A deleted record waits in the trash (encrypted as it was stored) for a short time, so
"Undo" can bring it back with the same id; after that it is gone for good.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

#: How long a deleted record can be brought back (then the trash is purged).
TRASH_KEEP = timedelta(days=1)
#: How long the web app offers "Deleted. Undo" after a delete.
UNDO_OFFER = timedelta(minutes=5)


class RecordKind(StrEnum):
    """The records a person writes and may correct or delete."""

    PRACTICE = "practice"  # a practice log
    JOURNAL = "journal"
    CHECKIN = "checkin"
    QUESTION = "question"
    BARRIER = "barrier"
    WORKSHEET = "worksheet"  # a practice log with worksheet answers
    SESSION = "session"  # session notes and takeaways
    GOAL = "goal"
    WINDOW = "window"  # a time window of the weekly plan


@dataclass
class TrashItem:
    """One deleted record: what it was (kind and id) and when it was deleted."""

    kind: RecordKind
    item_id: int
    deleted_at: datetime
    id: int | None = None

    def undoable(self, now: datetime) -> bool:
        return now - self.deleted_at < TRASH_KEEP
