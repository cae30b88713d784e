"""The JSON API under /api/v1: each operation for its owner with real content, and — for
every route the app has, from its route table — anonymous gets 401, the wrong role 403,
the other person 404 (or only their own data) with none of the owner's words, and every
error is an RFC 9457 problem document."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import httpx2
import pytest
from fastapi.testclient import TestClient
from tests.push_receiver import SERVICES, Browser

import clock
from midweek import messages
from midweek.domain.accounts import Account
from midweek.domain.corrections import RecordKind
from midweek.domain.entities import BarrierKind, Outcome, SafetyPlan, Source
from midweek.domain.sharing import ShareKind
from midweek.services import accounts as acc
from midweek.services import (
    care_links,
    checkins,
    consent,
    corrections,
    goals,
    homework,
    journal,
    linked_client,
    push,
    questions,
    therapy_sessions,
    tokens,
)
from midweek.services import safety_plan as plans
from midweek.storage import Store
from midweek.web.errors import PROBLEM_JSON
from midweek.web.security import CSRF_FIELD, CSRF_HEADER
from personas import PASSWORD

from .conftest import Page, login

API = "/api/v1"

# Words only client A wrote: none may ever reach anyone A did not share them with.
A_PRIVATE = "A-private-entry about the lighthouse"
A_SHARED = "A-shared-entry about the harbour"
A_QUESTION = "A-question about sleeping earlier"
A_MOOD_NOTE = "A-mood-note after the long walk"
A_PRACTICE_NOTE = "A-practice-note on the bus"
A_GOAL = "A-goal about swimming again"
A_PLAN = "A-plan-line about the lighthouse keeper's lamp"
A_REPORT = "A-report-line about the ferry timetable"
A_PUSH = "https://push.example.org/wpush/alice-device-kestrel"
A_BARRIER = "A-barrier-note about the night shift"
A_TAKEAWAY = "A-takeaway about the tide tables"
A_WORDS = (
    A_PRIVATE,
    A_SHARED,
    A_QUESTION,
    A_MOOD_NOTE,
    A_PRACTICE_NOTE,
    A_GOAL,
    A_PLAN,
    A_REPORT,
    A_BARRIER,
    A_TAKEAWAY,
    "alice-device-kestrel",
)
#: What therapist T may see of A's (shared), and what nobody but A may see.
NEVER_SHARED = (A_PRIVATE, A_GOAL, A_PLAN, A_TAKEAWAY)


def _now() -> datetime:
    return clock.NOW


@dataclass
class World:
    """Client A (linked to therapist T, sharing some kinds, one prep report sent), client B,
    therapist U (no link; an open invitation code for A and another for B)."""

    a: Account
    b: Account
    t: Account
    u: Account
    tokens: dict[str, str]
    ids: dict[str, int] = field(default_factory=dict)
    #: U's invitation codes, by the client each was given to.
    codes: dict[str, str] = field(default_factory=dict)

    def auth(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"} if who != "anon" else {}


@pytest.fixture
def world(web_store: Store, add_account: Callable[..., Account]) -> World:
    now = _now()
    a, b = add_account("alice"), add_account("bob")
    t, u = add_account("terry", "therapist"), add_account("ursula", "therapist")
    assert a.person_id is not None and b.person_id is not None
    code = care_links.invite(web_store.unit_of_work(), t, now=now).code
    share = [ShareKind.PRACTICE, ShareKind.QUESTIONS, ShareKind.CHECKIN]
    link = care_links.accept_invite(web_store.unit_of_work(), a, code, share=share, now=now)
    codes = {who: care_links.invite(web_store.unit_of_work(), u, now=now).code for who in "ab"}

    def person(who: Account) -> Any:
        return web_store.unit_of_work(person_id=who.person_id)

    assignment = homework.new_assignment(
        title="Slow breathing", per_week=3, minutes=10, now=now - timedelta(hours=1)
    )
    linked_client.assign_homework(person(a), t, a.person_id, assignment, now=now)
    assert assignment.id is not None
    practiced = homework.log_practice(
        person(a),
        assignment.id,
        Outcome.PARTIAL,
        at=now - timedelta(minutes=5),
        note=A_PRACTICE_NOTE,
    ).log
    private = journal.write_entry(person(a), A_PRIVATE, at=now - timedelta(minutes=4)).entry
    marked = journal.write_entry(person(a), A_SHARED, at=now - timedelta(minutes=3), shared=True)
    assert marked.entry.id is not None  # written on the server: shared with terry, linked now
    consent.share_new_entry(person(a), a, marked.entry.id, now=now)
    question = questions.ask(person(a), A_QUESTION, now=now - timedelta(minutes=2)).question
    mood, _ = checkins.checkin_mood(person(a), 6, note=A_MOOD_NOTE, at=now - timedelta(minutes=1))
    # A deletion of A's waiting for "Undo" (restored by its example request).
    gone = questions.ask(person(a), "A question to delete", now=now).question
    deletion = corrections.delete(person(a), RecordKind.QUESTION, gone.id, now=now)
    goal = goals.add_goal(
        person(a), text=A_GOAL, value="health", importance=8, confidence=4, now=now
    )
    own = homework.add_homework(
        person(a), title="Own stretch", per_week=2, minutes=5, now=now, source=Source.SELF
    )
    plans.save_plan(person(a), SafetyPlan(coping=[A_PLAN]), now=now)
    report = consent.send_report(
        person(a), a, markdown=A_REPORT, html=f"<p>{A_REPORT}</p>", left_out=[], now=now
    )
    barrier = homework.add_barrier(
        person(a), BarrierKind.TIME, at=now, assignment_id=assignment.id, note=A_BARRIER
    ).barrier
    session = therapy_sessions.add_session(
        person(a), day=now.date(), takeaways=[A_TAKEAWAY], themes=[], next_appointment=None, now=now
    )
    device = Browser()
    subscription = push.subscribe(
        person(a), A_PUSH, device.p256dh, device.auth, now=now, services=SERVICES
    )
    journal.write_entry(person(b), "B's own entry", at=now)
    plans.save_plan(person(b), SafetyPlan(coping=["B's walk"]), now=now)
    made = {
        who: tokens.create_token(web_store.unit_of_work(), account, f"{who}'s script", now=now)
        for who, account in (("a", a), ("b", b), ("t", t), ("u", u))
    }
    assert private.id is not None and made["a"][1].id is not None
    assert question.id is not None and goal.id is not None and own.id is not None
    assert link.id is not None and report.id is not None
    return World(
        a=a,
        b=b,
        t=t,
        u=u,
        tokens={who: plaintext for who, (plaintext, _) in made.items()},
        ids={
            "assignment": assignment.id,
            "entry": private.id,
            "person": a.person_id,
            "token": made["a"][1].id,
            "question": question.id,
            "goal": goal.id,
            "own": own.id,
            "link": link.id,
            "report": report.id,
            "log": practiced.id,
            "checkin": mood.id,
            "deletion": deletion.id,
            "barrier": barrier.id,  # type: ignore[dict-item]
            "session": session.id,  # type: ignore[dict-item]
            "push": subscription.id,  # type: ignore[dict-item]
        },
        codes=codes,
    )


@pytest.fixture
def api(client: TestClient) -> Iterator[TestClient]:
    """The app, without cookies: every request says who it is by its token."""
    client.cookies.clear()
    yield client


def assert_problem(response: httpx2.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    body = response.json()
    assert {"type", "title", "status", "detail"} <= set(body), body
    assert body["status"] == status and body["type"].startswith("urn:midweek:problem:")
    assert isinstance(body["detail"], str) and body["detail"]
    return body


def assert_none_of(words: tuple[str, ...], response: httpx2.Response) -> None:
    for w in words:
        assert w not in response.text, (w, response.text)


# --- the route table ------------------------------------------------------------------------


#: A check run after the other person's request (given its response): what they did must
#: not have touched the owner's data.
OtherCheck = Callable[[TestClient, "World", httpx2.Response], None]


@dataclass(frozen=True)
class Op:
    """An example request. ``role``: who may call it (client, therapist, any, public).
    ``path`` may name A's items: {assignment} (set by T), {own} (homework A set), {entry},
    {person}, {token}, {question}, {goal}, {link} (A's link to T), {report} (A's sent
    report); then the other person (B, or U for a therapist route) must get 404. A body
    string may say {code}: the invitation code the caller was given (A's for anyone who
    was given none, so a stranger's try must not use it up before A's own request).
    ``other_status`` overrides what the other person gets; ``other_check`` then looks at
    what the owner's data is left as."""

    role: str
    path: str
    body: dict[str, Any] | None = None
    ok: int = 200
    other_status: int | None = None
    other_check: OtherCheck | None = None

    @property
    def names_an_item(self) -> bool:
        return "{" in self.path


