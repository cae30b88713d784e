"""Therapists and clients: invitations, what a client shares, and what a therapist may see.

The rule everything here keeps: a therapist sees a client's data only through an active
link the client accepted, and only what the client shares — a whole kind, one item, a
prep report the client reviewed and sent, or the safety plan marked shared. Revoking
takes effect on the next request (nothing is cached). Every therapist read or write of a
client's data, and every change to sharing, writes one audit event in the same
transaction; a client sees the therapist's reads on their "who saw what" page.

Use cases that touch a client's data take a ``ServerUnitOfWork`` for that client (their
data and the server's tables in one transaction); the rest take an
``AccountsUnitOfWork``. A client id the therapist has no active link to is ``NotFound``,
the same answer as an id that does not exist.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from midweek import messages
from midweek.domain import rules
from midweek.domain.accounts import Account, AuditEvent, Role
from midweek.domain.adherence import adherence, summarise
from midweek.domain.entities import (
    Assignment,
    Barrier,
    Checkin,
    Goal,
    HomeworkRating,
    JournalEntry,
    PracticeLog,
    Question,
    QuestionStatus,
    SafetyPlan,
    SharedReport,
    TherapySession,
    Visibility,
)
from midweek.domain.errors import Conflict, NotFound, ValidationError
from midweek.domain.instruments import GAD7, PHQ9
from midweek.domain.measures import SeriesOutcome, series_outcome
from midweek.domain.sharing import (
    WHOLE_KINDS,
    CareLink,
    LinkStatus,
    Share,
    ShareKind,
    SharingState,
)
from midweek.domain.when import week_start
from midweek.services import homework, records
from midweek.services.ports import AccountsUnitOfWork, ServerUnitOfWork

#: An invitation code works once, for this long.
INVITE_LIFETIME = timedelta(days=14)
#: Letters and digits that cannot be mistaken for each other when read aloud or typed.
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_CODE_LENGTH = 10
#: The caseload's adherence looks back this far.
CASELOAD_DAYS = 14


def _audit(
    uow: AccountsUnitOfWork,
    now: datetime,
    actor: int | None,
    subject: int | None,
    action: str,
    detail: str = "",
) -> None:
    """One audit event: who (account), about whom (person), what, when."""
    uow.audit.add(
        AuditEvent(
            at=now, action=action, actor_account_id=actor, subject_person_id=subject, detail=detail
        )
    )


# --- invitations and links --------------------------------------------------------------


def normalise_code(code: str) -> str:
    """The code as stored: upper case, without spaces or dashes (typed either way)."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _code_hash(code: str) -> str:
    return hashlib.sha256(b"midweek-invite\x00" + normalise_code(code).encode()).hexdigest()


def _readable(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


@dataclass(frozen=True)
class Invitation:
    code: str  # shown once to the therapist, never stored
    link: CareLink


def invite(uow: AccountsUnitOfWork, therapist: Account, *, now: datetime) -> Invitation:
    """A one-time code the therapist gives the client; valid for INVITE_LIFETIME."""
    assert therapist.id is not None
    if therapist.role is not Role.THERAPIST:
        raise ValidationError(messages.WEB_THERAPISTS_ONLY, field="role")
    code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))
    with uow:
        link = uow.care_links.add(
            CareLink(
                therapist_account_id=therapist.id,
                code_hash=_code_hash(code),
                status=LinkStatus.INVITED,
                created_at=now,
                expires_at=now + INVITE_LIFETIME,
            )
        )
        _audit(uow, now, therapist.id, None, "care.invite", f"link={link.id}")
        uow.commit()
    return Invitation(code=_readable(code), link=link)


@dataclass(frozen=True)
class PendingInvite:
    link: CareLink
    therapist_name: str


def _pending(uow: AccountsUnitOfWork, code: str, now: datetime) -> CareLink:
    link = uow.care_links.by_code_hash(_code_hash(code)) if normalise_code(code) else None
    if link is None or link.status is not LinkStatus.INVITED or now >= link.expires_at:
        # One answer for unknown, used and expired codes.
        raise ValidationError(messages.INVITE_CODE_UNKNOWN, field="code")
    return link


def find_invite(uow: AccountsUnitOfWork, code: str, *, now: datetime) -> PendingInvite:
    """The invitation behind ``code`` and who sent it, for the client to decide."""
    with uow:
        link = _pending(uow, code, now)
        return PendingInvite(link, uow.accounts.get(link.therapist_account_id).username)


