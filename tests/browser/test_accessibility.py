"""An axe-core scan of every page, in real Chromium: zero violations allowed.

To scan a new page, append a ``Screen`` to ``PAGES`` below: a name, the path, who is
signed in (one of ``Personas.KINDS`` in conftest.py: "nobody", "client" — with the demo's
six-week history —, "new-client", "therapist", "admin"), the HTTP status the page answers
with, and optionally ``then``: what to do on the page before the scan (e.g. submit a form
to scan its error state). test_pages_browser.py also checks the "Need help now" link on
each of these pages, so a page added here gets both checks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from midweek import messages

from .conftest import Watch


def _fail_sign_in(page: Page) -> None:
    page.get_by_label(messages.WEB_USERNAME).fill("nobody-by-this-name")
    page.get_by_label(messages.WEB_PASSWORD).fill("not the right passphrase")
    with page.expect_navigation():
        page.get_by_role("button", name=messages.WEB_SIGN_IN).click()
    assert page.get_by_role("alert").inner_text() == messages.LOGIN_FAILED


@dataclass(frozen=True)
class Screen:
    name: str
    path: str
    who: str = "nobody"
    status: int = 200
    then: Callable[[Page], None] | None = None


PAGES: list[Screen] = [
    Screen("login", "/login"),
    Screen("login-error", "/login", then=_fail_sign_in),
    Screen("today", "/", who="client"),
    Screen("today-empty", "/", who="new-client"),
    Screen("crisis", "/crisis"),
    Screen("crisis-signed-in", "/crisis", who="client"),
    Screen("caseload", "/therapist", who="therapist"),
    Screen("staff", "/", who="admin"),
    Screen("not-found", "/no-such-page", status=404),
    Screen("not-found-signed-in", "/no-such-page", who="client", status=404),
]


def open_screen(
    page: Page,
    screen: Screen,
    base_url: str,
    sign_in_as: Callable[[Page, str], Any],
    watch: Watch,
) -> None:
    """Sign in as the screen's person, open it, check its status, do its ``then``."""
    sign_in_as(page, screen.who)
    url = base_url + screen.path
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
        if screen.path == "/login":
            watch.expect_error_page(url)  # a refused sign-in answers 400
        screen.then(page)


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


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize("screen", PAGES, ids=[s.name for s in PAGES])
def test_page_has_no_axe_violations(
    page: Page,
    screen: Screen,
    base_url: str,
    sign_in_as: Callable[[Page, str], Any],
    watch: Watch,
    axe: Axe,
) -> None:
    open_screen(page, screen, base_url, sign_in_as, watch)
    results = axe.run(page)
    # axe ran for real: it found the rules it could check on this page.
    assert results.response["testEngine"]["name"] == "axe-core"
    violations = results.response["violations"]
    assert not violations, f"{screen.name} ({screen.path}):\n" + violations_report(violations)
    watch.assert_clean()


def test_the_scan_reports_a_real_violation(page: Page, base_url: str, axe: Axe) -> None:
    """The scan is not a no-op: an image without alt text on a real page is reported."""
    page.goto(base_url + "/login")
    page.evaluate(
        "() => { const i = document.createElement('img'); i.width = 20; i.height = 20;"
        " document.querySelector('main').append(i); }"
    )
    ids = {v["id"] for v in axe.run(page).response["violations"]}
    assert "image-alt" in ids
