"""The app in Spanish and German in real Chromium: the browser's language picks the
catalog, a practice is logged with the translated buttons, the words fit a phone, axe is
clean, and Settings switches the language for the next page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from midweek import i18n, messages
from midweek.domain.accounts import Account
from midweek.domain.entities import Outcome

from .conftest import Watch
from .live import PASSWORD, now
from .test_accessibility import assert_no_violations

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def said(language: str, english: Callable[[], str]) -> str:
    """What midweek says in ``language`` (read through its catalog), never the English."""
    with i18n.use(language):
        text = english()
    assert text != english(), f"no {language} translation for {english()!r}"
    return text


@pytest.mark.parametrize(
    ("language", "size", "scheme"),
    [
        ("es", PHONE, "light"),
        ("de", PHONE, "dark"),
        ("es", DESKTOP, "dark"),
        ("de", DESKTOP, "light"),
    ],
    ids=["es-phone-light", "de-phone-dark", "es-desktop-dark", "de-desktop-light"],
)
def test_a_client_uses_midweek_in_their_language(
    page: Page,
    axe: Axe,
    base_url: str,
    add_account: Callable[..., Account],
    watch: Watch,
    language: str,
    size: dict[str, int],
    scheme: str,
) -> None:
    who = add_account(f"lang-{language}-{size['width']}", demo=True)
    page.set_viewport_size(size)
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.set_extra_http_headers({"Accept-Language": f"{language};q=1, en;q=0.5"})
    page.goto(f"{base_url}/login")
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.get_by_label(said(language, lambda: messages.WEB_USERNAME)).fill(who.username)
    page.get_by_label(said(language, lambda: messages.WEB_PASSWORD)).fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name=said(language, lambda: messages.WEB_SIGN_IN)).click()
    if "/country" in page.url:  # asked once: keep what is suggested
        page.goto(f"{base_url}/")
    heading = said(language, lambda: messages.when(now(), "long"))
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    week = said(language, lambda: messages.THIS_WEEK_SUFFIX).strip()
    row = page.locator("li.practice-item").first
    expect(row).to_contain_text(week)
    done = said(language, lambda: messages.WEB_OUTCOME_BUTTONS[Outcome.DONE])
    row.get_by_role("button", name=done, exact=True).click()
    logged = said(language, lambda: messages.LOGGED[Outcome.DONE])
    expect(page.locator("p.logged")).to_have_text(logged)
    # Long German and Spanish words still fit: nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    assert_no_violations(axe, page, f"Today in {language} ({scheme})")

    other = "de" if language == "es" else "es"
    page.goto(f"{base_url}/settings")
    page.get_by_label(i18n.LANGUAGES[other]).check()
    page.get_by_role(
        "button", name=said(language, lambda: messages.SETTINGS_LANGUAGE_BUTTON)
    ).click()
    expect(page.locator("html")).to_have_attribute("lang", other)
    expect(page.get_by_role("status").or_(page.locator("p.notice"))).to_have_text(
        said(other, lambda: messages.SETTINGS_LANGUAGE_SAVED)
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    assert_no_violations(axe, page, f"Settings in {other} ({scheme})")
    watch.assert_clean()
