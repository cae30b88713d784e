"""What the services need from storage, as protocols. Storage implements them.

A ``UnitOfWork`` is a context manager: entering starts a transaction, ``commit()`` makes
it durable, leaving without commit (or by an exception) rolls everything back, so a
failed command never leaves a half-written record. Repositories never commit.

``get`` raises ``domain.errors.NotFound``. List methods return newest first unless
they say otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Protocol, Self

from midweek.domain.corrections import RecordKind, TrashItem
from midweek.domain.entities import (
    Assignment,
    Barrier,
    Checkin,
    CheckinKind,
    Draft,
    Goal,
    HomeworkRating,
    JournalEntry,
    PlanWindow,
    PracticeLog,
    Preference,
    Question,
    QuestionStatus,
    SafetyFlag,
    SafetyPlan,
    SharedReport,
    TherapySession,
)

if TYPE_CHECKING:  # the CLI imports this module on every start; accounts are rarely needed
    from midweek.domain.accounts import Account, AuditEvent, WebSession
    from midweek.domain.push import PushSubscription
    from midweek.domain.sharing import ApiToken, CareLink, Share, ShareKind


class SessionRepo(Protocol):
    def add(self, s: TherapySession) -> TherapySession: ...
    def get(self, ident: int) -> TherapySession: ...
    def list(self, *, limit: int | None = None) -> list[TherapySession]: ...
    def latest(self, *, on_or_before: date | None = None) -> TherapySession | None: ...
    def update(self, s: TherapySession) -> TherapySession: ...


class GoalRepo(Protocol):
    def add(self, g: Goal) -> Goal: ...
    def get(self, ident: int) -> Goal: ...
    def list(self) -> list[Goal]: ...
    def update(self, g: Goal) -> Goal: ...


class AssignmentRepo(Protocol):
    def add(self, a: Assignment) -> Assignment: ...
    def get(self, ident: int) -> Assignment: ...
    def list(self, *, active_on: date | None = None) -> list[Assignment]: ...
    def update(self, a: Assignment) -> Assignment: ...


class PracticeRepo(Protocol):
    def add(self, p: PracticeLog) -> PracticeLog: ...
    def get(self, ident: int) -> PracticeLog: ...
    def update(self, p: PracticeLog) -> PracticeLog: ...
    def list(
        self,
        *,
        assignment_id: int | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
    ) -> list[PracticeLog]: ...
    def before(self, assignment_ids: Sequence[int], moment: datetime) -> dict[int, PracticeBefore]:
        """Per assignment with practice before ``moment``: its first practice and best rating."""
        ...


@dataclass(frozen=True)
class PracticeBefore:
    """What came before a moment for one assignment, without reading every log."""

    first_practised: datetime | None  # the earliest done or partial practice
    best_quality: int | None  # the highest quality of a done or partial practice


class JournalRepo(Protocol):
    def add(self, e: JournalEntry) -> JournalEntry: ...
    def get(self, ident: int) -> JournalEntry: ...
    def update(self, e: JournalEntry) -> JournalEntry: ...
    def shared(self, ids: Sequence[int], *, limit: int | None = None) -> list[JournalEntry]:
        """The entries with one of ``ids``; newest first (the "shared" mark is no share)."""
        ...

    def list(
        self, *, since: datetime | None = None, limit: int | None = None
    ) -> list[JournalEntry]: ...
    def iter_newest_first(self, *, since: datetime | None = None) -> Iterator[JournalEntry]:
        """Decrypt lazily, newest first, so a search can stop once it has enough."""
        ...

    def matching(self, terms: Sequence[str]) -> Iterator[JournalEntry] | None:
        """Newest first, the entries the search index names for every term (candidates to
        confirm on their text); None when the index cannot narrow the search."""
        ...

    def count(self) -> int: ...


class BarrierRepo(Protocol):
    def add(self, b: Barrier) -> Barrier: ...
    def get(self, ident: int) -> Barrier: ...
    def update(self, b: Barrier) -> Barrier: ...
    def list(
        self, *, assignment_id: int | None = None, since: datetime | None = None
    ) -> list[Barrier]: ...


class QuestionRepo(Protocol):
    def add(self, q: Question) -> Question: ...
    def get(self, ident: int) -> Question: ...
    def list(self, *, status: QuestionStatus | None = None) -> list[Question]: ...
    def update(self, q: Question) -> Question: ...


class CheckinRepo(Protocol):
    def add(self, c: Checkin) -> Checkin: ...
    def get(self, ident: int) -> Checkin: ...
    def update(self, c: Checkin) -> Checkin: ...
    def list(
        self,
        *,
        kind: CheckinKind | None = None,
        since: datetime | None = None,
        limit: int | None = None,
    ) -> list[Checkin]: ...


class FlagRepo(Protocol):
    def add(self, f: SafetyFlag) -> SafetyFlag: ...
    def list(self, *, since: datetime | None = None) -> list[SafetyFlag]: ...


class WindowRepo(Protocol):
    def add(self, w: PlanWindow) -> PlanWindow: ...
    def get(self, ident: int) -> PlanWindow: ...
    def list(self) -> list[PlanWindow]:
        """By weekday and start time, not newest first."""
        ...

    def remove(self, ident: int) -> None:
        """Delete one window; NotFound if there is none with that id."""
        ...


class SafetyPlanRepo(Protocol):
    """The person's one safety plan."""

    def add(self, p: SafetyPlan) -> SafetyPlan: ...
    def get(self, ident: int) -> SafetyPlan: ...
    def list(self) -> list[SafetyPlan]: ...
    def current(self) -> SafetyPlan | None: ...
    def save(self, p: SafetyPlan) -> SafetyPlan:
        """Insert the plan, or replace the stored one."""
        ...


