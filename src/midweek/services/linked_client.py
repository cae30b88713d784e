"""One linked client as their therapist sees them, and what the therapist writes into
their record (homework, a rating of how it went, the notes of a session).

What a therapist cannot see, they cannot change either, and it answers like a missing id:
a client without an active link, an entry or report not shared, homework the client set
themselves while practice is not shared. Every read and write of the client's data
writes one audit event in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime

from midweek import messages
from midweek.domain import rules
from midweek.domain.accounts import Account
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
    SafetyPlan,
    SharedReport,
    TherapySession,
)
from midweek.domain.errors import NotFound, ValidationError
from midweek.domain.sharing import ShareKind, SharingState
from midweek.domain.when import week_start
from midweek.services import homework, therapy_sessions
from midweek.services.audit import audit
from midweek.services.care_links import names_by_person
from midweek.services.caseload import (
    CASELOAD_DAYS,
    CaseloadRow,
    caseload_row,
    caseload_window,
    their_clock,
    zones_by_person,
)
from midweek.services.consent import require_link
from midweek.services.ports import AccountsUnitOfWork, ServerUnitOfWork


def _by_therapist(
    uow: ServerUnitOfWork,
    action: str,
    now: datetime,
    therapist: Account,
    person_id: int,
    detail: str,
) -> None:
    """A therapist's read or write of one client's data, audited in the same transaction."""
    audit(uow, action, now, actor=therapist.id, subject=person_id, detail=detail)


def _client_name(uow: AccountsUnitOfWork, person_id: int) -> str:
    """What the client is shown as to their therapist."""
    return names_by_person(uow).get(person_id, "?")


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


# --- what a therapist is shown of each kind ----------------------------------------------
# One function per kind: the HTML pages, the API and anything else built for a therapist
# get their records from these, so a nested piece the client has not shared (a worksheet's
# answers inside a practice log, session takeaways) never rides along with one they have.


def seen_practice(log: PracticeLog, state: SharingState) -> PracticeLog:
    """A practice log under the practice share: its worksheet answers only when that
    worksheet is shared too."""
    if log.answers and not state.covers(ShareKind.WORKSHEET, log.id):
        return replace(log, answers=None)
    return log


def seen_session(session: TherapySession, state: SharingState) -> TherapySession:
    """Session dates and appointments always (the therapist keeps those anyway); what the
    client took away and the themes only when the client shares their session notes."""
    if ShareKind.SESSIONS in state.kinds:
        return session
    return replace(session, takeaways=[], themes=[])


def assignment_visible(a: Assignment, state: SharingState) -> bool:
    """Homework the therapist set is theirs to see; the client's own only with practice."""
    return a.source.value == "therapist" or ShareKind.PRACTICE in state.kinds


def _shared_journal(uow: ServerUnitOfWork, state: SharingState) -> list[JournalEntry]:
    if ShareKind.JOURNAL in state.kinds:
        return uow.journal.list(limit=SHOWN)
    return uow.journal.shared(sorted(state.items.get(ShareKind.JOURNAL, ())), limit=SHOWN)