def accept_invite(
    uow: AccountsUnitOfWork,
    client: Account,
    code: str,
    *,
    share: Iterable[ShareKind] = (),
    now: datetime,
) -> CareLink:
    """The client accepts: the link becomes active and the chosen kinds are shared."""
    assert client.id is not None and client.person_id is not None
    with uow:
        link = _pending(uow, code, now)
        already = [
            other
            for other in uow.care_links.for_client(client.person_id)
            if other.active and other.therapist_account_id == link.therapist_account_id
        ]
        if already:
            raise Conflict(messages.INVITE_ALREADY_LINKED)
        link.status, link.client_person_id, link.responded_at = (
            LinkStatus.ACTIVE,
            client.person_id,
            now,
        )
        uow.care_links.update(link)
        _audit(uow, now, client.id, client.person_id, "care.accept", f"link={link.id}")
        live = {s.kind for s in uow.shares.live(client.person_id) if s.item_id is None}
        for kind in sorted(set(share) - live):
            uow.shares.add(Share(person_id=client.person_id, kind=kind, created_at=now))
            _audit(uow, now, client.id, client.person_id, "share.kind", f"kind={kind.value}")
        uow.commit()
    return link


def decline_invite(uow: AccountsUnitOfWork, client: Account, code: str, *, now: datetime) -> None:
    """The client declines: the code stops working; nothing is shared."""
    with uow:
        link = _pending(uow, code, now)
        link.status, link.responded_at = LinkStatus.DECLINED, now
        uow.care_links.update(link)
        _audit(uow, now, client.id, client.person_id, "care.decline", f"link={link.id}")
        uow.commit()


def end_link(uow: AccountsUnitOfWork, account: Account, link_id: int, *, now: datetime) -> CareLink:
    """Either side ends an active link (or the therapist withdraws an unused invitation)."""
    with uow:
        if account.role is Role.THERAPIST and account.id is not None:
            links = uow.care_links.for_therapist(account.id)
        elif account.person_id is not None:
            links = uow.care_links.for_client(account.person_id)
        else:
            links = []
        open_ = (LinkStatus.ACTIVE, LinkStatus.INVITED)
        link = next((k for k in links if k.id == link_id and k.status in open_), None)
        if link is None:
            raise NotFound("link", link_id)
        link.status, link.ended_at = LinkStatus.ENDED, now
        uow.care_links.update(link)
        _audit(uow, now, account.id, link.client_person_id, "care.end", f"link={link.id}")
        uow.commit()
    return link


@dataclass(frozen=True)
class LinkView:
    link: CareLink
    therapist_name: str


def client_links(uow: AccountsUnitOfWork, person_id: int) -> list[LinkView]:
    """The client's active links, with each therapist's username."""
    with uow:
        return [
            LinkView(link, uow.accounts.get(link.therapist_account_id).username)
            for link in uow.care_links.for_client(person_id)
            if link.active
        ]


def open_invitations(
    uow: AccountsUnitOfWork, therapist: Account, *, now: datetime
) -> list[CareLink]:
    """The therapist's invitations not yet answered and not expired."""
    assert therapist.id is not None
    with uow:
        return [
            link
            for link in uow.care_links.for_therapist(therapist.id)
            if link.status is LinkStatus.INVITED and now < link.expires_at
        ]


# --- what the client shares --------------------------------------------------------------


def _state(uow: AccountsUnitOfWork, person_id: int) -> SharingState:
    kinds: set[ShareKind] = set()
    items: dict[ShareKind, set[int]] = {}
    for s in uow.shares.live(person_id):
        if s.item_id is None:
            kinds.add(s.kind)
        else:
            items.setdefault(s.kind, set()).add(s.item_id)
    return SharingState(frozenset(kinds), {k: frozenset(v) for k, v in items.items()})


def sharing_state(uow: AccountsUnitOfWork, person_id: int) -> SharingState:
    with uow:
        return _state(uow, person_id)


def set_kind_shared(
    uow: AccountsUnitOfWork, client: Account, kind: ShareKind, shared: bool, *, now: datetime
) -> SharingState:
    """Share or stop sharing a whole kind (every item of it, also future ones)."""
    assert client.person_id is not None
    with uow:
        state = _state(uow, client.person_id)
        if shared and kind not in state.kinds:
            uow.shares.add(Share(person_id=client.person_id, kind=kind, created_at=now))
        elif not shared:
            uow.shares.revoke(client.person_id, kind, None, now)
        action = "share.kind" if shared else "share.kind.revoke"
        _audit(uow, now, client.id, client.person_id, action, f"kind={kind.value}")
        state = _state(uow, client.person_id)
        uow.commit()
    return state


