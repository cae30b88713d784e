"""Therapist links, what a client shares, and personal access tokens: the server's records.

Nothing here is a person's free text. Every ``Share`` is made to one therapist link and
ends with it: what a client shared with one therapist is never seen by the next. A share
with ``item_id`` None covers a whole kind (every item of it, also future ones); otherwise
one item. The "shared" mark a journal entry or the safety plan carries in a person's own
data is what they chose when writing; on a server it becomes a share to each therapist
they are linked to at that moment, and only a share ever lets a therapist read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from midweek.domain.entities import FlagSource, SafetyFlag


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
    SAFETY_PLAN = "safety-plan"
    # "Let my therapist know": that midweek noticed hard words or PHQ-9 item 9 above zero,
    # and when (the level only, never the words). Off unless the client turns it on.
    SAFETY_FLAGS = "safety-flags"
    REPORT = "report"  # one prep report the client sent (only ever one by one)


#: Kinds a client shares only as a whole (their items are not shared one by one).
WHOLE_KINDS = frozenset(
    {
        ShareKind.PRACTICE,
        ShareKind.QUESTIONS,
        ShareKind.GOALS,
        ShareKind.SESSIONS,
        ShareKind.SAFETY_PLAN,
        ShareKind.SAFETY_FLAGS,
    }
)
#: Kinds shared one item at a time (all but reports also as a whole).
ITEM_KINDS = frozenset(set(ShareKind) - WHOLE_KINDS)
#: Kinds shared only one item at a time.
ITEM_KINDS_ONLY = frozenset({ShareKind.REPORT})
#: The kinds a client turns on or off as a whole, in the order their pages list them.
TOGGLE_KINDS = tuple(k for k in ShareKind if k not in ITEM_KINDS_ONLY)


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
    link_id: int  # the therapist link it was made to; it ends with the link
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
    """What a client shares with one therapist link right now: whole kinds, and single
    items per kind."""

    kinds: frozenset[ShareKind]
    items: dict[ShareKind, frozenset[int]]

    def covers(self, kind: ShareKind, item_id: int | None = None) -> bool:
        if kind in self.kinds:
            return True
        return item_id is not None and item_id in self.items.get(kind, frozenset())


def state_of(shares: Iterable[Share]) -> SharingState:
    """What these live shares cover together: whole kinds, and single items by kind."""
    kinds: set[ShareKind] = set()
    items: dict[ShareKind, set[int]] = {}
    for s in shares:
        if s.item_id is None:
            kinds.add(s.kind)
        else:
            items.setdefault(s.kind, set()).add(s.item_id)
    return SharingState(frozenset(kinds), {k: frozenset(v) for k, v in items.items()})


@dataclass(frozen=True)
class Attention:
    """What a therapist may see of a safety flag, when the client lets them: the level and
    when — never the words, nor where they were written."""

    level: str  # "urgent", "concern", or "phq9-item9"
    at: datetime


def attention(flags: Iterable[SafetyFlag]) -> list[Attention]:
    """The flags as a therapist may see them, newest first."""
    seen = []
    for f in flags:
        if f.source is FlagSource.PHQ9_ITEM9:
            level = "phq9-item9"
        else:
            level = "urgent" if (f.detail or "").startswith("urgent") else "concern"
        seen.append(Attention(level, f.at))
    return sorted(seen, key=lambda a: a.at, reverse=True)