HOMEWORK = {"title": "Walk after lunch", "per_week": 2, "minutes": 15}
GOAL = {"text": "Swim on Saturdays", "value": "health", "importance": 8, "confidence": 5}


def _therapists(api: TestClient, world: World, who: str) -> list[str]:
    mine = api.get(f"{API}/sharing", headers=world.auth(who)).json()
    return sorted(t["name"] for t in mine["therapists"])


def _t_view(api: TestClient, world: World) -> dict[str, Any]:
    view = api.get(f"{API}/clients/{world.ids['person']}", headers=world.auth("t"))
    assert view.status_code == 200, view.text
    body: dict[str, Any] = view.json()
    return body


def _a_code_still_open(api: TestClient, world: World, _: httpx2.Response) -> None:
    look = api.post(
        f"{API}/sharing/invitations/look", json={"code": world.codes["a"]}, headers=world.auth("a")
    )
    assert look.status_code == 200 and look.json()["therapist"] == "ursula", look.text


def _a_not_linked_by_b(api: TestClient, world: World, accepted: httpx2.Response) -> None:
    # B's code linked B (to U), not A; A's own code still works.
    assert accepted.json()["name"] == "ursula"
    assert _therapists(api, world, "b") == ["ursula"]
    assert _therapists(api, world, "a") == ["terry"]
    _a_code_still_open(api, world, accepted)


def _t_still_sees_a(api: TestClient, world: World, _: httpx2.Response) -> None:
    assert _t_view(api, world)["name"] == "alice"
    assert _therapists(api, world, "a") == ["terry"]


def _a_private_still_private(api: TestClient, world: World, _: httpx2.Response) -> None:
    assert [e["text"] for e in _t_view(api, world)["journal"]] == [A_SHARED]


def _no_one_elses_reports(api: TestClient, world: World, listed: httpx2.Response) -> None:
    assert listed.json() == []


def _t_sees_only_as_report(api: TestClient, world: World, _: httpx2.Response) -> None:
    reports = _t_view(api, world)["reports"]
    assert [(r["id"], r["markdown"]) for r in reports] == [(world.ids["report"], A_REPORT)]


_DEVICE = Browser()
PUSH_KEYS = {"p256dh": _DEVICE.p256dh, "auth": _DEVICE.auth}
PUSH_NEW = "https://push.example.org/wpush/new"

EXAMPLES: dict[tuple[str, str], Op] = {
    ("GET", "/api/v1/openapi.json"): Op("public", "/openapi.json"),
    ("GET", "/api/v1/me"): Op("any", "/me"),
    ("PATCH", "/api/v1/me"): Op("any", "/me", {"time_zone": "Europe/London"}),
    ("GET", "/api/v1/today"): Op("client", "/today"),
    ("GET", "/api/v1/homework"): Op("client", "/homework"),
    ("POST", "/api/v1/homework"): Op("client", "/homework", HOMEWORK, 201),
    ("POST", "/api/v1/homework/{assignment_id}/practice"): Op(
        "client", "/homework/{assignment}/practice", {"outcome": "done", "minutes": 9}, 201
    ),
    ("POST", "/api/v1/homework/{assignment_id}/barriers"): Op(
        "client",
        "/homework/{assignment}/barriers",
        {"kind": "time", "note": "Late shift", "next_step": "Set an alarm"},
        201,
    ),
    ("POST", "/api/v1/homework/{assignment_id}/end"): Op("client", "/homework/{own}/end"),
    ("GET", "/api/v1/journal"): Op("client", "/journal"),
    ("POST", "/api/v1/journal"): Op("client", "/journal", {"text": "A new page"}, 201),
    ("POST", "/api/v1/journal/search"): Op("client", "/journal/search", {"q": "page"}),
    ("GET", "/api/v1/journal/{entry_id}"): Op("client", "/journal/{entry}"),
    ("GET", "/api/v1/questions"): Op("client", "/questions"),
    ("POST", "/api/v1/questions"): Op("client", "/questions", {"text": "What next?"}, 201),
    ("POST", "/api/v1/questions/{question_id}/discussed"): Op(
        "client", "/questions/{question}/discussed"
    ),
    ("GET", "/api/v1/goals"): Op("client", "/goals"),
    ("POST", "/api/v1/goals"): Op("client", "/goals", GOAL, 201),
    ("POST", "/api/v1/goals/{goal_id}/status"): Op(
        "client", "/goals/{goal}/status", {"status": "achieved"}
    ),
    ("GET", "/api/v1/safety-plan"): Op("client", "/safety-plan"),
    ("PUT", "/api/v1/safety-plan"): Op("client", "/safety-plan", {"coping": ["Tea outside"]}),
    ("GET", "/api/v1/sharing"): Op("client", "/sharing"),
    # B has no therapist: nothing to share with (409), and A's sharing is untouched.
    ("PUT", "/api/v1/sharing/kinds/{kind}"): Op(
        "client", "/sharing/kinds/goals", {"shared": True}, other_status=409
    ),
    ("GET", "/api/v1/sharing/activity"): Op("client", "/sharing/activity"),
    ("POST", "/api/v1/sharing/invitations/look"): Op(
        "client", "/sharing/invitations/look", {"code": "{code}"}, other_check=_a_code_still_open
    ),
    ("POST", "/api/v1/sharing/invitations/accept"): Op(
        "client",
        "/sharing/invitations/accept",
        {"code": "{code}", "kinds": ["goals"]},
        201,
        other_check=_a_not_linked_by_b,
    ),
    ("POST", "/api/v1/sharing/invitations/decline"): Op(
        "client",
        "/sharing/invitations/decline",
        {"code": "{code}"},
        204,
        other_check=_a_code_still_open,
    ),
    ("DELETE", "/api/v1/sharing/links/{link_id}"): Op(
        "client", "/sharing/links/{link}", None, 204, other_check=_t_still_sees_a
    ),
    ("PUT", "/api/v1/sharing/items/{kind}/{item_id}"): Op(
        "client",
        "/sharing/items/journal/{entry}",
        {"shared": True},
        other_check=_a_private_still_private,
    ),
    ("GET", "/api/v1/reports"): Op("client", "/reports", other_check=_no_one_elses_reports),
    # B has no therapist to send a report to: 409, and A's therapist gets nothing from B.
    ("POST", "/api/v1/reports"): Op(
        "client",
        "/reports",
        {"exclude": []},
        201,
        other_status=409,
        other_check=_t_sees_only_as_report,
    ),
    ("POST", "/api/v1/reports/{report_id}/withdraw"): Op(
        "client", "/reports/{report}/withdraw", other_check=_t_sees_only_as_report
    ),
    ("GET", "/api/v1/checkins"): Op("client", "/checkins"),
    ("POST", "/api/v1/checkins/mood"): Op("client", "/checkins/mood", {"mood": 7}, 201),
    ("GET", "/api/v1/clients"): Op("therapist", "/clients"),
    ("GET", "/api/v1/clients/{person_id}"): Op("therapist", "/clients/{person}"),
    ("POST", "/api/v1/clients/{person_id}/homework"): Op(
        "therapist", "/clients/{person}/homework", HOMEWORK, 201
    ),
    ("GET", "/api/v1/tokens"): Op("any", "/tokens"),
    # With a bearer token nobody may make tokens (only a signed-in session: see below).
    ("POST", "/api/v1/tokens"): Op("any", "/tokens", {"name": "laptop"}, 403, other_status=403),
    ("DELETE", "/api/v1/tokens/{token_id}"): Op("any", "/tokens/{token}", None, 204),
    # Reminders on a device (Web Push): the key, a person's subscriptions, revoking one.
    ("GET", "/api/v1/push/key"): Op("client", "/push/key"),
    ("GET", "/api/v1/push/subscriptions"): Op("client", "/push/subscriptions"),
    ("POST", "/api/v1/push/subscriptions"): Op(
        "client",
        "/push/subscriptions",
        {"endpoint": "https://push.example.org/wpush/new", "keys": PUSH_KEYS},
        201,
    ),
    ("DELETE", "/api/v1/push/subscriptions/{subscription_id}"): Op(
        "client", "/push/subscriptions/{push}", None, 204
    ),
    # Correct, delete, restore (services/corrections.py).
    ("PATCH", "/api/v1/journal/{entry_id}"): Op(
        "client", "/journal/{entry}", {"mood": 4}, other_check=_a_private_still_private
    ),
    ("DELETE", "/api/v1/journal/{entry_id}"): Op("client", "/journal/{entry}"),
    ("PATCH", "/api/v1/questions/{question_id}"): Op(
        "client", "/questions/{question}", {"text": "What next, really?"}
    ),
    ("DELETE", "/api/v1/questions/{question_id}"): Op("client", "/questions/{question}"),
    ("PATCH", "/api/v1/checkins/{checkin_id}"): Op("client", "/checkins/{checkin}", {"mood": 5}),
    ("DELETE", "/api/v1/checkins/{checkin_id}"): Op("client", "/checkins/{checkin}"),
    ("PATCH", "/api/v1/practice/{log_id}"): Op("client", "/practice/{log}", {"minutes": 3}),
    ("DELETE", "/api/v1/practice/{log_id}"): Op("client", "/practice/{log}"),
    ("PATCH", "/api/v1/goals/{goal_id}"): Op("client", "/goals/{goal}", {"confidence": 6}),
    ("DELETE", "/api/v1/goals/{goal_id}"): Op("client", "/goals/{goal}"),
    ("POST", "/api/v1/deleted/{deletion_id}/restore"): Op("client", "/deleted/{deletion}/restore"),
    # What got in the way and session notes (web/api/barriers_and_sessions.py).
    ("GET", "/api/v1/barriers"): Op("client", "/barriers"),
    ("PATCH", "/api/v1/barriers/{barrier_id}"): Op(
        "client", "/barriers/{barrier}", {"next_step": "Go before work"}
    ),
    ("DELETE", "/api/v1/barriers/{barrier_id}"): Op("client", "/barriers/{barrier}"),
    ("GET", "/api/v1/sessions"): Op("client", "/sessions"),
    ("POST", "/api/v1/sessions"): Op(
        "client", "/sessions", {"takeaways": ["Notice, then choose"]}, 201
    ),
    ("GET", "/api/v1/sessions/{session_id}"): Op("client", "/sessions/{session}"),
    ("PATCH", "/api/v1/sessions/{session_id}"): Op(
        "client", "/sessions/{session}", {"themes": ["sleep"]}
    ),
    ("DELETE", "/api/v1/sessions/{session_id}"): Op("client", "/sessions/{session}"),
}


