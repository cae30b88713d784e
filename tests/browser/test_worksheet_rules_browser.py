"""Issue 15 in a real browser: the impossible night is refused beside its fields, nothing is
saved, and once fixed the diary is filed on its night and shows hours and minutes."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from midweek import messages
from midweek.domain.accounts import Account

from .conftest import Watch
from .live import LiveServer, now
from .test_accessibility import assert_no_violations


def test_an_impossible_night_is_refused_beside_its_fields_then_saved_on_its_night(
    page: Page,
    axe: Axe,
    base_url: str,
    live: LiveServer,
    add_account: Callable[..., Account],
    signed_in: Callable[[Page, Account], None],
    watch: Watch,
) -> None:
    client = add_account("sleeper")
    signed_in(page, client)
    page.goto(base_url + "/worksheets/fill/sleep-diary")
    watch.expect_error_page(base_url + "/worksheets/fill/sleep-diary")  # the 422 we cause
    night = (now() - timedelta(days=2)).date()
    page.get_by_label("The night of").fill(night.isoformat())
    page.get_by_label("Time I went to bed").fill("23:00")
    page.get_by_label("How long it took to fall asleep").fill("600")
    page.get_by_label("Time awake in the night").fill("0")
    page.get_by_label("Time I woke up for the last time").fill("06:30")
    page.get_by_label("Time I got out of bed").fill("06:00")
    with page.expect_navigation():
        page.get_by_role("button", name=messages.WEB_WORKSHEET_SAVE).click()

    # Each sentence is the field's accessible description, so a screen reader hears it there.
    asleep = page.get_by_label("How long it took to fall asleep")
    expect(asleep).to_have_attribute("aria-invalid", "true")
    expect(asleep).to_have_accessible_description(
        re.compile(r"“How long it took to fall asleep” \(10 h\) is longer than the 7 h 30 min")
    )
    expect(page.get_by_label("Time I woke up for the last time")).to_have_accessible_description(
        re.compile(r"needs to fall between “Time I went to bed” \(23:00\)")
    )
    expect(page.get_by_label("Time I got out of bed")).to_have_value("06:00")  # kept
    assert_no_violations(axe, page, "/worksheets/fill/sleep-diary refusing a night")
    with live.store.unit_of_work(person_id=client.person_id) as uow:
        assert uow.practice.list() == []

    asleep.fill("20")
    page.get_by_label("Time awake in the night").fill("30")
    page.get_by_label("Time I got out of bed").fill("07:00")
    with page.expect_navigation():
        page.get_by_role("button", name=messages.WEB_WORKSHEET_SAVE).click()
    assert re.search(r"/worksheets/\d+\?saved=1$", page.url), page.url
    expect(page.get_by_text("6 h 40 min", exact=True)).to_be_visible()
    expect(page.get_by_text("8 h", exact=True)).to_be_visible()
    with live.store.unit_of_work(person_id=client.person_id) as uow:
        (log,) = uow.practice.list()
    assert log.at.date() == night
