"""Hostile ids and dates, generated from the route table: never a 5xx, never a traceback.

For every HTML and API route with an id in its path, each hostile id (beyond the database's
64-bit range, zero, negative, not a decimal number at all) must answer 404 — the kind
not-found page for a browser, a problem document for the API — exactly as a missing id.
For every route that takes a date or a moment (in a form, a query or a JSON body), each
out-of-range date must answer below 500 (a 4xx naming the field, or the page with its
error). The number of cases sent is asserted, so a route table that shrinks is noticed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

import clock
from midweek.domain.accounts import Account
from midweek.domain.sharing import ShareKind
from midweek.services import care_links, homework, journal, tokens
from midweek.storage import Store
from midweek.web.errors import PROBLEM_JSON

from .conftest import Page, login
from .test_api import EXAMPLES, _api_routes
from .test_route_access import ACCESS, ANYONE, CLIENT, FORM, THERAPIST, _table

HOSTILE_IDS = (
    str(2**63),
    str(2**64),
    "-1",
    "0",
    "99999999999999999999",
    "1e3",
    "\u0661",  # ARABIC-INDIC DIGIT ONE: int() reads it as 1, a URL should not
    "9223372036854775807",  # the largest id there can be, but no row has it
    "0x10",
    "+1",
)

HOSTILE_DATES = (
    "0000-01-01",
    "10000-01-01",
    "9999-12-31",
    "9999-12-31T23:59:59",
    "0001-01-01",
    "0001-01-01T00:00:00",
    "99999999999",
    "-1",
    "2026-02-30",
    "9999-12-31T23:59:59+14:00",
    "1e300",
)

#: Path parameters that name things (a template, an instrument, a kind), not rows.
NAMES = {"code": "phq9", "name": "thought-record", "kind": "journal"}

#: The form and query fields any page reads a day or a moment from.
HTML_DATE_FIELDS = ("start", "until", "day", "next_appointment", "at", "date", "when")


@dataclass
class World:
    client: TestClient
    alice: Account
    tara: Account
    ids: dict[str, int]
    bearer: dict[str, dict[str, str]]


@pytest.fixture
def world(client: TestClient, add_account: Callable[..., Account], web_store: Store) -> World:
    now = clock.NOW
    alice, tara = add_account("alice"), add_account("tara", "therapist")
    assert alice.person_id is not None
    code = care_links.invite(web_store.unit_of_work(), tara, now=now).code
    care_links.accept_invite(web_store.unit_of_work(), alice, code, share=tuple(ShareKind), now=now)
    person = web_store.unit_of_work(person_id=alice.person_id)
    a = homework.add_homework(person, title="Walk", per_week=3, minutes=10, now=now)
    journal.write_entry(web_store.unit_of_work(person_id=alice.person_id), "A page", at=now)
    assert a.id is not None
    bearer = {}
    for role, who in ((CLIENT, alice), (THERAPIST, tara)):
        plaintext, _ = tokens.create_token(web_store.unit_of_work(), who, "hostile", now=now)
        bearer[role] = {"Authorization": f"Bearer {plaintext}"}
    return World(client, alice, tara, {"assignment_id": a.id, "person_id": alice.person_id}, bearer)


@dataclass
class Tally:
    cases: int = 0
    failures: list[str] | None = None

    def fail(self, what: str) -> None:
        assert self.failures is not None
        self.failures.append(what)


def _send(client: TestClient, method: str, url: str, **kwargs: Any) -> Any:
    try:
        return client.request(method, url, follow_redirects=False, **kwargs)
    except Exception as exc:  # a server error the app did not turn into an answer
        return exc


def _status(response: Any) -> int:
    return 599 if isinstance(response, Exception) else int(response.status_code)


def _fill(path: str, ids: dict[str, int], hostile: str | None) -> str:
    def one(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in NAMES:
            return NAMES[name]
        # Ids not given are ones no row has, so no case ends a link or revokes a token.
        return hostile if hostile is not None else str(ids.get(name, 2**62))

    return re.sub(r"{(\w+)}", one, path)


def _html_role(method: str, path: str) -> str:
    who = ACCESS[(method, path)]
    return THERAPIST if who == THERAPIST else CLIENT


def _api_role(method: str, path: str) -> str:
    return THERAPIST if EXAMPLES[(method, path)].role == "therapist" else CLIENT


def _sign_in(world: World, role: str) -> str:
    world.client.cookies.clear()
    who = world.tara if role == THERAPIST else world.alice
    assert login(world.client, who.username).status_code == 303
    return Page(world.client.get("/crisis").text).csrf()


def _html_cases(world: World, tally: Tally, caplog: pytest.LogCaptureFixture) -> None:
    routes = sorted(_table(world.client.app))
    for role in (CLIENT, THERAPIST):
        token = _sign_in(world, role)
        for method, path in routes:
            if ACCESS[(method, path)] == ANYONE or _html_role(method, path) != role:
                continue
            ids = set(re.findall(r"{(\w+)}", path)) - set(NAMES)
            for hostile in HOSTILE_IDS if ids else ():
                url = _fill(path, world.ids, hostile)
                data = {**FORM, "csrf_token": token} if method != "GET" else None
                response = _send(
                    world.client, method, url, data=data, headers={"Accept": "text/html"}
                )
                tally.cases += 1
                if _status(response) != 404 or "text/html" not in response.headers.get(
                    "content-type", ""
                ):
                    tally.fail(f"{method} {url} -> {_status(response)}")
            for day in HOSTILE_DATES:
                url = _fill(path, world.ids, None)
                if method == "GET":
                    params = {"start": day}
                    response = _send(
                        world.client, method, url, params=params, headers={"Accept": "text/html"}
                    )
                else:
                    data = {**FORM, **dict.fromkeys(HTML_DATE_FIELDS, day), "csrf_token": token}
                    response = _send(
                        world.client, method, url, data=data, headers={"Accept": "text/html"}
                    )
                tally.cases += 1
                if _status(response) >= 500:
                    tally.fail(f"{method} {url} ({day}) -> {_status(response)}")


def _schema_date_fields(doc: dict[str, Any], method: str, path: str) -> list[str]:
    """Names of the JSON body's properties that are dates or moments."""
    op = doc["paths"].get(path, {}).get(method.lower(), {})
    body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
    schema = body.get("schema", {})
    ref = schema.get("$ref", "")
    if ref:
        schema = doc["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    found = []
    for name, prop in schema.get("properties", {}).items():
        options = [prop, *prop.get("anyOf", [])]
        if any(o.get("format") in ("date", "date-time") for o in options):
            found.append(name)
    return found


def _api_cases(world: World, tally: Tally) -> None:
    world.client.cookies.clear()
    doc = world.client.get("/api/v1/openapi.json").json()
    for method, path in sorted(_api_routes(world.client.app)):
        op = EXAMPLES[(method, path)]
        if op.role == "public":
            continue
        headers = world.bearer[_api_role(method, path)]
        body = {
            k: v for k, v in (op.body or {}).items() if not (isinstance(v, str) and "{" in v)
        } or None
        ids = set(re.findall(r"{(\w+)}", path)) - set(NAMES)
        for hostile in HOSTILE_IDS if ids else ():
            url = _fill(path, world.ids, hostile)
            response = _send(world.client, method, url, json=body, headers=headers)
            tally.cases += 1
            if _status(response) != 404 or not response.headers.get("content-type", "").startswith(
                PROBLEM_JSON
            ):
                tally.fail(f"{method} {url} -> {_status(response)}")
        dated = _schema_date_fields(doc, method, path)
        for day in HOSTILE_DATES if dated else ():
            url = _fill(path, world.ids, None)
            sent = {**(body or {}), **dict.fromkeys(dated, day)}
            response = _send(world.client, method, url, json=sent, headers=headers)
            tally.cases += 1
            status = _status(response)
            if status >= 500:
                tally.fail(f"{method} {url} ({day}) -> {status}")
            elif status >= 400:
                problem = response.json()
                named = {e["loc"][-1] for e in problem.get("errors") or [] if e.get("loc")}
                if status == 422 and not named & set(dated):
                    tally.fail(f"{method} {url} ({day}) -> 422 naming no field: {problem}")


def test_hostile_ids_and_dates_never_cause_a_server_error(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    tally = Tally(failures=[])
    with caplog.at_level(logging.ERROR):
        _html_cases(world, tally, caplog)
        _api_cases(world, tally)
    assert tally.failures == [], f"{len(tally.failures)} of {tally.cases}: {tally.failures}"
    tracebacks = [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert tracebacks == [], [r.getMessage() for r in tracebacks]
    # Every id and date route of both shells, each with every hostile value (see module doc).
    print(f"hostile cases: {tally.cases}")
    assert tally.cases >= 600, tally.cases
