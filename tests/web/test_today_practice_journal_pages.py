"""The client's everyday pages (today_pages, practice_pages, journal_pages, question_pages,
goal_pages, checkin_pages): one-tap practice, what got in the way, homework, journal, questions,
goals, check-ins and worksheets — real effects, kind errors, and other people's ids 404."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from itertools import pairwise

import pytest
from fastapi.testclient import TestClient

import clock
from midweek import messages
from midweek.domain.accounts import Account
from midweek.domain.barriers import NextStep
from midweek.domain.entities import (
    Assignment,
    BarrierKind,
    GoalStatus,
    Outcome,
    TherapySession,
)
from midweek.services import checkins, goals, homework, journal, questions
from midweek.storage import Store
from midweek.web.security import CSRF_FIELD

from .conftest import Page, login

HTMX = {"HX-Request": "true"}
HTML = {"Accept": "text/html"}


def _now() -> datetime:
    return clock.NOW


def _client_with_homework(
    web_store: Store,
    add_account: Callable[..., Account],
    name: str = "alice",
    *,
    title: str = "Slow breathing",
    per_week: int = 3,
    minutes: int = 10,
    worksheet: str | None = None,
) -> tuple[Account, int]:
    account = add_account(name)
    assert account.person_id is not None
    uow = web_store.unit_of_work(person_id=account.person_id)
    day = _now().date()
    with uow:
        uow.sessions.add(TherapySession(date=day, takeaways=["Small steps count."]))
        a = uow.homework.add(
            Assignment(
                title=title, per_week=per_week, minutes=minutes, start=day, worksheet=worksheet
            )
        )
        uow.commit()
    assert a.id is not None
    return account, a.id


def _uow(web_store: Store, account: Account):  # type: ignore[no-untyped-def]
    return web_store.unit_of_work(person_id=account.person_id)


def _signed_in(client: TestClient, name: str) -> str:
    """Sign in; the CSRF token the pages' forms carry."""
    assert login(client, name).status_code == 303
    return Page(client.get("/").text).csrf()


def _logs(web_store: Store, account: Account, assignment_id: int) -> list:  # type: ignore[type-arg]
    uow = _uow(web_store, account)
    with uow:
        return list(uow.practice.list(assignment_id=assignment_id))


# --- practice in one tap ------------------------------------------------------------------


