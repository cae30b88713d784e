"""Worksheets in the web app: the library, a form drawn from the template engine, and the
answers with what was worked out from them.

The form is generated from the same ``Template`` the CLI asks from, and the answers are
checked by the same engine (``validate_answers`` inside ``services.homework``), so a
sentence about a field reads the same in both. A mistake comes back as 422 with each
sentence beside its field and everything typed kept; nothing is saved until every answer
is fine. Template fields travel as ``field_<name>`` so they never meet the form's own
names (the CSRF token, ``minutes``, ``assignment``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from midweek import messages
from midweek.domain.entities import Assignment, Outcome, PracticeLog
from midweek.domain.errors import NotFound, ValidationError
from midweek.domain.worksheets import (
    AnswersError,
    Field,
    FieldKind,
    Template,
    choice_label,
    compute,
    parse_time,
    show_answer,
    show_value,
    unanswered,
)
from midweek.i18n import _
from midweek.services import corrections, homework, library
from midweek.web.deps import Client, person_uow, render, server_uow, support_context
from midweek.web.forms import optional_int, see_other
from midweek.web.idempotency import IdempotentRoute
from midweek.web.offline import written_at
from midweek.web.params import Ident, parse_id

router = APIRouter(route_class=IdempotentRoute)

INVALID = 422
PREFIX = "field_"
#: A whole-number field with at most this many values is a radio group, not a number box.
SMALL_SCALE = 11
#: The filled worksheets listed on the library page.
LISTED = 50


# --- the library --------------------------------------------------------------------------


def _library(request: Request) -> tuple[dict[str, Template], str]:
    """Shipped templates plus the server's own folder, and why the folder was left out if it
    could not be read (the built-in worksheets must stay usable)."""
    try:
        return library.load_templates(request.app.state.settings.templates_dir), ""
    except ValidationError as err:
        return library.shipped_templates(), messages.web_worksheets_own_unreadable(err)


def _template(request: Request, name: str) -> Template:
    template = _library(request)[0].get(name)
    if template is None:
        raise HTTPException(status_code=404)
    return template


@router.get("/worksheets")
def worksheets_page(request: Request, viewer: Client) -> Response:
    """The library with what each worksheet is for, and the ones filled in before."""
    found, problem = _library(request)
    templates = sorted(found.values(), key=lambda t: t.title.casefold())
    filled = [
        (log, found[log.worksheet].title if log.worksheet in found else log.worksheet)
        for log in homework.filled_worksheets(person_uow(request, viewer.person_id), limit=LISTED)
    ]
    context = {"templates": templates, "filled": filled, "problem": problem}
    return render(request, "worksheets.html", context)


# --- the form -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Control:
    """How one field is drawn: ``text``, ``textarea``, ``number``, ``scale`` (radio group of
    numbers), ``choice`` (radio group), ``multi`` (checkboxes) or ``time``."""

    field: Field
    kind: str
    values: tuple[int, ...] = ()

    @property
    def id(self) -> str:
        return "field-" + self.field.name.replace("_", "-")

    @property
    def name(self) -> str:
        return PREFIX + self.field.name

    @property
    def label(self) -> str:
        unit = self.field.unit
        return (
            f"{self.field.label} ({_(unit)})"
            if unit and self.kind == "number"
            else self.field.label
        )

    @property
    def options(self) -> list[tuple[str, str]]:
        """``(value, label)`` per choice: the value sent and stored is the choice as the
        template names it, the label is in the reader's language."""
        return [(choice, choice_label(choice)) for choice in self.field.choices]


def _control(f: Field) -> Control:
    if f.kind is FieldKind.SHORT_TEXT:
        return Control(f, "text")
    if f.kind is FieldKind.LONG_TEXT:
        return Control(f, "textarea")
    if f.kind is FieldKind.CHOICE:
        return Control(f, "choice")
    if f.kind is FieldKind.MULTI_CHOICE:
        return Control(f, "multi")
    if f.kind is FieldKind.TIME:
        return Control(f, "time")
    if f.kind is FieldKind.DATE:
        return Control(f, "date")
    small = f.min is not None and f.max is not None and f.max - f.min < SMALL_SCALE
    if f.kind is not FieldKind.DURATION and small:
        assert f.min is not None and f.max is not None
        return Control(f, "scale", tuple(range(f.min, f.max + 1)))
    return Control(f, "number")  # larger integers, SUDS 0–100, durations in minutes


def _typed(template: Template, form: FormData) -> dict[str, Any]:
    """What the person sent, by field name: text as typed, a list for multi-choice."""
    typed: dict[str, Any] = {}
    for f in template.fields:
        key = PREFIX + f.name
        if f.kind is FieldKind.MULTI_CHOICE:
            typed[f.name] = [str(v) for v in form.getlist(key)]
        else:
            typed[f.name] = str(form.get(key, ""))
    return typed


