"""Practice, one tap from Today: log it done, partly done or skipped, say kindly what got
in the way (with a matching next step), and the homework page with this week's progress.

Forms answer as ``web/forms.py`` says: a plain post or an htmx fragment alike, and a
mistake shown beside its field with what was typed kept.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from midweek import messages
from midweek.domain.barriers import NextStep, suggested_steps
from midweek.domain.entities import (
    BarrierKind,
    Outcome,
)
from midweek.domain.errors import ValidationError
from midweek.domain.practice import WeekProgress
from midweek.services import homework
from midweek.web.deps import (
    Client,
    person_uow,
    render,
)
from midweek.web.forms import (
    INVALID,
    Short,
    Text,
    barrier_kind,
    is_htmx,
    optional_int,
    see_other,
)
from midweek.web.idempotency import IdempotentRoute
from midweek.web.offline import written_at
from midweek.web.params import Ident, parse_id

router = APIRouter(route_class=IdempotentRoute)


def _progress(week: WeekProgress | None) -> str:
    if week is None:
        return ""
    return messages.progress_of(week)


def _row(
    request: Request,
    viewer: Client,
    assignment: Any,
    week: WeekProgress | None,
    *,
    said: str | None = None,
    log_id: int | None = None,
    reflect: bool = False,
    error: ValidationError | None = None,
    typed: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    """One practice row: as a fragment for htmx, else on a page of its own."""
    context = {
        "assignment": assignment,
        "line": _progress(week),
        "week": week,
        "said": said,
        "log_id": log_id,
        "reflect": reflect,
        "error": error,
        "typed": typed or {},
        "htmx": is_htmx(request),
    }
    name = "client_practice_row.html" if is_htmx(request) else "client_practice.html"
    return render(request, name, context, status=status)


@router.post("/practice/{assignment_id}/log")
def log_practice(
    request: Request,
    viewer: Client,
    assignment_id: Ident,
    outcome: Annotated[str, Form(max_length=20)] = "",
    minutes: Annotated[str, Form(max_length=20)] = "",
    quality: Annotated[str, Form(max_length=20)] = "",
    note: Text = "",
) -> Response:
    """One tap logs a practice (the optional details travel in the same post)."""
    typed = {"minutes": minutes, "quality": quality, "note": note}
    try:
        try:
            how = Outcome(outcome.strip().lower())
        except ValueError:
            raise ValidationError(messages.not_an_outcome(outcome), field="outcome") from None
        logged = homework.log_practice(
            person_uow(request, viewer.person_id),
            assignment_id,
            how,
            at=written_at(request, viewer.now),
            now=viewer.now,
            minutes=optional_int(minutes, label=messages.WEB_MINUTES, field="minutes"),
            quality=optional_int(quality, label=messages.WEB_QUALITY_LEGEND, field="quality"),
            note=note or None,
        )
    except ValidationError as err:
        assignment, week = homework.homework_with_week(
            person_uow(request, viewer.person_id), assignment_id, now=viewer.now
        )
        return _row(request, viewer, assignment, week, error=err, typed=typed, status=INVALID)
    reflect = how is not Outcome.DONE
    if not is_htmx(request):
        if reflect:
            return see_other(f"/practice/{assignment_id}/barrier?log={logged.log.id}")
        return see_other(f"/#practice-{assignment_id}")
    return _row(
        request,
        viewer,
        logged.assignment,
        logged.week,
        said=messages.LOGGED[how],
        log_id=logged.log.id,
        reflect=reflect,
    )


def _barrier_page(
    request: Request,
    viewer: Client,
    assignment_id: int,
    *,
    log: int | None,
    kind: BarrierKind | None,
    error: ValidationError | None = None,
    typed: dict[str, str] | None = None,
    saved: bool = False,
    status: int = 200,
) -> Response:
    assignment, week = homework.homework_with_week(
        person_uow(request, viewer.person_id), assignment_id, now=viewer.now
    )
    steps = [(s.value, messages.NEXT_STEP_LABELS[s]) for s in suggested_steps(kind)] if kind else []
    context = {
        "assignment": assignment,
        "line": _progress(week),
        "log_id": log,
        "kind": kind,
        "steps": steps,
        "error": error,
        "typed": typed or {},
        "saved": saved,
        "htmx": is_htmx(request),
    }
    name = "client_barrier_form.html" if is_htmx(request) else "client_barrier.html"
    return render(request, name, context, status=status)


@router.get("/practice/{assignment_id}/barrier")
def barrier_form(
    request: Request,
    viewer: Client,
    assignment_id: Ident,
    log: int | None = None,
    kind: str = "",
) -> Response:
    """What got in the way: first the kind, then its reflection and matching next steps."""
    chosen: BarrierKind | None = None
    error = None
    if kind:
        try:
            chosen = barrier_kind(kind)
        except ValidationError as err:
            error = err
    return _barrier_page(request, viewer, assignment_id, log=log, kind=chosen, error=error)


@router.post("/practice/{assignment_id}/barrier")
def barrier_add(
    request: Request,
    viewer: Client,
    assignment_id: Ident,
    kind: Annotated[str, Form(max_length=40)] = "",
    log: Annotated[str, Form(max_length=20)] = "",
    step: Annotated[str, Form(max_length=40)] = "",
    own_step: Short = "",
    note: Text = "",
) -> Response:
    typed = {"step": step, "own_step": own_step, "note": note}
    log_id = parse_id(log.strip())
    chosen: BarrierKind | None = None
    try:
        chosen = barrier_kind(kind)
        next_step = own_step.strip() or None
        if next_step is None and step:
            try:
                next_step = messages.NEXT_STEP_LABELS[NextStep(step)]
            except ValueError:
                next_step = None  # not one we offered: treat as no choice
        homework.add_barrier(
            person_uow(request, viewer.person_id),
            chosen,
            at=viewer.now,
            assignment_id=assignment_id,
            practice_id=log_id,
            note=note or None,
            next_step=next_step,
        )
    except ValidationError as err:
        return _barrier_page(
            request,
            viewer,
            assignment_id,
            log=log_id,
            kind=chosen,
            error=err,
            typed=typed,
            status=INVALID,
        )
    if not is_htmx(request):
        return see_other(f"/#practice-{assignment_id}")
    return _barrier_page(request, viewer, assignment_id, log=log_id, kind=chosen, saved=True)


@router.get("/homework")
def homework_page(request: Request, viewer: Client) -> Response:
    """The homework running now, each with this week's progress."""
    from midweek.services.today import today

    view = today(person_uow(request, viewer.person_id), now=viewer.now)
    items = [(due.assignment, _progress(due.week), due.week) for due in view.practice]
    return render(request, "client_homework.html", {"items": items})
