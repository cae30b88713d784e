"""Adherence per practice week with partial credit, small wins and barrier patterns."""

from __future__ import annotations

import bisect
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from midweek.domain.adherence import (
    AssignmentWeek,
    WinKind,
    adherence,
    barrier_patterns,
    practice_weeks,
    small_wins,
    summarise,
)
from midweek.domain.entities import Assignment, Barrier, BarrierKind, Outcome, PracticeLog
from midweek.domain.practice import credit
from midweek.domain.when import week_start

BERLIN = ZoneInfo("Europe/Berlin")
THU = date(2026, 11, 19)  # a Thursday: the session day in most tests
NEXT_THU = date(2026, 11, 26)
SESSIONS = [THU, NEXT_THU]


def _a(
    ident: int = 1,
    per_week: int = 3,
    minutes: int = 30,
    *,
    start: date = THU,
    end: date | None = None,
    ended_at: datetime | None = None,
) -> Assignment:
    return Assignment(
        title=f"Task {ident}",
        per_week=per_week,
        minutes=minutes,
        start=start,
        end=end,
        ended_at=ended_at,
        id=ident,
    )


def _log(
    day: date,
    outcome: Outcome = Outcome.DONE,
    minutes: int | None = None,
    quality: int | None = None,
    *,
    ident: int = 1,
    hour: int = 18,
    log_id: int | None = None,
) -> PracticeLog:
    return PracticeLog(
        assignment_id=ident,
        at=datetime.combine(day, time(hour), UTC),
        outcome=outcome,
        minutes=minutes,
        quality=quality,
        id=log_id,
    )


def _weeks(
    a: Assignment,
    logs: list[PracticeLog],
    *,
    start: date = THU,
    end: date = NEXT_THU + timedelta(days=6),
    tz: tzinfo | None = None,
) -> list[AssignmentWeek]:
    return adherence([a], logs, session_dates=SESSIONS, start=start, end=end, tz=tz)


# ----------------------------------------------------------------------------- weeks


def test_weeks_follow_the_session_day_and_it_starts_a_week() -> None:
    weeks = practice_weeks(SESSIONS, THU, date(2026, 12, 2))
    assert [(w.week_start, w.first_day, w.last_day) for w in weeks] == [
        (THU, THU, date(2026, 11, 25)),
        (NEXT_THU, NEXT_THU, date(2026, 12, 2)),
    ]
    assert [w.days for w in weeks] == [7, 7]


def test_weeks_before_any_session_start_on_monday() -> None:
    weeks = practice_weeks([], date(2026, 11, 4), date(2026, 11, 17))
    assert [(w.week_start, w.first_day, w.last_day) for w in weeks] == [
        (date(2026, 11, 2), date(2026, 11, 4), date(2026, 11, 8)),  # clipped to the period
        (date(2026, 11, 9), date(2026, 11, 9), date(2026, 11, 15)),
        (date(2026, 11, 16), date(2026, 11, 16), date(2026, 11, 17)),
    ]


def test_a_moved_session_shortens_the_week_before_it() -> None:
    moved = date(2026, 11, 24)  # the next session on a Tuesday
    weeks = practice_weeks([THU, moved], THU, date(2026, 12, 7))
    assert [(w.week_start, w.first_day, w.last_day) for w in weeks] == [
        (THU, THU, date(2026, 11, 23)),
        (moved, moved, date(2026, 11, 30)),
        (date(2026, 12, 1), date(2026, 12, 1), date(2026, 12, 7)),
    ]


def test_the_first_session_mid_week_cuts_the_monday_week() -> None:
    weeks = practice_weeks([THU], date(2026, 11, 16), date(2026, 11, 22))
    assert [(w.week_start, w.first_day, w.last_day) for w in weeks] == [
        (date(2026, 11, 16), date(2026, 11, 16), date(2026, 11, 18)),
        (THU, THU, date(2026, 11, 22)),
    ]


days_2026 = st.dates(date(2026, 1, 1), date(2026, 12, 31))


@given(st.lists(days_2026, max_size=8), days_2026, st.integers(0, 120))
def test_weeks_partition_the_period(sessions: list[date], start: date, length: int) -> None:
    end = start + timedelta(days=length)
    weeks = practice_weeks(sessions, start, end)
    assert weeks[0].first_day == start and weeks[-1].last_day == end
    for before, after in pairwise(weeks):
        assert after.first_day == before.last_day + timedelta(days=1)  # none lost, none twice
    ordered = sorted(sessions)
    for w in weeks:
        assert w.week_start <= w.first_day <= w.last_day
        assert w.days <= 7
        for i in range(w.days):
            day = w.first_day + timedelta(days=i)
            later = bisect.bisect_right(ordered, day)
            anchor = ordered[later - 1] if later else None
            assert week_start(day, anchor=anchor) == w.week_start
    for s in sessions:  # a session day always opens its week
        if start <= s <= end:
            assert any(w.first_day == s == w.week_start for w in weeks)


