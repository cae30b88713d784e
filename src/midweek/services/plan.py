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
