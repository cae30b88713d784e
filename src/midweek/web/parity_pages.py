"""What the CLI could do and the web could not: self-set homework and the client's own
session notes.

``/homework/new`` adds a practice the client sets themself (``midweek homework add --self``);
``/homework/{id}/end`` asks first, on a page of its own (no JavaScript needed), then ends
it (``midweek homework end``; only homework the client set, as in the API). ``/sessions``
lists the client's session notes newest first with a form to note one (``midweek session
add``); each note has the usual Edit / Delete / Undo of ``edit_pages``. A mistake comes
back as the form again (422) with what was typed and one sentence; nothing is written.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from midweek import messages
from midweek.domain.entities import Source
from midweek.domain.errors import Conflict, ValidationError
from midweek.domain.when import parse_date
from midweek.services import homework, therapy_sessions
from midweek.web.deps import Client, person_uow, render
from midweek.web.forms import (
    INVALID,
    Short,
    Text,
    required_int,
    see_other,
    takeaway_lines,
    theme_list,
)
from midweek.web.idempotency import IdempotentRoute
from midweek.web.params import Ident

router = APIRouter(route_class=IdempotentRoute)

Number = Annotated[str, Form(max_length=20)]


# --- self-set homework ----------------------------------------------------------------------


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


# --- session notes --------------------------------------------------------------------------


def _sessions_page(
    request: Request,
    viewer: Client,
    typed: dict[str, str] | None = None,
    *,
    error: ValidationError | None = None,
    status: int = 200,
) -> Response:
    context = {
        "sessions": therapy_sessions.list_sessions(
            person_uow(request, viewer.person_id, read_only=True)
        ),
        "typed": typed or {"day": viewer.now.date().isoformat(), "takeaways": "", "themes": ""},
        "error": error,
    }
    return render(request, "client_sessions.html", context, status=status)


@router.get("/sessions")
def sessions_page(request: Request, viewer: Client) -> Response:
    """The client's session notes, newest first, and a form to note one."""
    return _sessions_page(request, viewer)


@router.post("/sessions")
def session_add(
    request: Request,
    viewer: Client,
    day: Annotated[str, Form(max_length=40)] = "",
    takeaways: Text = "",
    themes: Short = "",
) -> Response:
    typed = {"day": day, "takeaways": takeaways, "themes": themes}
    try:
        lines = takeaway_lines(takeaways)
        if not lines:
            raise ValidationError(messages.WEB_SESSION_NEED_TAKEAWAY, field="takeaway")
        s = therapy_sessions.add_session(
            person_uow(request, viewer.person_id),
            day=parse_date(day, now=viewer.now, what="session date")
            if day.strip()
            else viewer.now.date(),
            takeaways=lines,
            themes=theme_list(themes),
            next_appointment=None,
            now=viewer.now,
        )
    except ValidationError as err:
        return _sessions_page(request, viewer, typed, error=err, status=INVALID)
    return see_other(f"/sessions?saved=1#session-{s.id}")
