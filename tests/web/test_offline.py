"""Installable and offline, the server's side: the moment of a write that waited on the
phone (``Midweek-Written-At``), the manifest and its icons, the service worker's own
headers, the offline page, and what sign-out tells the browser to forget."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from starlette.requests import Request

import clock
from midweek import messages
from midweek.domain.accounts import Account
from midweek.domain.entities import Assignment, CheckinKind, TherapySession
from midweek.services import checkins, journal
from midweek.storage import Store
from midweek.web.offline import HONOURED_FOR, WRITTEN_AT_HEADER, written_at
from midweek.web.security import CSRF_FIELD

from .conftest import Page, login

NOW = datetime(2026, 12, 3, 9, 30, tzinfo=timezone(timedelta(hours=1)))


def _request(method: str, value: str | None) -> Request:
    headers = [] if value is None else [(WRITTEN_AT_HEADER.lower().encode(), value.encode())]
    return Request({"type": "http", "method": method, "path": "/", "headers": headers})


# --- the rule -----------------------------------------------------------------------------


def test_a_write_from_two_days_ago_keeps_its_moment() -> None:
    sent = (NOW - timedelta(days=2)).astimezone(timezone(timedelta(hours=-5)))
    moment = written_at(_request("POST", sent.isoformat()), NOW)
    assert moment == NOW - timedelta(days=2)
    assert moment.utcoffset() == NOW.utcoffset()  # told in the server's own zone


def test_a_utc_z_time_is_understood() -> None:
    moment = written_at(_request("POST", "2026-12-01T08:30:00Z"), NOW)
    assert moment == datetime(2026, 12, 1, 8, 30, tzinfo=UTC)


def test_exactly_seven_days_is_still_honoured_and_a_moment_more_is_not() -> None:
    week = NOW - HONOURED_FOR
    assert written_at(_request("POST", week.isoformat()), NOW) == week
    older = week - timedelta(seconds=1)
    assert written_at(_request("POST", older.isoformat()), NOW) == NOW


@pytest.mark.parametrize(
    "value",
    [
        (NOW - timedelta(days=8)).isoformat(),  # too old: that week has been and gone
        (NOW + timedelta(minutes=5)).isoformat(),  # the future
        "2026-12-02T09:30:00",  # no offset: could be any time at all
        "yesterday",
        "",
        "2026-13-45T99:99:99+01:00",
        "2026-12-02T09:30:00+01:00" + "0" * 60,  # absurdly long
    ],
)
def test_implausible_or_garbled_moments_mean_now(value: str) -> None:
    assert written_at(_request("POST", value), NOW) == NOW


def test_no_header_means_now() -> None:
    assert written_at(_request("POST", None), NOW) == NOW


def test_a_get_never_moves_the_clock() -> None:
    two_days = (NOW - timedelta(days=2)).isoformat()
    assert written_at(_request("GET", two_days), NOW) == NOW


# --- the three writes honour it -------------------------------------------------------------


def _now() -> datetime:
    return clock.NOW


def _signed_in(client: TestClient, name: str) -> str:
    assert login(client, name).status_code == 303
    return Page(client.get("/").text).csrf()


def _with_homework(web_store: Store, account: Account) -> int:
    uow = web_store.unit_of_work(person_id=account.person_id)
    start = _now().date() - timedelta(days=5)
    with uow:
        uow.sessions.add(TherapySession(date=start, takeaways=["Small steps count."]))
        a = uow.homework.add(
            Assignment(title="Slow breathing", per_week=3, minutes=10, start=start)
        )
        uow.commit()
    assert a.id is not None
    return a.id


def test_a_practice_logged_offline_keeps_the_moment_it_was_logged(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    aid = _with_homework(web_store, alice)
    token = _signed_in(client, "alice")
    then = (_now() - timedelta(days=2)).replace(microsecond=0)
    response = client.post(
        f"/practice/{aid}/log",
        data={"outcome": "partial", CSRF_FIELD: token},
        headers={WRITTEN_AT_HEADER: then.isoformat()},
        follow_redirects=False,
    )
    assert response.status_code == 303
    with web_store.unit_of_work(person_id=alice.person_id) as uow:
        logs = list(uow.practice.list(assignment_id=aid))
    assert len(logs) == 1 and logs[0].at == then


def test_a_practice_from_before_the_homework_began_is_refused_kindly(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    aid = _with_homework(web_store, alice)  # began five days ago
    token = _signed_in(client, "alice")
    response = client.post(
        f"/practice/{aid}/log",
        data={"outcome": "done", CSRF_FIELD: token},
        headers={WRITTEN_AT_HEADER: (_now() - timedelta(days=6)).isoformat()},
        follow_redirects=False,
    )
    assert response.status_code == 422  # the phone lets it go instead of sending it again
    with web_store.unit_of_work(person_id=alice.person_id) as uow:
        assert list(uow.practice.list(assignment_id=aid)) == []


def test_a_journal_entry_and_check_ins_written_offline_keep_their_moment(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    token = _signed_in(client, "alice")
    then = (_now() - timedelta(days=2, hours=3)).replace(microsecond=0)
    header = {WRITTEN_AT_HEADER: then.isoformat()}
    written = client.post(
        "/journal",
        data={"text": "Wrote this on the train.", CSRF_FIELD: token},
        headers=header,
        follow_redirects=False,
    )
    assert written.status_code == 303
    mood = client.post(
        "/checkin/mood",
        data={"mood": "6", CSRF_FIELD: token},
        headers=header,
        follow_redirects=False,
    )
    assert mood.status_code == 303
    answers = {f"item_{i}": "1" for i in range(1, 8)}
    gad = client.post(
        "/checkin/gad7", data={**answers, CSRF_FIELD: token}, headers=header, follow_redirects=False
    )
    assert gad.status_code == 303
    mine = lambda: web_store.unit_of_work(person_id=alice.person_id)  # noqa: E731
    (entry,) = journal.list_entries(mine())
    assert entry.written_at == then
    (checked,) = checkins.list_checkins(mine(), kind=CheckinKind.MOOD)
    assert checked.at == then
    (scored,) = checkins.list_checkins(mine(), kind=CheckinKind.GAD7)
    assert scored.at == then


def test_a_worksheet_filled_offline_keeps_its_moment_within_the_same_week_limit(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    token = _signed_in(client, "alice")
    then = (_now() - timedelta(days=2, hours=1)).replace(microsecond=0)
    before = _now()
    answers = {
        "field_situation": "On the bus home, thinking about the meeting.",
        "field_automatic_thought": "I said something silly.",
        "field_emotion": "embarrassed",
        "field_intensity_before": "60",
        CSRF_FIELD: token,
    }
    for moment in (then, before - timedelta(days=30)):
        filled = client.post(
            "/worksheets/fill/thought-record",
            data=answers,
            headers={WRITTEN_AT_HEADER: moment.isoformat()},
            follow_redirects=False,
        )
        assert filled.status_code == 303
    with web_store.unit_of_work(person_id=alice.person_id) as uow:
        logs = sorted(uow.practice.list(), key=lambda log: log.at)
    assert [log.worksheet for log in logs] == ["thought-record"] * 2
    assert logs[0].at == then  # two days ago: as filled
    assert logs[1].at >= before - timedelta(seconds=1)  # a month ago: too old, so now


def test_a_write_with_a_month_old_moment_happens_now(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    token = _signed_in(client, "alice")
    before = _now()
    client.post(
        "/checkin/mood",
        data={"mood": "4", CSRF_FIELD: token},
        headers={WRITTEN_AT_HEADER: (before - timedelta(days=30)).isoformat()},
        follow_redirects=False,
    )
    (checked,) = checkins.list_checkins(web_store.unit_of_work(person_id=alice.person_id))
    assert checked.at >= before - timedelta(seconds=1)


# --- installable ----------------------------------------------------------------------------


def test_the_manifest_makes_the_app_installable(client: TestClient) -> None:
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/manifest+json")
    data = json.loads(response.text)
    assert data["name"] == messages.WEB_APP_NAME and data["short_name"] == messages.WEB_TITLE
    assert data["start_url"] == "/" and data["scope"] == "/"
    assert data["display"] == "standalone"
    assert data["theme_color"].startswith("#") and data["background_color"].startswith("#")
    sizes = {(icon["sizes"], icon["purpose"]) for icon in data["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in data["icons"]:
        assert icon["src"].startswith("/static/")  # the app's own origin
        png = client.get(icon["src"])
        assert png.status_code == 200 and png.headers["content-type"] == "image/png"
        width, height = Image.open(io.BytesIO(png.content)).size
        assert f"{width}x{height}" == icon["sizes"]


def test_every_page_links_the_manifest_the_script_and_a_status_line(client: TestClient) -> None:
    page = Page(client.get("/login").text)
    assert page.one("link", rel="manifest").attrs["href"] == "/manifest.webmanifest"
    assert page.one("script", src="/static/offline.js")
    status = page.one(id="offline-status")
    assert status.attrs["role"] == "status" and "hidden" in status.attrs
    assert status.attrs["data-saved"] == messages.WEB_OFFLINE_SAVED
    assert status.attrs["data-sent"] == messages.WEB_OFFLINE_SENT
    assert "{n}" in status.attrs["data-saved-many"]
    assert status.attrs["data-sign-in"] == messages.WEB_OFFLINE_SIGN_IN
    assert status.attrs["data-account"] == ""  # nobody signed in


def test_a_signed_in_page_tells_the_worker_whose_it_is(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    _signed_in(client, "alice")
    status = Page(client.get("/").text).one(id="offline-status")
    assert status.attrs["data-account"] == str(alice.id)


def _assets(html: str) -> list[str]:
    page = Page(html)
    used = [s.attrs["src"] for s in page.find("script") if s.attrs.get("src")]
    used += [
        link.attrs["href"] for link in page.find("link") if link.attrs.get("rel") == "stylesheet"
    ]
    return used


def test_every_script_and_stylesheet_of_a_kept_page_is_in_the_offline_shell(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    """A page opened with no connection loads its scripts and styles from the worker's
    copies: one left out of SHELL_FILES fails to load (and logs an error) offline. The
    sign-in page and every page the worker keeps for a signed-in client are checked."""
    worker = client.get("/sw.js").text
    shell = worker[worker.index("SHELL_FILES") : worker.index("];", worker.index("SHELL_FILES"))]
    kept_list = worker[worker.index("KEPT_PAGES") : worker.index("];", worker.index("KEPT_PAGES"))]
    kept = json.loads(kept_list[kept_list.index("[") :] + "]")
    assert "/plan" in kept and "/journal/new" in kept
    pages = {"/login": client.get("/login").text}
    add_account("kept")
    login(client, "kept")
    pages |= {path: client.get(path).text for path in kept}
    # A worksheet's form, kept as opened (KEPT_FORM).
    assert "KEPT_FORM" in worker
    pages["/worksheets/fill/thought-record"] = client.get("/worksheets/fill/thought-record").text
    for where, html in pages.items():
        used = _assets(html)
        assert used, where
        for path in used:
            assert f'"{path}"' in shell, (where, path)


def test_the_service_worker_may_control_the_whole_site(client: TestClient) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert (
        response.headers["Content-Security-Policy"] == "default-src 'self'; frame-ancestors 'none'"
    )
    # It keeps the crisis page and the safety plan, and sends waiting writes with both headers.
    for needed in ('"/crisis"', '"/safety-plan"', "Idempotency-Key", WRITTEN_AT_HEADER):
        assert needed in response.text


def test_the_offline_page_points_to_help_that_works_without_a_connection(
    client: TestClient,
) -> None:
    response = client.get("/offline")
    assert response.status_code == 200
    page = Page(response.text)
    assert page.one("h1").text == messages.WEB_OFFLINE_TITLE
    hrefs = {a.attrs["href"] for a in page.find("a")}
    assert {"/crisis", "/safety-plan"} <= hrefs
    assert page.find("form", action="/logout") == []  # never personal: no one is signed in


def test_signing_out_tells_the_browser_to_forget_what_it_kept(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    token = _signed_in(client, "alice")
    response = client.post("/logout", data={CSRF_FIELD: token}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