# ----------------------------------------------------------------------------- adherence


def test_a_week_with_partial_credit_minutes_and_quality() -> None:
    logs = [
        _log(THU, Outcome.DONE, 30, 3),
        _log(date(2026, 11, 21), Outcome.PARTIAL, 20, 2),
        _log(date(2026, 11, 23), Outcome.SKIPPED, None, None),
    ]
    first, second = _weeks(_a(), logs)
    assert first.week_start == THU
    assert (first.done, first.partial, first.skipped) == (1, 1, 1)
    assert first.planned == 3
    assert first.credit == pytest.approx(1 + 2 / 3)
    assert first.minutes == 50 and first.planned_minutes == 90
    assert first.mean_quality == 2.5 and first.rated == 2
    assert first.ratio == pytest.approx((1 + 2 / 3) / 3)
    assert second.week_start == NEXT_THU
    assert (second.planned, second.credit, second.mean_quality, second.ratio) == (3, 0, None, 0)


def test_the_session_day_counts_in_the_new_week() -> None:
    logs = [_log(NEXT_THU, hour=0), _log(NEXT_THU - timedelta(days=1), hour=23)]
    first, second = _weeks(_a(), logs)
    assert (first.done, second.done) == (1, 1)


def test_partial_without_minutes_is_half_and_extra_practice_passes_one() -> None:
    logs = [_log(THU + timedelta(days=i % 7)) for i in range(5)]
    logs.append(_log(THU, Outcome.PARTIAL))
    first = _weeks(_a(), logs)[0]
    assert first.credit == 5.5
    assert first.ratio == pytest.approx(5.5 / 3)


def test_a_start_mid_week_is_pro_rated() -> None:
    a = _a(start=date(2026, 11, 21))  # Saturday: 5 of the 7 days from Thursday
    first, second = _weeks(a, [])
    assert first.planned == pytest.approx(3 * 5 / 7)
    assert first.planned_minutes == pytest.approx(90 * 5 / 7)
    assert second.planned == 3


def test_an_end_date_mid_week_is_pro_rated_and_later_weeks_vanish() -> None:
    a = _a(end=date(2026, 11, 22))  # Thursday to Sunday inclusive: 4 days
    weeks = _weeks(a, [])
    assert len(weeks) == 1
    assert weeks[0].planned == pytest.approx(3 * 4 / 7)


def test_counting_stops_when_the_assignment_is_ended_early() -> None:
    a = _a(ended_at=datetime(2026, 11, 28, 9, 0, tzinfo=UTC))  # a Saturday
    first, second = _weeks(a, [])
    assert first.planned == 3
    assert second.planned == pytest.approx(3 * 2 / 7)  # Thursday and Friday; as is_active


def test_practice_after_the_end_still_counts_with_nothing_planned() -> None:
    a = _a(end=date(2026, 11, 22))
    weeks = _weeks(a, [_log(date(2026, 11, 27))])
    assert [w.planned for w in weeks] == [pytest.approx(3 * 4 / 7), 0]
    assert weeks[1].credit == 1 and weeks[1].ratio is None


def test_a_clipped_period_pro_rates_the_week() -> None:
    weeks = _weeks(_a(), [], start=date(2026, 11, 23), end=date(2026, 11, 27))
    assert [(w.week_start, w.first_day, w.planned) for w in weeks] == [
        (THU, date(2026, 11, 23), pytest.approx(3 * 3 / 7)),
        (NEXT_THU, NEXT_THU, pytest.approx(3 * 2 / 7)),
    ]


def test_logs_outside_the_period_other_assignments_and_own_worksheets_are_left_out() -> None:
    logs = [
        _log(THU - timedelta(days=1)),
        _log(THU, ident=2),
        PracticeLog(
            assignment_id=None, at=datetime.combine(THU, time(9), UTC), outcome=Outcome.DONE
        ),
    ]
    assert all(w.done == 0 for w in _weeks(_a(), logs))


def test_local_days_come_from_the_time_zone_given() -> None:
    # 00:30 in Berlin on the session day is still the day before in UTC, as storage returns it.
    at = datetime.combine(NEXT_THU, time(0, 30), BERLIN).astimezone(UTC)
    log = PracticeLog(assignment_id=1, at=at, outcome=Outcome.DONE)
    assert [w.done for w in _weeks(_a(), [log])] == [1, 0]
    assert [w.done for w in _weeks(_a(), [log], tz=BERLIN)] == [0, 1]