def client_view(
    uow: ServerUnitOfWork, therapist: Account, person_id: int, *, now: datetime
) -> ClientView:
    """The client's shared data for their therapist; NotFound without an active link."""
    with uow:
        _, state = require_link(uow, therapist, person_id)
        name = _client_name(uow, person_id)
        their_now = their_clock(now, zones_by_person(uow).get(person_id))
        practice_shared = ShareKind.PRACTICE in state.kinds
        assignments = uow.homework.list()
        start, end, since = caseload_window(their_now, CASELOAD_DAYS)
        logs = uow.practice.list(since=since) if practice_shared else []
        weeks = summarise(
            adherence(
                assignments,
                logs,
                session_dates=[s.date for s in uow.sessions.list()],
                start=start,
                end=end,
                tz=their_now.tzinfo,
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
            if a.ended_at is None and assignment_visible(a, state)
        ]
        worksheets = [
            log
            for log in uow.practice.list(limit=SHOWN * 10)
            if log.answers and state.covers(ShareKind.WORKSHEET, log.id)
        ][:SHOWN]
        reports = state.items.get(ShareKind.REPORT, frozenset())
        row = caseload_row(uow, person_id, name, state, their_now)
        view = ClientView(
            person_id=person_id,
            name=name,
            state=state,
            row=row,
            homework=homework_weeks,
            practice=[seen_practice(log, state) for log in logs],
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
            reports=[
                r for r in uow.shared_reports.list() if r.revoked_at is None and r.id in reports
            ],
            safety_plan=uow.safety_plan.current() if ShareKind.SAFETY_PLAN in state.kinds else None,
            sessions=[seen_session(s, state) for s in uow.sessions.list()],
        )
        _by_therapist(uow, "therapist.read", now, therapist, person_id, "overview")
        if row.attention is not None:  # a look at the safety flags is a read too
            _by_therapist(uow, "therapist.read", now, therapist, person_id, "safety-flags")
        uow.commit()
    return view


def shared_entry(
    uow: ServerUnitOfWork, therapist: Account, person_id: int, entry_id: int, *, now: datetime
) -> JournalEntry:
    """One journal entry the client shares; NotFound otherwise (also for unshared ones)."""
    with uow:
        _, state = require_link(uow, therapist, person_id)
        if not state.covers(ShareKind.JOURNAL, entry_id):
            raise NotFound("journal entry", entry_id)
        entry = uow.journal.get(entry_id)
        _by_therapist(uow, "therapist.read", now, therapist, person_id, f"journal={entry_id}")
        uow.commit()
    return entry


def shared_report(
    uow: ServerUnitOfWork, therapist: Account, person_id: int, report_id: int, *, now: datetime
) -> SharedReport:
    """A prep report the client sent to this therapist and has not withdrawn; NotFound
    otherwise."""
    with uow:
        _, state = require_link(uow, therapist, person_id)
        if not state.covers(ShareKind.REPORT, report_id):
            raise NotFound("report", report_id)
        report = uow.shared_reports.get(report_id)
        if report.revoked_at is not None:
            raise NotFound("report", report_id)
        _by_therapist(uow, "therapist.read", now, therapist, person_id, f"report={report_id}")
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
        require_link(uow, therapist, person_id)
        homework.store_assignment(uow, assignment)
        _by_therapist(
            uow, "therapist.write", now, therapist, person_id, f"assignment={assignment.id}"
        )
        uow.commit()
    return assignment


def _visible_assignment(uow: ServerUnitOfWork, state: SharingState, ident: int) -> Assignment:
    """Homework the therapist may see, for a write; one and the same NotFound for an id that
    does not exist and for one they cannot see (the answer tells nothing)."""
    try:
        a = uow.homework.get(ident)
    except NotFound:
        a = None
    if a is None or not assignment_visible(a, state):
        raise NotFound("homework", ident)
    return a


def end_client_homework(
    uow: ServerUnitOfWork, therapist: Account, person_id: int, assignment_id: int, *, now: datetime
) -> Assignment:
    with uow:
        _, state = require_link(uow, therapist, person_id)
        a = _visible_assignment(uow, state, assignment_id)
        if a.ended_at is None:
            a.ended_at = now
            uow.homework.update(a)
        _by_therapist(uow, "therapist.write", now, therapist, person_id, f"assignment={a.id} ended")
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
        _, state = require_link(uow, therapist, person_id)
        a = _visible_assignment(uow, state, assignment_id)
        today = their_clock(now, zones_by_person(uow).get(person_id)).date()
        anchor = uow.sessions.latest(on_or_before=today)
        first = week_start(today, anchor=anchor.date if anchor else None)
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
        _by_therapist(uow, "therapist.write", now, therapist, person_id, f"rating={r.id}")
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
    session = therapy_sessions.new_session(
        day=day,
        takeaways=list(takeaways),
        themes=list(themes),
        next_appointment=next_appointment,
        now=now,
    )
    with uow:
        require_link(uow, therapist, person_id)
        uow.sessions.add(session)
        _by_therapist(uow, "therapist.write", now, therapist, person_id, f"session={session.id}")
        uow.commit()
    return session
