"""Crisis help on a phone, in real Chromium: the country asked once (suggested from the
browser's language), every crisis and safety-plan number a tel:/sms: link at least 44x44
CSS px, and the support box after PHQ-9 item 9 showing the numbers themselves."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from midweek import messages
from midweek.domain.accounts import Account
from midweek.domain.entities import PlanContact, SafetyPlan
from midweek.services import safety_plan

from .live import LiveServer, now, sign_in
from .test_accessibility import violations_report

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
#: WCAG 2.5.5 (and Apple's and Google's guidance): a target a thumb can reach.
MIN_TARGET = 44


@pytest.fixture
def phone(browser: Any, base_url: str) -> Iterator[Page]:
    """A phone-sized page whose browser speaks British English (Accept-Language en-GB)."""
    context = browser.new_context(base_url=base_url, viewport=PHONE, locale="en-GB")
    try:
        yield context.new_page()
    finally:
        context.close()


def _big_enough(page: Page, href: str) -> None:
    link = page.locator(f'main a[href="{href}"]').first
    expect(link).to_be_visible()
    box = link.bounding_box()
    assert box is not None
    assert box["width"] >= MIN_TARGET and box["height"] >= MIN_TARGET, (href, box)


def _no_violations(axe: Axe, page: Page, what: str) -> None:
    violations = axe.run(page).response["violations"]
    assert not violations, f"{what}:\n" + violations_report(violations)


def test_the_country_is_asked_once_and_the_crisis_numbers_are_tappable(
    phone: Page, base_url: str, add_account: Callable[..., Account], axe: Axe
) -> None:
    client = add_account("country")
    sign_in(phone, base_url, client.username)
    # First sign-in: the question, with the browser's region (en-GB) chosen.
    assert phone.url == base_url + "/country"
    expect(phone.get_by_role("heading", level=1)).to_have_text(messages.WEB_COUNTRY_TITLE)
    expect(phone.get_by_label(messages.SETTINGS_COUNTRY_LABEL)).to_have_value("GB")
    _no_violations(axe, phone, "the country question")
    with phone.expect_navigation():
        phone.get_by_role("button", name=messages.WEB_COUNTRY_BUTTON).click()
    assert phone.url == base_url + "/"

    phone.goto("/crisis")
    expect(phone.get_by_role("heading", name=messages.crisis_lines("GB"))).to_be_visible()
    # "Emergency: 999" is a link to call 999; so are Samaritans and 111, each big enough.
    expect(phone.locator('#emergency a[href="tel:999"]')).to_have_text("999")
    expect(phone.locator('main a[href="tel:116123"]')).to_contain_text("116 123")
    for href in ("tel:999", "tel:116123", "tel:111"):
        _big_enough(phone, href)
    expect(phone.locator("#country-question")).to_have_count(0)
    _no_violations(axe, phone, "the crisis page for GB on a phone")

    # Asked once: signing in again goes straight to Today.
    phone.context.clear_cookies()
    sign_in(phone, base_url, client.username)
    assert phone.url == base_url + "/"


def test_the_crisis_page_shows_numbers_first_then_asks(
    phone: Page, base_url: str, add_account: Callable[..., Account]
) -> None:
    client = add_account("crisis-first")
    sign_in(phone, base_url, client.username)
    phone.goto("/crisis")  # straight to help, question not answered
    lines = phone.locator("ul.contacts")
    question = phone.locator("#country-question")
    expect(lines).to_be_visible()
    expect(question).to_be_visible()
    lines_box, question_box = lines.bounding_box(), question.bounding_box()
    assert lines_box is not None and question_box is not None
    assert lines_box["y"] < question_box["y"]  # the numbers come first
    phone.get_by_label(messages.SETTINGS_COUNTRY_LABEL).select_option("US")
    with phone.expect_navigation():
        phone.get_by_role("button", name=messages.WEB_COUNTRY_BUTTON).click()
    assert phone.url == base_url + "/crisis"
    expect(phone.locator('#emergency a[href="tel:911"]')).to_have_text("911")
    expect(phone.locator('main a[href="sms:988"]')).to_contain_text("988")
    for href in ("tel:911", "tel:988", "sms:988"):
        _big_enough(phone, href)


def test_the_support_box_after_item_9_shows_the_numbers(
    phone: Page, base_url: str, live: LiveServer, add_account: Callable[..., Account], axe: Axe
) -> None:
    client = add_account("item9")
    assert client.person_id is not None
    safety_plan.set_country(live.store.unit_of_work(person_id=client.person_id), "GB", now=now())
    sign_in(phone, base_url, client.username)
    phone.goto("/checkin")
    phq9 = phone.locator("details#phq9")
    phq9.locator("summary").click()
    for i in range(1, 10):
        value = "1" if i == 9 else "0"
        phq9.locator(f'input[name="item_{i}"][value="{value}"]').check()
    with phone.expect_navigation():
        phq9.get_by_role("button").click()
    support = phone.get_by_role("region", name=messages.SAFETY_HEADER)
    expect(support).to_be_visible()
    # The numbers themselves, in the box, not only a link to another page.
    expect(support.locator('a[href="tel:999"]')).to_have_text("999")
    expect(support.locator('a[href="tel:116123"]')).to_contain_text("116 123")
    expect(support.locator('a[href="tel:111"]')).to_be_visible()
    for href in ("tel:999", "tel:116123", "tel:111"):
        _big_enough(phone, href)
    _no_violations(axe, phone, "the support box after PHQ-9 item 9")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_safety_plan_numbers_are_tappable(
    browser: Any,
    base_url: str,
    live: LiveServer,
    add_account: Callable[..., Account],
    axe: Axe,
    viewport: dict[str, int],
) -> None:
    client = add_account("plan-numbers")
    assert client.person_id is not None
    mine = live.store.unit_of_work(person_id=client.person_id)
    plan = SafetyPlan(
        coping=["A walk round the block"],
        people=[PlanContact("Mum", "07700 900123"), PlanContact("Sam")],
        professionals=[PlanContact("Dr Tan", "+44 (0)20 7946 0000")],
    )
    safety_plan.save_plan(mine, plan, now=now())
    safety_plan.set_country(live.store.unit_of_work(person_id=client.person_id), "GB", now=now())
    context = browser.new_context(base_url=base_url, viewport=viewport)
    try:
        page = context.new_page()
        sign_in(page, base_url, client.username)
        page.goto("/safety-plan")
        expect(page.locator('#plan-people a[href="tel:07700900123"]')).to_contain_text(
            "07700 900123"
        )
        expect(page.locator('#plan-professionals a[href="tel:+442079460000"]')).to_be_visible()
        expect(page.locator("#plan-people")).to_contain_text("Sam")  # no number, no link
        for href in ("tel:07700900123", "tel:+442079460000", "tel:999", "tel:116123"):
            _big_enough(page, href)
        # The crisis page lists the plan's people first, tappable too.
        page.goto("/crisis")
        _big_enough(page, "tel:07700900123")
        _no_violations(axe, page, f"the crisis page with a plan ({viewport['width']} px)")
    finally:
        context.close()
