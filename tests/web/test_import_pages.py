"""More → Import: choose a file, see what it holds, then "Import"; CSRF, size, damage."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from midweek import messages
from midweek.domain.accounts import Account
from midweek.storage import Store
from midweek.web.security import CSRF_FIELD

from .conftest import Page, login

DATA = Path(__file__).resolve().parents[1] / "data" / "import"


def _counts(store: Store, account: Account) -> tuple[int, int]:
    with store.unit_of_work(account.person_id) as uow:
        return uow.journal.count(), len(uow.checkins.list())


def _preview(client: TestClient, fmt: str, name: str, body: bytes | None = None):  # type: ignore[no-untyped-def]
    token = Page(client.get("/import").text).csrf()
    content = body if body is not None else (DATA / name).read_bytes()
    return client.post(
        "/import/preview",
        data={"format": fmt, CSRF_FIELD: token},
        files={"file": (name, content, "application/octet-stream")},
    )


def _import(client: TestClient, page: Page):  # type: ignore[no-untyped-def]
    return client.post("/import", data={CSRF_FIELD: page.csrf()})


def test_the_page_is_in_the_more_menu_for_a_client(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    login(client, "alice")
    more = Page(client.get("/more").text)
    assert more.find("a", href="/import")
    page = Page(client.get("/import").text)
    form = page.one("form", action="/import/preview")
    assert form.attrs["enctype"] == "multipart/form-data"
    assert page.find("input", name=CSRF_FIELD)
    assert [o.attrs["value"] for o in page.find("option")] == [
        "jrnl",
        "dayone",
        "daylio",
        "freecbt",
    ]


def test_preview_then_import_then_again_nothing_twice(
    client: TestClient, add_account: Callable[..., Account], web_store: Store
) -> None:
    alice = add_account("alice")
    login(client, "alice")
    response = _preview(client, "daylio", "daylio.csv")
    assert response.status_code == 200
    page = Page(response.text)
    assert "Ready to import 2 journal entries, 4 mood check-ins." in page.one("h2").text
    assert len(page.find("li")) >= 5
    assert _counts(web_store, alice) == (0, 0)  # a preview writes nothing
    done = _import(client, page)
    assert done.status_code == 200
    assert (
        "Imported 2 journal entries, 4 mood check-ins."
        in Page(done.text).one(id="import-done").text
    )
    assert _counts(web_store, alice) == (2, 4)
    # The staged file is gone: a second press finds nothing waiting.
    again = _import(client, page)
    assert again.status_code == 422 and messages.IMPORT_NOTHING_STAGED[:30] in again.text
    # The same file uploaded again holds nothing new, and offers no Import button.
    second = Page(_preview(client, "daylio", "daylio.csv").text)
    assert second.one("h2").text == messages.IMPORT_NOTHING_NEW
    assert not second.find("button", id="import-submit")
    assert second.one(id="import-duplicates")
    assert _counts(web_store, alice) == (2, 4)


def test_day_one_preview_counts_photos(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    login(client, "alice")
    page = Page(_preview(client, "dayone", "dayone.zip").text)
    assert "2 photos were left out" in page.one(id="import-photos").text


def test_a_damaged_file_is_refused_with_one_sentence_and_nothing_kept(
    client: TestClient, add_account: Callable[..., Account], web_store: Store
) -> None:
    alice = add_account("alice")
    login(client, "alice")
    response = _preview(client, "jrnl", "broken.json", b'{"entries": [')
    assert response.status_code == 422
    error = Page(response.text).one(id="import-error").text
    assert error == "This file is not a jrnl export: its JSON is damaged."
    assert _import(client, Page(client.get("/import").text)).status_code == 422
    assert _counts(web_store, alice) == (0, 0)


def test_a_file_over_the_limit_is_refused(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    login(client, "alice")
    response = _preview(client, "jrnl", "big.txt", b"x" * (20 * 1024 * 1024 + 1))
    assert response.status_code == 413
    assert messages.WEB_IMPORT_TOO_LARGE in Page(response.text).one(id="import-error").text


def test_without_the_csrf_token_nothing_happens(
    client: TestClient, add_account: Callable[..., Account], web_store: Store
) -> None:
    alice = add_account("alice")
    login(client, "alice")
    response = client.post(
        "/import/preview",
        data={"format": "jrnl"},
        files={"file": ("jrnl.txt", (DATA / "jrnl.txt").read_bytes(), "text/plain")},
    )
    assert response.status_code == 403
    assert client.post("/import").status_code == 403
    assert _counts(web_store, alice) == (0, 0)


def test_a_therapist_or_nobody_cannot_use_it(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    assert client.get("/import", follow_redirects=False).status_code in (303, 401)
    add_account("terry", "therapist")
    login(client, "terry")
    assert client.get("/import").status_code in (403, 404)


def test_each_person_imports_into_their_own_data(
    client: TestClient, add_account: Callable[..., Account], web_store: Store
) -> None:
    alice = add_account("alice")
    bob = add_account("bob")
    login(client, "alice")
    _import(client, Page(_preview(client, "jrnl", "jrnl.txt").text))
    client.cookies.clear()
    login(client, "bob")
    # Bob's import of the same file is not a duplicate of Alice's: the keys differ.
    page = Page(_preview(client, "jrnl", "jrnl.txt").text)
    assert "Ready to import 3 journal entries." in page.one("h2").text
    _import(client, page)
    assert _counts(web_store, alice) == (3, 0) and _counts(web_store, bob) == (3, 0)


def test_an_imported_thought_record_shows_like_one_filled_here(
    client: TestClient, add_account: Callable[..., Account], web_store: Store
) -> None:
    alice = add_account("alice")
    login(client, "alice")
    _import(client, Page(_preview(client, "freecbt", "freecbt.json").text))
    with web_store.unit_of_work(alice.person_id) as uow:
        log = min(uow.practice.list(), key=lambda p: p.at)
    response = client.get(f"/worksheets/{log.id}")
    assert response.status_code == 200
    page = Page(response.text)
    assert "Everyone at the meeting thought my idea was stupid." in response.text
    assert messages.WEB_WORKSHEET_EMPTY in response.text  # no situation in FreeCBT
    assert page.one("h1").text


def test_choose_another_file_forgets_the_one_waiting(
    client: TestClient, add_account: Callable[..., Account], web_store: Store
) -> None:
    alice = add_account("alice")
    login(client, "alice")
    page = Page(_preview(client, "jrnl", "jrnl.txt").text)
    with web_store.unit_of_work(alice.person_id) as uow:
        assert uow.drafts.get_kind("import") is not None  # kept, encrypted, for "Import"
    cancel = client.post("/import/cancel", data={CSRF_FIELD: page.csrf()}, follow_redirects=False)
    assert cancel.status_code == 303 and cancel.headers["location"] == "/import"
    with web_store.unit_of_work(alice.person_id) as uow:
        assert uow.drafts.get_kind("import") is None
    assert _import(client, page).status_code == 422
    assert _counts(web_store, alice) == (0, 0)
