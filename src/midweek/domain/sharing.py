"""Therapist links, what a client shares, and personal access tokens: the server's records.

Nothing here is a person's free text. A ``Share`` with ``item_id`` None covers a whole
kind (every item of it, also future ones); otherwise one item. Journal entries and the
safety plan also carry their own "shared" mark (chosen when written), which counts as an
item share.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class LinkStatus(StrEnum):
    INVITED = "invited"
    ACTIVE = "active"
    DECLINED = "declined"
    ENDED = "ended"


class ShareKind(StrEnum):
    PRACTICE = "practice"  # practice logs, barriers and homework progress
    JOURNAL = "journal"
    WORKSHEET = "worksheet"  # worksheet answers (practice logs with a worksheet)
    CHECKIN = "checkin"  # mood, PHQ-9 and GAD-7
    QUESTIONS = "questions"
    GOALS = "goals"
    SESSIONS = "sessions"  # session notes: takeaways and themes (dates are not content)


#: Kinds a client shares only as a whole (their items are not shared one by one).
WHOLE_KINDS = frozenset(
    {ShareKind.PRACTICE, ShareKind.QUESTIONS, ShareKind.GOALS, ShareKind.SESSIONS}
)


@dataclass
class CareLink:
    therapist_account_id: int
    code_hash: str
    status: LinkStatus
    created_at: datetime
    expires_at: datetime
    client_person_id: int | None = None
    responded_at: datetime | None = None
    ended_at: datetime | None = None
    id: int | None = None

    @property
    def active(self) -> bool:
        return self.status is LinkStatus.ACTIVE


@dataclass
class Share:
    person_id: int
    kind: ShareKind
    created_at: datetime
    item_id: int | None = None
    revoked_at: datetime | None = None
    id: int | None = None


@dataclass
class ApiToken:
    account_id: int
    token_hash: str
    name: str
    created_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None
    #: None only for tokens made before lifetimes existed (see services.tokens.expiry).
    expires_at: datetime | None = None
    id: int | None = None


@dataclass(frozen=True)
class SharingState:
    """What a client shares right now: whole kinds, and single items per kind."""

    kinds: frozenset[ShareKind]
    items: dict[ShareKind, frozenset[int]]

    def covers(self, kind: ShareKind, item_id: int | None = None) -> bool:
        if kind in self.kinds:
            return True
        return item_id is not None and item_id in self.items.get(kind, frozenset())
