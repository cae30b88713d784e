"""Invitations for new people, in real Chromium: a therapist makes a labelled code, someone
new joins with it on /join (their own account, the usual password rules), and appears on
the therapist's caseload under the name they chose; the code's note is gone, the code
used up."""

from __future__ import annotations

import re
from collections.abc import Callable

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from midweek import messages
from midweek.domain.accounts import Account

from .conftest import Watch
from .test_accessibility import assert_no_violations

OpenPage = Callable[[], tuple[Page, Watch]]


def test_a_labelled_invite_lets_someone_new_join_and_appear_by_their_name(
    page: Page,
    axe: Axe,
    base_url: str,
    add_account: Callable[..., Account],
    signed_in: Callable[[Page, Account], None],
    open_page: OpenPage,
    watch: Watch,
) -> None:
    therapist = add_account("welcomer", "therapist")
    staff, _ = open_page()
    signed_in(staff, therapist)
    staff.goto(base_url + "/therapist/invite")
    staff.get_by_label(messages.WEB_T_INVITE_LABEL).fill("for R., Tuesday group")
    with staff.expect_navigation():
        staff.get_by_role("button", name=messages.WEB_T_INVITE_MAKE).click()
    code = staff.locator("#invite-code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", code), code
    pending = staff.locator("li.open-invitation")
    expect(pending).to_have_count(1)
    expect(pending.locator(".invite-label")).to_have_text("for R., Tuesday group")
    assert_no_violations(axe, staff, "/therapist/invite with a labelled code")

    # Someone new: from the sign-in page to their own account, connected in one step.
    page.goto(base_url + "/login")
    with page.expect_navigation():
        page.get_by_role("link", name=messages.WEB_JOIN_LINK).click()
    assert page.url == base_url + "/join"
    page.get_by_label(messages.WEB_JOIN_CODE).fill(code.lower())
    page.get_by_label(messages.WEB_JOIN_NAME).fill("Robin K.")
    page.get_by_label(messages.WEB_JOIN_USERNAME).fill("robin-new")
    password = page.get_by_label(messages.WEB_JOIN_PASSWORD, exact=True)
    # The usual password rules first: a guessable one is refused, nothing is made.
    password.fill("ilovemydog123")
    watch.expect_error_page(base_url + "/join")
    kinds = page.get_by_role("group", name=messages.WEB_S_CHOOSE_KINDS)
    kinds.get_by_label(messages.WEB_S_KIND_LABELS["practice"]).check()
    with page.expect_response(lambda r: r.url.endswith("/join") and r.status == 422):
        page.get_by_role("button", name=messages.WEB_JOIN_BUTTON).click()
    expect(page.get_by_role("alert")).to_have_text(messages.PASSWORD_PROBLEMS["guessable"])
    assert page.get_by_label(messages.WEB_JOIN_CODE).input_value() == code.lower()
    assert "code=" not in page.url
    assert_no_violations(axe, page, "/join with a refused password")
    page.get_by_label(messages.WEB_JOIN_PASSWORD, exact=True).fill(
        "amber kettle under seven lanterns"
    )
    with page.expect_navigation():
        page.get_by_role("button", name=messages.WEB_JOIN_BUTTON).click()
    assert "/join" not in page.url and "/login" not in page.url, page.url
    page.goto(base_url + "/sharing")
    expect(page.locator("section.link-sharing")).to_have_attribute(
        "data-therapist", therapist.username
    )

    # The therapist's caseload shows the chosen name, not the username; the note is gone.
    staff.goto(base_url + "/therapist")
    names = staff.locator("a.client-name")
    expect(names).to_have_text(["Robin K."])
    staff.goto(base_url + "/therapist/invite")
    expect(staff.locator("li.open-invitation")).to_have_count(0)