def _item_exists(uow: ServerUnitOfWork, kind: ShareKind, item_id: int) -> None:
    """NotFound unless the item is the person's own (their unit of work only sees theirs)."""
    if kind is ShareKind.JOURNAL:
        uow.journal.get(item_id)
    elif kind is ShareKind.WORKSHEET:
        log = uow.practice.get(item_id)
        if not log.answers:
            raise NotFound("worksheet", item_id)
    elif kind is ShareKind.CHECKIN:
        if not any(c.id == item_id for c in uow.checkins.list()):
            raise NotFound("check-in", item_id)
    else:
        raise ValidationError(messages.SHARE_WHOLE_KIND_ONLY, field="kind")


def set_item_shared(
    uow: ServerUnitOfWork,
    client: Account,
    kind: ShareKind,
    item_id: int,
    shared: bool,
    *,
    now: datetime,
) -> None:
    """Share or stop sharing one journal entry, worksheet or check-in."""
    assert client.person_id is not None
    if kind in WHOLE_KINDS:
        raise ValidationError(messages.SHARE_WHOLE_KIND_ONLY, field="kind")
    with uow:
        _item_exists(uow, kind, item_id)
        state = _state(uow, client.person_id)
        if shared and item_id not in state.items.get(kind, frozenset()):
            uow.shares.add(
                Share(person_id=client.person_id, kind=kind, item_id=item_id, created_at=now)
            )
        elif not shared:
            uow.shares.revoke(client.person_id, kind, item_id, now)
            if kind is ShareKind.JOURNAL:
                # A journal entry marked shared when written counts as shared: unmark it.
                entry = uow.journal.get(item_id)
                if entry.visibility is Visibility.SHARED:
                    entry.visibility = Visibility.PRIVATE
                    uow.journal.update(entry)
        action = "share.item" if shared else "share.item.revoke"
        detail = f"{kind.value}={item_id}"
        _audit(uow, now, client.id, client.person_id, action, detail)
        uow.commit()


@dataclass(frozen=True)
class MySharing:
    """What a client shares right now, for their own sharing page."""

    state: SharingState
    journal: list[JournalEntry]  # shared one by one, or marked shared when written
    worksheets: list[PracticeLog]  # shared one by one
    checkins: list[Checkin]  # shared one by one
    reports: list[SharedReport]  # sent, newest first (withdrawn ones too)


def my_sharing(uow: ServerUnitOfWork, person_id: int) -> MySharing:
    """The client's own view of their sharing (their unit of work: only their items)."""
    with uow:
        state = _state(uow, person_id)
        singles = {k: state.items.get(k, frozenset()) for k in ShareKind}
        return MySharing(
            state=state,
            journal=[
                e
                for e in uow.journal.list(limit=None)
                if e.id in singles[ShareKind.JOURNAL] or e.visibility is Visibility.SHARED
            ],
            worksheets=[
                log
                for log in uow.practice.list()
                if log.answers and log.id in singles[ShareKind.WORKSHEET]
            ],
            checkins=[c for c in uow.checkins.list() if c.id in singles[ShareKind.CHECKIN]],
            reports=uow.shared_reports.list(),
        )


# --- prep reports the client sends ------------------------------------------------------


def send_report(
    uow: ServerUnitOfWork,
    client: Account,
    *,
    markdown: str,
    html: str,
    left_out: Iterable[str],
    now: datetime,
) -> SharedReport:
    """Keep the report exactly as the client reviewed it, for their therapist to read.
    ValidationError when the client has no therapist to send it to."""
    assert client.person_id is not None
    with uow:
        if not any(link.active for link in uow.care_links.for_client(client.person_id)):
            raise ValidationError(messages.SHARE_NO_THERAPIST, field="therapist")
        report = uow.shared_reports.add(
            SharedReport(sent_at=now, markdown=markdown, html=html, left_out=list(left_out))
        )
        _audit(uow, now, client.id, client.person_id, "share.report", f"report={report.id}")
        uow.commit()
    return report


def sent_reports(uow: ServerUnitOfWork) -> list[SharedReport]:
    with uow:
        return uow.shared_reports.list()


def withdraw_report(
    uow: ServerUnitOfWork, client: Account, report_id: int, *, now: datetime
) -> SharedReport:
    with uow:
        report = uow.shared_reports.get(report_id)
        if report.revoked_at is None:
            report.revoked_at = now
            uow.shared_reports.update(report)
            _audit(
                uow, now, client.id, client.person_id, "share.report.revoke", f"report={report.id}"
            )
        uow.commit()
    return report


