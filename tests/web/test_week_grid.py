"""The Plan page's week grid (time windows chosen as half-hour slots, no script needed) and
the week view of the plan: slots merge into windows, bad slots change nothing, a repeated
post is applied once, and the form sent back as a browser would round-trips."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

import clock
from midweek import messages
from midweek.domain.accounts import Account
from midweek.services import homework as hw
from midweek.services import plan
from midweek.storage import Store
from midweek.web.idempotency import FIELD as IDEM_FIELD
from midweek.web.security import CSRF_FIELD

from .conftest import Page, login


def _signed_in(client: TestClient, name: str) -> str:
    client.cookies.clear()
    assert login(client, name).status_code == 303
    return Page(client.get("/").text).csrf()


def _windows(store: Store, who: Account) -> list[str]:
    uow = store.unit_of_work(person_id=who.person_id)
    return [str(plan.window_of(w)) for w in plan.list_windows(uow)]


def _grid_form(page: Page) -> dict[str, list[str]]:
    """What a browser sends for the grid form as shown: its hidden fields and ticked boxes."""
    start = page.elements.index(page.one("form", id="week-grid"))
    fields: dict[str, list[str]] = {}
    for e in page.elements[start:]:
        if e.tag == "button" and e.attrs.get("id") == "grid-save":
            break
        if e.tag == "input" and (e.attrs.get("type") == "hidden" or "checked" in e.attrs):
            fields.setdefault(e.attrs["name"], []).append(e.attrs["value"])
    return fields


def _ticked(page: Page) -> list[str]:
    ticked = [e.attrs["value"] for e in page.find("input", cls="slot") if "checked" in e.attrs]
    return sorted(ticked, key=plan.parse_slot)  # by day, then time


def test_posting_slots_stores_them_merged_into_windows(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    token = _signed_in(client, "alice")
    empty = Page(client.get("/plan").text)
    assert len(empty.find("input", cls="slot")) == 7 * 34  # Mon-Sun, 06:00-23:00
    assert _ticked(empty) == []
    sent = client.post(
        "/plan/grid",
        data={
            "slot": ["mon-07:00", "mon-07:30", "mon-08:00", "wed-20:00", "wed-21:00"],
            CSRF_FIELD: token,
        },
        follow_redirects=False,
    )
    assert sent.status_code == 303
    assert sent.headers["location"] == "/plan?saved=grid#week-grid"
    assert _windows(web_store, alice) == [
        "Mon 07:00-08:30",
        "Wed 20:00-20:30",
        "Wed 21:00-21:30",
    ]
    page = Page(client.get(sent.headers["location"]).text)
    assert page.one(id="grid-saved").text == messages.grid_saved(3, 150)
    assert _ticked(page) == ["mon-07:00", "mon-07:30", "mon-08:00", "wed-20:00", "wed-21:00"]
    label = page.one("label", **{"for": "slot-mon-07:30"}).text
    assert label == "Monday 07:30 to 08:00"


def test_the_form_sent_back_as_shown_round_trips_and_keeps_typed_windows(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    token = _signed_in(client, "alice")
    typed = "Mon 07:00-07:30\nMon 07:30-08:00\nThu 07:10-07:25\nFri 05:00-05:30\nSat 22:30-23:30"
    client.post("/plan/windows", data={"windows": typed, CSRF_FIELD: token})
    page = Page(client.get("/plan").text)
    # Time typed off the half hour or outside 06:00-23:00 shows as its slot, untouched.
    assert _ticked(page) == ["mon-07:00", "mon-07:30", "thu-07:00", "sat-22:30"]
    assert page.one(id="off-grid").text == messages.WEB_GRID_OFF_GRID

    unchanged = client.post("/plan/grid", data=_grid_form(page), follow_redirects=False)
    assert unchanged.headers["location"] == "/plan?saved=same#week-grid"
    after = Page(client.get(unchanged.headers["location"]).text)
    assert after.one(id="grid-saved").text == messages.WEB_GRID_NO_CHANGE
    assert _windows(web_store, alice) == [
        "Mon 07:00-07:30",
        "Mon 07:30-08:00",
        "Thu 07:10-07:25",
        "Fri 05:00-05:30",
        "Sat 22:30-23:30",
    ]

    # Untick Thursday's slot, tick Monday 08:00 and Tuesday 06:00, send what the page shows.
    form = _grid_form(after)
    form["slot"] = [s for s in form["slot"] if s != "thu-07:00"] + ["mon-08:00", "tue-06:00"]
    client.post("/plan/grid", data=form)
    assert _windows(web_store, alice) == [
        "Mon 07:00-08:30",  # the day that changed merges what touches
        "Tue 06:00-06:30",
        "Fri 05:00-05:30",
        "Sat 22:30-23:30",  # its hour past the grid is kept
    ]
    assert _ticked(Page(client.get("/plan").text)) == [
        "mon-07:00",
        "mon-07:30",
        "mon-08:00",
        "tue-06:00",
        "sat-22:30",
    ]


@pytest.mark.parametrize(
    "bad", ["mon-07:15", "mon-05:30", "mon-23:00", "someday-07:00", "mon-7:00", "mon-07:30x"]
)
def test_a_slot_not_on_the_grid_is_422_with_one_sentence_and_nothing_stored(
    client: TestClient, web_store: Store, add_account: Callable[..., Account], bad: str
) -> None:
    alice = add_account("alice")
    token = _signed_in(client, "alice")
    response = client.post(
        "/plan/grid",
        data={"slot": ["tue-07:00", bad], CSRF_FIELD: token},
        follow_redirects=False,
    )
    assert response.status_code == 422
    page = Page(response.text)
    assert page.one(id="grid-error").text == messages.slot_unreadable(bad)
    assert page.one(id="grid-error").attrs["role"] == "alert"
    assert _windows(web_store, alice) == []  # all or none: tue-07:00 was not kept either
    assert _ticked(page) == []


def test_more_slot_values_than_a_grid_holds_is_refused(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    token = _signed_in(client, "alice")
    half = plan.MOST_SLOT_VALUES // 2 + 1
    flood = {"slot": ["mon-07:00"] * half, "shown": ["tue-07:00"] * half, CSRF_FIELD: token}
    response = client.post("/plan/grid", data=flood)
    assert response.status_code == 422
    assert Page(response.text).one(id="grid-error").text == messages.SLOTS_TOO_MANY
    assert _windows(web_store, alice) == []


def test_a_repeated_grid_post_is_applied_once(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    token = _signed_in(client, "alice")
    page = Page(client.get("/plan").text)
    start = page.elements.index(page.one("form", id="week-grid"))
    first_key = next(e for e in page.elements[start:] if e.attrs.get("name") == IDEM_FIELD)
    tick = {"slot": ["fri-18:00"], CSRF_FIELD: token, IDEM_FIELD: first_key.attrs["value"]}
    first = client.post("/plan/grid", data=tick, follow_redirects=False)
    assert first.status_code == 303
    # The person then unticks it (another form, another key)...
    untick = {"shown": ["fri-18:00"], CSRF_FIELD: token, IDEM_FIELD: "k" * 32}
    client.post("/plan/grid", data=untick, follow_redirects=False)
    assert _windows(web_store, alice) == []
    # ...and the first post's lost answer is retried: it gets the first answer, and adds nothing.
    again = client.post("/plan/grid", data=tick, follow_redirects=False)
    assert again.status_code == 303
    assert again.headers["Idempotent-Replayed"] == "true"
    assert _windows(web_store, alice) == []


def test_the_week_view_shows_each_practice_on_its_day_today_marked_free_days_kindly(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    now = clock.NOW
    hw.add_homework(
        web_store.unit_of_work(person_id=alice.person_id),
        title="Slow breathing",
        per_week=1,
        minutes=20,
        now=now - timedelta(days=1),
    )
    token = _signed_in(client, "alice")
    day = (now + timedelta(days=2)).strftime("%a")
    client.post("/plan/grid", data={"slot": [f"{day.lower()}-22:00"], CSRF_FIELD: token})
    page = Page(client.get("/plan").text)
    days = page.find("li", cls="week-day")
    assert len(days) == 7
    assert days[0].attrs.get("aria-current") == "date"  # the week starts today
    assert "today" in days[0].classes
    assert [d for d in days if "aria-current" in d.attrs] == [days[0]]
    assert [s.text for s in page.find("span", cls="planned-title")] == ["Slow breathing"]
    assert [s.text for s in page.find("span", cls="planned-time")] == ["22:00–22:20"]
    assert [s.text for s in page.find("span", cls="planned-minutes")] == [
        messages.practice_minutes(20)
    ]
    assert day in days[2].text and "Slow breathing" in days[2].text
    free = page.find("p", cls="free-day")
    assert len(free) == 6 and {p.text for p in free} == {messages.WEB_WEEK_FREE_DAY}
