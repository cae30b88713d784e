"""Worksheets in the web app: forms drawn from the template engine, the engine's own
sentences beside the fields, computed values after saving, other people's ids 404."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from itertools import pairwise

import pytest
from fastapi.testclient import TestClient

import clock
from midweek import messages
from midweek.domain.accounts import Account
from midweek.domain.entities import Assignment, Outcome, PracticeLog, TherapySession
from midweek.domain.errors import ValidationError
from midweek.domain.worksheets import parse_value
from midweek.services import library
from midweek.storage import Store
from midweek.web.security import CSRF_FIELD

from .conftest import Page, login

HTML = {"Accept": "text/html"}

THOUGHT_RECORD = {
    # (Not "Sunday evening": the learned layer reads that line as urgent, docs/RISK.md, limits.)
    "field_situation": "Monday morning, reading a work email.",
    # (The detector reads "They'll see I'm not up to this." as urgent: docs/RISK.md, limits.)
    "field_automatic_thought": "They'll notice the mistakes in my report.",
    "field_emotion": "anxious",
    "field_intensity_before": "80",
    "field_evidence_for": "",
    "field_evidence_against": "My last review was good.",
    "field_balanced_thought": "It might be hard, and I've handled hard before.",
    "field_intensity_after": "50",
}


def _now() -> datetime:
    return clock.NOW


def _signed_in(client: TestClient, name: str) -> str:
    """Sign in; the CSRF token the pages' forms carry."""
    assert login(client, name).status_code == 303
    return Page(client.get("/").text).csrf()


def _with_homework(
    web_store: Store,
    account: Account,
    *,
    title: str = "Thought records",
    worksheet: str | None = "thought-record",
) -> int:
    uow = web_store.unit_of_work(person_id=account.person_id)
    day = _now().date()
    with uow:
        if uow.sessions.latest(on_or_before=day) is None:
            uow.sessions.add(TherapySession(date=day, takeaways=["Thoughts are not facts."]))
        a = uow.homework.add(
            Assignment(title=title, per_week=3, minutes=15, start=day, worksheet=worksheet)
        )
        uow.commit()
    assert a.id is not None
    return a.id


def _logs(web_store: Store, account: Account) -> list[PracticeLog]:
    uow = web_store.unit_of_work(person_id=account.person_id)
    with uow:
        return list(uow.practice.list())


def _check_accessible(page: Page, where: str) -> None:
    """Labelled controls, help linked by aria-describedby, no inline style or script."""
    assert all("style" not in e.attrs for e in page.elements), where
    assert all(
        not k.startswith("on") and not k.startswith("hx-on") for e in page.elements for k in e.attrs
    ), where
    assert all("src" in s.attrs and not s.text for s in page.find("script")), where
    ids = {e.attrs["id"] for e in page.elements if "id" in e.attrs}
    labelled = {e.attrs.get("for") for e in page.find("label")}
    for e in page.elements:
        kind = e.attrs.get("type", "")
        if e.tag in ("input", "textarea", "select") and kind not in ("hidden", "radio", "checkbox"):
            assert e.attrs.get("id") in labelled, (where, e)
        for ref in e.attrs.get("aria-describedby", "").split():
            assert ref in ids, (where, e, ref)
    boxes = [e for e in page.find("input") if e.attrs.get("type") in ("radio", "checkbox")]
    assert len(page.find("label", cls="choice")) == len(boxes), where
    assert len(page.find("legend")) == len(page.find("fieldset")), where
    levels = [int(e.tag[1]) for e in page.elements if e.tag in ("h1", "h2", "h3")]
    assert levels and levels[0] == 1, where
    assert all(b - a <= 1 for a, b in pairwise(levels)), where


# --- the library and its forms ------------------------------------------------------------


