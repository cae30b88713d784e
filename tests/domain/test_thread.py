from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from midweek.domain.entities import (
    Assignment,
    Barrier,
    BarrierKind,
    JournalEntry,
    Outcome,
    PracticeLog,
    TherapySession,
)
from midweek.domain.thread import bm25, build_thread, select_sessions, tokenize


def at(day: int, hour: int = 20) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


def test_tokenize_drops_stopwords_short_words_and_case() -> None:
    assert tokenize("I didn't SLEEP well, and the worry’s back!") == [
        "didn't",
        "sleep",
        "well",
        "worry's",
        "back",
    ]


def test_bm25_ranks_the_relevant_entry_first_and_drops_unrelated() -> None:
    docs = [
        (1, "Walked by the river with my sister."),
        (2, "Could not sleep; the worry about work kept me awake. Sleep came at three."),
        (3, "Slept badly again; sleep is hard when work worry builds."),
        (4, "Lunch with colleagues."),
    ]
    ranked = bm25(tokenize("sleep worry"), docs)
    assert [i for i, _ in ranked] == [2, 3]
    assert ranked[0][1] > ranked[1][1] > 0
    assert bm25([], docs) == [] and bm25(["sleep"], []) == []


@given(st.lists(st.text(min_size=0, max_size=60), min_size=1, max_size=8), st.text(max_size=20))
def test_bm25_scores_are_positive_and_sorted(texts, query) -> None:
    ranked = bm25(tokenize(query), list(enumerate(texts)))
    scores = [s for _, s in ranked]
    assert all(s > 0 for s in scores)
    assert scores == sorted(scores, reverse=True)


S1 = TherapySession(date=date(2026, 11, 3), takeaways=["Worry time helps"], themes=["worry"], id=1)
S2 = TherapySession(
    date=date(2026, 11, 10), takeaways=["Say no kindly"], themes=["Boundaries"], id=2
)
S3 = TherapySession(
    date=date(2026, 11, 17), takeaways=["Sleep routine"], themes=["sleep", "worry"], id=3
)
A1 = Assignment(
    title="Worry time",
    per_week=7,
    minutes=10,
    start=date(2026, 11, 3),
    session_id=1,
    goal_id=5,
    id=11,
)
A2 = Assignment(
    title="Say no", per_week=2, minutes=5, start=date(2026, 11, 10), session_id=2, id=12
)


def test_select_by_theme_and_goal() -> None:
    sessions = [S3, S1, S2]
    assert [s.id for s in select_sessions(sessions, [A1, A2], theme="WORRY")] == [1, 3]
    assert [s.id for s in select_sessions(sessions, [A1, A2], theme="bound")] == [2]
    assert [s.id for s in select_sessions(sessions, [A1, A2], goal_id=5)] == [1]
    assert [s.id for s in select_sessions(sessions, [A1, A2])] == [1, 2, 3]


def test_build_thread_intervals_practice_barriers_and_related_writing() -> None:
    logs = [
        PracticeLog(assignment_id=11, at=at(4), outcome=Outcome.DONE, minutes=10, id=1),
        PracticeLog(assignment_id=11, at=at(5), outcome=Outcome.PARTIAL, minutes=5, id=2),
        PracticeLog(assignment_id=11, at=at(10, 9), outcome=Outcome.DONE, id=3),  # next interval
    ]
    barriers = [
        Barrier(kind=BarrierKind.TIME, at=at(6), assignment_id=11, id=1),
        Barrier(kind=BarrierKind.FEAR, at=at(12), id=2),
    ]
    entries = [
        JournalEntry(text="Worry time at six felt odd.", written_at=at(4), tags=["worry"], id=1),
        JournalEntry(text="The worry time helps me sleep.", written_at=at(7), id=2),
        JournalEntry(text="Lunch with a friend.", written_at=at(8), id=3),
        JournalEntry(text="Worry again, on the day of the next session.", written_at=at(10), id=4),
    ]
    steps = build_thread(
        [S1, S2],
        all_session_dates=[S1.date, S2.date, S3.date],
        assignments=[A1, A2],
        logs=logs,
        barriers=barriers,
        entries=entries,
        today=date(2026, 11, 27),
    )
    first, second = steps
    assert first.until == date(2026, 11, 9)
    totals = first.practice[0].totals
    assert totals is not None and totals.credit == 1.5 and totals.minutes == 15
    assert totals.planned == 7
    assert [b.id for b in first.barriers] == [1]
    assert [e.id for e in first.by_theme] == [1]
    assert [e.id for e in first.similar] == [2]  # "worry time" similar; lunch is not
    assert [p.assignment.id for p in second.practice] == [12]
    assert [b.id for b in second.barriers] == [2]
    assert second.until == date(2026, 11, 16)


def test_the_latest_session_runs_through_today() -> None:
    entry = JournalEntry(text="Sleep routine went well", written_at=at(27, 9), id=9)
    (step,) = build_thread(
        [S3],
        all_session_dates=[S1.date, S2.date, S3.date],
        assignments=[],
        logs=[],
        barriers=[],
        entries=[entry],
        today=date(2026, 11, 27),
    )
    assert step.until == date(2026, 11, 27)
    assert [e.id for e in step.similar] == [9]
