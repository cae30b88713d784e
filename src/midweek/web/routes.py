"""The pages: each parses the request, calls one service, renders a template."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, cast

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from midweek import messages
from midweek.domain.accounts import Role
from midweek.domain.errors import Throttled, Unauthorized, ValidationError
from midweek.services import accounts, library
from midweek.services.ports import AccountsUnitOfWork
from midweek.services.today import today
from midweek.web.security import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    clear_cookie,
    csrf_token,
    remember_csrf,
    set_cookie,
)

router = APIRouter()


def _store(request: Request) -> Any:
    return request.app.state.store


def _now(request: Request) -> datetime:
    now: datetime = request.app.state.clock()
    return now


def _accounts_uow(request: Request) -> AccountsUnitOfWork:
    # The store's unit of work serves both a person's data and the server's tables.
    return cast(AccountsUnitOfWork, _store(request).unit_of_work())


def _render(
    request: Request, name: str, context: dict[str, Any], *, status: int = 200, **headers: str
) -> Response:
    context = {"csrf": csrf_token(request), **context}
    response: Response = request.app.state.templates.TemplateResponse(
        request, name, context, status_code=status, headers=headers or None
    )
    remember_csrf(request, response)
    return response


def _to_login(request: Request) -> Response:
    response = RedirectResponse("/login", status_code=303)
    if request.cookies.get(SESSION_COOKIE):
        clear_cookie(request, response, SESSION_COOKIE)
    return response


@router.get("/login")
def login_form(request: Request) -> Response:
    return _render(request, "login.html", {"error": None, "username": ""})


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=4096)] = "",
) -> Response:
    address = request.client.host if request.client else "unknown"
    try:
        result = accounts.login(
            _accounts_uow(request), username, password, address=address, now=_now(request)
        )
    except Throttled as err:
        return _render(
            request,
            "login.html",
            {"error": str(err), "username": username},
            status=429,
            **{"Retry-After": str(err.retry_after)},
        )
    except (Unauthorized, ValidationError):
        # One sentence whatever the reason: unknown name, wrong password, disabled.
        context = {"error": messages.LOGIN_FAILED, "username": username}
        return _render(request, "login.html", context, status=400)
    response = RedirectResponse("/", status_code=303)
    set_cookie(request, response, SESSION_COOKIE, result.token)
    clear_cookie(request, response, CSRF_COOKIE)
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        accounts.logout(_accounts_uow(request), token, now=_now(request))
    return _to_login(request)


@router.get("/")
def home(request: Request) -> Response:
    token = request.cookies.get(SESSION_COOKIE, "")
    now = _now(request)
    try:
        current = accounts.session_for(_accounts_uow(request), token, now=now)
    except Unauthorized:
        return _to_login(request)
    account = current.account
    if account.role is not Role.CLIENT or account.person_id is None:
        return _render(request, "staff.html", {"account": account})
    view = today(_store(request).unit_of_work(person_id=account.person_id), now=now)
    practice = [
        (
            due.assignment,
            messages.progress_line(
                due.week.credit, due.week.planned, due.week.minutes, due.week.planned_minutes
            ),
        )
        for due in view.practice
    ]
    return _render(request, "today.html", {"account": account, "view": view, "practice": practice})


@router.get("/crisis")
def crisis(request: Request) -> Response:
    settings = request.app.state.settings
    country = settings.country or library.FALLBACK_COUNTRY
    try:
        resources = library.crisis_resources(country, settings.crisis_contacts_file)
    except ValidationError:
        # Crisis contacts must always show: fall back to the shipped list.
        resources = library.crisis_resources(country)
    return _render(
        request,
        "crisis.html",
        {
            "resources": resources,
            "not_monitored": messages.not_monitored(resources.emergency_number),
            "signed_in": bool(request.cookies.get(SESSION_COOKIE)),
        },
    )
