"""Goals with the value they serve and the readiness ruler (importance and confidence,
0-10), and their status: active, paused, not pursuing, achieved.

Forms answer as ``web/forms.py`` says: a plain post or an htmx fragment alike, and a
mistake shown beside its field with what was typed kept.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from midweek import messages
from midweek.domain.entities import (
    GoalStatus,
)
from midweek.domain.errors import ValidationError
from midweek.services import goals as goal_service
from midweek.web.deps import (
    Client,
    person_uow,
    render,
)
from midweek.web.forms import (
    INVALID,
    Short,
    required_int,
    see_other,
)
from midweek.web.idempotency import IdempotentRoute
from midweek.web.params import Ident

router = APIRouter(route_class=IdempotentRoute)


def _goals_page(
    request: Request,
    viewer: Client,
    *,
    said: str = "",
    typed: dict[str, str] | None = None,
    error: ValidationError | None = None,
    status: int = 200,
) -> Response:
    goals = goal_service.list_goals(person_uow(request, viewer.person_id))
    context = {
        "goals": goals,
        "said": said,
        "typed": typed or {},
        "error": error,
        "statuses": list(GoalStatus),
    }
    return render(request, "client_goals.html", context, status=status)


@router.get("/goals")
def goals_page(request: Request, viewer: Client, saved: str = "") -> Response:
    said = messages.GOAL_SAVED if saved == "goal" else ""
    if saved in set(GoalStatus):
        said = messages.GOAL_STATUS_SAID[GoalStatus(saved)]
    return _goals_page(request, viewer, said=said)


@router.post("/goals")
def goals_add(
    request: Request,
    viewer: Client,
    text: Short = "",
    value: Short = "",
    importance: Annotated[str, Form(max_length=20)] = "",
    confidence: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    typed = {"text": text, "value": value, "importance": importance, "confidence": confidence}
    try:
        goal = goal_service.add_goal(
            person_uow(request, viewer.person_id),
            text=text,
            value=value.strip() or None,
            importance=required_int(
                importance, label=messages.WEB_GOAL_IMPORTANCE, field="importance"
            ),
            confidence=required_int(
                confidence, label=messages.WEB_GOAL_CONFIDENCE, field="confidence"
            ),
            now=viewer.now,
        )
    except ValidationError as err:
        return _goals_page(request, viewer, typed=typed, error=err, status=INVALID)
    return see_other(f"/goals?saved=goal#goal-{goal.id}")


@router.post("/goals/{goal_id}/status")
def goals_status(
    request: Request,
    viewer: Client,
    goal_id: Ident,
    status: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    try:
        chosen = GoalStatus(status)
    except ValueError:
        err = ValidationError(messages.WEB_PICK_GOAL_STATUS, field="status")
        return _goals_page(request, viewer, error=err, status=INVALID)
    goal_service.set_goal_status(
        person_uow(request, viewer.person_id), goal_id, chosen, now=viewer.now
    )
    return see_other(f"/goals?saved={chosen.value}#goal-{goal_id}")
