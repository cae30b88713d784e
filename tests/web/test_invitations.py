"""Invitations for new people: labelled, revocable codes; /join makes a new client's own
account with a code (in a POST body, never an address); display names on the caseload and
sharing pages; one answer for "not yours" and "does not exist"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from fastapi.testclient import TestClient

import clock
from midweek import messages
from midweek.domain.accounts import Account
from midweek.services import care_links
from midweek.storage import Store
from midweek.storage import tables as t
from midweek.web.security import CSRF_FIELD, SESSION_COOKIE

from .conftest import Page, login, without_keys

NEW_PASSWORD = "amber kettle under seven lanterns"


def _now() -> datetime:
    return clock.NOW


def _as(client: TestClient, name: str) -> str:
    client.cookies.clear()
    assert login(client, name).status_code == 303
    return Page(client.get("/crisis").text).csrf()


def _anonymous(client: TestClient) -> str:
    client.cookies.clear()
    return Page(client.get("/join").text).csrf()


def _post(client: TestClient, path: str, token: str, **data: object):  # type: ignore[no-untyped-def]
    return client.post(path, data={CSRF_FIELD: token, **data}, follow_redirects=False)


def _make_code(client: TestClient, therapist: str, label: str = "") -> tuple[str, Page]:
    token = _as(client, therapist)
    made = _post(client, "/therapist/invite", token, label=label)
    assert made.status_code == 200, made.text
    page = Page(made.text)
    return page.one(id="invite-code").text, page


def _join(client: TestClient, code: str, **fields: str):  # type: ignore[no-untyped-def]
    token = _anonymous(client)
    data = {"code": code, "name": "Jo B.", "username": "jo-b", "password": NEW_PASSWORD, **fields}
    return _post(client, "/join", token, **data)


def _accounts(store: Store) -> list[Account]:
    with store.unit_of_work() as uow:
        return uow.accounts.list()


@pytest.fixture
def tan(add_account: Callable[..., Account]) -> Account:
    return add_account("dr-tan", "therapist")


# --- labelled, revocable codes ---------------------------------------------------------------


def test_a_labelled_code_is_listed_with_its_label_which_is_stored_sealed(
    client: TestClient, web_store: Store, tan: Account
) -> None:
    _, page = _make_code(client, "dr-tan", label="for J., Tuesday group")
    assert page.one("p", cls="invite-label").text == "for J., Tuesday group"
    [listed] = page.find("li", cls="open-invitation")
    assert "for J., Tuesday group" in listed.text
    revoke = page.find("button", cls="quiet-button")[-1]
    assert revoke.text == messages.WEB_T_INVITE_WITHDRAW
    with web_store.unit_of_work():
        rows = web_store.db.execute(t.InviteLabelRow.select()).fetchall()
    assert len(rows) == 1 and b"Tuesday" not in bytes(rows[0][1])
    # Unlabelled codes say so.
    token = _as(client, "dr-tan")
    again = Page(_post(client, "/therapist/invite", token).text)
    labels = [e.text for e in again.find("span", cls="invite-label")]
    assert labels == ["for J., Tuesday group", messages.WEB_T_INVITE_UNLABELLED]


def test_a_label_too_long_is_refused_and_no_code_is_made(
    client: TestClient, web_store: Store, tan: Account
) -> None:
    token = _as(client, "dr-tan")
    response = _post(client, "/therapist/invite", token, label="x" * 81)
    assert response.status_code == 422
    page = Page(response.text)
    assert page.one(id="label-error").text == messages.name_too_long(care_links.NAME_LIMIT)
    assert page.find(id="invite-code") == [] and page.find("li", cls="open-invitation") == []


def test_a_revoked_code_no_longer_works_and_another_therapist_cannot_revoke_it(
    client: TestClient, web_store: Store, tan: Account, add_account: Callable[..., Account]
) -> None:
    add_account("dr-lee", "therapist")
    code, page = _make_code(client, "dr-tan", label="for J.")
    link_id = page.one("li", cls="open-invitation").attrs["data-link"]
    # Not yours and does not exist: one answer.
    token = _as(client, "dr-lee")
    theirs = _post(client, f"/therapist/invite/{link_id}/withdraw", token)
    missing = _post(client, "/therapist/invite/999999/withdraw", token)
    assert theirs.status_code == missing.status_code == 404
    assert without_keys(theirs.text) == without_keys(missing.text)
    token = _as(client, "dr-tan")
    assert _post(client, f"/therapist/invite/{link_id}/withdraw", token).status_code == 303
    listed = Page(client.get("/therapist/invite").text)
    assert listed.find("li", cls="open-invitation") == []
    with web_store.unit_of_work():
        assert web_store.db.execute(t.InviteLabelRow.select()).fetchall() == []
    refused = _join(client, code)
    assert refused.status_code == 422
    assert Page(refused.text).one(id="join-error").text == messages.INVITE_CODE_UNKNOWN


# --- joining with a code -----------------------------------------------------------------------


def test_someone_new_joins_with_a_code_is_signed_in_and_on_the_caseload_by_name(
    client: TestClient, web_store: Store, tan: Account
) -> None:
    code, _ = _make_code(client, "dr-tan", label="for Jo")
    form = Page(client.get("/join").text).one("form", cls="join-form")
    assert form.attrs["method"] == "post" and form.attrs["action"] == "/join"
    joined = _join(client, code.lower().replace("-", " "), kind="practice")
    assert joined.status_code == 303, joined.text
    assert joined.headers["location"] in ("/", "/country")
    assert client.cookies.get(SESSION_COOKIE)
    jo = next(a for a in _accounts(web_store) if a.username == "jo-b")
    assert jo.role.value == "client" and jo.person_id is not None
    # Connected with the therapist, sharing what was ticked; the code's note is gone.
    [view] = care_links.client_links(web_store.unit_of_work(), jo.person_id)
    assert view.therapist_name == "dr-tan"
    with web_store.unit_of_work():
        assert web_store.db.execute(t.InviteLabelRow.select()).fetchall() == []
    _as(client, "dr-tan")
    caseload = Page(client.get("/therapist").text)
    assert [e.text for e in caseload.find("a", cls="client-name")] == ["Jo B."]
    assert "jo-b" not in [e.text for e in caseload.find("a", cls="client-name")]
    # The code worked once.
    assert _join(client, code, username="jo-b2").status_code == 422


def test_the_same_join_form_sent_twice_signs_in_once_made(
    client: TestClient, web_store: Store, tan: Account
) -> None:
    code, _ = _make_code(client, "dr-tan")
    token = _anonymous(client)
    form = {"code": code, "name": "Jo B.", "username": "jo-b", "password": NEW_PASSWORD}
    # The browser sends the second before the first answer arrives: with the same cookies.
    before = dict(client.cookies.items())
    first = _post(client, "/join", token, **form)
    client.cookies.clear()
    for name, value in before.items():
        client.cookies.set(name, value)
    second = _post(client, "/join", token, **form)
    assert first.status_code == second.status_code == 303
    assert second.headers["location"] == first.headers["location"]
    assert client.cookies.get(SESSION_COOKIE)
    assert [a.username for a in _accounts(web_store)].count("jo-b") == 1
    # Someone else's password for the new name gets the plain refusal, never a session.
    client.cookies.clear()
    token = _anonymous(client)
    other = _post(client, "/join", token, **{**form, "password": "quite another phrase here"})
    assert other.status_code == 422
    assert Page(other.text).one(id="join-error").text == messages.INVITE_CODE_UNKNOWN
    assert SESSION_COOKIE not in other.headers.get("set-cookie", "")


@pytest.mark.parametrize(
    ("fields", "status", "sentence"),
    [
        ({"code": "NOPE-12345"}, 422, messages.INVITE_CODE_UNKNOWN),
        ({"password": "short"}, 422, messages.PASSWORD_PROBLEMS["too-short"]),
        ({"password": "ilovemydog123"}, 422, messages.PASSWORD_PROBLEMS["guessable"]),
        ({"username": "dr-tan"}, 409, messages.USERNAME_TAKEN.format(name="dr-tan")),
        ({"name": "x" * 81}, 422, messages.name_too_long(care_links.NAME_LIMIT)),
    ],
)
def test_joining_refuses_with_one_sentence_and_writes_nothing(
    client: TestClient,
    web_store: Store,
    tan: Account,
    fields: dict[str, str],
    status: int,
    sentence: str,
) -> None:
    code, _ = _make_code(client, "dr-tan")
    before = len(_accounts(web_store))
    refused = _join(client, **{"code": code, **fields})
    assert refused.status_code == status
    page = Page(refused.text)
    assert page.one(id="join-error").text == sentence
    assert 'value="' + NEW_PASSWORD not in refused.text  # the password is never echoed
    assert len(_accounts(web_store)) == before
    assert SESSION_COOKIE not in refused.headers.get("set-cookie", "")
    # Nothing was used up: the right details still work with the same code.
    assert _join(client, code).status_code == 303


def test_codes_never_travel_in_an_address(
    client: TestClient, web_store: Store, tan: Account, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    code, _ = _make_code(client, "dr-tan")
    token = _as(client, "alice")
    sharing_page = Page(client.get("/sharing").text)
    form = sharing_page.one("form", cls="code-form")
    assert form.attrs["method"] == "post" and form.attrs["action"] == "/sharing/invite"
    old_link = client.get("/sharing/invite", params={"code": code}, follow_redirects=False)
    assert old_link.status_code == 303 and old_link.headers["location"] == "/sharing"
    shown = _post(client, "/sharing/invite", token, code=code)
    assert shown.status_code == 200
    assert Page(shown.text).one(id="invited-by").text == messages.web_s_invited_by("dr-tan")
    for form in Page(client.get("/join").text).find("form"):
        assert form.attrs.get("method") == "post"


# --- display names -----------------------------------------------------------------------------


def test_display_names_are_set_in_settings_and_shown_instead_of_usernames(
    client: TestClient, web_store: Store, tan: Account, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    code = care_links.invite(web_store.unit_of_work(), tan, now=_now()).code
    care_links.accept_invite(web_store.unit_of_work(), alice, code, now=_now())
    token = _as(client, "dr-tan")
    saved = _post(client, "/settings/display-name", token, display_name="  Dr  Mei Tan ")
    assert saved.status_code == 303
    settings = Page(client.get(saved.headers["location"]).text)
    assert settings.one("input", id="display-name").attrs["value"] == "Dr Mei Tan"
    token = _as(client, "alice")
    assert _post(client, "/settings/display-name", token, display_name="Alice W.").is_redirect
    mine = Page(client.get("/sharing").text)
    assert mine.one("section", cls="link-sharing").attrs["data-therapist"] == "Dr Mei Tan"
    _as(client, "dr-tan")
    assert [e.text for e in Page(client.get("/therapist").text).find("a", cls="client-name")] == [
        "Alice W."
    ]
    # Empty: shown by the username again. Too long: one sentence, nothing changed.
    token = _as(client, "alice")
    assert _post(client, "/settings/display-name", token, display_name="").is_redirect
    too_long = _post(client, "/settings/display-name", token, display_name="y" * 81)
    assert too_long.status_code == 422
    assert Page(too_long.text).one(id="name-error").text == messages.name_too_long(
        care_links.NAME_LIMIT
    )
    _as(client, "dr-tan")
    names = [e.text for e in Page(client.get("/therapist").text).find("a", cls="client-name")]
    assert names == ["alice"]
    with web_store.unit_of_work():
        rows = web_store.db.execute(t.DisplayNameRow.select()).fetchall()
    assert len(rows) == 1 and b"Mei" not in bytes(rows[0][1])


# --- one answer for "not yours" and "does not exist" ---------------------------------------


def test_a_client_not_yours_and_an_id_that_does_not_exist_answer_alike(
    client: TestClient, web_store: Store, tan: Account, add_account: Callable[..., Account]
) -> None:
    stranger = add_account("stranger")
    _as(client, "dr-tan")
    html = {"Accept": "text/html"}
    theirs = client.get(f"/therapist/clients/{stranger.person_id}", headers=html)
    missing = client.get("/therapist/clients/987654", headers=html)
    assert theirs.status_code == missing.status_code == 404
    assert without_keys(theirs.text) == without_keys(missing.text)
    assert messages.WEB_PAGE_NOT_FOUND in Page(theirs.text).one("main").text
    as_json = client.get(f"/therapist/clients/{stranger.person_id}")
    assert as_json.json()["detail"] == client.get("/therapist/clients/987654").json()["detail"]
    assert str(stranger.person_id) not in as_json.text
