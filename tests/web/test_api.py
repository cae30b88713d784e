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

import httpx
import pytest
from fastapi.testclient import TestClient

from midweek.domain.accounts import Account
from midweek.domain.entities import Outcome
from midweek.domain.sharing import ShareKind
from midweek.services import accounts as acc
from midweek.services import homework, journal, records, sharing, tokens
from midweek.storage import Store
from midweek.web.errors import PROBLEM_JSON

from .conftest import Page, login

API = "/api/v1"

# Words only client A wrote: none may ever reach anyone A did not share them with.
A_PRIVATE = "A-private-entry about the lighthouse"
A_SHARED = "A-shared-entry about the harbour"
A_QUESTION = "A-question about sleeping earlier"
A_MOOD_NOTE = "A-mood-note after the long walk"
A_PRACTICE_NOTE = "A-practice-note on the bus"
A_WORDS = (A_PRIVATE, A_SHARED, A_QUESTION, A_MOOD_NOTE, A_PRACTICE_NOTE)
#: What therapist T may see of A's (shared), and what nobody but A may see.
NEVER_SHARED = (A_PRIVATE,)


def _now() -> datetime:
    return datetime.now().astimezone()


@dataclass
class World:
    """Client A (linked to therapist T, sharing some kinds), client B, therapist U (no link)."""

    a: Account
    b: Account
    t: Account
    u: Account
    tokens: dict[str, str]
    ids: dict[str, int] = field(default_factory=dict)

    def auth(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"} if who != "anon" else {}


@pytest.fixture
def world(web_store: Store, add_account: Callable[..., Account]) -> World:
    now = _now()
    a, b = add_account("alice"), add_account("bob")
    t, u = add_account("terry", "therapist"), add_account("ursula", "therapist")
    assert a.person_id is not None and b.person_id is not None
    code = sharing.invite(web_store.unit_of_work(), t, now=now).code
    share = [ShareKind.PRACTICE, ShareKind.QUESTIONS, ShareKind.CHECKIN]
    sharing.accept_invite(web_store.unit_of_work(), a, code, share=share, now=now)

    def person(who: Account) -> Any:
        return web_store.unit_of_work(person_id=who.person_id)

    assignment = homework.new_assignment(
        title="Slow breathing", per_week=3, minutes=10, now=now - timedelta(hours=1)
    )
    sharing.assign_homework(person(a), t, a.person_id, assignment, now=now)
    assert assignment.id is not None
    homework.log_practice(
        person(a),
        assignment.id,
        Outcome.PARTIAL,
        at=now - timedelta(minutes=5),
        note=A_PRACTICE_NOTE,
    )
    private = journal.write_entry(person(a), A_PRIVATE, at=now - timedelta(minutes=4)).entry
    journal.write_entry(person(a), A_SHARED, at=now - timedelta(minutes=3), shared=True)
    records.ask(person(a), A_QUESTION, now=now - timedelta(minutes=2))
    records.checkin_mood(person(a), 6, note=A_MOOD_NOTE, at=now - timedelta(minutes=1))
    journal.write_entry(person(b), "B's own entry", at=now)
    made = {
        who: tokens.create_token(web_store.unit_of_work(), account, f"{who}'s script", now=now)
        for who, account in (("a", a), ("b", b), ("t", t), ("u", u))
    }
    assert private.id is not None and made["a"][1].id is not None
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
        },
    )


@pytest.fixture
def api(client: TestClient) -> Iterator[TestClient]:
    """The app, without cookies: every request says who it is by its token."""
    client.cookies.clear()
    yield client


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    body = response.json()
    assert {"type", "title", "status", "detail"} <= set(body), body
    assert body["status"] == status and body["type"].startswith("urn:midweek:problem:")
    assert isinstance(body["detail"], str) and body["detail"]
    return body


def assert_none_of(words: tuple[str, ...], response: httpx.Response) -> None:
    for w in words:
        assert w not in response.text, (w, response.text)


# --- the route table ------------------------------------------------------------------------


@dataclass(frozen=True)
class Op:
    """An example request. ``role``: who may call it (client, therapist, any, public).
    ``path`` may name A's items: {assignment}, {entry}, {person}, {token}; then the other
    person (B, or U for a therapist route) must get 404."""

    role: str
    path: str
    body: dict[str, Any] | None = None
    ok: int = 200

    @property
    def names_an_item(self) -> bool:
        return "{" in self.path


HOMEWORK = {"title": "Walk after lunch", "per_week": 2, "minutes": 15}

