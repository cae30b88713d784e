"""Build the prep report's data: what happened since the last session, read in one transaction.

The report reads the window, not the whole past, so its cost stays flat as history grows:
practice logs, barriers, journal entries and mood check-ins of the window; earlier logs only
of the assignments active in the window (to tell a first practice or a best quality); all
PHQ-9/GAD-7 check-ins (a few a month at most) for their change; and the open questions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from midweek import messages
from midweek.domain.adherence import (
    BarrierPatterns,
    Totals,
    Win,
    adherence,
    barrier_patterns,
    small_wins,
    summarise,
)
from midweek.domain.entities import (
    Assignment,
    Checkin,
    CheckinKind,
    JournalEntry,
    Outcome,
    PracticeLog,
    Question,
    QuestionStatus,
    TherapySession,
)
from midweek.domain.errors import ValidationError
from midweek.domain.instruments import GAD7, PHQ9
from midweek.domain.measures import Item9, SeriesOutcome, item9_positive, series_outcome
from midweek.services.ports import PracticeBefore, UnitOfWork

#: Without any session, the report covers this many days.
DEFAULT_DAYS = 14
#: Journal entries with this tag count as new insights (besides session takeaways).
INSIGHT_TAG = "insight"


@dataclass(frozen=True)
class AssignmentPractice:
    assignment: Assignment
    totals: Totals


@dataclass(frozen=True)
class PrepData:
    """Plain data for the report; ``since``..``until`` are the days covered (inclusive)."""

    now: datetime
    since: date
    until: date
    last_session: TherapySession | None
    sessions: list[TherapySession]  # sessions in the window, oldest first
    practice: list[AssignmentPractice]
    overall: Totals | None
    wins: list[Win]
    logs: dict[int, PracticeLog]  # the window's logs by id (for win details)
    assignments: dict[int, Assignment]
    barriers: BarrierPatterns
    bring: list[JournalEntry]  # oldest first
    insight_entries: list[JournalEntry]  # oldest first
    questions: list[Question]  # open, oldest first
    phq9: SeriesOutcome | None
    gad7: SeriesOutcome | None
    measures: list[Checkin]  # every PHQ-9/GAD-7 check-in, oldest first
    item9: list[Item9]  # PHQ-9 item 9 above zero within the window
    mood: list[Checkin]  # mood check-ins in the window, oldest first
    #: Safety flags in the window (PHQ-9 item 9, hard words noticed): only a count, so the
    #: detector's phrases never reach a report. Shown only if the person includes them.
    safety_events: int = 0

    @property
    def is_empty(self) -> bool:
        return not (
            self.practice
            or self.wins
            or self.barriers.total
            or self.bring
            or self.insight_entries
            or any(s.takeaways for s in self.sessions)
            or self.questions
            or self.measures
            or self.mood
        )


def _sessions_since(uow: UnitOfWork, since: date) -> list[TherapySession]:
    # Newest first, fetched in growing pages until one is older than ``since``.
    limit = 8
    while True:
        found = uow.sessions.list(limit=limit)
        if len(found) < limit or found[-1].date < since:
            return [s for s in found if s.date >= since]
        limit *= 4


def _touches(a: Assignment, since: date, until: date, logged: set[int]) -> bool:
    if a.id in logged:
        return True
    if a.start > until or (a.end is not None and a.end < since):
        return False
    return a.ended_at is None or a.ended_at.date() >= since


def build_prep(uow: UnitOfWork, *, now: datetime, since: date | None = None) -> PrepData:
    """The report's data from ``since`` (default: the latest session day, or 14 days) to now."""
    today = now.date()
    tz = now.tzinfo
    if since is not None and since > today:
        raise ValidationError(messages.prep_future_since(since), field="since")
    with uow:
        last = uow.sessions.latest(on_or_before=today)
        start = since or (last.date if last else today - timedelta(days=DEFAULT_DAYS))
        since_at = datetime.combine(start, time.min, tz)
        until_at = datetime.combine(today + timedelta(days=1), time.min, tz)

        sessions = sorted(_sessions_since(uow, start), key=lambda s: s.date)
        anchor = uow.sessions.latest(on_or_before=start)
        session_dates = sorted({s.date for s in sessions} | ({anchor.date} if anchor else set()))

        logs = uow.practice.list(since=since_at, until=until_at)
        logged = {log.assignment_id for log in logs if log.assignment_id is not None}
        assignments = [
            a for a in uow.homework.list() if _touches(a, start, today, logged) and a.id is not None
        ]
        assignments.sort(key=lambda a: a.id or 0)
        # Earlier practice, summarised by the database: enough to spot firsts and bests.
        earlier = _stand_ins(uow.practice.before([a.id for a in assignments if a.id], since_at))
        barriers = uow.barriers.list(since=since_at)

        entries = uow.journal.list(since=since_at)
        questions = uow.questions.list(status=QuestionStatus.OPEN)
        measures = uow.checkins.list(kind=CheckinKind.PHQ9) + uow.checkins.list(
            kind=CheckinKind.GAD7
        )
        mood = uow.checkins.list(kind=CheckinKind.MOOD, since=since_at)
        safety_events = sum(1 for f in uow.flags.list(since=since_at) if f.at < until_at)

    weeks = adherence(assignments, logs, session_dates=session_dates, start=start, end=today, tz=tz)
    summary = summarise(weeks)
    by_id = {a.id: a for a in assignments if a.id is not None}
    practice = [
        AssignmentPractice(by_id[ident], totals) for ident, totals in summary.by_assignment.items()
    ]
    practice.sort(key=lambda p: p.assignment.id or 0)
    wins = small_wins(assignments, [*earlier, *logs], barriers, since=since_at, until=until_at)
    measures.sort(key=lambda c: c.at)
    in_window = [c for c in measures if c.at >= since_at]
    return PrepData(
        now=now,
        since=start,
        until=today,
        last_session=last,
        sessions=sessions,
        practice=practice,
        overall=summary.overall if practice else None,
        wins=wins,
        logs={log.id: log for log in logs if log.id is not None},
        assignments=by_id,
        barriers=barrier_patterns(barriers, since=since_at, until=until_at),
        bring=_oldest_first(e for e in entries if e.bring),
        insight_entries=_oldest_first(e for e in entries if INSIGHT_TAG in e.tags),
        questions=sorted(questions, key=lambda q: q.created_at),
        phq9=series_outcome(PHQ9, measures),
        gad7=series_outcome(GAD7, measures),
        measures=measures,
        item9=item9_positive(in_window),
        mood=sorted((c for c in mood if c.mood is not None), key=lambda c: c.at),
        safety_events=safety_events,
    )


def _stand_ins(before: dict[int, PracticeBefore]) -> list[PracticeLog]:
    """Two logs per assignment that tell small_wins all it needs of the past: that there was
    a first practice, and the best rating so far (logs before the window are never wins)."""
    logs: list[PracticeLog] = []
    for ident, b in before.items():
        if b.first_practised is not None:
            logs.append(
                PracticeLog(
                    assignment_id=ident,
                    at=b.first_practised,
                    outcome=Outcome.DONE,
                    quality=b.best_quality,
                )
            )
    return logs


def _oldest_first(entries: Iterable[JournalEntry]) -> list[JournalEntry]:
    return sorted(entries, key=lambda e: e.written_at)
