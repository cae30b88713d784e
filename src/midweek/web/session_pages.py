"""The client's own session notes (``midweek session add``): ``/sessions`` lists them newest
first with a form to note one; each note has the usual Edit / Delete / Undo of
``edit_pages``. A mistake comes back as the form again (422) with what was typed and one
sentence; nothing is written.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from midweek import messages
from midweek.domain.errors import ValidationError
from midweek.domain.when import parse_date
from midweek.services import therapy_sessions
from midweek.web.deps import Client, person_uow, render
from midweek.web.forms import (
    INVALID,
    Short,
    Text,
    see_other,
    takeaway_lines,
    theme_list,
)
from midweek.web.idempotency import IdempotentRoute

router = APIRouter(route_class=IdempotentRoute)


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
