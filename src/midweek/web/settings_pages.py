"""Settings for any signed-in account: change the password, manage personal access tokens;
for a client also the country whose crisis contacts midweek shows; for everyone, read
only, how this installation is set up (``config.describe``, without paths or secrets).

Changing the password keeps this browser signed in and ends every other sign-in. A new
token is shown once, on the page that made it (pages are never cached); afterwards only
its name and dates are listed.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from midweek import messages
from midweek.config import describe
from midweek.domain.errors import Throttled, Unauthorized, ValidationError
from midweek.domain.zones import zone_groups, zone_name
from midweek.services import accounts, care_links, library, safety_plan, tokens, zones
from midweek.web import design, push_pages
from midweek.web.deps import Client, SignedIn, accounts_uow, crisis_contacts, person_uow, render
from midweek.web.idempotency import IdempotentRoute
from midweek.web.params import Ident

router = APIRouter(include_in_schema=False, route_class=IdempotentRoute)

Password = Annotated[str, Form(max_length=4096)]
Name = Annotated[str, Form(max_length=2_000)]


def _done(key: str) -> str | None:
    """What a redirect back to the page says was done (``?done=…``)."""
    return {
        "password": messages.SETTINGS_PASSWORD_CHANGED,
        "revoked": messages.API_TOKEN_REVOKED,
        "country": messages.SETTINGS_COUNTRY_SAVED,
        "theme": messages.SETTINGS_THEME_SAVED,
        "name": messages.WEB_SETTINGS_NAME_SAVED,
        "language": messages.SETTINGS_LANGUAGE_SAVED,
        "push-stopped": messages.PUSH_DEVICE_STOPPED,
        "push-titles": messages.PUSH_TITLES_SAVED,
    }.get(key)


def _page(
    request: Request,
    viewer: SignedIn,
    *,
    said: str | None = None,
    new_token: str | None = None,
    password_error: str | None = None,
    token_error: str | None = None,
    country_error: str | None = None,
    zone_error: str | None = None,
    theme_error: str | None = None,
    language_error: str | None = None,
    name_error: str | None = None,
    typed_display_name: str | None = None,
    typed_name: str = "",
    status: int = 200,
    **headers: str,
) -> Response:
    context: dict[str, Any] = {
        **_country(request, viewer),
        "country_error": country_error,
        **_zone(request, viewer),
        **push_pages.settings_context(request, viewer),
        "zone_error": zone_error,
        "theme_error": theme_error,
        "language_error": language_error,
        "languages": design.LANGUAGE_CHOICES,
        "language_chosen": design.chosen_language(request),
        "tokens": [
            (t, tokens.expiry(t))
            for t in tokens.list_tokens(accounts_uow(request), viewer.account, now=viewer.now)
        ],
        "lifetimes": tokens.LIFETIMES,
        "default_lifetime": tokens.DEFAULT_LIFETIME,
        # What anyone signed in may see of how the server is set up (no paths, no secrets).
        "installation": describe(request.app.state.settings, public_only=True),
        "said": said,
        "new_token": new_token,
        "password_error": password_error,
        "token_error": token_error,
        "typed_name": typed_name,
        "name_error": name_error,
        "display_name": (
            typed_display_name
            if typed_display_name is not None
            else care_links.display_name(accounts_uow(request), viewer.account)
        ),
    }
    return render(request, "settings.html", context, status=status, **headers)


def _zone(request: Request, viewer: SignedIn) -> dict[str, Any]:
    """The account's zone (None: the server's, named), and the zones to choose from."""
    return {
        # Not "zone": that is the reader's tzinfo, which every page's `| local` uses.
        "chosen_zone": viewer.account.time_zone,
        "server_zone": zone_name(viewer.now.tzinfo) if not viewer.account.time_zone else None,
        "zone_groups": zone_groups(),
    }


def _country(request: Request, viewer: SignedIn) -> dict[str, Any]:
    """A client's country for the crisis contacts: fixed by the server, or their choice."""
    if viewer.account.person_id is None:
        return {"country": None}
    fixed = request.app.state.settings.country
    return {
        "country": crisis_contacts(request).country,
        "country_fixed": bool(fixed),
        "countries": sorted(library.shipped_crisis_contacts()),
    }


@router.get("/settings")
def settings_page(request: Request, viewer: SignedIn, done: str = "") -> Response:
    said = _done(done)
    if done == "time-zone" and viewer.account.time_zone:
        said = messages.tz_saved(viewer.account.time_zone)
    return _page(request, viewer, said=said)


@router.post("/settings/time-zone")
def choose_time_zone(
    request: Request, viewer: SignedIn, time_zone: Annotated[str, Form(max_length=100)] = ""
) -> Response:
    try:
        zones.set_account_zone(accounts_uow(request), viewer.account_id, time_zone)
    except ValidationError as err:
        return _page(request, viewer, zone_error=str(err), status=422)
    return RedirectResponse("/settings?done=time-zone", status_code=303)


@router.post("/settings/theme")
def choose_theme(
    request: Request, viewer: SignedIn, theme: Annotated[str, Form(max_length=20)] = ""
) -> Response:
    """Light, dark or like the device, kept in this browser and applied on the server."""
    if theme not in design.THEMES:
        return _page(request, viewer, theme_error=messages.SETTINGS_THEME_UNKNOWN, status=422)
    response = RedirectResponse("/settings?done=theme", status_code=303)
    design.remember_theme(request, response, theme)
    return response


