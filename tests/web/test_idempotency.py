"""One tap is one write: a double post or a retry with the same idempotency key logs once
and gets the first answer again; keys are per account; a key never stands for two requests."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import clock
from midweek import messages
from midweek.domain.accounts import Account
from midweek.domain.entities import Assignment
from midweek.services import idempotency, tokens
from midweek.storage import Store
from midweek.storage import tables as t
from midweek.web.idempotency import FIELD, HEADER, REPLAYED
from midweek.web.security import CSRF_FIELD

from .conftest import Page, login

HTMX = {"HX-Request": "true"}
API = "/api/v1"
TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "midweek" / "web" / "templates"


def _now() -> datetime:
    return clock.NOW


def _with_homework(web_store: Store, add_account: Callable[..., Account], name: str) -> int:
    account = add_account(name)
    uow = web_store.unit_of_work(person_id=account.person_id)
    with uow:
        a = uow.homework.add(
            Assignment(title="Slow breathing", per_week=3, minutes=10, start=_now().date())
        )
        uow.commit()
    assert a.id is not None
    return a.id


def _logs(web_store: Store, account_name: str, assignment_id: int) -> int:
    with web_store.unit_of_work() as uow:
        account = uow.accounts.by_username(account_name)
    assert account is not None
    with web_store.unit_of_work(person_id=account.person_id) as uow:
        return len(uow.practice.list(assignment_id=assignment_id))


def _signed_in(client: TestClient, name: str) -> Page:
    assert login(client, name).status_code == 303
    return Page(client.get("/").text)


def _key(page: Page) -> str:
    """The key of the practice's form (the sign-out form in the header comes first)."""
    page.one("form", cls="log-practice")
    return page.find("input", name=FIELD)[1].attrs["value"]


# --- the pages render a fresh key into every POST form -------------------------------------


def test_every_post_form_carries_a_key_right_after_its_csrf_field() -> None:
    forms = 0
    for template in sorted(TEMPLATES.glob("*.html")):
        text = template.read_text(encoding="utf-8")
        for form in re.findall(r"<form\b.*?</form>", text, flags=re.S):
            if 'method="post"' not in form:
                continue
            forms += 1
            assert re.search(
                r'<input type="hidden" name="\{\{ csrf_field \}\}" value="\{\{ csrf \}\}">'
                r"\s*\{\{ idem_field\(\) \}\}",
                form,
            ), (template.name, form[:120])
    assert forms >= 30


