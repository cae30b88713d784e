"""The weekly planner: windows, spreading, capacity, shortfalls and the smallest change."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from itertools import combinations, pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from midweek.domain.entities import Assignment
from midweek.domain.errors import ValidationError
from midweek.domain.planner import (
    Plan,
    PlannedPractice,
    Shortfall,
    Suggestion,
    Window,
    check_windows,
    parse_window,
    plan_week,
    shortest_allowed,
    suggestion,
)

MONDAY = date(2026, 11, 16)
THURSDAY = date(2026, 11, 19)


def _a(ident: int, per_week: int, minutes: int) -> Assignment:
    return Assignment(
        title=f"Task {ident}", per_week=per_week, minutes=minutes, start=MONDAY, id=ident
    )


def _w(text: str) -> Window:
    return parse_window(text)


def _every_day(span: str = "07:00-08:00") -> list[Window]:
    return [_w(f"{day} {span}") for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")]


def _days(plan: Plan, ident: int) -> list[int]:
    return [(p.day - MONDAY).days for p in plan.items if p.assignment_id == ident]


# ----------------------------------------------------------------------------- windows


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mon 07:30-07:45", Window(0, time(7, 30), time(7, 45))),
        ("tue 18:00-19:00", Window(1, time(18), time(19))),
        ("Sat 9:00-10:30", Window(5, time(9), time(10, 30))),
        ("  Sunday 6-7 ", Window(6, time(6), time(7))),
        ("THURS 12:00 – 12:20", Window(3, time(12), time(12, 20))),
        ("Wed. 20:00 to 21:15", Window(2, time(20), time(21, 15))),
        ("fri 00:00-23:59", Window(4, time(0), time(23, 59))),
    ],
)
def test_parse_window(text: str, expected: Window) -> None:
    w = parse_window(text)
    assert w == expected
    assert parse_window(str(w)) == w


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Mon",
        "07:30-07:45",
        "Mo 07:30-07:45",  # too short to be sure
        "Moonday 07:30-07:45",
        "Mon 25:00-26:00",
        "Mon 07:60-08:00",
        "Mon 07:30",
        "Mon 07:30-",
    ],
)
def test_unreadable_windows_are_refused_kindly(text: str) -> None:
    with pytest.raises(ValidationError, match="like “Mon 7-8”, “Wed 6-7pm”") as err:
        parse_window(text)
    assert err.value.field == "window"


@pytest.mark.parametrize("text", ["Mon 08:00-07:30", "Tue 18:00-18:00", "Sat 23:00-00:30"])
def test_a_window_must_end_after_it_starts(text: str) -> None:
    with pytest.raises(ValidationError, match="ends before it starts"):
        parse_window(text)


def test_window_minutes_and_text() -> None:
    w = _w("sat 9:00-10:30")
    assert w.minutes == 90
    assert str(w) == "Sat 09:00-10:30"


def test_check_windows_sorts_and_refuses_overlaps() -> None:
    a, b, c = _w("Tue 07:00-07:30"), _w("Mon 07:30-08:00"), _w("Mon 07:00-07:30")
    assert check_windows([a, b, c]) == [c, b, a]  # touching is fine
    with pytest.raises(ValidationError, match="overlap"):
        check_windows([_w("Mon 07:00-08:00"), _w("Mon 07:45-09:00")])
    with pytest.raises(ValidationError, match="overlap"):
        check_windows([_w("Mon 07:00-08:00"), _w("Mon 07:00-08:00")])
    with pytest.raises(ValidationError, match="overlap"):
        check_windows([_w("Mon 07:00-12:00"), _w("Mon 08:00-09:00")])
    with pytest.raises(ValidationError):
        check_windows([Window(0, time(9), time(8))])


def test_the_planner_refuses_overlapping_windows() -> None:
    with pytest.raises(ValidationError):
        plan_week([_w("Mon 07:00-08:00"), _w("Mon 07:30-08:30")], MONDAY, [_a(1, 1, 10)])


# ----------------------------------------------------------------------------- spreading


@pytest.mark.parametrize(
    ("per_week", "days"),
    [(1, [0]), (2, [0, 3]), (3, [0, 2, 4]), (4, [0, 1, 3, 5]), (7, [0, 1, 2, 3, 4, 5, 6])],
)
def test_practices_are_spread_across_the_week(per_week: int, days: list[int]) -> None:
    plan = plan_week(_every_day(), MONDAY, [_a(1, per_week, 20)])
    assert _days(plan, 1) == days
    assert all(p.start == time(7) and p.end == time(7, 20) for p in plan.items)
    assert plan.shortfalls == []


def test_the_gap_counts_the_wrap_into_next_week() -> None:
    # Mon and Sun are six days apart in the week but one apart across weeks; Tue and Sun
    # are five and two apart, so they are the better pair.
    windows = [_w("mon 7-8"), _w("tue 7-8"), _w("sun 7-8")]
    assert _days(plan_week(windows, MONDAY, [_a(1, 2, 10)]), 1) == [1, 6]
    windows = [_w("mon 7-8"), _w("tue 7-8"), _w("sat 7-8")]
    assert _days(plan_week(windows, MONDAY, [_a(1, 2, 10)]), 1) == [1, 5]  # 4 and 3 apart


def test_the_week_starts_on_the_first_day_given() -> None:
    plan = plan_week(_every_day(), THURSDAY, [_a(1, 3, 20)])
    assert [p.day for p in plan.items] == [
        THURSDAY,
        THURSDAY + timedelta(days=2),
        THURSDAY + timedelta(days=4),
    ]


def test_practices_share_a_window_back_to_back() -> None:
    plan = plan_week([_w("wed 18:00-19:00")], MONDAY, [_a(1, 1, 20), _a(2, 1, 30), _a(3, 1, 15)])
    assert [(p.assignment_id, p.start, p.end) for p in plan.items] == [
        (2, time(18, 0), time(18, 30)),  # the longest practice is placed first
        (1, time(18, 30), time(18, 50)),
    ]
    assert plan.shortfalls == [Shortfall(assignment_id=3, planned=1, placed=0, minutes_short=15)]
    assert (plan.minutes_needed, plan.minutes_available) == (65, 60)


def test_other_assignments_go_to_less_busy_days() -> None:
    plan = plan_week(_every_day(), MONDAY, [_a(1, 3, 20), _a(2, 3, 20)])
    assert _days(plan, 1) == [0, 2, 4]
    assert _days(plan, 2) == [1, 3, 5]


def test_a_practice_goes_to_the_window_it_fills_best() -> None:
    # Best fit keeps the long window free for a longer practice.
    windows = [_w("mon 07:00-08:00"), _w("mon 12:00-12:20")]
    plan = plan_week(windows, MONDAY, [_a(1, 1, 20)])
    assert [(p.assignment_id, p.start, p.end) for p in plan.items] == [(1, time(12), time(12, 20))]
    plan = plan_week(windows, MONDAY, [_a(1, 3, 20)], allow_same_day=True)
    assert [p.start for p in plan.items] == [time(7), time(7, 20), time(12)]


def test_same_day_only_when_allowed() -> None:
    windows = [_w("sat 09:00-11:00")]
    plan = plan_week(windows, MONDAY, [_a(1, 3, 30)])
    assert len(plan.items) == 1
    assert plan.shortfalls == [Shortfall(1, planned=3, placed=1, minutes_short=60)]
    plan = plan_week(windows, MONDAY, [_a(1, 3, 30)], allow_same_day=True)
    assert [(p.start, p.end) for p in plan.items] == [
        (time(9), time(9, 30)),
        (time(9, 30), time(10)),
        (time(10), time(10, 30)),
    ]
    assert plan.shortfalls == []


def test_allowing_the_same_day_still_prefers_different_days() -> None:
    plan = plan_week(_every_day(), MONDAY, [_a(1, 9, 10)], allow_same_day=True)
    days = _days(plan, 1)
    assert sorted(set(days)) == list(range(7))
    assert len(days) == 9


def test_nothing_to_place_and_no_windows() -> None:
    assert plan_week([], MONDAY, []) == Plan([], [], 0, 0)
    plan = plan_week([], MONDAY, [_a(1, 2, 15)])
    assert plan.shortfalls == [Shortfall(1, 2, 0, 30)]
    assert (plan.minutes_needed, plan.minutes_available) == (30, 0)


def test_the_plan_does_not_depend_on_input_order() -> None:
    windows = [*_every_day("07:00-07:40"), _w("sat 10:00-11:00")]
    tasks = [_a(1, 3, 20), _a(2, 2, 20), _a(3, 5, 10), _a(4, 1, 60)]
    plan = plan_week(windows, MONDAY, tasks)
    assert plan_week(list(reversed(windows)), MONDAY, list(reversed(tasks))) == plan


def test_assignments_need_an_id() -> None:
    with pytest.raises(ValueError):
        plan_week(_every_day(), MONDAY, [replace(_a(1, 1, 10), id=None)])


# ----------------------------------------------------------------------------- suggestions


def test_shortest_allowed() -> None:
    assert [shortest_allowed(m) for m in (3, 5, 9, 10, 11, 30, 45)] == [5, 5, 5, 5, 6, 15, 23]


def test_no_suggestion_when_it_fits() -> None:
    assert suggestion(_every_day(), MONDAY, [_a(1, 3, 20)], 1) is None


def test_shorter_when_no_window_is_long_enough() -> None:
    windows = _every_day("07:00-07:25")
    tasks = [_a(1, 3, 30)]
    assert plan_week(windows, MONDAY, tasks).shortfalls[0].placed == 0
    assert suggestion(windows, MONDAY, tasks, 1) == Suggestion("shorter", 1, 3, 25)


def test_fewer_when_there_are_not_enough_days() -> None:
    windows = [_w("mon 7-8"), _w("wed 7-8")]
    assert suggestion(windows, MONDAY, [_a(1, 3, 30)], 1) == Suggestion("fewer", 1, 2, 30)


def test_whichever_changes_the_dose_less() -> None:
    tasks = [_a(1, 3, 20)]
    base = [_w("mon 7-8"), _w("wed 7-8")]
    # shorter: 3 × 15 takes 15 minutes off; fewer: 2 × 20 takes 20 off
    assert suggestion([*base, _w("fri 7:00-7:15")], MONDAY, tasks, 1) == Suggestion(
        "shorter", 1, 3, 15
    )
    # shorter: 3 × 10 (the floor) takes 30 off; fewer takes 20 off
    assert suggestion([*base, _w("fri 7:00-7:10")], MONDAY, tasks, 1) == Suggestion(
        "fewer", 1, 2, 20
    )
    # below the floor shorter is never offered
    assert suggestion([*base, _w("fri 7:00-7:08")], MONDAY, tasks, 1) == Suggestion(
        "fewer", 1, 2, 20
    )


def test_on_a_tie_fewer_is_offered() -> None:
    windows = [_w("mon 7:00-7:10"), _w("thu 7:00-7:05")]
    # fewer (1 × 10) and shorter (2 × 5) both take 10 minutes off
    assert suggestion(windows, MONDAY, [_a(1, 2, 10)], 1) == Suggestion("fewer", 1, 1, 10)


def test_no_suggestion_when_nothing_small_enough_fits() -> None:
    assert suggestion([_w("mon 7:00-7:04")], MONDAY, [_a(1, 2, 10)], 1) is None
    assert suggestion([], MONDAY, [_a(1, 2, 10)], 1) is None


def test_a_suggestion_applied_fits_with_others_unchanged() -> None:
    windows = [_w("mon 07:00-07:45"), _w("wed 07:00-07:45"), _w("sat 10:00-10:22")]
    tasks = [_a(1, 3, 30), _a(2, 2, 15)]
    plan = plan_week(windows, MONDAY, tasks)
    assert [s.assignment_id for s in plan.shortfalls] == [1]
    s = suggestion(windows, MONDAY, tasks, 1)
    assert s == Suggestion("shorter", 1, 3, 22)  # 3 × 8 minutes off beats 30 off
    applied = [replace(tasks[0], per_week=s.per_week, minutes=s.minutes), tasks[1]]
    assert plan_week(windows, MONDAY, applied).shortfalls == []


# ----------------------------------------------------------------------------- properties


@st.composite
def windows_strategy(draw: st.DrawFn) -> list[Window]:
    windows: list[Window] = []
    for weekday in range(7):
        edges = sorted(draw(st.lists(st.integers(0, 24 * 60 - 1), unique=True, max_size=6)))
        for start, end in list(zip(edges[::2], edges[1::2], strict=False)):
            windows.append(
                Window(weekday, time(start // 60, start % 60), time(end // 60, end % 60))
            )
    return windows


@st.composite
def assignments_strategy(draw: st.DrawFn, max_per_week: int = 8) -> list[Assignment]:
    n = draw(st.integers(0, 5))
    return [
        _a(i + 1, draw(st.integers(1, max_per_week)), draw(st.integers(1, 120))) for i in range(n)
    ]


def _clock(day: date, t: time) -> datetime:
    return datetime.combine(day, t)


def _check(plan: Plan, windows: list[Window], tasks: list[Assignment], same_day: bool) -> None:
    booked: dict[tuple[date, Window], int] = {}
    for p in plan.items:
        assert MONDAY <= p.day < MONDAY + timedelta(days=7)
        [window] = [
            w
            for w in windows
            if w.weekday == p.day.weekday() and w.start <= p.start and p.end <= w.end
        ]
        booked[p.day, window] = booked.get((p.day, window), 0) + (
            (_clock(p.day, p.end) - _clock(p.day, p.start)).seconds // 60
        )
    for (_, window), minutes in booked.items():
        assert minutes <= window.minutes  # never more than a window holds
    ordered = sorted(plan.items, key=lambda p: (p.day, p.start))
    for before, after in pairwise(ordered):
        assert before.day != after.day or before.end <= after.start  # no overlap
    by_task = {a.id: a for a in tasks}
    for a in tasks:
        mine = [p for p in plan.items if p.assignment_id == a.id]
        assert all(p.end > p.start for p in mine)
        if not same_day:
            assert len({p.day for p in mine}) == len(mine)
        short = [s for s in plan.shortfalls if s.assignment_id == a.id]
        assert len(mine) <= a.per_week
        assert len(short) == (len(mine) < a.per_week)
        for s in short:
            assert s.placed == len(mine) and s.planned == a.per_week
            assert s.minutes_short == (s.planned - s.placed) * a.minutes
        assert len(mine) + sum(s.planned - s.placed for s in short) == a.per_week
    assert {p.assignment_id for p in plan.items} <= set(by_task)
    assert plan.minutes_needed == sum(a.per_week * a.minutes for a in tasks)
    assert plan.minutes_available == sum(w.minutes for w in windows)


@given(windows_strategy(), assignments_strategy(), st.booleans())
def test_a_plan_keeps_every_rule(
    windows: list[Window], tasks: list[Assignment], same_day: bool
) -> None:
    plan = plan_week(windows, MONDAY, tasks, allow_same_day=same_day)
    _check(plan, windows, tasks, same_day)
    assert plan_week(windows, MONDAY, tasks, allow_same_day=same_day) == plan  # deterministic


@st.composite
def roomy_week(draw: st.DrawFn) -> tuple[list[Window], list[Assignment]]:
    """Inputs where everything must fit: on each window day one window holds one practice
    of every assignment, and no assignment asks for more days than there are."""
    days = sorted(draw(st.sets(st.integers(0, 6), min_size=1)))
    n = draw(st.integers(1, 5))
    tasks = [_a(i + 1, draw(st.integers(1, len(days))), draw(st.integers(1, 60))) for i in range(n)]
    need = sum(a.minutes for a in tasks)
    windows: list[Window] = []
    for d in days:
        length = need + draw(st.integers(0, 30))
        end = datetime.combine(MONDAY, time(6)) + timedelta(minutes=length)
        windows.append(Window(d, time(6), end.time()))
        if draw(st.booleans()):  # a small extra window in the evening
            windows.append(Window(d, time(20), time(20, draw(st.integers(1, 59)))))
    return windows, tasks


@given(roomy_week())
def test_everything_is_placed_when_the_week_has_room(
    week: tuple[list[Window], list[Assignment]],
) -> None:
    windows, tasks = week
    plan = plan_week(windows, MONDAY, tasks)
    assert plan.minutes_available >= plan.minutes_needed
    assert plan.shortfalls == []
    assert len(plan.items) == sum(a.per_week for a in tasks)
    _check(plan, windows, tasks, False)


@given(st.sets(st.integers(0, 6), min_size=1), st.integers(1, 7))
def test_a_single_assignment_gets_the_widest_spread_possible(days: set[int], per_week: int) -> None:
    windows = [Window(d, time(7), time(8)) for d in days]
    plan = plan_week(windows, MONDAY, [_a(1, per_week, 30)])
    chosen = _days(plan, 1)
    assert len(chosen) == min(per_week, len(days))

    def smallest_gap(picked: tuple[int, ...]) -> int:
        if len(picked) < 2:
            return 7
        gaps = [b - a for a, b in pairwise(picked)] + [picked[0] + 7 - picked[-1]]
        return min(gaps)

    best = max(smallest_gap(c) for c in combinations(sorted(days), len(chosen)))
    assert smallest_gap(tuple(chosen)) == best


@settings(max_examples=60, deadline=None)
@given(windows_strategy(), assignments_strategy(max_per_week=5), st.booleans())
def test_every_suggestion_applied_fits(
    windows: list[Window], tasks: list[Assignment], same_day: bool
) -> None:
    plan = plan_week(windows, MONDAY, tasks, allow_same_day=same_day)
    for short in plan.shortfalls:
        a = next(t for t in tasks if t.id == short.assignment_id)
        s = suggestion(windows, MONDAY, tasks, a.id or 0, allow_same_day=same_day)
        if s is None:
            continue
        assert s.assignment_id == a.id
        if s.kind == "fewer":
            assert 1 <= s.per_week < a.per_week and s.minutes == a.minutes
        else:
            assert shortest_allowed(a.minutes) <= s.minutes < a.minutes
            assert s.per_week == a.per_week
        applied = [
            replace(t, per_week=s.per_week, minutes=s.minutes) if t is a else t for t in tasks
        ]
        again = plan_week(windows, MONDAY, applied, allow_same_day=same_day)
        assert all(x.assignment_id != a.id for x in again.shortfalls)
        _check(again, windows, applied, same_day)


def test_planned_practice_is_plain_data() -> None:
    p = PlannedPractice(1, MONDAY, time(7), time(7, 20))
    assert p == PlannedPractice(assignment_id=1, day=MONDAY, start=time(7), end=time(7, 20))
