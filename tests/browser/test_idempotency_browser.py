"""One tap is one practice, in real Chromium: a quick double-click on "Done" — with htmx,
and as a plain form without JavaScript — logs the practice once, and so does a tap whose
answer was lost on the way and that the browser sent again."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from midweek import messages
from midweek.domain.accounts import Account
from midweek.domain.entities import Outcome
from midweek.services import homework

from .conftest import STEP_TIMEOUT_MS
from .live import LiveServer, now

TITLE = "Two minutes of noticing the breath"


def _homework(live: LiveServer, client: Account) -> int:
    made = homework.add_homework(
        live.store.unit_of_work(person_id=client.person_id),
        title=TITLE,
        per_week=3,
        minutes=2,
        now=now(),
    )
    assert made.id is not None
    return made.id


def _logs(live: LiveServer, client: Account, assignment_id: int) -> int:
    with live.store.unit_of_work(person_id=client.person_id) as uow:
        return len(uow.practice.list(assignment_id=assignment_id))


def _done(page: Page) -> Any:
    row = page.get_by_role("listitem").filter(has=page.get_by_text(TITLE, exact=True))
    return row, row.get_by_role("group", name=messages.WEB_LOG_LEGEND).get_by_role(
        "button", name=messages.WEB_OUTCOME_BUTTONS[Outcome.DONE], exact=True
    )


def test_a_quick_double_click_on_done_logs_one_practice(
    page: Page,
    live: LiveServer,
    add_account: Callable[..., Account],
    signed_in: Callable[[Page, Account], None],
) -> None:
    client = add_account("double")
    aid = _homework(live, client)
    signed_in(page, client)
    page.goto("/")
    row, done = _done(page)
    done.dblclick()
    expect(row.get_by_text(messages.LOGGED[Outcome.DONE])).to_be_visible()
    expect(row.get_by_text("1 of 3 practices this week")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert _logs(live, client, aid) == 1
    # The swapped-in row has a fresh key: the next tap is the next practice.
    _, done = _done(page)
    done.click()
    expect(row.get_by_text("2 of 3 practices this week")).to_be_visible()
    assert _logs(live, client, aid) == 2


def _lose_the_first_answer(page: Page, seen: list[str]) -> None:
    """Every post to log a practice reaches the server twice: the first answer is lost on
    the way (a phone between two masts), the same request is sent again, and the page
    gets the second answer."""

    def retry(route: Any) -> None:
        if route.request.method != "POST":
            route.continue_()
            return
        route.fetch(max_redirects=0)
        again = route.fetch(max_redirects=0)
        seen.append(again.headers.get("idempotent-replayed", ""))
        # htmx sends the form's key as a header too; a plain form sends the field only.
        seen.append("header" if route.request.headers.get("idempotency-key") else "field")
        route.fulfill(response=again)

    page.route("**/practice/*/log", retry)


def test_a_tap_sent_twice_after_a_lost_answer_logs_one_practice(
    page: Page,
    live: LiveServer,
    add_account: Callable[..., Account],
    signed_in: Callable[[Page, Account], None],
) -> None:
    client = add_account("retry")
    aid = _homework(live, client)
    signed_in(page, client)
    page.goto("/")
    seen: list[str] = []
    _lose_the_first_answer(page, seen)
    row, done = _done(page)
    done.click()
    expect(row.get_by_text(messages.LOGGED[Outcome.DONE])).to_be_visible()
    expect(row.get_by_text("1 of 3 practices this week")).to_be_visible()
    assert seen == ["true", "header"]
    assert _logs(live, client, aid) == 1


@pytest.fixture
def no_script_page(browser: Any, base_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    context.set_default_timeout(STEP_TIMEOUT_MS)
    yield context.new_page()
    context.close()


def test_a_double_click_without_javascript_logs_one_practice(
    no_script_page: Page,
    live: LiveServer,
    add_account: Callable[..., Account],
    signed_in: Callable[[Page, Account], None],
) -> None:
    page = no_script_page
    client = add_account("noscript")
    aid = _homework(live, client)
    signed_in(page, client)
    page.goto("/")
    _, done = _done(page)
    # The second click resubmits the form while the first post is still on its way.
    done.dblclick(no_wait_after=True)
    page.wait_for_url("**/#practice-*")
    page.wait_for_load_state("load")
    row, _ = _done(page)
    expect(row.get_by_text("1 of 3 practices this week")).to_be_visible()
    assert _logs(live, client, aid) == 1


def test_a_form_post_sent_twice_without_javascript_logs_one_practice(
    no_script_page: Page,
    live: LiveServer,
    add_account: Callable[..., Account],
    signed_in: Callable[[Page, Account], None],
) -> None:
    page = no_script_page
    client = add_account("noscript-retry")
    aid = _homework(live, client)
    signed_in(page, client)
    page.goto("/")
    seen: list[str] = []
    _lose_the_first_answer(page, seen)
    _, done = _done(page)
    with page.expect_navigation():
        done.click()
    row, _ = _done(page)
    expect(row.get_by_text("1 of 3 practices this week")).to_be_visible()
    assert seen == ["true", "field"]
    assert _logs(live, client, aid) == 1
