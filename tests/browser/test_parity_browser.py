"""Web parity in real Chromium on a phone, light and dark: add your own practice, log it,
note a session's takeaway, end the practice after the confirmation page; axe clean, and
nothing wider than the screen."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from midweek import messages
from midweek.domain.accounts import Account
from midweek.domain.entities import Outcome

from .conftest import Watch
from .test_accessibility import assert_no_violations

PHONE = {"width": 390, "height": 844}


def _fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_own_practice_and_a_takeaway_on_a_phone(
    page: Page,
    axe: Axe,
    base_url: str,
    add_account: Callable[..., Account],
    signed_in: Callable[[Page, Account], None],
    watch: Watch,
    scheme: str,
) -> None:
    who = add_account(f"parity-{scheme}")
    page.set_viewport_size(PHONE)
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    signed_in(page, who)

    page.goto(f"{base_url}/homework")
    page.get_by_role("link", name=messages.WEB_OWN_PRACTICE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(messages.WEB_OWN_PRACTICE)
    expect(page.get_by_label(messages.WEB_OWN_MINUTES)).to_have_value("10")
    _fits(page)
    assert_no_violations(axe, page, f"add my own practice ({scheme})")
    page.get_by_label(messages.WEB_OWN_TITLE).fill("Five slow breaths")
    page.get_by_label(messages.WEB_OWN_PER_WEEK).fill("4")
    page.get_by_role("button", name=messages.WEB_OWN_SAVE).click()

    row = page.locator("li.practice-item", has_text="Five slow breaths")
    expect(row).to_contain_text(messages.WEB_SOURCE_SELF)
    row.get_by_role("button", name=messages.WEB_OUTCOME_BUTTONS[Outcome.DONE], exact=True).click()
    expect(
        page.locator("li.practice-item", has_text="Five slow breaths").locator(".logged")
    ).to_be_visible()
    _fits(page)
    assert_no_violations(axe, page, f"Today with own practice logged ({scheme})")

    page.goto(f"{base_url}/more")
    page.get_by_role("link", name="Session notes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(messages.WEB_SESSIONS_TITLE)
    page.get_by_label(messages.WEB_SESSION_TAKEAWAYS).fill("Breathing out slowly calms me")
    page.get_by_label(messages.WEB_SESSION_THEMES).fill("calm")
    page.get_by_role("button", name=messages.WEB_SESSION_SAVE).click()
    expect(page.get_by_role("status")).to_have_text(messages.WEB_SESSION_SAVED)
    expect(page.locator("li.session-note")).to_contain_text("Breathing out slowly calms me")
    _fits(page)
    assert_no_violations(axe, page, f"session notes ({scheme})")

    page.goto(f"{base_url}/")
    expect(page.locator("ul.takeaways")).to_contain_text("Breathing out slowly calms me")
    page.get_by_role("link", name=messages.WEB_SESSIONS_LINK).click()
    page.locator("li.session-note").get_by_role("link", name=messages.EDIT).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(messages.web_edit_title("session"))
    assert_no_violations(axe, page, f"correct a session note ({scheme})")

    page.goto(f"{base_url}/homework")
    page.get_by_role("link", name=messages.web_end_own_label("Five slow breaths")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(messages.WEB_END_OWN_TITLE)
    assert_no_violations(axe, page, f"end my own practice? ({scheme})")
    page.get_by_role("button", name=messages.WEB_END_OWN_BUTTON).click()
    expect(page.get_by_role("status")).to_have_text(messages.WEB_ENDED_NOTICE)
    expect(page.locator("li.homework-item", has_text="Five slow breaths")).to_have_count(0)
    watch.assert_clean()
