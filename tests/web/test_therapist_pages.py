"""The therapist's pages and the client's sharing pages, through HTTP, with personas: dr-tan
(the therapist), alice (her client), bob (another client of hers), dr-lee (another
therapist, with no link to alice).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient

import clock
from midweek import messages
from midweek.domain.accounts import Account
from midweek.domain.entities import Outcome
from midweek.domain.sharing import ShareKind
from midweek.services import care_links, consent, homework, questions, therapy_sessions
from midweek.services import journal as jr
from midweek.storage import Store
from midweek.web.security import CSRF_FIELD
from midweek.web.therapist_pages import REPORT_CSP

from .conftest import Page, login

HTML = {"Accept": "text/html"}
SECRET = "A very private sentence about mornings."


@dataclass
class Cast:
    tan: Account
    lee: Account
    alice: Account
    bob: Account


def _now() -> datetime:
    return clock.NOW


@pytest.fixture
def cast(add_account: Callable[..., Account]) -> Cast:
    return Cast(
        tan=add_account("dr-tan", role="therapist"),
        lee=add_account("dr-lee", role="therapist"),
        alice=add_account("alice"),
        bob=add_account("bob"),
    )


def _pid(a: Account) -> int:
    assert a.person_id is not None
    return a.person_id


def _as(client: TestClient, name: str) -> str:
    """Sign in as ``name``; the CSRF token for that session's forms."""
    client.cookies.clear()
    assert login(client, name).status_code == 303
    return Page(client.get("/crisis").text).csrf()


def _post(client: TestClient, path: str, token: str, **data: object):  # type: ignore[no-untyped-def]
    return client.post(path, data={CSRF_FIELD: token, **data}, follow_redirects=False)


def _connect(client: TestClient, therapist: str, person: str, kinds: list[str]) -> None:
    """Through the pages: the therapist makes a code, the client accepts it with ``kinds``."""
    token = _as(client, therapist)
    made = _post(client, "/therapist/invite", token)
    assert made.status_code == 200
    code = Page(made.text).one(id="invite-code").text
    token = _as(client, person)
    shown = _post(client, "/sharing/invite", token, code=code)
    assert shown.status_code == 200
    assert therapist in Page(shown.text).one(id="invited-by").text
    accepted = _post(client, "/sharing/invite/accept", token, code=code, kind=kinds)
    assert accepted.status_code == 303


