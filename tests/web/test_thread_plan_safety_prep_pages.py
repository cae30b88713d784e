"""The client's thread, weekly plan (.ics), safety plan (downloads, sharing, crisis page)
and prep report preview (leave out, downloads), with the access rules for each."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar

import clock
from midweek import messages
from midweek.domain.accounts import Account
from midweek.domain.sharing import ShareKind
from midweek.services import care_links, checkins, consent, demo, goals, questions
from midweek.services import homework as hw
from midweek.services import safety_plan as plans
from midweek.services.library import crisis_resources, shipped_templates
from midweek.storage import Store
from midweek.web.security import CSRF_FIELD

from .conftest import Page, login


def _now() -> datetime:
    return clock.NOW


def _person(account: Account) -> int:
    assert account.person_id is not None
    return account.person_id


def _seed_demo(store: Store, account: Account) -> None:
    demo.seed(
        store.unit_of_work(person_id=_person(account)),
        now=_now(),
        thought_record=shipped_templates()["thought-record"],
    )


def _signed_in(client: TestClient, name: str) -> str:
    """Sign ``name`` in (fresh cookies) and return the CSRF token for their forms."""
    client.cookies.clear()
    assert login(client, name).status_code == 303
    return Page(client.get("/").text).csrf()


def _no_inline_style_or_script(page: Page) -> None:
    assert page.find("style") == []
    assert all("style" not in e.attrs for e in page.elements)
    assert all(s.attrs.get("src", "").startswith("/static/") for s in page.find("script"))


def _labelled(page: Page) -> None:
    """Every visible input, select and textarea has a label pointing at it."""
    targets = {e.attrs.get("for") for e in page.find("label")}
    for tag in ("input", "select", "textarea"):
        for e in page.find(tag):
            if e.attrs.get("type") == "hidden":
                continue
            assert e.attrs.get("id") in targets, e.attrs


# --- the thread ---------------------------------------------------------------------------


def test_thread_shows_takeaways_homework_and_follows_a_theme(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    _seed_demo(web_store, alice)
    _signed_in(client, "alice")
    response = client.get("/thread")
    assert response.status_code == 200
    page = Page(response.text)
    _no_inline_style_or_script(page)
    _labelled(page)
    takeaways = [ul.text for ul in page.find("ul", cls="takeaways")]
    assert takeaways[0] == (
        "Worry shrinks when I give it a set time instead of fighting it all day."
    )
    assert "Small steps are still steps." in takeaways[-1]
    first = page.find("ul", cls="thread-homework")[0]
    assert first.text.startswith("Worry time: 15 minutes at 18:00")
    assert " of 5 practices" in first.text  # how it went, with partial credit
    assert page.find("p", cls="thread-barriers")  # the demo notes what got in the way
    assert page.find("h3")[0].text == messages.THREAD_LEARNED

    followed = Page(client.get("/thread", params={"theme": "boundaries"}).text)
    text = followed.one("main").text
    assert "Saying no to extra work is a boundary, not a failure." in text
    assert "My sleep improves when the evening has a wind-down routine." not in text
    assert followed.one("h1").text.startswith("The thread: “boundaries”")


def test_thread_empty_and_another_persons_goal_is_404(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    bob = add_account("bob")
    goal = goals.add_goal(
        web_store.unit_of_work(person_id=_person(bob)),
        text="Bob's own goal",
        value=None,
        importance=5,
        confidence=5,
        now=_now(),
    )
    _signed_in(client, "alice")
    page = Page(client.get("/thread").text)
    assert page.one(id="thread-empty").text == messages.WEB_THREAD_EMPTY
    assert "Bob's own goal" not in page.one("main").text
    assert client.get("/thread", params={"goal": str(goal.id)}).status_code == 404


# --- the weekly plan ----------------------------------------------------------------------


def test_windows_are_added_listed_and_removed(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    add_account("bob")
    token = _signed_in(client, "alice")
    empty = Page(client.get("/plan").text)
    assert empty.one(id="no-windows").text == messages.WEB_NO_WINDOWS
    added = client.post(
        "/plan/windows",
        data={"windows": "Mon 07:30-07:45\nthu 20:00-20:30", CSRF_FIELD: token},
        follow_redirects=False,
    )
    assert added.status_code == 303 and added.headers["location"] == "/plan"
    page = Page(client.get("/plan").text)
    _no_inline_style_or_script(page)
    _labelled(page)
    assert [th.text for th in page.find("th", cls="window")] == [
        "Mon 07:30-07:45",
        "Thu 20:00-20:30",
    ]
    assert page.one(id="windows-total").text == messages.windows_total(45)
    forms = [f for f in page.find("form") if f.attrs.get("action", "").endswith("/delete")]
    first = forms[0].attrs["action"]

    # Bob cannot remove Alice's window.
    bob_token = _signed_in(client, "bob")
    other = client.post(first, data={CSRF_FIELD: bob_token}, follow_redirects=False)
    assert other.status_code == 404

    token = _signed_in(client, "alice")
    gone = client.post(first, data={CSRF_FIELD: token}, follow_redirects=False)
    assert gone.status_code == 303
    after = Page(client.get("/plan").text)
    assert [th.text for th in after.find("th", cls="window")] == ["Thu 20:00-20:30"]


def test_an_unreadable_window_is_422_with_the_sentence_and_keeps_the_text(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    token = _signed_in(client, "alice")
    response = client.post(
        "/plan/windows",
        data={"windows": "Mon 07:30-07:45\nsometime soon", CSRF_FIELD: token},
        follow_redirects=False,
    )
    assert response.status_code == 422
    page = Page(response.text)
    error = page.one(id="windows-error").text
    assert error.startswith("I couldn't read “sometime soon” as a time window")
    assert page.one("textarea", id="windows").text == "Mon 07:30-07:45 sometime soon"
    # All or none: the readable window was not saved either.
    assert Page(client.get("/plan").text).find("th", cls="window") == []


def test_the_week_plan_and_its_ics_hold_the_same_practices(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    hw.add_homework(
        web_store.unit_of_work(person_id=_person(alice)),
        title="Slow breathing",
        per_week=2,
        minutes=10,
        now=_now() - timedelta(days=1),
        instructions="Breathe out longer than in.",
    )
    token = _signed_in(client, "alice")
    days = "\n".join(f"{d} 23:00-23:30" for d in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"))
    client.post("/plan/windows", data={"windows": days, CSRF_FIELD: token})
    page = Page(client.get("/plan").text)
    planned = [s.text for s in page.find("span", cls="planned-title")]
    assert planned == ["Slow breathing", "Slow breathing"]
    assert page.one(id="plan-fits").text.startswith("Everything fits")
    link = page.one("a", id="plan-ics")
    assert ".ics" in link.text

    response = client.get(link.attrs["href"])
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert response.headers["content-disposition"].startswith("attachment;")
    assert ".ics" in response.headers["content-disposition"]
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Slow breathing", "Slow breathing"]
    assert all(e["dtend"].dt - e["dtstart"].dt == timedelta(minutes=10) for e in events)
    assert all(e.walk("VALARM") for e in events)


def test_a_week_that_does_not_fit_says_so_kindly(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    hw.add_homework(
        web_store.unit_of_work(person_id=_person(alice)),
        title="Long walk",
        per_week=5,
        minutes=45,
        now=_now() - timedelta(days=1),
    )
    token = _signed_in(client, "alice")
    client.post("/plan/windows", data={"windows": "Sat 10:00-10:30", CSRF_FIELD: token})
    short = Page(client.get("/plan").text).one(id="plan-short").text
    assert "Long walk: room for 0 of 5 practices" in short
    assert messages.PLAN_BRING in short


# --- the safety plan ----------------------------------------------------------------------


def _plan_form(token: str, *, phone: str = "+1 555 0100") -> dict[str, object]:
    return {
        CSRF_FIELD: token,
        "warning_signs": "Not sleeping\n\nSkipping meals",
        "coping": "A walk round the block",
        "distractions": "",
        "people_name": ["Ana", "", ""],
        "people_phone": [phone, "", ""],
        "professionals_name": ["Dr Tan", ""],
        "professionals_phone": ["020 7946 0000", ""],
        "safer": "",
        "reasons": "My dog",
    }


def test_safety_plan_is_made_shown_and_kept(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    token = _signed_in(client, "alice")
    none = Page(client.get("/safety-plan").text)
    assert none.one(id="plan-none").text == messages.WEB_PLAN_NONE
    assert none.one(id="not-monitored").text.startswith("midweek is not monitored")

    form = Page(client.get("/safety-plan/edit").text)
    _no_inline_style_or_script(form)
    _labelled(form)
    saved = client.post("/safety-plan", data=_plan_form(token), follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == "/safety-plan?saved=1"

    page = Page(client.get(saved.headers["location"]).text)
    assert page.one(id="plan-saved").text == messages.WEB_PLAN_SAVED
    lines = lambda s: [li.text for li in page.find("li") if li in _items(page, s)]  # noqa: E731
    assert lines("warning_signs") == ["Not sleeping", "Skipping meals"]
    # Each number is a tel: link a thumb can reach, its text the number as typed.
    assert lines("people") == [f"Ana {messages.WEB_DIAL_CALL} +1 555 0100"]
    assert lines("professionals") == [f"Dr Tan {messages.WEB_DIAL_CALL} 020 7946 0000"]
    assert page.one("a", href="tel:+15550100").text == f"{messages.WEB_DIAL_CALL} +1 555 0100"
    assert page.one("a", href="tel:02079460000")
    assert lines("reasons") == ["My dog"]
    stored = plans.get_plan(web_store.unit_of_work(person_id=_person(alice)))
    assert stored is not None and stored.coping == ["A walk round the block"]

    # The edit form shows what is there, with spare rows for new contacts.
    again = Page(client.get("/safety-plan/edit").text)
    assert again.one("textarea", id="warning_signs").text == "Not sleeping Skipping meals"
    names = [e.attrs["value"] for e in again.find("input", name="people_name")]
    assert names[0] == "Ana" and len(names) > 1 and names[1] == ""


def _items(page: Page, section: str) -> list[object]:
    # The <li>s that follow the section's heading, up to the next section.
    start = page.elements.index(page.one("section", id=f"plan-{section}"))
    out = []
    for e in page.elements[start + 1 :]:
        if e.tag == "section":
            break
        if e.tag == "li":
            out.append(e)
    return out


def test_a_phone_that_is_not_a_phone_is_422_and_nothing_is_lost(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    token = _signed_in(client, "alice")
    response = client.post(
        "/safety-plan", data=_plan_form(token, phone="call me"), follow_redirects=False
    )
    assert response.status_code == 422
    page = Page(response.text)
    assert "doesn't look like a phone number" in page.one(id="plan-error").text
    assert page.one("textarea", id="reasons").text == "My dog"
    phones = [e.attrs["value"] for e in page.find("input", name="people_phone")]
    assert phones[0] == "call me"
    assert plans.get_plan(web_store.unit_of_work(person_id=_person(alice))) is None


def test_sharing_the_safety_plan_and_its_downloads(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    add_account("bob")
    token = _signed_in(client, "alice")
    assert client.get("/safety-plan.md").status_code == 422  # no plan yet
    client.post("/safety-plan", data=_plan_form(token))

    share = Page(client.get("/safety-plan").text).one("button", id="plan-share")
    assert share.text == messages.WEB_PLAN_SHARE
    # No therapist yet: nobody to share it with, said plainly.
    alone = client.post("/safety-plan/share", data={"shared": "1", CSRF_FIELD: token})
    assert alone.status_code == 409 and messages.SHARE_NO_THERAPIST in alone.text
    therapist = add_account("dr-ray", "therapist")
    code = care_links.invite(web_store.unit_of_work(), therapist, now=_now()).code
    care_links.accept_invite(web_store.unit_of_work(), alice, code, now=_now())

    def shared() -> bool:
        state = consent.sharing_state(web_store.unit_of_work(), _person(alice))
        return ShareKind.SAFETY_PLAN in state.kinds

    client.post("/safety-plan/share", data={"shared": "1", CSRF_FIELD: token})
    assert shared()  # a share to dr-ray's link
    page = Page(client.get("/safety-plan").text)
    assert messages.PLAN_VISIBILITY_SHARED in page.one(id="plan-visibility").text
    client.post("/safety-plan/share", data={"shared": "0", CSRF_FIELD: token})
    assert not shared()

    md = client.get("/safety-plan.md")
    assert md.status_code == 200
    assert md.headers["content-disposition"].startswith("attachment;")
    assert "- Ana: +1 555 0100" in md.text
    assert f"## {messages.PLAN_CRISIS_HEADING}" in md.text
    pdf = client.get("/safety-plan.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"

    # Bob has no plan of his own and never sees Alice's.
    _signed_in(client, "bob")
    assert "Ana" not in Page(client.get("/safety-plan").text).one("main").text
    assert client.get("/safety-plan.md").status_code == 422


# --- the crisis page ----------------------------------------------------------------------


def test_crisis_page_shows_the_clients_own_contacts_first(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    token = _signed_in(client, "alice")
    client.post("/safety-plan", data=_plan_form(token))
    page = Page(client.get("/crisis").text)
    own = page.find("span", cls="own-contact-name")
    lines = page.find("span", cls="contact-name")
    assert [e.text for e in own] == ["Ana", "Dr Tan"]
    resources = crisis_resources("INTL")
    assert [e.text for e in lines] == [c.name for c in resources.contacts]
    assert page.elements.index(own[-1]) < page.elements.index(lines[0])
    assert page.one("a", id="own-plan-link").attrs["href"] == "/safety-plan"


def test_crisis_page_without_a_plan_or_when_it_cannot_be_read(
    client: TestClient, add_account: Callable[..., Account], monkeypatch: pytest.MonkeyPatch
) -> None:
    add_account("alice")
    _signed_in(client, "alice")
    resources = crisis_resources("INTL")
    page = Page(client.get("/crisis").text)
    assert page.find("span", cls="own-contact-name") == []
    assert [e.text for e in page.find("span", cls="contact-name")] == [
        c.name for c in resources.contacts
    ]
    assert page.one("a", id="own-plan-link").attrs["href"] == "/safety-plan/edit"

    def broken(uow: object) -> None:
        raise RuntimeError("the database is unreadable")

    monkeypatch.setattr(plans, "get_plan", broken)
    response = client.get("/crisis")
    assert response.status_code == 200
    names = [e.text for e in Page(response.text).find("span", cls="contact-name")]
    assert names == [c.name for c in resources.contacts]


# --- the prep report ----------------------------------------------------------------------


def test_prep_preview_leaves_out_what_is_ticked_in_preview_and_downloads(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    _seed_demo(web_store, alice)
    question = "Is there a kinder way to say no?"
    questions.ask(web_store.unit_of_work(person_id=_person(alice)), question, now=_now())
    token = _signed_in(client, "alice")

    page = Page(client.get("/prep").text)
    _no_inline_style_or_script(page)
    _labelled(page)
    boxes = page.find("input", name="exclude")
    ids = [b.attrs["value"] for b in boxes]
    assert "practice" in ids and "questions" in ids
    wanted = next(
        b.attrs["value"]
        for b in boxes
        if b.attrs["value"].startswith("question:")
        and question in page.one("label", **{"for": b.attrs["id"]}).text
    )
    preview = [li.attrs["data-id"] for li in page.find("li", cls="prep-item")]
    assert wanted in preview

    # One form holds the choices; "Update the preview" posts it and shows them by GET.
    form = page.one("form", id="prep-choices")
    assert form.attrs["method"] == "post" and form.attrs["action"] == "/prep"
    update = client.post(
        "/prep", data={CSRF_FIELD: token, "exclude": [wanted]}, follow_redirects=False
    )
    assert update.status_code == 303
    assert (
        update.headers["location"].startswith("/prep?exclude=")
        and token not in (update.headers["location"])
    )
    left_out = Page(client.get(update.headers["location"]).text)
    assert wanted not in [li.attrs["data-id"] for li in left_out.find("li", cls="prep-item")]
    assert question not in left_out.one("section", cls="prep-preview").text
    assert (
        left_out.one(
            "input", id=next(b.attrs["id"] for b in boxes if b.attrs["value"] == wanted)
        ).attrs.get("checked")
        is not None
    )
    shown = [e.attrs["value"] for e in left_out.find("input", name="shown_exclude")]
    assert shown == [wanted]

    # Downloads and sending are buttons of that same form: what is ticked when pressing.
    for ident, action in (("prep-md", "/prep.md"), ("prep-pdf", "/prep.pdf")):
        button = left_out.one("button", id=ident)
        assert button.attrs["form"] == "prep-choices" and button.attrs["formaction"] == action
    send = left_out.one("button", id="prep-send")
    assert send.attrs["form"] == "prep-choices" and send.attrs["formaction"] == "/prep/share"
    md = client.post("/prep.md", data={CSRF_FIELD: token, "exclude": [wanted]})
    assert md.status_code == 200 and md.headers["content-disposition"].startswith("attachment;")
    assert question not in md.text and messages.PREP_TITLE in md.text
    assert question in client.post("/prep.md", data={CSRF_FIELD: token}).text
    assert question not in client.get("/prep.md", params={"exclude": wanted}).text
    pdf = client.post("/prep.pdf", data={CSRF_FIELD: token, "exclude": [wanted]})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_sending_never_puts_back_what_the_preview_left_out(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    _seed_demo(web_store, alice)
    token = _signed_in(client, "alice")
    # The preview left out "questions"; the box was unticked but not previewed again.
    stale = client.post(
        "/prep/share",
        data={CSRF_FIELD: token, "previewed": "1", "shown_exclude": ["questions"]},
        follow_redirects=False,
    )
    assert stale.status_code == 303 and "changed=1" in stale.headers["location"]
    page = Page(client.get(stale.headers["location"]).text)
    assert page.one(id="prep-changed").text == messages.WEB_PREP_CHANGED
    added = client.post(
        "/prep/share",
        data={CSRF_FIELD: token, "previewed": "1", "include": ["safety"]},
        follow_redirects=False,
    )
    assert added.status_code == 303 and "changed=1" in added.headers["location"]


def test_prep_risk_items_are_out_of_the_page_and_downloads_unless_added(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    from midweek.domain.entities import CheckinKind

    alice = add_account("alice")
    _seed_demo(web_store, alice)
    checkins.checkin_instrument(
        web_store.unit_of_work(person_id=_person(alice)),
        CheckinKind.PHQ9,
        "1,1,1,1,1,0,1,0,1",
        note=None,
        at=_now() - timedelta(hours=2),
    )
    token = _signed_in(client, "alice")
    risk = "better off dead"
    page = Page(client.get("/prep").text)
    assert risk not in page.one("section", cls="prep-preview").text
    assert not [b for b in page.find("input", name="exclude") if "item9" in b.attrs["value"]]
    box = page.one("input", id="add-safety")
    assert box.attrs["name"] == "include" and box.attrs.get("checked") is None
    assert risk not in client.post("/prep.md", data={CSRF_FIELD: token}).text
    assert risk not in client.get("/prep.md").text

    added = Page(client.get("/prep", params={"include": "safety"}).text)
    assert risk in added.one("section", cls="prep-preview").text
    assert added.one("input", id="add-safety").attrs.get("checked") is not None
    assert risk in client.post("/prep.md", data={CSRF_FIELD: token, "include": "safety"}).text
    # PHQ-9 left out takes the added question-9 answer with it.
    cut = client.post(
        "/prep.md", data={CSRF_FIELD: token, "include": "safety", "exclude": "measure:phq9"}
    ).text
    assert risk not in cut and "PHQ-9" not in cut


def test_prep_unknown_id_is_422_and_empty_prep_is_kind(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    _signed_in(client, "alice")
    assert Page(client.get("/prep").text).one(id="prep-empty").text == messages.PREP_EMPTY
    _seed_demo(web_store, alice)
    response = client.get("/prep", params={"exclude": "journal:99999"})
    assert response.status_code == 422
    assert "I don't know journal:99999" in Page(response.text).one(id="prep-error").text
    assert client.get("/prep.md", params={"exclude": "journal:99999"}).status_code == 422
