"""Correct, delete and undo a journal entry in real Chromium: Edit, Delete, "Deleted. Undo"."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from midweek import messages
from midweek.domain.accounts import Account
from midweek.services import journal

from .conftest import Watch
from .live import LiveServer, now
from .test_accessibility import assert_no_violations


def test_edit_then_delete_a_journal_entry_and_undo(
    page: Page,
    axe: Axe,
    base_url: str,
    live: LiveServer,
    add_account: Callable[..., Account],
    signed_in: Callable[[Page, Account], None],
    watch: Watch,
) -> None:
    client = add_account("undoer")
    entry = journal.write_entry(
        live.store.unit_of_work(person_id=client.person_id),
        "A note with a typo in it.",
        at=now() - timedelta(minutes=3),
    ).entry
    signed_in(page, client)
    page.goto(f"{base_url}/journal/{entry.id}")

    page.get_by_role("link", name=messages.web_edit_label("journal", entry.id)).click()
    assert_no_violations(axe, page, "the edit form")
    page.get_by_label(messages.WEB_JOURNAL_TEXT).fill("A note, now without the typo.")
    with page.expect_navigation():
        page.get_by_role("button", name=messages.SAVE_CHANGES).click()
    assert re.search(rf"/journal/{entry.id}\?edited=1$", page.url), page.url
    expect(page.get_by_text("A note, now without the typo.")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text=messages.EDIT_SAVED)).to_be_visible()

    with page.expect_navigation():
        page.get_by_role("button", name=messages.web_delete_label("journal", entry.id)).click()
    assert re.search(r"/journal\?deleted=\d+$", page.url), page.url
    offer = page.get_by_role("status").filter(has_text=messages.deleted_banner("journal"))
    expect(offer).to_be_visible()
    expect(page.get_by_text("A note, now without the typo.")).to_have_count(0)
    assert_no_violations(axe, page, "the journal with 'Deleted. Undo'")

    with page.expect_navigation():
        offer.get_by_role("button", name=messages.UNDO).click()
    assert re.search(rf"/journal/{entry.id}\?restored=1$", page.url), page.url
    expect(page.get_by_text("A note, now without the typo.")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text=messages.UNDONE)).to_be_visible()
    watch.assert_clean()
