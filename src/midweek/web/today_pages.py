"""Today (the first page after signing in), the More menu and the crisis page, which works
signed in or not: each parses, calls one service, renders."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from midweek import messages
from midweek.domain.accounts import Role
from midweek.services import library
from midweek.services.today import today
from midweek.web.deps import (
    Client,
    SignedIn,
    crisis_contacts,
    person_uow,
    render,
)
from midweek.web.design import CLIENT_TABS
from midweek.web.idempotency import IdempotentRoute
from midweek.web.security import SESSION_COOKIE

router = APIRouter(route_class=IdempotentRoute)


@router.get("/")
def home(request: Request, viewer: SignedIn) -> Response:
    account = viewer.account
    if account.role is Role.THERAPIST:
        return RedirectResponse("/therapist", status_code=303)
    if account.role is not Role.CLIENT or account.person_id is None:
        return render(request, "staff.html", {})
    view = today(person_uow(request, account.person_id), now=viewer.now)
    practice = [(due.assignment, messages.progress_of(due.week), due.week) for due in view.practice]
    return render(request, "today.html", {"view": view, "practice": practice})


@router.get("/more")
def more(request: Request, viewer: Client) -> Response:
    """Everything a client's bottom tab bar has no room for, as a list of large links."""
    places = [(href, label) for href, label in messages.WEB_CLIENT_NAV if href not in CLIENT_TABS]
    return render(request, "more.html", {"places": places})


@router.get("/crisis")
def crisis(request: Request) -> Response:
    plan = _own_plan(request)  # signs the client in for this request, if they are
    resources = crisis_contacts(request)
    person_id = getattr(getattr(request.state, "account", None), "person_id", None)
    question: dict[str, Any] = {}
    if person_id is not None:
        from midweek.web.settings_pages import country_is_asked, country_question

        if country_is_asked(request, person_id):
            question = {**country_question(request, "/crisis"), "country_error": None}
    return render(
        request,
        "crisis.html",
        {
            **question,
            "ask_country": bool(question),
            "resources": resources,
            "not_monitored": messages.not_monitored(resources.emergency_number),
            "signed_in": bool(request.cookies.get(SESSION_COOKIE)),
            "plan": plan,
            # A client who has not chosen a country yet is offered to, once the lines show.
            "choose_country": resources.country == library.FALLBACK_COUNTRY
            and not request.app.state.settings.country
            and getattr(getattr(request.state, "account", None), "person_id", None) is not None,
        },
    )


def _own_plan(request: Request) -> Any:
    """A signed-in client's own safety plan, shown first on the crisis page; None when there
    is none, nobody is signed in, or it cannot be read (the contacts must show regardless)."""
    if not request.cookies.get(SESSION_COOKIE):
        return None
    from midweek.services.safety_plan import get_plan
    from midweek.web.deps import signed_in

    try:
        account = signed_in(request).account
        if account.role is not Role.CLIENT or account.person_id is None:
            return None
        return get_plan(person_uow(request, account.person_id))
    except Exception:  # any failure at all: the crisis lines below must still show
        return None
