"""The browser's own time zone becomes a new account's zone at sign-in (static/tz.js, under
the app's strict CSP), and Settings can change it — in real Chromium set to Auckland."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from midweek import messages
from midweek.domain.accounts import Account

from .conftest import STEP_TIMEOUT_MS, Watch
from .live import sign_in


@pytest.fixture
def auckland(browser: Any, base_url: str) -> Iterator[tuple[Page, Watch]]:
    context = browser.new_context(base_url=base_url, timezone_id="Pacific/Auckland")
    context.set_default_timeout(STEP_TIMEOUT_MS)
    page = context.new_page()
    watch = Watch()
    page.on("console", watch.on_console)
    page.on("pageerror", watch.on_page_error)
    page.on("request", watch.on_request)
    page.on("response", watch.on_response)
    yield page, watch
    context.close()
    watch.assert_clean()


def test_sign_in_takes_the_browsers_zone_and_settings_changes_it(
    auckland: tuple[Page, Watch], base_url: str, add_account: Callable[..., Account]
) -> None:
    page, _ = auckland
    account = add_account("kiwi")
    page.goto(f"{base_url}/login")
    # The script ran (no inline code: the CSP would have refused it) and filled the field.
    expect(page.locator("#browser-time-zone")).to_have_value("Pacific/Auckland")
    sign_in(page, base_url, account.username)
    page.goto(f"{base_url}/settings")
    picker = page.get_by_label(messages.TZ_LABEL, exact=True)
    expect(picker).to_have_value("Pacific/Auckland")
    picker.select_option("Europe/London")
    with page.expect_navigation():
        page.get_by_role("button", name=messages.TZ_SAVE).click()
    expect(page.locator(".notice[role=status]")).to_have_text(messages.tz_saved("Europe/London"))
    expect(page.get_by_label(messages.TZ_LABEL, exact=True)).to_have_value("Europe/London")