def _shown_typed(template: Template, typed: dict[str, Any]) -> dict[str, Any]:
    """Typed values as the controls can show them (a time input only takes HH:MM)."""
    shown = dict(typed)
    for f in template.fields:
        if f.kind is FieldKind.TIME and isinstance(typed.get(f.name), str):
            shown[f.name] = parse_time(typed[f.name]) or typed[f.name]
    return shown


def _running(request: Request, viewer: Client, template: Template) -> list[Assignment]:
    """The person's running homework that uses this worksheet."""
    running = homework.list_homework(person_uow(request, viewer.person_id), on=viewer.now.date())
    return [a for a in running if a.worksheet == template.name]


def _own_assignment(request: Request, viewer: Client, ident: int, template: Template) -> Assignment:
    """The person's own homework ``ident`` for this worksheet; 404 for anyone else's."""
    a = homework.get_homework(person_uow(request, viewer.person_id), ident)
    if a.worksheet != template.name:
        raise NotFound("homework", ident)
    return a


def _form(
    request: Request,
    viewer: Client,
    template: Template,
    *,
    assignment: Assignment | None,
    typed: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
    editing: PracticeLog | None = None,
) -> Response:
    errors = errors or {}
    typed = typed or {}
    choices = [] if assignment or editing else _running(request, viewer, template)
    if len(choices) == 1:
        assignment, choices = choices[0], []
    gaps = set(unanswered(template, {k: v for k, v in typed.items() if not k.startswith("_")}))
    context = {
        "editing": editing,
        "action": (
            f"/worksheets/{editing.id}/edit" if editing else f"/worksheets/fill/{template.name}"
        ),
        # Saving what is there so far: when filling in, and while a worksheet is unfinished.
        "offer_partial": editing is None or editing.outcome is Outcome.PARTIAL,
        # Only empty answers stand in the way: saving it as it is would do.
        "gaps_hint": bool(errors) and set(errors) <= gaps,
        "template": template,
        "controls": [_control(f) for f in template.fields],
        "assignment": assignment,
        "choices": choices,
        "typed": _shown_typed(template, typed),
        "errors": errors,
        "field_names": {f.name for f in template.fields},
    }
    return render(request, "worksheet_fill.html", context, status=status)


@router.get("/worksheets/fill/{name}")
def worksheet_form(
    request: Request, viewer: Client, name: str, assignment: int | None = None
) -> Response:
    """The worksheet as a form, one labelled control per field; for a homework when given."""
    template = _template(request, name)
    own = None if assignment is None else _own_assignment(request, viewer, assignment, template)
    return _form(request, viewer, template, assignment=own)


@router.post("/worksheets/fill/{name}")
async def worksheet_save(request: Request, viewer: Client, name: str) -> Response:
    """Check every answer with the engine, save, and show what was worked out."""
    template = _template(request, name)
    form = await request.form()
    typed = _typed(template, form)
    minutes_raw = str(form.get("minutes", ""))[:20]
    chosen = str(form.get("assignment", "")).strip()[:20]
    # Leading underscores: never a template field's name.
    typed.update({"_minutes": minutes_raw, "_assignment": chosen})
    own = None
    if chosen:
        ident = parse_id(chosen)
        if ident is None:
            raise HTTPException(status_code=404)
        own = _own_assignment(request, viewer, ident, template)
    answers = {f.name: typed[f.name] for f in template.fields}
    partial = str(form.get("save", "")) == "partial"
    try:
        logged = homework.fill_worksheet(
            person_uow(request, viewer.person_id),
            template,
            answers,
            # Filled in with no connection, it keeps the moment it was filled (web/offline.py).
            at=written_at(request, viewer.now),
            now=viewer.now,
            homework_id=own.id if own else None,
            minutes=optional_int(
                minutes_raw, label=messages.WEB_WORKSHEET_MINUTES, field="minutes"
            ),
            partial=partial,
        )
    except AnswersError as err:
        return _form(
            request,
            viewer,
            template,
            assignment=own,
            typed=typed,
            errors=err.problems,
            status=INVALID,
        )
    except ValidationError as err:
        where = {"homework": "_homework", "minutes": "_minutes"}.get(err.field or "", "")
        said = messages.WEB_WORKSHEET_PICK_HOMEWORK if where == "_homework" else str(err)
        return _form(
            request,
            viewer,
            template,
            assignment=own,
            typed=typed,
            errors={where: said},
            status=INVALID,
        )
    support = "&support=1" if logged.risk else ""
    saved = "partial" if logged.log.outcome is Outcome.PARTIAL else "1"
    return see_other(f"/worksheets/{logged.log.id}?saved={saved}{support}")


# --- a filled worksheet -------------------------------------------------------------------


def _with_unit(value: object, unit: str | None) -> str:
    # The same words as the CLI: minutes as "7 h 20 min", a percentage as "83.3%".
    return show_value(value, unit)


