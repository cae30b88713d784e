"""Homework the client sets themself (``midweek homework add --self``): ``/homework/new``
adds it; ``/homework/{id}/end`` asks first, on a page of its own (no JavaScript needed),
then ends it (``midweek homework end``; only homework the client set, as in the API).
A mistake comes back as the form again (422) with what was typed and one sentence;
nothing is written.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from midweek import messages
from midweek.domain.entities import Source
from midweek.domain.errors import Conflict, ValidationError
from midweek.services import homework
from midweek.web.deps import Client, person_uow, render
from midweek.web.forms import (
    INVALID,
    Short,
    Text,
    required_int,
    see_other,
)
from midweek.web.idempotency import IdempotentRoute
from midweek.web.params import Ident

router = APIRouter(route_class=IdempotentRoute)


Number = Annotated[str, Form(max_length=20)]


def _own_form(
    request: Request,
    typed: dict[str, str],
    *,
    error: ValidationError | None = None,
    status: int = 200,
) -> Response:
    return render(request, "own_practice.html", {"typed": typed, "error": error}, status=status)


@router.get("/homework/new")
def own_practice_form(request: Request, viewer: Client) -> Response:
    """The form for a practice the client sets themself."""
    typed = {
        "title": "",
        "instructions": "",
        "minutes": str(messages.WEB_OWN_MINUTES_DEFAULT),
        "per_week": "",
    }
    return _own_form(request, typed)


@router.post("/homework/new")
def own_practice_add(
    request: Request,
    viewer: Client,
    title: Short = "",
    instructions: Text = "",
    minutes: Number = "",
    per_week: Number = "",
) -> Response:
    typed = {"title": title, "instructions": instructions, "minutes": minutes, "per_week": per_week}
    try:
        if not title.strip():
            raise ValidationError(messages.WEB_OWN_NEED_TITLE, field="title")
        a = homework.add_homework(
            person_uow(request, viewer.person_id),
            title=title.strip(),
            per_week=required_int(per_week, label=messages.WEB_OWN_PER_WEEK, field="per_week"),
            minutes=required_int(minutes, label=messages.WEB_OWN_MINUTES, field="minutes"),
            now=viewer.now,
            instructions=instructions.strip() or None,
            source=Source.SELF,
        )
    except ValidationError as err:
        return _own_form(request, typed, error=err, status=INVALID)
    return see_other(f"/#practice-{a.id}")


def _own(request: Request, viewer: Client, ident: int) -> Any:
    """The client's own running homework (NotFound -> 404; the therapist's -> 409)."""
    a = homework.get_homework(person_uow(request, viewer.person_id, read_only=True), ident)
    if a.source is not Source.SELF:
        raise Conflict(messages.API_HOMEWORK_NOT_SELF)
    if a.ended_at is not None:
        raise Conflict(messages.already_ended(ident))
    return a


@router.get("/homework/{assignment_id}/end")
def end_own_confirm(request: Request, viewer: Client, assignment_id: Ident) -> Response:
    """Ask before ending: a page with one button, so it works without JavaScript."""
    return render(request, "own_practice_end.html", {"a": _own(request, viewer, assignment_id)})


@router.post("/homework/{assignment_id}/end")
def end_own(request: Request, viewer: Client, assignment_id: Ident) -> Response:
    homework.end_homework(
        person_uow(request, viewer.person_id), assignment_id, now=viewer.now, own_only=True
    )
    return see_other("/homework?ended=1")