class PreferenceRepo(Protocol):
    """Small plain-text choices by name (e.g. ``country``)."""

    def add(self, p: Preference) -> Preference: ...
    def get(self, ident: int) -> Preference: ...
    def list(self) -> list[Preference]:
        """By name."""
        ...

    def value(self, name: str) -> str | None: ...
    def put(self, name: str, value: str, *, now: datetime) -> Preference: ...
    def remove(self, name: str) -> None: ...


class DraftRepo(Protocol):
    """Unfinished text, at most one per kind."""

    def get_kind(self, kind: str) -> Draft | None: ...
    def put(self, kind: str, body: str, *, now: datetime) -> Draft: ...
    def remove(self, kind: str) -> None: ...


class SharedReportRepo(Protocol):
    def add(self, r: SharedReport) -> SharedReport: ...
    def get(self, ident: int) -> SharedReport: ...
    def update(self, r: SharedReport) -> SharedReport: ...
    def list(self) -> list[SharedReport]:
        """Newest first."""
        ...


class RatingRepo(Protocol):
    def add(self, r: HomeworkRating) -> HomeworkRating: ...
    def list(self, *, assignment_id: int | None = None) -> list[HomeworkRating]:
        """Newest week first."""
        ...


class TrashRepo(Protocol):
    """Deleted records, kept a short time (encrypted as stored) so they can be undone."""

    @property
    def owner(self) -> int:
        """The person whose trash this is."""
        ...

    def put(self, kind: RecordKind, ident: int, *, now: datetime) -> TrashItem:
        """Move the record into the trash (clearing links to it); NotFound if none."""
        ...

    def get(self, ident: int) -> TrashItem: ...
    def list(self) -> list[TrashItem]:
        """Newest deletion first."""
        ...

    def latest(self) -> TrashItem | None: ...
    def restore(self, ident: int) -> TrashItem:
        """Put the record back with the same id; NotFound when it is no longer there."""
        ...

    def purge(self, before: datetime) -> int:
        """Forget every deletion older than ``before`` for good; how many."""
        ...


class ImportMarkRepo(Protocol):
    """What was brought in from another app, by keyed fingerprint (no duplicates)."""

    def fingerprint(self, identity: str) -> str:
        """The person's keyed fingerprint (HMAC) of an imported item's identity."""
        ...

    def known(self, fingerprints: Iterable[str]) -> set[str]:
        """Those of ``fingerprints`` already imported."""
        ...

    def add(self, fingerprint: str, kind: str, item_id: int | None, *, at: datetime) -> None: ...


