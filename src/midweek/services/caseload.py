"""The therapist's caseload: one row per linked client, from what each one shares.

Each row reads only the kinds the client shares with this therapist (``services.consent``),
counted on the client's own clock; reading the caseload writes one audit event per client.
A client id the therapist has no active link to is ``NotFound``, the same answer as an id
that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from midweek import messages
from midweek.domain.accounts import Account
from midweek.domain.adherence import adherence, summarise
from midweek.domain.entities import Assignment, Checkin, PracticeLog, QuestionStatus
from midweek.domain.errors import ValidationError
from midweek.domain.instruments import GAD7, PHQ9
from midweek.domain.measures import SeriesOutcome, series_outcome
from midweek.domain.sharing import Attention, ShareKind, SharingState, attention
from midweek.services.audit import audit
from midweek.services.care_links import names_by_person
from midweek.services.consent import require_link
from midweek.services.ports import AccountsUnitOfWork, ServerUnitOfWork
from midweek.services.zones import account_zone

#: The caseload's adherence looks back this far.
CASELOAD_DAYS = 14
#: The caseload's small trends: practice per week over this many weeks, and the newest
#: this many PHQ-9 / GAD-7 scores.
TREND_WEEKS = 6
TREND_SCORES = 8


def zones_by_person(uow: AccountsUnitOfWork) -> dict[int, tzinfo]:
    """Each client's chosen zone, by person (clients without one are left out)."""
    return {
        a.person_id: zone
        for a in uow.accounts.list()
        if a.person_id is not None and (zone := account_zone(a)) is not None
    }


def their_clock(now: datetime, zone: tzinfo | None) -> datetime:
    """The same instant on the client's clock: their "today" and practice week are counted
    where they live, whichever zone the therapist reads from (moments are shown in the
    therapist's zone by the pages)."""
    return now.astimezone(zone) if zone is not None else now


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
    # Safety flags of the last CASELOAD_DAYS, newest first, when the client lets this
    # therapist know (None when not shared; an empty list when there is nothing).
    attention: list[Attention] | None = None
    # Share of planned practice per 7-day week, oldest first (the last ends today); None
    # for a week with nothing planned. None when practice is not shared.
    practice_trend: list[float | None] | None = None
    # The newest scores per instrument code, oldest first; None when check-ins are not shared.
    measure_trends: dict[str, list[int]] | None = None

    @property
    def ratio(self) -> float | None:
        if self.credit is None or not self.planned:
            return None
        return self.credit / self.planned

    @property
    def needs_attention(self) -> bool:
        return bool(self.attention)


def caseload_window(now: datetime, days: int) -> tuple[date, date, datetime]:
    """The first and last day of the ``days`` ending today, and the first one's start."""
    start = now.date() - timedelta(days=days - 1)
    return start, now.date(), datetime.combine(start, time.min, now.tzinfo)


def _practice_trend(
    assignments: list[Assignment], logs: list[PracticeLog], now: datetime
) -> list[float | None]:
    """Share of planned practice per 7-day week (partial credit counts), oldest first."""
    out: list[float | None] = []
    today = now.date()
    for back in range(TREND_WEEKS - 1, -1, -1):
        end = today - timedelta(days=7 * back)
        start = end - timedelta(days=6)
        # Plain 7-day weeks, so every point covers the same span whatever the session days.
        overall = summarise(
            adherence(assignments, logs, session_dates=[], start=start, end=end, tz=now.tzinfo)
        ).overall
        out.append(overall.credit / overall.planned if overall.planned else None)
    return out


def _scores(checkins: list[Checkin], code: str) -> list[int]:
    scores = [
        c.total if c.total is not None else sum(c.answers or ())
        for c in sorted(checkins, key=lambda c: c.at)
        if c.kind == code and (c.total is not None or c.answers)
    ]
    return scores[-TREND_SCORES:]


def caseload_row(
    uow: ServerUnitOfWork, person_id: int, name: str, state: SharingState, now: datetime
) -> CaseloadRow:
    """One client's row: a fixed handful of reads per shared kind, however long their
    history (the practice of the trend's weeks is read once and reused for the summary)."""
    start, end, since = caseload_window(now, CASELOAD_DAYS)
    credit = planned = None
    barriers: dict[str, int] | None = None
    trend: list[float | None] | None = None
    if ShareKind.PRACTICE in state.kinds:
        assignments = uow.homework.list()
        sessions = uow.sessions.list()
        trend_since = datetime.combine(
            now.date() - timedelta(days=7 * TREND_WEEKS - 1), time.min, now.tzinfo
        )
        logs = uow.practice.list(since=min(since, trend_since))
        weeks = adherence(
            assignments,
            logs,
            session_dates=[s.date for s in sessions],
            start=start,
            end=end,
            tz=now.tzinfo,
        )
        overall = summarise(weeks).overall
        credit, planned = overall.credit, overall.planned
        trend = _practice_trend(assignments, logs, now)
        barriers = {}
        for b in uow.barriers.list(since=since):
            barriers[b.kind.value] = barriers.get(b.kind.value, 0) + 1
    measures = None
    measure_trends: dict[str, list[int]] | None = None
    if ShareKind.CHECKIN in state.kinds:
        checkins = uow.checkins.list()
        measures = [o for inst in (PHQ9, GAD7) if (o := series_outcome(inst, checkins))]
        measure_trends = {
            inst.code: scores for inst in (PHQ9, GAD7) if (scores := _scores(checkins, inst.code))
        }
    questions = None
    if ShareKind.QUESTIONS in state.kinds:
        questions = len(uow.questions.list(status=QuestionStatus.OPEN))
    flags = None
    if ShareKind.SAFETY_FLAGS in state.kinds:
        flags = attention(uow.flags.list(since=since))
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
        attention=flags,
        practice_trend=trend,
        measure_trends=measure_trends,
    )


#: Caseload orders: the one who is struggling first (anyone the client lets the therapist
#: know needs attention, then the lowest share of planned practice, then most barriers),
#: by name, or by next appointment.
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
        not r.needs_attention,
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
        names = names_by_person(uow)
        zones = zones_by_person(uow)
        clients = [
            (link.client_person_id, names.get(link.client_person_id, "?"))
            for link in uow.care_links.for_therapist(therapist.id)
            if link.active and link.client_person_id is not None
        ]
    rows = []
    for person_id, name in clients:
        with client_uow(person_id) as cuow:
            _, state = require_link(cuow, therapist, person_id)
            their_now = their_clock(now, zones.get(person_id))
            row = caseload_row(cuow, person_id, name, state, their_now)
            rows.append(row)
            audit(
                cuow,
                "therapist.read",
                now,
                actor=therapist.id,
                subject=person_id,
                detail="caseload",
            )
            if row.attention is not None:  # a look at the safety flags is a read too
                audit(
                    cuow,
                    "therapist.read",
                    now,
                    actor=therapist.id,
                    subject=person_id,
                    detail="safety-flags",
                )
            cuow.commit()
    return sorted(rows, key=_sort_key(sort))


#: Caseload filters: everyone, those the client lets the therapist know need attention,
#: and those with an appointment in the next seven days.
FILTERS = ("all", "attention", "week")


def filter_caseload(rows: list[CaseloadRow], show: str, *, now: datetime) -> list[CaseloadRow]:
    """The rows ``show`` keeps, in the order given."""
    if show == "attention":
        return [r for r in rows if r.needs_attention]
    if show == "week":
        soon = now + timedelta(days=7)
        return [r for r in rows if r.next_appointment is not None and r.next_appointment <= soon]
    return rows
