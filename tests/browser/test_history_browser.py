"""The check-in history and a half-finished worksheet in real Chromium: phone and desktop,
light and dark, axe clean; the chart fits the screen and its line takes the theme's colour."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from midweek import messages
from midweek.domain.accounts import Account
from midweek.services import checkins

from .conftest import Watch
from .live import LiveServer, now
from .test_accessibility import assert_no_violations

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_history_page_and_half_finished_worksheet(
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
    who = add_account(f"hist-{scheme}-{size['width']}")
    for days_ago, mood in ((3, 3), (2, 6), (1, 7)):  # days in a row: a line
        checkins.checkin_mood(
            live.store.unit_of_work(person_id=who.person_id),
            mood,
            note="A walk helped.",
            at=now() - timedelta(days=days_ago),
        )
    page.set_viewport_size(size)
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    signed_in(page, who)
    page.goto(f"{base_url}/checkin")
    page.get_by_role("link", name=messages.WEB_HISTORY_LINK).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(messages.WEB_HISTORY_TITLE)
    chart = page.locator("svg.spark-history")
    expect(chart).to_have_count(1)
    box = chart.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= size["width"]
    stroke = page.locator("svg.spark-history .spark-line").first.evaluate(
        "e => getComputedStyle(e).stroke"
    )
    assert stroke == ("rgb(47, 93, 138)" if scheme == "light" else "rgb(141, 184, 232)")
    expect(page.locator("li.record")).to_have_count(3)
    assert_no_violations(axe, page, f"check-in history ({scheme})")

    page.goto(f"{base_url}/worksheets/fill/thought-record")
    page.get_by_label("Emotion").fill("tense")
    page.get_by_role("button", name=messages.WEB_WORKSHEET_SAVE_PARTIAL).click()
    expect(page.get_by_role("status")).to_have_text(messages.WORKSHEET_SAVED_PARTIAL)
    assert_no_violations(axe, page, f"a half-finished worksheet ({scheme})")
    watch.assert_clean()
