"""Signing in and out, and joining with an invitation code (someone new): each parses,
calls one service, renders or redirects."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from midweek import messages
from midweek.domain.accounts import Role
from midweek.domain.errors import Conflict, MidweekError, Throttled, Unauthorized, ValidationError
from midweek.services import accounts
from midweek.web.deps import (
    accounts_uow,
    now,
    render,
)
from midweek.web.idempotency import IdempotentRoute
from midweek.web.security import CSRF_COOKIE, SESSION_COOKIE, clear_cookie, set_cookie

router = APIRouter(route_class=IdempotentRoute)


#: Clear-Site-Data on sign-out: the HTTP cache and the site's storage (Cache Storage,
#: IndexedDB, service workers), never cookies of other sites.
SIGN_OUT_CLEARS = '"cache", "storage"'


def _to_login(request: Request) -> Response:
    response = RedirectResponse("/login", status_code=303)
    if request.cookies.get(SESSION_COOKIE):
        clear_cookie(request, response, SESSION_COOKIE)
    return response


@router.get("/login")
def login_form(request: Request) -> Response:
    return render(request, "login.html", {"error": None, "username": ""})


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=4096)] = "",
    time_zone: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    address = request.client.host if request.client else "unknown"
    try:
        result = accounts.login(
            accounts_uow(request), username, password, address=address, now=now(request)
        )
    except Throttled as err:
        return render(
            request,
            "login.html",
            {"error": str(err), "username": username},
            status=429,
            **{"Retry-After": str(err.retry_after)},
        )
    except (Unauthorized, ValidationError):
        # One sentence whatever the reason: unknown name, wrong password, disabled.
        context = {"error": messages.LOGIN_FAILED, "username": username}
        return render(request, "login.html", context, status=400)
    if time_zone.strip() and not result.account.time_zone and result.account.id is not None:
        from midweek.services.zones import adopt_account_zone

        # The browser's zone (static/tz.js) as the default; a chosen one is never replaced.
        adopt_account_zone(accounts_uow(request), result.account.id, time_zone)
    return _start(request, result)


def _start(request: Request, result: accounts.LoginResult) -> Response:
    """Signed in: the session cookie, and the first page for this person."""
    start = "/therapist" if result.account.role is Role.THERAPIST else "/"
    person_id = result.account.person_id
    if result.account.role is Role.CLIENT and person_id is not None:
        from midweek.web.settings_pages import country_is_asked

        if country_is_asked(request, person_id):
            start = "/country"  # asked once, on the first sign-in without a country
    response = RedirectResponse(start, status_code=303)
    set_cookie(request, response, SESSION_COOKIE, result.token)
    clear_cookie(request, response, CSRF_COOKIE)
    return response


def _join_page(
    request: Request,
    typed: dict[str, Any] | None = None,
    *,
    error: MidweekError | None = None,
    status: int = 200,
) -> Response:
    from midweek.domain.sharing import TOGGLE_KINDS

    return render(
        request,
        "join.html",
        {"typed": typed or {}, "error": error, "kinds": TOGGLE_KINDS},
        status=status,
    )


@router.get("/join")
def join_form(request: Request) -> Response:
    return _join_page(request)


@router.post("/join")
def join(
    request: Request,
    code: Annotated[str, Form(max_length=100)] = "",
    name: Annotated[str, Form(max_length=200)] = "",
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=4096)] = "",
    kind: Annotated[list[str] | None, Form(max_length=20)] = None,
) -> Response:
    """A new client makes their own account with a code (which travels in this body only,
    never in an address) and is connected with the therapist, then signed in."""
    from midweek.domain.sharing import ShareKind
    from midweek.services import care_links

    chosen = [k for k in kind or [] if k]
    typed = {"code": code, "name": name, "username": username, "chosen": chosen}
    moment = now(request)
    try:
        try:
            kinds = [ShareKind(k) for k in chosen]
        except ValueError:
            raise ValidationError(messages.WEB_S_PICK_KIND, field="kind") from None
        care_links.join(
            accounts_uow(request),
            code,
            username=username,
            name=name,
            password=password,
            share=kinds,
            now=moment,
        )
    except (ValidationError, Conflict) as err:
        again = _joined_already(request, username, password)
        if again is not None:
            return again
        status = 409 if isinstance(err, Conflict) else 422
        return _join_page(request, typed, error=err, status=status)
    address = request.client.host if request.client else "unknown"
    result = accounts.login(accounts_uow(request), username, password, address=address, now=moment)
    return _start(request, result)


def _joined_already(request: Request, username: str, password: str) -> Response | None:
    """The same join form sent twice (a double tap; the page cannot carry an idempotency
    key for an account that does not exist yet): the second finds the code used and the
    name taken — by this very person, a moment ago. Their password signs them in, as the
    first answer did; anything else is the refusal it was."""
    from midweek.services import care_links

    moment = now(request)
    if not password or not care_links.just_joined(accounts_uow(request), username, now=moment):
        return None
    address = request.client.host if request.client else "unknown"
    try:
        result = accounts.login(
            accounts_uow(request), username, password, address=address, now=moment
        )
    except (Unauthorized, Throttled, ValidationError):
        return None
    return _start(request, result)


@router.post("/logout")
def logout(request: Request) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        accounts.logout(accounts_uow(request), token, now=now(request))
    response = _to_login(request)
    # What this browser kept for the person (pages kept for offline use, writes waiting to
    # be sent, the service worker itself) goes with them; static/sw.js also forgets the
    # pages when the sign-out button is pressed, for browsers that ignore this header.
    response.headers["Clear-Site-Data"] = SIGN_OUT_CLEARS
    return response
