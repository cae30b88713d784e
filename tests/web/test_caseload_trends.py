"""The caseload's small trends (practice per week, PHQ-9 / GAD-7) and its filters: only what
each client shares appears, and reading it stays a fixed handful of queries per client."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

import clock
from midweek import messages
from midweek.domain.accounts import Account
from midweek.domain.entities import CheckinKind, Outcome
from midweek.services import checkins, homework, therapy_sessions
from midweek.storage import Store

from .conftest import Page
from .test_therapist_pages import Cast, _as, _connect, _pid


@pytest.fixture
def cast(add_account: Callable[..., Account]) -> Cast:
    return Cast(
        tan=add_account("dr-tan", role="therapist"),
        lee=add_account("dr-lee", role="therapist"),
        alice=add_account("alice"),
        bob=add_account("bob"),
    )


def _now() -> datetime:
    return clock.NOW


def _practice(store: Store, person: int, now: datetime) -> None:
    a = homework.new_assignment(
        title="Walk", per_week=2, minutes=10, now=now, start=now.date() - timedelta(days=60)
    )
    with store.unit_of_work(person_id=person) as uow:
        homework.store_assignment(uow, a)
        uow.commit()
    assert a.id is not None
    for days in (1, 3, 9, 16, 17):
        homework.log_practice(
            store.unit_of_work(person_id=person),
            a.id,
            Outcome.PARTIAL if days == 3 else Outcome.DONE,
            at=now - timedelta(days=days),
            minutes=5,
        )


def _scores(store: Store, person: int, now: datetime) -> None:
    scores = ((20, [2, 2, 2, 2, 2, 2, 2, 1, 0]), (10, [1] * 8 + [0]), (2, [1] * 4 + [0] * 5))
    for days, answers in scores:
        checkins.checkin_instrument(
            store.unit_of_work(person_id=person),
            CheckinKind.PHQ9,
            answers,
            note=None,
            at=now - timedelta(days=days),
        )


def _rows(html: str) -> dict[str, Page]:
    """Each caseload row's own elements, by person id."""
    out = {}
    for chunk in html.split('<tr class="caseload-row"')[1:]:
        page = Page('<tr class="caseload-row"' + chunk.split("</tr>")[0] + "</tr>")
        out[page.one("tr").attrs["data-person"]] = page
    return out


def test_sparklines_show_what_is_shared_and_nothing_else(
    client: TestClient, web_store: Store, cast: Cast
) -> None:
    _connect(client, "dr-tan", "alice", ["practice", "checkin"])
    _connect(client, "dr-tan", "bob", ["practice"])  # bob keeps his check-ins to himself
    now = _now()
    for who in (cast.alice, cast.bob):
        _practice(web_store, _pid(who), now)
        _scores(web_store, _pid(who), now)
    _as(client, "dr-tan")
    rows = _rows(client.get("/therapist?sort=name").text)
    alice, bob = rows[str(_pid(cast.alice))], rows[str(_pid(cast.bob))]
    # Practice: a line of six weeks, with its words for those who do not see it.
    trend = alice.one("svg", cls="spark-practice")
    assert trend.attrs["role"] == "img"
    assert trend.attrs["aria-label"].startswith("Share of planned practice per week")
    assert (
        trend.attrs["aria-label"].count("%")
        + trend.attrs["aria-label"].count(messages.WEB_T_TREND_NOTHING)
        == 6
    )
    assert bob.find("svg", cls="spark-practice")
    # Measures: alice's three PHQ-9 scores as a line and as words; bob shares none.
    spark = alice.one("svg", cls="spark-measure")
    assert spark.attrs["aria-label"] == "PHQ-9 scores, oldest first: 15, 8, 4."
    assert not bob.find("svg", cls="spark-measure")
    assert bob.one("td", cls="measures").text == messages.WEB_T_NOT_SHARED
    assert "PHQ-9" not in bob.one("tr").text


def test_a_client_sharing_nothing_has_no_sparkline(
    client: TestClient, web_store: Store, cast: Cast
) -> None:
    _connect(client, "dr-tan", "bob", [])
    now = _now()
    _practice(web_store, _pid(cast.bob), now)
    _scores(web_store, _pid(cast.bob), now)
    _as(client, "dr-tan")
    page = Page(client.get("/therapist").text)
    assert not page.find("svg", cls="spark")
    assert page.one("td", cls="trend").text == messages.WEB_T_NOT_SHARED


def test_filters_keep_the_sort_and_say_when_nobody_matches(
    client: TestClient, web_store: Store, cast: Cast
) -> None:
    _connect(client, "dr-tan", "alice", ["practice"])
    _connect(client, "dr-tan", "bob", [])
    now = _now()
    with web_store.unit_of_work(person_id=_pid(cast.alice)) as uow:
        uow.commit()
    therapy_sessions.add_session(
        web_store.unit_of_work(person_id=_pid(cast.alice)),
        day=now.date() - timedelta(days=3),
        takeaways=[],
        themes=[],
        next_appointment=now + timedelta(days=4),
        now=now,
    )
    therapy_sessions.add_session(
        web_store.unit_of_work(person_id=_pid(cast.bob)),
        day=now.date() - timedelta(days=3),
        takeaways=[],
        themes=[],
        next_appointment=now + timedelta(days=20),
        now=now,
    )
    _as(client, "dr-tan")
    everyone = Page(client.get("/therapist?sort=name").text)
    assert len(everyone.find("tr", cls="caseload-row")) == 2
    assert everyone.one(id="filter-all").attrs["aria-current"] == "page"
    assert everyone.one(id="filter-week").attrs["href"] == "/therapist?show=week&sort=name"
    week = Page(client.get("/therapist?show=week&sort=name").text)
    assert [r.attrs["data-person"] for r in week.find("tr", cls="caseload-row")] == [
        str(_pid(cast.alice))
    ]
    assert week.one(id="filter-week").attrs["aria-current"] == "page"
    assert week.one(id="sort-appointment").attrs["href"].endswith("show=week")
    attention = Page(client.get("/therapist?show=attention").text)
    assert not attention.find("tr", cls="caseload-row")
    assert (
        attention.one(id="caseload-filtered-empty").text == messages.WEB_T_FILTER_EMPTY["attention"]
    )
    odd = client.get("/therapist?show=nonsense")
    assert odd.status_code == 200
    assert Page(odd.text).one(id="filter-all").attrs["aria-current"] == "page"


def _count_queries(store: Store, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    db: Any = store.db
    real = db.execute_sql

    def counting(sql: str, *args: Any, **kwargs: Any) -> Any:
        seen.append(sql)
        return real(sql, *args, **kwargs)

    monkeypatch.setattr(db, "execute_sql", counting)
    return seen


def test_queries_per_client_do_not_grow_with_history(
    client: TestClient, web_store: Store, cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each client costs the same fixed handful of queries whether they have a little
    history or a lot (nothing is read per week, per assignment or per score)."""
    _connect(client, "dr-tan", "alice", ["practice", "checkin", "questions", "safety-flags"])
    _as(client, "dr-tan")
    seen = _count_queries(web_store, monkeypatch)
    assert client.get("/therapist").status_code == 200
    little = len(seen)
    now = _now()
    monkeypatch.undo()
    for _ in range(3):
        _practice(web_store, _pid(cast.alice), now)
        _scores(web_store, _pid(cast.alice), now)
    seen = _count_queries(web_store, monkeypatch)
    assert client.get("/therapist").status_code == 200
    assert len(seen) == little