def test_each_rendered_form_gets_its_own_fresh_key(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    _with_homework(web_store, add_account, "alice")
    page = _signed_in(client, "alice")
    keys = [e.attrs["value"] for e in page.find("input", name=FIELD)]
    assert len(keys) == len(page.find("form", method="post")) >= 2
    again = [e.attrs["value"] for e in Page(client.get("/").text).find("input", name=FIELD)]
    assert len(set(keys + again)) == len(keys + again)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{20,}", k) for k in keys)


# --- web forms -------------------------------------------------------------------------


def test_a_double_post_of_done_logs_once_and_both_get_the_same_redirect(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    aid = _with_homework(web_store, add_account, "alice")
    page = _signed_in(client, "alice")
    form = {"outcome": "done", CSRF_FIELD: page.csrf(), FIELD: _key(page)}
    first = client.post(f"/practice/{aid}/log", data=form, follow_redirects=False)
    second = client.post(f"/practice/{aid}/log", data=form, follow_redirects=False)
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"] == f"/#practice-{aid}"
    assert REPLAYED not in first.headers and second.headers[REPLAYED] == "true"
    assert _logs(web_store, "alice", aid) == 1
    # A fresh form (a new key) is a new practice.
    page = Page(client.get("/").text)
    fresh = {"outcome": "done", CSRF_FIELD: page.csrf(), FIELD: _key(page)}
    assert client.post(f"/practice/{aid}/log", data=fresh, follow_redirects=False).is_redirect
    assert _logs(web_store, "alice", aid) == 2


def test_a_double_tap_with_htmx_logs_once_and_gets_the_same_row(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    aid = _with_homework(web_store, add_account, "alice")
    page = _signed_in(client, "alice")
    headers = {**HTMX, "X-CSRF-Token": page.csrf(), HEADER: _key(page)}
    first = client.post(f"/practice/{aid}/log", data={"outcome": "done"}, headers=headers)
    second = client.post(f"/practice/{aid}/log", data={"outcome": "done"}, headers=headers)
    assert first.status_code == second.status_code == 200
    assert first.text == second.text
    assert first.headers["content-type"] == second.headers["content-type"]
    assert "1 of 3" in Page(second.text).one("span", cls="progress").text
    assert _logs(web_store, "alice", aid) == 1


def test_the_same_key_with_another_request_is_refused_and_writes_nothing(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    aid = _with_homework(web_store, add_account, "alice")
    page = _signed_in(client, "alice")
    form = {"outcome": "done", CSRF_FIELD: page.csrf(), FIELD: _key(page)}
    assert client.post(f"/practice/{aid}/log", data=form, follow_redirects=False).is_redirect
    other = client.post(
        f"/practice/{aid}/log",
        data={**form, "outcome": "skipped"},
        headers={"Accept": "text/html"},
        follow_redirects=False,
    )
    assert other.status_code == 422
    assert messages.IDEMPOTENCY_KEY_REUSED in Page(other.text).one("main").text
    assert _logs(web_store, "alice", aid) == 1


def test_a_refused_first_request_is_not_kept_so_the_corrected_repeat_runs(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    aid = _with_homework(web_store, add_account, "alice")
    page = _signed_in(client, "alice")
    form = {"outcome": "done", "minutes": "9999", CSRF_FIELD: page.csrf(), FIELD: _key(page)}
    assert client.post(f"/practice/{aid}/log", data=form).status_code == 422
    assert _logs(web_store, "alice", aid) == 0
    # Same key, same (still wrong) request: refused again, not replayed from a store.
    assert client.post(f"/practice/{aid}/log", data=form).status_code == 422
    with web_store.unit_of_work():
        assert web_store.db.execute(t.IdempotencyRow.select()).fetchall() == []


def test_a_key_that_cannot_be_one_is_a_422(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    aid = _with_homework(web_store, add_account, "alice")
    page = _signed_in(client, "alice")
    form = {"outcome": "done", CSRF_FIELD: page.csrf(), FIELD: "no spaces <allowed>"}
    response = client.post(f"/practice/{aid}/log", data=form)
    assert response.status_code == 422
    assert _logs(web_store, "alice", aid) == 0


def test_a_stored_answer_is_not_given_without_the_csrf_token(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    aid = _with_homework(web_store, add_account, "alice")
    page = _signed_in(client, "alice")
    key = _key(page)
    form = {"outcome": "done", CSRF_FIELD: page.csrf(), FIELD: key}
    assert client.post(f"/practice/{aid}/log", data=form, follow_redirects=False).is_redirect
    forged = client.post(
        f"/practice/{aid}/log", data={"outcome": "done", FIELD: key}, follow_redirects=False
    )
    assert forged.status_code == 403 and REPLAYED not in forged.headers


# --- the JSON API ----------------------------------------------------------------------


def _bearer(web_store: Store, account: Account) -> dict[str, str]:
    plaintext, _ = tokens.create_token(web_store.unit_of_work(), account, "script", now=_now())
    return {"Authorization": f"Bearer {plaintext}"}


@pytest.fixture
def api(client: TestClient) -> TestClient:
    client.cookies.clear()
    return client


def test_the_api_answers_a_repeated_key_with_the_first_response(
    api: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    aid = _with_homework(web_store, add_account, "alice")
    with web_store.unit_of_work() as uow:
        alice = uow.accounts.by_username("alice")
    assert alice is not None
    auth = {**_bearer(web_store, alice), HEADER: "3f1c9a2e-7b44-4d6a-9d0e-5b2f1a8c7e10"}
    body = {"outcome": "done", "minutes": 12, "note": "felt calmer after"}
    first = api.post(f"{API}/homework/{aid}/practice", json=body, headers=auth)
    second = api.post(f"{API}/homework/{aid}/practice", json=body, headers=auth)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert second.headers[REPLAYED] == "true"
    assert _logs(web_store, "alice", aid) == 1
    changed = api.post(f"{API}/homework/{aid}/practice", json={**body, "minutes": 13}, headers=auth)
    assert changed.status_code == 422
    assert changed.headers["content-type"].startswith("application/problem+json")
    assert changed.json()["detail"] == messages.IDEMPOTENCY_KEY_REUSED
    assert _logs(web_store, "alice", aid) == 1
    # Nothing the person sent or got back is stored in the clear.
    with web_store.unit_of_work():
        rows = web_store.db.execute(t.IdempotencyRow.select()).fetchall()
    assert len(rows) == 1
    assert b"felt calmer" not in repr(rows).encode()
    assert "calmer" not in repr(rows)


def test_keys_are_per_account(
    api: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    a_id = _with_homework(web_store, add_account, "alice")
    b_id = _with_homework(web_store, add_account, "bob")
    with web_store.unit_of_work() as uow:
        alice = uow.accounts.by_username("alice")
        bob = uow.accounts.by_username("bob")
    assert alice is not None and bob is not None
    key = {HEADER: "shared-key-0001"}
    body = {"outcome": "done"}
    mine = api.post(
        f"{API}/homework/{a_id}/practice", json=body, headers={**_bearer(web_store, alice), **key}
    )
    theirs = api.post(
        f"{API}/homework/{b_id}/practice", json=body, headers={**_bearer(web_store, bob), **key}
    )
    assert mine.status_code == theirs.status_code == 201
    assert REPLAYED not in theirs.headers
    assert mine.json()["practice"]["id"] != theirs.json()["practice"]["id"]
    assert _logs(web_store, "alice", a_id) == 1 and _logs(web_store, "bob", b_id) == 1
    # The key is Bob's now: another request with it is refused, and never gets Alice's answer.
    stolen = api.post(
        f"{API}/homework/{a_id}/practice", json=body, headers={**_bearer(web_store, bob), **key}
    )
    assert stolen.status_code == 422 and REPLAYED not in stolen.headers
    assert _logs(web_store, "alice", a_id) == 1


# --- the service -----------------------------------------------------------------------


def test_a_second_claim_waits_for_the_first_and_keys_are_forgotten_after_a_day(
    web_store: Store, add_account: Callable[..., Account]
) -> None:
    account = add_account("alice")
    now = _now()
    sent = idempotency.request_hash(b"s" * 32, b"POST", b"/x")

    def begin(at: datetime, what: str = sent) -> object:
        return idempotency.begin(web_store.unit_of_work(), account.id, "key-00001", what, now=at)

    first = begin(now)
    assert isinstance(first, idempotency.Claimed)
    assert isinstance(begin(now), idempotency.InFlight)
    answer = idempotency.Answer(status=303, headers=(("location", "/"),), body=b"")
    idempotency.finish(web_store.unit_of_work(), account.id, "key-00001", first, answer, now=now)
    assert begin(now + timedelta(hours=23)) == answer
    assert isinstance(begin(now + timedelta(hours=25)), idempotency.Claimed)


def test_a_claim_left_by_a_request_that_never_finished_is_taken_over(
    web_store: Store, add_account: Callable[..., Account]
) -> None:
    account = add_account("alice")
    now = _now()
    sent = idempotency.request_hash(b"s" * 32, b"POST", b"/x")
    uow = web_store.unit_of_work
    assert isinstance(
        idempotency.begin(uow(), account.id, "key-00002", sent, now=now), idempotency.Claimed
    )
    later = now + idempotency.ABANDONED_AFTER + timedelta(seconds=1)
    assert isinstance(
        idempotency.begin(uow(), account.id, "key-00002", sent, now=later), idempotency.Claimed
    )