@router.get("/worksheets/{log_id}")
def worksheet_shown(
    request: Request,
    viewer: Client,
    log_id: Ident,
    saved: str = "",
    edited: str = "",
    support: bool = False,
) -> Response:
    """The answers, and the values worked out from them."""
    log = homework.filled_worksheet(person_uow(request, viewer.person_id), log_id)
    answers = log.answers or {}
    template = _library(request)[0].get(log.worksheet or "")
    rows: list[tuple[str, str | None]] = []
    worked: list[tuple[str, str | None]] = []
    if template is None:
        rows = [(key, None if v is None else _with_unit(v, None)) for key, v in answers.items()]
    else:
        for f in template.fields:
            value = answers.get(f.name)
            rows.append((f.label, None if value is None else show_answer(f, value)))
        try:
            values = compute(template, answers)
        except (TypeError, ValueError, KeyError):  # answers from an older version of it
            values = {}
        for c in template.computed:
            value = values.get(c.name)
            worked.append((c.label, None if value is None else _with_unit(value, c.unit)))
    said = ""
    if saved == "partial":
        said = messages.WORKSHEET_SAVED_PARTIAL
    elif saved == "finished":
        said = messages.WORKSHEET_FINISHED
    elif saved:
        said = (
            messages.WORKSHEET_SAVED if log.assignment_id is None else messages.LOGGED[Outcome.DONE]
        )
    elif edited:
        said = messages.EDIT_SAVED
    context: dict[str, Any] = {
        "partly": log.outcome is Outcome.PARTIAL,
        "log": log,
        "template": template,
        "title": template.title if template else log.worksheet,
        "rows": rows,
        "worked": worked,
        "said": said,
        "support": support,
    }
    if support:
        context.update(support_context(request, viewer))
    return render(request, "worksheet_filled.html", context)


# --- correcting or finishing a filled worksheet ---------------------------------------------


def _saved_typed(template: Template, log: PracticeLog) -> dict[str, Any]:
    """The saved answers as the form's controls take them."""
    answers = log.answers or {}
    typed: dict[str, Any] = {}
    for f in template.fields:
        value = answers.get(f.name)
        if f.kind is FieldKind.MULTI_CHOICE:
            typed[f.name] = [str(v) for v in value] if isinstance(value, list) else []
        else:
            typed[f.name] = "" if value is None else str(value)
    typed["_minutes"] = "" if log.minutes is None else str(log.minutes)
    return typed


def _editable(request: Request, viewer: Client, log_id: int) -> tuple[PracticeLog, Template]:
    """The person's own filled worksheet and its template (404 for anyone else's, or when
    the worksheet is no longer in the library)."""
    log = homework.filled_worksheet(person_uow(request, viewer.person_id), log_id)
    return log, _template(request, log.worksheet or "")


def _assignment_of(request: Request, viewer: Client, log: PracticeLog) -> Assignment | None:
    if log.assignment_id is None:
        return None
    return homework.get_homework(person_uow(request, viewer.person_id), log.assignment_id)


@router.get("/worksheets/{log_id}/edit")
def worksheet_edit_form(request: Request, viewer: Client, log_id: Ident) -> Response:
    """The saved answers in the same form as filling it in, to correct or to finish."""
    log, template = _editable(request, viewer, log_id)
    return _form(
        request,
        viewer,
        template,
        assignment=_assignment_of(request, viewer, log),
        typed=_saved_typed(template, log),
        editing=log,
    )


@router.post("/worksheets/{log_id}/edit")
async def worksheet_edit_save(request: Request, viewer: Client, log_id: Ident) -> Response:
    """Check the answers as when filling it in; keep them, or show each problem in place."""
    log, template = _editable(request, viewer, log_id)
    form = await request.form()
    typed = _typed(template, form)
    minutes_raw = str(form.get("minutes", ""))[:20]
    typed["_minutes"] = minutes_raw
    partial = str(form.get("save", "")) == "partial"
    answers = {f.name: typed[f.name] for f in template.fields}
    assignment = _assignment_of(request, viewer, log)
    try:
        edited = corrections.edit_worksheet(
            server_uow(request, viewer.person_id),
            log_id,
            template,
            answers,
            now=viewer.now,
            actor=viewer.account_id,
            partial=partial,
            minutes=optional_int(
                minutes_raw, label=messages.WEB_WORKSHEET_MINUTES, field="minutes"
            ),
        )
    except AnswersError as err:
        problems = err.problems
    except ValidationError as err:
        problems = {"_minutes" if err.field == "minutes" else "": str(err)}
    else:
        support = "&support=1" if edited.risk else ""
        if edited.record.outcome is Outcome.PARTIAL:
            said = "saved=partial"
        elif log.outcome is Outcome.PARTIAL:
            said = "saved=finished"
        else:
            said = "edited=1"
        return see_other(f"/worksheets/{log_id}?{said}{support}")
    return _form(
        request,
        viewer,
        template,
        assignment=assignment,
        typed=typed,
        errors=problems,
        status=INVALID,
        editing=log,
    )
