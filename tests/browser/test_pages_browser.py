"""What a person clicks through, in real Chromium against a live server: signing in and
out, and Today (the "Need help now" link on every page is checked with each page's scan
in test_accessibility.py; longer flows are in test_flows_browser.py). Every test also fails on a
console error or a request that leaves 127.0.0.1 (see ``watch`` in conftest.py)."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from midweek import messages
from midweek.domain.accounts import Account
from midweek.services.today import today

from .conftest import Watch
from .live import LiveServer, now

WEEKDAY_DATE = re.compile(
    r"^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} [A-Z][a-z]+$"
)


def _path(page: Page, base_url: str) -> str:
    assert page.url.startswith(base_url), page.url
    return page.url[len(base_url) :]


def test_wrong_password_shows_the_error_and_stays_on_login(
    page: Page, base_url: str, add_account: Callable[..., Account], watch: Watch
) -> None:
    account = add_account("wrongpw")
    page.goto(base_url + "/login")
    watch.expect_error_page(base_url + "/login")  # a refused sign-in answers 400
    page.get_by_label(messages.WEB_USERNAME).fill(account.username)
    page.get_by_label(messages.WEB_PASSWORD).fill("not the right passphrase")
    with page.expect_navigation():
        page.get_by_role("button", name=messages.WEB_SIGN_IN).click()
    expect(page.get_by_role("alert")).to_have_text(messages.LOGIN_FAILED)
    assert _path(page, base_url) == "/login"
    expect(page.get_by_role("heading", level=1)).to_have_text(messages.WEB_SIGN_IN)
    # The name stays filled in; the password does not come back.
    expect(page.get_by_label(messages.WEB_USERNAME)).to_have_value(account.username)
    expect(page.get_by_label(messages.WEB_PASSWORD)).to_have_value("")
    assert not [c for c in page.context.cookies() if c["name"] == "midweek_session"]
    watch.assert_clean()


def _not_now(page: Page, base_url: str) -> None:
    """A first sign-in asks for the country once; put it aside (Today comes next)."""
    assert _path(page, base_url) == "/country"
    with page.expect_navigation():
        page.get_by_role("button", name=messages.WEB_COUNTRY_SKIP).click()


def test_a_client_signs_in_and_lands_on_today(
    page: Page,
    base_url: str,
    live: LiveServer,
    add_account: Callable[..., Account],
    signed_in: Callable[[Page, Account], None],
    watch: Watch,
) -> None:
    client = add_account("today", demo=True)
    signed_in(page, client)
    _not_now(page, base_url)
    assert _path(page, base_url) == "/"
    expect(page.get_by_role("heading", level=1)).to_have_text(WEEKDAY_DATE)
    assert client.person_id is not None
    view = today(live.store.unit_of_work(person_id=client.person_id), now=now())
    assert view.last_session is not None and view.last_session.takeaways
    last_time = page.get_by_role("region", name=messages.LAST_TIME)
    expect(last_time.get_by_role("listitem")).to_have_text(list(view.last_session.takeaways))
    expect(page.get_by_role("heading", name=messages.WEB_THIS_WEEK)).to_be_visible()
    expect(page.get_by_role("button", name=messages.WEB_SIGN_OUT)).to_be_visible()
    watch.assert_clean()


def test_sign_out_really_ends_the_session(
    page: Page,
    base_url: str,
    add_account: Callable[..., Account],
    signed_in: Callable[[Page, Account], None],
    watch: Watch,
) -> None:
    client = add_account("signout", demo=True)
    signed_in(page, client)
    _not_now(page, base_url)
    assert _path(page, base_url) == "/"
    old_cookies = page.context.cookies()
    assert [c for c in old_cookies if c["name"] == "midweek_session"]

    with page.expect_navigation():
        page.get_by_role("button", name=messages.WEB_SIGN_OUT).click()
    assert _path(page, base_url) == "/login"

    def on_login_form() -> None:
        assert _path(page, base_url) == "/login"
        expect(page.get_by_role("heading", level=1)).to_have_text(messages.WEB_SIGN_IN)
        expect(page.get_by_role("button", name=messages.WEB_SIGN_OUT)).to_have_count(0)

    page.go_back()  # to Today's history entry: it must not come back from any cache
    on_login_form()
    page.reload()
    on_login_form()
    page.goto(base_url + "/")
    on_login_form()
    # The server ended the session: the old cookie, sent again, no longer signs in.
    page.context.add_cookies(old_cookies)  # type: ignore[arg-type]
    page.goto(base_url + "/")
    on_login_form()
    watch.assert_clean()