EXAMPLES: dict[tuple[str, str], Op] = {
    ("GET", "/api/v1/openapi.json"): Op("public", "/openapi.json"),
    ("GET", "/api/v1/me"): Op("any", "/me"),
    ("GET", "/api/v1/today"): Op("client", "/today"),
    ("GET", "/api/v1/homework"): Op("client", "/homework"),
    ("POST", "/api/v1/homework"): Op("client", "/homework", HOMEWORK, 201),
    ("POST", "/api/v1/homework/{assignment_id}/practice"): Op(
        "client", "/homework/{assignment}/practice", {"outcome": "done", "minutes": 9}, 201
    ),
    ("GET", "/api/v1/journal"): Op("client", "/journal"),
    ("POST", "/api/v1/journal"): Op("client", "/journal", {"text": "A new page"}, 201),
    ("GET", "/api/v1/journal/{entry_id}"): Op("client", "/journal/{entry}"),
    ("GET", "/api/v1/questions"): Op("client", "/questions"),
    ("POST", "/api/v1/questions"): Op("client", "/questions", {"text": "What next?"}, 201),
    ("GET", "/api/v1/checkins"): Op("client", "/checkins"),
    ("POST", "/api/v1/checkins/mood"): Op("client", "/checkins/mood", {"mood": 7}, 201),
    ("GET", "/api/v1/clients"): Op("therapist", "/clients"),
    ("GET", "/api/v1/clients/{person_id}"): Op("therapist", "/clients/{person}"),
    ("POST", "/api/v1/clients/{person_id}/homework"): Op(
        "therapist", "/clients/{person}/homework", HOMEWORK, 201
    ),
    ("GET", "/api/v1/tokens"): Op("any", "/tokens"),
    ("POST", "/api/v1/tokens"): Op("any", "/tokens", {"name": "laptop"}, 201),
    ("DELETE", "/api/v1/tokens/{token_id}"): Op("any", "/tokens/{token}", None, 204),
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


def _send(api: TestClient, world: World, key: tuple[str, str], who: str) -> httpx.Response:
    op = EXAMPLES[key]
    path = API + op.path.format(**world.ids)
    return api.request(key[0], path, json=op.body, headers=world.auth(who))


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
        if op.names_an_item:
            assert_problem(other, 404)
        else:
            assert other.status_code == op.ok, other.text
        assert_none_of(A_WORDS, other)
    owner = _send(api, world, key, OWNER[op.role])
    assert owner.status_code == op.ok, owner.text
    if op.ok != 204:
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
    [due] = today["practice"]
    assert due["title"] == "Slow breathing" and due["source"] == "therapist"
    assert due["week"]["planned"] == 3 and due["week"]["partial"] == 1
    assert due["week"]["credit"] == 0.5
    assert [q["text"] for q in today["open_questions"]] == [A_QUESTION]
    assert today["prompt"]
    listed = api.get(f"{API}/homework", headers=world.auth("a")).json()
    assert [h["id"] for h in listed] == [world.ids["assignment"]]


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
    assert titles == {"Slow breathing", "Walk after lunch"}


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
    assert [h["assignment"]["title"] for h in body["homework"]] == ["Slow breathing"]
    assert body["goals"] == [] and body["safety_plan"] is None
    assert A_PRIVATE not in view.text


def test_client_view_drops_what_the_client_stops_sharing(
    api: TestClient, world: World, web_store: Store
) -> None:
    sharing.set_kind_shared(
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
    assert titles == {"Slow breathing", "Walk after lunch"}


def test_tokens_make_list_use_and_revoke(api: TestClient, world: World) -> None:
    made = api.post(f"{API}/tokens", json={"name": "laptop"}, headers=world.auth("a"))
    assert made.status_code == 201
    new = made.json()
    assert new["token"].startswith("mwk_") and new["name"] == "laptop"
    listed = api.get(f"{API}/tokens", headers=world.auth("a")).json()
    assert [t["name"] for t in listed] == ["a's script", "laptop"]
    assert all("token" not in t and "token_hash" not in json.dumps(t) for t in listed)
    assert api.get(f"{API}/me", headers={"Authorization": f"Bearer {new['token']}"}).is_success
    gone = api.delete(f"{API}/tokens/{new['id']}", headers=world.auth("a"))
    assert gone.status_code == 204 and not gone.content
    refused = api.get(f"{API}/me", headers={"Authorization": f"Bearer {new['token']}"})
    assert_problem(refused, 401)
    assert_problem(api.delete(f"{API}/tokens/{new['id']}", headers=world.auth("a")), 404)
    # B cannot revoke A's token, and A's still works afterwards.
    assert_problem(api.delete(f"{API}/tokens/{world.ids['token']}", headers=world.auth("b")), 404)
    assert api.get(f"{API}/me", headers=world.auth("a")).is_success


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
    assert_problem(api.get(f"{API}/journal/0", headers=a), 422)
    assert_problem(api.get(f"{API}/journal/{2**80}", headers=a), 422)
    assert_problem(api.get(f"{API}/clients/999999", headers=world.auth("t")), 404)
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
