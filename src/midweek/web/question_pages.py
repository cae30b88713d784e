"""Questions for the therapist: asked any time, carried into the next session, marked
discussed afterwards.

Forms answer as ``web/forms.py`` says: a plain post or an htmx fragment alike, and a
mistake shown beside its field with what was typed kept.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from midweek import messages
from midweek.domain.entities import (
    QuestionStatus,
)
from midweek.domain.errors import ValidationError
from midweek.services import questions
from midweek.web.deps import (
    Client,
    person_uow,
    render,
    support_context,
)
from midweek.web.forms import (
    INVALID,
    Short,
    Text,
    see_other,
)
from midweek.web.idempotency import IdempotentRoute
from midweek.web.params import Ident

router = APIRouter(route_class=IdempotentRoute)


def _question_said(key: str) -> str:
    return {
        "question": messages.QUESTION_SAVED,
        "note": messages.SUPPORT_NOTE_SAVED,
        "discussed": messages.QUESTION_DISCUSSED,
    }.get(key, "")


def _questions_page(
    request: Request,
    viewer: Client,
    *,
    said: str = "",
    support: bool = False,
    typed: str = "",
    error: ValidationError | None = None,
    status: int = 200,
) -> Response:
    every = questions.list_questions(person_uow(request, viewer.person_id), include_discussed=True)
    context: dict[str, Any] = {
        "open": [q for q in every if q.status is QuestionStatus.OPEN],
        "discussed": [q for q in every if q.status is QuestionStatus.DISCUSSED],
        "said": _question_said(said),
        "support": support,
        "typed": typed,
        "error": error,
    }
    if support:
        context.update(support_context(request, viewer))
    return render(request, "client_questions.html", context, status=status)


@router.get("/questions")
def questions_page(
    request: Request, viewer: Client, saved: str = "", support: bool = False
) -> Response:
    """Open questions first; the discussed ones folded away below."""
    return _questions_page(request, viewer, said=saved, support=support)


@router.post("/questions")
def questions_ask(
    request: Request, viewer: Client, text: Text = "", kind: Short = "question"
) -> Response:
    try:
        asked = questions.ask(person_uow(request, viewer.person_id), text, now=viewer.now)
    except ValidationError as err:
        return _questions_page(request, viewer, typed=text, error=err, status=INVALID)
    said = "note" if kind == "note" else "question"
    support = "&support=1" if asked.risk else ""
    return see_other(f"/questions?saved={said}{support}#question-{asked.question.id}")


@router.post("/questions/{question_id}/discussed")
def questions_discussed(request: Request, viewer: Client, question_id: Ident) -> Response:
    questions.mark_discussed(person_uow(request, viewer.person_id), question_id, now=viewer.now)
    return see_other("/questions?saved=discussed")
