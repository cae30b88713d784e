"""The weekly plan and barrier patterns as use cases, on a real store (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from midweek.domain.entities import BarrierKind
from midweek.domain.errors import NotFound, ValidationError
from midweek.services import homework, plan
from midweek.services.patterns import barrier_overview
from midweek.storage import open_store

NOW = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)  # a Friday
MONDAY = date(2026, 11, 30)


def _add_homework(store, title: str, per_week: int, minutes: int, **kw):
    return homework.add_homework(
        store.unit_of_work(), title=title, per_week=per_week, minutes=minutes, now=NOW, **kw
    )


def test_windows_add_list_remove(store) -> None:
    added = plan.add_windows(store.unit_of_work(), ["Sat 9:00-10:30", "mon 07:30-07:45"], now=NOW)
    assert [str(plan.window_of(w)) for w in added] == ["Sat 09:00-10:30", "Mon 07:30-07:45"]
    listed = plan.list_windows(store.unit_of_work())
    assert [str(plan.window_of(w)) for w in listed] == ["Mon 07:30-07:45", "Sat 09:00-10:30"]
    assert listed[0].created_at == NOW
    gone = plan.remove_window(store.unit_of_work(), listed[0].id)
    assert gone == listed[0]
    assert plan.list_windows(store.unit_of_work()) == [listed[1]]
    with pytest.raises(NotFound, match="no time window with id 99"):
        plan.remove_window(store.unit_of_work(), 99)


@pytest.mark.parametrize(
    ("texts", "words"),
    [
        (["Mon 07:30-07:45", "Mon 7:40-8:00"], "overlap"),
        (["Mon 07:30-07:45", "Funday 7-8"], "couldn't read"),
        (["Mon 08:00-07:00"], "ends before it starts"),
        ([], "at least one window"),
    ],
)
def test_a_bad_or_overlapping_window_saves_nothing(store, texts, words) -> None:
    with pytest.raises(ValidationError, match=words):
        plan.add_windows(store.unit_of_work(), texts, now=NOW)
    assert plan.list_windows(store.unit_of_work()) == []


def test_a_window_overlapping_a_saved_one_or_saved_twice(store) -> None:
    plan.add_window(store.unit_of_work(), "Wed 19:00-20:00", now=NOW)
    with pytest.raises(ValidationError, match="overlap"):
        plan.add_window(store.unit_of_work(), "Wed 19:30-20:30", now=NOW)
    with pytest.raises(ValidationError, match="already have the window Wed 19:00-20:00"):
        plan.add_window(store.unit_of_work(), "wednesday 19-20", now=NOW)
    plan.add_window(store.unit_of_work(), "Wed 20:00-20:15", now=NOW)  # touching is fine
    assert len(plan.list_windows(store.unit_of_work())) == 2


def test_plan_for_week_fits_and_reports_a_shortfall_with_a_suggestion(store) -> None:
    plan.add_windows(
        store.unit_of_work(), ["Mon 07:30-08:00", "Wed 19:00-19:30", "Sat 09:00-09:30"], now=NOW
    )
    walk = _add_homework(store, "Walk", 3, 20)
    breathe = _add_homework(store, "Breathe", 3, 15)
    week = plan.plan_for_week(store.unit_of_work(), start=MONDAY)
    assert week.end == date(2026, 12, 6)
    assert [a.id for a in week.assignments] == [walk.id, breathe.id]
    p = week.plan
    assert (p.minutes_needed, p.minutes_available) == (105, 90)
    assert [(i.assignment_id, i.day.weekday()) for i in p.items if i.assignment_id == walk.id] == [
        (walk.id, 0),
        (walk.id, 2),
        (walk.id, 5),
    ]
    [short] = p.shortfalls
    assert (short.assignment_id, short.planned, short.placed) == (breathe.id, 3, 0)
    sug = week.suggestions[breathe.id]
    assert sug is not None and (sug.kind, sug.per_week, sug.minutes) == ("shorter", 3, 10)
    assert week.title_of(breathe.id) == "Breathe"


def test_only_homework_running_that_week_is_planned(store) -> None:
    plan.add_window(store.unit_of_work(), "Tue 18:00-19:00", now=NOW)
    old = _add_homework(store, "Old", 1, 10, start=date(2026, 11, 1), until=date(2026, 11, 29))
    later = _add_homework(store, "Later", 1, 10, start=date(2026, 12, 4))
    ended = _add_homework(store, "Ended", 1, 10)
    homework.end_homework(store.unit_of_work(), ended.id, now=NOW)
    now_running = _add_homework(store, "Now", 1, 10)
    week = plan.plan_for_week(store.unit_of_work(), start=MONDAY)
    assert {a.id for a in week.assignments} == {later.id, now_running.id}
    assert old.id not in {i.assignment_id for i in week.plan.items}


def test_windows_earlier_today_are_left_out(store) -> None:
    plan.add_windows(store.unit_of_work(), ["Fri 07:00-07:30", "Fri 19:00-19:30"], now=NOW)
    _add_homework(store, "Walk", 1, 20)
    week = plan.plan_for_week(store.unit_of_work(), start=NOW.date(), now=NOW)
    assert [str(w) for w in week.passed] == ["Fri 07:00-07:30"]
    assert [(i.day, i.start) for i in week.plan.items] == [(NOW.date(), time(19, 0))]
    later = plan.plan_for_week(store.unit_of_work(), start=MONDAY, now=NOW)
    assert later.passed == [] and len(later.windows) == 2


def test_same_day_hint_only_when_it_helps(store) -> None:
    plan.add_window(store.unit_of_work(), "Sun 10:00-11:00", now=NOW)
    a = _add_homework(store, "Twice", 2, 20)
    week = plan.plan_for_week(store.unit_of_work(), start=MONDAY)
    assert week.plan.shortfalls and week.same_day_would_help
    both = plan.plan_for_week(store.unit_of_work(), start=MONDAY, allow_same_day=True)
    assert not both.plan.shortfalls and not both.same_day_would_help
    assert [i.assignment_id for i in both.plan.items] == [a.id, a.id]


def test_barrier_overview_counts_kinds_homework_and_steps(store) -> None:
    walk = _add_homework(store, "Walk", 3, 20)
    uow = store.unit_of_work
    homework.add_barrier(
        uow(), BarrierKind.TIME, at=NOW - timedelta(days=40), assignment_id=walk.id
    )
    homework.add_barrier(
        uow(),
        BarrierKind.TIME,
        at=NOW - timedelta(days=3),
        assignment_id=walk.id,
        next_step="Shrink it",
    )
    homework.add_barrier(
        uow(), BarrierKind.TIME, at=NOW - timedelta(days=1), next_step="Reschedule it"
    )
    homework.add_barrier(uow(), BarrierKind.FEAR, at=NOW, assignment_id=walk.id)
    o = barrier_overview(uow(), now=NOW, weeks=4)
    assert (o.first_day, o.last_day) == (date(2026, 10, 31), date(2026, 11, 27))
    p = o.patterns
    assert p.total == 3 and p.counts[BarrierKind.TIME] == 2 and p.counts[BarrierKind.FEAR] == 1
    assert p.assignments[BarrierKind.TIME] == {walk.id: 1}
    assert p.next_steps[BarrierKind.TIME] == ["Reschedule it", "Shrink it"]
    assert o.titles == {walk.id: "Walk"}
    assert barrier_overview(uow(), now=NOW, weeks=6).patterns.counts[BarrierKind.TIME] == 3
    for weeks in (0, 53):
        with pytest.raises(ValidationError, match="from 1 to 52"):
            barrier_overview(uow(), now=NOW, weeks=weeks)


# --- property: a plan from stored windows never books more than a window holds ----------

_windows = st.sets(
    st.tuples(st.integers(0, 6), st.integers(5, 22)), min_size=0, max_size=8
).flatmap(
    lambda slots: st.tuples(
        st.just(sorted(slots)),
        st.lists(st.integers(1, 60), min_size=len(slots), max_size=len(slots)),
    )
)
_homework = st.lists(st.tuples(st.integers(1, 7), st.integers(1, 45)), min_size=1, max_size=4)
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(windows=_windows, dose=_homework, same_day=st.booleans(), offset=st.integers(0, 6))
def test_a_plan_never_books_more_than_a_window_holds(
    tmp_path: Path, windows, dose, same_day: bool, offset: int
) -> None:
    slots, lengths = windows
    store = open_store("sqlite:///:memory:", tmp_path / "prop.key")
    try:
        texts = [
            f"{_DAYS[d]} {h:02d}:00-{h:02d}:{length:02d}"
            if length < 60
            else f"{_DAYS[d]} {h}-{h + 1}"
            for (d, h), length in zip(slots, lengths, strict=True)
        ]
        if texts:
            plan.add_windows(store.unit_of_work(), texts, now=NOW)
        for i, (per_week, minutes) in enumerate(dose):
            _add_homework(store, f"H{i}", per_week, minutes, start=MONDAY)
        start = MONDAY + timedelta(days=offset)
        week = plan.plan_for_week(store.unit_of_work(), start=start, allow_same_day=same_day)
        stored = [plan.window_of(w) for w in plan.list_windows(store.unit_of_work())]
        booked: dict[tuple[date, int], int] = defaultdict(int)
        per_day: dict[tuple[date, int], int] = defaultdict(int)
        for item in week.plan.items:
            assert start <= item.day <= week.end
            holding = [
                w
                for w in stored
                if w.weekday == item.day.weekday() and w.start <= item.start and item.end <= w.end
            ]
            assert len(holding) == 1, item
            w = holding[0]
            booked[(item.day, stored.index(w))] += (
                datetime.combine(item.day, item.end) - datetime.combine(item.day, item.start)
            ).seconds // 60
            per_day[(item.day, item.assignment_id)] += 1
        for (_, index), minutes in booked.items():
            assert minutes <= stored[index].minutes
        if not same_day:
            assert all(n == 1 for n in per_day.values())
        placed = len(week.plan.items) + sum(s.planned - s.placed for s in week.plan.shortfalls)
        assert placed == sum(per_week for per_week, _ in dose)
    finally:
        store.close()
