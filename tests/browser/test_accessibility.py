"""An axe-core scan of every page, in real Chromium: zero violations allowed.

To scan a new page, append a ``Screen`` to ``PAGES`` below: a name, the path, who is
signed in (one of ``Personas.KINDS`` in conftest.py: "nobody", "client" — with the demo's
six-week history, linked to "therapist" —, "new-client", "therapist", "other-therapist"
(linked to nobody), "admin"), the HTTP status the page answers
with, and optionally ``then``: what to do on the page before the scan (e.g. submit a form
to scan its error state). After the scan, the same test checks the page's "Need help now"
link opens the crisis page (one page load for both checks keeps the suite fast).

Paths with ids take a function of the linked client's ids (``ClientData`` in live.py),
e.g. ``lambda d: f"/journal/{d.shared_entry}"``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from midweek import messages
from midweek.services import library

from .conftest import Personas, Watch
from .live import ClientData


def _fail_sign_in(page: Page) -> None:
    page.get_by_label(messages.WEB_USERNAME).fill("nobody-by-this-name")
    page.get_by_label(messages.WEB_PASSWORD).fill("not the right passphrase")
    with page.expect_navigation():
        page.get_by_role("button", name=messages.WEB_SIGN_IN).click()
    assert page.get_by_role("alert").inner_text() == messages.LOGIN_FAILED


def _save_empty_journal_entry(page: Page) -> None:
    page.get_by_label(messages.WEB_JOURNAL_TEXT).fill("   ")
    with page.expect_navigation():
        page.get_by_role("button", name=messages.WEB_SAVE, exact=True).click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_label(messages.WEB_JOURNAL_TEXT)).to_have_attribute("aria-invalid", "true")


def _add_a_bad_plan_window(page: Page) -> None:
    page.get_by_text(messages.WEB_GRID_TYPE).click()  # typing is folded under the week grid
    page.get_by_label(messages.WEB_WINDOWS_LABEL).fill("someday around noon")
    with page.expect_navigation():
        page.get_by_role("button", name=messages.WEB_WINDOWS_ADD, exact=True).click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_label(messages.WEB_WINDOWS_LABEL)).to_have_value("someday around noon")


def _type_an_unknown_code(page: Page) -> None:
    """The sharing page sent back with an unknown invitation code beside its box (a code
    that works opens the invitation itself: scanned in test_flows_browser.py)."""
    page.get_by_role("textbox", name=messages.WEB_S_CODE_LABEL).fill("NOPE-12345")
    with page.expect_navigation():
        page.get_by_role("button", name=messages.WEB_S_CODE_BUTTON).click()
    expect(page.get_by_role("alert")).to_have_text(messages.INVITE_CODE_UNKNOWN)


def _join_with_an_unknown_code(page: Page) -> None:
    page.get_by_label(messages.WEB_JOIN_CODE).fill("NOPE-12345")
    page.get_by_label(messages.WEB_JOIN_USERNAME).fill("someone-new")
    page.get_by_label(messages.WEB_JOIN_PASSWORD, exact=True).fill("amber kettle under lanterns")
    with page.expect_navigation():
        page.get_by_role("button", name=messages.WEB_JOIN_BUTTON).click()
    expect(page.get_by_role("alert")).to_have_text(messages.INVITE_CODE_UNKNOWN)


def _open_the_log_details(page: Page) -> None:
    """Today with a practice row's optional details open (minutes, quality, note)."""
    page.get_by_text(messages.WEB_LOG_DETAILS).first.click()


#: A path, or a function of the linked client's ids (``ClientData`` in live.py) giving one.
PathOf = str | Callable[[ClientData], str]


@dataclass(frozen=True)
class Screen:
    name: str
    path: PathOf
    who: str = "nobody"
    status: int = 200
    then: Callable[[Page], None] | None = None
    #: The path whose error answer ``then`` causes (a form sent back with its error).
    error_at: str | None = None
    #: False for a document served without the site's header (a sent prep report).
    site_page: bool = True

    def url_path(self, personas: Personas) -> str:
        return self.path if isinstance(self.path, str) else self.path(personas.data)


def _client(d: ClientData) -> str:
    return f"/therapist/clients/{d.person_id}"


