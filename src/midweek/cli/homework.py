"""`homework`: what was agreed to practise, how often, how long and until when."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from midweek import messages
from midweek.cli.console import (
    JsonFlag,
    day,
    emit_json,
    handled,
    lazy_module,
    need,
    say,
    state,
    table,
)
from midweek.domain.entities import Assignment, HomeworkKind, Source

if TYPE_CHECKING:
    from midweek.services import homework as hw
else:  # loaded on first use, so a command pays only for its own services
    hw = lazy_module("midweek.services.homework")


homework_app = typer.Typer(
    help="Homework: what to practise, how often and how long.", no_args_is_help=True
)


@homework_app.command("add")
@handled
def homework_add(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="What to practise.")],
    per_week: Annotated[int | None, typer.Option("--per-week", help="Times per week.")] = None,
    minutes: Annotated[int | None, typer.Option("--minutes", help="Minutes each time.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Last day (optional).")] = None,
    start: Annotated[str | None, typer.Option("--from", help="First day (default: today).")] = None,
    goal: Annotated[int | None, typer.Option("--goal", help="The goal it serves (id).")] = None,
    worksheet: Annotated[
        str | None, typer.Option("--worksheet", help="A worksheet to fill (see `worksheet list`).")
    ] = None,
    instructions: Annotated[
        str | None, typer.Option("--instructions", help="How to do it.")
    ] = None,
    kind: Annotated[HomeworkKind | None, typer.Option("--kind", help="Kind of practice.")] = None,
    self_set: Annotated[
        bool, typer.Option("--self", help="You set this yourself (not from your therapist).")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Add homework: how often per week and how many minutes each time."""
    st = state(ctx)
    pw = need(
        per_week,
        what="how many times a week",
        how="--per-week N",
        prompt=messages.PER_WEEK_PROMPT,
        convert=int,
    )
    mins = need(
        minutes,
        what="how many minutes each time",
        how="--minutes M",
        prompt=messages.MINUTES_PROMPT,
        convert=int,
    )
    template = None
    if worksheet:
        from midweek.cli.choices import template_named

        template = template_named(st, worksheet)
    a = hw.add_homework(
        st.uow(),
        title=title,
        per_week=pw,
        minutes=mins,
        now=st.now(),
        start=day(st, start, what="start date", ahead=True),
        until=day(st, until, what="end date", ahead=True),
        goal_id=goal,
        worksheet=template,
        instructions=instructions,
        kind=kind,
        source=Source.SELF if self_set else Source.THERAPIST,
    )
    if as_json:
        emit_json(a)
        return
    say(messages.homework_saved(a.id, a.per_week, a.minutes))
    say(messages.log_hint(a.id), dim=True)


def _dose(a: Assignment) -> str:
    return f"{a.per_week}×/week, {a.minutes} min"


@homework_app.command("list")
@handled
def homework_list(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", help="Include ended homework.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Homework running now (or all of it with --all)."""
    st = state(ctx)
    items = hw.list_homework(st.uow(), on=None if all_ else st.now().date())
    if as_json:
        emit_json(items)
        return
    if not items:
        say(messages.NO_HOMEWORK)
        return
    table(
        "Homework",
        ["id", "title", "dose", "until", "worksheet", "from"],
        [(a.id, a.title, _dose(a), a.end or "", a.worksheet or "", a.source.value) for a in items],
    )


@homework_app.command("show")
@handled
def homework_show(
    ctx: typer.Context,
    ident: Annotated[int, typer.Argument(metavar="ID")],
    as_json: JsonFlag = False,
) -> None:
    """One assignment with this week's progress."""
    st = state(ctx)
    a, week = hw.homework_with_week(st.uow(), ident, now=st.now())
    if as_json:
        emit_json({"assignment": a, "week": week})
        return
    say(f"{a.title}", bold=True)
    say(
        f"{_dose(a)} · from {a.start}"
        + (f" until {a.end}" if a.end else "")
        + (" · ended" if a.ended_at else "")
    )
    if a.instructions:
        say(a.instructions)
    if a.worksheet:
        say(f"Worksheet: {a.worksheet} (midweek worksheet fill {a.worksheet} --homework {a.id})")
    say(messages.progress_of(week))


@homework_app.command("end")
@handled
def homework_end(
    ctx: typer.Context,
    ident: Annotated[int, typer.Argument(metavar="ID")],
    as_json: JsonFlag = False,
) -> None:
    """End an assignment early; what you practised still counts."""
    st = state(ctx)
    a = hw.end_homework(st.uow(), ident, now=st.now())
    if as_json:
        emit_json(a)
        return
    say(messages.HOMEWORK_ENDED)
