"""The Plan page's week grid in real Chromium: half hours chosen by a mouse drag and by the
keyboard alone (one tab stop, arrow keys, Space and Enter, a live region), stored as merged
windows; the week view shows the planned practice in its slot. Phone and desktop, light and
dark, axe clean."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from midweek import messages
from midweek.domain.accounts import Account
from midweek.services import homework as hw
from midweek.services import plan

from .conftest import Watch
from .live import LiveServer, now
from .test_accessibility import assert_no_violations

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def _stored(live: LiveServer, who: Account) -> list[str]:
    uow = live.store.unit_of_work(person_id=who.person_id)
    return [str(plan.window_of(w)) for w in plan.list_windows(uow)]


def _slot(value: str) -> str:
    """The CSS selector of a grid cell ("mon-07:30": the colon escaped)."""
    return "#slot-" + value.replace(":", "\\:")


def _centre(page: Page, value: str) -> tuple[float, float]:
    box = page.locator(_slot(value)).bounding_box()
    assert box is not None
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def _chosen(what: str) -> str:
    return messages.WEB_GRID_CHOSEN.replace("{}", what)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_week_grid_by_mouse_and_by_keyboard_and_the_week_view(
    page: Page,
    axe: Axe,
    base_url: str,
    live: LiveServer,
    add_account: Callable[..., Account],
    signed_in: Callable[[Page, Account], None],
    watch: Watch,
    scheme: str,
    size: dict[str, int],
) -> None:
    who = add_account(f"grid-{scheme}-{size['width']}")
    hw.add_homework(
        live.store.unit_of_work(person_id=who.person_id),
        title="Slow breathing",
        per_week=1,
        minutes=20,
        now=now() - timedelta(days=1),
    )
    page.set_viewport_size(size)
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    signed_in(page, who)
    page.goto(f"{base_url}/plan")
    grid = page.locator("table.week-grid")
    box = grid.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= size["width"]
    assert_no_violations(axe, page, f"the plan page with its week grid ({scheme})")

    # A mouse drag from Monday 07:00 down to 08:00 ticks three half hours.
    page.locator(_slot("mon-07:00")).scroll_into_view_if_needed()
    page.mouse.move(*_centre(page, "mon-07:00"))
    page.mouse.down()
    page.mouse.move(*_centre(page, "mon-07:30"), steps=4)
    page.mouse.move(*_centre(page, "mon-08:00"), steps=4)
    page.mouse.up()
    for value in ("mon-07:00", "mon-07:30", "mon-08:00"):
        expect(page.locator(_slot(value))).to_be_checked()
    expect(page.locator(_slot("mon-08:30"))).not_to_be_checked()
    expect(page.locator("#grid-said")).to_have_text(_chosen("Monday 07:00 to 08:30"))
    page.get_by_role("button", name=messages.WEB_GRID_SAVE).click()
    expect(page.locator("#grid-saved")).to_have_text(messages.grid_saved(1, 90))
    assert _stored(live, who) == ["Mon 07:00-08:30"]

    # The keyboard alone: Tab reaches the grid once, at the first chosen half hour.
    page.goto(f"{base_url}/plan")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('input.slot')"):
            break
    expect(page.locator("input.slot:focus")).to_have_id("slot-mon-07:00")
    page.keyboard.press("ArrowRight")
    expect(page.locator("input.slot:focus")).to_have_id("slot-tue-07:00")
    page.keyboard.press("Space")
    expect(page.locator("#grid-said")).to_have_text(_chosen("Tuesday 07:00 to 07:30"))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # ticks, and does not send the form
    expect(page.locator("#grid-said")).to_have_text(_chosen("Tuesday 07:30 to 08:00"))
    expect(page.locator(_slot("tue-07:30"))).to_be_checked()
    page.keyboard.press("Tab")  # one tab stop: the next is the save button
    expect(page.locator("#grid-save")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#grid-saved")).to_have_text(messages.grid_saved(2, 150))
    assert _stored(live, who) == ["Mon 07:00-08:30", "Tue 07:00-08:00"]

    # The week view: the practice in a Monday or Tuesday 07:xx slot, today marked.
    planned = page.locator("li.week-day", has=page.locator(".planned"))
    expect(planned).to_have_count(1)
    expect(planned.locator(".planned-title")).to_have_text("Slow breathing")
    expect(planned.locator(".planned-minutes")).to_have_text(messages.practice_minutes(20))
    expect(planned.locator(".planned-time")).to_have_text("07:00–07:20")
    assert planned.locator(".week-day-name").inner_text()[:3] in ("Mon", "Tue")
    days = page.locator("li.week-day")
    expect(days.first).to_have_attribute("aria-current", "date")
    expect(page.locator(".free-day")).to_have_count(6)
    first, second = (days.nth(i).bounding_box() for i in (0, 1))
    assert first is not None and second is not None
    if size is PHONE:  # a list by day
        assert second["y"] > first["y"] and second["x"] == first["x"]
    else:  # seven columns
        assert second["y"] == first["y"] and second["x"] > first["x"]
    assert_no_violations(axe, page, f"the week view after saving ({scheme})")
    watch.assert_clean()


def test_on_a_touch_screen_a_tap_ticks_a_hold_then_drag_chooses_and_a_swipe_scrolls(
    browser: Any,
    base_url: str,
    live: LiveServer,
    add_account: Callable[..., Account],
    signed_in: Callable[[Page, Account], None],
) -> None:
    who = add_account("grid-touch")
    context = browser.new_context(
        base_url=base_url, service_workers="block", has_touch=True, is_mobile=True, viewport=PHONE
    )
    try:
        page = context.new_page()
        watch = Watch()
        page.on("console", watch.on_console)
        page.on("pageerror", watch.on_page_error)
        page.on("request", watch.on_request)
        signed_in(page, who)
        page.goto(f"{base_url}/plan")
        page.locator(_slot("wed-12:00")).tap()
        expect(page.locator(_slot("wed-12:00"))).to_be_checked()

        touch = context.new_cdp_session(page)

        def finger(kind: str, x: float, y: float) -> None:
            points = [] if kind == "touchEnd" else [{"x": x, "y": y}]
            touch.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

        # Hold a moment on Monday 09:00, then drag down to 10:00: three half hours, no scrolling.
        page.locator(_slot("mon-10:00")).scroll_into_view_if_needed()
        scrolled = page.evaluate("scrollY")
        (x, y0), (_, y1) = _centre(page, "mon-09:00"), _centre(page, "mon-10:00")
        finger("touchStart", x, y0)
        page.wait_for_timeout(600)
        for step in range(1, 6):
            finger("touchMove", x, y0 + (y1 - y0) * step / 5)
        finger("touchEnd", x, y1)
        for value in ("mon-09:00", "mon-09:30", "mon-10:00"):
            expect(page.locator(_slot(value))).to_be_checked()
        expect(page.locator("#grid-said")).to_have_text(_chosen("Monday 09:00 to 10:30"))
        assert page.evaluate("scrollY") == scrolled

        # A quick swipe on Tuesday scrolls the page and ticks nothing.
        (x, y0) = _centre(page, "tue-10:00")
        finger("touchStart", x, y0)
        for step in range(1, 6):
            finger("touchMove", x, y0 - 40 * step)
        finger("touchEnd", x, y0 - 200)
        assert page.locator("input.slot:checked").count() == 4

        page.get_by_role("button", name=messages.WEB_GRID_SAVE).tap()
        expect(page.locator("#grid-saved")).to_have_text(messages.grid_saved(2, 120))
        assert _stored(live, who) == ["Mon 09:00-10:30", "Wed 12:00-12:30"]
        watch.assert_clean()
    finally:
        context.close()
