"""`session`, `goal` and `homework`: capturing what was agreed in therapy."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from midweek import messages
from midweek.cli import corrections
from midweek.cli.console import (
    JsonFlag,
    day,
    emit_json,
    handled,
    lazy_module,
    need,
    say,
    shown,
    state,
    table,
)
from midweek.domain.corrections import RecordKind
from midweek.domain.entities import Assignment, GoalStatus, HomeworkKind, Source

if TYPE_CHECKING:
    from midweek.services import goals, therapy_sessions
    from midweek.services import homework as hw
else:  # loaded on first use, so a command pays only for its own services
    hw = lazy_module("midweek.services.homework")
    goals = lazy_module("midweek.services.goals")
    therapy_sessions = lazy_module("midweek.services.therapy_sessions")


session_app = typer.Typer(
    help="Therapy sessions: the date, what you learned, the themes.", no_args_is_help=True
)
goal_app = typer.Typer(
    help="Goals, the values they serve, and how ready you feel.", no_args_is_help=True
)
homework_app = typer.Typer(
    help="Homework: what to practise, how often and how long.", no_args_is_help=True
)


# --- sessions ----------------------------------------------------------------------------


@session_app.command("add")
@handled
def session_add(
    ctx: typer.Context,
    date: Annotated[
        str | None, typer.Option("--date", help="Day of the session (default: today).")
    ] = None,
    takeaway: Annotated[
        list[str] | None,
        typer.Option("--takeaway", "-t", help="Something you learned (repeat for more)."),
    ] = None,
    theme: Annotated[
        list[str] | None, typer.Option("--theme", help="A theme (repeat for more).")
    ] = None,
    next_: Annotated[
        str | None,
        typer.Option(
            "--next",
            help='Next appointment: "next tuesday 6pm", "Tuesday 18:30", 2026-12-01 17:00.',
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Note a session: what you learned and the themes, while it is fresh."""
    st = state(ctx)
    now = st.now()
    takeaways = list(takeaway or [])
    if not takeaways and not as_json:
        from midweek.cli.console import interactive

        if interactive():
            while line := typer.prompt(
                messages.TAKEAWAY_PROMPT, default="", show_default=False
            ).strip():
                takeaways.append(line)
    next_at = None
    if next_:
        from midweek.domain.when import parse_datetime

        next_at = parse_datetime(next_, now=now, what="next appointment", future_ok=True)
    s = therapy_sessions.add_session(
        st.uow(),
        day=day(st, date) or now.date(),
        takeaways=takeaways,
        themes=list(theme or []),
        next_appointment=next_at,
        now=now,
    )
    if as_json:
        emit_json(s)
        return
    say(f"{messages.SESSION_SAVED} (session {s.id}, {s.date})")


@session_app.command("list")
@handled
def session_list(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """All sessions, newest first."""
    sessions = therapy_sessions.list_sessions(state(ctx).uow())
    if as_json:
        emit_json(sessions)
        return
    if not sessions:
        say(messages.NO_SESSIONS)
        return
    table(
        "Sessions",
        ["id", "date", "themes", "takeaways"],
        [(s.id, s.date, ", ".join(s.themes), len(s.takeaways)) for s in sessions],
    )


@session_app.command("show")
@handled
def session_show(
    ctx: typer.Context,
    ident: Annotated[int, typer.Argument(metavar="ID")],
    as_json: JsonFlag = False,
) -> None:
    """One session with its takeaways."""
    s = therapy_sessions.get_session(state(ctx).uow(), ident)
    if as_json:
        emit_json(s)
        return
    say(f"Session {s.id} — {s.date}", bold=True)
    if s.themes:
        say("Themes: " + ", ".join(s.themes))
    for t in s.takeaways:
        say(f"  • {t}")
    if s.next_appointment:
        say(f"Next appointment: {shown(s.next_appointment):%Y-%m-%d %H:%M}")


# --- goals -------------------------------------------------------------------------------


@goal_app.command("add")
@handled
def goal_add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="The goal, in your words.")],
    value: Annotated[str | None, typer.Option("--value", help="The value it serves.")] = None,
    importance: Annotated[
        int | None, typer.Option("--importance", help="How important, 0–10.")
    ] = None,
    confidence: Annotated[
        int | None, typer.Option("--confidence", help="How confident you feel, 0–10.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """A goal, linked to what matters to you, with the readiness ruler."""
    st = state(ctx)
    imp = need(
        importance,
        what="how important this is",
        how="--importance 0-10",
        prompt=messages.IMPORTANCE_PROMPT,
        convert=int,
    )
    conf = need(
        confidence,
        what="how confident you feel",
        how="--confidence 0-10",
        prompt=messages.CONFIDENCE_PROMPT,
        convert=int,
    )
    g = goals.add_goal(
        st.uow(), text=text, value=value, importance=imp, confidence=conf, now=st.now()
    )
    if as_json:
        emit_json(g)
        return
    say(f"{messages.GOAL_SAVED} (goal {g.id})")


@goal_app.command("list")
@handled
def goal_list(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Your goals, with their values and status."""
    found = goals.list_goals(state(ctx).uow())
    if as_json:
        emit_json(found)
        return
    if not found:
        say(messages.NO_GOALS)
        return
    table(
        "Goals",
        ["id", "goal", "value", "importance", "confidence", "status"],
        [(g.id, g.text, g.value, g.importance, g.confidence, g.status.value) for g in found],
    )


@goal_app.command("status")
@handled
def goal_status(
    ctx: typer.Context,
    ident: Annotated[int, typer.Argument(metavar="ID")],
    status: Annotated[GoalStatus, typer.Argument(help="active, paused, not-pursuing or achieved.")],
    as_json: JsonFlag = False,
) -> None:
    """Change a goal's status. Pausing or choosing not to pursue it is fine."""
    st = state(ctx)
    g = goals.set_goal_status(st.uow(), ident, status, now=st.now())
    if as_json:
        emit_json(g)
        return
    say(messages.GOAL_STATUS_SAID[g.status])


# --- homework ----------------------------------------------------------------------------


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


# Last, so that edit and delete come after the group's own commands.
corrections.attach(session_app, RecordKind.SESSION)
corrections.attach(goal_app, RecordKind.GOAL)
