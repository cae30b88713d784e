"""`plan` (time windows, the week's practice fitted into them, an .ics file) and `barriers`."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from midweek import messages
from midweek.cli import corrections
from midweek.cli.console import (
    JsonFlag,
    day,
    emit_json,
    handled,
    lazy_module,
    say,
    state,
    table,
    write_private,
)
from midweek.domain.corrections import RecordKind
from midweek.domain.entities import BarrierKind, PlanWindow
from midweek.domain.errors import ValidationError

if TYPE_CHECKING:
    from midweek.services import patterns
    from midweek.services import plan as planning
else:  # loaded on first use: the everyday commands never need the planner
    planning = lazy_module("midweek.services.plan")
    patterns = lazy_module("midweek.services.patterns")

plan_app = typer.Typer(
    help="A realistic week: the time you really have, and your practice fitted into it.",
    no_args_is_help=True,
)
windows_app = typer.Typer(
    help='The time windows you really have for practice, like "Mon 07:30-07:45".',
    no_args_is_help=True,
)
plan_app.add_typer(windows_app, name="windows")

StartOption = Annotated[
    str | None,
    typer.Option("--start", help="First day of the week to plan (default: today).", metavar="DATE"),
]
SameDayFlag = Annotated[
    bool,
    typer.Option("--same-day", help="Allow the same homework twice on one day."),
]


def _day(d: date) -> str:
    return messages.when(d, "short")


def _window_json(stored: PlanWindow) -> dict[str, Any]:
    w = planning.window_of(stored)
    return {
        "id": stored.id,
        "window": str(w),
        "weekday": w.weekday,
        "start": f"{w.start:%H:%M}",
        "end": f"{w.end:%H:%M}",
        "minutes": w.minutes,
    }


def _weekly_minutes(stored: list[PlanWindow]) -> int:
    return sum(planning.window_of(w).minutes for w in stored)


# --- windows ---------------------------------------------------------------------------


@windows_app.command("add")
@handled
def windows_add(
    ctx: typer.Context,
    texts: Annotated[
        list[str],
        typer.Argument(
            metavar="WINDOW...", help='One or more windows, each quoted: "Mon 07:30-07:45".'
        ),
    ],
    as_json: JsonFlag = False,
) -> None:
    """Save the time windows you really have (all or none: one unreadable window saves nothing)."""
    st = state(ctx)
    added = planning.add_windows(st.uow(), texts, now=st.now())
    everything = planning.list_windows(st.uow())
    if as_json:
        emit_json({"added": [_window_json(w) for w in added]})
        return
    say(messages.windows_saved(len(added), _weekly_minutes(everything)))


@windows_app.command("list")
@handled
def windows_list(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Your time windows, Monday first."""
    stored = planning.list_windows(state(ctx).uow())
    if as_json:
        emit_json([_window_json(w) for w in stored])
        return
    if not stored:
        say(messages.NO_WINDOWS)
        return
    rows = [(w.id, str(planning.window_of(w)), planning.window_of(w).minutes) for w in stored]
    table(None, ["ID", "Window", "Minutes"], rows, plain=True)
    say(messages.windows_total(_weekly_minutes(stored)), dim=True)


@windows_app.command("remove")
@handled
def windows_remove(
    ctx: typer.Context,
    ident: Annotated[
        int, typer.Argument(metavar="ID", help="The window's id (see `plan windows list`).")
    ],
    as_json: JsonFlag = False,
) -> None:
    """Remove one time window."""
    gone = planning.remove_window(state(ctx).uow(), ident)
    if as_json:
        emit_json({"removed": _window_json(gone)})
        return
    say(messages.window_removed(str(planning.window_of(gone))))


# --- the week --------------------------------------------------------------------------


def _week(ctx: typer.Context, start: str | None, same_day: bool) -> planning.WeekPlan:
    st = state(ctx)
    now = st.now()
    first = day(st, start, what="start", ahead=True) or now.date()
    return planning.plan_for_week(st.uow(), start=first, now=now, allow_same_day=same_day)


def _week_json(week: planning.WeekPlan) -> dict[str, Any]:
    p = week.plan
    by_id = {a.id: a for a in week.assignments}
    shortfalls = []
    for s in p.shortfalls:
        sug = week.suggestions.get(s.assignment_id)
        shortfalls.append(
            {
                "assignment_id": s.assignment_id,
                "title": by_id[s.assignment_id].title,
                "planned": s.planned,
                "placed": s.placed,
                "minutes_short": s.minutes_short,
                "suggestion": None
                if sug is None
                else {"kind": sug.kind, "per_week": sug.per_week, "minutes": sug.minutes},
            }
        )
    return {
        "start": week.start,
        "end": week.end,
        "windows": [str(w) for w in week.windows],
        "left_out_today": [str(w) for w in week.passed],
        "items": [
            {
                "assignment_id": i.assignment_id,
                "title": by_id[i.assignment_id].title,
                "day": i.day,
                "start": f"{i.start:%H:%M}",
                "end": f"{i.end:%H:%M}",
            }
            for i in p.items
        ],
        "minutes_needed": p.minutes_needed,
        "minutes_available": p.minutes_available,
        "fits": not p.shortfalls,
        "shortfalls": shortfalls,
        "same_day_would_help": week.same_day_would_help,
    }


