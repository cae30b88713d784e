"""Every entity survives a round trip through its repository, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from midweek.domain.entities import (
    Assignment,
    Barrier,
    BarrierKind,
    Checkin,
    CheckinKind,
    FlagSource,
    Goal,
    GoalStatus,
    JournalEntry,
    Outcome,
    PracticeLog,
    Question,
    QuestionStatus,
    SafetyFlag,
    TherapySession,
)
from midweek.domain.errors import NotFound
from midweek.storage import Store

from .conftest import REPO_OF, T0, add_all, at, full_entities, is_utc, minimal_entities

ENTITY_NAMES = list(REPO_OF)


def _datetimes(entity: Any) -> list[datetime | None]:
    return [
        getattr(entity, f.name)
        for f in dataclasses.fields(entity)
        if isinstance(getattr(entity, f.name), datetime)
    ]


@pytest.mark.parametrize("variant", ["full", "minimal"])
@pytest.mark.parametrize("name", ENTITY_NAMES)
def test_round_trip(store: Store, name: str, variant: str) -> None:
    items = full_entities() if variant == "full" else minimal_entities()
    with store.unit_of_work() as uow:
        add_all(uow, items, link=variant == "full")
        uow.commit()
    original = items[name]
    assert isinstance(original.id, int)
    with store.unit_of_work() as uow:
        got = getattr(uow, REPO_OF[name]).get(original.id)
        listed = getattr(uow, REPO_OF[name]).list()
    assert got == original  # every field, aware datetimes as the same instant
    assert listed == [original]
    assert all(is_utc(v) for v in _datetimes(got))
    assert [v.microsecond for v in _datetimes(got) if v] == [
        v.microsecond for v in _datetimes(original) if v
    ]
    if variant == "full":
        # Every optional field was set: a field lost on the way would come back empty.
        assert all(v not in (None, [], {}) for v in dataclasses.asdict(got).values())


def test_aware_datetimes_round_trip_exactly(store: Store) -> None:
    moments = [
        datetime(2024, 1, 1, 0, 0, 0, 0, tzinfo=UTC),
        datetime(2024, 1, 1, 0, 0, 0, 1, tzinfo=UTC),
        datetime(2024, 6, 30, 23, 59, 59, 999999, tzinfo=timezone(timedelta(hours=14))),
        datetime(
            1999, 12, 31, 23, 59, 59, 500000, tzinfo=timezone(timedelta(hours=-9, minutes=-30))
        ),
    ]
    with store.unit_of_work() as uow:
        for m in moments:
            uow.journal.add(JournalEntry(text="x", written_at=m))
        uow.commit()
    with store.unit_of_work() as uow:
        got = [e.written_at for e in uow.journal.list()]
    assert got == sorted(moments, reverse=True)
    assert [g.astimezone(UTC).replace(tzinfo=None) for g in got] == [
        m.astimezone(UTC).replace(tzinfo=None) for m in sorted(moments, reverse=True)
    ]
    assert all(g.tzinfo is UTC for g in got)


def test_naive_datetimes_are_refused(store: Store) -> None:
    with store.unit_of_work() as uow, pytest.raises(ValueError, match="naive"):
        uow.journal.add(JournalEntry(text="x", written_at=datetime(2024, 1, 1, 12, 0)))


@pytest.mark.parametrize(
    "repo",
    [
        "sessions",
        "goals",
        "homework",
        "practice",
        "journal",
        "questions",
        "barriers",
        "checkins",
        "flags",
    ],
)
def test_get_missing_id_is_not_found(store: Store, repo: str) -> None:
    with store.unit_of_work() as uow, pytest.raises(NotFound, match="with id 999"):
        getattr(uow, repo).get(999)


def test_update_missing_is_not_found(store: Store) -> None:
    with store.unit_of_work() as uow:
        with pytest.raises(NotFound):
            uow.goals.update(Goal(text="g", value=None, importance=1, confidence=1, id=42))
        with pytest.raises(NotFound):
            uow.questions.update(Question(text="q", created_at=T0))
        with pytest.raises(NotFound):
            uow.homework.update(
                Assignment(title="t", per_week=1, minutes=1, start=date.today(), id=7)
            )


def test_add_sets_the_id_on_the_same_object(store: Store) -> None:
    entry = JournalEntry(text="x", written_at=T0)
    with store.unit_of_work() as uow:
        returned = uow.journal.add(entry)
        second = uow.journal.add(JournalEntry(text="y", written_at=T0))
        uow.commit()
    assert returned is entry
    assert isinstance(entry.id, int) and second.id == entry.id + 1


def test_updates_keep_the_row_and_change_every_field(store: Store) -> None:
    with store.unit_of_work() as uow:
        items = add_all(uow, full_entities())
        uow.commit()
    goal, question, assignment = items["goal"], items["question"], items["assignment"]
    goal.text, goal.value, goal.status, goal.updated_at = (
        "new text",
        None,
        GoalStatus.ACHIEVED,
        at(99),
    )
    goal.importance, goal.confidence = 1, 2
    question.status, question.discussed_at, question.text = QuestionStatus.OPEN, None, "reworded"
    assignment.ended_at, assignment.instructions, assignment.end = None, None, None
    with store.unit_of_work() as uow:
        uow.goals.update(goal)
        uow.questions.update(question)
        uow.homework.update(assignment)
        uow.commit()
    with store.unit_of_work() as uow:
        assert uow.goals.get(goal.id) == goal
        assert uow.questions.get(question.id) == question
        assert uow.homework.get(assignment.id) == assignment
        assert len(uow.goals.list()) == 1


# --- lists: filters and order ----------------------------------------------------------


def test_sessions_newest_first_limit_and_latest(store: Store) -> None:
    days = [date(2024, 1, 10), date(2024, 1, 3), date(2024, 1, 17), date(2024, 1, 3)]
    with store.unit_of_work() as uow:
        sessions = [uow.sessions.add(TherapySession(date=d)) for d in days]
        uow.commit()
    with store.unit_of_work() as uow:
        listed = uow.sessions.list()
        assert [s.date for s in listed] == sorted(days, reverse=True)
        # Same day: the later one (higher id) first.
        assert [s.id for s in listed[2:]] == [sessions[3].id, sessions[1].id]
        assert uow.sessions.list(limit=2) == listed[:2]
        assert uow.sessions.latest() == listed[0]
        assert uow.sessions.latest(on_or_before=date(2024, 1, 16)).date == date(2024, 1, 10)
        assert uow.sessions.latest(on_or_before=date(2024, 1, 10)).date == date(2024, 1, 10)
        assert uow.sessions.latest(on_or_before=date(2024, 1, 2)) is None


def test_goals_newest_first(store: Store) -> None:
    with store.unit_of_work() as uow:
        ids = [
            uow.goals.add(Goal(text=str(i), value=None, importance=i, confidence=i)).id
            for i in range(3)
        ]
        uow.commit()
        assert [g.id for g in uow.goals.list()] == ids[::-1]


def test_assignments_active_on(store: Store) -> None:
    day = date(2024, 5, 15)

    def a(title: str, start: date, end: date | None = None, ended: datetime | None = None) -> Any:
        return Assignment(title=title, per_week=3, minutes=10, start=start, end=end, ended_at=ended)

    cases = {
        "running": a("running", date(2024, 5, 1)),
        "starts today": a("starts today", day),
        "starts tomorrow": a("starts tomorrow", day + timedelta(days=1)),
        "ends today": a("ends today", date(2024, 5, 1), end=day),
        "ended yesterday": a("ended yesterday", date(2024, 5, 1), end=day - timedelta(days=1)),
        "stopped today": a(
            "stopped today",
            date(2024, 5, 1),
            ended=datetime(2024, 5, 15, 23, 59, 59, 999999, tzinfo=UTC),
        ),
        "stops tomorrow": a(
            "stops tomorrow", date(2024, 5, 1), ended=datetime(2024, 5, 16, 0, 0, tzinfo=UTC)
        ),
    }
    with store.unit_of_work() as uow:
        for item in cases.values():
            uow.homework.add(item)
        uow.commit()
    with store.unit_of_work() as uow:
        active = {x.title for x in uow.homework.list(active_on=day)}
        everything = uow.homework.list()
    assert active == {"running", "starts today", "ends today", "stops tomorrow"}
    assert active == {x.title for x in cases.values() if x.is_active(day)}
    assert [x.id for x in everything] == sorted((x.id for x in cases.values()), reverse=True)


def test_practice_filters(store: Store) -> None:
    with store.unit_of_work() as uow:
        one = uow.homework.add(Assignment(title="one", per_week=1, minutes=5, start=T0.date()))
        two = uow.homework.add(Assignment(title="two", per_week=1, minutes=5, start=T0.date()))
        logs = [
            uow.practice.add(PracticeLog(assignment_id=aid, at=at(m), outcome=Outcome.DONE))
            for aid, m in [(one.id, 0), (one.id, 10), (two.id, 20), (one.id, 30), (one.id, 40)]
        ]
        uow.commit()
    with store.unit_of_work() as uow:
        assert [p.id for p in uow.practice.list()] == [p.id for p in logs][::-1]
        mine = uow.practice.list(assignment_id=one.id)
        assert [p.at for p in mine] == [at(40), at(30), at(10), at(0)]
        # since inclusive, until exclusive, in any time zone
        window = uow.practice.list(
            assignment_id=one.id,
            since=at(10).astimezone(UTC),
            until=at(40).astimezone(timezone(timedelta(hours=3))),
        )
        assert [p.at for p in window] == [at(30), at(10)]
        assert uow.practice.list(limit=2) == uow.practice.list()[:2]
        assert uow.practice.list(assignment_id=two.id, since=at(21)) == []


def test_journal_list_since_limit_count(store: Store) -> None:
    with store.unit_of_work() as uow:
        for m in (5, 1, 3, 2, 4):
            uow.journal.add(JournalEntry(text=f"entry {m}", written_at=at(m)))
        uow.commit()
    with store.unit_of_work() as uow:
        assert [e.text for e in uow.journal.list()] == [f"entry {m}" for m in (5, 4, 3, 2, 1)]
        assert [e.text for e in uow.journal.list(since=at(3))] == ["entry 5", "entry 4", "entry 3"]
        assert [e.text for e in uow.journal.list(limit=2)] == ["entry 5", "entry 4"]
        assert uow.journal.list(limit=0) == []
        assert uow.journal.count() == 5


def test_barriers_questions_checkins_flags_filters(store: Store) -> None:
    with store.unit_of_work() as uow:
        a = uow.homework.add(Assignment(title="a", per_week=1, minutes=5, start=T0.date()))
        b1 = uow.barriers.add(Barrier(kind=BarrierKind.TIME, at=at(1), assignment_id=a.id))
        b2 = uow.barriers.add(Barrier(kind=BarrierKind.FEAR, at=at(2)))
        b3 = uow.barriers.add(Barrier(kind=BarrierKind.TIME, at=at(3), assignment_id=a.id))
        q_open = uow.questions.add(Question(text="open", created_at=at(1)))
        q_done = uow.questions.add(
            Question(
                text="done", created_at=at(2), status=QuestionStatus.DISCUSSED, discussed_at=at(3)
            )
        )
        q_new = uow.questions.add(Question(text="newer", created_at=at(4)))
        c1 = uow.checkins.add(Checkin(kind=CheckinKind.MOOD, at=at(1), mood=3))
        c2 = uow.checkins.add(Checkin(kind=CheckinKind.GAD7, at=at(2), answers=[1] * 7, total=7))
        c3 = uow.checkins.add(Checkin(kind=CheckinKind.MOOD, at=at(3), mood=7))
        f1 = uow.flags.add(SafetyFlag(source=FlagSource.CHECKIN_NOTE, at=at(1)))
        f2 = uow.flags.add(SafetyFlag(source=FlagSource.PHQ9_ITEM9, at=at(5)))
        uow.commit()
    with store.unit_of_work() as uow:
        assert uow.barriers.list() == [b3, b2, b1]
        assert uow.barriers.list(assignment_id=a.id) == [b3, b1]
        assert uow.barriers.list(since=at(2)) == [b3, b2]
        assert uow.questions.list() == [q_new, q_done, q_open]
        assert uow.questions.list(status=QuestionStatus.OPEN) == [q_new, q_open]
        assert uow.questions.list(status=QuestionStatus.DISCUSSED) == [q_done]
        assert uow.checkins.list() == [c3, c2, c1]
        assert uow.checkins.list(kind=CheckinKind.MOOD) == [c3, c1]
        assert uow.checkins.list(kind=CheckinKind.MOOD, limit=1) == [c3]
        assert uow.checkins.list(since=at(2)) == [c3, c2]
        assert uow.flags.list() == [f2, f1]
        assert uow.flags.list(since=at(2)) == [f2]
