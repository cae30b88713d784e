"""`log` and `barrier`: practice with partial credit, and what got in the way."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from midweek import messages
from midweek.cli import corrections
from midweek.cli.choices import KIND_HELP, barrier_kind
from midweek.cli.console import (
    AtOption,
    JsonFlag,
    choose_number,
    emit_json,
    handled,
    interactive,
    lazy_module,
    need,
    say,
    state,
    when,
)
from midweek.cli.support import show_support
from midweek.domain.barriers import suggested_steps
from midweek.domain.corrections import RecordKind
from midweek.domain.entities import BarrierKind, Outcome
from midweek.domain.errors import ValidationError

if TYPE_CHECKING:
    from midweek.services import homework as hw
else:  # loaded on first use, so a command pays only for its own services
    hw = lazy_module("midweek.services.homework")


barrier_app = typer.Typer(
    help="What got in the way — noticed kindly, with a next step.", no_args_is_help=True
)


def _outcome(raw: str) -> Outcome:
    try:
        return Outcome(raw.strip().lower())
    except ValueError:
        raise ValidationError(messages.not_an_outcome(raw), field="outcome") from None


def _reflect(kind: BarrierKind | None) -> tuple[BarrierKind, str | None, str | None] | None:
    """The kind, optional 'what got in the way' conversation on a terminal."""
    if kind is None:
        say(messages.REFLECT_OFFER)
        labels = [messages.BARRIER_LABELS[k] for k in BarrierKind]
        picked = choose_number(messages.BARRIER_KIND_PROMPT, labels)
        if picked is None:
            return None
        kind = list(BarrierKind)[labels.index(picked)]
    say(messages.BARRIER_REFLECTIONS[kind], dim=True)
    steps = [messages.NEXT_STEP_LABELS[s] for s in suggested_steps(kind)]
    step = choose_number(messages.NEXT_STEP_PROMPT, steps, allow_free=True)
    note = (
        typer.prompt(messages.BARRIER_NOTE_PROMPT, default="", show_default=False).strip() or None
    )
    return kind, note, step


@handled
def log(
    ctx: typer.Context,
    ident: Annotated[
        int, typer.Argument(metavar="ID", help="The homework id (see `homework list`).")
    ],
    outcome: Annotated[
        str | None, typer.Argument(metavar="done|partial|skipped", help="How it went.")
    ] = None,
    minutes: Annotated[
        int | None, typer.Option("--minutes", "-m", help="Minutes practised.")
    ] = None,
    quality: Annotated[
        int | None, typer.Option("--quality", "-q", help="How well it went, 0 (not at all) to 4.")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="A few words about it.")] = None,
    at: AtOption = None,
    barrier: Annotated[
        str | None, typer.Option("--barrier", help=f"What got in the way: {KIND_HELP}.")
    ] = None,
    next_step: Annotated[
        str | None, typer.Option("--next-step", help="A next step you choose.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Log a practice: done, partly done (it counts) or skipped."""
    st = state(ctx)
    how = need(
        _outcome(outcome) if outcome is not None else None,
        what="how it went",
        how="done, partial or skipped",
        prompt=messages.OUTCOME_PROMPT,
        convert=_outcome,
    )
    kind = barrier_kind(barrier) if barrier else None
    moment = when(st, at)
    logged = hw.log_practice(
        st.uow(), ident, how, at=moment, now=st.now(), minutes=minutes, quality=quality, note=note
    )
    if not as_json:
        say(messages.LOGGED[how])
    reflection: tuple[BarrierKind, str | None, str | None] | None = None
    if kind is not None:
        reflection = (kind, None, next_step)
    elif how is not Outcome.DONE and interactive() and not as_json:
        reflection = _reflect(None)
    noted = None
    if reflection is not None:
        k, extra, step = reflection
        noted = hw.add_barrier(
            st.uow(),
            k,
            at=moment,
            assignment_id=ident,
            practice_id=logged.log.id,
            note=extra,
            next_step=step,
        )
    if as_json:
        emit_json({"log": logged.log, "week": logged.week, "barrier": noted and noted.barrier})
    else:
        if noted is not None:
            say(messages.BARRIER_SAVED)
        if logged.assignment is not None and logged.week is not None:
            say(f"{logged.assignment.title}: {messages.progress_of(logged.week)}", dim=True)
    if logged.risk or (noted is not None and noted.risk):
        show_support(st, err=as_json)


@barrier_app.command("add")
@handled
def barrier_add(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option("--kind", help=KIND_HELP)] = None,
    homework: Annotated[
        int | None, typer.Option("--homework", help="The homework it is about.")
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", help="What happened, in your words.")
    ] = None,
    next_step: Annotated[
        str | None, typer.Option("--next-step", help="A next step you choose.")
    ] = None,
    at: AtOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Note what got in the way, for a homework or in general."""
    st = state(ctx)
    if kind is None and interactive() and not as_json:
        reflection = _reflect(None)
        if reflection is None:
            return
        k, extra, step = reflection
        note, next_step = note or extra, next_step or step
    else:
        k = need(
            barrier_kind(kind) if kind is not None else None,
            what="what got in the way",
            how=f"--kind {KIND_HELP}",
            prompt=messages.KIND_PROMPT,
            convert=barrier_kind,
        )
    noted = hw.add_barrier(
        st.uow(), k, at=when(st, at), assignment_id=homework, note=note, next_step=next_step
    )
    b, hard_words = noted.barrier, noted.risk
    if as_json:
        emit_json(b)
        if hard_words:
            show_support(st, err=True)
        return
    say(messages.BARRIER_SAVED)
    if not next_step:
        say(
            "Next steps that often help: "
            + "; ".join(messages.NEXT_STEP_LABELS[s] for s in suggested_steps(k)),
            dim=True,
        )
    if hard_words:
        show_support(st)


@barrier_app.command("list")
@handled
def barrier_list(
    ctx: typer.Context,
    homework: Annotated[
        int | None, typer.Option("--homework", help="Only for this homework.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """What got in the way, newest first."""
    from midweek.cli.console import fmt_when, table

    items = hw.list_barriers(state(ctx).uow(), assignment_id=homework)
    if as_json:
        emit_json(items)
        return
    if not items:
        say(messages.NO_BARRIERS)
        return
    table(
        "What got in the way",
        ["id", "when", "kind", "homework", "note", "next step"],
        [
            (
                b.id,
                fmt_when(b.at),
                messages.BARRIER_LABELS[b.kind],
                b.assignment_id or "",
                b.note or "",
                b.next_step or "",
            )
            for b in items
        ],
    )


# Last, so that edit and delete come after the group's own commands.
corrections.attach(barrier_app, RecordKind.BARRIER)
# `log ID done|partial|skipped` as before, plus `log list`, `log edit ID`, `log delete ID`.
log_app = corrections.log_group(log)
