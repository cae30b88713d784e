"""`… edit ID`, `… delete ID` and `undo`: correct or delete what you wrote, and undo a delete.

The commands join the groups they correct (``journal edit``, ``checkin delete``, …); a
delete prints how to undo it. ``log`` stays the way to log a practice (``log 3 done``)
and also takes ``log edit ID`` and ``log delete ID``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, cast

import typer
from typer.core import TyperGroup

from midweek import messages
from midweek.cli.choices import barrier_kind, template_named
from midweek.cli.console import (
    AtOption,
    JsonFlag,
    emit_json,
    handled,
    lazy_module,
    say,
    state,
    when,
)
from midweek.cli.support import show_support
from midweek.domain.corrections import RecordKind
from midweek.domain.entities import Outcome
from midweek.domain.errors import NotFound, ValidationError

if TYPE_CHECKING:
    from midweek.cli.console import AppState
    from midweek.services import corrections as fix
    from midweek.services.ports import ServerUnitOfWork
else:  # loaded on first use, so a command pays only for its own services
    fix = lazy_module("midweek.services.corrections")

IdArg = Annotated[int, typer.Argument(metavar="ID", help="Its id (see the list command).")]


class PracticeFirst(TyperGroup):
    """``log ID …`` logs a practice (the command ``practice``); ``log edit|delete ID``
    corrects one."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["practice", *args]
        return super().parse_args(ctx, args)


def log_group(log: Any) -> typer.Typer:
    """The ``log`` group: ``log ID done|partial|skipped`` as before, plus edit and delete."""
    group = typer.Typer(
        cls=PracticeFirst,
        help="Log a practice (`log ID done|partial|skipped`), see the recent ones (`log "
        "list`), or correct one: `log edit ID`, `log delete ID`.",
        no_args_is_help=True,
    )
    group.command("practice", help="Log a practice: done, partly done (it counts) or skipped.")(log)
    group.command("list")(log_list)
    group.command("edit")(log_edit)
    group.command("delete")(log_delete)
    return group


def attach(group: typer.Typer, kind: RecordKind) -> None:
    """Give the group that holds ``kind`` its ``edit ID`` (where there is one) and ``delete ID``.

    Each command module calls this at its end, so edit and delete come last in its help.
    """
    editor = _EDITORS.get(kind)
    if editor is not None:
        group.command("edit")(editor)
    group.command("delete")(_deleter(kind, _DELETE_HELP[kind]))


def _uow(st: AppState) -> ServerUnitOfWork:
    # The local store's unit of work holds the audit log too.
    return cast("ServerUnitOfWork", st.uow())


def _edited(kind: RecordKind, record: Any, risk: Any, st: AppState, as_json: bool) -> None:
    if as_json:
        emit_json({kind.value: record, "support": bool(risk)})
    else:
        say(messages.record_edited(kind.value, record.id))
    if risk:
        show_support(st, err=as_json)


def _deleter(kind: RecordKind, doc: str) -> Any:
    @handled
    def delete(ctx: typer.Context, ident: IdArg, as_json: JsonFlag = False) -> None:
        st = state(ctx)
        item = fix.delete(_uow(st), kind, ident, now=st.now())
        if as_json:
            emit_json({"deleted": {"kind": item.kind.value, "id": item.item_id}})
        else:
            say(messages.record_deleted_cli(kind.value, item.item_id))

    delete.__doc__ = doc
    delete.__name__ = f"{kind.value}_delete"
    return delete


