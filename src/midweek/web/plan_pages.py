"""The weekly plan: the time windows a person really has, the week's practice fitted into
them (with a warning when it asks for more time than there is), a week grid to choose
windows on without script, and the plan as an iCalendar file with reminders.

A service's ``ValidationError`` is shown beside its form (422), with what was typed kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from midweek import messages
from midweek.domain.entities import PlanWindow
from midweek.domain.errors import ValidationError
from midweek.domain.push import REMINDER_MINUTES
from midweek.domain.when import parse_date
from midweek.services import plan as planning
from midweek.web.deps import (
    Client,
    person_uow,
    render,
    server_uow,
)
from midweek.web.idempotency import IdempotentRoute
from midweek.web.params import Ident

if TYPE_CHECKING:
    pass

from midweek.web.forms import attachment

router = APIRouter(route_class=IdempotentRoute)


#: Minutes before each practice that the downloaded calendar reminds (as the CLI's default,
#: and as a Web Push reminder comes).
ICS_REMINDER = REMINDER_MINUTES


def _start(raw: str, now: datetime) -> date:
    """The first day of the week asked for, read by the one clock grammar."""
    if not raw.strip():
        return now.date()
    try:
        return parse_date(raw, now=now, what="start day", future_ok=True)
    except ValidationError as err:
        err.field = "start"
        raise


def _day(d: date) -> str:
    return messages.when(d, "short")


@dataclass(frozen=True)
class _DayView:
    label: str
    today: bool
    #: (time, title, minutes) of each practice planned that day, earliest first.
    items: list[tuple[str, str, str]]


def _minute(t: time) -> int:
    return t.hour * 60 + t.minute


def _week_days(week: planning.WeekPlan, today: date) -> list[_DayView]:
    """Each of the seven days with its practices, like ``plan week``; today marked."""
    titles = {a.id: a.title for a in week.assignments}
    days = []
    for offset in range(7):
        d = week.start + timedelta(days=offset)
        items = [
            (
                f"{i.start:%H:%M}–{i.end:%H:%M}",
                titles[i.assignment_id],
                messages.practice_minutes(_minute(i.end) - _minute(i.start)),
            )
            for i in sorted(week.plan.items, key=lambda i: i.start)
            if i.day == d
        ]
        days.append(_DayView(label=_day(d), today=d == today, items=items))
    return days


@dataclass(frozen=True)
class _Cell:
    value: str
    label: str
    checked: bool


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _grid(stored: list[PlanWindow], today: date) -> dict[str, Any]:
    """The week grid: a column a weekday, a row a half hour, the saved time ticked."""
    chosen = planning.chosen_slots(stored)
    names = messages.WEEKDAY_NAMES  # in the reader's language
    short = messages.WEEKDAY_ABBR
    rows = []
    for minute in planning.grid_minutes():
        cells = []
        for day in range(7):
            slot = planning.Slot(day, minute)
            label = messages.slot_label(names[day], _clock(minute), _clock(slot.end))
            cells.append(_Cell(slot.value, label, slot in chosen))
        rows.append((_clock(minute), minute % 60 == 0, cells))
    off_grid = [
        w
        for w in stored
        if w.start_minute % planning.SLOT_MINUTES
        or w.end_minute % planning.SLOT_MINUTES
        or w.start_minute < planning.GRID_FIRST_MINUTE
        or w.end_minute > planning.GRID_END_MINUTE
    ]
    return {
        "grid_days": [(short[i], n, i == today.weekday()) for i, n in enumerate(names)],
        "grid_rows": rows,
        "grid_shown": [s.value for s in sorted(chosen)],
        "off_grid": bool(off_grid),
    }


def _shortfalls(week: planning.WeekPlan) -> list[tuple[str, str]]:
    by_id = {a.id: a for a in week.assignments}
    out = []
    for s in week.plan.shortfalls:
        a = by_id[s.assignment_id]
        sug = week.suggestions.get(s.assignment_id)
        hint = (
            messages.NO_SMALLER_VERSION
            if sug is None
            else messages.plan_suggestion(
                sug.kind, sug.per_week, sug.minutes, a.per_week, a.minutes
            )
        )
        out.append((messages.plan_shortfall(a.title, s.placed, s.planned, s.minutes_short), hint))
    return out


def _plan_page(
    request: Request,
    viewer: Client,
    *,
    start: str = "",
    same_day: bool = False,
    typed: str = "",
    error: str | None = None,
    grid_error: str | None = None,
    saved: str = "",
    status: int = 200,
) -> Response:
    from midweek.domain.zones import zone_name

    uow = person_uow(request, viewer.person_id)
    stored = planning.list_windows(uow)
    windows = [(w, planning.window_of(w)) for w in stored]
    first = _start(start, viewer.now)
    week = planning.plan_for_week(
        person_uow(request, viewer.person_id),
        start=first,
        now=viewer.now,
        allow_same_day=same_day,
    )
    query = {"start": first.isoformat()} | ({"same_day": "1"} if same_day else {})
    weekly_minutes = sum(w.minutes for _, w in windows)
    said = {
        "grid": messages.grid_saved(len(windows), weekly_minutes),
        "same": messages.WEB_GRID_NO_CHANGE,
    }
    zone = zone_name(viewer.now.tzinfo)
    context = {
        "windows": windows,
        "weekly_minutes": weekly_minutes,
        "week": week,
        "days": _week_days(week, viewer.now.date()),
        "shortfalls": _shortfalls(week),
        "same_day": same_day,
        "start": first.isoformat(),
        "earlier": (first - timedelta(days=7)).isoformat(),
        "later": (first + timedelta(days=7)).isoformat(),
        "ics_link": "/plan.ics?" + urlencode(query),
        "typed": typed,
        "error": error,
        "grid_error": grid_error,
        "grid_said": said.get(saved),
        "grid_zone": messages.grid_zone(zone) if zone else None,
        "heading": messages.plan_heading(_day(week.start), _day(week.end)),
    } | _grid(stored, viewer.now.date())
    return render(request, "more_plan.html", context, status=status)


@router.get("/plan")
def plan_page(
    request: Request,
    viewer: Client,
    start: Annotated[str, Query(max_length=20)] = "",
    same_day: bool = False,
    saved: Annotated[str, Query(max_length=10)] = "",
) -> Response:
    return _plan_page(request, viewer, start=start, same_day=same_day, saved=saved)


@router.post("/plan/windows")
def add_windows(
    request: Request, viewer: Client, windows: Annotated[str, Form(max_length=5000)] = ""
) -> Response:
    texts = [line.strip() for line in windows.replace(",", "\n").splitlines() if line.strip()]
    try:
        planning.add_windows(person_uow(request, viewer.person_id), texts, now=viewer.now)
    except ValidationError as err:
        return _plan_page(request, viewer, typed=windows, error=str(err), status=422)
    return RedirectResponse("/plan", status_code=303)


SlotField = Annotated[list[str] | None, Form(max_length=planning.MOST_SLOT_VALUES)]


@router.post("/plan/grid")
def choose_on_grid(
    request: Request, viewer: Client, slot: SlotField = None, shown: SlotField = None
) -> Response:
    """The week grid's form: the ticked slots, and those it showed ticked (``shown``), so
    only what the person changed is changed."""
    try:
        change = planning.choose_slots(
            person_uow(request, viewer.person_id), slot or [], shown or [], now=viewer.now
        )
    except ValidationError as err:
        return _plan_page(request, viewer, grid_error=str(err), status=422)
    said = "grid" if change.added or change.removed else "same"
    return RedirectResponse(f"/plan?saved={said}#week-grid", status_code=303)


@router.post("/plan/windows/{ident}/delete")
def remove_window(request: Request, viewer: Client, ident: Ident) -> Response:
    """Into the trash, so the plan page offers "Deleted. Undo" for a few minutes."""
    from midweek.domain.corrections import RecordKind
    from midweek.services import corrections

    item = corrections.delete(
        server_uow(request, viewer.person_id),
        RecordKind.WINDOW,
        ident,
        now=viewer.now,
        actor=viewer.account_id,
    )
    return RedirectResponse(f"/plan?deleted={item.id}", status_code=303)


@router.get("/plan.ics")
def plan_ics(
    request: Request,
    viewer: Client,
    start: Annotated[str, Query(max_length=20)] = "",
    same_day: bool = False,
) -> Response:
    from midweek.exports.ics import plan_to_ics

    first = _start(start, viewer.now)
    w = planning.plan_for_week(
        person_uow(request, viewer.person_id),
        start=first,
        now=viewer.now,
        allow_same_day=same_day,
    )
    if not w.windows and not w.passed:
        raise ValidationError(messages.NO_WINDOWS)
    if not w.plan.items:
        raise ValidationError(messages.NOTHING_TO_EXPORT)
    data = plan_to_ics(
        w.plan, w.assignments, tz=viewer.now.tzinfo, now=viewer.now, reminder_minutes=ICS_REMINDER
    )
    return attachment(data, "text/calendar", f"midweek-plan-{first.isoformat()}.ics")
