"""Two app processes on one database behave as one site: sessions, throttling, drafts.

Each app here has its own Store (its own connection), as two `midweek serve` processes
would; they share the database, the key file and the secret key. Runs on SQLite and on
PostgreSQL (the production set-up in docs/DEPLOY.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from midweek.config import load_settings
from midweek.domain.accounts import Account
from midweek.services.accounts import ACCOUNT_FAILURE_LIMIT
from midweek.storage import Store
from midweek.web.app import create_app
from midweek.web.security import SESSION_COOKIE

from .conftest import Page, login


@pytest.fixture
def two(
    db_url: str, store_factory: Callable[..., Store], tmp_path: Path, fast_hashing: None
) -> Iterator[tuple[TestClient, TestClient]]:
    settings = load_settings(
        {
            "MIDWEEK_DATA_DIR": str(tmp_path / "data"),
            "MIDWEEK_KEY_FILE": str(tmp_path / "keys" / "midweek.key"),
            "MIDWEEK_SECRET_KEY": "one secret for the whole site, long enough",
        }
    )
    a = create_app(settings, store=store_factory(db_url))
    b = create_app(settings, store=store_factory(db_url))
    with TestClient(a) as ca, TestClient(b) as cb:
        yield ca, cb


def test_a_session_from_one_process_works_on_the_other_and_logout_ends_both(
    two: tuple[TestClient, TestClient], add_account: Callable[..., Account]
) -> None:
    first, second = two
    add_account("alice")
    assert login(first, "alice").status_code == 303
    second.cookies.set(SESSION_COOKIE, first.cookies[SESSION_COOKIE])
    today = second.get("/", follow_redirects=False)
    assert today.status_code == 200 and "Sign out" in today.text
    # Sign out on the second process: the first one no longer accepts the session either.
    second.post("/logout", data={"csrf_token": Page(today.text).csrf()}, follow_redirects=False)
    assert first.get("/", follow_redirects=False).status_code == 303


def test_failed_logins_count_across_processes(
    two: tuple[TestClient, TestClient], add_account: Callable[..., Account]
) -> None:
    first, second = two
    add_account("alice")
    for i in range(ACCOUNT_FAILURE_LIMIT):
        client = first if i % 2 else second
        assert login(client, "alice", "wrong passphrase, again").status_code == 400
    assert login(first, "alice").status_code == 429
    assert login(second, "alice").status_code == 429


def test_a_draft_typed_on_one_process_is_there_on_the_other(
    two: tuple[TestClient, TestClient], add_account: Callable[..., Account]
) -> None:
    first, second = two
    add_account("alice")
    login(first, "alice")
    token = Page(first.get("/journal/new").text).csrf()
    saved = first.post(
        "/journal/draft",
        data={"text": "Half a thought about Tuesday", "csrf_token": token},
        headers={"HX-Request": "true"},
    )
    assert saved.status_code == 200
    second.cookies.set(SESSION_COOKIE, first.cookies[SESSION_COOKIE])
    page = Page(second.get("/journal/new").text)
    assert page.one("textarea", name="text").text == "Half a thought about Tuesday"