# --- who saw what ------------------------------------------------------------------------


@dataclass(frozen=True)
class SeenBy:
    at: datetime
    who: str
    action: str
    detail: str


def therapist_activity(
    uow: AccountsUnitOfWork, person_id: int, *, limit: int = 200
) -> list[SeenBy]:
    """What therapists read, wrote and exported of this person's data, newest first."""
    with uow:
        names = {a.id: a.username for a in uow.accounts.list()}
        return [
            SeenBy(e.at, names.get(e.actor_account_id, "?"), e.action, e.detail)
            for e in uow.audit.list(subject=person_id, limit=limit)
            if e.action.startswith("therapist.")
        ]


# --- the therapist's side ----------------------------------------------------------------


def _require_link(uow: AccountsUnitOfWork, therapist: Account, person_id: int) -> CareLink:
    if therapist.role is Role.THERAPIST and therapist.id is not None:
        for link in uow.care_links.for_therapist(therapist.id):
            if link.active and link.client_person_id == person_id:
                return link
    raise NotFound("client", person_id)


def _client_name(uow: AccountsUnitOfWork, person_id: int) -> str:
    return next((a.username for a in uow.accounts.list() if a.person_id == person_id), "?")


@dataclass(frozen=True)
class CaseloadRow:
    person_id: int
    name: str
    practice_shared: bool
    credit: float | None  # last CASELOAD_DAYS, partial credit; None when not shared
    planned: float | None
    barriers: dict[str, int] | None
    measures: list[SeriesOutcome] | None
    open_questions: int | None
    next_appointment: datetime | None

    @property
    def ratio(self) -> float | None:
        if self.credit is None or not self.planned:
            return None
        return self.credit / self.planned


def _window(now: datetime, days: int) -> tuple[date, date, datetime]:
    start = now.date() - timedelta(days=days - 1)
    return start, now.date(), datetime.combine(start, time.min, now.tzinfo)


def _caseload_row(uow: ServerUnitOfWork, person_id: int, name: str, now: datetime) -> CaseloadRow:
    state = _state(uow, person_id)
    start, end, since = _window(now, CASELOAD_DAYS)
    credit = planned = None
    barriers: dict[str, int] | None = None
    if ShareKind.PRACTICE in state.kinds:
        assignments = uow.homework.list()
        sessions = uow.sessions.list()
        weeks = adherence(
            assignments,
            uow.practice.list(since=since),
            session_dates=[s.date for s in sessions],
            start=start,
            end=end,
            tz=now.tzinfo,
        )
        overall = summarise(weeks).overall
        credit, planned = overall.credit, overall.planned
        barriers = {}
        for b in uow.barriers.list(since=since):
            barriers[b.kind.value] = barriers.get(b.kind.value, 0) + 1
    measures = None
    if ShareKind.CHECKIN in state.kinds:
        checkins = uow.checkins.list()
        measures = [o for inst in (PHQ9, GAD7) if (o := series_outcome(inst, checkins))]
    questions = None
    if ShareKind.QUESTIONS in state.kinds:
        questions = len(uow.questions.list(status=QuestionStatus.OPEN))
    latest = uow.sessions.latest()
    upcoming = latest.next_appointment if latest and latest.next_appointment else None
    return CaseloadRow(
        person_id=person_id,
        name=name,
        practice_shared=ShareKind.PRACTICE in state.kinds,
        credit=credit,
        planned=planned,
        barriers=barriers,
        measures=measures,
        open_questions=questions,
        next_appointment=upcoming if upcoming and upcoming >= now else None,
    )


#: Caseload orders: the one who is struggling first (lowest share of planned practice,
#: then most barriers), by name, or by next appointment.
SORTS = ("struggling", "name", "appointment")


def _sort_key(sort: str) -> Callable[[CaseloadRow], tuple[object, ...]]:
    if sort == "name":
        return lambda r: (r.name,)
    if sort == "appointment":
        far = datetime.max.replace(tzinfo=None)
        return lambda r: (
            r.next_appointment is None,
            r.next_appointment.replace(tzinfo=None) if r.next_appointment else far,
            r.name,
        )
    return lambda r: (
        r.ratio is None,
        r.ratio if r.ratio is not None else 0.0,
        -sum((r.barriers or {}).values()),
        r.name,
    )


