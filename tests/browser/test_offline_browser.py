"""Installable and offline, in real Chromium with its service worker on: the manifest and
the worker register; "Need help now" and the person's own safety plan open with no
connection, and so do the worksheet forms they opened; a practice logged, a journal entry
written and a worksheet filled in offline wait on the phone, say so, and are sent once when
the connection returns (keeping the moment they were made); signing out forgets what the
phone kept."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, Request, expect

from midweek import messages
from midweek.domain.accounts import Account
from midweek.domain.entities import (
    Assignment,
    CheckinKind,
    PlanContact,
    SafetyPlan,
    TherapySession,
)
from midweek.services import checkins, journal, safety_plan

from .conftest import STEP_TIMEOUT_MS, Watch
from .live import LiveServer, now, sign_in
from .test_accessibility import violations_report

PHONE = {"width": 390, "height": 844}
THOUGHT_RECORD = "/worksheets/fill/thought-record"
#: How many writes wait in the worker's IndexedDB store.
WAITING = """async () => new Promise((resolve, reject) => {
  const opening = indexedDB.open("midweek");
  opening.onerror = () => reject(opening.error);
  opening.onsuccess = () => {
    const counting = opening.result.transaction("writes").objectStore("writes").count();
    counting.onsuccess = () => { resolve(counting.result); opening.result.close(); };
  };
})"""


@pytest.fixture
def phone(browser: Any, base_url: str) -> Iterator[tuple[BrowserContext, Page]]:
    """A phone-sized page in its own context with service workers allowed (the shared
    context of the other browser tests keeps none)."""
    context = browser.new_context(base_url=base_url, viewport=PHONE, service_workers="allow")
    context.set_default_timeout(STEP_TIMEOUT_MS)
    watch = Watch()
    page = context.new_page()
    page.on("console", watch.on_console)
    page.on("pageerror", watch.on_page_error)
    page.on("request", watch.on_request)
    try:
        yield context, page
        watch.assert_clean()
    finally:
        context.close()


def _no_violations(axe: Axe, page: Page, what: str) -> None:
    violations = axe.run(page).response["violations"]
    assert not violations, f"{what}:\n" + violations_report(violations)


def _client(live: LiveServer, add_account: Callable[..., Account], prefix: str) -> Account:
    client = add_account(prefix)
    assert client.person_id is not None
    mine = live.store.unit_of_work(person_id=client.person_id)
    safety_plan.set_country(mine, "GB", now=now())
    return client


def _controlled(page: Page) -> None:
    """Wait until the service worker controls the page. It claims open pages when it starts,
    but a page whose navigation began just before that is not among them: opened again, it
    is (as the next page a person opens would be)."""
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    if not page.evaluate("() => navigator.serviceWorker.controller !== null"):
        page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def _signed_in_with_worker(page: Page, base_url: str, client: Account) -> None:
    sign_in(page, base_url, client.username)
    _controlled(page)


def test_the_manifest_links_and_the_worker_registers_for_the_whole_site(
    phone: tuple[BrowserContext, Page], base_url: str
) -> None:
    _, page = phone
    page.goto("/login")
    _controlled(page)
    scope = page.evaluate("async () => (await navigator.serviceWorker.getRegistration()).scope")
    assert scope == base_url + "/"
    manifest = page.evaluate(
        "async () => (await fetch(document.querySelector('link[rel=manifest]').href)).json()"
    )
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/"
    assert any(icon["purpose"] == "maskable" for icon in manifest["icons"])
    # Chromium's own verdict: nothing stops installing it (a test's browser context is a
    # private window, which Chromium never installs from; that is the browser, not the app).
    cdp = page.context.new_cdp_session(page)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert [e for e in errors if e["errorId"] != "in-incognito"] == [], errors


def test_the_crisis_page_and_the_safety_plan_open_with_no_connection(
    phone: tuple[BrowserContext, Page],
    axe: Axe,
    base_url: str,
    live: LiveServer,
    add_account: Callable[..., Account],
) -> None:
    context, page = phone
    client = _client(live, add_account, "offline-plan")
    plan = SafetyPlan(
        coping=["A walk round the block"], people=[PlanContact("Mum", "07700 900123")]
    )
    safety_plan.save_plan(live.store.unit_of_work(person_id=client.person_id), plan, now=now())
    _signed_in_with_worker(page, base_url, client)
    page.goto("/safety-plan")  # opened once online: the phone keeps a copy
    page.goto(THOUGHT_RECORD)
    page.goto("/crisis")
    context.set_offline(True)
    try:
        page.goto("/crisis")
        expect(page.locator('main a[href="tel:999"]').first).to_be_visible()
        expect(page.locator('main a[href="tel:07700900123"]').first).to_be_visible()
        page.goto("/safety-plan")
        expect(page.locator("main")).to_contain_text("A walk round the block")
        expect(page.locator('#plan-people a[href="tel:07700900123"]')).to_be_visible()
        page.goto(THOUGHT_RECORD)
        expect(page.locator(f'form[action="{THOUGHT_RECORD}"]')).to_be_visible()
        expect(page.locator("#field-situation")).to_be_editable()
        # A page the phone never kept: the offline page, pointing to both.
        page.goto("/goals")
        expect(page.get_by_role("heading", level=1)).to_have_text(messages.WEB_OFFLINE_TITLE)
        expect(page.locator('main a[href="/crisis"]')).to_be_visible()
        _no_violations(axe, page, "the offline page")
    finally:
        context.set_offline(False)


def _homework(live: LiveServer, client: Account, worksheet: str | None = None) -> int:
    start = now().date() - timedelta(days=3)
    uow = live.store.unit_of_work(person_id=client.person_id)
    with uow:
        uow.sessions.add(TherapySession(date=start, takeaways=["Small steps count."]))
        a = uow.homework.add(
            Assignment(
                title="Slow breathing", per_week=3, minutes=10, start=start, worksheet=worksheet
            )
        )
        uow.commit()
    assert a.id is not None
    return a.id


def _logs(live: LiveServer, client: Account, assignment_id: int) -> list[Any]:
    with live.store.unit_of_work(person_id=client.person_id) as uow:
        return list(uow.practice.list(assignment_id=assignment_id))


def test_a_practice_logged_offline_is_sent_once_with_the_moment_it_was_logged(
    phone: tuple[BrowserContext, Page],
    axe: Axe,
    base_url: str,
    live: LiveServer,
    add_account: Callable[..., Account],
) -> None:
    context, page = phone
    client = _client(live, add_account, "offline-practice")
    aid = _homework(live, client)
    _signed_in_with_worker(page, base_url, client)
    page.goto("/")
    status = page.locator("#offline-status")
    posts: list[Request] = []  # the page's and the worker's own
    context.on("request", lambda r: posts.append(r) if r.method == "POST" else None)
    context.set_offline(True)
    tapped = now()
    page.locator(f"#log-{aid}-done").click()
    expect(status).to_have_text(messages.WEB_OFFLINE_SAVED)
    assert page.evaluate(WAITING) == 1
    _no_violations(axe, page, "Today, offline, with a practice waiting")
    assert _logs(live, client, aid) == []  # nothing reached the server
    # Later, and still offline, Today opens from the phone's copy and still says so.
    time.sleep(2)
    page.goto("/")
    expect(status).to_have_text(messages.WEB_OFFLINE_SAVED)
    back_online = now()
    context.set_offline(False)
    expect(status).to_have_text(messages.WEB_OFFLINE_SENT)
    assert page.evaluate(WAITING) == 0
    (log,) = _logs(live, client, aid)
    assert log.outcome.value == "done"
    # The moment of the tap (to the second), not the moment it reached the server.
    assert tapped - timedelta(seconds=1) <= log.at < back_online - timedelta(seconds=1)
    # Pages opened later never send it again.
    page.goto("/")
    page.reload()
    expect(status).to_be_hidden()
    assert len(_logs(live, client, aid)) == 1
    # The worker's attempts (the tap's, any tried while still offline, the one that got
    # through): one key for the one write on every attempt, and only one answered.
    attempts = [r for r in posts if r.url.endswith(f"/practice/{aid}/log") and r.service_worker]
    keys = {r.all_headers().get("idempotency-key") for r in attempts}
    assert len(attempts) >= 2 and len(keys) == 1 and None not in keys
    (answered,) = [r for r in attempts if r.failure is None]
    written = answered.all_headers()["midweek-written-at"]
    assert datetime.fromisoformat(written) == log.at


def test_a_journal_entry_written_offline_survives_a_reload_and_is_sent_once(
    phone: tuple[BrowserContext, Page],
    base_url: str,
    live: LiveServer,
    add_account: Callable[..., Account],
) -> None:
    context, page = phone
    client = _client(live, add_account, "offline-journal")
    _signed_in_with_worker(page, base_url, client)
    page.goto("/journal/new")
    status = page.locator("#offline-status")
    words = "Wrote this on the train with no signal (heron-58)."
    context.set_offline(True)
    page.get_by_label(messages.WEB_JOURNAL_TEXT).fill(words)
    with page.expect_navigation():
        page.get_by_role("button", name=messages.WEB_SAVE).click()
    expect(status).to_have_text(messages.WEB_OFFLINE_SAVED)
    page.reload()  # still offline: the entry waits on the phone
    expect(status).to_have_text(messages.WEB_OFFLINE_SAVED)
    assert page.evaluate(WAITING) == 1
    context.set_offline(False)
    expect(status).to_have_text(messages.WEB_OFFLINE_SENT)
    page.goto("/journal")
    expect(page.locator("main")).to_contain_text(words)
    page.reload()
    entries = journal.list_entries(live.store.unit_of_work(person_id=client.person_id))
    assert [e.text for e in entries].count(words) == 1


def _worksheet_logs(live: LiveServer, client: Account) -> list[Any]:
    with live.store.unit_of_work(person_id=client.person_id) as uow:
        return [log for log in uow.practice.list() if log.worksheet]


def test_a_worksheet_filled_offline_waits_through_a_reload_and_is_sent_once_with_its_answers(
    phone: tuple[BrowserContext, Page],
    axe: Axe,
    base_url: str,
    live: LiveServer,
    add_account: Callable[..., Account],
) -> None:
    context, page = phone
    client = _client(live, add_account, "offline-worksheet")
    aid = _homework(live, client, worksheet="thought-record")
    _signed_in_with_worker(page, base_url, client)
    page.goto("/")
    with page.expect_navigation():  # as Today links to it: the form for this homework
        page.locator(f'a.fill-worksheet[href="{THOUGHT_RECORD}?assignment={aid}"]').click()
    status = page.locator("#offline-status")
    posts: list[Request] = []
    context.on("request", lambda r: posts.append(r) if r.method == "POST" else None)
    context.set_offline(True)
    page.reload()  # the form opens from the phone's copy
    situation = "On the platform, the train cancelled (osprey-41)."
    page.locator("#field-situation").fill(situation)
    page.locator("#field-automatic-thought").fill("The whole day is ruined.")
    page.locator("#field-emotion").fill("frustrated")
    page.locator("#field-intensity-before").fill("70")
    filled = now()
    with page.expect_navigation():
        page.get_by_role("button", name=messages.WEB_WORKSHEET_SAVE).click()
    expect(status).to_have_text(messages.WEB_OFFLINE_SAVED)  # back on the kept form
    assert page.url == f"{base_url}{THOUGHT_RECORD}?assignment={aid}"
    page.reload()  # still offline: it waits on the phone
    expect(status).to_have_text(messages.WEB_OFFLINE_SAVED)
    assert page.evaluate(WAITING) == 1
    _no_violations(axe, page, "a worksheet form, offline, with a worksheet waiting")
    assert _worksheet_logs(live, client) == []
    time.sleep(1)
    context.set_offline(False)
    expect(status).to_have_text(messages.WEB_OFFLINE_SENT)
    assert page.evaluate(WAITING) == 0
    page.goto("/worksheets")
    page.reload()
    (log,) = _worksheet_logs(live, client)
    assert log.worksheet == "thought-record" and log.assignment_id == aid
    assert log.outcome.value == "done"
    assert log.answers["situation"] == situation and log.answers["intensity_before"] == 70
    assert filled - timedelta(seconds=1) <= log.at <= filled + timedelta(seconds=1)
    attempts = [r for r in posts if r.url.endswith(THOUGHT_RECORD) and r.service_worker]
    assert len({r.all_headers().get("idempotency-key") for r in attempts}) == 1


def test_a_worksheet_the_server_refuses_after_waiting_is_let_go_and_the_page_says_so(
    phone: tuple[BrowserContext, Page],
    base_url: str,
    live: LiveServer,
    add_account: Callable[..., Account],
) -> None:
    context, page = phone
    client = _client(live, add_account, "offline-worksheet-refused")
    _signed_in_with_worker(page, base_url, client)
    page.goto(THOUGHT_RECORD)
    status = page.locator("#offline-status")
    context.set_offline(True)
    # Saved as finished with the required answers left empty: the server's checks refuse it.
    page.locator("#field-evidence-against").fill("My last review was good.")
    with page.expect_navigation():
        page.get_by_role("button", name=messages.WEB_WORKSHEET_SAVE).click()
    expect(status).to_have_text(messages.WEB_OFFLINE_SAVED)
    context.set_offline(False)
    expect(status).to_have_text(messages.WEB_OFFLINE_NOT_SENT)
    assert page.evaluate(WAITING) == 0  # let go: never sent again
    page.reload()
    expect(status).to_be_hidden()
    assert _worksheet_logs(live, client) == []


def test_signing_out_forgets_the_pages_the_phone_kept(
    phone: tuple[BrowserContext, Page],
    base_url: str,
    live: LiveServer,
    add_account: Callable[..., Account],
) -> None:
    context, page = phone
    client = _client(live, add_account, "offline-signout")
    plan = SafetyPlan(coping=["Call my sister (kestrel-19)"])
    safety_plan.save_plan(live.store.unit_of_work(person_id=client.person_id), plan, now=now())
    _signed_in_with_worker(page, base_url, client)
    page.goto("/safety-plan")
    expect(page.locator("main")).to_contain_text("kestrel-19")
    page.goto(THOUGHT_RECORD)
    with page.expect_navigation():
        page.get_by_role("button", name=messages.WEB_SIGN_OUT).click()
    page.wait_for_url("**/login")
    _controlled(page)  # the worker is back, for the crisis page, with nothing personal
    context.set_offline(True)
    try:
        for forgotten in ("/safety-plan", THOUGHT_RECORD):
            page.goto(forgotten)
            expect(page.get_by_role("heading", level=1)).to_have_text(messages.WEB_OFFLINE_TITLE)
        page.goto("/crisis")  # the public page, kept when the worker came back
        expect(page.get_by_role("heading", level=1)).to_have_text(messages.CRISIS_HEADER)
        expect(page.locator("main")).not_to_contain_text("kestrel-19")
    finally:
        context.set_offline(False)


def test_mood_check_ins_made_offline_are_counted_and_each_sent_once(
    phone: tuple[BrowserContext, Page],
    base_url: str,
    live: LiveServer,
    add_account: Callable[..., Account],
) -> None:
    context, page = phone
    client = _client(live, add_account, "offline-mood")
    _signed_in_with_worker(page, base_url, client)
    page.goto("/checkin")
    status = page.locator("#offline-status")
    form = page.locator('form[action="/checkin/mood"]')
    context.set_offline(True)
    form.locator('input[name="mood"]').first.check()
    with page.expect_navigation():
        form.get_by_role("button").click()
    expect(status).to_have_text(messages.WEB_OFFLINE_SAVED)  # back on the kept /checkin
    assert page.url == base_url + "/checkin"
    # A second one, later: both wait, and the line says how many.
    form.locator('input[name="mood"]').last.check()
    with page.expect_navigation():
        form.get_by_role("button").click()
    expect(status).to_have_text(messages.WEB_OFFLINE_SAVED_MANY.replace("{n}", "2"))
    assert checkins.list_checkins(live.store.unit_of_work(person_id=client.person_id)) == []
    context.set_offline(False)
    expect(status).to_have_text(messages.WEB_OFFLINE_SENT)
    page.reload()
    checked = checkins.list_checkins(live.store.unit_of_work(person_id=client.person_id))
    assert len(checked) == 2 and all(c.kind is CheckinKind.MOOD for c in checked)
    moods = form.locator('input[name="mood"]')
    ends = {
        int(moods.first.get_attribute("value") or ""),
        int(moods.last.get_attribute("value") or ""),
    }
    assert {c.mood for c in checked} == ends  # each sent once: the lowest and the highest


def test_a_write_waits_for_its_own_person_when_the_session_ended_meanwhile(
    phone: tuple[BrowserContext, Page],
    base_url: str,
    live: LiveServer,
    add_account: Callable[..., Account],
) -> None:
    context, page = phone
    client = _client(live, add_account, "offline-ended")
    other = _client(live, add_account, "offline-other")
    aid = _homework(live, client)
    _signed_in_with_worker(page, base_url, client)
    page.goto("/")
    status = page.locator("#offline-status")
    context.set_offline(True)
    page.locator(f"#log-{aid}-skipped").click()
    expect(status).to_have_text(messages.WEB_OFFLINE_SAVED)
    context.clear_cookies()  # the session is over meanwhile (as after a long time away)
    context.set_offline(False)
    expect(status).to_have_text(messages.WEB_OFFLINE_SIGN_IN)
    # Someone else signs in on this browser: it is never sent as theirs.
    sign_in(page, base_url, other.username)
    page.goto("/")
    expect(status).to_have_text(messages.WEB_OFFLINE_SIGN_IN)
    assert page.evaluate(WAITING) == 1
    assert _logs(live, client, aid) == []
    with live.store.unit_of_work(person_id=other.person_id) as uow:
        assert list(uow.practice.list()) == []
    # Its own person signs in again (a new session, a new form token): sent, once.
    context.clear_cookies()
    sign_in(page, base_url, client.username)
    expect(status).to_have_text(messages.WEB_OFFLINE_SENT)
    (log,) = _logs(live, client, aid)
    assert log.outcome.value == "skipped"
