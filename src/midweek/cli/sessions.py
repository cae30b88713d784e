"""`session`: a therapy session — the date, what you learned, the themes, the next one."""

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
    say,
    shown,
    state,
    table,
)
from midweek.domain.corrections import RecordKind

if TYPE_CHECKING:
    from midweek.services import therapy_sessions
else:  # loaded on first use, so a command pays only for its own services
    therapy_sessions = lazy_module("midweek.services.therapy_sessions")


session_app = typer.Typer(
    help="Therapy sessions: the date, what you learned, the themes.", no_args_is_help=True
)


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


# Last, so that edit and delete come after the group's own commands.
corrections.attach(session_app, RecordKind.SESSION)