def _api_routes(app: Any) -> set[tuple[str, str]]:
    """(method, path) of every route the app serves under /api/v1."""
    try:  # FastAPI ≥ 0.130 keeps included routers lazily; this walks them.
        from fastapi.routing import iter_route_contexts

        routes: Any = iter_route_contexts(app.routes)
    except ImportError:  # pragma: no cover - older FastAPI lists them flat
        routes = app.routes
    found = set()
    for route in routes:
        path = getattr(route, "path", None) or ""
        if path.startswith(API + "/"):
            for method in getattr(route, "methods", None) or ():
                if method != "HEAD":
                    found.add((method, path))
    return found


def test_every_api_route_has_an_example_request(api: TestClient) -> None:
    routes = _api_routes(api.app)
    assert len(routes) >= 19
    missing = routes - set(EXAMPLES)
    assert not missing, f"add these to EXAMPLES (and their persona checks): {sorted(missing)}"
    assert not set(EXAMPLES) - routes, "EXAMPLES names routes the app does not have"


def _fill(value: Any, values: dict[str, Any]) -> Any:
    if isinstance(value, str):
        return value.format(**values)
    if isinstance(value, list):
        return [_fill(v, values) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, values) for k, v in value.items()}
    return value


def _send(api: TestClient, world: World, key: tuple[str, str], who: str) -> httpx2.Response:
    op = EXAMPLES[key]
    path = API + op.path.format(**world.ids)
    body = _fill(op.body, {**world.ids, "code": world.codes.get(who, world.codes["a"])})
    return api.request(key[0], path, json=body, headers=world.auth(who))


OWNER = {"client": "a", "therapist": "t", "any": "a", "public": "anon"}
OTHER = {"client": "b", "therapist": "u", "any": "b"}
WRONG_ROLE = {"client": "t", "therapist": "a"}


@pytest.mark.parametrize("key", sorted(EXAMPLES), ids=" ".join)
def test_personas(api: TestClient, world: World, key: tuple[str, str]) -> None:
    op = EXAMPLES[key]
    if op.role != "public":
        assert_none_of(A_WORDS, api.request(key[0], API + op.path.format(**world.ids)))
        assert_problem(_send(api, world, key, "anon"), 401)
    if op.role in WRONG_ROLE:
        wrong = _send(api, world, key, WRONG_ROLE[op.role])
        assert_problem(wrong, 403)
        assert_none_of(A_WORDS, wrong)
    if op.role in OTHER:
        other = _send(api, world, key, OTHER[op.role])
        if op.other_status is not None:
            assert other.status_code == op.other_status, other.text
        elif op.names_an_item:
            assert_problem(other, 404)
        else:
            assert other.status_code == op.ok, other.text
        if other.status_code >= 400:
            assert_problem(other, other.status_code)
        assert_none_of(A_WORDS, other)
        if op.other_check is not None:
            op.other_check(api, world, other)
    owner = _send(api, world, key, OWNER[op.role])
    assert owner.status_code == op.ok, owner.text
    if op.ok >= 400:
        assert_problem(owner, op.ok)
    elif op.ok != 204:
        assert owner.headers["content-type"] == "application/json"
    if op.role == "therapist":
        assert_none_of(NEVER_SHARED, owner)


# --- each operation for its owner ------------------------------------------------------------


def test_me(api: TestClient, world: World) -> None:
    assert api.get(f"{API}/me", headers=world.auth("a")).json()["username"] == "alice"
    me = api.get(f"{API}/me", headers=world.auth("t")).json()
    assert me["username"] == "terry" and me["role"] == "therapist"


def test_today_and_homework_show_this_weeks_progress(api: TestClient, world: World) -> None:
    today = api.get(f"{API}/today", headers=world.auth("a")).json()
    by_title = {h["title"]: h for h in today["practice"]}
    assert set(by_title) == {"Slow breathing", "Own stretch"}
    assert by_title["Own stretch"]["source"] == "self"
    due = by_title["Slow breathing"]
    assert due["title"] == "Slow breathing" and due["source"] == "therapist"
    assert due["week"]["planned"] == 3 and due["week"]["partial"] == 1
    assert due["week"]["credit"] == 0.5
    assert [q["text"] for q in today["open_questions"]] == [A_QUESTION]
    assert today["prompt"]
    listed = api.get(f"{API}/homework", headers=world.auth("a")).json()
    assert {h["id"] for h in listed} == {world.ids["assignment"], world.ids["own"]}


