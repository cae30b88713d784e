"""`goal`: goals, the values they serve, how ready you feel, and where each stands."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from midweek import messages
from midweek.cli import corrections
from midweek.cli.console import (
    JsonFlag,
    emit_json,
    handled,
    lazy_module,
    need,
    say,
    state,
    table,
)
from midweek.domain.corrections import RecordKind
from midweek.domain.entities import GoalStatus

if TYPE_CHECKING:
    from midweek.services import goals
else:  # loaded on first use, so a command pays only for its own services
    goals = lazy_module("midweek.services.goals")


goal_app = typer.Typer(
    help="Goals, the values they serve, and how ready you feel.", no_args_is_help=True
)


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


# Last, so that edit and delete come after the group's own commands.
corrections.attach(goal_app, RecordKind.GOAL)
