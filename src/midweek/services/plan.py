"""Use cases for the realistic weekly plan (PRODUCT.md, cap. 9): the person's time windows,
and the week's practice fitted into them, with the smallest change when it does not fit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from midweek import messages
from midweek.domain.entities import Assignment, PlanWindow
from midweek.domain.errors import ValidationError
from midweek.domain.planner import (
    DAYS_PER_WEEK,
    Plan,
    Suggestion,
    Window,
    check_windows,
    parse_window,
    plan_week,
    suggestion,
)
from midweek.domain.when import WEEKDAYS
from midweek.services.ports import UnitOfWork


def window_of(stored: PlanWindow) -> Window:
    """The planner's view of a stored window."""
    return Window(
        weekday=stored.weekday,
        start=time(*divmod(stored.start_minute, 60)),
        end=time(*divmod(stored.end_minute, 60)),
    )


def _minute(t: time) -> int:
    return t.hour * 60 + t.minute


def add_windows(uow: UnitOfWork, texts: Sequence[str], *, now: datetime) -> list[PlanWindow]:
    """Save windows like "Mon 07:30-07:45", all or none: ValidationError if one cannot be
    read, or overlaps another (new or saved) window."""
    if not texts:
        raise ValidationError(messages.NO_WINDOW_GIVEN, field="window")
    new = [parse_window(text) for text in texts]
    with uow:
        saved = [window_of(w) for w in uow.windows.list()]
        for w in new:
            if w in saved:
                raise ValidationError(messages.window_already_saved(str(w)), field="window")
        check_windows([*saved, *new])
        added = [
            uow.windows.add(
                PlanWindow(
                    weekday=w.weekday,
                    start_minute=_minute(w.start),
                    end_minute=_minute(w.end),
                    created_at=now,
                )
            )
            for w in new
        ]
        uow.commit()
    return added


def add_window(uow: UnitOfWork, text: str, *, now: datetime) -> PlanWindow:
    """Save one window; see :func:`add_windows`."""
    return add_windows(uow, [text], now=now)[0]


def list_windows(uow: UnitOfWork) -> list[PlanWindow]:
    """The saved windows, Monday first, by start time."""
    with uow:
        return uow.windows.list()


def remove_window(uow: UnitOfWork, ident: int) -> PlanWindow:
    """Remove one window (NotFound if there is none with that id); returns what it was."""
    with uow:
        gone = uow.windows.get(ident)
        uow.windows.remove(ident)
        uow.commit()
    return gone


# --- the week grid: windows chosen as 30-minute slots ----------------------------------

#: The grid's day runs 06:00-23:00 in slots of 30 minutes; windows outside it stay as typed.
GRID_FIRST_MINUTE = 6 * 60
GRID_END_MINUTE = 23 * 60
SLOT_MINUTES = 30
#: More slot values than a grid holds (twice over, for "chosen" and "shown") is not a form.
MOST_SLOT_VALUES = 2 * DAYS_PER_WEEK * (GRID_END_MINUTE - GRID_FIRST_MINUTE) // SLOT_MINUTES


@dataclass(frozen=True, order=True)
class Slot:
    """One cell of the week grid: a weekday (0 = Monday) and the minute it starts."""

    weekday: int
    minute: int

    @property
    def end(self) -> int:
        return self.minute + SLOT_MINUTES

    @property
    def value(self) -> str:
        """How a form names it: "mon-07:30"."""
        return f"{WEEKDAYS[self.weekday][:3]}-{self.minute // 60:02d}:{self.minute % 60:02d}"


def grid_minutes() -> range:
    """The start minute of each row of the grid."""
    return range(GRID_FIRST_MINUTE, GRID_END_MINUTE, SLOT_MINUTES)


def parse_slot(text: str) -> Slot:
    """A slot named like "mon-07:30", on the grid; ValidationError in one sentence if not."""
    day, _, clock = text.strip().lower().partition("-")
    hours, _, minutes = clock.partition(":")
    names = [d[:3] for d in WEEKDAYS]
    if day in names and len(hours) == len(minutes) == 2 and (hours + minutes).isdigit():
        slot = Slot(names.index(day), int(hours) * 60 + int(minutes))
        if slot.minute in grid_minutes():
            return slot
    raise ValidationError(messages.slot_unreadable(text.strip()[:40]), field="slots")


def chosen_slots(windows: Sequence[PlanWindow]) -> set[Slot]:
    """The grid's slots that hold some of a saved window (shown as chosen)."""
    return {
        Slot(w.weekday, m)
        for w in windows
        for m in grid_minutes()
        if m < w.end_minute and w.start_minute < m + SLOT_MINUTES
    }


def _runs(minutes: set[int]) -> list[tuple[int, int]]:
    """Minutes of one day as (start, end) runs: touching minutes make one window."""
    runs: list[tuple[int, int]] = []
    for m in sorted(minutes):
        if runs and runs[-1][1] == m:
            runs[-1] = (runs[-1][0], m + 1)
        else:
            runs.append((m, m + 1))
    return runs