def test_assignments_need_an_id() -> None:
    with pytest.raises(ValueError):
        adherence([replace(_a(), id=None)], [], session_dates=[], start=THU, end=THU)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2026, 3, 23), date(2026, 4, 5)),  # clocks go forward on Sunday 29 March
        (date(2026, 10, 19), date(2026, 11, 1)),  # and back on Sunday 25 October
    ],
)
def test_every_log_lands_in_one_week_across_a_dst_change(start: date, end: date) -> None:
    sessions = [start + timedelta(days=3)]  # a Thursday session day
    a = _a(start=start)
    logs: list[PracticeLog] = []
    day = start
    while day <= end:
        for clock in (time(0, 0), time(1, 30), time(2, 30), time(3, 0), time(23, 59)):
            logs.append(
                PracticeLog(
                    assignment_id=1, at=datetime.combine(day, clock, BERLIN), outcome=Outcome.DONE
                )
            )
        day += timedelta(days=1)
    weeks = adherence([a], logs, session_dates=sessions, start=start, end=end, tz=BERLIN)
    assert sum(w.done for w in weeks) == len(logs)
    for w in weeks:
        assert w.done == 5 * ((w.last_day - w.first_day).days + 1)


berlin_moments = st.datetimes(
    min_value=datetime(2026, 3, 20), max_value=datetime(2026, 11, 10), timezones=st.just(BERLIN)
)


@given(st.lists(berlin_moments, max_size=30), st.lists(days_2026, max_size=5))
def test_logged_moments_fall_in_exactly_the_week_of_their_local_day(
    moments: list[datetime], sessions: list[date]
) -> None:
    start, end = date(2026, 3, 20), date(2026, 11, 10)
    logs = [PracticeLog(assignment_id=1, at=m, outcome=Outcome.DONE) for m in moments]
    weeks = adherence(
        [_a(start=start)], logs, session_dates=sessions, start=start, end=end, tz=BERLIN
    )
    assert sum(w.done for w in weeks) == len(logs)
    for w in weeks:
        inside = [m for m in moments if w.first_day <= m.astimezone(BERLIN).date() <= w.last_day]
        assert w.done == len(inside)


outcomes = st.sampled_from(list(Outcome))
log_days = st.dates(THU - timedelta(days=3), NEXT_THU + timedelta(days=10))
logs_strategy = st.lists(
    st.builds(
        _log,
        log_days,
        outcomes,
        st.one_of(st.none(), st.integers(0, 240)),
        st.one_of(st.none(), st.integers(0, 4)),
    ),
    max_size=25,
)
assignments_strategy = st.builds(
    _a,
    st.just(1),
    st.integers(1, 14),
    st.integers(1, 90),
    start=st.dates(THU - timedelta(days=10), NEXT_THU + timedelta(days=6)),
)


def _by_week(weeks: list[AssignmentWeek]) -> dict[date, AssignmentWeek]:
    return {w.first_day: w for w in weeks}


@given(assignments_strategy, logs_strategy, log_days, outcomes, st.integers(0, 240))
def test_adding_a_practice_never_lowers_credit_or_minutes(
    a: Assignment, logs: list[PracticeLog], day: date, outcome: Outcome, minutes: int
) -> None:
    before = _by_week(_weeks(a, logs))
    after = _by_week(_weeks(a, [*logs, _log(day, outcome, minutes)]))
    for key, week in before.items():
        assert after[key].credit >= week.credit
        assert after[key].minutes >= week.minutes
        assert after[key].planned == week.planned


@given(assignments_strategy, logs_strategy, log_days, st.one_of(st.none(), st.integers(0, 240)))
def test_partial_never_counts_more_than_done(
    a: Assignment, logs: list[PracticeLog], day: date, minutes: int | None
) -> None:
    with_done = _by_week(_weeks(a, [*logs, _log(day, Outcome.DONE, minutes)]))
    with_partial = _by_week(_weeks(a, [*logs, _log(day, Outcome.PARTIAL, minutes)]))
    assert with_done.keys() == with_partial.keys()
    for key, week in with_done.items():
        assert with_partial[key].credit <= week.credit


