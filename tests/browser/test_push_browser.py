"""Reminders on this device (Web Push) in real Chromium: Settings shows the control and says
what it does where the browser can subscribe, and the plain sentence with the calendar where
it cannot (no script); on a phone and a desktop, light and dark, axe clean. The service
worker shows a pushed reminder as a notification."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect

from midweek import messages
from midweek.domain.accounts import Account

from .conftest import STEP_TIMEOUT_MS, Watch
from .live import sign_in
from .test_accessibility import violations_report
from .test_design_browser import DARK_BG, DESKTOP, LIGHT_BG, PHONE, _background
from .test_offline_browser import _controlled

SIZES = {"phone": PHONE, "desktop": DESKTOP}


@pytest.fixture
def worker_context(browser: Any, base_url: str) -> Iterator[tuple[BrowserContext, Watch]]:
    """A context of its own with service workers allowed (the shared one blocks them)."""
    context = browser.new_context(base_url=base_url, service_workers="allow")
    context.set_default_timeout(STEP_TIMEOUT_MS)
    watch = Watch()
    try:
        yield context, watch
        watch.assert_clean()
    finally:
        context.close()


def _watched(context: BrowserContext, watch: Watch) -> Page:
    page = context.new_page()
    page.on("console", watch.on_console)
    page.on("pageerror", watch.on_page_error)
    page.on("request", watch.on_request)
    return page


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", list(SIZES))
def test_settings_offers_reminders_on_this_device_and_says_what_they_do(
    worker_context: tuple[BrowserContext, Watch],
    base_url: str,
    add_account: Callable[..., Account],
    axe: Axe,
    size: str,
    scheme: str,
) -> None:
    context, watch = worker_context
    page = _watched(context, watch)
    page.set_viewport_size(SIZES[size])
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    client = add_account(f"push-{size}-{scheme}")
    sign_in(page, base_url, client.username)
    page.goto("/settings")
    _controlled(page)
    assert _background(page) == (DARK_BG if scheme == "dark" else LIGHT_BG)
    section = page.get_by_role("region", name=messages.PUSH_HEADING)
    section.scroll_into_view_if_needed()
    expect(section.locator("#push-about")).to_have_text(messages.PUSH_ABOUT)
    button = section.get_by_role("button", name=messages.PUSH_TURN_ON)
    expect(button).to_be_visible()
    expect(section.get_by_role("status")).to_have_text(messages.PUSH_OFF)
    expect(section.get_by_role("link", name=messages.PUSH_PLAN_LINK)).to_be_visible()
    width = SIZES[size]["width"]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    violations = axe.run(page, context="#push").response["violations"]
    assert not violations, f"{size} {scheme}:\n" + violations_report(violations)


def test_without_a_script_the_calendar_is_offered_instead(
    browser: Any, base_url: str, add_account: Callable[..., Account]
) -> None:
    client = add_account("push-no-script")
    context = browser.new_context(base_url=base_url, java_script_enabled=False, viewport=PHONE)
    try:
        page = context.new_page()
        sign_in(page, base_url, client.username)
        page.goto("/settings")
        section = page.get_by_role("region", name=messages.PUSH_HEADING)
        expect(section.get_by_role("status")).to_have_text(messages.PUSH_UNSUPPORTED)
        expect(section.get_by_role("button", name=messages.PUSH_TURN_ON)).to_be_hidden()
        section.get_by_role("link", name=messages.PUSH_PLAN_LINK).click()
        expect(page).to_have_url(base_url + "/plan#plan-ics")
    finally:
        context.close()


def test_the_worker_shows_a_pushed_reminder_as_a_notification(
    worker_context: tuple[BrowserContext, Watch], base_url: str, add_account: Callable[..., Account]
) -> None:
    context, watch = worker_context
    context.grant_permissions(["notifications"], origin=base_url)
    page = _watched(context, watch)
    client = add_account("push-shown")
    sign_in(page, base_url, client.username)
    _controlled(page)
    cdp = context.new_cdp_session(page)
    registrations: list[dict[str, Any]] = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda e: registrations.extend(e["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.wait_for_timeout(300)  # the registration event arrives on the CDP session
    registration = next(r for r in registrations if not r.get("isDeleted"))
    reminder = {
        "title": "midweek practice",
        "body": "A practice you planned starts at 18:30.",
        "tag": "midweek-2026-12-08T18:30",
        "url": "/",
    }
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": base_url,
            "registrationId": registration["registrationId"],
            "data": json.dumps(reminder),
        },
    )
    shown = None
    for _ in range(40):  # the worker shows it asynchronously: up to about 4 seconds
        shown = page.evaluate(
            """async () => {
              const r = await navigator.serviceWorker.ready;
              const n = await r.getNotifications();
              return n.length ? {title: n[0].title, body: n[0].body, tag: n[0].tag} : null;
            }"""
        )
        if shown:
            break
        page.wait_for_timeout(100)
    assert shown == {"title": reminder["title"], "body": reminder["body"], "tag": reminder["tag"]}