@router.post("/settings/language")
def choose_language(
    request: Request, viewer: SignedIn, language: Annotated[str, Form(max_length=20)] = ""
) -> Response:
    """English, Spanish or German, or like the browser, kept in this browser like the
    theme; the answer to this request is already in the new language."""
    if language not in design.LANGUAGE_CHOICES:
        return _page(request, viewer, language_error=messages.SETTINGS_LANGUAGE_UNKNOWN, status=422)
    response = RedirectResponse("/settings?done=language", status_code=303)
    design.remember_language(request, response, language)
    return response


@router.post("/settings/display-name")
def set_display_name(request: Request, viewer: SignedIn, display_name: Name = "") -> Response:
    """The name others see instead of the username (empty: the username again)."""
    try:
        care_links.set_display_name(
            accounts_uow(request), viewer.account, display_name, now=viewer.now
        )
    except ValidationError as err:
        return _page(
            request, viewer, name_error=str(err), typed_display_name=display_name, status=422
        )
    return RedirectResponse("/settings?done=name", status_code=303)


@router.post("/settings/password")
def change_password(
    request: Request,
    viewer: SignedIn,
    current_password: Password = "",
    new_password: Password = "",
    new_password_again: Password = "",
) -> Response:
    if new_password != new_password_again:
        return _page(request, viewer, password_error=messages.SETTINGS_PASSWORDS_DIFFER, status=422)
    try:
        accounts.change_password(
            accounts_uow(request),
            viewer.account_id,
            current_password,
            new_password,
            keep_token=viewer.token,
            now=viewer.now,
        )
    except Throttled as err:
        return _page(
            request,
            viewer,
            password_error=str(err),
            status=429,
            **{"Retry-After": str(err.retry_after)},
        )
    except (Unauthorized, ValidationError) as err:
        return _page(request, viewer, password_error=str(err), status=422)
    return RedirectResponse("/settings?done=password", status_code=303)


@router.post("/settings/tokens")
def create_token(
    request: Request,
    viewer: SignedIn,
    name: Name = "",
    days: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    try:
        raw = days.strip()
        # Anything that is not a number is no lifetime at all: the service says which are.
        lifetime = int(raw) if raw.isdigit() else (-1 if raw else tokens.DEFAULT_LIFETIME)
        plaintext, _ = tokens.create_token(
            accounts_uow(request), viewer.account, name, now=viewer.now, days=lifetime
        )
    except ValidationError as err:
        return _page(request, viewer, token_error=str(err), typed_name=name, status=422)
    # Rendered, not redirected: this page is the only place the token is ever shown.
    return _page(request, viewer, said=messages.API_TOKEN_CREATED, new_token=plaintext)


@router.post("/settings/tokens/{token_id}/revoke")
def revoke_token(request: Request, viewer: SignedIn, token_id: Ident) -> Response:
    # Another account's token, or one already revoked: NotFound, a plain 404 page.
    tokens.revoke_token(accounts_uow(request), viewer.account, token_id, now=viewer.now)
    return RedirectResponse("/settings?done=revoked", status_code=303)


#: Where the country question may send the person back to (never an outside address).
COUNTRY_NEXT = ("/", "/crisis")


def country_question(request: Request, next_: str) -> dict[str, Any]:
    """What the country question needs: the listed countries and the one the browser's
    language suggests (Accept-Language), and where to go after answering."""
    countries = sorted(library.shipped_crisis_contacts())
    suggested = safety_plan.suggest_country(request.headers.get("accept-language"), countries)
    return {"countries": countries, "suggested": suggested, "next": next_}


def country_is_asked(request: Request, person_id: int) -> bool:
    """Whether a client is to be asked: the server sets no country, and they never chose one
    nor put the question aside. False when that cannot be read (never block a page on it)."""
    if request.app.state.settings.country:
        return False
    try:
        return safety_plan.country_question_due(person_uow(request, person_id))
    except Exception:  # any failure at all: the page (the crisis page too) must still show
        return False


@router.get("/country")
def country_page(request: Request, viewer: Client, next: str = "/") -> Response:
    target = next if next in COUNTRY_NEXT else "/"
    if request.app.state.settings.country:  # MIDWEEK_COUNTRY wins: nothing to ask
        return RedirectResponse(target, status_code=303)
    context = {**country_question(request, target), "country_error": None}
    return render(request, "country.html", context)


@router.post("/country")
def answer_country(
    request: Request,
    viewer: Client,
    country: Annotated[str, Form(max_length=10)] = "",
    skip: Annotated[str, Form(max_length=5)] = "",
    next: Annotated[str, Form(max_length=20)] = "/",
) -> Response:
    target = next if next in COUNTRY_NEXT else "/"
    uow = person_uow(request, viewer.person_id)
    if skip:
        safety_plan.skip_country(uow, now=viewer.now)
        return RedirectResponse(target, status_code=303)
    try:
        safety_plan.set_country(uow, country, now=viewer.now)
    except ValidationError as err:
        context = {**country_question(request, target), "country_error": str(err)}
        return render(request, "country.html", context, status=422)
    return RedirectResponse(target, status_code=303)


@router.post("/settings/country")
def choose_country(
    request: Request, viewer: Client, country: Annotated[str, Form(max_length=10)] = ""
) -> Response:
    try:
        safety_plan.set_country(person_uow(request, viewer.person_id), country, now=viewer.now)
    except ValidationError as err:
        return _page(request, viewer, country_error=str(err), status=422)
    return RedirectResponse("/settings?done=country", status_code=303)