@plan_app.command("week")
@handled
def week(
    ctx: typer.Context,
    start: StartOption = None,
    same_day: SameDayFlag = False,
    as_json: JsonFlag = False,
) -> None:
    """Your practice fitted into your windows, day by day — and what to do if it doesn't fit."""
    w = _week(ctx, start, same_day)
    if as_json:
        emit_json(_week_json(w))
        return
    if not w.windows and not w.passed:
        say(messages.NO_WINDOWS)
        return
    if not w.assignments:
        say(messages.NO_HOMEWORK_THIS_WEEK)
        return
    p = w.plan
    titles = {a.id: a.title for a in w.assignments}
    say(messages.plan_heading(_day(w.start), _day(w.end)), bold=True)
    for offset in range(7):
        d = w.start + timedelta(days=offset)
        items = [i for i in p.items if i.day == d]
        if not items:
            say(f"  {_day(d):<11} {messages.PLAN_FREE_DAY}", dim=True)
            continue
        for n, i in enumerate(items):
            label = _day(d) if n == 0 else ""
            say(f"  {label:<11} {i.start:%H:%M}-{i.end:%H:%M}  {titles[i.assignment_id]}")
    if w.passed:
        say(messages.PLAN_PASSED_WINDOWS, dim=True)
    say()
    if not p.shortfalls:
        say(messages.plan_fits(p.minutes_needed, p.minutes_available))
        return
    say(messages.plan_short(p.minutes_needed, p.minutes_available))
    by_id = {a.id: a for a in w.assignments}
    for s in p.shortfalls:
        a = by_id[s.assignment_id]
        say(f"  {messages.plan_shortfall(a.title, s.placed, s.planned, s.minutes_short)}")
        sug = w.suggestions.get(s.assignment_id)
        if sug is None:
            say(f"    {messages.NO_SMALLER_VERSION}")
        else:
            text = messages.plan_suggestion(
                sug.kind, sug.per_week, sug.minutes, a.per_week, a.minutes
            )
            say(f"    {text}")
    if w.same_day_would_help:
        say(messages.SAME_DAY_HINT, dim=True)
    say(messages.PLAN_BRING, dim=True)


@plan_app.command("ics")
@handled
def ics(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", help="The .ics file to write.", metavar="FILE")],
    start: StartOption = None,
    same_day: SameDayFlag = False,
    reminder: Annotated[
        int,
        typer.Option(
            "--reminder", min=0, max=1440, help="Minutes before each practice to remind you."
        ),
    ] = 10,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Write the week's plan as a calendar file (.ics), a reminder on each practice."""
    from midweek.exports.ics import plan_to_ics

    if out.exists() and not force:
        raise ValidationError(messages.file_exists(out))
    st = state(ctx)
    w = _week(ctx, start, same_day)
    if not w.windows and not w.passed:
        raise ValidationError(messages.NO_WINDOWS)
    if not w.plan.items:
        raise ValidationError(messages.NOTHING_TO_EXPORT)
    now = st.now()
    data = plan_to_ics(w.plan, w.assignments, tz=now.tzinfo, now=now, reminder_minutes=reminder)
    write_private(out, data, what="calendar")
    if as_json:
        emit_json({"file": out, "events": len(w.plan.items), "bytes": len(data)})
        return
    say(messages.ics_written(out, len(w.plan.items), reminder))


# --- barrier patterns ------------------------------------------------------------------


@handled
def barriers(
    ctx: typer.Context,
    weeks: Annotated[
        int, typer.Option("--weeks", help="How many weeks to look back, up to today.")
    ] = 4,
    as_json: JsonFlag = False,
) -> None:
    """What got in the way over the last weeks: how often, with which homework, steps tried."""
    st = state(ctx)
    o = patterns.barrier_overview(st.uow(), now=st.now(), weeks=weeks)
    p = o.patterns
    kinds: list[dict[str, Any]] = []
    for kind in BarrierKind:
        hit = p.assignments[kind]
        kinds.append(
            {
                "kind": kind.value,
                "label": messages.BARRIER_LABELS[kind],
                "count": p.counts[kind],
                "assignments": [
                    {"id": ident, "title": o.titles.get(ident), "count": n}
                    for ident, n in hit.items()
                ],
                "in_general": p.counts[kind] - sum(hit.values()),
                "next_steps": p.next_steps[kind],
            }
        )
    if as_json:
        emit_json(
            {
                "weeks": o.weeks,
                "first_day": o.first_day,
                "last_day": o.last_day,
                "total": p.total,
                "kinds": kinds,
            }
        )
        return
    if not p.total:
        say(messages.barriers_none(o.weeks))
        return
    say(messages.barriers_period(_day(o.first_day), _day(o.last_day), o.weeks), bold=True)
    for k in sorted((k for k in kinds if k["count"]), key=lambda k: -k["count"]):
        say(messages.barrier_count(k["label"], k["count"]))
        where = [f"{a['title']} ({a['count']})" for a in k["assignments"]]
        if k["in_general"]:
            where.append(f"{messages.BARRIER_IN_GENERAL} ({k['in_general']})")
        say(f"  {messages.barrier_homework(where)}", dim=True)
        if k["next_steps"]:
            say(f"  {messages.barrier_steps(k['next_steps'])}", dim=True)


# Last, so that edit and delete come after the group's own commands.
corrections.attach(windows_app, RecordKind.WINDOW)
