"""The look shared by every page: the theme a person chose, the icons beside the places.

The theme lives in a cookie (a preference, nothing personal) and reaches the page as
``<html data-theme=…>`` rendered on the server, so a dark page never flashes light first.
Icons are Lucide symbols in one sprite (static/icons/lucide.svg, ISC licence beside it).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import Request, Response

from midweek import i18n

THEME_COOKIE = "midweek_theme"
THEMES = ("system", "light", "dark")
#: A preference worth keeping: a year, renewed whenever it is chosen again.
THEME_MAX_AGE = 365 * 24 * 3600

LANGUAGE_COOKIE = "midweek_language"
#: What Settings offers: follow the browser, or one of the languages (named in their own).
LANGUAGE_CHOICES = ("browser", *i18n.LANGUAGES)

SPRITE = "/static/icons/lucide.svg"

#: The sprite symbol for each place a person goes (hrefs of messages.WEB_*_NAV).
NAV_ICONS = {
    "/": "house",
    "/worksheets": "clipboard-list",
    "/homework": "list-checks",
    "/sessions": "lightbulb",
    "/journal": "notebook-pen",
    "/checkin": "smile",
    "/questions": "message-circle-question",
    "/goals": "goal",
    "/thread": "waypoints",
    "/plan": "calendar-days",
    "/prep": "file-text",
    "/safety-plan": "shield-plus",
    "/sharing": "share-2",
    "/import": "import",
    "/settings": "settings",
    "/more": "ellipsis",
    "/therapist": "users",
    "/therapist/invite": "user-plus",
}

#: Beside the words of the one-tap buttons on Today.
OUTCOME_ICONS = {"done": "check", "partial": "circle-dashed", "skipped": "skip-forward"}

#: The client's bottom tab bar on a phone: the places they go most, then More.
CLIENT_TABS = ("/", "/journal", "/checkin", "/plan", "/more")


def theme_of(request: Request) -> str:
    """The theme this browser chose; 'system' (follow the device) when none or unknown."""
    chosen = request.cookies.get(THEME_COOKIE, "")
    return chosen if chosen in THEMES else "system"


def remember_theme(request: Request, response: Response, theme: str) -> None:
    """Keep ``theme`` (one of THEMES) for this browser; scripts cannot read the cookie."""
    _keep(request, response, THEME_COOKIE, theme)


def _keep(request: Request, response: Response, name: str, value: str) -> None:
    """A preference of this browser (nothing personal), kept a year; scripts cannot read it."""
    response.set_cookie(
        name,
        value,
        max_age=THEME_MAX_AGE,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )


def tab_for(path: str) -> str:
    """Which bottom tab a page belongs to: its own, else More (everything else lives there)."""
    if path in CLIENT_TABS:
        return path
    if path.startswith("/practice/"):
        return "/"
    for tab in CLIENT_TABS[1:-1]:
        if path.startswith(tab + "/"):
            return tab
    return "/more"


def language_of(request: Request) -> str:
    """The language this browser chose in Settings, else the best of its Accept-Language
    that midweek speaks, else English."""
    chosen = chosen_language(request)
    return (
        (None if chosen == "browser" else chosen)
        or i18n.from_accept_language(request.headers.get("accept-language"))
        or i18n.DEFAULT
    )


def chosen_language(request: Request) -> str:
    """What this browser chose in Settings: a language, or 'browser' (none chosen)."""
    return i18n.normalise(request.cookies.get(LANGUAGE_COOKIE)) or "browser"


def remember_language(request: Request, response: Response, language: str) -> None:
    """Keep ``language`` (one of i18n.LANGUAGES) for this browser, like the theme."""
    _keep(request, response, LANGUAGE_COOKIE, language)


async def in_their_language(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """HTTP middleware: each request is answered in its reader's language (error pages
    included), said in Content-Language."""
    language = language_of(request)
    i18n.choose(language)
    response = await call_next(request)
    response.headers["Content-Language"] = language
    return response
