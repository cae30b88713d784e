"""`checkin` and `worksheet`: how you are doing, and structured practice."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from midweek import messages
from midweek.cli import corrections
from midweek.cli.choices import template_named, templates
from midweek.cli.console import (
    AtOption,
    JsonFlag,
    emit_json,
    fmt_when,
    handled,
    interactive,
    lazy_module,
    say,
    state,
    table,
    when,
)
from midweek.cli.support import show_support
from midweek.domain.corrections import RecordKind
from midweek.domain.entities import CheckinKind, Outcome
from midweek.domain.errors import ValidationError
from midweek.i18n import _

if TYPE_CHECKING:
    from midweek.domain import instruments, worksheets
    from midweek.domain.instruments import Instrument
    from midweek.domain.worksheets import Template
    from midweek.services import checkins
    from midweek.services import homework as hw
else:  # loaded on first use, so a command pays only for its own services
    instruments = lazy_module("midweek.domain.instruments")
    worksheets = lazy_module("midweek.domain.worksheets")
    hw = lazy_module("midweek.services.homework")
    checkins = lazy_module("midweek.services.checkins")


checkin_app = typer.Typer(
    help="Check in: mood, PHQ-9 (depression), GAD-7 (anxiety).", no_args_is_help=True
)
worksheet_app = typer.Typer(
    help="Worksheets: thought record, sleep diary and more.", no_args_is_help=True
)


# --- check-ins ---------------------------------------------------------------------------


@checkin_app.command("mood")
@handled
def checkin_mood(
    ctx: typer.Context,
    mood: Annotated[int, typer.Argument(help="Mood now, 0 (very low) to 10 (very good).")],
    note: Annotated[str | None, typer.Option("--note", help="A few words.")] = None,
    at: AtOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Note your mood, 0–10."""
    st = state(ctx)
    c, risk = checkins.checkin_mood(st.uow(), mood, note=note, at=when(st, at))
    if as_json:
        emit_json({"checkin": c, "support": bool(risk)})
    else:
        say(messages.CHECKIN_SAVED)
    if risk:
        show_support(st, err=as_json)


def _ask_items(inst: Instrument) -> list[int]:
    inst = instruments.localized(inst)
    say(inst.stem, bold=True)
    say("  " + "   ".join(f"{v} = {label}" for v, label in inst.options), dim=True)
    answers: list[int] = []
    for i, item in enumerate(inst.items, 1):
        while True:
            raw = typer.prompt(f"{i}. {item}").strip()
            if raw in {"0", "1", "2", "3"}:
                answers.append(int(raw))
                break
            say(messages.ANSWER_0_TO_3)
    return answers


def _instrument(
    ctx: typer.Context,
    kind: CheckinKind,
    answers: str | None,
    note: str | None,
    at: str | None,
    as_json: bool,
) -> None:
    st = state(ctx)
    inst = instruments.INSTRUMENTS[kind.value]
    raw: str | list[int]
    if answers is not None:
        raw = answers
    elif interactive() and not as_json:
        raw = _ask_items(inst)
    else:
        raise ValidationError(
            messages.missing(
                f"your {len(inst.items)} answers",
                "--answers 0,1,2,… with one number 0–3 per question",
            )
        )
    c, result = checkins.checkin_instrument(st.uow(), kind, raw, note=note, at=when(st, at))
    if as_json:
        emit_json({"checkin": c, "score": result, "support": result.safety_signal})
    else:
        say(messages.instrument_result(inst.name, result.total, inst.max_total, result.band))
        say(messages.CHECKIN_SAVED, dim=True)
    if result.safety_signal:
        show_support(st, err=as_json)


AnswersOption = Annotated[
    str | None, typer.Option("--answers", help="Your answers, 0–3 each, e.g. 1,0,2,1,0,0,1,0,0.")
]


@checkin_app.command("phq9")
@handled
def checkin_phq9(
    ctx: typer.Context,
    answers: AnswersOption = None,
    note: Annotated[str | None, typer.Option("--note", help="A few words.")] = None,
    at: AtOption = None,
    as_json: JsonFlag = False,
) -> None:
    """The PHQ-9 (nine questions about the last two weeks)."""
    _instrument(ctx, CheckinKind.PHQ9, answers, note, at, as_json)


@checkin_app.command("gad7")
@handled
def checkin_gad7(
    ctx: typer.Context,
    answers: AnswersOption = None,
    note: Annotated[str | None, typer.Option("--note", help="A few words.")] = None,
    at: AtOption = None,
    as_json: JsonFlag = False,
) -> None:
    """The GAD-7 (seven questions about the last two weeks)."""
    _instrument(ctx, CheckinKind.GAD7, answers, note, at, as_json)


@checkin_app.command("list")
@handled
def checkin_list(
    ctx: typer.Context,
    kind: Annotated[CheckinKind | None, typer.Option("--kind", help="mood, phq9 or gad7.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many.")] = 20,
    as_json: JsonFlag = False,
) -> None:
    """Recent check-ins."""
    items = checkins.list_checkins(state(ctx).uow(), kind=kind, limit=limit)
    if as_json:
        emit_json(items)
        return
    if not items:
        say(messages.NO_CHECKINS)
        return
    table(
        "Check-ins",
        ["id", "when", "kind", "score", "note"],
        [
            (
                c.id,
                fmt_when(c.at),
                c.kind.value,
                c.mood if c.total is None else c.total,
                c.note or "",
            )
            for c in items
        ],
    )