def test_add_own_homework_and_log_practice(api: TestClient, world: World) -> None:
    made = api.post(f"{API}/homework", json=HOMEWORK, headers=world.auth("a"))
    assert made.status_code == 201
    assert made.json()["title"] == "Walk after lunch" and made.json()["source"] == "self"
    logged = api.post(
        f"{API}/homework/{made.json()['id']}/practice",
        json={"outcome": "done", "quality": 3, "note": "Felt lighter"},
        headers=world.auth("a"),
    )
    assert logged.status_code == 201, logged.text
    body = logged.json()
    assert body["practice"]["outcome"] == "done" and body["practice"]["note"] == "Felt lighter"
    assert body["practice"]["minutes"] == 15  # a done practice takes the planned minutes
    assert body["week"]["done"] == 1 and body["week"]["credit"] == 1.0
    assert body["support"]["suggested"] is False
    titles = {h["title"] for h in api.get(f"{API}/homework", headers=world.auth("a")).json()}
    assert titles == {"Slow breathing", "Own stretch", "Walk after lunch"}


@pytest.mark.parametrize(
    ("when", "says"),
    [
        (timedelta(days=1), "hasn't happened yet"),  # tomorrow, as in issue 15
        (None, "before this homework began on"),  # 2019, for homework started in 2026
    ],
)
def test_a_practice_in_the_future_or_before_the_homework_is_a_422_problem(
    api: TestClient, world: World, when: timedelta | None, says: str
) -> None:
    a = world.auth("a")
    hid = api.post(f"{API}/homework", json=HOMEWORK, headers=a).json()["id"]
    at = (
        (clock.NOW + when).isoformat()
        if when
        else datetime(2019, 1, 1, 10, 0).astimezone().isoformat()
    )
    refused = api.post(
        f"{API}/homework/{hid}/practice", json={"outcome": "done", "at": at}, headers=a
    )
    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith("application/problem+json")
    body = refused.json()
    assert says in body["detail"] and body["errors"][0]["loc"] == ["body", "at"]
    assert "\n" not in body["detail"] and body["detail"].endswith(".")
    listed = {h["id"]: h for h in api.get(f"{API}/homework", headers=a).json()}
    assert listed[hid]["week"]["done"] == 0  # nothing was written


def test_practice_words_that_suggest_risk_offer_support(api: TestClient, world: World) -> None:
    body = api.post(
        f"{API}/homework/{world.ids['assignment']}/practice",
        json={"outcome": "skipped", "note": "I want to kill myself"},
        headers=world.auth("a"),
    ).json()
    assert body["support"] == {"suggested": True, "crisis_page": "/crisis"}


def test_journal_write_list_search_show(api: TestClient, world: World) -> None:
    wrote = api.post(
        f"{API}/journal",
        json={"text": "Tea on the balcony", "tags": ["#Calm"], "mood": 7, "shared": True},
        headers=world.auth("a"),
    )
    assert wrote.status_code == 201
    entry = wrote.json()["entry"]
    assert entry["tags"] == ["calm"] and entry["visibility"] == "shared" and entry["mood"] == 7
    texts = [e["text"] for e in api.get(f"{API}/journal", headers=world.auth("a")).json()]
    assert texts == ["Tea on the balcony", A_SHARED, A_PRIVATE]
    found = api.get(f"{API}/journal", params={"q": "lighthouse"}, headers=world.auth("a"))
    assert [e["text"] for e in found.json()] == [A_PRIVATE]
    posted = api.post(f"{API}/journal/search", json={"q": "lighthouse"}, headers=world.auth("a"))
    assert [e["text"] for e in posted.json()] == [A_PRIVATE]
    assert_problem(api.post(f"{API}/journal/search", json={"q": ""}, headers=world.auth("a")), 422)
    one = api.get(f"{API}/journal/{world.ids['entry']}", headers=world.auth("a")).json()
    assert one["text"] == A_PRIVATE and one["visibility"] == "private"


def test_questions_and_checkins(api: TestClient, world: World) -> None:
    asked = api.post(f"{API}/questions", json={"text": "Is it ok?"}, headers=world.auth("a"))
    assert asked.status_code == 201 and asked.json()["question"]["status"] == "open"
    texts = [q["text"] for q in api.get(f"{API}/questions", headers=world.auth("a")).json()]
    assert set(texts) == {A_QUESTION, "Is it ok?"}
    mood = api.post(f"{API}/checkins/mood", json={"mood": 3}, headers=world.auth("a"))
    assert mood.status_code == 201 and mood.json()["checkin"]["mood"] == 3
    listed = api.get(f"{API}/checkins", params={"kind": "mood"}, headers=world.auth("a")).json()
    assert sorted(c["mood"] for c in listed) == [3, 6]
    assert A_MOOD_NOTE in {c["note"] for c in listed}


def test_caseload_and_client_view_show_only_what_is_shared(api: TestClient, world: World) -> None:
    [row] = api.get(f"{API}/clients", headers=world.auth("t")).json()
    assert row["name"] == "alice" and row["person_id"] == world.ids["person"]
    assert row["practice_shared"] is True and row["open_questions"] == 1
    assert api.get(f"{API}/clients", headers=world.auth("u")).json() == []
    view = api.get(f"{API}/clients/{world.ids['person']}", headers=world.auth("t"))
    body = view.json()
    assert body["name"] == "alice"
    assert body["sharing"]["kinds"] == ["checkin", "practice", "questions"]
    assert [e["text"] for e in body["journal"]] == [A_SHARED]  # marked shared when written
    assert [q["text"] for q in body["questions"]] == [A_QUESTION]
    assert [c["note"] for c in body["checkins"]] == [A_MOOD_NOTE]
    assert [p["note"] for p in body["practice"]] == [A_PRACTICE_NOTE]
    titles = [h["assignment"]["title"] for h in body["homework"]]
    assert sorted(titles) == ["Own stretch", "Slow breathing"]
    assert body["goals"] == [] and body["safety_plan"] is None
    assert A_PRIVATE not in view.text


def test_client_view_drops_what_the_client_stops_sharing(
    api: TestClient, world: World, web_store: Store
) -> None:
    consent.set_kind_shared(
        web_store.unit_of_work(), world.a, ShareKind.QUESTIONS, False, now=_now()
    )
    view = api.get(f"{API}/clients/{world.ids['person']}", headers=world.auth("t"))
    assert view.json()["questions"] == [] and A_QUESTION not in view.text


def test_therapist_sets_homework_the_client_sees(api: TestClient, world: World) -> None:
    made = api.post(
        f"{API}/clients/{world.ids['person']}/homework",
        json={**HOMEWORK, "instructions": "After lunch, ten minutes outside."},
        headers=world.auth("t"),
    )
    assert made.status_code == 201 and made.json()["source"] == "therapist"
    titles = {h["title"] for h in api.get(f"{API}/homework", headers=world.auth("a")).json()}
    assert titles == {"Slow breathing", "Own stretch", "Walk after lunch"}


def test_a_question_marked_discussed_leaves_the_open_list(api: TestClient, world: World) -> None:
    a, qid = world.auth("a"), world.ids["question"]
    done = api.post(f"{API}/questions/{qid}/discussed", headers=a)
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "discussed" and done.json()["discussed_at"]
    assert api.get(f"{API}/questions", headers=a).json() == []
    every = api.get(f"{API}/questions", params={"include_discussed": True}, headers=a).json()
    assert [(q["text"], q["status"]) for q in every] == [(A_QUESTION, "discussed")]
    again = assert_problem(api.post(f"{API}/questions/{qid}/discussed", headers=a), 409)
    assert str(qid) in again["detail"]