def test_today_has_three_one_tap_buttons_per_practice(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    _, aid = _client_with_homework(web_store, add_account)
    _signed_in(client, "alice")
    page = Page(client.get("/").text)
    form = page.one("form", cls="log-practice")
    assert form.attrs["action"] == f"/practice/{aid}/log"
    assert form.attrs["hx-post"] == f"/practice/{aid}/log"
    buttons = [b for b in page.find("button") if b.attrs.get("name") == "outcome"]
    assert [(b.attrs["value"], b.text) for b in buttons] == [
        ("done", "Done"),
        ("partial", "Partly done"),
        ("skipped", "Skipped"),
    ]
    # The optional details are labelled, and the rating is a radio group with a legend.
    for field_id in (f"minutes-{aid}", f"note-{aid}"):
        assert page.one("label", **{"for": field_id}).text
    legends = [e.text for e in page.find("legend")]
    assert messages.WEB_QUALITY_LEGEND in legends and messages.WEB_LOG_LEGEND in legends
    assert page.one(id="practice-status").attrs["role"] == "status"


def test_done_tap_without_javascript_logs_and_goes_back_to_today(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice, aid = _client_with_homework(web_store, add_account)
    token = _signed_in(client, "alice")
    response = client.post(
        f"/practice/{aid}/log",
        data={"outcome": "done", CSRF_FIELD: token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/#practice-{aid}"
    logs = _logs(web_store, alice, aid)
    assert len(logs) == 1 and logs[0].outcome.value == "done" and logs[0].minutes == 10
    page = Page(client.get("/").text)
    assert page.one("span", cls="progress").text == messages.progress_line(1, 3, 10, 30)
    assert page.one("span", cls="progress").text.startswith("1 of 3 practices")


def test_done_tap_with_htmx_swaps_the_row_and_announces_it(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice, aid = _client_with_homework(web_store, add_account)
    token = _signed_in(client, "alice")
    response = client.post(
        f"/practice/{aid}/log",
        data={"outcome": "done", "minutes": "12", "quality": "3", "note": "calmer after"},
        headers={**HTMX, "X-CSRF-Token": token},
    )
    assert response.status_code == 200
    page = Page(response.text)
    row = page.one("li", id=f"practice-{aid}")
    assert "1 of 3 practices this week, 12 of 30 minutes" in row.text
    assert page.one("p", cls="logged").text == messages.LOGGED[Outcome.DONE]
    status = page.one(id="practice-status")
    assert status.attrs["hx-swap-oob"] == "true" and status.attrs["role"] == "status"
    assert page.find("div", cls="reflect") == []  # done: nothing to reflect on
    assert "<html" not in response.text  # a fragment, not a page
    (log,) = _logs(web_store, alice, aid)
    assert (log.minutes, log.quality, log.note) == (12, 3, "calmer after")


def test_partial_counts_half_and_offers_the_reflection(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice, aid = _client_with_homework(web_store, add_account)
    token = _signed_in(client, "alice")
    response = client.post(
        f"/practice/{aid}/log",
        data={"outcome": "partial"},
        headers={**HTMX, "X-CSRF-Token": token},
    )
    page = Page(response.text)
    assert page.one("span", cls="progress").text.startswith("1 partly — about ½ of 3 practices")
    assert page.one("p", cls="logged").text == messages.LOGGED[Outcome.PARTIAL]
    reflect = page.one("div", cls="reflect")
    assert reflect.attrs["id"] == f"reflect-{aid}"
    kinds = [e.attrs["value"] for e in page.find("input", name="kind")]
    assert kinds == [k.value for k in BarrierKind]
    assert [e.text for e in page.find("label", cls="choice") if "No time" in e.text] == [
        messages.BARRIER_LABELS[BarrierKind.TIME]
    ]
    (log,) = _logs(web_store, alice, aid)
    assert page.one("input", name="log").attrs["value"] == str(log.id)


def test_skipped_without_javascript_leads_to_the_reflection_and_saves_a_barrier(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice, aid = _client_with_homework(web_store, add_account)
    token = _signed_in(client, "alice")
    tapped = client.post(
        f"/practice/{aid}/log",
        data={"outcome": "skipped", CSRF_FIELD: token},
        follow_redirects=False,
    )
    assert tapped.status_code == 303
    (log,) = _logs(web_store, alice, aid)
    assert tapped.headers["location"] == f"/practice/{aid}/barrier?log={log.id}"
    kinds_page = Page(client.get(tapped.headers["location"]).text)
    assert kinds_page.one("h1").text == "Slow breathing"
    assert kinds_page.one("form", method="get").attrs["action"] == f"/practice/{aid}/barrier"
    # Choosing a kind shows its reflection and the matching next steps, in the CLI's words.
    steps_page = Page(
        client.get(f"/practice/{aid}/barrier", params={"log": log.id, "kind": "others-first"}).text
    )
    assert (
        steps_page.one("p", cls="reflection").text
        == (messages.BARRIER_REFLECTIONS[BarrierKind.OTHERS_FIRST])
    )
    offered = [e.attrs["value"] for e in steps_page.find("input", name="step") if e.attrs["value"]]
    assert offered == [NextStep.PLAN_BOUNDARY.value, NextStep.RESCHEDULE.value]
    saved = client.post(
        f"/practice/{aid}/barrier",
        data={
            "kind": "others-first",
            "log": str(log.id),
            "step": NextStep.PLAN_BOUNDARY.value,
            "note": "My sister needed me",
            CSRF_FIELD: steps_page.csrf(),
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303 and saved.headers["location"] == f"/#practice-{aid}"
    (barrier,) = homework.list_barriers(_uow(web_store, alice), assignment_id=aid)
    assert barrier.kind is BarrierKind.OTHERS_FIRST
    assert barrier.practice_id == log.id
    assert barrier.next_step == messages.NEXT_STEP_LABELS[NextStep.PLAN_BOUNDARY]
    assert barrier.note == "My sister needed me"


def test_barrier_with_htmx_answers_with_the_kind_words(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice, aid = _client_with_homework(web_store, add_account)
    token = _signed_in(client, "alice")
    headers = {**HTMX, "X-CSRF-Token": token}
    steps = client.get(f"/practice/{aid}/barrier", params={"kind": "time"}, headers=HTMX)
    assert "<html" not in steps.text
    assert (
        Page(steps.text).one("p", cls="reflection").text
        == (messages.BARRIER_REFLECTIONS[BarrierKind.TIME])
    )
    saved = client.post(
        f"/practice/{aid}/barrier",
        data={"kind": "time", "own_step": "Five minutes after lunch"},
        headers=headers,
    )
    page = Page(saved.text)
    assert page.one("div", cls="reflect").text == messages.BARRIER_SAVED
    (barrier,) = homework.list_barriers(_uow(web_store, alice), assignment_id=aid)
    assert barrier.next_step == "Five minutes after lunch"


def test_barrier_without_a_kind_is_asked_again_kindly(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice, aid = _client_with_homework(web_store, add_account)
    token = _signed_in(client, "alice")
    response = client.post(f"/practice/{aid}/barrier", data={"note": "hm", CSRF_FIELD: token})
    assert response.status_code == 422
    assert Page(response.text).one("p", cls="form-error").text == messages.WEB_PICK_KIND
    assert homework.list_barriers(_uow(web_store, alice)) == []


@pytest.mark.parametrize(
    ("data", "field_words"),
    [
        ({"outcome": "done", "minutes": "lots"}, "whole number"),
        ({"outcome": "done", "minutes": "5000"}, "Minutes should be between"),
        ({"outcome": "done", "quality": "9"}, "rated from 0 to 4"),
        ({"outcome": "sort of"}, "not one of done, partial or skipped"),
    ],
)
def test_invalid_log_gives_422_keeps_the_typing_and_saves_nothing(
    client: TestClient,
    web_store: Store,
    add_account: Callable[..., Account],
    data: dict[str, str],
    field_words: str,
) -> None:
    alice, aid = _client_with_homework(web_store, add_account)
    token = _signed_in(client, "alice")
    typed = {**data, "note": "kept as typed"}
    response = client.post(f"/practice/{aid}/log", data={**typed, CSRF_FIELD: token})
    assert response.status_code == 422
    page = Page(response.text)
    assert field_words in page.one("p", cls="form-error").text
    assert page.one("textarea", name="note").text == "kept as typed"
    assert "Traceback" not in response.text
    assert _logs(web_store, alice, aid) == []
    if "minutes" in data:
        assert page.one("input", name="minutes").attrs["value"] == data["minutes"]


def test_homework_page_shows_this_weeks_progress(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice, aid = _client_with_homework(web_store, add_account)
    homework.log_practice(_uow(web_store, alice), aid, Outcome.PARTIAL, at=_now())
    _signed_in(client, "alice")
    page = Page(client.get("/homework").text)
    assert page.one("h1").text == messages.WEB_HOMEWORK_TITLE
    item = page.one("li", id=f"homework-{aid}")
    assert "Slow breathing" in item.text
    assert messages.web_homework_plan(3, 10, None) in item.text
    assert page.one("p", cls="progress").text.startswith("1 partly — about ½ of 3 practices")


# --- access: other people, therapists, signed out -----------------------------------------


def _other_clients_ids(web_store: Store, add_account: Callable[..., Account]) -> dict[str, int]:
    bob, aid = _client_with_homework(web_store, add_account, "bob", title="Bob's walk")
    uow = lambda: _uow(web_store, bob)  # noqa: E731
    logged = homework.log_practice(uow(), aid, Outcome.SKIPPED, at=_now())
    entry = journal.write_entry(uow(), "Bob's private words", at=_now()).entry
    question = questions.ask(uow(), "Bob's question?", now=_now()).question
    goal = goals.add_goal(
        uow(), text="Bob's goal", value=None, importance=5, confidence=5, now=_now()
    )
    assert logged.log.id and entry.id and question.id and goal.id
    return {
        "assignment": aid,
        "log": logged.log.id,
        "entry": entry.id,
        "question": question.id,
        "goal": goal.id,
        "person": bob.person_id or 0,
    }


def test_another_clients_ids_are_not_found(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice, own = _client_with_homework(web_store, add_account)
    bobs = _other_clients_ids(web_store, add_account)
    token = _signed_in(client, "alice")
    form = {CSRF_FIELD: token}
    attempts = [
        ("POST", f"/practice/{bobs['assignment']}/log", {**form, "outcome": "done"}),
        ("GET", f"/practice/{bobs['assignment']}/barrier", None),
        ("POST", f"/practice/{bobs['assignment']}/barrier", {**form, "kind": "time"}),
        # My own homework, but Bob's practice log.
        ("POST", f"/practice/{own}/barrier", {**form, "kind": "time", "log": str(bobs["log"])}),
        ("GET", f"/journal/{bobs['entry']}", None),
        ("POST", f"/questions/{bobs['question']}/discussed", form),
        ("POST", f"/goals/{bobs['goal']}/status", {**form, "status": "paused"}),
    ]
    for method, path, data in attempts:
        response = client.request(method, path, data=data, headers=HTML)
        assert response.status_code == 404, (method, path, response.text)
        assert "Bob" not in response.text
    # Nothing was written into either person's data.
    assert _logs(web_store, alice, own) == []
    assert homework.list_barriers(_uow(web_store, alice)) == []
    bob_uow = web_store.unit_of_work(person_id=bobs["person"])
    assert [q.id for q in questions.list_questions(bob_uow)] == [bobs["question"]]
    bob_uow = web_store.unit_of_work(person_id=bobs["person"])
    assert [g.status for g in goals.list_goals(bob_uow)] == [GoalStatus.ACTIVE]


# --- journal ------------------------------------------------------------------------------


def test_journal_entry_is_saved_listed_and_shown(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    _signed_in(client, "alice")
    new = Page(client.get("/journal/new").text)
    prompt = new.one("p", cls="prompt").text
    assert prompt in messages.GENERAL_PROMPTS  # no session yet: a general prompt
    assert new.one("label", **{"for": "journal-text"}).text == messages.WEB_JOURNAL_TEXT
    saved = client.post(
        "/journal",
        data={
            "text": "A walk at lunch helped more than I expected.",
            "tags": "walks, #Lunch",
            "mood": "6",
            "bring": "1",
            "prompt": prompt,
            "offered": prompt,
            CSRF_FIELD: new.csrf(),
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303
    (entry,) = journal.list_entries(_uow(web_store, alice))
    assert saved.headers["location"] == f"/journal/{entry.id}?saved=1"
    assert entry.tags == ["walks", "lunch"] and entry.mood == 6 and entry.bring
    assert entry.prompt == prompt and entry.visibility.value == "private"
    shown = Page(client.get(saved.headers["location"]).text)
    assert shown.one("p", cls="notice").text == messages.JOURNAL_SAVED
    assert shown.one("div", cls="entry-text").text == entry.text
    assert shown.one("p", cls="entry-meta").text == (
        f"{messages.web_mood(6)} · {messages.WEB_JOURNAL_BRING_SHORT}"
    )  # what there is, joined, with no separator in front
    assert shown.find("section", cls="support") == []
    listed = Page(client.get("/journal").text)
    assert listed.one("li", id=f"entry-{entry.id}").text.startswith(
        messages.when(entry.written_at, "date")
    )
    # The page's search form posts its words (never in a URL); ?q= still works.
    form = listed.one("form", role="search")
    assert form.attrs["method"] == "post" and form.attrs["action"] == "/journal/search"
    found = Page(
        client.post("/journal/search", data={"q": "LUNCH walk", CSRF_FIELD: listed.csrf()}).text
    )
    assert len(found.find("li", cls="entry")) == 1
    assert found.one("input", id="journal-q").attrs["value"] == "LUNCH walk"
    nothing = Page(
        client.post("/journal/search", data={"q": "holiday", CSRF_FIELD: listed.csrf()}).text
    )
    assert nothing.find("li", cls="entry") == []
    assert messages.JOURNAL_NO_MATCH in nothing.one("main").text
    assert (
        len(Page(client.get("/journal", params={"q": "lunch"}).text).find("li", cls="entry")) == 1
    )


def test_empty_journal_entry_gives_422_keeps_everything_and_saves_nothing(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    token = _signed_in(client, "alice")
    for data, field_name in (
        ({"text": "   ", "tags": "sleep", "mood": "4"}, "text"),
        ({"text": "Kept words", "tags": "sleep", "mood": "11"}, "mood"),
    ):
        response = client.post("/journal", data={**data, CSRF_FIELD: token})
        assert response.status_code == 422
        page = Page(response.text)
        assert page.one("p", cls="form-error").text
        assert page.one("textarea", name="text").text == data["text"].strip()
        assert page.one("input", name="tags").attrs["value"] == "sleep"
        assert page.one("input", name="mood").attrs["value"] == data["mood"]
        assert page.one("textarea", name="text").attrs.get("aria-invalid") == (
            "true" if field_name == "text" else None
        )
    assert journal.list_entries(_uow(web_store, alice)) == []


def test_the_draft_autosaves_survives_a_new_session_and_goes_after_saving(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    token = _signed_in(client, "alice")
    textarea = Page(client.get("/journal/new").text).one("textarea", name="text")
    assert textarea.attrs["hx-post"] == "/journal/draft"
    assert textarea.attrs["hx-trigger"] == "input changed delay:800ms"
    status = client.post(
        "/journal/draft",
        data={"text": "Half a thought about Sunday"},
        headers={**HTMX, "X-CSRF-Token": token},
    )
    assert status.status_code == 200
    assert status.text.strip().startswith("Draft saved ")
    # The tab is closed; a new sign-in (a new session) finds the words again.
    client.cookies.clear()
    token = _signed_in(client, "alice")
    page = Page(client.get("/journal/new").text)
    assert page.one("textarea", name="text").text == "Half a thought about Sunday"
    assert page.one("p", cls="notice").text == messages.WEB_DRAFT_KEPT
    saved = client.post(
        "/journal",
        data={"text": "Half a thought about Sunday, finished.", CSRF_FIELD: page.csrf()},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    again = Page(client.get("/journal/new").text)
    assert again.one("textarea", name="text").text == ""
    assert again.find("p", cls="notice") == []


def test_hard_words_save_the_entry_and_offer_support_kindly(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    token = _signed_in(client, "alice")
    saved = client.post(
        "/journal",
        data={"text": "Some days I want to die.", CSRF_FIELD: token},
        follow_redirects=False,
    )
    assert saved.status_code == 303 and saved.headers["location"].endswith("&support=1")
    (entry,) = journal.list_entries(_uow(web_store, alice))  # saved, never blocked
    page = Page(client.get(saved.headers["location"]).text)
    box = page.one("section", cls="support")
    assert page.one("h2", id="support-heading").text == messages.SAFETY_HEADER
    hrefs = [a.attrs["href"] for a in page.find("a") if a.text in box.text]
    assert "/safety-plan" in hrefs and "/crisis" in hrefs
    assert messages.not_monitored("112").split(" If")[0] in box.text
    # The offer of a note for the therapist becomes a question, and says so.
    note = client.post(
        "/questions",
        data={"text": "I'd like to talk about the hard days.", "kind": "note", CSRF_FIELD: token},
        follow_redirects=False,
    )
    assert note.status_code == 303
    shown = Page(client.get(note.headers["location"]).text)
    assert shown.one("p", cls="notice").text == messages.SUPPORT_NOTE_SAVED
    assert [q.text for q in questions.list_questions(_uow(web_store, alice))] == [
        "I'd like to talk about the hard days."
    ]
    assert entry.id is not None


# --- questions and goals ------------------------------------------------------------------


def test_questions_are_asked_marked_discussed_and_folded_away(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    token = _signed_in(client, "alice")
    asked = client.post(
        "/questions",
        data={"text": "Why are mornings hard?", CSRF_FIELD: token},
        follow_redirects=False,
    )
    assert asked.status_code == 303
    (q,) = questions.list_questions(_uow(web_store, alice))
    page = Page(client.get(asked.headers["location"]).text)
    assert page.one("p", cls="notice").text == messages.QUESTION_SAVED
    assert page.one("li", id=f"question-{q.id}").text.startswith("Why are mornings hard?")
    done = client.post(
        f"/questions/{q.id}/discussed", data={CSRF_FIELD: token}, follow_redirects=False
    )
    assert done.status_code == 303
    page = Page(client.get(done.headers["location"]).text)
    assert messages.NO_OPEN_QUESTIONS in page.one("main").text
    assert "Why are mornings hard?" in page.one("details", cls="discussed").text
    assert questions.list_questions(_uow(web_store, alice)) == []
    empty = client.post("/questions", data={"text": "  ", CSRF_FIELD: token})
    assert empty.status_code == 422 and Page(empty.text).one("p", cls="form-error").text
    assert len(questions.list_questions(_uow(web_store, alice), include_discussed=True)) == 1


def test_goals_are_added_and_their_status_changes_without_judgement(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    token = _signed_in(client, "alice")
    bad = client.post(
        "/goals",
        data={"text": "Walk daily", "importance": "12", "confidence": "3", CSRF_FIELD: token},
    )
    assert bad.status_code == 422
    page = Page(bad.text)
    assert "Importance" in page.one("p", cls="form-error").text
    assert page.one("input", name="text").attrs["value"] == "Walk daily"
    assert goals.list_goals(_uow(web_store, alice)) == []
    added = client.post(
        "/goals",
        data={
            "text": "Walk daily",
            "value": "health",
            "importance": "8",
            "confidence": "4",
            CSRF_FIELD: token,
        },
        follow_redirects=False,
    )
    assert added.status_code == 303
    (goal,) = goals.list_goals(_uow(web_store, alice))
    page = Page(client.get(added.headers["location"]).text)
    item = page.one("li", id=f"goal-{goal.id}")
    assert "Walk daily" in item.text and messages.web_readiness(8, 4) in item.text
    changed = client.post(
        f"/goals/{goal.id}/status",
        data={"status": "not-pursuing", CSRF_FIELD: token},
        follow_redirects=False,
    )
    page = Page(client.get(changed.headers["location"]).text)
    assert page.one("p", cls="notice").text == messages.GOAL_STATUS_SAID[GoalStatus.NOT_PURSUING]
    assert goals.list_goals(_uow(web_store, alice))[0].status is GoalStatus.NOT_PURSUING


# --- check-ins ----------------------------------------------------------------------------


def test_mood_checkin_is_a_radio_group_and_is_saved(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    token = _signed_in(client, "alice")
    page = Page(client.get("/checkin").text)
    assert messages.WEB_CHECKIN_MOOD_LEGEND in [e.text for e in page.find("legend")]
    assert [e.attrs["value"] for e in page.find("input", name="mood")] == [
        str(n) for n in range(11)
    ]
    missing = client.post("/checkin/mood", data={"note": "tired", CSRF_FIELD: token})
    assert missing.status_code == 422
    assert Page(missing.text).one("textarea", name="note").text == "tired"
    assert checkins.list_checkins(_uow(web_store, alice)) == []
    saved = client.post(
        "/checkin/mood", data={"mood": "7", "note": "ok", CSRF_FIELD: token}, follow_redirects=False
    )
    assert saved.status_code == 303
    (c,) = checkins.list_checkins(_uow(web_store, alice))
    assert (c.mood, c.note) == (7, "ok")
    assert Page(client.get(saved.headers["location"]).text).one("p", cls="notice").text == (
        messages.CHECKIN_SAVED
    )


def test_phq9_item_9_above_zero_brings_the_support_box(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    token = _signed_in(client, "alice")
    page = Page(client.get("/checkin").text)
    item9 = [e for e in page.find("legend") if e.text.startswith("9. Thoughts that you")]
    assert len(item9) == 1
    answers = {f"item_{i}": "1" for i in range(1, 10)}
    incomplete = client.post("/checkin/phq9", data={**answers, "item_9": "", CSRF_FIELD: token})
    assert incomplete.status_code == 422
    kept = Page(incomplete.text)
    assert kept.one("p", cls="form-error").text == messages.WEB_CHECKIN_ANSWER_ALL
    assert [e.attrs["name"] for e in kept.find("input", checked="")][:8] == [
        f"item_{i}" for i in range(1, 9)
    ]
    assert checkins.list_checkins(_uow(web_store, alice)) == []
    saved = client.post(
        "/checkin/phq9", data={**answers, CSRF_FIELD: token}, follow_redirects=False
    )
    assert saved.status_code == 303
    page = Page(client.get(saved.headers["location"]).text)
    assert "PHQ-9: 9 of 27 — mild." in page.one("p", cls="notice").text
    assert page.one("h2", id="support-heading").text == messages.SAFETY_HEADER
    # A GAD-7 (no safety item) shows its result without the box.
    gad = {f"item_{i}": "0" for i in range(1, 8)}
    done = client.post("/checkin/gad7", data={**gad, CSRF_FIELD: token}, follow_redirects=False)
    page = Page(client.get(done.headers["location"]).text)
    assert "GAD-7: 0 of 21" in page.one("p", cls="notice").text
    assert page.find("section", cls="support") == []
    assert client.post("/checkin/nope", data={CSRF_FIELD: token}).status_code == 404


# --- every client page: labelled, no inline style, headings in order ----------------------


def test_client_pages_are_labelled_and_free_of_inline_style(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice, aid = _client_with_homework(web_store, add_account)
    logged = homework.log_practice(_uow(web_store, alice), aid, Outcome.SKIPPED, at=_now())
    entry = journal.write_entry(_uow(web_store, alice), "A quiet evening.", at=_now()).entry
    questions.ask(_uow(web_store, alice), "What about weekends?", now=_now())
    _signed_in(client, "alice")
    paths = [
        "/",
        "/homework",
        f"/practice/{aid}/barrier?log={logged.log.id}",
        f"/practice/{aid}/barrier?kind=fear",
        "/journal",
        "/journal/new",
        f"/journal/{entry.id}",
        "/questions",
        "/goals",
        "/checkin",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        page = Page(response.text)
        assert all("style" not in e.attrs for e in page.elements), path
        assert not [e for e in page.elements if any(a.startswith("hx-on") for a in e.attrs)]
        labelled = {e.attrs.get("for") for e in page.find("label")}
        for e in page.elements:
            kind = e.attrs.get("type", "")
            if e.tag in ("input", "textarea", "select") and kind not in (
                "hidden",
                "radio",
                "checkbox",
            ):
                assert e.attrs.get("id") in labelled, (path, e)
        levels = [int(e.tag[1]) for e in page.elements if e.tag in ("h1", "h2", "h3")]
        assert levels and levels[0] == 1, path
        assert all(b - a <= 1 for a, b in pairwise(levels)), path