class PushRepo(Protocol):
    """The person's Web Push subscriptions and the reminders sent to each."""

    def all(self) -> list[PushSubscription]: ...
    def get(self, ident: int) -> PushSubscription:
        """NotFound if there is none with that id for this person."""
        ...

    def save(self, sub: PushSubscription) -> PushSubscription:
        """Add it, or update this person's subscription with the same endpoint."""
        ...

    def remove(self, ident: int) -> None:
        """NotFound if there is none with that id for this person."""
        ...

    def sent(self, subscription_id: int, reminders: Iterable[str]) -> set[str]: ...
    def mark_sent(self, subscription_id: int, reminder: str, *, at: datetime) -> None: ...
    def unmark(self, subscription_id: int, reminder: str) -> None: ...
    def forget_sent(self, before: datetime) -> None: ...
    def people(self) -> list[int]:
        """Every person with a subscription (across people: ids only)."""
        ...


class UnitOfWork(Protocol):
    sessions: SessionRepo
    goals: GoalRepo
    homework: AssignmentRepo
    practice: PracticeRepo
    journal: JournalRepo
    barriers: BarrierRepo
    questions: QuestionRepo
    checkins: CheckinRepo
    flags: FlagRepo
    windows: WindowRepo
    safety_plan: SafetyPlanRepo
    preferences: PreferenceRepo
    drafts: DraftRepo
    shared_reports: SharedReportRepo
    ratings: RatingRepo
    trash: TrashRepo
    imports: ImportMarkRepo
    push: PushRepo

    @property
    def person_id(self) -> int:
        """Whose data this unit of work reads and writes (known once entered)."""
        ...

    def __enter__(self) -> Self: ...
    def __exit__(self, *exc: object) -> None: ...
    def commit(self) -> None: ...

    def erase_person(self) -> None:
        """Erase the bound person: their data key first, then every row of theirs, their
        account and the audit about them (inside the open transaction)."""
        ...

    # Backup: every row of the person's data as stored (ciphertext stays ciphertext).
    def dump(self) -> dict[str, Any]: ...
    def load(self, dumped: dict[str, Any]) -> None:
        """Replace all of the person's data with ``dumped`` (inside the open transaction)."""
        ...


# --- the server's data: accounts, web sessions, login failures, audit -------------------
# Not a person's data: these repositories ignore the unit of work's person and are never
# part of a person's backup.


class AccountRepo(Protocol):
    def add(self, a: Account) -> Account:
        """Insert; Conflict if the (normalised) username is taken."""
        ...

    def get(self, ident: int) -> Account: ...
    def by_username(self, username: str) -> Account | None:
        """The account with this normalised username, or None."""
        ...

    def list(self) -> list[Account]:
        """By username."""
        ...

    def update(self, a: Account) -> Account: ...


class WebSessionRepo(Protocol):
    def add(self, s: WebSession) -> WebSession: ...
    def get(self, ident: str) -> WebSession | None:
        """The session whose id (the token's SHA-256) is ``ident``, ended or not."""
        ...

    def touch(self, ident: str, at: datetime) -> None: ...
    def end(self, ident: str, at: datetime) -> None: ...
    def end_all(self, account_id: int, at: datetime, *, keep: str | None = None) -> int:
        """End every open session of the account except ``keep``; how many were ended."""
        ...


class LoginFailureRepo(Protocol):
    def add(self, key: str, at: datetime) -> None: ...
    def since(self, key: str, moment: datetime) -> list[datetime]:
        """When each failure for ``key`` at or after ``moment`` happened, oldest first."""
        ...

    def clear(self, key: str) -> None: ...
    def prune(self, before: datetime) -> None:
        """Forget failures older than ``before`` (they no longer count for anything)."""
        ...


class AuditRepo(Protocol):
    def add(self, e: AuditEvent) -> AuditEvent: ...
    def list(self, *, limit: int | None = None, subject: int | None = None) -> list[AuditEvent]:
        """Newest first; only events about person ``subject`` when given."""
        ...

    def count(self, subject: int, action: str) -> int:
        """How many events ``action`` there are about person ``subject``."""
        ...


class CareLinkRepo(Protocol):
    def add(self, link: CareLink) -> CareLink: ...
    def update(self, link: CareLink) -> CareLink: ...
    def by_code_hash(self, code_hash: str) -> CareLink | None: ...
    def for_therapist(self, account_id: int) -> list[CareLink]: ...
    def for_client(self, person_id: int) -> list[CareLink]: ...