def caseload(
    uow: AccountsUnitOfWork,
    client_uow: Callable[[int], ServerUnitOfWork],
    therapist: Account,
    *,
    now: datetime,
    sort: str = "struggling",
) -> list[CaseloadRow]:
    """One row per active client, from what each shares; reading it is audited per client."""
    if sort not in SORTS:
        raise ValidationError(messages.caseload_sorts(SORTS), field="sort")
    assert therapist.id is not None
    with uow:
        names = {a.person_id: a.username for a in uow.accounts.list()}
        clients = [
            (link.client_person_id, names.get(link.client_person_id, "?"))
            for link in uow.care_links.for_therapist(therapist.id)
            if link.active and link.client_person_id is not None
        ]
    rows = []
    for person_id, name in clients:
        with client_uow(person_id) as cuow:
            _require_link(cuow, therapist, person_id)
            rows.append(_caseload_row(cuow, person_id, name, now))
            _audit(cuow, now, therapist.id, person_id, "therapist.read", "caseload")
            cuow.commit()
    return sorted(rows, key=_sort_key(sort))


@dataclass(frozen=True)
class HomeworkWeek:
    assignment: Assignment
    credit: float
    planned: float
    ratings: list[HomeworkRating]


@dataclass(frozen=True)
class ClientView:
    """What one client shares with this therapist, gathered for one page."""

    person_id: int
    name: str
    state: SharingState
    row: CaseloadRow
    homework: list[HomeworkWeek]  # therapist-set homework always; progress only if shared
    practice: list[PracticeLog]
    barriers: list[Barrier]
    journal: list[JournalEntry]
    worksheets: list[PracticeLog]
    checkins: list[Checkin]
    questions: list[Question]
    goals: list[Goal]
    reports: list[SharedReport]
    safety_plan: SafetyPlan | None
    sessions: list[TherapySession]


#: The newest this many shared entries, worksheets and check-ins are shown (a therapist
#: page never decrypts years of writing at once).
SHOWN = 100


def _shared_journal(uow: ServerUnitOfWork, state: SharingState) -> list[JournalEntry]:
    if ShareKind.JOURNAL in state.kinds:
        return uow.journal.list(limit=SHOWN)
    return uow.journal.shared(sorted(state.items.get(ShareKind.JOURNAL, ())), limit=SHOWN)


def _sessions_seen(sessions: list[TherapySession], state: SharingState) -> list[TherapySession]:
    """Session dates and appointments always (the therapist keeps those anyway); what the
    client took away and the themes only when the client shares their session notes."""
    if ShareKind.SESSIONS in state.kinds:
        return sessions
    return [replace(s, takeaways=[], themes=[]) for s in sessions]


def client_view(
    uow: ServerUnitOfWork, therapist: Account, person_id: int, *, now: datetime
) -> ClientView:
    """The client's shared data for their therapist; NotFound without an active link."""
    with uow:
        _require_link(uow, therapist, person_id)
        state = _state(uow, person_id)
        name = _client_name(uow, person_id)
        practice_shared = ShareKind.PRACTICE in state.kinds
        assignments = uow.homework.list()
        start, end, since = _window(now, CASELOAD_DAYS)
        logs = uow.practice.list(since=since) if practice_shared else []
        weeks = summarise(
            adherence(
                assignments,
                logs,
                session_dates=[s.date for s in uow.sessions.list()],
                start=start,
                end=end,
                tz=now.tzinfo,
            )
        ).by_assignment
        ratings = uow.ratings.list()
        homework_weeks = [
            HomeworkWeek(
                a,
                weeks[a.id].credit if practice_shared and a.id in weeks else 0.0,
                weeks[a.id].planned if a.id in weeks else 0.0,
                [r for r in ratings if r.assignment_id == a.id],
            )
            for a in assignments
            if a.ended_at is None and (practice_shared or a.source.value == "therapist")
        ]
        worksheets = [
            log
            for log in uow.practice.list(limit=SHOWN * 10)
            if log.answers and state.covers(ShareKind.WORKSHEET, log.id)
        ][:SHOWN]
        plan = uow.safety_plan.current()
        view = ClientView(
            person_id=person_id,
            name=name,
            state=state,
            row=_caseload_row(uow, person_id, name, now),
            homework=homework_weeks,
            practice=logs,
            barriers=uow.barriers.list(since=since) if practice_shared else [],
            journal=_shared_journal(uow, state),
            worksheets=worksheets,
            checkins=[
                c
                for c in uow.checkins.list(limit=SHOWN * 10)
                if state.covers(ShareKind.CHECKIN, c.id)
            ][:SHOWN],
            questions=uow.questions.list() if ShareKind.QUESTIONS in state.kinds else [],
            goals=uow.goals.list() if ShareKind.GOALS in state.kinds else [],
            reports=[r for r in uow.shared_reports.list() if r.revoked_at is None],
            safety_plan=plan if plan is not None and plan.shared else None,
            sessions=_sessions_seen(uow.sessions.list(), state),
        )
        _audit(uow, now, therapist.id, person_id, "therapist.read", "overview")
        uow.commit()
    return view


