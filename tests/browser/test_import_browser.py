"""More → Import in real Chromium: choose a Daylio file, see what it holds, then Import."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from midweek import messages
from midweek.domain.accounts import Account

from .conftest import Watch
from .live import LiveServer
from .test_accessibility import assert_no_violations

DATA = Path(__file__).resolve().parents[1] / "data" / "import"


def test_import_a_daylio_file_with_a_preview_then_import(
    page: Page,
    axe: Axe,
    base_url: str,
    live: LiveServer,
    add_account: Callable[..., Account],
    signed_in: Callable[[Page, Account], None],
    watch: Watch,
) -> None:
    client = add_account("importer")
    signed_in(page, client)
    page.goto(f"{base_url}/more")
    page.locator("#main").get_by_role("link", name=messages.WEB_IMPORT_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(messages.WEB_IMPORT_TITLE)
    assert_no_violations(axe, page, "the import page")

    page.get_by_label(messages.WEB_IMPORT_FORMAT).select_option("daylio")
    page.get_by_label(messages.WEB_IMPORT_FILE).set_input_files(str(DATA / "daylio.csv"))
    with page.expect_navigation():
        page.get_by_role("button", name=messages.WEB_IMPORT_PREVIEW).click()
    heading = "Ready to import 2 journal entries, 4 mood check-ins."
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    assert_no_violations(axe, page, "the import preview")
    with live.store.unit_of_work(person_id=client.person_id) as uow:
        assert uow.journal.count() == 0  # nothing written before "Import"

    with page.expect_navigation():
        page.get_by_role("button", name=messages.WEB_IMPORT_BUTTON, exact=True).click()
    expect(page.get_by_role("status")).to_have_text("Imported 2 journal entries, 4 mood check-ins.")
    page.get_by_role("link", name=messages.WEB_IMPORT_TO_JOURNAL).click()
    expect(page.get_by_text("Laughed more than I have in weeks.").first).to_be_visible()
    with live.store.unit_of_work(person_id=client.person_id) as uow:
        assert uow.journal.count() == 2 and len(uow.checkins.list()) == 4
    watch.assert_clean()