def test_goals_add_list_and_change_status(api: TestClient, world: World) -> None:
    a = world.auth("a")
    made = api.post(f"{API}/goals", json=GOAL, headers=a)
    assert made.status_code == 201, made.text
    goal = made.json()
    assert goal["text"] == "Swim on Saturdays" and goal["status"] == "active"
    assert (goal["importance"], goal["confidence"], goal["value"]) == (8, 5, "health")
    paused = api.post(f"{API}/goals/{goal['id']}/status", json={"status": "paused"}, headers=a)
    assert paused.status_code == 200 and paused.json()["status"] == "paused"
    listed = {g["text"]: g["status"] for g in api.get(f"{API}/goals", headers=a).json()}
    assert listed == {A_GOAL: "active", "Swim on Saturdays": "paused"}
    # The same rules as the goals page: a 422 problem naming the field.
    bad = assert_problem(api.post(f"{API}/goals", json={**GOAL, "text": "   "}, headers=a), 422)
    assert bad["errors"] == [{"loc": ["body", "text"], "msg": bad["detail"]}]
    assert "empty" in bad["detail"]
    bad = assert_problem(api.post(f"{API}/goals", json={**GOAL, "importance": 11}, headers=a), 422)
    assert bad["errors"][0]["loc"] == ["body", "importance"]
    bad = assert_problem(
        api.post(f"{API}/goals/{goal['id']}/status", json={"status": "done"}, headers=a), 422
    )
    assert bad["errors"][0]["loc"] == ["body", "status"]
    assert_problem(
        api.post(f"{API}/goals/999999/status", json={"status": "paused"}, headers=a), 404
    )


def test_a_barrier_is_saved_and_the_therapist_sees_it(api: TestClient, world: World) -> None:
    a, hid = world.auth("a"), world.ids["assignment"]
    logged = api.post(f"{API}/homework/{hid}/practice", json={"outcome": "skipped"}, headers=a)
    practice_id = logged.json()["practice"]["id"]
    noted = api.post(
        f"{API}/homework/{hid}/barriers",
        json={
            "kind": "perfectionism",
            "note": "  It had to be perfect  ",
            "next_step": "Do two minutes, badly",
            "practice_id": practice_id,
        },
        headers=a,
    )
    assert noted.status_code == 201, noted.text
    barrier = noted.json()["barrier"]
    assert barrier["kind"] == "perfectionism" and barrier["note"] == "It had to be perfect"
    assert barrier["next_step"] == "Do two minutes, badly"
    assert barrier["assignment_id"] == hid and barrier["practice_id"] == practice_id
    assert noted.json()["support"]["suggested"] is False
    # A shares practice (and with it barriers): T sees the barrier and its next step.
    view = api.get(f"{API}/clients/{world.ids['person']}", headers=world.auth("t")).json()
    assert [(b["kind"], b["next_step"]) for b in view["barriers"]][:1] == [
        ("perfectionism", "Do two minutes, badly")
    ]  # newest first: then the world's own barrier
    risky = api.post(
        f"{API}/homework/{hid}/barriers",
        json={"kind": "other", "note": "I want to kill myself"},
        headers=a,
    )
    assert risky.status_code == 201 and risky.json()["support"]["suggested"] is True
    bad = assert_problem(
        api.post(f"{API}/homework/{hid}/barriers", json={"kind": "tired"}, headers=a), 422
    )
    assert bad["errors"][0]["loc"] == ["body", "kind"]
    assert_problem(
        api.post(f"{API}/homework/999999/barriers", json={"kind": "time"}, headers=a), 404
    )


def test_ending_homework_the_client_set(api: TestClient, world: World) -> None:
    a = world.auth("a")
    ended = api.post(f"{API}/homework/{world.ids['own']}/end", headers=a)
    assert ended.status_code == 200, ended.text
    assert ended.json()["title"] == "Own stretch" and ended.json()["ended_at"]
    titles = [h["title"] for h in api.get(f"{API}/homework", headers=a).json()]
    assert titles == ["Slow breathing"]
    assert_problem(api.post(f"{API}/homework/{world.ids['own']}/end", headers=a), 409)
    # Homework the therapist set is theirs to end.
    theirs = assert_problem(
        api.post(f"{API}/homework/{world.ids['assignment']}/end", headers=a), 409
    )
    assert "therapist" in theirs["detail"]
    titles = [h["title"] for h in api.get(f"{API}/homework", headers=a).json()]
    assert titles == ["Slow breathing"]


def test_safety_plan_show_and_replace(
    api: TestClient, world: World, web_store: Store, add_account: Callable[..., Account]
) -> None:
    a = world.auth("a")
    plan = api.get(f"{API}/safety-plan", headers=a).json()
    assert plan["coping"] == [A_PLAN] and plan["people"] == [] and plan["shared"] is False
    consent.set_kind_shared(
        web_store.unit_of_work(), world.a, ShareKind.SAFETY_PLAN, True, now=_now()
    )
    body = {
        "warning_signs": ["Not sleeping", "   "],
        "coping": ["Cold water on my face"],
        "people": [{"name": "Sam", "phone": "+44 20 7946 0000"}, {"name": "Jo"}],
        "reasons": ["My dog"],
    }
    saved = api.put(f"{API}/safety-plan", json=body, headers=a)
    assert saved.status_code == 200, saved.text
    got = api.get(f"{API}/safety-plan", headers=a).json()
    assert got == saved.json()
    assert got["warning_signs"] == ["Not sleeping"]  # blank lines dropped
    assert got["coping"] == ["Cold water on my face"]  # the whole plan replaced
    assert got["people"] == [
        {"name": "Sam", "phone": "+44 20 7946 0000"},
        {"name": "Jo", "phone": None},
    ]
    assert got["distractions"] == [] and got["updated_at"] and got["shared"] is True
    # Still shared, so T sees the new plan.
    view = api.get(f"{API}/clients/{world.ids['person']}", headers=world.auth("t")).json()
    assert view["safety_plan"]["reasons"] == ["My dog"]
    # The page's rules: a phone number that is none is a 422 naming the field; nothing saved.
    bad = assert_problem(
        api.put(
            f"{API}/safety-plan", json={"people": [{"name": "Al", "phone": "call me"}]}, headers=a
        ),
        422,
    )
    # The schema states the phone rule, so the error names the very contact.
    assert bad["errors"][0]["loc"] == ["body", "people", "0", "phone"]
    long = assert_problem(
        api.put(f"{API}/safety-plan", json={"safer": ["x" * 501]}, headers=a), 422
    )
    assert "500" in long["detail"]
    assert api.get(f"{API}/safety-plan", headers=a).json() == got
    # Someone who has not made a plan yet gets a 404 problem.
    carol = add_account("carol")
    plaintext, _ = tokens.create_token(web_store.unit_of_work(), carol, "script", now=_now())
    none = api.get(f"{API}/safety-plan", headers={"Authorization": f"Bearer {plaintext}"})
    assert "safety plan" in assert_problem(none, 404)["detail"]


