"""The design in real Chromium: the phone's bottom tab bar and the desktop's side bar, no
sideways scrolling on a phone, the theme a person chooses (kept, applied on the server,
dark tokens for real), Today's bar as wide as the partial credit, the mood tiles by mouse
and keyboard, and an axe scan of every page in the dark theme too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from midweek import messages
from midweek.domain.accounts import Account
from midweek.domain.entities import Outcome
from midweek.services import homework
from midweek.web.design import CLIENT_TABS, THEME_COOKIE

from .conftest import Personas, Watch
from .live import LiveServer, now
from .test_accessibility import PAGES, Screen, open_screen, violations_report

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}

#: The client pages a phone must show without sideways scrolling.
CLIENT_PAGES = [
    "/",
    "/journal",
    "/journal/new",
    "/checkin",
    "/plan",
    "/more",
    "/homework",
    "/questions",
    "/goals",
    "/thread",
    "/worksheets",
    "/worksheets/fill/thought-record",
    "/prep",
    "/safety-plan",
    "/sharing",
    "/settings",
    "/crisis",
]

#: The light and dark page backgrounds (--bg in midweek.css), as getComputedStyle says them.
LIGHT_BG = "rgb(245, 244, 240)"
DARK_BG = "rgb(17, 20, 24)"


def _background(page: Page) -> str:
    value: str = page.evaluate("() => getComputedStyle(document.documentElement).backgroundColor")
    return value


def test_a_phone_has_the_bottom_tab_bar_and_a_desktop_the_side_bar(
    page: Page, sign_in_as: Callable[[Page, str], Any]
) -> None:
    sign_in_as(page, "client")
    page.set_viewport_size(PHONE)
    page.goto("/journal")
    bar = page.locator("nav.tab-bar")
    expect(bar).to_be_visible()
    expect(page.locator("nav.side-nav")).to_be_hidden()
    tabs = bar.get_by_role("link")
    expect(tabs).to_have_count(len(CLIENT_TABS))
    expect(tabs).to_have_text([messages.WEB_TAB_LABELS[h] for h in CLIENT_TABS])
    # Each tab is a large target with an icon above its label, and the bar stays in view.
    for i in range(len(CLIENT_TABS)):
        box = tabs.nth(i).bounding_box()
        assert box is not None and box["height"] >= 44 and box["width"] >= 44, box
        expect(tabs.nth(i).locator("svg.icon use")).to_have_count(1)
    bar_box = bar.bounding_box()
    assert bar_box is not None and bar_box["y"] + bar_box["height"] == pytest.approx(844, abs=1)
    expect(bar.get_by_role("link", name=messages.WEB_TAB_LABELS["/journal"])).to_have_attribute(
        "aria-current", "page"
    )
    # A page under More marks More; the help link stays one tap away on the phone too.
    page.goto("/goals")
    expect(bar.get_by_role("link", name=messages.WEB_TAB_LABELS["/more"])).to_have_attribute(
        "aria-current", "true"
    )
    expect(page.get_by_role("link", name=messages.WEB_NEED_HELP, exact=True)).to_be_visible()
    page.goto("/more")
    more = page.get_by_role("main").get_by_role("link")
    expect(more).to_have_count(len([h for h, _ in messages.WEB_CLIENT_NAV if h not in CLIENT_TABS]))
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("link", name="Safety plan").click()
    assert page.url.endswith("/safety-plan")

    page.set_viewport_size(DESKTOP)
    page.goto("/journal")
    expect(bar).to_be_hidden()
    side = page.locator("nav.side-nav")
    expect(side).to_be_visible()
    links = side.get_by_role("link")
    expect(links).to_have_count(len(messages.WEB_CLIENT_NAV))
    # It does not wrap: every place on one line of the same height, one under the other.
    boxes = [links.nth(i).bounding_box() for i in range(len(messages.WEB_CLIENT_NAV))]
    assert all(b is not None for b in boxes)
    heights = {round(b["height"]) for b in boxes if b}
    assert len(heights) == 1 and heights.pop() <= 48, boxes
    # ... and no label is cut off at the side bar's edge (the longest, "Import from another
    # app", once was): each link's words fit inside the link.
    cut = side.evaluate(
        """nav => [...nav.querySelectorAll("a")]
            .filter(a => a.scrollWidth > a.clientWidth + 1)
            .map(a => a.textContent.trim())"""
    )
    assert cut == [], cut
    xs = {round(b["x"]) for b in boxes if b}
    assert len(xs) == 1, boxes


def test_the_therapists_top_navigation_fits_a_phone(
    page: Page, sign_in_as: Callable[[Page, str], Any]
) -> None:
    sign_in_as(page, "therapist")
    page.set_viewport_size(PHONE)
    page.goto("/therapist")
    nav = page.locator("nav.top-nav")
    expect(nav).to_be_visible()
    expect(page.locator("nav.tab-bar")).to_have_count(0)
    for i in range(nav.get_by_role("link").count()):
        box = nav.get_by_role("link").nth(i).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390


def test_no_client_page_scrolls_sideways_on_a_phone(
    page: Page, sign_in_as: Callable[[Page, str], Any]
) -> None:
    sign_in_as(page, "client")
    page.set_viewport_size(PHONE)
    too_wide = {}
    for path in CLIENT_PAGES:
        page.goto(path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[path] = width
    assert not too_wide, too_wide


def test_the_chosen_theme_is_kept_and_applied_on_the_server(
    page: Page, sign_in_as: Callable[[Page, str], Any], base_url: str
) -> None:
    sign_in_as(page, "client")
    page.emulate_media(color_scheme="light")
    page.goto("/settings")
    assert page.locator("html").get_attribute("data-theme") == "system"
    assert _background(page) == LIGHT_BG
    # The device's dark setting is followed while the choice is "like my device".
    page.emulate_media(color_scheme="dark")
    assert _background(page) == DARK_BG
    page.emulate_media(color_scheme="light")

    page.get_by_role("radio", name=messages.SETTINGS_THEME_LABELS["dark"]).check()
    with page.expect_navigation():
        page.get_by_role("button", name=messages.SETTINGS_THEME_BUTTON).click()
    expect(page.locator("p.notice")).to_have_text(messages.SETTINGS_THEME_SAVED)
    expect(page.get_by_role("radio", name=messages.SETTINGS_THEME_LABELS["dark"])).to_be_checked()
    # Every later page is dark from its first byte (the attribute is in the served HTML),
    # with the dark tokens, although the device says light.
    response = page.goto("/journal")
    assert response is not None and 'data-theme="dark"' in response.text()
    assert _background(page) == DARK_BG
    ink = page.evaluate("() => getComputedStyle(document.body).color")
    assert ink == "rgb(231, 234, 238)"
    cookie = next(c for c in page.context.cookies() if c["name"] == THEME_COOKIE)
    assert cookie["value"] == "dark" and cookie["httpOnly"] and cookie["expires"] > 0

    # Light wins over a dark device, too.
    page.emulate_media(color_scheme="dark")
    page.goto("/settings")
    page.get_by_role("radio", name=messages.SETTINGS_THEME_LABELS["light"]).check()
    with page.expect_navigation():
        page.get_by_role("button", name=messages.SETTINGS_THEME_BUTTON).click()
    page.goto("/")
    assert page.locator("html").get_attribute("data-theme") == "light"
    assert _background(page) == LIGHT_BG


def test_an_unknown_theme_is_refused_kindly(
    page: Page, sign_in_as: Callable[[Page, str], Any], watch: Watch, base_url: str
) -> None:
    sign_in_as(page, "client")
    page.goto("/settings")
    page.locator("input[name=theme][value=dark]").evaluate("e => { e.value = 'purple'; }")
    page.get_by_role("radio", name=messages.SETTINGS_THEME_LABELS["dark"]).check()
    watch.expect_error_page(base_url + "/settings/theme")
    with page.expect_navigation():
        page.get_by_role("button", name=messages.SETTINGS_THEME_BUTTON).click()
    expect(page.get_by_role("alert")).to_have_text(messages.SETTINGS_THEME_UNKNOWN)
    assert page.locator("html").get_attribute("data-theme") == "system"


def test_todays_bar_is_as_wide_as_the_partial_credit(
    page: Page,
    live: LiveServer,
    add_account: Callable[..., Account],
    signed_in: Callable[[Page, Account], None],
) -> None:
    client = add_account("bar")
    at = now()
    uow = live.store.unit_of_work(person_id=client.person_id)
    title = "Ten slow breaths"
    a = homework.add_homework(
        uow, title=title, per_week=4, minutes=10, now=at, start=at.date() - timedelta(days=1)
    )
    assert a.id is not None
    moment = at - timedelta(minutes=5)
    homework.log_practice(uow, a.id, Outcome.DONE, at=moment, now=at)
    homework.log_practice(uow, a.id, Outcome.PARTIAL, at=moment, now=at)
    signed_in(page, client)
    page.set_viewport_size(PHONE)
    page.goto("/")
    row = page.locator(f"#practice-{a.id}")
    expect(row.locator(".progress")).to_contain_text("1 done and 1 partly — about 1½ of 4")
    fraction = 1.5 / 4  # done counts 1, partly done a half

    def widths() -> tuple[float, float, float]:
        track, done, partly = (
            row.locator(f".bar .{part}").bounding_box()
            for part in ("bar-track", "bar-done", "bar-partly")
        )
        assert track and done and partly
        return track["width"], done["width"], partly["width"]

    track, done, partly = widths()
    assert (done + partly) / track == pytest.approx(fraction, abs=0.01)
    assert done / track == pytest.approx(1 / 4, abs=0.01)
    # One more tap on "Done" (htmx swaps the row): the bar grows by one practice.
    row.get_by_role("button", name=messages.WEB_OUTCOME_BUTTONS[Outcome.DONE], exact=True).click()
    expect(row.locator(".progress")).to_contain_text("2 done and 1 partly — about 2½ of 4")
    track, done, partly = widths()
    assert (done + partly) / track == pytest.approx(2.5 / 4, abs=0.01)
    # The one-tap buttons are large targets.
    for name in messages.WEB_OUTCOME_BUTTONS.values():
        box = row.get_by_role("button", name=name, exact=True).bounding_box()
        assert box is not None and box["height"] >= 48 and box["width"] >= 88, (name, box)


def test_mood_is_one_tap_on_labelled_tiles_and_works_by_keyboard(
    page: Page, add_account: Callable[..., Account], signed_in: Callable[[Page, Account], None]
) -> None:
    signed_in(page, add_account("tiles"))
    page.set_viewport_size(PHONE)
    page.goto("/checkin")
    scale = page.get_by_role("group", name=messages.WEB_CHECKIN_MOOD_LEGEND)
    radios = scale.get_by_role("radio")
    expect(radios).to_have_count(11)
    # Each tile is named by its number and its word (screen readers, colour-blind people).
    seven = scale.get_by_role("radio", name=f"7 {messages.WEB_MOOD_WORDS[7]}")
    tile = scale.locator("label.tile").nth(7)
    box = tile.bounding_box()
    assert box is not None and box["width"] >= 44 and box["height"] >= 60, box
    tile.click()
    expect(seven).to_be_checked()
    # Arrow keys move along the scale, like any radio group.
    seven.focus()
    page.keyboard.press("ArrowRight")
    eight = scale.get_by_role("radio", name=f"8 {messages.WEB_MOOD_WORDS[8]}")
    expect(eight).to_be_checked()
    # The chosen tile shows it without colour alone: it is filled, the others are not.
    fills = scale.locator("label.tile").evaluate_all(
        "ts => ts.map(t => getComputedStyle(t).backgroundColor)"
    )
    assert len(set(fills)) == 2 and fills.count(fills[8]) == 1, fills
    with page.expect_navigation():
        page.get_by_role("button", name=messages.WEB_CHECKIN_SAVE).first.click()
    expect(page.get_by_role("status").first).to_contain_text(messages.CHECKIN_SAVED)


DARK_SCREENS = [s for s in PAGES if s.site_page]


@pytest.mark.parametrize("screen", DARK_SCREENS, ids=[s.name for s in DARK_SCREENS])
def test_every_page_is_axe_clean_in_the_dark_theme(
    page: Page,
    screen: Screen,
    base_url: str,
    sign_in_as: Callable[[Page, str], Any],
    watch: Watch,
    axe: Axe,
    personas: Personas,
) -> None:
    page.emulate_media(color_scheme="dark")
    open_screen(page, screen, base_url, sign_in_as, watch, personas)
    assert _background(page) == DARK_BG, screen.name
    violations = axe.run(page).response["violations"]
    assert not violations, f"{screen.name} (dark):\n" + violations_report(violations)
    watch.assert_clean()