@handled
def undo(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Bring back what you deleted last (within a day), with the same id."""
    st = state(ctx)
    item = fix.undo(_uow(st), now=st.now())
    if as_json:
        emit_json({"restored": {"kind": item.kind.value, "id": item.item_id}})
    else:
        say(messages.record_restored(item.kind.value, item.item_id))


# --- practice logs ------------------------------------------------------------------------

_OUTCOME_WORDS = {
    "partly": Outcome.PARTIAL,
    "part": Outcome.PARTIAL,
    "partly-done": Outcome.PARTIAL,
}


def _outcome(raw: str) -> Outcome:
    word = raw.strip().lower().replace(" ", "-")
    if word in _OUTCOME_WORDS:
        return _OUTCOME_WORDS[word]
    try:
        return Outcome(word)
    except ValueError:
        raise ValidationError(messages.not_an_outcome(raw), field="outcome") from None


@handled
def log_list(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many.")] = 20,
    as_json: JsonFlag = False,
) -> None:
    """Recent practice logs with their ids, newest first (to correct or delete one)."""
    from midweek.cli.console import fmt_when, table

    found = fix.recent(_uow(state(ctx)), limit=limit).logs
    if as_json:
        emit_json([log for log, _ in found])
        return
    if not found:
        say(messages.NO_PRACTICE_LOGS)
        return
    table(
        None,
        ["id", "when", "homework", "how", "minutes", "note"],
        [
            (
                log.id,
                fmt_when(log.at),
                title,
                log.outcome.value,
                "" if log.minutes is None else log.minutes,
                log.note or "",
            )
            for log, title in found
        ],
        plain=True,
    )


@handled
def log_edit(
    ctx: typer.Context,
    ident: IdArg,
    outcome: Annotated[
        str | None,
        typer.Option("--outcome", "--amount", help="How it went: done, partial or skipped."),
    ] = None,
    minutes: Annotated[
        int | None, typer.Option("--minutes", "-m", help="Minutes practised.")
    ] = None,
    quality: Annotated[
        int | None, typer.Option("--quality", "-q", help="How well it went, 0 to 4.")
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", help='A few words ("" removes the note).')
    ] = None,
    at: AtOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Correct a practice log (same id; checked as when it was logged)."""
    st = state(ctx)
    edited = fix.edit_practice(
        _uow(st),
        ident,
        now=st.now(),
        outcome=_outcome(outcome) if outcome is not None else None,
        minutes=minutes,
        quality=quality,
        note=note,
        at=when(st, at) if at else None,
    )
    _edited(RecordKind.PRACTICE, edited.record, edited.risk, st, as_json)


log_delete = _deleter(RecordKind.PRACTICE, "Delete a practice log (a double tap, a mistake).")


# --- journal, check-ins, questions, barriers ----------------------------------------------


@handled
def journal_edit(
    ctx: typer.Context,
    ident: IdArg,
    text: Annotated[str | None, typer.Option("--text", help="The entry's new text.")] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", help="Its tags, replacing the old (repeat).")
    ] = None,
    mood: Annotated[int | None, typer.Option("--mood", help="Mood, 0 (low) to 10.")] = None,
    bring: Annotated[
        bool | None,
        typer.Option("--bring/--no-bring", help="Bring it to my next session, or not."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Correct a journal entry (same id)."""
    st = state(ctx)
    edited = fix.edit_journal(
        _uow(st), ident, now=st.now(), text=text, tags=tag, mood=mood, bring=bring
    )
    _edited(RecordKind.JOURNAL, edited.record, edited.risk, st, as_json)


@handled
def checkin_edit(
    ctx: typer.Context,
    ident: IdArg,
    mood: Annotated[int | None, typer.Option("--mood", help="The mood, 0 to 10.")] = None,
    answers: Annotated[
        str | None, typer.Option("--answers", help="A PHQ-9 or GAD-7's answers, e.g. 0,1,2,…")
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", help='A few words ("" removes the note).')
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Correct a check-in: its mood, its answers (scored again) or its note."""
    st = state(ctx)
    edited = fix.edit_checkin(_uow(st), ident, now=st.now(), mood=mood, answers=answers, note=note)
    _edited(RecordKind.CHECKIN, edited.record, edited.risk, st, as_json)


@handled
def question_edit(
    ctx: typer.Context,
    ident: IdArg,
    text: Annotated[str, typer.Option("--text", help="The question, reworded.")],
    as_json: JsonFlag = False,
) -> None:
    """Reword a question for your therapist."""
    st = state(ctx)
    edited = fix.edit_question(_uow(st), ident, text=text, now=st.now())
    _edited(RecordKind.QUESTION, edited.record, edited.risk, st, as_json)


@handled
def barrier_edit(
    ctx: typer.Context,
    ident: IdArg,
    kind: Annotated[str | None, typer.Option("--kind", help="What got in the way.")] = None,
    note: Annotated[
        str | None, typer.Option("--note", help='In your words ("" removes it).')
    ] = None,
    next_step: Annotated[
        str | None, typer.Option("--next-step", help='A next step ("" removes it).')
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Correct a note about what got in the way."""
    st = state(ctx)
    edited = fix.edit_barrier(
        _uow(st),
        ident,
        now=st.now(),
        kind=barrier_kind(kind) if kind is not None else None,
        note=note,
        next_step=next_step,
    )
    _edited(RecordKind.BARRIER, edited.record, edited.risk, st, as_json)


# --- sessions and goals -----------------------------------------------------------------


@handled
def session_edit(
    ctx: typer.Context,
    ident: IdArg,
    takeaway: Annotated[
        list[str] | None,
        typer.Option("--takeaway", "-t", help="What you learned, replacing the old (repeat)."),
    ] = None,
    theme: Annotated[
        list[str] | None, typer.Option("--theme", help="Themes, replacing the old (repeat).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Correct a session's takeaways or themes."""
    st = state(ctx)
    edited = fix.edit_session(_uow(st), ident, now=st.now(), takeaways=takeaway, themes=theme)
    _edited(RecordKind.SESSION, edited.record, edited.risk, st, as_json)


@handled
def goal_edit(
    ctx: typer.Context,
    ident: IdArg,
    text: Annotated[str | None, typer.Option("--text", help="The goal, reworded.")] = None,
    value: Annotated[
        str | None, typer.Option("--value", help='The value it serves ("" removes it).')
    ] = None,
    importance: Annotated[
        int | None, typer.Option("--importance", help="How important, 0 to 10.")
    ] = None,
    confidence: Annotated[
        int | None, typer.Option("--confidence", help="How confident, 0 to 10.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Correct a goal."""
    st = state(ctx)
    edited = fix.edit_goal(
        _uow(st),
        ident,
        now=st.now(),
        text=text,
        value=value,
        importance=importance,
        confidence=confidence,
    )
    _edited(RecordKind.GOAL, edited.record, edited.risk, st, as_json)


# --- worksheets ----------------------------------------------------------------------------


def _answer(raw: str) -> tuple[str, str]:
    name, sep, value = raw.partition("=")
    if not sep or not name.strip():
        raise ValidationError(messages.EDIT_ANSWER_FORM, field="answer")
    return name.strip(), value.strip()


@handled
def worksheet_edit(
    ctx: typer.Context,
    ident: IdArg,
    answer: Annotated[
        list[str] | None,
        typer.Option("--answer", help="NAME=VALUE, one answer to correct (repeat for more)."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Correct answers of a filled worksheet; the rest stay as they were."""
    st = state(ctx)
    log = fix.record(_uow(st), RecordKind.WORKSHEET, ident)
    if not log.answers or not log.worksheet:
        raise NotFound(messages.RECORD_NAMES["worksheet"], ident)
    template = template_named(st, log.worksheet)
    answers = dict(_answer(a) for a in answer or [])
    edited = fix.edit_worksheet(_uow(st), ident, template, answers, now=st.now())
    _edited(RecordKind.WORKSHEET, edited.record, edited.risk, st, as_json)


#: Each group's ``edit ID`` (a time window has none: remove it and add another).
_EDITORS: dict[RecordKind, Any] = {
    RecordKind.JOURNAL: journal_edit,
    RecordKind.CHECKIN: checkin_edit,
    RecordKind.QUESTION: question_edit,
    RecordKind.BARRIER: barrier_edit,
    RecordKind.WORKSHEET: worksheet_edit,
    RecordKind.SESSION: session_edit,
    RecordKind.GOAL: goal_edit,
}

_DELETE_HELP = {
    RecordKind.JOURNAL: "Delete a journal entry.",
    RecordKind.CHECKIN: "Delete a check-in.",
    RecordKind.QUESTION: "Delete a question.",
    RecordKind.BARRIER: "Delete a note about what got in the way.",
    RecordKind.WORKSHEET: "Delete a filled worksheet (its id is its practice log's).",
    RecordKind.SESSION: "Delete a session's notes.",
    RecordKind.GOAL: "Delete a goal.",
    RecordKind.WINDOW: "Delete a time window (`undo` brings it back).",
}
