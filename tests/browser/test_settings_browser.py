"""Settings → About this installation in real Chromium: every setting listed read only, on
a phone and a desktop, light and dark, inside the screen, axe clean, no secret in it."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from midweek import messages
from midweek.config import SETTINGS

from .conftest import Watch
from .test_accessibility import violations_report
from .test_design_browser import DARK_BG, DESKTOP, LIGHT_BG, PHONE, _background

SIZES = {"phone": PHONE, "desktop": DESKTOP}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("who", ["client", "therapist"])
def test_the_installation_is_listed_read_only_inside_the_screen(
    page: Page,
    sign_in_as: Callable[[Page, str], Any],
    watch: Watch,
    axe: Axe,
    who: str,
    size: str,
    scheme: str,
) -> None:
    viewport = SIZES[size]
    page.set_viewport_size(viewport)
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    sign_in_as(page, who)
    page.goto("/settings")
    assert _background(page) == (DARK_BG if scheme == "dark" else LIGHT_BG)
    section = page.get_by_role("region", name=messages.SETTINGS_INSTALLATION_HEADING)
    section.scroll_into_view_if_needed()
    expect(section).to_be_visible()
    expect(section.locator("dt")).to_have_text([s.env for s in SETTINGS])
    expect(section.locator("dd").nth(5)).to_have_text(
        f"5000 ({messages.SETTING_SOURCES['default']})"  # MIDWEEK_BUSY_TIMEOUT_MS
    )
    # Read only, and nothing that could help someone get in: no form, no field, no path.
    expect(section.locator("form, input, button, select, textarea")).to_have_count(0)
    assert os.sep + "data" not in section.inner_text()
    # Inside the screen on a phone too: no row runs past the right edge.
    for row in section.locator("dt, dd").all():
        box = row.bounding_box()
        assert box is not None and box["x"] + box["width"] <= viewport["width"], row.inner_text()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
    violations = axe.run(page, context="section.installation").response["violations"]
    assert not violations, f"{who} {size} {scheme}:\n" + violations_report(violations)
    watch.assert_clean()