def test_library_lists_every_shipped_worksheet_with_a_link(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    _signed_in(client, "alice")
    response = client.get("/worksheets")
    assert response.status_code == 200
    page = Page(response.text)
    _check_accessible(page, "/worksheets")
    hrefs = {a.attrs["href"]: a.text for a in page.find("a")}
    for t in library.shipped_templates().values():
        assert hrefs[f"/worksheets/fill/{t.name}"] == messages.web_worksheet_fill(t.title)
        assert t.description in page.one("li", id=f"worksheet-{t.name}").text
    assert messages.WEB_NO_WORKSHEETS_DONE in response.text
    assert messages.WEB_CLIENT_NAV[1:3] == (
        ("/worksheets", "Worksheets"),
        ("/homework", "Homework"),
    )
    assert page.one("a", href="/worksheets").attrs["aria-current"] == "page"


def test_every_shipped_template_renders_a_labelled_form(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    _signed_in(client, "alice")
    for name, t in library.shipped_templates().items():
        response = client.get(f"/worksheets/fill/{name}")
        assert response.status_code == 200, name
        page = Page(response.text)
        _check_accessible(page, name)
        assert page.one("h1").text == t.title
        form = page.one("form", cls="worksheet-form")
        assert form.attrs["action"] == f"/worksheets/fill/{name}"
        for f in t.fields:
            controls = [e for e in page.elements if e.attrs.get("name") == f"field_{f.name}"]
            assert controls, (name, f.name)
            if f.help:
                helped = page.one("p", id=f"field-{f.name.replace('_', '-')}-help")
                assert helped.text == f.help
                described = [
                    e
                    for e in page.elements
                    if helped.attrs["id"] in e.attrs.get("aria-describedby", "").split()
                ]
                assert described, (name, f.name)
            kind = f.kind.value
            types = {e.attrs.get("type", e.tag) for e in controls}
            if kind == "long-text":
                assert types == {"textarea"}
            elif kind == "short-text":
                assert types == {"text"}
            elif kind == "time":
                assert types == {"time"}
            elif kind == "date":
                assert types == {"date"}
            elif kind == "rating":
                assert types == {"radio"} and len(controls) == 11
            elif kind == "choice":
                assert types == {"radio"} and len(controls) == len(f.choices)
            elif kind == "multi-choice":
                assert types == {"checkbox"} and len(controls) == len(f.choices)
            else:  # suds, large integers, durations
                (box,) = controls
                assert box.attrs["type"] == "number"
                if f.max is not None:
                    assert box.attrs["max"] == str(f.max)
        if t.computed:
            ahead = page.one("p", cls="worksheet-ahead").text
            assert all(c.label in ahead for c in t.computed)


# --- filling in ---------------------------------------------------------------------------


def test_thought_record_is_saved_and_shows_what_was_worked_out(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    token = _signed_in(client, "alice")
    saved = client.post(
        "/worksheets/fill/thought-record",
        data={**THOUGHT_RECORD, "minutes": "12", CSRF_FIELD: token},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    (log,) = _logs(web_store, alice)
    assert saved.headers["location"] == f"/worksheets/{log.id}?saved=1"
    assert log.worksheet == "thought-record" and log.assignment_id is None
    assert log.minutes == 12 and log.outcome is Outcome.DONE
    assert log.answers is not None
    assert log.answers["intensity_before"] == 80 and log.answers["evidence_for"] is None
    page = Page(client.get(saved.headers["location"]).text)
    _check_accessible(page, "filled")
    assert page.one("p", cls="notice").text == messages.WORKSHEET_SAVED
    assert page.one("h1").text == "Thought record"
    worked = page.one("section", cls="worked-out")
    assert "How much the feeling eased" in worked.text and "30 points" in worked.text
    answers = " ".join(e.text for e in page.find("dd"))
    assert "My last review was good." in answers and "80%" in answers
    assert messages.WEB_WORKSHEET_EMPTY in answers  # evidence for, left empty
    assert page.find("section", cls="support") == []
    listed = Page(client.get("/worksheets").text)
    assert listed.one("li", id=f"filled-{log.id}").text.startswith("Thought record — ")


def test_sleep_diary_works_out_sleep_efficiency(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    token = _signed_in(client, "alice")
    answers = {
        "field_bed_time": "23:00",
        "field_lights_out": "",
        "field_minutes_to_sleep": "20",
        "field_awakenings": "2",
        "field_minutes_awake": "30",
        "field_final_wake": "06:30",
        "field_out_of_bed": "07:00",
        "field_quality": "6",
    }
    saved = client.post("/worksheets/fill/sleep-diary", data={**answers, CSRF_FIELD: token})
    assert saved.status_code == 200
    (log,) = _logs(web_store, alice)
    assert log.answers is not None and log.answers["bed_time"] == "23:00"
    page = Page(saved.text)
    assert page.one("h2", id="worked-heading").text == messages.WEB_WORKSHEET_COMPUTED
    pairs = zip(page.find("dt")[-4:], page.find("dd")[-4:], strict=True)
    worked = {dt.text: dd.text for dt, dd in pairs}
    assert worked == {
        "Time in bed": "8 h",
        "Time in bed after waking": "30 min",
        "Total sleep": "6 h 40 min",
        "Sleep efficiency": "83.3%",
    }


def test_an_impossible_night_is_a_422_beside_its_fields_and_saves_nothing(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    # Issue 15: this night used to be saved as "Total sleep -1620 minutes".
    alice = add_account("alice")
    token = _signed_in(client, "alice")
    answers = {
        "field_night": "",
        "field_bed_time": "23:00",
        "field_lights_out": "",
        "field_minutes_to_sleep": "600",
        "field_awakenings": "",
        "field_minutes_awake": "0",
        "field_final_wake": "06:30",
        "field_out_of_bed": "06:00",
        "field_quality": "",
    }
    response = client.post("/worksheets/fill/sleep-diary", data={**answers, CSRF_FIELD: token})
    assert response.status_code == 422
    assert _logs(web_store, alice) == []
    page = Page(response.text)
    assert page.one("p", id="field-minutes-to-sleep-error").text.startswith(
        "“How long it took to fall asleep” (10 h) is longer than the 7 h 30 min"
    )
    assert page.one("p", id="field-final-wake-error").text.startswith(
        "“Time I woke up for the last time” (06:30) needs to fall between"
    )
    control = page.one(id="field-final-wake")
    assert control.attrs["aria-invalid"] == "true"
    assert page.one("input", id="field-out-of-bed").attrs["value"] == "06:00"  # kept
    assert "-1620" not in response.text


def test_a_sleep_diary_for_last_night_is_filed_on_that_night(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    token = _signed_in(client, "alice")
    form = client.get("/worksheets/fill/sleep-diary")
    assert Page(form.text).one("input", id="field-night").attrs["type"] == "date"
    night = (_now() - timedelta(days=3)).date()
    answers = {
        "field_night": night.isoformat(),
        "field_bed_time": "23:00",
        "field_minutes_to_sleep": "20",
        "field_minutes_awake": "30",
        "field_final_wake": "06:30",
        "field_out_of_bed": "07:00",
    }
    saved = client.post("/worksheets/fill/sleep-diary", data={**answers, CSRF_FIELD: token})
    assert saved.status_code in (200, 303)
    (log,) = _logs(web_store, alice)
    assert log.at.date() == night
    ahead = {**answers, "field_night": (_now() + timedelta(days=2)).date().isoformat()}
    refused = client.post("/worksheets/fill/sleep-diary", data={**ahead, CSRF_FIELD: token})
    assert refused.status_code == 422
    assert "hasn't come yet" in Page(refused.text).one("p", id="field-night-error").text
    assert len(_logs(web_store, alice)) == 1


def test_diary_card_checkboxes_and_scales_round_trip(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    token = _signed_in(client, "alice")
    picked = [("field_skills_used", "mindfulness"), ("field_skills_used", "juggling")]
    body = [*picked, ("field_joy", "7"), (CSRF_FIELD, token)]
    wrong = client.post(
        "/worksheets/fill/diary-card",
        content="&".join(f"{k}={v}" for k, v in body),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert wrong.status_code == 422 and _logs(web_store, alice) == []
    page = Page(wrong.text)
    assert "“juggling” is not one of them" in page.one("p", id="field-skills-used-error").text
    checked = [
        e.attrs["value"]
        for e in page.find("input", name="field_skills_used")
        if "checked" in e.attrs
    ]
    assert checked == ["mindfulness"]  # the choices offered that were ticked stay ticked
    joy = [e for e in page.find("input", name="field_joy") if "checked" in e.attrs]
    assert [e.attrs["value"] for e in joy] == ["7"]
    # Ticked in any order, kept in the template's order.
    ticked = ["distress tolerance", "mindfulness"]
    saved = client.post(
        "/worksheets/fill/diary-card",
        data={"field_skills_used": ticked, "field_joy": "7", CSRF_FIELD: token},
    )
    assert saved.status_code == 200
    (log,) = _logs(web_store, alice)
    assert log.answers is not None
    assert log.answers["skills_used"] == ["mindfulness", "distress tolerance"]
    assert log.answers["joy"] == 7 and log.answers["fear"] is None


def test_an_invalid_answer_gives_422_beside_its_field_keeps_everything_and_saves_nothing(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    token = _signed_in(client, "alice")
    t = library.shipped_templates()["thought-record"]
    data = {**THOUGHT_RECORD, "field_intensity_before": "150", "field_emotion": ""}
    response = client.post("/worksheets/fill/thought-record", data={**data, CSRF_FIELD: token})
    assert response.status_code == 422
    assert _logs(web_store, alice) == []
    page = Page(response.text)
    # The engine's own sentences, each beside the field it names.
    for name, raw in (("intensity_before", "150"), ("emotion", "")):
        with pytest.raises(ValidationError) as expected:
            parse_value(t.field(name), raw)
        dom = f"field-{name.replace('_', '-')}"
        assert page.one("p", id=f"{dom}-error").text == str(expected.value)
        control = page.one(id=dom)
        assert control.attrs["aria-invalid"] == "true"
        assert f"{dom}-error" in control.attrs["aria-describedby"].split()
    assert "150" in page.one("p", id="field-intensity-before-error").text
    assert page.one("p", id="worksheet-error").text == messages.WEB_WORKSHEET_FIX
    # Everything typed is kept.
    assert page.one("textarea", id="field-situation").text == THOUGHT_RECORD["field_situation"]
    assert page.one("input", id="field-intensity-before").attrs["value"] == "150"
    assert page.one("input", id="field-intensity-after").attrs["value"] == "50"
    _check_accessible(page, "422")


def test_a_worksheet_for_homework_counts_as_its_practice(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    aid = _with_homework(web_store, alice)
    token = _signed_in(client, "alice")
    today = Page(client.get("/").text)
    link = today.one("a", cls="fill-worksheet")
    assert link.attrs["href"] == f"/worksheets/fill/thought-record?assignment={aid}"
    form = Page(client.get(link.attrs["href"]).text)
    assert form.one("input", name="assignment").attrs["value"] == str(aid)
    assert form.one("p", cls="worksheet-for").text == messages.web_worksheet_for("Thought records")
    saved = client.post(
        "/worksheets/fill/thought-record",
        data={**THOUGHT_RECORD, "assignment": str(aid), CSRF_FIELD: token},
    )
    assert saved.status_code == 200
    (log,) = _logs(web_store, alice)
    assert log.assignment_id == aid and log.minutes == 15
    assert Page(saved.text).one("p", cls="notice").text == messages.LOGGED[Outcome.DONE]


def test_several_homework_with_the_worksheet_ask_which_one(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    first = _with_homework(web_store, alice, title="Work thoughts")
    _with_homework(web_store, alice, title="Home thoughts")
    token = _signed_in(client, "alice")
    page = Page(client.get("/worksheets/fill/thought-record").text)
    assert messages.WEB_WORKSHEET_WHICH in [e.text for e in page.find("legend")]
    assert len([e for e in page.find("input") if e.attrs.get("name") == "assignment"]) == 2
    missing = client.post(
        "/worksheets/fill/thought-record", data={**THOUGHT_RECORD, CSRF_FIELD: token}
    )
    assert missing.status_code == 422
    assert Page(missing.text).one("p", id="homework-error").text == (
        messages.WEB_WORKSHEET_PICK_HOMEWORK
    )
    assert _logs(web_store, alice) == []
    chosen = client.post(
        "/worksheets/fill/thought-record",
        data={**THOUGHT_RECORD, "assignment": str(first), CSRF_FIELD: token},
    )
    assert chosen.status_code == 200
    assert [log.assignment_id for log in _logs(web_store, alice)] == [first]


def test_hard_words_in_a_worksheet_save_it_and_offer_support(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    token = _signed_in(client, "alice")
    data = {**THOUGHT_RECORD, "field_automatic_thought": "Some days I want to die."}
    saved = client.post(
        "/worksheets/fill/thought-record",
        data={**data, CSRF_FIELD: token},
        follow_redirects=False,
    )
    assert saved.status_code == 303 and saved.headers["location"].endswith("&support=1")
    assert len(_logs(web_store, alice)) == 1  # saved, never blocked
    page = Page(client.get(saved.headers["location"]).text)
    box = page.one("section", cls="support")
    assert page.one("h2", id="support-heading").text == messages.SAFETY_HEADER
    hrefs = [a.attrs["href"] for a in page.find("a") if a.text in box.text]
    assert "/safety-plan" in hrefs and "/crisis" in hrefs
    _check_accessible(page, "support")


# --- not found, not allowed ---------------------------------------------------------------


def test_unknown_worksheets_and_other_peoples_ids_are_not_found(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    bob = add_account("bob")
    bobs_homework = _with_homework(web_store, bob)
    bob_uow = web_store.unit_of_work(person_id=bob.person_id)
    with bob_uow:
        bobs_log = bob_uow.practice.add(
            PracticeLog(
                assignment_id=None,
                at=_now(),
                outcome=Outcome.DONE,
                answers={"situation": "Bob's"},
                worksheet="thought-record",
            )
        )
        bob_uow.commit()
    own_plain = _with_homework(web_store, alice, title="Breathing", worksheet=None)
    token = _signed_in(client, "alice")
    form = {**THOUGHT_RECORD, CSRF_FIELD: token}
    attempts = [
        ("GET", "/worksheets/fill/no-such-sheet", None),
        ("POST", "/worksheets/fill/no-such-sheet", form),
        ("GET", f"/worksheets/fill/thought-record?assignment={bobs_homework}", None),
        ("POST", "/worksheets/fill/thought-record", {**form, "assignment": str(bobs_homework)}),
        ("POST", "/worksheets/fill/thought-record", {**form, "assignment": "x1"}),
        # My own homework, but it has no worksheet.
        ("POST", "/worksheets/fill/thought-record", {**form, "assignment": str(own_plain)}),
        ("GET", f"/worksheets/{bobs_log.id}", None),
    ]
    for method, path, data in attempts:
        response = client.request(method, path, data=data, headers=HTML)
        assert response.status_code == 404, (method, path, response.text)
        assert "Bob" not in response.text
    assert _logs(web_store, alice) == []
    assert len(_logs(web_store, bob)) == 1
