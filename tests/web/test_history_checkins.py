"""The check-in history page: newest first in the person's zone, mood and score charts with
a sentence each, notes shortened, Edit and Delete that come back here, nobody else's data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

import clock
from midweek import messages
from midweek.domain.accounts import Account
from midweek.domain.entities import CheckinKind
from midweek.services import checkins, zones
from midweek.storage import Store
from midweek.web.security import CSRF_FIELD

from .conftest import Page, login


def _now() -> datetime:
    return clock.NOW


def _uow(web_store: Store, who: Account):  # type: ignore[no-untyped-def]
    return web_store.unit_of_work(person_id=who.person_id)


def _signed_in(client: TestClient, name: str) -> str:
    assert login(client, name).status_code == 303
    return Page(client.get("/checkin").text).csrf()


def test_the_check_in_page_links_to_the_history(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    _signed_in(client, "alice")
    page = Page(client.get("/checkin").text)
    link = page.one("a", id="history-link")
    assert link.attrs["href"] == "/checkin/history"
    assert link.text == messages.WEB_HISTORY_LINK
    # Nothing but the page's name in the title (a link there was never shown).
    assert page.one("title").text == f"{messages.WEB_CHECKIN_TITLE} — {messages.WEB_TITLE}"


def test_check_ins_are_listed_newest_first_with_dates_in_the_persons_zone(
    client: TestClient, add_account: Callable[..., Account], web_store: Store
) -> None:
    alice = add_account("alice")
    assert alice.id is not None
    zones.set_account_zone(web_store.unit_of_work(), alice.id, "Asia/Tokyo")
    # 23:30 UTC on a Friday is 08:30 on the Saturday in Tokyo.
    late = datetime(2026, 11, 20, 23, 30, tzinfo=UTC)
    older, _ = checkins.checkin_mood(_uow(web_store, alice), 3, note=None, at=late)
    newer, _ = checkins.checkin_instrument(
        _uow(web_store, alice),
        CheckinKind.GAD7,
        "1,1,1,1,1,1,1",
        note=None,
        at=late + timedelta(days=2),
    )
    _signed_in(client, "alice")
    page = Page(client.get("/checkin/history").text)
    rows = page.find("li", cls="record")
    assert [r.attrs["id"] for r in rows] == [f"checkin-{newer.id}", f"checkin-{older.id}"]
    assert rows[0].text.startswith("Mon 23 Nov, 08:30 · GAD-7 7")
    assert rows[1].text.startswith("Sat 21 Nov, 08:30 · " + messages.web_mood(3))


def test_a_long_note_is_shortened_and_each_row_has_edit_and_delete_coming_back_here(
    client: TestClient, add_account: Callable[..., Account], web_store: Store
) -> None:
    alice = add_account("alice")
    note = "A long day at work, then a walk by the river. " * 6
    c, _ = checkins.checkin_mood(_uow(web_store, alice), 6, note=note, at=_now())
    token = _signed_in(client, "alice")
    page = Page(client.get("/checkin/history").text)
    shown = page.one("span", cls="history-note").text
    assert shown.endswith("…") and len(shown) <= messages.HISTORY_NOTE_CHARS
    assert note.strip() not in page.one("li", id=f"checkin-{c.id}").text
    edit = page.one("a", cls="edit-link")
    assert edit.attrs["href"] == f"/edit/checkin/{c.id}?next=/checkin/history"
    assert Page(client.get(edit.attrs["href"]).text).one("input", name="mood").attrs["value"] == "6"
    form = page.one("form", action=f"/delete/checkin/{c.id}")
    assert form  # with the page to come back to
    assert page.one("input", name="next").attrs["value"] == "/checkin/history"
    gone = client.post(
        f"/delete/checkin/{c.id}",
        data={CSRF_FIELD: token, "next": "/checkin/history"},
        follow_redirects=False,
    )
    assert gone.status_code == 303
    assert gone.headers["location"].startswith("/checkin/history?deleted=")
    after = Page(client.get(gone.headers["location"]).text)
    assert after.find("div", cls="undo-offer")
    assert after.find("li", cls="record") == []
    assert checkins.list_checkins(_uow(web_store, alice)) == []


def test_the_mood_chart_covers_six_weeks_with_a_sentence_of_range_and_latest(
    client: TestClient, add_account: Callable[..., Account], web_store: Store
) -> None:
    alice = add_account("alice")
    now = _now()
    for days_ago, mood in ((30, 2), (10, 8), (1, 5)):
        checkins.checkin_mood(
            _uow(web_store, alice), mood, note=None, at=now - timedelta(days=days_ago)
        )
    # Older than six weeks: listed, but not in the chart.
    checkins.checkin_mood(_uow(web_store, alice), 0, note=None, at=now - timedelta(days=60))
    _signed_in(client, "alice")
    page = Page(client.get("/checkin/history").text)
    figure = page.one("figure", id="mood-chart")
    svg = page.one("svg", cls="spark-history")
    label = svg.attrs["aria-label"]
    assert svg.attrs["role"] == "img"
    assert label.startswith(
        "Mood on 3 days of the last six weeks, from 2 to 8 out of 10; latest 5 on "
    )
    assert page.one("figcaption").text == label
    assert figure.text.count(label) >= 1
    # Three moods in 42 days: gaps between them, so only the dot of the latest is drawn.
    assert len(page.find("circle", cls="spark-dot")) == 1
    assert len(page.find("li", cls="record")) == 4
    assert page.find("section", **{"aria-labelledby": "history-scores"}) == []


def test_without_mood_check_ins_the_page_says_so_and_draws_nothing(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    _signed_in(client, "alice")
    page = Page(client.get("/checkin/history").text)
    assert page.find("svg") == [] or all("spark" not in s.classes for s in page.find("svg"))
    texts = [p.text for p in page.find("p")]
    assert messages.WEB_HISTORY_NO_MOOD in texts and messages.WEB_HISTORY_NONE in texts


def test_phq9_and_gad7_charts_show_when_there_are_scores(
    client: TestClient, add_account: Callable[..., Account], web_store: Store
) -> None:
    alice = add_account("alice")
    now = _now()
    for days_ago, answers in ((20, "2,2,2,2,2,2,2,2,0"), (3, "1,1,1,1,1,1,1,1,0")):
        checkins.checkin_instrument(
            _uow(web_store, alice),
            CheckinKind.PHQ9,
            answers,
            note=None,
            at=now - timedelta(days=days_ago),
        )
    _signed_in(client, "alice")
    page = Page(client.get("/checkin/history").text)
    charts = page.find("figure", cls="score-chart")
    assert len(charts) == 1  # PHQ-9 only: no GAD-7 yet
    svg = [
        s
        for s in page.find("svg")
        if "spark-history" in s.classes and "PHQ-9" in s.attrs.get("aria-label", "")
    ]
    assert len(svg) == 1
    assert (
        svg[0]
        .attrs["aria-label"]
        .startswith("PHQ-9: 2 scores, from 8 to 16 out of 27; latest 8 on ")
    )
    assert page.find("polyline", cls="spark-line")  # two scores: a line between them


def test_another_clients_check_ins_never_show(
    client: TestClient, add_account: Callable[..., Account], web_store: Store
) -> None:
    alice, bob = add_account("alice"), add_account("bob")
    checkins.checkin_mood(_uow(web_store, bob), 9, note="bob-canary-41", at=_now())
    checkins.checkin_instrument(
        _uow(web_store, bob), CheckinKind.GAD7, "3,3,3,3,3,3,3", note=None, at=_now()
    )
    checkins.checkin_mood(_uow(web_store, alice), 4, note="mine", at=_now())
    _signed_in(client, "alice")
    html = client.get("/checkin/history").text
    page = Page(html)
    assert "bob-canary-41" not in html and "GAD-7" not in html
    assert len(page.find("li", cls="record")) == 1
    assert "latest 4 on" in page.one("figcaption").text


def test_signed_out_the_history_asks_to_sign_in(client: TestClient) -> None:
    got = client.get("/checkin/history", headers={"Accept": "text/html"}, follow_redirects=False)
    assert got.status_code == 303 and got.headers["location"].startswith("/login")