@given(assignments_strategy, logs_strategy, st.lists(days_2026, max_size=4))
def test_weeks_add_up_and_are_never_negative(
    a: Assignment, logs: list[PracticeLog], sessions: list[date]
) -> None:
    start, end = THU - timedelta(days=3), NEXT_THU + timedelta(days=10)
    weeks = adherence([a], logs, session_dates=sessions, start=start, end=end)
    for w in weeks:
        assert w.planned >= 0 and w.planned_minutes >= 0
        assert w.planned <= a.per_week
        assert w.ratio is None or w.ratio >= 0
        here = [log for log in logs if w.first_day <= log.at.date() <= w.last_day]
        assert w.credit == pytest.approx(sum(credit(log, a.minutes) for log in here))
        assert w.done + w.partial + w.skipped == len(here)
    total = summarise(weeks).overall
    assert total.credit == pytest.approx(sum(credit(log, a.minutes) for log in logs))
    # planned over the whole period: per_week for every 7 active days
    active = sum(a.is_active(start + timedelta(days=i)) for i in range((end - start).days + 1))
    assert total.planned == pytest.approx(a.per_week * active / 7)


# ----------------------------------------------------------------------------- summary


def test_summary_per_assignment_and_overall() -> None:
    a, b = _a(1, per_week=2, minutes=10), _a(2, per_week=1, minutes=60)
    logs = [
        _log(THU, quality=4),
        _log(date(2026, 11, 20), Outcome.PARTIAL, 5, 1),
        _log(NEXT_THU, quality=4),
        _log(NEXT_THU, Outcome.DONE, 60, 1, ident=2),
    ]
    weeks = adherence(
        [a, b], logs, session_dates=SESSIONS, start=THU, end=NEXT_THU + timedelta(days=6)
    )
    s = summarise(weeks)
    assert list(s.by_assignment) == [1, 2]
    one, two = s.by_assignment[1], s.by_assignment[2]
    assert (one.weeks, one.planned, one.credit, one.done, one.partial) == (2, 4, 2.5, 2, 1)
    assert one.minutes == 5 and one.planned_minutes == 40
    assert one.mean_quality == 3  # (4 + 1 + 4) / 3, not the mean of the weekly means
    assert one.ratio == pytest.approx(2.5 / 4)
    assert (two.planned, two.credit, two.minutes, two.mean_quality) == (2, 1, 60, 1)
    assert s.overall.planned == 6 and s.overall.credit == 3.5
    assert s.overall.mean_quality == pytest.approx((4 + 1 + 4 + 1) / 4)
    assert s.overall.rated == 4


def test_summary_of_nothing() -> None:
    s = summarise([])
    assert s.by_assignment == {}
    assert (s.overall.planned, s.overall.ratio, s.overall.mean_quality) == (0, None, None)


def test_skipped_ratings_do_not_count_towards_quality() -> None:
    week = _weeks(_a(), [_log(THU, Outcome.SKIPPED, quality=0), _log(THU, quality=3)])[0]
    assert (week.mean_quality, week.rated) == (3, 1)


# ----------------------------------------------------------------------------- small wins

SINCE = datetime.combine(THU, time(0), UTC)
UNTIL = datetime.combine(NEXT_THU, time(0), UTC)


def _wins(logs: list[PracticeLog], barriers: list[Barrier] | None = None) -> list[tuple[str, int]]:
    found = small_wins([_a(1), _a(2)], logs, barriers or [], since=SINCE, until=UNTIL)
    return [(w.kind.value, w.log_id or 0) for w in found]


def test_first_practice_is_a_win_once_and_skipping_is_not_practice() -> None:
    logs = [
        _log(THU, Outcome.SKIPPED, log_id=1),
        _log(date(2026, 11, 20), Outcome.PARTIAL, log_id=2),
        _log(date(2026, 11, 21), log_id=3),
    ]
    assert _wins(logs) == [("first-practice", 2)]


def test_a_first_practice_before_the_period_is_not_a_win_now() -> None:
    logs = [_log(THU - timedelta(days=3), log_id=1), _log(THU, log_id=2)]
    assert _wins(logs) == []


def test_best_quality_needs_earlier_ratings_and_must_beat_all_of_them() -> None:
    logs = [
        _log(THU - timedelta(days=5), quality=2, log_id=1),
        _log(THU, quality=2, log_id=2),  # equal is not better
        _log(date(2026, 11, 20), quality=3, log_id=3),
        _log(date(2026, 11, 21), quality=1, log_id=4),
        _log(date(2026, 11, 22), quality=3, log_id=5),
        _log(date(2026, 11, 23), quality=4, log_id=6),
    ]
    assert _wins(logs) == [("best-quality", 3), ("best-quality", 6)]
    assert _wins([_log(THU, quality=4, log_id=9)]) == [("first-practice", 9)]


