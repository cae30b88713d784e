"""Web parity with the CLI: self-set homework (add, see, end), the client's own session notes,
and correcting barriers and session notes through the generic edit/delete/undo pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from fastapi.testclient import TestClient

from midweek import messages
from midweek.domain.accounts import Account
from midweek.domain.entities import BarrierKind, Source
from midweek.domain.sharing import ShareKind
from midweek.services import care_links, homework, therapy_sessions
from midweek.storage import Store
from midweek.web.idempotency import FIELD as IDEM_FIELD
from midweek.web.security import CSRF_FIELD

from .conftest import Page
from .test_corrections_web import _now, _signed_in, _uow


def _own(title: str = "Breathing, 4-7-8", **more: str) -> dict[str, str]:
    return {"title": title, "instructions": "", "minutes": "10", "per_week": "3", **more}


# --- self-set homework ---------------------------------------------------------------------


def test_own_practice_shows_on_today_labelled_you_set_this(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    theirs = homework.add_homework(
        _uow(web_store, alice), title="Thought record", per_week=2, minutes=15, now=_now()
    )
    token = _signed_in(client, "alice")
    form = Page(client.get("/homework/new").text)
    assert form.one("input", name="minutes").attrs["value"] == "10"  # the default
    assert Page(client.get("/homework").text).one("a", href="/homework/new")
    r = client.post(
        "/homework/new",
        data={CSRF_FIELD: token, **_own(instructions="Slowly, lying down.")},
        follow_redirects=False,
    )
    assert r.status_code == 303
    (mine,) = [a for a in homework.list_homework(_uow(web_store, alice)) if a.id != theirs.id]
    assert (mine.title, mine.per_week, mine.minutes, mine.source) == (
        "Breathing, 4-7-8",
        3,
        10,
        Source.SELF,
    )
    assert mine.instructions == "Slowly, lying down."
    assert r.headers["location"] == f"/#practice-{mine.id}"
    today = Page(client.get("/").text)
    own_row = today.one("li", id=f"practice-{mine.id}")
    assert messages.WEB_SOURCE_SELF in own_row.text
    their_row = today.one("li", id=f"practice-{theirs.id}")
    assert messages.WEB_SOURCE_THERAPIST in their_row.text
    assert messages.WEB_SOURCE_SELF not in their_row.text
    listed = Page(client.get("/homework").text)
    assert messages.WEB_SOURCE_SELF in listed.one("li", id=f"homework-{mine.id}").text


def test_invalid_minutes_give_the_form_again_with_one_sentence_and_nothing_written(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    token = _signed_in(client, "alice")
    for minutes in ("ten", "0", "9999", ""):
        r = client.post("/homework/new", data={CSRF_FIELD: token, **_own(minutes=minutes)})
        assert r.status_code == 422, minutes
        page = Page(r.text)
        error = page.one(cls="form-error")
        assert error.text.count(".") <= 2 and "!" not in error.text
        field = page.one("input", name="minutes")
        assert field.attrs["value"] == minutes and field.attrs.get("aria-invalid") == "true"
        assert page.one("input", name="title").attrs["value"] == "Breathing, 4-7-8"
    r = client.post("/homework/new", data={CSRF_FIELD: token, **_own(title="  ")})
    assert r.status_code == 422
    assert messages.WEB_OWN_NEED_TITLE in Page(r.text).one(cls="form-error").text
    assert homework.list_homework(_uow(web_store, alice)) == []


def test_a_double_submit_with_one_key_adds_one_homework(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    token = _signed_in(client, "alice")
    key = "one-tap-own-practice"  # what the form carries (a fresh one per render)
    data = {CSRF_FIELD: token, IDEM_FIELD: key, **_own()}
    first = client.post("/homework/new", data=data, follow_redirects=False)
    again = client.post("/homework/new", data=data, follow_redirects=False)
    assert first.status_code == again.status_code == 303
    assert again.headers["location"] == first.headers["location"]
    assert len(homework.list_homework(_uow(web_store, alice))) == 1


def test_ending_own_practice_asks_first_and_the_therapists_is_theirs_to_end(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    mine = homework.add_homework(
        _uow(web_store, alice),
        title="Walk",
        per_week=3,
        minutes=20,
        now=_now(),
        source=Source.SELF,
    )
    theirs = homework.add_homework(
        _uow(web_store, alice), title="Exposure", per_week=2, minutes=30, now=_now()
    )
    token = _signed_in(client, "alice")
    listed = Page(client.get("/homework").text)
    assert [a.attrs["href"] for a in listed.find("a", cls="end-own")] == [
        f"/homework/{mine.id}/end"
    ]
    confirm = Page(client.get(f"/homework/{mine.id}/end").text)
    assert "Walk" in confirm.one("p", id="end-question").text
    assert confirm.one("form", action=f"/homework/{mine.id}/end").attrs["method"] == "post"
    assert homework.get_homework(_uow(web_store, alice), mine.id).ended_at is None  # only asked
    r = client.post(f"/homework/{mine.id}/end", data={CSRF_FIELD: token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/homework?ended=1"
    assert homework.get_homework(_uow(web_store, alice), mine.id).ended_at is not None
    assert f"practice-{mine.id}" not in client.get("/").text
    assert messages.HOMEWORK_ENDED in client.get(r.headers["location"]).text
    assert client.get(f"/homework/{theirs.id}/end").status_code == 409
    refused = client.post(f"/homework/{theirs.id}/end", data={CSRF_FIELD: token})
    assert refused.status_code == 409
    assert homework.get_homework(_uow(web_store, alice), theirs.id).ended_at is None


def test_another_persons_homework_is_a_404(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    bob = add_account("bob")
    his = homework.add_homework(
        _uow(web_store, bob), title="His", per_week=1, minutes=5, now=_now(), source=Source.SELF
    )
    token = _signed_in(client, "alice")
    assert client.get(f"/homework/{his.id}/end").status_code == 404
    assert client.post(f"/homework/{his.id}/end", data={CSRF_FIELD: token}).status_code == 404
    assert homework.get_homework(_uow(web_store, bob), his.id).ended_at is None


# --- the client's session notes ---------------------------------------------------------------


def test_a_takeaway_recorded_shows_on_today_and_in_the_prep_report(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    token = _signed_in(client, "alice")
    assert Page(client.get("/more").text).find("a", href="/sessions")
    day = (_now() - timedelta(days=1)).date()
    r = client.post(
        "/sessions",
        data={
            CSRF_FIELD: token,
            "day": day.isoformat(),
            "takeaways": "Thoughts are not facts\n\nSmall steps count",
            "themes": "worry, sleep",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    (s,) = therapy_sessions.list_sessions(_uow(web_store, alice))
    assert (s.date, s.takeaways, s.themes) == (
        day,
        ["Thoughts are not facts", "Small steps count"],
        ["worry", "sleep"],
    )
    listing = Page(client.get(r.headers["location"]).text)
    assert "Thoughts are not facts" in listing.one("li", id=f"session-{s.id}").text
    today = Page(client.get("/").text)
    block = today.one("ul", cls="takeaways")
    assert "Thoughts are not facts" in block.text and "Small steps count" in block.text
    assert today.one("a", id="all-sessions").attrs["href"] == "/sessions"
    assert "Thoughts are not facts" in client.get("/prep").text
    assert "Thoughts are not facts" in client.get("/prep.md").text


def test_sessions_list_newest_first_and_a_bad_note_writes_nothing(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    for days_ago, text in ((9, "Older"), (2, "Newer")):
        therapy_sessions.add_session(
            _uow(web_store, alice),
            day=(_now() - timedelta(days=days_ago)).date(),
            takeaways=[text],
            themes=[],
            next_appointment=None,
            now=_now(),
        )
    token = _signed_in(client, "alice")
    page = Page(client.get("/sessions").text)
    notes = page.find("li", cls="session-note")
    assert "Newer" in notes[0].text and "Older" in notes[1].text
    for data in (
        {"day": "", "takeaways": "   \n  "},
        {"day": "someday soon", "takeaways": "Kept"},
    ):
        r = client.post("/sessions", data={CSRF_FIELD: token, "themes": "", **data})
        assert r.status_code == 422, data
        again = Page(r.text)
        assert len(again.find(cls="form-error")) == 1
        assert again.one("textarea", name="takeaways").text == " ".join(data["takeaways"].split())
    assert len(therapy_sessions.list_sessions(_uow(web_store, alice))) == 2


# --- correcting barriers and session notes ---------------------------------------------------


def _shared_pair(web_store: Store, add_account: Callable[..., Account]) -> tuple[Account, Account]:
    alice = add_account("alice")
    terry = add_account("terry", "therapist")
    code = care_links.invite(web_store.unit_of_work(), terry, now=_now()).code
    care_links.accept_invite(
        web_store.unit_of_work(),
        alice,
        code,
        share=[ShareKind.PRACTICE, ShareKind.SESSIONS],
        now=_now(),
    )
    return alice, terry


def _delete_then_undo(
    client: TestClient, token: str, delete: str, back: str, ids: Callable[[], list[int | None]]
) -> None:
    """Delete through the record's form (``ids()`` then lists none), check the page offers
    Undo, press it: the record is back with its id."""
    before = ids()
    gone = client.post(delete, data={CSRF_FIELD: token, "next": back}, follow_redirects=False)
    assert gone.status_code == 303 and gone.headers["location"].startswith(f"{back}?deleted=")
    assert ids() == []
    offer = Page(client.get(gone.headers["location"]).text)
    assert "Undo" in offer.one("div", cls="undo-offer").text
    (undo,) = [f for f in offer.find("form") if f.attrs.get("action", "").startswith("/undo/")]
    restored = client.post(
        undo.attrs["action"], data={CSRF_FIELD: token, "next": back}, follow_redirects=False
    )
    assert restored.status_code == 303 and restored.headers["location"].startswith(back)
    assert ids() == before


def test_barrier_edit_delete_undo_and_the_therapist_sees_the_correction(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice, _terry = _shared_pair(web_store, add_account)
    a = homework.add_homework(
        _uow(web_store, alice), title="Walk", per_week=3, minutes=20, now=_now()
    )
    b = homework.add_barrier(
        _uow(web_store, alice), BarrierKind.TIME, at=_now(), note="too late", assignment_id=a.id
    ).barrier
    token = _signed_in(client, "alice")
    row = Page(client.get("/records").text)
    edit = [
        x for x in row.find("a", cls="edit-link") if x.attrs["href"].startswith("/edit/barrier/")
    ]
    assert edit and edit[0].attrs["href"].startswith(f"/edit/barrier/{b.id}")
    form = Page(client.get(f"/edit/barrier/{b.id}?next=/records").text)
    assert form.one("input", name="barrier_kind", value="time").attrs.get("checked") is not None
    assert form.one("textarea", name="note").text == "too late"
    bad = client.post(
        f"/edit/barrier/{b.id}",
        data={CSRF_FIELD: token, "barrier_kind": "nonsense", "note": "x", "next": "/records"},
    )
    assert bad.status_code == 422 and len(Page(bad.text).find(cls="form-error")) == 1
    assert homework.list_barriers(_uow(web_store, alice))[0].note == "too late"
    saved = client.post(
        f"/edit/barrier/{b.id}",
        data={
            CSRF_FIELD: token,
            "barrier_kind": "others-first",
            "note": "my sister needed me",
            "next_step": "ask for an hour",
            "next": "/records",
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303 and saved.headers["location"].startswith("/records?edited=")
    (got,) = homework.list_barriers(_uow(web_store, alice))
    assert (got.kind, got.note, got.next_step) == (
        BarrierKind.OTHERS_FIRST,
        "my sister needed me",
        "ask for an hour",
    )
    therapist_url = f"/therapist/clients/{alice.person_id}"
    client.cookies.clear()
    _signed_in(client, "terry")
    seen = client.get(therapist_url).text
    assert "my sister needed me" in seen and "too late" not in seen

    client.cookies.clear()
    token = _signed_in(client, "alice")
    _delete_then_undo(
        client,
        token,
        f"/delete/barrier/{b.id}",
        "/records",
        lambda: [x.id for x in homework.list_barriers(_uow(web_store, alice))],
    )


def test_session_note_edit_delete_undo_and_the_therapist_sees_the_correction(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice, _terry = _shared_pair(web_store, add_account)
    s = therapy_sessions.add_session(
        _uow(web_store, alice),
        day=_now().date(),
        takeaways=["Thougts are not facts"],
        themes=["worry"],
        next_appointment=None,
        now=_now(),
    )
    token = _signed_in(client, "alice")
    listing = Page(client.get("/sessions").text)
    edit = listing.one("a", cls="edit-link")
    assert edit.attrs["href"].startswith(f"/edit/session/{s.id}")
    form = Page(client.get(edit.attrs["href"]).text)
    assert form.one("textarea", name="takeaways").text == "Thougts are not facts"
    assert form.one("input", name="themes").attrs["value"] == "worry"
    too_long = client.post(
        f"/edit/session/{s.id}",
        data={CSRF_FIELD: token, "takeaways": "x" * 2001, "themes": "", "next": "/sessions"},
    )
    assert too_long.status_code == 422 and len(Page(too_long.text).find(cls="form-error")) == 1
    assert therapy_sessions.get_session(_uow(web_store, alice), s.id).takeaways == [
        "Thougts are not facts"
    ]
    saved = client.post(
        f"/edit/session/{s.id}",
        data={
            CSRF_FIELD: token,
            "takeaways": "Thoughts are not facts\nBreathe first",
            "themes": "worry, breath",
            "next": "/sessions",
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303 and saved.headers["location"].startswith("/sessions?edited=")
    got = therapy_sessions.get_session(_uow(web_store, alice), s.id)
    assert (got.takeaways, got.themes) == (
        ["Thoughts are not facts", "Breathe first"],
        ["worry", "breath"],
    )
    client.cookies.clear()
    _signed_in(client, "terry")
    seen = client.get(f"/therapist/clients/{alice.person_id}").text
    assert "Breathe first" in seen and "Thougts" not in seen

    client.cookies.clear()
    token = _signed_in(client, "alice")
    _delete_then_undo(
        client,
        token,
        f"/delete/session/{s.id}",
        "/sessions",
        lambda: [x.id for x in therapy_sessions.list_sessions(_uow(web_store, alice))],
    )


def test_another_persons_barrier_and_session_are_404_to_edit(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    bob = add_account("bob")
    b = homework.add_barrier(_uow(web_store, bob), BarrierKind.FEAR, at=_now(), note="his").barrier
    s = therapy_sessions.add_session(
        _uow(web_store, bob),
        day=_now().date(),
        takeaways=["his"],
        themes=[],
        next_appointment=None,
        now=_now(),
    )
    token = _signed_in(client, "alice")
    assert client.get(f"/edit/barrier/{b.id}").status_code == 404
    assert client.get(f"/edit/session/{s.id}").status_code == 404
    r = client.post(
        f"/edit/session/{s.id}", data={CSRF_FIELD: token, "takeaways": "mine now", "themes": ""}
    )
    assert r.status_code == 404
    assert therapy_sessions.get_session(_uow(web_store, bob), s.id).takeaways == ["his"]