def test_sharing_a_kind_shows_it_to_the_therapist(api: TestClient, world: World) -> None:
    a, t, person = world.auth("a"), world.auth("t"), world.ids["person"]
    mine = api.get(f"{API}/sharing", headers=a).json()
    assert mine["kinds"] == ["checkin", "practice", "questions"]
    [shared_entry] = mine["items"]["journal"]  # marked shared when written
    assert api.get(f"{API}/journal/{shared_entry}", headers=a).json()["text"] == A_SHARED
    [therapist] = mine["therapists"]
    assert therapist["name"] == "terry" and therapist["since"]
    assert api.get(f"{API}/clients/{person}", headers=t).json()["goals"] == []
    shared = api.put(f"{API}/sharing/kinds/goals", json={"shared": True}, headers=a)
    assert shared.status_code == 200, shared.text
    assert shared.json()["kinds"] == ["checkin", "goals", "practice", "questions"]
    view = api.get(f"{API}/clients/{person}", headers=t)
    assert [g["text"] for g in view.json()["goals"]] == [A_GOAL]
    assert "goals" in api.get(f"{API}/sharing", headers=a).json()["kinds"]
    stopped = api.put(f"{API}/sharing/kinds/goals", json={"shared": False}, headers=a)
    assert "goals" not in stopped.json()["kinds"]
    view = api.get(f"{API}/clients/{person}", headers=t)
    assert view.json()["goals"] == [] and A_GOAL not in view.text
    bad = assert_problem(
        api.put(f"{API}/sharing/kinds/diary", json={"shared": True}, headers=a), 422
    )
    assert bad["errors"][0]["loc"] == ["path", "kind"]
    bad = assert_problem(api.put(f"{API}/sharing/kinds/goals", json={}, headers=a), 422)
    assert bad["errors"][0]["loc"] == ["body", "shared"]
    # B has no therapist: nothing shared, no one to see it.
    assert api.get(f"{API}/sharing", headers=world.auth("b")).json() == {
        "kinds": [],
        "items": {},
        "therapists": [],
    }


def test_activity_lists_the_therapists_reads(api: TestClient, world: World) -> None:
    a = world.auth("a")
    before = api.get(f"{API}/sharing/activity", headers=a).json()
    assert not any(s["action"] == "therapist.read" for s in before)
    assert api.get(f"{API}/clients/{world.ids['person']}", headers=world.auth("t")).is_success
    seen = api.get(f"{API}/sharing/activity", headers=a).json()
    assert {"who": "terry", "action": "therapist.read", "detail": "overview"} in [
        {k: s[k] for k in ("who", "action", "detail")} for s in seen
    ]
    assert all(s["who"] == "terry" and s["at"] for s in seen)
    assert api.get(f"{API}/sharing/activity", headers=world.auth("b")).json() == []


def _invitation(api: TestClient, world: World, who: str, action: str, **body: Any) -> Any:
    return api.post(f"{API}/sharing/invitations/{action}", json=body, headers=world.auth(who))


def test_an_accepted_invitation_puts_the_client_on_the_therapists_caseload(
    api: TestClient, world: World, web_store: Store
) -> None:
    a, u, code = world.auth("a"), world.auth("u"), world.codes["a"]
    assert api.get(f"{API}/clients", headers=u).json() == []
    # Typed in lower case without the dash works too.
    look = _invitation(api, world, "a", "look", code=code.lower().replace("-", ""))
    assert look.status_code == 200, look.text
    assert look.json()["therapist"] == "ursula" and look.json()["expires_at"]
    accepted = _invitation(api, world, "a", "accept", code=code, kinds=["goals"])
    assert accepted.status_code == 201, accepted.text
    link = accepted.json()
    assert link["name"] == "ursula" and link["since"] and link["link_id"] >= 1
    [row] = api.get(f"{API}/clients", headers=u).json()
    assert row["name"] == "alice" and row["person_id"] == world.ids["person"]
    view = api.get(f"{API}/clients/{world.ids['person']}", headers=u).json()
    # A new link starts with exactly what the client chose for it, not terry's shares.
    assert view["sharing"] == {"kinds": ["goals"], "items": {}}
    assert view["journal"] == [] and view["practice"] == [] and view["checkins"] == []
    assert [g["text"] for g in view["goals"]] == [A_GOAL]
    mine = api.get(f"{API}/sharing", headers=a).json()["therapists"]
    assert {(t["link_id"], t["name"]) for t in mine} >= {(link["link_id"], "ursula")}
    # A used code, an unknown one and an expired one: one and the same 404, whoever asks
    # (a well-formed code that opens nothing names nothing that exists).
    expired = care_links.invite(web_store.unit_of_work(), world.u, now=_now() - timedelta(days=15))
    answers = [
        assert_problem(_invitation(api, world, who, action, code=bad), 404)
        for bad in (code, "NOPE2-NOPE3", expired.code)
        for action in ("look", "accept", "decline")
        for who in ("a", "b")
    ]
    assert all(x == answers[0] for x in answers), answers
    assert "invitation" in answers[0]["detail"]
    # No code at all is a request the schema refuses: 422 naming the field.
    empty = assert_problem(_invitation(api, world, "a", "look", code=""), 422)
    assert empty["errors"][0]["loc"] == ["body", "code"]
    assert code not in json.dumps(answers) and code.replace("-", "") not in json.dumps(answers)
    assert _therapists(api, world, "b") == []
    # Already connected with T: a new code from T is a conflict, and is not used up.
    again = care_links.invite(web_store.unit_of_work(), world.t, now=_now()).code
    assert_problem(_invitation(api, world, "a", "accept", code=again), 409)
    assert _invitation(api, world, "b", "look", code=again).json()["therapist"] == "terry"
    # Kinds are checked by name.
    bad = assert_problem(
        _invitation(api, world, "b", "accept", code=world.codes["b"], kinds=["diary"]), 422
    )
    assert bad["errors"][0]["loc"] == ["body", "kinds", "0"]
    assert _therapists(api, world, "b") == []


def test_the_code_is_never_part_of_an_address(api: TestClient) -> None:
    doc = api.get(f"{API}/openapi.json").json()
    for action in ("look", "accept", "decline"):
        operation = doc["paths"][f"{API}/sharing/invitations/{action}"]["post"]
        idem = {"$ref": "#/components/parameters/IdempotencyKey"}
        assert [p for p in operation.get("parameters", []) if p != idem] == [], operation
        assert operation["requestBody"]["required"] is True


def test_a_declined_invitation_links_no_one(api: TestClient, world: World) -> None:
    declined = _invitation(api, world, "b", "decline", code=world.codes["b"])
    assert declined.status_code == 204 and not declined.content
    assert_problem(_invitation(api, world, "b", "look", code=world.codes["b"]), 404)
    assert_problem(_invitation(api, world, "b", "accept", code=world.codes["b"]), 404)
    assert _therapists(api, world, "b") == []
    assert api.get(f"{API}/clients", headers=world.auth("u")).json() == []
    # A's code from the same therapist is untouched.
    assert _invitation(api, world, "a", "look", code=world.codes["a"]).status_code == 200


def test_ending_a_link_stops_the_therapist_seeing_anything(api: TestClient, world: World) -> None:
    a, t, person = world.auth("a"), world.auth("t"), world.ids["person"]
    assert api.get(f"{API}/clients/{person}", headers=t).status_code == 200
    ended = api.delete(f"{API}/sharing/links/{world.ids['link']}", headers=a)
    assert ended.status_code == 204 and not ended.content
    assert_problem(api.get(f"{API}/clients/{person}", headers=t), 404)
    assert api.get(f"{API}/clients", headers=t).json() == []
    assert _therapists(api, world, "a") == []
    assert_problem(api.delete(f"{API}/sharing/links/{world.ids['link']}", headers=a), 404)
    assert_problem(api.delete(f"{API}/sharing/links/999999", headers=a), 404)


