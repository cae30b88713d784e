"""Settings: change the password (this sign-in stays, others end) and personal access tokens
(made and shown once, listed with their dates, revoked; other people's ids 404)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import clock
from midweek import messages
from midweek.config import load_settings
from midweek.domain.accounts import Account, token_digest
from midweek.services import accounts as acc
from midweek.services import tokens
from midweek.storage import Store
from midweek.web.app import create_app
from midweek.web.security import CSRF_FIELD
from personas import PASSWORD

from .conftest import Element, Page, login

NEW = "violet kettle on a quiet hill"
HTML = {"Accept": "text/html"}


def _token_rows(page: Page) -> list[Element]:
    return [r for r in page.find("tr") if r.attrs.get("id", "").startswith("token-")]


def _settings(client: TestClient) -> Page:
    response = client.get("/settings")
    assert response.status_code == 200
    return Page(response.text)


def test_settings_needs_a_sign_in(client: TestClient) -> None:
    response = client.get("/settings", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"


def test_both_roles_have_settings(client: TestClient, add_account: Callable[..., Account]) -> None:
    add_account("terry", "therapist")
    login(client, "terry")
    page = _settings(client)
    assert page.one("h1").text == messages.SETTINGS_TITLE
    assert messages.API_TOKENS_NONE in [p.text for p in page.find("p")]


def test_change_password_keeps_this_session_and_ends_others(
    client: TestClient, add_account: Callable[..., Account], web_store: Store
) -> None:
    add_account("alice")
    other = acc.login(web_store.unit_of_work(), "alice", PASSWORD, address="x", now=_now())
    login(client, "alice")
    page = _settings(client)
    response = client.post(
        "/settings/password",
        data={
            "current_password": PASSWORD,
            "new_password": NEW,
            "new_password_again": NEW,
            CSRF_FIELD: page.csrf(),
        },
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/settings?done=password"
    done = Page(client.get(response.headers["location"]).text)  # still signed in here
    assert done.one("p", cls="notice").text == messages.SETTINGS_PASSWORD_CHANGED
    with web_store.unit_of_work() as uow:
        session = uow.web_sessions.get(token_digest(other.token))
        assert session is not None and session.ended_at is not None
    client.post("/logout", data={CSRF_FIELD: done.csrf()})
    assert login(client, "alice", NEW).status_code == 303
    client.cookies.clear()
    assert login(client, "alice", PASSWORD).status_code == 400


def test_password_mistakes_are_shown_beside_the_form(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    login(client, "alice")
    cases = [
        ({"current_password": "wrong guess here", "new_password": NEW}, "not right"),
        ({"current_password": PASSWORD, "new_password": "short"}, None),
    ]
    for fields, words in cases:
        page = _settings(client)
        response = client.post(
            "/settings/password",
            data={**fields, "new_password_again": fields["new_password"], CSRF_FIELD: page.csrf()},
        )
        assert response.status_code == 422
        error = Page(response.text).one("p", cls="form-error").text
        assert error and (words is None or words in error)
    page = _settings(client)
    response = client.post(
        "/settings/password",
        data={
            "current_password": PASSWORD,
            "new_password": NEW,
            "new_password_again": NEW + " x",
            CSRF_FIELD: page.csrf(),
        },
    )
    assert response.status_code == 422
    assert Page(response.text).one("p", cls="form-error").text == messages.SETTINGS_PASSWORDS_DIFFER
    # Nothing changed: the old password still signs in.
    client.cookies.clear()
    assert login(client, "alice", PASSWORD).status_code == 303


def test_make_use_list_and_revoke_a_token(
    client: TestClient, add_account: Callable[..., Account], web_store: Store
) -> None:
    alice = add_account("alice")
    login(client, "alice")
    page = _settings(client)
    made = client.post("/settings/tokens", data={"name": "phone shortcut", CSRF_FIELD: page.csrf()})
    assert made.status_code == 200
    shown = Page(made.text)
    assert shown.one("p", cls="notice").text == messages.API_TOKEN_CREATED
    plaintext = shown.one("input", id="new-token").attrs["value"]
    assert plaintext.startswith("mwk_")
    # Shown once: the next visit lists the name and dates only.
    later = client.get("/settings")
    assert plaintext not in later.text
    [row] = _token_rows(Page(later.text))
    assert "phone shortcut" in row.text and messages.SETTINGS_NEVER_USED in row.text
    # The token works on the API, and then shows when it was used.
    api = client.get("/api/v1/me", headers={"Authorization": f"Bearer {plaintext}"})
    assert api.json()["username"] == "alice"
    [row] = _token_rows(_settings(client))
    assert messages.SETTINGS_NEVER_USED not in row.text
    token_id = row.attrs["id"].removeprefix("token-")
    page = _settings(client)
    revoked = client.post(
        f"/settings/tokens/{token_id}/revoke",
        data={CSRF_FIELD: page.csrf()},
        follow_redirects=False,
    )
    assert revoked.status_code == 303
    after = Page(client.get(revoked.headers["location"]).text)
    assert after.one("p", cls="notice").text == messages.API_TOKEN_REVOKED
    assert _token_rows(after) == []
    assert tokens.list_tokens(web_store.unit_of_work(), alice, now=clock.NOW) == []
    client.cookies.clear()
    refused = client.get("/api/v1/me", headers={"Authorization": f"Bearer {plaintext}"})
    assert refused.status_code == 401


def test_a_token_needs_a_name(client: TestClient, add_account: Callable[..., Account]) -> None:
    add_account("alice")
    login(client, "alice")
    page = _settings(client)
    response = client.post("/settings/tokens", data={"name": "  ", CSRF_FIELD: page.csrf()})
    assert response.status_code == 422
    assert "empty" in Page(response.text).one("p", cls="form-error").text
    assert "mwk_" not in response.text


def test_forms_need_the_csrf_token(client: TestClient, add_account: Callable[..., Account]) -> None:
    add_account("alice")
    login(client, "alice")
    for path, data in (
        ("/settings/tokens", {"name": "x"}),
        ("/settings/password", {"current_password": PASSWORD, "new_password": NEW}),
    ):
        assert client.post(path, data=data, headers=HTML).status_code == 403


def test_another_persons_token_is_404(
    client: TestClient, add_account: Callable[..., Account], web_store: Store
) -> None:
    alice = add_account("alice")
    add_account("bob")
    plaintext, token = tokens.create_token(web_store.unit_of_work(), alice, "alice's", now=_now())
    login(client, "bob")
    page = _settings(client)
    assert "alice's" not in client.get("/settings").text
    response = client.post(
        f"/settings/tokens/{token.id}/revoke", data={CSRF_FIELD: page.csrf()}, headers=HTML
    )
    assert response.status_code == 404 and "alice's" not in response.text
    assert [t.name for t in tokens.list_tokens(web_store.unit_of_work(), alice, now=clock.NOW)] == [
        "alice's"
    ]
    client.cookies.clear()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {plaintext}"}).is_success


def _now() -> datetime:
    return clock.NOW


def test_a_client_chooses_the_country_of_the_crisis_lines(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    login(client, "alice")
    before = Page(client.get("/crisis").text)
    assert messages.crisis_lines("INTL") in before.one("main").text
    # Before a choice, the crisis page asks (after the lines, never instead of them).
    assert before.one("form", id="country-question")
    token = _settings(client).csrf()
    bad = client.post("/settings/country", data={"country": "Narnia", CSRF_FIELD: token})
    assert bad.status_code == 422
    assert Page(bad.text).one(id="country-error").text == messages.COUNTRY_BAD
    saved = client.post(
        "/settings/country", data={"country": "nz", CSRF_FIELD: token}, follow_redirects=False
    )
    assert saved.status_code == 303 and saved.headers["location"] == "/settings?done=country"
    page = _settings(client)
    assert page.one("select", id="country") and [
        o.attrs["value"] for o in page.find("option", selected="") if o.attrs["value"].isalpha()
    ] == ["NZ"]
    after = Page(client.get("/crisis").text)
    assert after.find(id="choose-country") == []
    crisis = after.one("main").text
    assert messages.crisis_lines("NZ") in crisis
    assert messages.crisis_emergency("111") in crisis


def test_the_servers_country_wins_and_therapists_have_no_choice(
    web_store: Store, add_account: Callable[..., Account], tmp_path: Path
) -> None:
    settings = load_settings(
        {
            "MIDWEEK_DATA_DIR": str(tmp_path / "data"),
            "MIDWEEK_KEY_FILE": str(tmp_path / "keys" / "midweek.key"),
            "MIDWEEK_COUNTRY": "IE",
        }
    )
    add_account("alice")
    add_account("terry", "therapist")
    with TestClient(create_app(settings, store=web_store, clock=clock.now)) as c:
        login(c, "alice")
        page = _settings(c)
        assert page.find("select", name="country") == []
        assert page.one(id="country-fixed").text == messages.settings_country_fixed("IE")
        login(c, "terry")
        assert _settings(c).find(id="country-heading") == []


def test_a_token_made_in_settings_lasts_the_days_chosen_and_shows_its_expiry(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    login(client, "alice")
    page = _settings(client)
    page.one("select", id="token-days")
    offered = [o.attrs["value"] for o in page.find("option") if o.attrs["value"].isdigit()]
    assert offered == ["7", "30", "90", "365"]
    made = client.post(
        "/settings/tokens", data={"name": "week", "days": "7", CSRF_FIELD: page.csrf()}
    )
    assert made.status_code == 200
    listed = _settings(client)
    [row] = _token_rows(listed)
    assert "week" in row.text and messages.SETTINGS_NEVER_USED in row.text
    made_on, expires = (datetime.fromisoformat(t.attrs["datetime"]) for t in listed.find("time"))
    assert expires - made_on == timedelta(days=7)


@pytest.mark.parametrize("days", ["0", "91", "forever", "-7"])
def test_a_lifetime_that_is_not_offered_is_refused(
    client: TestClient, add_account: Callable[..., Account], days: str
) -> None:
    add_account("alice")
    login(client, "alice")
    page = _settings(client)
    refused = client.post(
        "/settings/tokens", data={"name": "x", "days": days, CSRF_FIELD: page.csrf()}
    )
    assert refused.status_code == 422
    assert "7, 30, 90, 365" in Page(refused.text).one("p", cls="form-error").text
    assert "mwk_" not in refused.text and _token_rows(_settings(client)) == []


def test_countries_are_offered_by_name_with_their_code() -> None:
    from midweek.services.library import crisis_resources

    assert messages.settings_country_option("GB") == "United Kingdom (GB)"
    assert messages.settings_country_option("XZ") == "XZ"  # a practice's own, unnamed
    for code in ("US", "GB", "DE", "IE", "CA", "AU", "NZ"):  # every shipped country
        assert crisis_resources(code).country == code
        assert messages.settings_country_option(code) != code


def _installation(page: Page) -> dict[str, str]:
    """About this installation: setting -> its value and source, as the page says them."""
    start = page.elements.index(page.one("section", cls="installation"))
    terms = [e for e in page.elements[start:] if e.tag in {"dt", "dd"}]
    return {dt.text: dd.text for dt, dd in zip(terms[::2], terms[1::2], strict=True)}


def test_everyone_signed_in_sees_the_installation_read_only_without_anything_private(
    web_store: Store, add_account: Callable[..., Account], tmp_path: Path
) -> None:
    from midweek.config import SETTINGS

    secret = "a-secret-no-page-should-show-0123456789"
    settings = load_settings(
        {
            "MIDWEEK_DATA_DIR": str(tmp_path / "data"),
            "MIDWEEK_KEY_FILE": str(tmp_path / "keys" / "midweek.key"),
            "MIDWEEK_DATABASE_URL": "postgresql://mw:hunter2-hunter2@db.internal/mw",
            "MIDWEEK_SECRET_KEY": secret,
            "MIDWEEK_TRUSTED_PROXIES": "10.9.8.7",
            "MIDWEEK_COUNTRY": "IE",
        }
    )
    add_account("alice")
    add_account("terry", "therapist")
    with TestClient(create_app(settings, store=web_store, clock=clock.now)) as c:
        for name in ("alice", "terry"):
            login(c, name)
            response = c.get("/settings")
            page = Page(response.text)
            assert (
                page.one(id="installation-heading").text == messages.SETTINGS_INSTALLATION_HEADING
            )
            listed = _installation(page)
            assert list(listed) == [s.env for s in SETTINGS]
            hidden = f"{messages.SETTING_HIDDEN} ({messages.SETTING_SOURCES['environment']})"
            assert listed["MIDWEEK_COUNTRY"] == "IE (set in the environment)"
            assert listed["MIDWEEK_BUSY_TIMEOUT_MS"] == "5000 (the default)"
            assert listed["MIDWEEK_SECRET_KEY"] == hidden
            assert listed["MIDWEEK_DATABASE_URL"] == hidden
            assert listed["MIDWEEK_TRUSTED_PROXIES"] == hidden
            assert listed["MIDWEEK_DATA_DIR"] == hidden
            assert listed["MIDWEEK_CRISIS_CONTACTS_FILE"] == "not set (the default)"
            for private in (secret, "hunter2", "db.internal", "10.9.8.7", str(tmp_path)):
                assert private not in response.text, (name, private)
    # Read only: nothing in the section can be sent.
    assert "<form" not in response.text.split('class="installation"', 1)[1]