# --- worksheets --------------------------------------------------------------------------


@worksheet_app.command("list")
@handled
def worksheet_list(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """The worksheets you can fill (including your own, from the templates folder)."""
    st = state(ctx)
    found = templates(st)
    if as_json:
        emit_json(
            [
                {"name": t.name, "title": t.title, "description": t.description}
                for t in found.values()
            ]
        )
        return
    table(
        messages.WORKSHEETS_TITLE,
        list(messages.WORKSHEET_LIST_COLUMNS),
        [(t.name, t.title, t.description) for t in sorted(found.values(), key=lambda t: t.name)],
    )
    say(messages.own_templates_hint(st.settings.templates_dir), dim=True)


@worksheet_app.command("show")
@handled
def worksheet_show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME")],
    as_json: JsonFlag = False,
) -> None:
    """The fields of a worksheet."""
    t = template_named(state(ctx), name)
    if as_json:
        emit_json(t)
        return
    say(t.title, bold=True)
    say(t.description)
    if t.instructions:
        say(t.instructions, dim=True)
    required = messages.WORKSHEET_REQUIRED
    table(
        None,
        list(messages.WORKSHEET_SHOW_COLUMNS),
        [(f.name, f.label, _field_hint(f), required if f.required else "") for f in t.fields],
    )
    if t.computed:
        worked = ", ".join(c.label for c in t.computed)
        say(f"{messages.WEB_WORKSHEET_COMPUTED}: {worked}", dim=True)


def _field_hint(f: Any) -> str:
    parts = [str(f.kind)]
    if f.choices:
        # In the reader's language; either that or the template's own word is understood.
        parts.append("/".join(worksheets.choice_label(c) for c in f.choices))
    elif f.min is not None or f.max is not None:
        parts.append(f"{'' if f.min is None else f.min}–{'' if f.max is None else f.max}")
    if f.unit:
        parts.append(_(f.unit))
    return " ".join(parts)


def _read_answers(path: Path | None) -> dict[str, object] | None:
    """Answers from a JSON/TOML file, or JSON on standard input when not interactive."""
    if path is None:
        if interactive() or sys.stdin.isatty():
            return None
        raw_text = sys.stdin.read()
        source = "standard input"
    else:
        try:
            raw_text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ValidationError(messages.unreadable_file("answers file", path, exc)) from None
        source = str(path)
    try:
        if path is not None and path.suffix == ".toml":
            import tomllib

            data: object = tomllib.loads(raw_text)
        else:
            data = json.loads(raw_text)
    except ValueError as exc:
        raise ValidationError(messages.unreadable_answers(source, exc)) from None
    if not isinstance(data, dict):
        raise ValidationError(messages.answers_not_object(source))
    return data


def _ask_fields(t: Template, today: date) -> dict[str, object]:
    say(t.title, bold=True)
    if t.instructions:
        say(t.instructions, dim=True)
    answers: dict[str, object] = {}
    asking = list(t.fields)
    while asking:
        for f in asking:
            answers[f.name] = _ask_one(f, today)
        # The template's rules across answers (wake after bed, ...): ask again only for the
        # questions a rule names, rather than ending a long diary with an error.
        try:
            worksheets.validate_answers(t, answers, today=today)
        except worksheets.AnswersError as err:
            for sentence in err.problems.values():
                say(sentence)
            asking = [f for f in t.fields if f.name in err.problems]
        else:
            asking = []
    return answers


def _ask_one(f: Any, today: date) -> object:
    hint = _field_hint(f)
    while True:
        raw = typer.prompt(
            f"{f.label} [{hint}]", default="" if not f.required else None, show_default=False
        )
        try:
            worksheets.parse_value(f, raw, today=today)
        except ValidationError as err:
            say(str(err))
            continue
        return raw


@worksheet_app.command("fill")
@handled
def worksheet_fill(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME")],
    homework: Annotated[
        int | None, typer.Option("--homework", help="The homework it is for.")
    ] = None,
    answers_file: Annotated[
        Path | None, typer.Option("--answers-file", help="Answers as JSON or TOML.")
    ] = None,
    minutes: Annotated[int | None, typer.Option("--minutes", "-m", help="Minutes it took.")] = None,
    at: AtOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Fill a worksheet; with --homework it counts as a practice."""
    st = state(ctx)
    t = template_named(st, name)
    answers = _read_answers(answers_file)
    if answers is None:
        if not interactive():
            raise ValidationError(
                messages.missing("the answers", "--answers-file FILE or JSON on standard input")
            )
        answers = _ask_fields(t, st.now().date())
    logged = hw.fill_worksheet(
        st.uow(), t, answers, homework_id=homework, at=when(st, at), now=st.now(), minutes=minutes
    )
    if as_json:
        emit_json({"log": logged.log, "computed": logged.computed, "week": logged.week})
        if logged.risk:
            show_support(st, err=True)
        return
    say(messages.WORKSHEET_SAVED if logged.assignment is None else messages.LOGGED[Outcome.DONE])
    labels = {c.name: c for c in t.computed}
    for key, value in logged.computed.items():
        c = labels[key]
        say(f"  {c.label}: {'—' if value is None else worksheets.show_value(value, c.unit)}")
    if logged.risk:
        show_support(st)


# Last, so that edit and delete come after the group's own commands.
corrections.attach(checkin_app, RecordKind.CHECKIN)
corrections.attach(worksheet_app, RecordKind.WORKSHEET)