def test_the_whole_flow_and_other_people_get_404(
    client: TestClient, web_store: Store, cast: Cast
) -> None:
    _connect(client, "dr-tan", "alice", ["practice", "questions", "sessions"])
    _connect(client, "dr-tan", "bob", ["practice"])
    now = _now()
    alice = web_store.unit_of_work(person_id=_pid(cast.alice))
    private = jr.write_entry(alice, SECRET, at=now).entry
    shared = jr.write_entry(
        web_store.unit_of_work(person_id=_pid(cast.alice)), "A page I share.", at=now, shared=True
    ).entry
    assert shared.id is not None  # as the journal page does: a share to each link of now
    consent.share_new_entry(
        web_store.unit_of_work(person_id=_pid(cast.alice)), cast.alice, shared.id, now=now
    )
    questions.ask(web_store.unit_of_work(person_id=_pid(cast.alice)), "Why mornings?", now=now)

    token = _as(client, "dr-tan")
    caseload = Page(client.get("/therapist").text)
    names = [e.text for e in caseload.find("a", cls="client-name")]
    assert sorted(names) == ["alice", "bob"]
    base = f"/therapist/clients/{_pid(cast.alice)}"
    page = client.get(base)
    assert page.status_code == 200
    body = Page(page.text).one("main").text
    assert "Why mornings?" in body and SECRET not in body
    assert client.get(f"{base}/journal/{shared.id}").status_code == 200
    assert client.get(f"{base}/journal/{private.id}").status_code == 404

    # Homework from the library, then a rating and a session recorded together.
    set_ = _post(
        client,
        f"{base}/homework",
        token,
        worksheet="thought-record",
        title="",
        per_week="3",
        minutes="15",
        start="",
        until="",
        instructions="After a hard moment.",
    )
    assert set_.status_code == 303, set_.text
    [a] = homework.list_homework(web_store.unit_of_work(person_id=_pid(cast.alice)))
    assert a.worksheet == "thought-record" and a.per_week == 3
    assert _post(client, f"{base}/homework/{a.id}/rating", token, rating="3").status_code == 303
    recorded = _post(
        client,
        f"{base}/sessions",
        token,
        day="",
        takeaways="Thoughts are not facts.\n\nSmall steps count.",
        themes="worry, sleep",
        next_appointment=(now + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
    )
    assert recorded.status_code == 303
    latest = therapy_sessions.list_sessions(web_store.unit_of_work(person_id=_pid(cast.alice)))[0]
    assert latest.takeaways == ["Thoughts are not facts.", "Small steps count."]
    page2 = Page(client.get(base).text)
    assert "Thoughts are not facts." in page2.one("main").text
    assert _post(client, f"{base}/homework/{a.id}/end", token).status_code == 303

    # Another therapist: 404 everywhere, none of Alice's words in the body.
    token = _as(client, "dr-lee")
    for path in (base, f"{base}/journal/{shared.id}", f"{base}/reports/1", f"{base}/reports/1.md"):
        r = client.get(path, headers=HTML)
        assert r.status_code == 404, path
        assert "A page I share." not in r.text and "Why mornings?" not in r.text
        assert "alice" not in Page(r.text).one("main").text
    for path, data in [
        (f"{base}/homework", {"title": "x", "per_week": "1", "minutes": "5"}),
        (f"{base}/homework/{a.id}/rating", {"rating": "2"}),
        (f"{base}/homework/{a.id}/end", {}),
        (f"{base}/sessions", {"takeaways": "x"}),
    ]:
        assert _post(client, path, token, **data).status_code == 404, path
    assert Page(client.get("/therapist").text).find("a", cls="client-name") == []

    # A client gets 403 on the therapist's pages.
    _as(client, "alice")
    for path in ("/therapist", "/therapist/invite", base):
        assert client.get(path).status_code == 403

    # Alice sees who saw what.
    rows = Page(client.get("/sharing/activity").text).find("tr", cls="activity-row")
    texts = [r.text for r in rows]
    assert texts and all("dr-tan" in t for t in texts)
    assert any(messages.WEB_S_SAW_JOURNAL in t for t in texts)
    assert any(messages.WEB_S_WROTE_SESSION in t for t in texts)
    assert not any("dr-lee" in t for t in texts)


def test_the_caseload_shows_partial_credit_and_not_shared(
    client: TestClient, web_store: Store, cast: Cast
) -> None:
    _connect(client, "dr-tan", "alice", ["practice"])
    _connect(client, "dr-tan", "bob", [])
    now = _now()
    a = homework.new_assignment(
        title="Walk", per_week=2, minutes=10, now=now, start=now.date() - timedelta(days=30)
    )
    with web_store.unit_of_work(person_id=_pid(cast.alice)) as uow:
        homework.store_assignment(uow, a)
        uow.commit()
    assert a.id is not None
    for i, outcome in enumerate([Outcome.DONE, Outcome.PARTIAL]):
        homework.log_practice(
            web_store.unit_of_work(person_id=_pid(cast.alice)),
            a.id,
            outcome,
            at=now - timedelta(days=i + 1),
            minutes=5,
        )
    _as(client, "dr-tan")
    page = Page(client.get("/therapist?sort=name").text)
    rows = page.find("tr", cls="caseload-row")
    assert [r.attrs["data-person"] for r in rows] == [str(_pid(cast.alice)), str(_pid(cast.bob))]
    practice = [e.text for e in page.find("td", cls="practice")]
    assert practice == ["about 1½ of 4", messages.WEB_T_NOT_SHARED]
    assert page.one("th", **{"aria-sort": "ascending"}).text == messages.WEB_T_COL_CLIENT
    struggling = Page(client.get("/therapist").text)
    assert struggling.find("tr", cls="caseload-row")[0].attrs["data-person"] == str(
        _pid(cast.alice)
    )  # bob shares no practice: his row cannot say, so it goes last


def test_empty_caseload_explains_how_to_invite(client: TestClient, cast: Cast) -> None:
    _as(client, "dr-tan")
    page = Page(client.get("/therapist").text)
    assert page.one(id="caseload-empty").text.startswith(messages.WEB_T_CASELOAD_EMPTY)


def test_bad_codes_are_shown_beside_the_form(client: TestClient, cast: Cast) -> None:
    token = _as(client, "alice")
    r = _post(client, "/sharing/invite", token, code="NOPE-12345")
    assert r.status_code == 422
    page = Page(r.text)
    assert page.one(id="code-error").text == messages.INVITE_CODE_UNKNOWN
    assert page.one("input", id="code").attrs["value"] == "NOPE-12345"


def test_sharing_one_item_and_stopping(client: TestClient, web_store: Store, cast: Cast) -> None:
    _connect(client, "dr-tan", "alice", [])
    entry = jr.write_entry(
        web_store.unit_of_work(person_id=_pid(cast.alice)), SECRET, at=_now()
    ).entry
    token = _as(client, "alice")
    r = _post(client, f"/journal/{entry.id}/share", token, shared="1", next="/journal")
    assert r.status_code == 303 and r.headers["location"] == "/journal"
    evil = _post(client, f"/journal/{entry.id}/share", token, shared="1", next="//evil.example")
    assert evil.headers["location"] == "/sharing"
    fragment = client.post(
        f"/journal/{entry.id}/share",
        data={CSRF_FIELD: token, "shared": "1", "next": "/journal"},
        headers={"HX-Request": "true"},
    )
    assert fragment.status_code == 200 and "<html" not in fragment.text
    items = Page(client.get("/sharing").text).find("li", cls="shared-item")
    assert [i.attrs["data-id"] for i in items] == [str(entry.id)]

    _as(client, "dr-tan")
    path = f"/therapist/clients/{_pid(cast.alice)}/journal/{entry.id}"
    assert SECRET in client.get(path).text
    token = _as(client, "alice")
    stop = _post(client, "/sharing/items", token, kind="journal", item_id=str(entry.id), shared="0")
    assert stop.status_code == 303
    _as(client, "dr-tan")
    assert client.get(path).status_code == 404

    # Bob cannot share (or even see) Alice's entry.
    token = _as(client, "bob")
    assert _post(client, f"/journal/{entry.id}/share", token, shared="1").status_code == 404


def test_kinds_toggle_and_disconnect(client: TestClient, web_store: Store, cast: Cast) -> None:
    _connect(client, "dr-tan", "alice", [])
    questions.ask(web_store.unit_of_work(person_id=_pid(cast.alice)), "Why mornings?", now=_now())
    token = _as(client, "alice")
    assert _post(client, "/sharing/kinds", token, kind="questions", shared="1").status_code == 303
    _as(client, "dr-tan")
    base = f"/therapist/clients/{_pid(cast.alice)}"
    assert "Why mornings?" in client.get(base).text
    token = _as(client, "alice")
    assert _post(client, "/sharing/kinds", token, kind="questions", shared="0").status_code == 303
    _as(client, "dr-tan")
    assert "Why mornings?" not in client.get(base).text
    token = _as(client, "alice")
    [link] = care_links.client_links(web_store.unit_of_work(), _pid(cast.alice))
    end = f"/sharing/links/{link.link.id}/end"
    # One tap does not end a link: it asks first, on a plain page (no JavaScript needed).
    asked = _post(client, end, token)
    assert asked.status_code == 303 and asked.headers["location"] == end
    confirm = Page(client.get(end).text)
    assert "dr-tan" in confirm.one(id="end-question").text
    assert confirm.one("a", id="end-keep").attrs["href"] == "/sharing"
    _as(client, "dr-tan")
    assert client.get(base).status_code == 200  # still connected
    token = _as(client, "alice")
    ended = _post(client, end, token, confirm="1")
    assert ended.status_code == 303 and ended.headers["location"] == "/sharing?done=ended"
    _as(client, "dr-tan")
    assert client.get(base).status_code == 404


def test_a_sent_report_has_its_own_policy_and_can_be_withdrawn(
    client: TestClient, web_store: Store, cast: Cast
) -> None:
    _connect(client, "dr-tan", "alice", [])
    now = _now()
    a = homework.new_assignment(title="Walk", per_week=2, minutes=10, now=now)
    with web_store.unit_of_work(person_id=_pid(cast.alice)) as uow:
        homework.store_assignment(uow, a)
        uow.commit()
    assert a.id is not None
    homework.log_practice(
        web_store.unit_of_work(person_id=_pid(cast.alice)), a.id, Outcome.DONE, at=now
    )
    token = _as(client, "alice")
    sent = _post(client, "/prep/share", token)
    assert sent.status_code == 303, sent.text
    [report] = consent.sent_reports(web_store.unit_of_work(person_id=_pid(cast.alice)))
    _as(client, "dr-tan")
    base = f"/therapist/clients/{_pid(cast.alice)}/reports/{report.id}"
    html = client.get(base)
    assert html.status_code == 200 and html.headers["content-security-policy"] == REPORT_CSP
    assert "<script" not in html.text.lower()
    md = client.get(f"{base}.md")
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    # The app's own pages keep the app's policy.
    assert (
        client.get("/therapist").headers["content-security-policy"].startswith("default-src 'self'")
    )
    token = _as(client, "alice")
    assert _post(client, f"/sharing/reports/{report.id}/withdraw", token).status_code == 303
    _as(client, "dr-tan")
    assert client.get(base).status_code == 404


def test_sharing_pages_are_for_clients(client: TestClient, cast: Cast) -> None:
    _as(client, "dr-tan")
    assert client.get("/sharing").status_code == 403
    assert client.get("/sharing/activity").status_code == 403


def test_pages_have_no_inline_script_or_style(
    client: TestClient, web_store: Store, cast: Cast
) -> None:
    _connect(client, "dr-tan", "alice", [k.value for k in ShareKind])
    pages = ["/therapist", "/therapist/invite", f"/therapist/clients/{_pid(cast.alice)}"]
    _as(client, "dr-tan")
    bodies = [client.get(p).text for p in pages]
    _as(client, "alice")
    bodies += [client.get(p).text for p in ("/sharing", "/sharing/activity")]
    for body in bodies:
        page = Page(body)
        assert page.find("style") == []
        assert all("style" not in e.attrs for e in page.elements)
        assert all(s.attrs.get("src", "").startswith("/static/") for s in page.find("script"))


def test_a_mistake_in_the_homework_form_is_shown_with_what_was_typed(
    client: TestClient, cast: Cast
) -> None:
    _connect(client, "dr-tan", "alice", [])
    token = _as(client, "dr-tan")
    base = f"/therapist/clients/{_pid(cast.alice)}"
    r = _post(
        client,
        f"{base}/homework",
        token,
        title="Evening walk",
        per_week="three",
        minutes="20",
        instructions="Slowly.",
    )
    assert r.status_code == 422
    page = Page(r.text)
    assert "three" in page.one(id="error-homework").text
    assert page.one("input", id="title").attrs["value"] == "Evening walk"
    assert page.one("textarea", id="instructions").text == "Slowly."
    bad_rating = _post(client, f"{base}/sessions", token, day="not a day", takeaways="Kept")
    assert bad_rating.status_code == 422
    assert Page(bad_rating.text).one("textarea", id="takeaways").text == "Kept"


def test_a_journal_entry_is_shared_and_unshared_from_its_own_page(
    client: TestClient, web_store: Store, cast: Cast
) -> None:
    _connect(client, "dr-tan", "alice", [])
    entry = jr.write_entry(
        web_store.unit_of_work(person_id=_pid(cast.alice)), "Only when I say so.", at=_now()
    ).entry
    therapist_url = f"/therapist/clients/{_pid(cast.alice)}/journal/{entry.id}"

    def therapist_sees() -> int:
        _as(client, "dr-tan")
        return client.get(therapist_url).status_code

    assert therapist_sees() == 404
    token = _as(client, "alice")
    form = Page(client.get(f"/journal/{entry.id}").text).one("form", cls="share-toggle")
    assert form.attrs["action"] == f"/journal/{entry.id}/share"
    shared = _post(client, form.attrs["action"], token, shared="1", next=f"/journal/{entry.id}")
    assert shared.status_code == 303 and shared.headers["location"] == f"/journal/{entry.id}"
    page = Page(client.get(f"/journal/{entry.id}").text)
    assert "Stop sharing" in page.one("form", cls="share-toggle").text
    assert therapist_sees() == 200
    token = _as(client, "alice")
    _post(client, f"/journal/{entry.id}/share", token, shared="0", next="/journal")
    assert therapist_sees() == 404  # revoking takes effect on the next request
