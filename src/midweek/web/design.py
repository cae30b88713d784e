"""The look shared by every page: the theme a person chose, the icons beside the places.

The theme lives in a cookie (a preference, nothing personal) and reaches the page as
``<html data-theme=…>`` rendered on the server, so a dark page never flashes light first.
Icons are Lucide symbols in one sprite (static/icons/lucide.svg, ISC licence beside it).
"""

from __future__ import annotations

from fastapi import Request, Response

THEME_COOKIE = "midweek_theme"
THEMES = ("system", "light", "dark")
#: A preference worth keeping: a year, renewed whenever it is chosen again.
THEME_MAX_AGE = 365 * 24 * 3600

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
    response.set_cookie(
        THEME_COOKIE,
        theme,
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