def _minutes_of(slots: set[Slot], day: int) -> set[int]:
    return {m for s in slots if s.weekday == day for m in range(s.minute, s.end)}


@dataclass(frozen=True)
class GridChange:
    added: list[PlanWindow]
    removed: list[PlanWindow]


def choose_slots(
    uow: UnitOfWork, chosen: Sequence[str], shown: Sequence[str], *, now: datetime
) -> GridChange:
    """Save what the week grid was changed to, all or none. ``shown`` are the slots the
    form showed as chosen, ``chosen`` those ticked when it was sent: a slot ticked is added,
    a slot unticked is taken out, and every other minute is kept as it is (a window typed
    as "Mon 07:30-07:45" is not stretched to the grid, nor one outside it lost). On each day
    that changed, adjacent time merges into one window. ValidationError if a slot is not
    on the grid."""
    if len(chosen) + len(shown) > MOST_SLOT_VALUES:
        raise ValidationError(messages.SLOTS_TOO_MANY, field="slots")
    ticked = {parse_slot(t) for t in chosen}
    before = {parse_slot(t) for t in shown}
    added_slots, removed_slots = ticked - before, before - ticked
    days = {s.weekday for s in added_slots | removed_slots}
    added: list[PlanWindow] = []
    removed: list[PlanWindow] = []
    with uow:
        stored = uow.windows.list()
        for day in sorted(days):
            mine = [w for w in stored if w.weekday == day]
            minutes = {m for w in mine for m in range(w.start_minute, w.end_minute)}
            minutes |= _minutes_of(added_slots, day)
            minutes -= _minutes_of(removed_slots, day)
            runs = _runs(minutes)
            kept = {(w.start_minute, w.end_minute) for w in mine}
            for w in mine:
                if (w.start_minute, w.end_minute) not in runs:
                    assert w.id is not None
                    uow.windows.remove(w.id)
                    removed.append(w)
            for start, end in runs:
                if (start, end) not in kept:
                    window = PlanWindow(
                        weekday=day, start_minute=start, end_minute=end, created_at=now
                    )
                    added.append(uow.windows.add(window))
        uow.commit()
    return GridChange(added=added, removed=removed)


@dataclass(frozen=True)
class WeekPlan:
    """The week from ``start``: the windows planned with, the homework running that week,
    the planner's result and, per assignment that did not fit, the smallest change that would
    (None when no smaller dose fits). ``passed`` are windows earlier on the first day, left out."""

    start: date
    windows: list[Window]
    assignments: list[Assignment]
    plan: Plan
    suggestions: dict[int, Suggestion | None]
    passed: list[Window]
    #: True when allowing two practices of one homework on a day would place more.
    same_day_would_help: bool = False

    @property
    def end(self) -> date:
        return self.start + timedelta(days=DAYS_PER_WEEK - 1)

    def title_of(self, assignment_id: int) -> str:
        return next(a.title for a in self.assignments if a.id == assignment_id)


def _runs_in_week(a: Assignment, start: date) -> bool:
    return any(a.is_active(start + timedelta(days=i)) for i in range(DAYS_PER_WEEK))


def plan_for_week(
    uow: UnitOfWork,
    *,
    start: date,
    now: datetime | None = None,
    allow_same_day: bool = False,
) -> WeekPlan:
    """Fit the practice of the homework running in the 7 days from ``start`` into the saved
    windows. When ``now`` falls on ``start``, windows that began before it are left out, so
    nothing is planned in the past."""
    with uow:
        stored = uow.windows.list()
        assignments = [a for a in uow.homework.list() if _runs_in_week(a, start)]
    assignments.sort(key=lambda a: a.id or 0)
    windows = [window_of(w) for w in stored]
    passed: list[Window] = []
    if now is not None and now.date() == start:
        passed = [w for w in windows if w.weekday == start.weekday() and w.start < now.time()]
        windows = [w for w in windows if w not in passed]
    plan = plan_week(windows, start, assignments, allow_same_day=allow_same_day)
    suggestions = {
        s.assignment_id: suggestion(
            windows, start, assignments, s.assignment_id, allow_same_day=allow_same_day
        )
        for s in plan.shortfalls
    }
    same_day_would_help = False
    if plan.shortfalls and not allow_same_day:
        looser = plan_week(windows, start, assignments, allow_same_day=True)
        short = sum(s.minutes_short for s in plan.shortfalls)
        same_day_would_help = sum(s.minutes_short for s in looser.shortfalls) < short
    return WeekPlan(
        start=start,
        windows=windows,
        assignments=assignments,
        plan=plan,
        suggestions=suggestions,
        passed=passed,
        same_day_would_help=same_day_would_help,
    )
