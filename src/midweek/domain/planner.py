"""A week of practice that fits the time windows the person really has (PRODUCT.md, cap. 9).

Each assignment's practices are spread over the week's days so that the smallest gap
between them is as large as possible (then the next smallest, and so on), counting the
wrap into next week: Mon and Sun are one day apart, not six. Practices share a window
back to back when they fit. What cannot be placed is reported as a shortfall, with the
smallest change of dose that would fit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from itertools import combinations, pairwise
from typing import Literal

from midweek.domain.entities import Assignment
from midweek.domain.errors import ValidationError
from midweek.domain.when import WEEKDAYS, WINDOW_EXAMPLE, read_window, unreadable
from midweek.i18n import _

DAYS_PER_WEEK = 7
MIN_PRACTICE_MINUTES = 5
WEEKDAY_NAMES = WEEKDAYS


@dataclass(frozen=True, order=True)
class Window:
    """Time the person has on one weekday (0 = Monday), within one day."""

    weekday: int
    start: time
    end: time

    @property
    def minutes(self) -> int:
        return _minute_of(self.end) - _minute_of(self.start)

    def __str__(self) -> str:
        name = WEEKDAY_NAMES[self.weekday][:3].capitalize()
        return f"{name} {self.start:%H:%M}-{self.end:%H:%M}"


def _minute_of(t: time) -> int:
    return t.hour * 60 + t.minute


def parse_window(text: str) -> Window:
    """A window like "Mon 07:30-07:45", "Mon 7-8", "Wed 6-7pm" or "Sat noon – 1pm".

    Read by the one clock grammar (``domain.when``). Raises ``ValidationError`` when it
    cannot be read or does not end after it starts.
    """
    read = read_window(text)
    if read is None:
        raise unreadable(text.strip(), "a time window", WINDOW_EXAMPLE, field="window")
    day, start, end = read
    if end <= start:
        raise ValidationError(
            _(
                "The window “{text}” ends before it starts; please put the start time first. A "
                "window that runs past midnight can be written as two windows."
            ).format(text=text.strip()),
            field="window",
        )
    return Window(weekday=day, start=start, end=end)


def check_windows(windows: Iterable[Window]) -> list[Window]:
    """The windows sorted by day and time; ``ValidationError`` if one is empty or two overlap.

    Windows that touch (07:00-07:30 and 07:30-08:00) do not overlap.
    """
    ordered = sorted(windows)
    for w in ordered:
        if not 0 <= w.weekday < DAYS_PER_WEEK or w.end <= w.start:
            raise ValidationError(
                _("The window {w} needs a weekday and must end after it starts.").format(w=w),
                field="window",
            )
    for before, after in pairwise(ordered):
        if before.weekday == after.weekday and after.start < before.end:
            raise ValidationError(
                _(
                    "The windows {before} and {after} overlap; please join them into one window "
                    "or move one of them."
                ).format(before=before, after=after),
                field="window",
            )
    return ordered


# ----------------------------------------------------------------------------- the plan


@dataclass(frozen=True)
class PlannedPractice:
    assignment_id: int
    day: date
    start: time
    end: time


@dataclass(frozen=True)
class Shortfall:
    """An assignment that did not fit: ``planned − placed`` practices, ``minutes_short``."""

    assignment_id: int
    planned: int
    placed: int
    minutes_short: int


@dataclass(frozen=True)
class Plan:
    items: list[PlannedPractice]
    shortfalls: list[Shortfall]
    minutes_needed: int
    minutes_available: int


@dataclass
class _Slot:
    window: Window
    day: date
    used: int = 0

    @property
    def free(self) -> int:
        return self.window.minutes - self.used


def _gaps(days: Sequence[int]) -> tuple[int, ...]:
    # Distances between the chosen days, smallest first, counting the wrap into next week.
    if len(days) < 2:
        return (DAYS_PER_WEEK,)
    gaps = [b - a for a, b in pairwise(days)]
    gaps.append(days[0] + DAYS_PER_WEEK - days[-1])
    return tuple(sorted(gaps))


def _spread(candidates: list[int], n: int, load: list[int]) -> tuple[int, ...]:
    """The ``n`` candidate days whose smallest gap is largest (then the next smallest, and so
    on); among equals the least booked days, then the earliest."""
    return min(
        combinations(candidates, n),
        key=lambda days: (
            tuple(-gap for gap in _gaps(days)),
            sum(load[d] for d in days),
            days,
        ),
    )


def _book(slots: list[_Slot], ident: int, minutes: int) -> PlannedPractice:
    # Best fit: the window with the least room that still holds the practice keeps larger
    # windows free for longer practices.
    slot = min((s for s in slots if s.free >= minutes), key=lambda s: (s.free, s.window.start))
    begin = datetime.combine(slot.day, slot.window.start) + timedelta(minutes=slot.used)
    item = PlannedPractice(
        assignment_id=ident,
        day=slot.day,
        start=begin.time(),
        end=(begin + timedelta(minutes=minutes)).time(),
    )
    slot.used += minutes
    return item


def plan_week(
    windows: Iterable[Window],
    first_day: date,
    assignments: Iterable[Assignment],
    *,
    allow_same_day: bool = False,
) -> Plan:
    """Place each assignment's ``per_week`` practices of ``minutes`` in the week from ``first_day``.

    Never books more than a window holds, nor (unless ``allow_same_day``) one assignment
    twice on a day; longer practices are placed first. The result is deterministic.
    """
    checked = check_windows(windows)
    days = [first_day + timedelta(days=i) for i in range(DAYS_PER_WEEK)]
    by_day: list[list[_Slot]] = [
        [_Slot(window=w, day=day) for w in checked if w.weekday == day.weekday()] for day in days
    ]
    todo = list(assignments)
    for a in todo:
        if a.id is None:
            raise ValueError("the planner needs saved assignments (with an id)")
    todo.sort(key=lambda a: (-a.minutes, -a.per_week, a.id or 0))

    items: list[PlannedPractice] = []
    shortfalls: list[Shortfall] = []
    load = [0] * DAYS_PER_WEEK
    for a in todo:
        assert a.id is not None
        wanted = max(0, a.per_week)
        placed = 0
        used_days: set[int] = set()
        while placed < wanted:
            candidates = [
                d
                for d in range(DAYS_PER_WEEK)
                if (allow_same_day or d not in used_days)
                and any(s.free >= a.minutes for s in by_day[d])
            ]
            if not candidates:
                break
            # Each round puts at most one practice on a day; a further round finds candidates
            # only with ``allow_same_day``, as every unused day with room was just taken.
            for d in _spread(candidates, min(wanted - placed, len(candidates)), load):
                items.append(_book(by_day[d], a.id, a.minutes))
                load[d] += a.minutes
                used_days.add(d)
                placed += 1
        if placed < wanted:
            shortfalls.append(
                Shortfall(
                    assignment_id=a.id,
                    planned=wanted,
                    placed=placed,
                    minutes_short=(wanted - placed) * a.minutes,
                )
            )
    items.sort(key=lambda p: (p.day, p.start, p.assignment_id))
    shortfalls.sort(key=lambda s: s.assignment_id)
    return Plan(
        items=items,
        shortfalls=shortfalls,
        minutes_needed=sum(max(0, a.per_week) * a.minutes for a in todo),
        minutes_available=sum(w.minutes for w in checked),
    )


# ----------------------------------------------------------------------------- suggestions


@dataclass(frozen=True)
class Suggestion:
    """A smaller dose for one assignment: ``per_week`` practices of ``minutes`` each."""

    kind: Literal["fewer", "shorter"]
    assignment_id: int
    per_week: int
    minutes: int


def shortest_allowed(minutes: int) -> int:
    """The shortest a practice may be made: not below 5 minutes nor half its dose."""
    return max(MIN_PRACTICE_MINUTES, -(-minutes // 2))


def suggestion(
    windows: Iterable[Window],
    first_day: date,
    assignments: Sequence[Assignment],
    assignment_id: int,
    *,
    allow_same_day: bool = False,
) -> Suggestion | None:
    """The smallest change of one assignment's dose that makes it fit, others unchanged.

    Fewer practices (down to 1) or shorter ones (down to ``shortest_allowed``), whichever
    takes fewer minutes off the week (fewer on a tie); None if it fits or nothing helps.
    """
    window_list = list(windows)
    target = next(a for a in assignments if a.id == assignment_id)

    def fits(per_week: int, minutes: int) -> bool:
        changed = replace(target, per_week=per_week, minutes=minutes)
        others = [changed if a.id == assignment_id else a for a in assignments]
        plan = plan_week(window_list, first_day, others, allow_same_day=allow_same_day)
        return all(s.assignment_id != assignment_id for s in plan.shortfalls)

    if fits(target.per_week, target.minutes):
        return None
    options: list[tuple[int, int, Suggestion]] = []
    for per_week in range(target.per_week - 1, 0, -1):
        cut = (target.per_week - per_week) * target.minutes
        options.append((cut, 0, Suggestion("fewer", assignment_id, per_week, target.minutes)))
    for minutes in range(target.minutes - 1, shortest_allowed(target.minutes) - 1, -1):
        cut = target.per_week * (target.minutes - minutes)
        options.append((cut, 1, Suggestion("shorter", assignment_id, target.per_week, minutes)))
    for _cut, _rank, option in sorted(options, key=lambda o: (o[0], o[1])):
        if fits(option.per_week, option.minutes):
            return option
    return None
