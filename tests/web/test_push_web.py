"""Reminders on a device (Web Push) in the web app: the API that Settings' script uses
(subscribe, list, revoke; one human sentence for bad input; nobody sees another person's
subscription) and the Settings section that works without a script."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.push_receiver import Browser, b64url, unb64url

import clock
from midweek import messages
from midweek.config import load_settings
from midweek.domain.accounts import Account
from midweek.storage import Store
from midweek.web.app import create_app
from midweek.web.security import CSRF_FIELD

from .conftest import Page, login

API = "/api/v1/push"
PROBLEM = "application/problem+json"


def _headers(client: TestClient) -> dict[str, str]:
    return {"X-CSRF-Token": Page(client.get("/settings").text).csrf()}


def _body(endpoint: str = "https://push.example.org/wpush/v2/abc") -> dict[str, object]:
    b = Browser()
    return {
        "endpoint": endpoint,
        "expirationTime": None,
        "keys": {"p256dh": b.p256dh, "auth": b.auth},
    }


def _subscribe(client: TestClient, body: dict[str, object] | None = None) -> dict[str, object]:
    made = client.post(f"{API}/subscriptions", json=body or _body(), headers=_headers(client))
    assert made.status_code == 201, made.text
    return dict(made.json())


def test_the_public_key_is_a_p256_point_made_once_per_installation(
    client: TestClient, add_account: Callable[..., Account], tmp_path: Path
) -> None:
    add_account("alice")
    login(client, "alice")
    got = client.get(f"{API}/key").json()
    assert got["available"] is True
    raw = unb64url(got["public_key"])
    assert len(raw) == 65 and raw[0] == 4
    assert (tmp_path / "data" / "push-vapid-key.pem").stat().st_mode & 0o777 == 0o600
    assert client.get(f"{API}/key").json()["public_key"] == got["public_key"]


def test_subscribe_list_and_revoke(client: TestClient, add_account: Callable[..., Account]) -> None:
    add_account("alice")
    login(client, "alice")
    made = _subscribe(client)
    listed = client.get(f"{API}/subscriptions").json()
    assert [s["id"] for s in listed] == [made["id"]]
    assert listed[0]["endpoint"] == "https://push.example.org/wpush/v2/abc"
    gone = client.delete(f"{API}/subscriptions/{made['id']}", headers=_headers(client))
    assert gone.status_code == 204
    assert client.get(f"{API}/subscriptions").json() == []
    again = client.delete(f"{API}/subscriptions/{made['id']}", headers=_headers(client))
    assert again.status_code == 404 and again.headers["content-type"].startswith(PROBLEM)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"endpoint": "http://push.example.org/x"}, "endpoint"),
        ({"endpoint": "javascript:alert(1)"}, "endpoint"),
        ({"keys": {"p256dh": b64url(b"\x04" + b"1" * 10), "auth": b64url(b"a" * 16)}}, "p256dh"),
        ({"keys": {"p256dh": Browser().p256dh, "auth": b64url(b"short")}}, "auth"),
    ],
)
def test_a_bad_subscription_is_a_422_problem_naming_the_field_and_nothing_saved(
    client: TestClient,
    add_account: Callable[..., Account],
    change: dict[str, object],
    field: str,
) -> None:
    add_account("alice")
    login(client, "alice")
    sent = client.post(f"{API}/subscriptions", json=_body() | change, headers=_headers(client))
    assert sent.status_code == 422
    assert sent.headers["content-type"].startswith(PROBLEM)
    assert sent.json()["detail"] == messages.API_INVALID_REQUEST
    assert field in [e["loc"][-1] for e in sent.json()["errors"]]
    assert client.get(f"{API}/subscriptions").json() == []


def test_an_address_the_schema_allows_but_no_push_service_has_gets_its_own_sentence(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    login(client, "alice")
    body = _body("https://push.example.org:99999/x")
    sent = client.post(f"{API}/subscriptions", json=body, headers=_headers(client))
    assert sent.status_code == 422 and sent.json()["detail"] == messages.PUSH_BAD_ENDPOINT
    assert client.get(f"{API}/subscriptions").json() == []


def test_a_body_of_the_wrong_shape_is_a_422_naming_the_field(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    login(client, "alice")
    sent = client.post(
        f"{API}/subscriptions", json={"endpoint": "https://x.example/1"}, headers=_headers(client)
    )
    assert sent.status_code == 422 and sent.headers["content-type"].startswith(PROBLEM)
    assert ["body", "keys"] in [e["loc"] for e in sent.json()["errors"]]


def test_another_persons_subscription_is_never_seen_nor_revoked(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    add_account("bob")
    login(client, "alice")
    alices = _subscribe(client, _body("https://push.example.org/alice-only"))
    client.cookies.clear()
    login(client, "bob")
    assert client.get(f"{API}/subscriptions").json() == []
    page = Page(client.get("/settings").text)
    assert "alice-only" not in client.get("/settings").text
    tried = client.delete(f"{API}/subscriptions/{alices['id']}", headers=_headers(client))
    assert tried.status_code == 404
    form = client.post(
        f"/settings/push/{alices['id']}/delete",
        data={CSRF_FIELD: page.csrf()},
        follow_redirects=False,
    )
    assert form.status_code == 404
    client.cookies.clear()
    login(client, "alice")
    assert [s["id"] for s in client.get(f"{API}/subscriptions").json()] == [alices["id"]]


def test_a_therapist_has_no_reminders_to_subscribe_to(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("terry", "therapist")
    login(client, "terry")
    sent = client.post(f"{API}/subscriptions", json=_body(), headers=_headers(client))
    assert sent.status_code == 403
    assert Page(client.get("/settings").text).find(id="push") == []


def test_settings_lists_the_devices_and_stops_one_without_a_script(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    login(client, "alice")
    page = Page(client.get("/settings").text)
    assert page.one(id="push-heading").text == messages.PUSH_HEADING
    # Before the script runs (or without one): the plain sentence and the calendar instead.
    assert page.one(id="push-status").text == messages.PUSH_UNSUPPORTED
    assert page.one("a", id="push-calendar").attrs["href"] == "/plan#plan-ics"
    assert page.one(id="push-no-devices").text == messages.PUSH_NO_DEVICES
    made = _subscribe(client)
    page = Page(client.get("/settings").text)
    row = page.one(id=f"push-device-{made['id']}")
    assert "push.example.org" in row.text
    stopped = client.post(
        f"/settings/push/{made['id']}/delete",
        data={CSRF_FIELD: page.csrf(), "idempotency_key": "stop-1-aaaaaaaa"},
        follow_redirects=False,
    )
    assert stopped.status_code == 303
    after = Page(client.get(stopped.headers["location"]).text)
    assert messages.PUSH_DEVICE_STOPPED in [p.text for p in after.find("p")]
    assert client.get(f"{API}/subscriptions").json() == []


def test_the_practice_name_choice_is_kept(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    login(client, "alice")
    page = Page(client.get("/settings").text)
    assert "checked" not in page.one("input", id="push-titles").attrs
    client.post("/settings/push/titles", data={CSRF_FIELD: page.csrf(), "titles": "shown"})
    page = Page(client.get("/settings").text)
    assert "checked" in page.one("input", id="push-titles").attrs
    client.post("/settings/push/titles", data={CSRF_FIELD: page.csrf()})
    assert "checked" not in Page(client.get("/settings").text).one("input", id="push-titles").attrs


@pytest.fixture
def push_off(web_store: Store, fast_hashing: None, tmp_path: Path) -> Iterator[TestClient]:
    settings = load_settings(
        {
            "MIDWEEK_DATA_DIR": str(tmp_path / "data"),
            "MIDWEEK_KEY_FILE": str(tmp_path / "keys" / "midweek.key"),
            "MIDWEEK_PUSH": "0",
        }
    )
    with TestClient(create_app(settings, store=web_store, clock=clock.now)) as c:
        yield c


def test_a_server_without_push_says_so_and_offers_the_calendar(
    push_off: TestClient, add_account: Callable[..., Account], tmp_path: Path
) -> None:
    add_account("alice")
    login(push_off, "alice")
    page = Page(push_off.get("/settings").text)
    assert page.one(id="push-status").text == messages.PUSH_SERVER_OFF
    assert page.find("button", id="push-toggle") == []
    assert page.one("a", id="push-calendar")
    assert push_off.get(f"{API}/key").json() == {"available": False, "public_key": None}
    sent = push_off.post(f"{API}/subscriptions", json=_body(), headers=_headers(push_off))
    assert sent.status_code == 409 and sent.json()["detail"] == messages.PUSH_SERVER_OFF
    assert not (tmp_path / "data" / "push-vapid-key.pem").exists()


@pytest.fixture
def default_services(web_store: Store, fast_hashing: None, tmp_path: Path) -> Iterator[TestClient]:
    """A server configured as most are: MIDWEEK_PUSH_SERVICES unset (the browsers' own)."""
    settings = load_settings(
        {
            "MIDWEEK_DATA_DIR": str(tmp_path / "data"),
            "MIDWEEK_KEY_FILE": str(tmp_path / "keys" / "midweek.key"),
        }
    )
    with TestClient(create_app(settings, store=web_store, clock=clock.now)) as c:
        yield c


def test_only_an_address_on_a_browsers_push_service_is_kept(
    default_services: TestClient, add_account: Callable[..., Account]
) -> None:
    """The server will post to the address, so one on an internal host is refused (422)."""
    client = default_services
    add_account("alice")
    login(client, "alice")
    for internal in ("https://10.0.0.7/admin/reset", "https://push.example.org/wpush/1"):
        sent = client.post(f"{API}/subscriptions", json=_body(internal), headers=_headers(client))
        assert sent.status_code == 422, internal
        assert sent.json()["detail"] == messages.PUSH_UNKNOWN_SERVICE
    assert client.get(f"{API}/subscriptions").json() == []
    kept = _subscribe(client, _body("https://fcm.googleapis.com/fcm/send/dXJ1:APA91b"))
    assert kept["endpoint"] == "https://fcm.googleapis.com/fcm/send/dXJ1:APA91b"
