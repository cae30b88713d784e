"""A person's own time on a server in another zone: the day they see, the zone they choose
(Settings, the API, their browser at sign-in), calendar times, and a therapist elsewhere."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar

from midweek import messages
from midweek.config import load_settings
from midweek.domain.accounts import Account
from midweek.services import homework, plan, therapy_sessions, zones
from midweek.storage import Store
from midweek.web.app import create_app
from midweek.web.security import CSRF_FIELD
from personas import PASSWORD, linked_pair

from .conftest import Page

# Monday 9 March 2026, 02:30 UTC — still Sunday evening, 8 March, in New York (EDT).
SPRING = datetime(2026, 3, 9, 2, 30, tzinfo=UTC)
# Thursday 8 January 2026, noon UTC: winter, New York is UTC-5.
WINTER = datetime(2026, 1, 8, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment  # the server's clock, in UTC


@pytest.fixture
def clock() -> Clock:
    return Clock(SPRING)


@pytest.fixture
def app_client(
    web_store: Store, fast_hashing: None, tmp_path: Path, clock: Clock
) -> Iterator[TestClient]:
    settings = load_settings(
        {
            "MIDWEEK_DATA_DIR": str(tmp_path / "data"),
            "MIDWEEK_KEY_FILE": str(tmp_path / "keys" / "midweek.key"),
        }
    )
    with TestClient(create_app(settings, store=web_store, clock=clock)) as c:
        yield c


def _sign_in(client: TestClient, name: str, time_zone: str | None = None) -> str:
    token = Page(client.get("/login").text).csrf()
    data = {"username": name, "password": PASSWORD, CSRF_FIELD: token}
    if time_zone is not None:
        data["time_zone"] = time_zone
    assert client.post("/login", data=data, follow_redirects=False).status_code == 303
    return Page(client.get("/settings").text).csrf()


def _today(client: TestClient) -> str:
    return Page(client.get("/").text).one("h1").text


def test_a_new_york_client_on_a_utc_server_sees_sunday_as_today(
    app_client: TestClient, add_account: Callable[..., Account], web_store: Store
) -> None:
    alice = add_account("alice")
    _sign_in(app_client, "alice")
    assert _today(app_client) == "Monday 9 March"  # no zone yet: the server's (UTC)
    assert alice.id is not None
    zones.set_account_zone(web_store.unit_of_work(), alice.id, "America/New_York")
    assert _today(app_client) == "Sunday 8 March"
    me = app_client.get("/api/v1/me").json()
    assert me["time_zone"] == "America/New_York" and me["today"] == "2026-03-08"


def test_the_browser_zone_is_taken_at_sign_in_only_when_none_is_set(
    app_client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    # The login page loads the small script that fills the hidden field (no inline script).
    page = Page(app_client.get("/login").text)
    assert page.one("script", src="/static/tz.js")
    assert page.one("input", name="time_zone", id="browser-time-zone").attrs["value"] == ""
    assert (
        "Intl.DateTimeFormat().resolvedOptions().timeZone" in app_client.get("/static/tz.js").text
    )
    _sign_in(app_client, "alice", time_zone="Nowhere/Atlantis")  # a bad guess is ignored
    assert app_client.get("/api/v1/me").json()["time_zone"] is None
    _sign_in(app_client, "alice", time_zone="America/New_York")
    assert app_client.get("/api/v1/me").json()["time_zone"] == "America/New_York"
    _sign_in(app_client, "alice", time_zone="Asia/Tokyo")  # a later browser changes nothing
    assert app_client.get("/api/v1/me").json()["time_zone"] == "America/New_York"


def test_settings_offers_zones_grouped_and_refuses_an_unknown_one(
    app_client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    token = _sign_in(app_client, "alice")
    # A token on the page: its dates are shown in the reader's zone once one is chosen.
    made = app_client.post("/settings/tokens", data={"name": "phone", CSRF_FIELD: token})
    assert made.status_code == 200
    page = Page(app_client.get("/settings").text)
    labels = [g.attrs["label"] for g in page.find("optgroup")]
    assert "America" in labels and "Europe" in labels
    assert page.find("option", value="Europe/London")
    bad = app_client.post(
        "/settings/time-zone", data={"time_zone": "Mars/Olympus", CSRF_FIELD: token}
    )
    assert bad.status_code == 422
    assert Page(bad.text).one("p", id="zone-error").text == (
        "I don't know the time zone “Mars/Olympus”; please give a name like "
        "Europe/London or America/New_York."
    )
    saved = app_client.post(
        "/settings/time-zone",
        data={"time_zone": "America/New_York", CSRF_FIELD: token},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    page = Page(app_client.get(saved.headers["location"]).text)
    assert page.one("p", cls="notice").text == messages.tz_saved("America/New_York")
    assert "selected" in page.one("option", value="America/New_York").attrs
    assert page.one("td", cls="token-expires").text  # shown in New York time
    assert _today(app_client) == "Sunday 8 March"


def test_the_api_shows_and_sets_the_zone(
    app_client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    token = _sign_in(app_client, "alice")
    headers = {"X-CSRF-Token": token}
    assert app_client.get("/api/v1/me").json()["today"] == "2026-03-09"
    bad = app_client.patch("/api/v1/me", json={"time_zone": "Mars/Olympus"}, headers=headers)
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")
    assert "Europe/London" in bad.json()["detail"]
    ok = app_client.patch("/api/v1/me", json={"time_zone": "america/new_york"}, headers=headers)
    assert ok.status_code == 200
    assert ok.json()["time_zone"] == "America/New_York" and ok.json()["today"] == "2026-03-08"
    back = app_client.patch("/api/v1/me", json={"time_zone": None}, headers=headers)
    assert back.json()["time_zone"] is None and back.json()["today"] == "2026-03-09"


def test_the_calendar_has_the_persons_local_times_in_utc(
    app_client: TestClient, add_account: Callable[..., Account], web_store: Store, clock: Clock
) -> None:
    clock.moment = WINTER
    alice = add_account("alice")
    assert alice.id is not None and alice.person_id is not None
    zones.set_account_zone(web_store.unit_of_work(), alice.id, "America/New_York")
    mine = web_store.unit_of_work(person_id=alice.person_id)
    plan.add_windows(mine, ["Mon 7:30-8am"], now=WINTER)
    homework.add_homework(
        web_store.unit_of_work(person_id=alice.person_id),
        title="Worry time",
        per_week=1,
        minutes=20,
        now=WINTER,
    )
    _sign_in(app_client, "alice")
    r = app_client.get("/plan.ics", params={"start": "2026-01-12"})
    assert r.status_code == 200, r.text
    assert "DTSTART:20260112T123000Z" in r.text  # Mon 07:30 in New York, in winter
    [event] = list(Calendar.from_ical(r.content).walk("VEVENT"))
    assert event.decoded("DTEND") == datetime(2026, 1, 12, 12, 50, tzinfo=UTC)


def test_a_therapist_sees_client_moments_in_their_own_zone(
    app_client: TestClient, web_store: Store, fast_hashing: None
) -> None:
    alice, terry = linked_pair(web_store, SPRING)
    assert alice.id is not None and terry.id is not None
    zones.set_account_zone(web_store.unit_of_work(), alice.id, "America/New_York")
    zones.set_account_zone(web_store.unit_of_work(), terry.id, "Europe/London")
    token = _sign_in(app_client, "terry")
    [row] = Page(app_client.get("/therapist").text).find("a", cls="client-name")
    base = row.attrs["href"]
    recorded = app_client.post(
        f"{base}/sessions",
        data={
            "day": "",
            "takeaways": "Small steps count.",
            "themes": "",
            # Typed by the therapist in London: 15:00 there (GMT until 29 March) is 15:00Z.
            "next_appointment": "Tuesday 3pm",
            CSRF_FIELD: token,
        },
        follow_redirects=False,
    )
    assert recorded.status_code == 303, recorded.text
    cell = Page(app_client.get("/therapist").text).one("td", cls="next")
    assert cell.text == f"Tue 10 Mar, 15:00 {messages.YOUR_TIME}"
    # The moment itself is one: 15:00Z, which Alice in New York (EDT since 8 March) has at 11:00.
    assert alice.person_id is not None
    [session] = therapy_sessions.list_sessions(web_store.unit_of_work(person_id=alice.person_id))
    assert session.next_appointment == datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
    assert f"{session.next_appointment.astimezone(ZoneInfo('America/New_York')):%H:%M}" == "11:00"