def test_sharing_one_item_shows_it_to_the_therapist_and_unsharing_hides_it(
    api: TestClient, world: World
) -> None:
    a, entry = world.auth("a"), world.ids["entry"]
    assert A_PRIVATE not in json.dumps(_t_view(api, world))
    shared = api.put(f"{API}/sharing/items/journal/{entry}", json={"shared": True}, headers=a)
    assert shared.status_code == 200, shared.text
    assert shared.json() == {"kind": "journal", "item_id": entry, "shared": True}
    assert [e["text"] for e in _t_view(api, world)["journal"]] == [A_SHARED, A_PRIVATE]
    assert entry in api.get(f"{API}/sharing", headers=a).json()["items"]["journal"]
    stopped = api.put(f"{API}/sharing/items/journal/{entry}", json={"shared": False}, headers=a)
    assert stopped.json()["shared"] is False
    assert A_PRIVATE not in json.dumps(_t_view(api, world))
    # The entry marked shared when written can be taken back one by one too.
    [marked] = api.get(f"{API}/sharing", headers=a).json()["items"]["journal"]
    api.put(f"{API}/sharing/items/journal/{marked}", json={"shared": False}, headers=a)
    assert _t_view(api, world)["journal"] == []
    assert api.get(f"{API}/journal/{marked}", headers=a).json()["visibility"] == "private"
    # Whole-only kinds, items that are not the caller's or not of that kind: no change.
    bad = assert_problem(
        api.put(f"{API}/sharing/items/practice/{entry}", json={"shared": True}, headers=a), 422
    )
    assert bad["errors"][0]["loc"] == ["path", "kind"]
    for kind, item in (("journal", 999999), ("checkin", 999999), ("worksheet", entry)):
        assert_problem(
            api.put(f"{API}/sharing/items/{kind}/{item}", json={"shared": True}, headers=a), 404
        )
    assert_problem(api.put(f"{API}/sharing/items/journal/{entry}", json={}, headers=a), 422)
    assert _t_view(api, world)["journal"] == []


def test_a_prep_report_sent_by_the_api_is_the_pages_report(
    client: TestClient, world: World
) -> None:
    frozen = _now()
    client.app.state.clock = lambda: frozen  # type: ignore[attr-defined]
    a, qid = world.auth("a"), world.ids["question"]
    exclude = [f"question:{qid}"]
    client.cookies.clear()
    sent = client.post(f"{API}/reports", json={"exclude": exclude}, headers=a)
    assert sent.status_code == 201, sent.text
    report = sent.json()
    assert report["left_out"] == exclude and report["withdrawn"] is False
    assert report["withdrawn_at"] is None and report["sent_at"]
    listed = client.get(f"{API}/reports", headers=a).json()
    assert [r["id"] for r in listed] == [report["id"], world.ids["report"]]
    assert listed[0] == report
    # The therapist sees it, without what A left out.
    by_id = {r["id"]: r for r in _t_view(client, world)["reports"]}
    assert set(by_id) == {report["id"], world.ids["report"]}
    ours = by_id[report["id"]]
    assert ours["left_out"] == exclude and A_QUESTION not in ours["markdown"]
    assert messages.PREP_TITLE in ours["markdown"]
    # Risk items only when added, and an unknown addition is a 422 problem.
    assert "Worth talking about" not in ours["markdown"]
    bad = client.post(f"{API}/reports", json={"include": ["everything"]}, headers=a)
    assert bad.status_code == 422 and bad.headers["content-type"].startswith(
        "application/problem+json"
    )
    # The same report as the prep page sends with the same choice.
    assert login(client, "alice").status_code == 303
    token = Page(client.get("/prep").text).csrf()
    page = client.post(
        "/prep/share",
        data={CSRF_FIELD: token, "exclude": exclude},
        follow_redirects=False,
    )
    assert page.status_code == 303, page.text
    client.cookies.clear()
    by_id = {r["id"]: r for r in _t_view(client, world)["reports"]}
    [from_page] = set(by_id) - {report["id"], world.ids["report"]}
    assert by_id[from_page]["markdown"] == ours["markdown"]
    assert by_id[from_page]["left_out"] == ours["left_out"]
    # The HTML report page shows it to the therapist, until A withdraws it.
    assert login(client, "terry").status_code == 303
    html = f"/therapist/clients/{world.ids['person']}/reports/{report['id']}"
    assert client.get(html).status_code == 200
    client.cookies.clear()
    withdrawn = client.post(f"{API}/reports/{report['id']}/withdraw", headers=a)
    assert withdrawn.status_code == 200, withdrawn.text
    assert withdrawn.json()["withdrawn"] is True and withdrawn.json()["withdrawn_at"]
    again = client.post(f"{API}/reports/{report['id']}/withdraw", headers=a).json()
    assert again["withdrawn_at"] == withdrawn.json()["withdrawn_at"]
    assert report["id"] not in {r["id"] for r in _t_view(client, world)["reports"]}
    [mine] = [r for r in client.get(f"{API}/reports", headers=a).json() if r["id"] == report["id"]]
    assert mine["withdrawn"] is True
    assert login(client, "terry").status_code == 303
    assert client.get(html).status_code == 404
    client.cookies.clear()
    # An id that is not in the report (it changed since the preview: 409), an unknown report.
    bad = assert_problem(
        client.post(f"{API}/reports", json={"exclude": ["nope:1"]}, headers=a), 409
    )
    assert "nope:1" in bad["detail"]
    assert_problem(client.post(f"{API}/reports/999999/withdraw", headers=a), 404)


def test_a_report_needs_something_to_report_and_a_therapist(
    api: TestClient, world: World, web_store: Store, add_account: Callable[..., Account]
) -> None:
    # A good request the client's state cannot take yet: a conflict with it, 409.
    b = assert_problem(api.post(f"{API}/reports", json={}, headers=world.auth("b")), 409)
    assert b["detail"] in (messages.SHARE_NO_THERAPIST, messages.PREP_EMPTY)
    carol = add_account("carol")
    plaintext, _ = tokens.create_token(web_store.unit_of_work(), carol, "script", now=_now())
    empty = api.post(f"{API}/reports", json={}, headers={"Authorization": f"Bearer {plaintext}"})
    assert assert_problem(empty, 409)["detail"] == messages.PREP_EMPTY
    assert api.get(f"{API}/reports", headers=world.auth("b")).json() == []


def _session(api: TestClient, name: str) -> dict[str, str]:
    """Sign ``name`` in on ``api`` (a browser session); the CSRF header its API posts need."""
    assert login(api, name).status_code == 303
    return {CSRF_HEADER: Page(api.get("/settings").text).csrf()}


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_tokens_make_list_use_and_revoke(api: TestClient, world: World) -> None:
    made = api.post(f"{API}/tokens", json={"name": "laptop"}, headers=_session(api, "alice"))
    assert made.status_code == 201, made.text
    new = made.json()
    assert new["token"].startswith("mwk_") and new["name"] == "laptop"
    created = datetime.fromisoformat(new["created_at"])
    assert datetime.fromisoformat(new["expires_at"]) - created == timedelta(days=90)
    api.cookies.clear()
    listed = api.get(f"{API}/tokens", headers=world.auth("a")).json()
    assert [t["name"] for t in listed] == ["a's script", "laptop"]
    assert all("token" not in t and "token_hash" not in json.dumps(t) for t in listed)
    assert all(t["expires_at"] for t in listed)
    assert api.get(f"{API}/me", headers=_bearer(new["token"])).is_success
    gone = api.delete(f"{API}/tokens/{new['id']}", headers=world.auth("a"))
    assert gone.status_code == 204 and not gone.content
    refused = api.get(f"{API}/me", headers=_bearer(new["token"]))
    assert_problem(refused, 401)
    assert_problem(api.delete(f"{API}/tokens/{new['id']}", headers=world.auth("a")), 404)
    # B cannot revoke A's token, and A's still works afterwards.
    assert_problem(api.delete(f"{API}/tokens/{world.ids['token']}", headers=world.auth("b")), 404)
    assert api.get(f"{API}/me", headers=world.auth("a")).is_success


@pytest.mark.parametrize("days", [7, 30, 365])
def test_a_token_lasts_the_days_chosen(api: TestClient, world: World, days: int) -> None:
    made = api.post(
        f"{API}/tokens", json={"name": "short", "days": days}, headers=_session(api, "alice")
    ).json()
    lasts = datetime.fromisoformat(made["expires_at"]) - datetime.fromisoformat(made["created_at"])
    assert lasts == timedelta(days=days)