def shared_entry(
    uow: ServerUnitOfWork, therapist: Account, person_id: int, entry_id: int, *, now: datetime
) -> JournalEntry:
    """One journal entry the client shares; NotFound otherwise (also for unshared ones)."""
    with uow:
        _require_link(uow, therapist, person_id)
        state = _state(uow, person_id)
        entry = uow.journal.get(entry_id)
        if not (state.covers(ShareKind.JOURNAL, entry.id) or entry.visibility is Visibility.SHARED):
            raise NotFound("journal entry", entry_id)
        _audit(uow, now, therapist.id, person_id, "therapist.read", f"journal={entry_id}")
        uow.commit()
    return entry


def shared_report(
    uow: ServerUnitOfWork, therapist: Account, person_id: int, report_id: int, *, now: datetime
) -> SharedReport:
    """A prep report the client sent and has not withdrawn; NotFound otherwise."""
    with uow:
        _require_link(uow, therapist, person_id)
        report = uow.shared_reports.get(report_id)
        if report.revoked_at is not None:
            raise NotFound("report", report_id)
        _audit(uow, now, therapist.id, person_id, "therapist.read", f"report={report_id}")
        uow.commit()
    return report


def assign_homework(
    uow: ServerUnitOfWork,
    therapist: Account,
    person_id: int,
    assignment: Assignment,
    *,
    now: datetime,
) -> Assignment:
    """Homework the therapist sets (built and checked by ``homework.new_assignment``)."""
    with uow:
        _require_link(uow, therapist, person_id)
        homework.store_assignment(uow, assignment)
        _audit(uow, now, therapist.id, person_id, "therapist.write", f"assignment={assignment.id}")
        uow.commit()
    return assignment


def end_client_homework(
    uow: ServerUnitOfWork, therapist: Account, person_id: int, assignment_id: int, *, now: datetime
) -> Assignment:
    with uow:
        _require_link(uow, therapist, person_id)
        a = uow.homework.get(assignment_id)
        if a.ended_at is None:
            a.ended_at = now
            uow.homework.update(a)
        _audit(uow, now, therapist.id, person_id, "therapist.write", f"assignment={a.id} ended")
        uow.commit()
    return a


def rate_homework(
    uow: ServerUnitOfWork,
    therapist: Account,
    person_id: int,
    assignment_id: int,
    *,
    rating: int,
    note: str | None,
    now: datetime,
) -> HomeworkRating:
    """The therapist's own view of how this week of the homework went (0–4)."""
    if not 0 <= rating <= 4:
        raise ValidationError(messages.RATING_RANGE, field="rating")
    note = rules.optional_text(note, label="The note", field="note", limit=2000)
    with uow:
        _require_link(uow, therapist, person_id)
        a = uow.homework.get(assignment_id)
        anchor = uow.sessions.latest(on_or_before=now.date())
        first = week_start(now.date(), anchor=anchor.date if anchor else None)
        assert a.id is not None
        r = uow.ratings.add(
            HomeworkRating(
                assignment_id=a.id,
                week_start=first,
                rating=rating,
                note=note,
                rated_by=therapist.id,
                rated_at=now,
            )
        )
        _audit(uow, now, therapist.id, person_id, "therapist.write", f"rating={r.id}")
        uow.commit()
    return r


def record_session(
    uow: ServerUnitOfWork,
    therapist: Account,
    person_id: int,
    *,
    day: date,
    takeaways: Iterable[str],
    themes: Iterable[str],
    next_appointment: datetime | None,
    now: datetime,
) -> TherapySession:
    """Takeaways recorded together in the session, into the client's own record."""
    session = records.new_session(
        day=day,
        takeaways=list(takeaways),
        themes=list(themes),
        next_appointment=next_appointment,
        now=now,
    )
    with uow:
        _require_link(uow, therapist, person_id)
        uow.sessions.add(session)
        _audit(uow, now, therapist.id, person_id, "therapist.write", f"session={session.id}")
        uow.commit()
    return session
