"""The app in Spanish and German in real Chromium: the browser's language picks the
catalog, a practice is logged with the translated buttons, a worksheet is filled in with
its translated labels and stored as in English, the words fit a phone, axe is clean, and
Settings switches the language for the next page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from midweek import i18n, messages
from midweek.domain.accounts import Account
from midweek.domain.entities import Outcome
from midweek.services import library

from .conftest import Watch
from .live import PASSWORD, LiveServer, now
from .test_accessibility import assert_no_violations

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

#: Each language on a phone and a desktop, in the light and the dark theme.
SCREENS = pytest.mark.parametrize(
    ("language", "size", "scheme"),
    [
        ("es", PHONE, "light"),
        ("de", PHONE, "dark"),
        ("es", DESKTOP, "dark"),
        ("de", DESKTOP, "light"),
    ],
    ids=["es-phone-light", "de-phone-dark", "es-desktop-dark", "de-desktop-light"],
)


def said(language: str, english: Callable[[], str]) -> str:
    """What midweek says in ``language`` (read through its catalog), never the English."""
    with i18n.use(language):
        text = english()
    assert text != english(), f"no {language} translation for {english()!r}"
    return text


def _sign_in_speaking(
    page: Page, base_url: str, who: Account, language: str, size: dict[str, int], scheme: str
) -> None:
    """A browser asking for ``language`` at this size and colour scheme signs ``who`` in
    through the translated form."""
    page.set_viewport_size(size)
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.set_extra_http_headers({"Accept-Language": f"{language};q=1, en;q=0.5"})
    page.goto(f"{base_url}/login")
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.get_by_label(said(language, lambda: messages.WEB_USERNAME)).fill(who.username)
    page.get_by_label(said(language, lambda: messages.WEB_PASSWORD)).fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name=said(language, lambda: messages.WEB_SIGN_IN)).click()


@SCREENS
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
    _sign_in_speaking(page, base_url, who, language, size, scheme)
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
    # The page's notice (Settings also has the reminders' own status line).
    expect(page.locator("p.notice")).to_have_text(
        said(other, lambda: messages.SETTINGS_LANGUAGE_SAVED)
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    assert_no_violations(axe, page, f"Settings in {other} ({scheme})")
    watch.assert_clean()


@SCREENS
def test_a_worksheet_is_filled_in_the_readers_language_and_stored_as_in_english(
    page: Page,
    axe: Axe,
    base_url: str,
    live: LiveServer,
    add_account: Callable[..., Account],
    watch: Watch,
    language: str,
    size: dict[str, int],
    scheme: str,
) -> None:
    """The exposure worksheet in Spanish or German: translated title, labels, help and
    choices; the choice is sent and stored as the template names it ("some")."""
    who = add_account(f"ws-{language}-{size['width']}")
    _sign_in_speaking(page, base_url, who, language, size, scheme)

    english = library.shipped_templates()["exposure"]
    with i18n.use(language):
        spoken = library.shipped_templates()["exposure"]
    page.goto(f"{base_url}/worksheets/fill/exposure")
    expect(page.get_by_role("heading", level=1)).to_have_text(spoken.title)
    assert spoken.title != english.title
    situation, before = spoken.field("situation"), spoken.field("suds_before")
    page.get_by_label(situation.label, exact=True).fill("Took the bus two stops.")
    page.get_by_label(before.label, exact=True).fill("70")
    behaviours = page.get_by_role("group", name=spoken.field("safety_behaviours").label)
    some = behaviours.get_by_label(said(language, lambda: i18n._("some")), exact=True)
    expect(some).to_have_attribute("value", "some")
    some.check()
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    assert_no_violations(axe, page, f"Worksheet in {language} ({scheme})")
    save = said(language, lambda: messages.WEB_WORKSHEET_SAVE)
    with page.expect_navigation():
        page.get_by_role("button", name=save).click()
    expect(page.locator("p.notice").first).to_have_text(
        said(language, lambda: messages.WORKSHEET_SAVED)
    )
    expect(page.locator("main")).to_contain_text(spoken.field("safety_behaviours").label)
    uow = live.store.unit_of_work(person_id=who.person_id)
    with uow:
        (log,) = uow.practice.list()
    assert log.worksheet == "exposure" and log.answers is not None
    assert log.answers["safety_behaviours"] == "some"
    assert set(log.answers) == {f.name for f in english.fields}
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    assert_no_violations(axe, page, f"Saved worksheet in {language} ({scheme})")
    watch.assert_clean()