@pytest.mark.parametrize("days", [0, 1, 91, 3650, None, "forever", True])
def test_only_the_offered_lifetimes_are_accepted(
    api: TestClient, world: World, days: object
) -> None:
    refused = api.post(
        f"{API}/tokens", json={"name": "x", "days": days}, headers=_session(api, "alice")
    )
    assert_problem(refused, 422)
    api.cookies.clear()
    assert [t["name"] for t in api.get(f"{API}/tokens", headers=world.auth("a")).json()] == [
        "a's script"
    ]


def test_a_bearer_token_cannot_make_tokens_nor_leave_a_child_alive(
    api: TestClient, world: World
) -> None:
    minted = api.post(f"{API}/tokens", json={"name": "child"}, headers=world.auth("a"))
    assert assert_problem(minted, 403)["detail"] == messages.API_TOKEN_NO_MINTING
    assert "mwk_" not in minted.text
    # So revoking the first token leaves nothing of its making alive.
    assert (
        api.delete(f"{API}/tokens/{world.ids['token']}", headers=world.auth("a")).status_code == 204
    )
    assert_problem(api.get(f"{API}/me", headers=world.auth("a")), 401)
    assert tokens.list_tokens(api.app.state.store.unit_of_work(), world.a, now=_now()) == []


def test_an_expired_token_is_refused(api: TestClient, world: World, web_store: Store) -> None:
    plaintext, _ = tokens.create_token(
        web_store.unit_of_work(), world.a, "old", now=_now() - timedelta(days=8), days=7
    )
    refused = api.get(f"{API}/me", headers=_bearer(plaintext))
    assert assert_problem(refused, 401)["detail"] == messages.API_TOKEN_INVALID
    assert "old" not in [
        t["name"] for t in api.get(f"{API}/tokens", headers=world.auth("a")).json()
    ]


def test_a_password_change_revokes_every_token(api: TestClient, world: World) -> None:
    csrf = _session(api, "alice")
    changed = api.post(
        "/settings/password",
        data={
            "current_password": PASSWORD,
            "new_password": "a different long passphrase",
            "new_password_again": "a different long passphrase",
            CSRF_FIELD: csrf[CSRF_HEADER],
        },
        follow_redirects=False,
    )
    assert changed.status_code == 303
    api.cookies.clear()
    assert_problem(api.get(f"{API}/me", headers=world.auth("a")), 401)
    assert api.get(f"{API}/me", headers=world.auth("b")).is_success  # others' tokens live on


def test_an_administrators_reset_revokes_every_token(
    api: TestClient, world: World, web_store: Store
) -> None:
    acc.reset_password(web_store.unit_of_work(), "alice", "a brand new passphrase", now=_now())
    assert_problem(api.get(f"{API}/me", headers=world.auth("a")), 401)
    assert api.get(f"{API}/me", headers=world.auth("t")).is_success


def test_a_disabled_accounts_token_is_refused(
    api: TestClient, world: World, web_store: Store
) -> None:
    acc.disable_account(web_store.unit_of_work(), "alice", now=_now())
    assert_problem(api.get(f"{API}/me", headers=world.auth("a")), 401)


@pytest.mark.parametrize(
    "header",
    ["Bearer nope", "Bearer mwk_nope", "Basic YWxpY2U6eA==", "Bearer", "mwk_x"],
)
def test_bad_authorization_is_401(api: TestClient, world: World, header: str) -> None:
    assert_problem(api.get(f"{API}/me", headers={"Authorization": header}), 401)


def test_a_token_opens_no_html_page(api: TestClient, world: World) -> None:
    response = api.get("/journal", headers=world.auth("a"), follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"


# --- browser sessions on the API ----------------------------------------------------------------


def test_a_session_works_and_unsafe_methods_need_the_csrf_header(
    client: TestClient, world: World
) -> None:
    assert login(client, "alice").status_code == 303
    assert client.get(f"{API}/me").json()["username"] == "alice"
    refused = client.post(f"{API}/tokens", json={"name": "x"})
    assert_problem(refused, 403)
    # A bearer header does not lift the check while a session cookie rides along.
    refused = client.post(f"{API}/tokens", json={"name": "x"}, headers=world.auth("a"))
    assert_problem(refused, 403)
    token = Page(client.get("/settings").text).csrf()
    made = client.post(f"{API}/tokens", json={"name": "x"}, headers={"X-CSRF-Token": token})
    assert made.status_code == 201


# --- errors are problem documents ---------------------------------------------------------------


def test_every_kind_of_error_is_a_problem_document(api: TestClient, world: World) -> None:
    a = world.auth("a")
    assert_problem(api.get(f"{API}/nowhere", headers=a), 404)
    assert_problem(api.put(f"{API}/me", headers=a), 405)
    assert_problem(api.get(f"{API}/journal/999999", headers=a), 404)
    assert_problem(api.get(f"{API}/journal/0", headers=a), 404)
    # An id that cannot be one is answered like a missing one (test_hostile_input.py: all).
    assert_problem(api.get(f"{API}/journal/{2**80}", headers=a), 404)
    assert_problem(api.get(f"{API}/clients/999999", headers=world.auth("t")), 404)
    # A mistyped query parameter is named, not ignored in silence.
    bad = assert_problem(api.get(f"{API}/journal?limt=5", headers=a), 422)
    assert bad["errors"] == [{"loc": ["query", "limt"], "msg": messages.API_UNKNOWN_PARAMETER}]
    # JSON true is not the number 1.
    bad = assert_problem(api.post(f"{API}/checkins/mood", json={"mood": True}, headers=a), 422)
    assert bad["errors"][0]["loc"] == ["body", "mood"]
    # The body: missing, wrong types, unknown fields, not JSON at all.
    bad = assert_problem(api.post(f"{API}/journal", json={}, headers=a), 422)
    assert bad["errors"] == [{"loc": ["body", "text"], "msg": "Field required"}]
    bad = assert_problem(api.post(f"{API}/checkins/mood", json={"mood": 11}, headers=a), 422)
    assert bad["errors"][0]["loc"] == ["body", "mood"]
    bad = assert_problem(
        api.post(f"{API}/questions", json={"text": "x", "colour": "red"}, headers=a), 422
    )
    assert bad["errors"][0]["loc"] == ["body", "colour"]
    raw = api.post(
        f"{API}/journal", content=b"{not json", headers={**a, "content-type": "application/json"}
    )
    assert_problem(raw, 422)
    # A rule the service checks (blank text) is a 422 problem too, with its own sentence.
    blank = assert_problem(api.post(f"{API}/journal", json={"text": "   "}, headers=a), 422)
    assert "empty" in blank["detail"]
    # Nothing A sent is echoed back in an error.
    echoed = api.post(f"{API}/journal", json={"text": 12345678, "mood": "lighthouse"}, headers=a)
    assert_problem(echoed, 422)
    assert "lighthouse" not in echoed.text and "12345678" not in echoed.text


def test_the_openapi_document_describes_only_the_api(api: TestClient) -> None:
    response = api.get(f"{API}/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    assert doc["openapi"].startswith("3.") and doc["info"]["title"] == "midweek API"
    paths = set(doc["paths"])
    assert paths and all(p.startswith(API + "/") for p in paths)
    assert {(m.upper(), p) for p, ops in doc["paths"].items() for m in ops} == set(EXAMPLES) - {
        ("GET", "/api/v1/openapi.json")
    }
    assert doc["components"]["securitySchemes"]["token"]["scheme"] == "bearer"
    problem = doc["paths"]["/api/v1/journal"]["post"]["responses"]["422"]["content"]
    assert list(problem) == [PROBLEM_JSON]
    # No interactive docs pages (they would load scripts from elsewhere).
    for page in ("/docs", "/redoc", "/openapi.json", f"{API}/docs"):
        assert api.get(page).status_code == 404
