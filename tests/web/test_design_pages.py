"""The shared look, in-process: the theme a person chooses (cookie, data-theme on the
server-rendered page), the phone's tab bar and More page, the icon sprite and its licence."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from midweek import messages
from midweek.domain.accounts import Account
from midweek.web import design
from midweek.web.security import CSRF_FIELD

from .conftest import Page, login

STATIC = Path(design.__file__).parent / "static"


def _theme(client: TestClient, theme: str):  # type: ignore[no-untyped-def]
    token = Page(client.get("/settings").text).csrf()
    return client.post(
        "/settings/theme", data={CSRF_FIELD: token, "theme": theme}, follow_redirects=False
    )


def _html_theme(text: str) -> str:
    return Page(text).one("html").attrs["data-theme"]


def test_the_theme_is_system_until_chosen_then_kept_on_every_page(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("dana")
    login(client, "dana")
    assert _html_theme(client.get("/").text) == "system"
    chosen = _theme(client, "dark")
    assert chosen.status_code == 303 and chosen.headers["location"] == "/settings?done=theme"
    cookie = chosen.headers["set-cookie"]
    assert f"{design.THEME_COOKIE}=dark" in cookie and "HttpOnly" in cookie
    assert f"Max-Age={design.THEME_MAX_AGE}" in cookie and "SameSite=lax" in cookie
    page = Page(client.get("/settings?done=theme").text)
    assert page.one("p", cls="notice").text == messages.SETTINGS_THEME_SAVED
    assert page.one("input", name="theme", value="dark").attrs.get("checked") is not None
    for path in ("/", "/journal", "/checkin", "/crisis", "/more"):
        assert _html_theme(client.get(path).text) == "dark", path
    # It is this browser's preference: it stays on the sign-in page after signing out.
    client.post("/logout", data={CSRF_FIELD: Page(client.get("/").text).csrf()})
    assert _html_theme(client.get("/login").text) == "dark"


def test_an_unknown_theme_is_refused_and_nothing_is_kept(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("eli", "therapist")
    login(client, "eli")
    refused = _theme(client, "purple")
    assert refused.status_code == 422
    assert Page(refused.text).one(id="theme-error").text == messages.SETTINGS_THEME_UNKNOWN
    assert "set-cookie" not in refused.headers or design.THEME_COOKIE not in refused.headers.get(
        "set-cookie", ""
    )
    # A cookie someone edited by hand is ignored, never echoed into the page.
    client.cookies.set(design.THEME_COOKIE, '"><script>')
    assert _html_theme(client.get("/settings").text) == "system"


def test_a_client_has_five_tabs_and_everything_else_under_more(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("fay")
    login(client, "fay")
    page = Page(client.get("/goals").text)
    tabs = [e for e in page.find("a") if e.attrs.get("href") in design.CLIENT_TABS]
    labels = {e.attrs["href"]: e.text for e in tabs if e.text in messages.WEB_TAB_LABELS.values()}
    assert labels == messages.WEB_TAB_LABELS
    # On /goals, More is the tab of the section the page belongs to.
    more_tabs = [e for e in page.find("a", href="/more") if e.attrs.get("aria-current")]
    assert [e.attrs["aria-current"] for e in more_tabs] == ["true"]
    more = Page(client.get("/more").text)
    assert more.one("h1").text == messages.WEB_MORE_TITLE
    listed = [li.attrs for li in more.find("li", cls="more-item")]
    assert len(listed) == len(
        [h for h, _ in messages.WEB_CLIENT_NAV if h not in design.CLIENT_TABS]
    )
    hrefs = {a.attrs["href"] for a in more.find("a")}
    for href, _label in messages.WEB_CLIENT_NAV:
        assert href in hrefs, href  # every place is reachable from More (or its tab)
    assert [a.attrs["href"] for a in more.find("a", cls="help-now")] == ["/crisis"]


def test_more_is_for_clients(client: TestClient, add_account: Callable[..., Account]) -> None:
    add_account("gus", "therapist")
    login(client, "gus")
    assert client.get("/more", headers={"Accept": "text/html"}).status_code == 403
    page = Page(client.get("/therapist").text)
    assert page.find("nav", cls="tab-bar") == []
    assert page.one("nav", cls="top-nav")
    assert page.find("a", href="/therapist/invite")
    assert page.one("a", href="/settings")


def test_tab_for_puts_each_page_under_its_tab() -> None:
    assert design.tab_for("/") == "/"
    assert design.tab_for("/journal/12") == "/journal"
    assert design.tab_for("/practice/3/log") == "/"
    assert design.tab_for("/plan") == "/plan"
    assert design.tab_for("/safety-plan") == "/more"
    assert design.tab_for("/settings") == "/more"


def test_every_icon_used_is_in_the_vendored_sprite_with_its_licence() -> None:
    sprite = (STATIC / "icons" / "lucide.svg").read_text(encoding="utf-8")
    wanted = set(design.NAV_ICONS.values()) | {"life-buoy", "log-out", "chevron-right"}
    wanted |= {"monitor", "sun", "moon"}
    for name in wanted:
        assert f'<symbol id="{name}"' in sprite, name
    licence = (STATIC / "icons" / "LICENSE-lucide.txt").read_text(encoding="utf-8")
    assert licence.startswith("ISC License")
    # No icon font, no other origin.
    assert "http" not in sprite.replace("http://www.w3.org/2000/svg", "")


def test_the_stylesheet_has_both_themes_and_no_outside_url() -> None:
    """Each colour token is one light-dark() pair: the device's scheme chooses, unless the
    person's choice (data-theme) fixes the scheme; no token is a single colour."""
    css = (STATIC / "midweek.css").read_text(encoding="utf-8")
    tokens = css[css.index(":root {") : css.index("}", css.index(":root {"))]
    assert "color-scheme: light dark;" in tokens
    colours = re.findall(r"(--[\w-]+): (#[0-9a-f]+|light-dark\([^;]*\));", tokens)
    assert len(colours) >= 15
    assert all(value.startswith("light-dark(#") for _, value in colours), colours
    assert ':root[data-theme="dark"] { color-scheme: dark; }' in css
    assert ':root[data-theme="light"] { color-scheme: light; }' in css
    assert "url(" not in css and "@import" not in css


def test_every_page_names_an_icon_the_browser_can_load(client: TestClient) -> None:
    """Without one the browser asks for /favicon.ico, gets a 404 and logs an error."""
    icon = Page(client.get("/login").text).one("link", rel="icon")
    answer = client.get(icon.attrs["href"])
    assert answer.status_code == 200 and answer.headers["content-type"] == "image/png"
