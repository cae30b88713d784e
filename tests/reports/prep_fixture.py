"""A fixed, hand-made PrepData for view-model and golden-file tests (not the random demo)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from midweek.domain.adherence import Totals, Win, WinKind, barrier_patterns
from midweek.domain.entities import (
    Assignment,
    Barrier,
    BarrierKind,
    Checkin,
    CheckinKind,
    JournalEntry,
    Outcome,
    PracticeLog,
    Question,
    TherapySession,
)
from midweek.domain.instruments import GAD7, PHQ9
from midweek.domain.measures import item9_positive, series_outcome
from midweek.domain.safety import CrisisContact, CrisisResources
from midweek.services.prep import AssignmentPractice, PrepData

NOW = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)
SINCE = date(2026, 11, 20)


def at(day: int, hour: int = 18) -> datetime:
    return datetime(2026, 11, day, hour, 0, tzinfo=UTC)


def totals(
    planned: float,
    done: int,
    partial: int,
    credit: float,
    minutes: int,
    per: int,
    quality: float | None,
) -> Totals:
    return Totals(
        weeks=1,
        planned=planned,
        done=done,
        partial=partial,
        skipped=0,
        credit=credit,
        minutes=minutes,
        planned_minutes=planned * per,
        mean_quality=quality,
        rated=done + partial if quality is not None else 0,
    )


def make_data(*, item9: bool = True) -> PrepData:
    worry = Assignment("Worry time", per_week=3, minutes=10, start=date(2026, 11, 6), id=3)
    walk = Assignment("Mindful walk", per_week=2, minutes=15, start=date(2026, 11, 20), id=4)
    session = TherapySession(
        date=SINCE, takeaways=["Thoughts are not facts."], themes=["worry"], id=5
    )
    logs = {
        12: PracticeLog(3, at(22), Outcome.DONE, minutes=10, quality=3, id=12),
        13: PracticeLog(4, at(23), Outcome.PARTIAL, minutes=10, quality=2, id=13),
    }
    barriers = [
        Barrier(BarrierKind.TIME, at(21), assignment_id=3, next_step="Shrink it"),
        Barrier(BarrierKind.TIME, at(24), assignment_id=4, next_step="Reschedule it"),
        Barrier(BarrierKind.FEAR, at(25), assignment_id=4),
    ]
    phq = [
        Checkin(CheckinKind.PHQ9, at(6), answers=[2, 2, 2, 2, 1, 1, 1, 2, 0], total=13, id=30),
        Checkin(
            CheckinKind.PHQ9,
            at(26),
            answers=[1, 1, 1, 1, 1, 0, 1, 0, 1 if item9 else 0],
            total=7,
            id=31,
        ),
    ]
    gad = [
        Checkin(CheckinKind.GAD7, at(6), answers=[2, 1, 1, 1, 1, 1, 1], total=8, id=32),
        Checkin(CheckinKind.GAD7, at(26), answers=[1, 1, 1, 1, 1, 1, 1], total=7, id=33),
    ]
    measures = sorted([*phq, *gad], key=lambda c: (c.at, c.id or 0))
    mood = [
        Checkin(CheckinKind.MOOD, at(d, 20), mood=m, id=40 + d)
        for d, m in ((20, 4), (22, 5), (24, 3), (26, 6))
    ]
    return PrepData(
        now=NOW,
        since=SINCE,
        until=NOW.date(),
        last_session=session,
        sessions=[session],
        practice=[
            AssignmentPractice(worry, totals(3, 2, 0, 2.0, 25, 10, 3.0)),
            AssignmentPractice(walk, totals(2, 0, 1, 0.67, 10, 15, 2.0)),
        ],
        overall=totals(5, 2, 1, 2.67, 35, 12, 2.67),
        wins=[
            Win(WinKind.DESPITE_BARRIER, 3, 12, at(22)),
            Win(WinKind.BEST_QUALITY, 3, 12, at(22)),
            Win(WinKind.FIRST_PRACTICE, 4, 13, at(23)),
        ],
        logs=logs,
        assignments={3: worry, 4: walk},
        barriers=barrier_patterns(barriers, since=at(20, 0), until=at(28, 0)),
        bring=[
            JournalEntry("Said no to Sam. <Heart racing> & all.", at(23, 21), bring=True, id=45)
        ],
        insight_entries=[
            JournalEntry("Guilt fades after a day.", at(25, 21), tags=["insight"], id=46)
        ],
        questions=[Question("How do I handle the guilt?", at(21, 9), id=7)],
        phq9=series_outcome(PHQ9, measures),
        gad7=series_outcome(GAD7, measures),
        measures=measures,
        item9=item9_positive(c for c in measures if c.at >= at(20, 0)),
        mood=mood,
    )


SUPPORT = CrisisResources(
    country="GB",
    contacts=(CrisisContact("Samaritans", phone="116 123", hours="24/7"),),
    emergency_number="999",
)
