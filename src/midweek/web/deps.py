"""What every page needs: who is asking, their data, the clock, and rendering a template.

Routes declare ``viewer = Depends(signed_in)`` (any account), ``Depends(client)`` or
``Depends(therapist)``. A missing or ended session raises ``Unauthorized`` (a browser is
sent to the sign-in page, a program gets a 401 problem); the wrong role raises
``Forbidden`` (403). Routes hold no business logic: they parse, call one service, render.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, cast

from fastapi import Depends, Request
from fastapi.responses import Response

from midweek import messages
from midweek.domain.accounts import Account, Role
from midweek.domain.errors import Forbidden, MidweekError, Unauthorized
from midweek.domain.safety import CrisisResources
from midweek.services import accounts, library
from midweek.services.ports import AccountsUnitOfWork, ServerUnitOfWork, UnitOfWork
from midweek.web.security import (
    SAFE_METHODS,
    SESSION_COOKIE,
    bearer_token,
    csrf_token,
    remember_csrf,
)

if TYPE_CHECKING:
    from midweek.storage import Store


def store(request: Request) -> Store:
    return cast("Store", request.app.state.store)


def unit_of_work(
    request: Request, person_id: int | None = None, *, read_only: bool = False
) -> object:
    """A unit of work that keeps time by the app's clock (tests fix it), as the pages do;
    the callers below say which kind of use case it serves."""
    return store(request).unit_of_work(
        person_id, read_only=read_only, clock=request.app.state.clock
    )


def now(request: Request) -> datetime:
    """This moment, in the server's zone (before anyone is signed in)."""
    moment: datetime = request.app.state.clock()
    return moment


def in_their_zone(moment: datetime, account: Account) -> datetime:
    """``moment`` in the account holder's own zone (their "today"), else as it is."""
    from midweek.services.zones import account_zone

    zone = account_zone(account)
    return moment.astimezone(zone) if zone is not None else moment


def accounts_uow(request: Request) -> AccountsUnitOfWork:
    """The unit of work for the server's tables (accounts, sessions, sharing, audit)."""
    return cast(AccountsUnitOfWork, unit_of_work(request))


def person_uow(request: Request, person_id: int, *, read_only: bool = False) -> UnitOfWork:
    """The unit of work over one person's own data (decrypted with their key).

    A client's page that only shows (GET) reads without SQLite's write lock; therapist
    pages write an audit event with every read, so they take it as writers do. A client's
    post that only reads (a journal search) says so with ``read_only``.
    """
    account = getattr(request.state, "account", None)
    reading = (
        (read_only or request.method in SAFE_METHODS)
        and account is not None
        and account.role is Role.CLIENT
    )
    return cast(UnitOfWork, unit_of_work(request, person_id=person_id, read_only=reading))


def server_uow(request: Request, person_id: int) -> ServerUnitOfWork:
    """One client's data and the server's tables in one unit of work (sharing and the
    therapist's use cases need both, and write an audit event)."""
    return cast(ServerUnitOfWork, unit_of_work(request, person_id=person_id))


def client_uows(request: Request) -> Callable[[int], ServerUnitOfWork]:
    """``server_uow`` for any client id (the caseload visits each client in turn)."""
    return lambda person_id: server_uow(request, person_id)


@dataclass(frozen=True)
class Viewer:
    """The signed-in account for this request, and the request's moment."""

    account: Account
    token: str
    now: datetime
    #: True when the request came with a personal access token instead of a session.
    by_token: bool = False

    @property
    def account_id(self) -> int:
        assert self.account.id is not None
        return self.account.id

    @property
    def person_id(self) -> int:
        """A client's own person id (``client`` guarantees there is one)."""
        if self.account.person_id is None:
            raise Forbidden(messages.WEB_CLIENTS_ONLY)
        return self.account.person_id


def signed_in(request: Request) -> Viewer:
    bearer = bearer_token(request)
    if bearer is not None and request.url.path.startswith("/api/"):
        # A personal access token (scripts, apps): the API only, never the HTML pages.
        from midweek.services.tokens import account_for_token

        moment = now(request)
        account = account_for_token(accounts_uow(request), bearer, now=moment)
        request.state.account = account
        return Viewer(account=account, token="", now=in_their_zone(moment, account), by_token=True)
    token = request.cookies.get(SESSION_COOKIE, "")
    if not token:
        raise Unauthorized(messages.SESSION_ENDED)
    moment = now(request)
    # Checking the session only reads (the rare "last seen" write begins its own transaction).
    checker = cast(AccountsUnitOfWork, unit_of_work(request, read_only=True))
    current = accounts.session_for(checker, token, now=moment)
    request.state.account = current.account
    return Viewer(account=current.account, token=token, now=in_their_zone(moment, current.account))


def client(viewer: Annotated[Viewer, Depends(signed_in)]) -> Viewer:
    if viewer.account.role is not Role.CLIENT or viewer.account.person_id is None:
        raise Forbidden(messages.WEB_CLIENTS_ONLY)
    return viewer


def therapist(viewer: Annotated[Viewer, Depends(signed_in)]) -> Viewer:
    if viewer.account.role is not Role.THERAPIST:
        raise Forbidden(messages.WEB_THERAPISTS_ONLY)
    return viewer


SignedIn = Annotated[Viewer, Depends(signed_in)]
Client = Annotated[Viewer, Depends(client)]
Therapist = Annotated[Viewer, Depends(therapist)]


def crisis_contacts(request: Request) -> CrisisResources:
    """Crisis contacts for whoever is asking: the server's MIDWEEK_COUNTRY, else a signed-in
    client's own choice (Settings), else the international list. Never raises: a broken
    override file or an unreadable choice falls back to the shipped list."""
    settings = request.app.state.settings
    country = settings.country
    account = getattr(request.state, "account", None)
    if not country and account is not None and account.person_id is not None:
        from midweek.services.safety_plan import get_country

        try:
            country = get_country(person_uow(request, account.person_id))
        except MidweekError:
            country = None
    country = country or library.FALLBACK_COUNTRY
    try:
        return library.crisis_resources(country, settings.crisis_contacts_file)
    except MidweekError:
        return library.crisis_resources(country)


def render(
    request: Request, name: str, context: dict[str, Any], *, status: int = 200, **headers: str
) -> Response:
    """A page from ``templates/``, with the CSRF token its forms need and who is signed in."""
    account = getattr(request.state, "account", None)
    moment = now(request)
    context = {
        "csrf": csrf_token(request),
        "account": account,
        "path": request.url.path,
        # Every moment on the page is shown in the reader's zone (the ``local`` filter).
        "zone": (in_their_zone(moment, account) if account is not None else moment).tzinfo,
        **context,
    }
    response: Response = request.app.state.templates.TemplateResponse(
        request, name, context, status_code=status, headers=headers or None
    )
    remember_csrf(request, response)
    return response


def support_context(request: Request, viewer: Client) -> dict[str, Any]:
    """What the kind support box needs: the not-monitored sentence for the person's country
    (never raises: the box must show whatever else fails)."""
    resources = crisis_contacts(request)
    return {
        "not_monitored": messages.not_monitored(resources.emergency_number),
        "support_resources": resources,  # the numbers shown in the box itself
    }
