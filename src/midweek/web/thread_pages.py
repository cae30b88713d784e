"""The thread: per theme or goal, session after session, what was learned, written,
practised and what got in the way (the same view the CLI's ``thread`` prints)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from midweek import messages
from midweek.domain.errors import NotFound, ValidationError
from midweek.services import goals
from midweek.web.deps import (
    Client,
    person_uow,
    render,
)
from midweek.web.idempotency import IdempotentRoute
from midweek.web.params import parse_id

if TYPE_CHECKING:
    from midweek.domain.thread import ThreadStep


router = APIRouter(route_class=IdempotentRoute)


@dataclass(frozen=True)
class _StepView:
    heading: str
    step: ThreadStep
    practice: list[tuple[str, str]]  # (title, how it went)
    barriers: str | None
    writing: list[tuple[Any, bool]]  # (entry, found by similar words)


def _step_view(step: ThreadStep) -> _StepView:
    # The CLI's presentation (cli/thread.py), as data for the template.
    s = step.session
    practice = []
    for p in step.practice:
        if p.totals is None or (p.totals.planned == 0 and p.totals.credit == 0):
            how = messages.THREAD_NOTHING_LOGGED
        else:
            how = messages.progress_of(p.totals, period="")
        practice.append((p.assignment.title, how))
    kinds: dict[str, int] = {}
    for b in step.barriers:
        label = messages.BARRIER_LABELS[b.kind]
        kinds[label] = kinds.get(label, 0) + 1
    barriers = "; ".join(f"{k} ×{n}" if n > 1 else k for k, n in kinds.items()) or None
    writing = [(e, False) for e in step.by_theme] + [(e, True) for e in step.similar]
    return _StepView(
        heading=messages.web_session_heading(s.date, list(s.themes)),
        step=step,
        practice=practice,
        barriers=barriers,
        writing=writing,
    )


def _goal_id(raw: str) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    ident = parse_id(raw)
    if ident is None:
        raise NotFound("goal", raw)
    return ident


@router.get("/thread")
def thread_page(
    request: Request,
    viewer: Client,
    theme: Annotated[str, Query(max_length=200)] = "",
    goal: Annotated[str, Query(max_length=20)] = "",
    all_: Annotated[bool, Query(alias="all")] = False,
) -> Response:
    from midweek.services.thread import DEFAULT_SESSIONS
    from midweek.services.thread import thread as build

    theme_ = theme.strip() or None
    goal_id = _goal_id(goal)
    context: dict[str, Any] = {"theme": theme, "goal": goal, "error": None, "all": all_}
    context["goals"] = goals.list_goals(person_uow(request, viewer.person_id))
    try:
        t = build(
            person_uow(request, viewer.person_id),
            now=viewer.now,
            theme=theme_,
            goal_id=goal_id,
            sessions=None if all_ else DEFAULT_SESSIONS,
        )
    except ValidationError as err:
        context.update(error=str(err), thread=None, steps=[], title=None)
        return render(request, "more_thread.html", context, status=422)
    empty = messages.THREAD_NO_MATCH if (theme_ or goal_id is not None) else None
    context.update(
        thread=t,
        steps=[_step_view(s) for s in t.steps],
        title=messages.web_thread_title(theme_, t.goal_text, len(t.steps), t.earlier),
        empty=empty or messages.WEB_THREAD_EMPTY,
        all_link="/thread?" + urlencode({"theme": theme, "goal": goal, "all": "1"}),
    )
    return render(request, "more_thread.html", context)
