"""Who may use each page, generated from the app's route table.

Every HTML route must have an entry in ``ACCESS`` (a new route without one fails here), and
for each route: nobody signed in is sent to sign in (or refused), the wrong role gets 403,
and another client or another therapist asking for the owner's ids gets 404 with none of
the owner's words in the answer. The JSON API has its own table in test_api.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.push_receiver import SERVICES, Browser

import clock
from midweek.domain.accounts import Account
from midweek.domain.corrections import RecordKind
from midweek.domain.entities import Outcome
from midweek.domain.sharing import ShareKind
from midweek.services import (
    care_links,
    checkins,
    consent,
    corrections,
    goals,
    homework,
    journal,
    plan,
    push,
    questions,
    tokens,
)
from midweek.storage import Store

from .conftest import Page, login

CANARY = "zebra-canary-7c1"

#: Who may use a route: anyone, any signed-in account, clients only or therapists only.
ANYONE, SIGNED_IN, CLIENT, THERAPIST = "anyone", "signed-in", "client", "therapist"

ACCESS: dict[tuple[str, str], str] = {
    ("GET", "/login"): ANYONE,
    ("POST", "/login"): ANYONE,
    ("POST", "/logout"): ANYONE,
    ("GET", "/join"): ANYONE,
    ("POST", "/join"): ANYONE,
    ("GET", "/crisis"): ANYONE,
    ("GET", "/offline"): ANYONE,
    ("GET", "/manifest.webmanifest"): ANYONE,
    ("GET", "/sw.js"): ANYONE,
    ("GET", "/"): SIGNED_IN,
    ("GET", "/settings"): SIGNED_IN,
    ("POST", "/settings/password"): SIGNED_IN,
    ("POST", "/settings/display-name"): SIGNED_IN,
    ("POST", "/settings/tokens"): SIGNED_IN,
    ("POST", "/settings/time-zone"): SIGNED_IN,
    ("POST", "/settings/tokens/{token_id}/revoke"): SIGNED_IN,
    ("POST", "/settings/country"): CLIENT,
    ("POST", "/settings/push/titles"): CLIENT,
    ("POST", "/settings/push/{subscription_id}/delete"): CLIENT,
    ("GET", "/settings/everything.zip"): CLIENT,
    ("GET", "/settings/erase"): CLIENT,
    ("POST", "/settings/erase"): CLIENT,
    ("GET", "/import"): CLIENT,
    ("POST", "/import/preview"): CLIENT,
    ("POST", "/import"): CLIENT,
    ("POST", "/import/cancel"): CLIENT,
    ("POST", "/settings/theme"): SIGNED_IN,
    ("POST", "/settings/language"): SIGNED_IN,
    ("GET", "/country"): CLIENT,
    ("POST", "/country"): CLIENT,
    # the client's own pages
    ("POST", "/practice/{assignment_id}/log"): CLIENT,
    ("GET", "/practice/{assignment_id}/barrier"): CLIENT,
    ("POST", "/practice/{assignment_id}/barrier"): CLIENT,
    ("GET", "/homework"): CLIENT,
    ("GET", "/homework/new"): CLIENT,
    ("POST", "/homework/new"): CLIENT,
    ("GET", "/homework/{assignment_id}/end"): CLIENT,
    ("POST", "/homework/{assignment_id}/end"): CLIENT,
    ("GET", "/sessions"): CLIENT,
    ("POST", "/sessions"): CLIENT,
    ("GET", "/journal"): CLIENT,
    ("POST", "/journal/search"): CLIENT,
    ("GET", "/journal/new"): CLIENT,
    ("POST", "/journal/draft"): CLIENT,
    ("POST", "/journal"): CLIENT,
    ("GET", "/journal/{entry_id}"): CLIENT,
    ("POST", "/journal/{entry_id}/share"): CLIENT,
    ("GET", "/questions"): CLIENT,
    ("POST", "/questions"): CLIENT,
    ("POST", "/questions/{question_id}/discussed"): CLIENT,
    ("GET", "/goals"): CLIENT,
    ("POST", "/goals"): CLIENT,
    ("POST", "/goals/{goal_id}/status"): CLIENT,
    ("GET", "/checkin"): CLIENT,
    ("POST", "/checkin/mood"): CLIENT,
    ("POST", "/checkin/{code}"): CLIENT,
    ("GET", "/checkin/history"): CLIENT,
    ("POST", "/checkins/{checkin_id}/share"): CLIENT,
    ("GET", "/thread"): CLIENT,
    ("GET", "/plan"): CLIENT,
    ("GET", "/more"): CLIENT,
    ("POST", "/plan/windows"): CLIENT,
    ("POST", "/plan/grid"): CLIENT,
    ("POST", "/plan/windows/{ident}/delete"): CLIENT,
    ("GET", "/plan.ics"): CLIENT,
    ("GET", "/safety-plan"): CLIENT,
    ("GET", "/safety-plan/edit"): CLIENT,
    ("POST", "/safety-plan"): CLIENT,
    ("POST", "/safety-plan/share"): CLIENT,
    ("GET", "/safety-plan.md"): CLIENT,
    ("GET", "/safety-plan.pdf"): CLIENT,
    ("GET", "/prep"): CLIENT,
    ("GET", "/prep.md"): CLIENT,
    ("GET", "/prep.pdf"): CLIENT,
    ("POST", "/prep"): CLIENT,
    ("POST", "/prep.md"): CLIENT,
    ("POST", "/prep.pdf"): CLIENT,
    ("POST", "/prep/share"): CLIENT,
    ("GET", "/sharing"): CLIENT,
    ("GET", "/sharing/invite"): CLIENT,
    ("POST", "/sharing/invite"): CLIENT,
    ("POST", "/sharing/invite/accept"): CLIENT,
    ("POST", "/sharing/invite/decline"): CLIENT,
    ("GET", "/sharing/links/{link_id}/end"): CLIENT,
    ("POST", "/sharing/links/{link_id}/end"): CLIENT,
    ("POST", "/sharing/upgrade-notice"): CLIENT,
    ("POST", "/sharing/kinds"): CLIENT,
    ("POST", "/sharing/items"): CLIENT,
    ("POST", "/sharing/reports/{report_id}/withdraw"): CLIENT,
    ("GET", "/sharing/activity"): CLIENT,
    ("GET", "/worksheets"): CLIENT,
    ("GET", "/worksheets/fill/{name}"): CLIENT,
    ("POST", "/worksheets/fill/{name}"): CLIENT,
    ("GET", "/worksheets/{log_id}"): CLIENT,
    ("GET", "/worksheets/{log_id}/edit"): CLIENT,
    ("POST", "/worksheets/{log_id}/edit"): CLIENT,
    ("GET", "/edit/{kind}/{record_id}"): CLIENT,
    ("POST", "/edit/{kind}/{record_id}"): CLIENT,
    ("POST", "/delete/{kind}/{record_id}"): CLIENT,
    ("POST", "/undo/{trash_id}"): CLIENT,
    ("GET", "/records"): CLIENT,
    # the therapist's pages
    ("GET", "/therapist"): THERAPIST,
    ("GET", "/therapist/invite"): THERAPIST,
    ("POST", "/therapist/invite"): THERAPIST,
    ("POST", "/therapist/invite/{link_id}/withdraw"): THERAPIST,
    ("GET", "/therapist/clients/{person_id}"): THERAPIST,
    ("POST", "/therapist/clients/{person_id}/homework"): THERAPIST,
    ("POST", "/therapist/clients/{person_id}/homework/{assignment_id}/end"): THERAPIST,
    ("POST", "/therapist/clients/{person_id}/homework/{assignment_id}/rating"): THERAPIST,
    ("POST", "/therapist/clients/{person_id}/sessions"): THERAPIST,
    ("GET", "/therapist/clients/{person_id}/journal/{entry_id}"): THERAPIST,
    ("GET", "/therapist/clients/{person_id}/reports/{report_id}.md"): THERAPIST,
    ("GET", "/therapist/clients/{person_id}/reports/{report_id}"): THERAPIST,
}

#: Path parameters that are names, not someone's ids: anyone of the right role may use them.
NOT_IDS = {"code", "name", "kind"}

#: Every field any form here may need, so a request reaches the ownership check instead of
#: stopping at form validation; extra fields are ignored.
FORM = {
    "outcome": "done",
    "status": "paused",
    "rating": "2",
    "note": "x",
    "text": "x",
    "kind": "time",
    "shared": "1",
    "share": "1",
    "next": "/",
    "title": "x",
    "per_week": "1",
    "minutes": "5",
    "day": "2026-11-20",
    "takeaways": "x",
    "mood": "5",
    "item": "journal:1",
}


def _table(app: Any) -> set[tuple[str, str]]:
    """(method, path) of every page route (not the JSON API, not static files)."""
    try:  # FastAPI ≥ 0.130 keeps included routers lazily; this walks them.
        from fastapi.routing import iter_route_contexts

        routes: Any = iter_route_contexts(app.routes)
    except ImportError:  # pragma: no cover - older FastAPI lists them flat
        routes = app.routes
    found = set()
    for route in routes:
        path = getattr(route, "path", None) or ""
        if not path or path.startswith(("/api/", "/static")):
            continue
        for method in set(getattr(route, "methods", None) or ()) - {"HEAD", "OPTIONS"}:
            found.add((method, path))
    return found


@dataclass
class World:
    client: TestClient
    alice: Account  # the owner (a client)
    bob: Account  # another client
    tara: Account  # alice's therapist
    uma: Account  # another therapist
    ids: dict[str, int]

    def as_(self, who: Account | None) -> TestClient:
        self.client.cookies.clear()
        if who is not None:
            assert login(self.client, who.username).status_code == 303
        return self.client

    def token(self) -> str:
        # Every signed-in page carries the form token in its sign-out form.
        return Page(self.client.get("/crisis").text).csrf()


@pytest.fixture
def world(client: TestClient, add_account: Callable[..., Account], web_store: Store) -> World:
    now = clock.NOW
    alice, bob = add_account("alice"), add_account("bob")
    tara, uma = add_account("tara", "therapist"), add_account("uma", "therapist")
    assert alice.person_id is not None

    def mine() -> Any:
        return web_store.unit_of_work(person_id=alice.person_id)

    a = homework.add_homework(mine(), title=f"Walk {CANARY}", per_week=3, minutes=10, now=now)
    assert a.id is not None
    homework.log_practice(mine(), a.id, Outcome.DONE, at=now, note=f"note {CANARY}")
    entry = journal.write_entry(mine(), f"Entry {CANARY}", at=now).entry
    question = questions.ask(mine(), f"Question {CANARY}?", now=now).question
    goal = goals.add_goal(
        mine(), text=f"Goal {CANARY}", value=None, importance=5, confidence=5, now=now
    )
    window = plan.add_window(mine(), "mon 07:00-07:30", now=now)
    checkin, _ = checkins.checkin_mood(mine(), 5, note=f"Mood {CANARY}", at=now)
    code = care_links.invite(web_store.unit_of_work(), tara, now=now).code
    link = care_links.accept_invite(
        web_store.unit_of_work(), alice, code, share=tuple(ShareKind), now=now
    )
    open_invite = care_links.invite(web_store.unit_of_work(), tara, now=now).link
    report = consent.send_report(
        mine(),
        alice,
        markdown=f"# Report {CANARY}",
        html=f"<h1>Report {CANARY}</h1>",
        left_out=[],
        now=now,
    )
    _, token = tokens.create_token(web_store.unit_of_work(), alice, f"script {CANARY}", now=now)
    device = Browser()
    endpoint = f"https://push.example.org/{CANARY}"
    subscription = push.subscribe(
        mine(), endpoint, device.p256dh, device.auth, now=now, services=SERVICES
    )
    ids = {
        "assignment_id": a.id,
        "entry_id": entry.id,
        "question_id": question.id,
        "goal_id": goal.id,
        "ident": window.id,
        "checkin_id": checkin.id,
        "report_id": report.id,
        "token_id": token.id,
        "subscription_id": subscription.id,
        "person_id": alice.person_id,
        "log_id": homework_log_id(web_store, alice),
    }
    ids["link_id"] = link.id
    ids["record_id"] = entry.id
    # A deletion of alice's still waiting for "Undo".
    gone = questions.ask(mine(), "Deleted question", now=now).question
    ids["trash_id"] = corrections.delete(mine(), RecordKind.QUESTION, gone.id, now=now).id
    # The therapist-side withdraw takes an invitation of tara's that is still open.
    ids["invite_id"] = open_invite.id
    assert all(isinstance(v, int) for v in ids.values()), ids
    return World(client, alice, bob, tara, uma, ids)  # type: ignore[arg-type]


def homework_log_id(store: Store, who: Account) -> int:
    with store.unit_of_work(person_id=who.person_id) as uow:
        logs = uow.practice.list()
    assert logs and logs[0].id is not None
    return logs[0].id


def _path(world: World, method: str, path: str) -> str:
    def fill(m: re.Match[str]) -> str:
        name = m.group(1)
        if name == "code":
            return "phq9"
        if name == "name":
            return "thought-record"
        if name == "kind":  # the record's kind; record_id is the owner's journal entry
            return "journal"
        if name == "link_id" and path.startswith("/therapist/invite"):
            return str(world.ids["invite_id"])
        assert name in world.ids, f"add an owner's id for the path parameter {name!r}"
        return str(world.ids[name])

    return re.sub(r"{(\w+)}", fill, path)


def _send(world: World, method: str, url: str) -> Any:
    if method == "GET":
        return world.client.get(url, headers={"Accept": "text/html"}, follow_redirects=False)
    data = {**FORM, "csrf_token": world.token()}
    return world.client.request(method, url, data=data, follow_redirects=False)


def test_every_page_has_an_access_rule(client: TestClient) -> None:
    routes = _table(client.app)
    assert routes - set(ACCESS) == set(), "add these routes to ACCESS"
    assert set(ACCESS) - routes == set(), "these ACCESS entries are no longer routes"


ROLE_OF = {CLIENT: "alice", THERAPIST: "tara"}


@pytest.mark.parametrize(("method", "path"), sorted(k for k, v in ACCESS.items() if v != ANYONE))
def test_nobody_signed_in_is_sent_to_sign_in_or_refused(
    world: World, method: str, path: str
) -> None:
    world.as_(None)
    url = _path(world, method, path)
    if method == "GET":
        response = world.client.get(url, headers={"Accept": "text/html"}, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/login"
    else:
        # With a valid pre-session form token, so it is the missing session that refuses.
        token = Page(world.client.get("/login").text).csrf()
        response = world.client.post(url, data={**FORM, "csrf_token": token})
        assert response.status_code == 401
    assert CANARY not in response.text


@pytest.mark.parametrize(
    ("method", "path"), sorted(k for k, v in ACCESS.items() if v in (CLIENT, THERAPIST))
)
def test_the_wrong_role_gets_403(world: World, method: str, path: str) -> None:
    wrong = world.tara if ACCESS[(method, path)] == CLIENT else world.alice
    world.as_(wrong)
    response = _send(world, method, _path(world, method, path))
    assert response.status_code == 403, response.text[:300]
    assert CANARY not in response.text


OWNED = sorted(
    (m, p)
    for (m, p), who in ACCESS.items()
    if who != ANYONE and set(re.findall(r"{(\w+)}", p)) - NOT_IDS
)


@pytest.mark.parametrize(("method", "path"), OWNED)
def test_someone_else_gets_404_and_sees_nothing(world: World, method: str, path: str) -> None:
    other = world.uma if ACCESS[(method, path)] == THERAPIST else world.bob
    world.as_(other)
    response = _send(world, method, _path(world, method, path))
    assert response.status_code == 404, response.text[:300]
    assert CANARY not in response.text
    # And the owner's things are still there, unchanged.
    world.as_(world.alice)
    assert CANARY in world.client.get("/journal").text
