"""The Plan page's week grid in real Chromium: half hours chosen by a mouse drag and by the
keyboard alone (one tab stop, arrow keys, Space and Enter, a live region), stored as merged
windows; the week view shows the planned practice in its slot. Phone and desktop, light and
dark, axe clean."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

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
