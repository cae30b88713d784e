"""Edit, delete and undo in the web app: real effects, same checks as create, 404 for others."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient

import clock
from midweek.domain.accounts import Account
from midweek.domain.entities import Assignment, CheckinKind, Outcome
from midweek.domain.sharing import ShareKind
from midweek.services import (
    care_links,
    checkins,
    goals,
    homework,
    journal,
    questions,
    therapy_sessions,
)
from midweek.storage import Store
from midweek.web.security import CSRF_FIELD

from .conftest import Page, login


def _now() -> datetime:
    return clock.NOW


def _signed_in(client: TestClient, name: str) -> str:
    assert login(client, name).status_code == 303
    return Page(client.get("/").text).csrf()


def _uow(web_store: Store, account: Account):  # type: ignore[no-untyped-def]
    return web_store.unit_of_work(person_id=account.person_id)


def _entry(web_store: Store, account: Account, text: str = "First words.") -> int:
    e = journal.write_entry(_uow(web_store, account), text, at=_now() - timedelta(minutes=5))
    assert e.entry.id is not None
    return e.entry.id


def test_journal_entry_page_has_edit_and_delete_and_undo_brings_it_back(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    ident = _entry(web_store, alice)
    token = _signed_in(client, "alice")
    page = Page(client.get(f"/journal/{ident}").text)
    edit = page.one("a", cls="edit-link")
    assert edit.attrs["href"].startswith(f"/edit/journal/{ident}")
    form = Page(client.get(edit.attrs["href"]).text)
    assert form.one("textarea", name="text").text == "First words."
    saved = client.post(
        f"/edit/journal/{ident}",
        data={
            CSRF_FIELD: token,
            "text": "Better words.",
            "tags": "calm",
            "mood": "6",
            "next": f"/journal/{ident}",
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303 and saved.headers["location"].startswith(f"/journal/{ident}")
    got = journal.get_entry(_uow(web_store, alice), ident)
    assert (got.id, got.text, got.tags, got.mood) == (ident, "Better words.", ["calm"], 6)

    gone = client.post(
        f"/delete/journal/{ident}",
        data={CSRF_FIELD: token, "next": f"/journal/{ident}"},
        follow_redirects=False,
    )
    assert gone.status_code == 303
    assert gone.headers["location"].startswith("/journal?deleted=")
    assert journal.list_entries(_uow(web_store, alice)) == []
    listing = Page(client.get(gone.headers["location"]).text)
    offer = listing.one("div", cls="undo-offer")
    assert "Deleted" in offer.text and "Undo" in offer.text
    back = client.post(
        listing.find("form", action=f"/undo/{gone.headers['location'].rsplit('=', 1)[1]}")[0].attrs[
            "action"
        ],
        data={CSRF_FIELD: token, "next": "/journal"},
        follow_redirects=False,
    )
    assert back.status_code == 303 and back.headers["location"].startswith(f"/journal/{ident}")
    assert journal.get_entry(_uow(web_store, alice), ident).text == "Better words."
    assert "Brought back" in client.get(back.headers["location"]).text


def test_edit_is_checked_as_create_and_keeps_what_was_typed(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    ident = _entry(web_store, alice)
    token = _signed_in(client, "alice")
    r = client.post(
        f"/edit/journal/{ident}",
        data={CSRF_FIELD: token, "text": "Kept typing", "mood": "11"},
    )
    assert r.status_code == 422
    page = Page(r.text)
    assert page.one("textarea", name="text").text == "Kept typing"
    assert page.one(cls="form-error").text
    assert journal.get_entry(_uow(web_store, alice), ident).text == "First words."


def test_practice_log_edit_refuses_the_future_and_delete_undoes_a_double_tap(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    day = _now().date()
    with _uow(web_store, alice) as u:
        a = u.homework.add(Assignment(title="Breathing", per_week=3, minutes=10, start=day))
        u.commit()
    assert a.id is not None
    token = _signed_in(client, "alice")
    for _ in range(2):  # a double tap
        client.post(
            f"/practice/{a.id}/log",
            data={CSRF_FIELD: token, "outcome": "done"},
            headers={"HX-Request": "true"},
        )
    with _uow(web_store, alice) as u:
        logs = u.practice.list()
    assert len(logs) == 2
    tapped = client.post(
        f"/practice/{a.id}/log",
        data={CSRF_FIELD: token, "outcome": "done"},
        headers={"HX-Request": "true"},
    )
    delete_form = Page(tapped.text).one("form", cls="logged-twice")
    third = int(delete_form.attrs["action"].rsplit("/", 1)[1])
    r = client.post(
        delete_form.attrs["action"],
        data={CSRF_FIELD: token, "next": "/records"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"].startswith("/records?deleted=")
    records_page = Page(client.get(r.headers["location"]).text)
    assert records_page.one("div", cls="undo-offer")
    assert {e.attrs["id"] for e in records_page.find("li", cls="record")} >= {
        f"practice-log-{logs[0].id}",
        f"practice-log-{logs[1].id}",
    }
    assert f"practice-log-{third}" not in {e.attrs.get("id") for e in records_page.elements}

    future = (_now() + timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    r = client.post(
        f"/edit/practice/{logs[0].id}",
        data={CSRF_FIELD: token, "outcome": "partial", "at": future, "note": ""},
    )
    assert r.status_code == 422
    assert "hasn't happened yet" in Page(r.text).one(cls="form-error").text
    r = client.post(
        f"/edit/practice/{logs[0].id}",
        data={CSRF_FIELD: token, "outcome": "partial", "minutes": "4", "next": "/records"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    with _uow(web_store, alice) as u:
        fixed = u.practice.get(logs[0].id)
    assert (fixed.outcome, fixed.minutes) == (Outcome.PARTIAL, 4)


def test_questions_and_checkins_have_edit_and_delete(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    q = questions.ask(_uow(web_store, alice), "Why now?", now=_now()).question
    c, _ = checkins.checkin_mood(_uow(web_store, alice), 3, note=None, at=_now())
    phq, _ = checkins.checkin_instrument(
        _uow(web_store, alice), CheckinKind.PHQ9, "0 0 0 0 0 0 0 0 0", note=None, at=_now()
    )
    token = _signed_in(client, "alice")
    page = Page(client.get("/questions").text)
    assert page.find("a", href=f"/edit/question/{q.id}?next=/questions")
    client.post(f"/edit/question/{q.id}", data={CSRF_FIELD: token, "text": "Why now, really?"})
    assert questions.list_questions(_uow(web_store, alice))[0].text == "Why now, really?"
    listed = Page(client.get("/records").text)
    assert listed.find("a", href=f"/edit/checkin/{c.id}?next=/records")
    assert Page(client.get(f"/edit/checkin/{phq.id}").text).one("input", name="answers")
    client.post(f"/edit/checkin/{c.id}", data={CSRF_FIELD: token, "mood": "7", "note": "better"})
    client.post(f"/edit/checkin/{phq.id}", data={CSRF_FIELD: token, "answers": "1,1,1,1,1,1,1,1,0"})
    got = {x.id: x for x in checkins.list_checkins(_uow(web_store, alice))}
    assert (got[c.id].mood, got[c.id].note, got[phq.id].total) == (7, "better", 8)
    client.post(f"/delete/question/{q.id}", data={CSRF_FIELD: token, "next": "/questions"})
    assert questions.list_questions(_uow(web_store, alice), include_discussed=True) == []


def test_another_persons_records_are_not_found(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    bob = add_account("bob")
    add_account("alice")
    entry = _entry(web_store, bob, "Bob's words.")
    q = questions.ask(_uow(web_store, bob), "Bob asks", now=_now()).question
    c, _ = checkins.checkin_mood(_uow(web_store, bob), 3, note=None, at=_now())
    trash = None
    token = _signed_in(client, "alice")
    for method, path, data in [
        ("get", f"/edit/journal/{entry}", None),
        ("post", f"/edit/journal/{entry}", {"text": "x"}),
        ("post", f"/delete/journal/{entry}", {}),
        ("get", f"/edit/question/{q.id}", None),
        ("post", f"/delete/question/{q.id}", {}),
        ("post", f"/edit/checkin/{c.id}", {"mood": "1"}),
        ("post", f"/delete/checkin/{c.id}", {}),
        ("post", "/delete/journal/999999", {}),
        ("post", "/delete/nonsense/1", {}),
        ("get", "/edit/barrier/1", None),
    ]:
        if method == "get":
            r = client.get(path)
        else:
            r = client.post(path, data={CSRF_FIELD: token, **(data or {})})
        assert r.status_code == 404, (method, path, r.status_code)
    assert journal.get_entry(_uow(web_store, bob), entry).text == "Bob's words."
    from midweek.domain.corrections import RecordKind
    from midweek.services import corrections

    trash = corrections.delete(_uow(web_store, bob), RecordKind.JOURNAL, entry, now=_now())
    r = client.post(f"/undo/{trash.id}", data={CSRF_FIELD: token})
    assert r.status_code == 404
    assert "Undo" not in client.get(f"/journal?deleted={trash.id}").text


def test_a_deleted_shared_entry_leaves_the_therapist_view_and_undo_brings_it_back(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    terry = add_account("terry", "therapist")
    now = _now()
    code = care_links.invite(web_store.unit_of_work(), terry, now=now).code
    care_links.accept_invite(
        web_store.unit_of_work(), alice, code, share=[ShareKind.JOURNAL], now=now
    )
    ident = _entry(web_store, alice, "Shared words.")
    token = _signed_in(client, "alice")
    client.post(f"/edit/journal/{ident}", data={CSRF_FIELD: token, "text": "Shared, corrected."})
    entry_url = f"/therapist/clients/{alice.person_id}/journal/{ident}"
    client.cookies.clear()
    _signed_in(client, "terry")
    seen = client.get(entry_url)
    assert seen.status_code == 200 and "Shared, corrected." in seen.text
    assert "Shared words." not in seen.text
    client.cookies.clear()
    token = _signed_in(client, "alice")
    item = client.post(
        f"/delete/journal/{ident}",
        data={CSRF_FIELD: token, "next": "/journal"},
        follow_redirects=False,
    )
    trash_id = item.headers["location"].rsplit("=", 1)[1]
    client.cookies.clear()
    _signed_in(client, "terry")
    assert client.get(entry_url).status_code == 404
    assert "Shared, corrected." not in client.get(f"/therapist/clients/{alice.person_id}").text
    client.cookies.clear()
    token = _signed_in(client, "alice")
    client.post(f"/undo/{trash_id}", data={CSRF_FIELD: token})
    client.cookies.clear()
    _signed_in(client, "terry")
    assert "Shared, corrected." in client.get(entry_url).text


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x"])
def test_next_never_leaves_the_site(
    client: TestClient, web_store: Store, add_account: Callable[..., Account], target: str
) -> None:
    alice = add_account("alice")
    ident = _entry(web_store, alice)
    token = _signed_in(client, "alice")
    r = client.post(
        f"/delete/journal/{ident}", data={CSRF_FIELD: token, "next": target}, follow_redirects=False
    )
    assert r.headers["location"].startswith("/?deleted=")
    _ = homework  # imported for symmetry with the other page tests


def test_goals_and_filled_worksheets_can_be_deleted_and_undone(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    from midweek.services.library import shipped_templates

    alice = add_account("alice")
    g = goals.add_goal(
        _uow(web_store, alice), text="Swim", value=None, importance=5, confidence=5, now=_now()
    )
    template = shipped_templates()["thought-record"]
    filled = homework.fill_worksheet(
        _uow(web_store, alice),
        template,
        {
            "situation": "A call",
            "automatic_thought": "They are cross",
            "emotion": "worry",
            "intensity_before": 70,
        },
        at=_now(),
    ).log
    token = _signed_in(client, "alice")
    page = Page(client.get("/goals").text)
    assert page.find("form", action=f"/delete/goal/{g.id}")
    form = Page(client.get(f"/edit/goal/{g.id}?next=/goals").text)
    assert form.one("input", name="importance").attrs["value"] == "5"
    bad = client.post(
        f"/edit/goal/{g.id}", data={CSRF_FIELD: token, "text": "Swim", "importance": "11"}
    )
    assert bad.status_code == 422
    client.post(
        f"/edit/goal/{g.id}",
        data={CSRF_FIELD: token, "text": "Swim twice", "value": "health", "importance": "7"},
    )
    fixed = goals.list_goals(_uow(web_store, alice))[0]
    assert (fixed.text, fixed.value, fixed.importance, fixed.confidence) == (
        "Swim twice",
        "health",
        7,
        5,
    )
    r = client.post(f"/delete/goal/{g.id}", data={CSRF_FIELD: token, "next": "/goals"})
    assert goals.list_goals(_uow(web_store, alice)) == []
    assert Page(r.text).one("div", cls="undo-offer")
    sheet = Page(client.get(f"/worksheets/{filled.id}").text)
    assert sheet.find("form", action=f"/delete/worksheet/{filled.id}")
    r = client.post(
        f"/delete/worksheet/{filled.id}", data={CSRF_FIELD: token, "next": "/worksheets"}
    )
    assert client.get(f"/worksheets/{filled.id}").status_code == 404
    offer = Page(r.text).one("div", cls="undo-offer")
    assert offer
    undo = next(
        f for f in Page(r.text).find("form") if f.attrs.get("action", "").startswith("/undo/")
    )
    client.post(undo.attrs["action"], data={CSRF_FIELD: token, "next": "/worksheets"})
    assert client.get(f"/worksheets/{filled.id}").status_code == 200


def test_removing_a_time_window_on_the_plan_page_can_be_undone(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    from midweek.services import plan

    alice = add_account("alice")
    w = plan.add_window(_uow(web_store, alice), "mon 07:00-07:30", now=_now())
    token = _signed_in(client, "alice")
    form = Page(client.get("/plan").text).one("form", action=f"/plan/windows/{w.id}/delete")
    r = client.post(form.attrs["action"], data={CSRF_FIELD: token})
    assert plan.list_windows(_uow(web_store, alice)) == []
    page = Page(r.text)
    undo = next(f for f in page.find("form") if f.attrs.get("action", "").startswith("/undo/"))
    client.post(undo.attrs["action"], data={CSRF_FIELD: token, "next": "/plan"})
    assert [x.id for x in plan.list_windows(_uow(web_store, alice))] == [w.id]


def test_records_page_lists_barriers_and_session_notes_with_delete(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    from midweek.domain.entities import BarrierKind

    alice = add_account("alice")
    b = homework.add_barrier(
        _uow(web_store, alice), BarrierKind.TIME, at=_now(), note="late"
    ).barrier
    s = therapy_sessions.add_session(
        _uow(web_store, alice),
        day=_now().date(),
        takeaways=["Small steps"],
        themes=[],
        next_appointment=None,
        now=_now(),
    )
    token = _signed_in(client, "alice")
    page = Page(client.get("/records").text)
    assert "late" in page.one("li", id=f"barrier-{b.id}").text
    assert "Small steps" in page.one("li", id=f"session-{s.id}").text
    client.post(f"/delete/barrier/{b.id}", data={CSRF_FIELD: token, "next": "/records"})
    client.post(f"/delete/session/{s.id}", data={CSRF_FIELD: token, "next": "/records"})
    assert homework.list_barriers(_uow(web_store, alice)) == []
    assert therapy_sessions.list_sessions(_uow(web_store, alice)) == []
