"""Settings → "Download everything" and "Delete my account and all my data"."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable

from fastapi.testclient import TestClient

import clock
from midweek import messages
from midweek.domain.accounts import Account
from midweek.domain.entities import JournalEntry
from midweek.storage import Store
from midweek.web.security import CSRF_FIELD, SESSION_COOKIE
from personas import PASSWORD, linked_pair

from .conftest import Page, login


def _write(store: Store, account: Account, text: str) -> None:
    with store.unit_of_work(account.person_id) as uow:
        uow.journal.add(JournalEntry(text=text, written_at=clock.NOW))
        uow.commit()


def _erase(client: TestClient, password: str, confirm: str):  # type: ignore[no-untyped-def]
    page = Page(client.get("/settings/erase").text)
    return client.post(
        "/settings/erase",
        data={"password": password, "confirm": confirm, CSRF_FIELD: page.csrf()},
        follow_redirects=False,
    )


def test_settings_offers_both_to_a_client_only(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    add_account("terry", "therapist")
    login(client, "alice")
    page = Page(client.get("/settings").text)
    assert page.one("a", id="download-everything").attrs["href"] == "/settings/everything.zip"
    assert page.one("a", id="erase-link").attrs["href"] == "/settings/erase"
    client.cookies.clear()
    login(client, "terry")
    assert not Page(client.get("/settings").text).find("a", id="erase-link")
    assert client.get("/settings/erase").status_code in (403, 404)


def test_download_everything_is_the_clients_own_data(
    client: TestClient, add_account: Callable[..., Account], web_store: Store
) -> None:
    alice = add_account("alice")
    bob = add_account("bob")
    _write(web_store, alice, "alice's own words")
    _write(web_store, bob, "bob's words")
    login(client, "alice")
    response = client.get("/settings/everything.zip")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    assert "attachment" in response.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as zf:
        texts = [zf.read(n).decode() for n in zf.namelist() if n.startswith("journal/")]
        records = json.loads(zf.read("records.json"))
    assert len(texts) == 1 and "alice's own words" in texts[0]
    assert [e["text"] for e in records["journal"]] == ["alice's own words"]
    assert "bob" not in json.dumps(records)


def test_a_wrong_phrase_or_password_keeps_everything(
    client: TestClient, add_account: Callable[..., Account], web_store: Store
) -> None:
    alice = add_account("alice")
    _write(web_store, alice, "kept")
    login(client, "alice")
    response = _erase(client, PASSWORD, "delete")
    assert response.status_code == 422
    assert Page(response.text).one("p", id="erase-error").text == messages.ERASE_NOT_CONFIRMED
    response = _erase(client, "not my password", "erase my data")
    assert response.status_code == 422
    assert client.get("/journal").status_code == 200
    with web_store.unit_of_work(alice.person_id) as uow:
        assert [e.text for e in uow.journal.list()] == ["kept"]


def test_erasing_signs_out_ends_the_link_and_the_sign_in(
    client: TestClient, web_store: Store, fast_hashing: None
) -> None:
    alice, _ = linked_pair(web_store, clock.NOW)
    _write(web_store, alice, "gone for good")
    login(client, "alice")
    response = _erase(client, PASSWORD, "Erase my data")
    assert response.status_code == 200
    assert Page(response.text).one("p", id="erased").text == messages.ERASED_WEB
    assert SESSION_COOKIE in response.headers.get("set-cookie", "")
    client.cookies.clear()
    assert login(client, "alice").status_code != 303  # no such account any more
    login(client, "terry")
    caseload = client.get("/therapist").text
    assert "alice" not in caseload