PAGES: list[Screen] = [
    Screen("login", "/login"),
    Screen("login-error", "/login", then=_fail_sign_in, error_at="/login"),
    Screen("crisis", "/crisis"),
    Screen("join", "/join"),
    Screen("join-error", "/join", then=_join_with_an_unknown_code, error_at="/join"),
    Screen("not-found", "/no-such-page", status=404),
    # the client's pages
    Screen("today", "/", who="client"),
    Screen("today-details", "/", who="client", then=_open_the_log_details),
    Screen("today-empty", "/", who="new-client"),
    Screen("crisis-signed-in", "/crisis", who="client"),
    Screen("homework", "/homework", who="client"),
    Screen("journal", "/journal", who="client"),
    Screen("journal-new", "/journal/new", who="client"),
    Screen(
        "journal-new-error",
        "/journal/new",
        who="client",
        then=_save_empty_journal_entry,
        error_at="/journal",
    ),
    Screen("journal-entry", lambda d: f"/journal/{d.shared_entry}", who="client"),
    Screen("questions", "/questions", who="client"),
    Screen("goals", "/goals", who="client"),
    Screen("checkin", "/checkin", who="client"),
    Screen("worksheets", "/worksheets", who="client"),
    Screen("worksheet-fill", "/worksheets/fill/thought-record", who="client"),
    Screen("worksheet-filled", lambda d: f"/worksheets/{d.worksheet_log}", who="client"),
    Screen("thread", "/thread", who="client"),
    Screen("plan", "/plan", who="client"),
    Screen(
        "plan-error", "/plan", who="client", then=_add_a_bad_plan_window, error_at="/plan/windows"
    ),
    Screen("safety-plan", "/safety-plan", who="client"),
    Screen("safety-plan-edit", "/safety-plan/edit", who="client"),
    Screen("prep", "/prep", who="client"),
    Screen("sharing", "/sharing", who="client"),
    Screen(
        "sharing-code-error",
        "/sharing",
        who="client",
        then=_type_an_unknown_code,
        error_at="/sharing/invite",
    ),
    Screen("sharing-activity", "/sharing/activity", who="client"),
    Screen("settings", "/settings", who="client"),
    Screen("more", "/more", who="client"),
    Screen("country", "/country", who="new-client"),
    Screen("barrier", lambda d: f"/practice/{d.assignment}/barrier", who="client"),
    Screen("records", "/records", who="client"),
    Screen("import", "/import", who="client"),
    Screen("edit-entry", lambda d: f"/edit/journal/{d.shared_entry}", who="client"),
    Screen("not-found-signed-in", "/no-such-page", who="client", status=404),
    # the therapist's pages
    Screen("caseload", "/therapist", who="therapist"),
    Screen("caseload-empty", "/therapist", who="other-therapist"),
    Screen("therapist-invite", "/therapist/invite", who="therapist"),
    Screen("therapist-client", _client, who="therapist"),
    Screen(
        "therapist-entry",
        lambda d: f"{_client(d)}/journal/{d.shared_entry}",
        who="therapist",
    ),
    Screen(
        "therapist-report",
        lambda d: f"{_client(d)}/reports/{d.report}",
        who="therapist",
        site_page=False,
    ),
    Screen("therapist-settings", "/settings", who="therapist"),
    # staff
    Screen("staff", "/", who="admin"),
]


def open_screen(
    page: Page,
    screen: Screen,
    base_url: str,
    sign_in_as: Callable[[Page, str], Any],
    watch: Watch,
    personas: Personas,
) -> None:
    """Sign in as the screen's person, open it, check its status, do its ``then``."""
    sign_in_as(page, screen.who)
    url = base_url + screen.url_path(personas)
    if screen.status >= 400:
        watch.expect_error_page(url)
    response = page.goto(url)
    assert response is not None and response.status == screen.status, (
        screen.name,
        response and response.status,
        page.url,
    )
    # A page meant for a signed-in person must not have sent them to /login instead.
    assert page.url == url, (screen.name, page.url)
    if screen.then is not None:
        if screen.error_at is not None:
            watch.expect_error_page(base_url + screen.error_at)
        screen.then(page)


def assert_no_violations(axe: Axe, page: Page, what: str) -> None:
    """Scan the page as it is now (e.g. after htmx swapped part of it): zero violations."""
    violations = axe.run(page).response["violations"]
    assert not violations, f"{what}:\n" + violations_report(violations)


def violations_report(violations: list[dict[str, Any]]) -> str:
    """One block per rule: id, impact, what it means, help URL, and each failing node."""
    lines = [f"{len(violations)} accessibility violation(s):"]
    for v in violations:
        lines.append(f"\n[{v['impact']}] {v['id']}: {v['help']}\n  {v['helpUrl']}")
        for node in v["nodes"]:
            lines.append(f"  - {', '.join(map(str, node['target']))}: {node['html'][:200]}")
            summary = node.get("failureSummary")
            if summary:
                lines.extend("      " + line for line in summary.splitlines())
    return "\n".join(lines)


@pytest.mark.parametrize("screen", PAGES, ids=[s.name for s in PAGES])
def test_page_has_no_axe_violations_and_its_need_help_link_works(
    page: Page,
    screen: Screen,
    base_url: str,
    sign_in_as: Callable[[Page, str], Any],
    watch: Watch,
    axe: Axe,
    personas: Personas,
) -> None:
    open_screen(page, screen, base_url, sign_in_as, watch, personas)
    results = axe.run(page)
    # axe ran for real: it found the rules it could check on this page.
    assert results.response["testEngine"]["name"] == "axe-core"
    violations = results.response["violations"]
    assert not violations, f"{screen.name} ({screen.url_path(personas)}):\n" + violations_report(
        violations
    )
    if screen.site_page:
        need_help_now_opens_the_crisis_page(page, base_url)
    watch.assert_clean()


def _not_monitored_sentence() -> str:
    number: str = library.crisis_resources(library.FALLBACK_COUNTRY).emergency_number
    sentence: str = messages.not_monitored(number)
    return sentence


def need_help_now_opens_the_crisis_page(page: Page, base_url: str) -> None:
    """Exactly one visible "Need help now" link, and it opens the crisis page."""
    link = page.get_by_role("link", name=messages.WEB_NEED_HELP, exact=True)
    expect(link).to_have_count(1)
    expect(link).to_be_visible()
    with page.expect_navigation():
        link.click()
    assert page.url == base_url + "/crisis", page.url
    expect(page.locator("#not-monitored")).to_have_text(_not_monitored_sentence())
    expect(page.get_by_role("heading", level=1)).to_have_text(messages.CRISIS_HEADER)


def test_the_scan_reports_a_real_violation(page: Page, base_url: str, axe: Axe) -> None:
    """The scan is not a no-op: an image without alt text on a real page is reported."""
    page.goto(base_url + "/login")
    page.evaluate(
        "() => { const i = document.createElement('img'); i.width = 20; i.height = 20;"
        " document.querySelector('main').append(i); }"
    )
    ids = {v["id"] for v in axe.run(page).response["violations"]}
    assert "image-alt" in ids