def test_best_quality_compares_within_one_assignment() -> None:
    logs = [_log(THU - timedelta(days=2), quality=4, ident=2), _log(THU, quality=1, log_id=1)]
    logs.append(_log(date(2026, 11, 20), quality=2, log_id=2))
    assert _wins(logs) == [("first-practice", 1), ("best-quality", 2)]


def test_practice_after_a_barrier_in_the_period_is_a_win() -> None:
    barrier = Barrier(kind=BarrierKind.TIME, at=datetime(2026, 11, 20, 12, tzinfo=UTC))
    logs = [
        _log(THU - timedelta(days=4), log_id=1),
        _log(THU, log_id=2),  # before the barrier
        _log(date(2026, 11, 21), Outcome.PARTIAL, log_id=3),
        _log(date(2026, 11, 22), Outcome.SKIPPED, log_id=4),
        _log(date(2026, 11, 23), log_id=5),
        _log(date(2026, 11, 23), ident=2, log_id=6),  # first practice of another assignment
    ]
    with_barrier = [replace(barrier, assignment_id=1)]
    assert _wins(logs, with_barrier) == [
        ("despite-barrier", 3),
        ("despite-barrier", 5),
        ("first-practice", 6),
    ]
    assert _wins(logs, [replace(barrier, assignment_id=2)]) == [
        ("despite-barrier", 6),
        ("first-practice", 6),
    ]
    earlier = replace(barrier, assignment_id=1, at=SINCE - timedelta(days=1))
    assert _wins(logs, [earlier]) == [("first-practice", 6)]
    unassigned = replace(barrier, assignment_id=None)
    assert _wins(logs, [unassigned]) == [("first-practice", 6)]


def test_wins_carry_the_assignment_the_log_and_the_moment() -> None:
    log = _log(THU, quality=2, ident=2, log_id=7)
    [win] = small_wins([_a(2)], [log], [], since=SINCE, until=UNTIL)
    assert (win.kind, win.assignment_id, win.log_id, win.at) == (
        WinKind.FIRST_PRACTICE,
        2,
        7,
        log.at,
    )
    assert small_wins([_a(1)], [log], [], since=SINCE, until=UNTIL) == []


def test_the_period_is_half_open() -> None:
    assert _wins([_log(NEXT_THU, hour=0, log_id=1)]) == []
    assert _wins([_log(THU, hour=0, log_id=1)]) == [("first-practice", 1)]


# ----------------------------------------------------------------------------- barriers


def _barrier(
    kind: BarrierKind, day: date, ident: int | None = None, step: str | None = None, hour: int = 9
) -> Barrier:
    return Barrier(
        kind=kind, at=datetime.combine(day, time(hour), UTC), assignment_id=ident, next_step=step
    )


def test_barrier_patterns() -> None:
    barriers = [
        _barrier(BarrierKind.TIME, THU, 1, "shrink-it"),
        _barrier(BarrierKind.TIME, date(2026, 11, 20), 2, "reschedule-it"),
        _barrier(BarrierKind.TIME, date(2026, 11, 21), 2, "shrink-it"),
        _barrier(BarrierKind.TIME, date(2026, 11, 22), None, None),
        _barrier(BarrierKind.FEAR, date(2026, 11, 23), 1, "slow-the-pace"),
        _barrier(BarrierKind.FEAR, NEXT_THU, 1, "ask-therapist"),  # outside
        _barrier(BarrierKind.OTHER, THU - timedelta(days=1), 1, "x"),  # outside
    ]
    p = barrier_patterns(barriers, since=SINCE, until=UNTIL)
    assert list(p.counts) == list(BarrierKind)
    assert p.counts[BarrierKind.TIME] == 4 and p.counts[BarrierKind.FEAR] == 1
    assert p.counts[BarrierKind.OTHER] == 0 and p.total == 5
    assert list(p.assignments[BarrierKind.TIME].items()) == [(2, 2), (1, 1)]
    assert p.assignments[BarrierKind.FEAR] == {1: 1}
    assert p.assignments[BarrierKind.CONFUSION] == {}
    assert p.next_steps[BarrierKind.TIME] == ["shrink-it", "reschedule-it"]
    assert p.next_steps[BarrierKind.FEAR] == ["slow-the-pace"]
    assert p.next_steps[BarrierKind.OTHER] == []


def test_no_barriers_still_lists_every_kind() -> None:
    p = barrier_patterns([], since=SINCE, until=UNTIL)
    assert p.counts == dict.fromkeys(BarrierKind, 0)
    assert p.total == 0