class ShareRepo(Protocol):
    def add(self, s: Share) -> Share: ...
    def live(self, person_id: int, link_id: int | None = None) -> list[Share]:
        """The person's shares not revoked (only those made to ``link_id`` when given),
        oldest first."""
        ...

    def revoke(
        self, person_id: int, link_id: int, kind: ShareKind, item_id: int | None, at: datetime
    ) -> int:
        """Revoke the live share made to ``link_id`` (the whole kind when ``item_id`` is
        None); how many."""
        ...

    def end_link(self, link_id: int, at: datetime) -> int:
        """Revoke every live share made to ``link_id``; how many."""
        ...


class ApiTokenRepo(Protocol):
    def add(self, token: ApiToken) -> ApiToken: ...
    def by_hash(self, token_hash: str) -> ApiToken | None: ...
    def for_account(self, account_id: int) -> list[ApiToken]: ...
    def touch(self, ident: int, at: datetime) -> None: ...
    def revoke(self, account_id: int, ident: int, at: datetime) -> bool:
        """Revoke the account's own live token; False when there is none."""
        ...

    def revoke_all(self, account_id: int, at: datetime) -> int:
        """Revoke every live token of the account; how many."""
        ...


@dataclass(frozen=True)
class IdempotencyRecord:
    """A claimed idempotency key: who claimed it, and the first answer once there is one."""

    account_id: int
    key: str
    request_hash: str
    claim: str
    created_at: datetime
    completed_at: datetime | None = None
    status: int | None = None
    #: The first answer as JSON text (location, headers, body), unsealed; None while pending.
    response: str | None = None


class IdempotencyRepo(Protocol):
    def claim(
        self, account_id: int, key: str, request_hash: str, claim: str, at: datetime
    ) -> IdempotencyRecord:
        """Insert a pending row for the key unless the account already has one; the row
        that is there afterwards (``claim`` tells whether it is this request's)."""
        ...

    def complete(
        self, account_id: int, key: str, claim: str, status: int, response: str, at: datetime
    ) -> None:
        """Record the first answer on the row this request claimed."""
        ...

    def release(self, account_id: int, key: str, claim: str) -> None:
        """Remove the row this request claimed (its answer is not kept: a repeat runs)."""
        ...

    def prune(self, before: datetime) -> int:
        """Remove every row made before ``before``; how many."""
        ...

    def abandon(self, account_id: int, key: str, before: datetime) -> None:
        """Remove the account's row for ``key`` if it is still pending since before ``before``."""
        ...


class DisplayNameRepo(Protocol):
    def get(self, account_id: int) -> str | None: ...
    def put(self, account_id: int, name: str | None, at: datetime) -> None:
        """Set the account's display name; None removes it (the username is shown)."""
        ...

    def all(self) -> dict[int, str]:
        """Every display name, by account id."""
        ...


class InviteLabelRepo(Protocol):
    def put(self, link_id: int, label: str) -> None: ...
    def remove(self, link_id: int) -> None: ...
    def for_links(self, link_ids: Sequence[int]) -> dict[int, str]:
        """The labels of these links that have one, by link id."""
        ...


class AccountsUnitOfWork(Protocol):
    """What account use cases need: the server's tables, in one transaction."""

    accounts: AccountRepo
    web_sessions: WebSessionRepo
    login_failures: LoginFailureRepo
    audit: AuditRepo
    care_links: CareLinkRepo
    shares: ShareRepo
    api_tokens: ApiTokenRepo
    idempotency: IdempotencyRepo
    display_names: DisplayNameRepo
    invite_labels: InviteLabelRepo

    def __enter__(self) -> Self: ...
    def __exit__(self, *exc: object) -> None: ...
    def commit(self) -> None: ...
    def create_person(self) -> int:
        """A new person with their own data key, in this transaction; their id."""
        ...


class ServerUnitOfWork(UnitOfWork, AccountsUnitOfWork, Protocol):
    """One transaction over a person's data and the server's tables (the web app's
    therapist and sharing use cases: check the link and the share, read, audit)."""
