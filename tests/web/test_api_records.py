"""What got in the way and session notes on the JSON API, and the Idempotency-Key header in
the OpenAPI description (the persona table in test_api.py covers 401/403/404)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from fastapi.testclient import TestClient

import clock
from midweek.domain.accounts import Account
from midweek.domain.entities import BarrierKind
from midweek.services import homework, tokens
from midweek.storage import Store
from midweek.web.params import SOME_WORDS

from .test_api import API, assert_problem


def _now() -> datetime:
    return clock.NOW


def _auth(web_store: Store, who: Account) -> dict[str, str]:
    plaintext, _ = tokens.create_token(web_store.unit_of_work(), who, "script", now=_now())
    return {"Authorization": f"Bearer {plaintext}"}


def test_barriers_listed_corrected_deleted_and_restored(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    uow = lambda: web_store.unit_of_work(person_id=alice.person_id)  # noqa: E731
    a = homework.add_homework(uow(), title="Walk", per_week=3, minutes=10, now=_now())
    other = homework.add_homework(uow(), title="Read", per_week=2, minutes=5, now=_now())
    b = homework.add_barrier(uow(), BarrierKind.TIME, at=_now(), assignment_id=a.id, note="Late")
    homework.add_barrier(uow(), BarrierKind.FEAR, at=_now(), assignment_id=other.id)
    auth = _auth(web_store, alice)
    client.cookies.clear()
    assert len(client.get(f"{API}/barriers", headers=auth).json()) == 2
    only = client.get(f"{API}/barriers", params={"assignment_id": a.id}, headers=auth).json()
    assert [x["note"] for x in only] == ["Late"]
    bid = b.barrier.id
    assert_problem(
        client.patch(f"{API}/barriers/{bid}", json={"kind": "gremlins"}, headers=auth), 422
    )
    ok = client.patch(f"{API}/barriers/{bid}", json={"kind": "fear", "note": ""}, headers=auth)
    assert ok.status_code == 200, ok.text
    assert (ok.json()["barrier"]["id"], ok.json()["barrier"]["kind"]) == (bid, "fear")
    assert ok.json()["barrier"]["note"] is None  # "" removes it
    gone = client.delete(f"{API}/barriers/{bid}", headers=auth)
    assert gone.status_code == 200 and gone.json()["kind"] == "barrier"
    assert len(client.get(f"{API}/barriers", headers=auth).json()) == 1
    assert_problem(client.patch(f"{API}/barriers/{bid}", json={"note": "x"}, headers=auth), 404)
    back = client.post(f"{API}/deleted/{gone.json()['id']}/restore", headers=auth)
    assert back.status_code == 200 and back.json()["item_id"] == bid
    assert len(client.get(f"{API}/barriers", headers=auth).json()) == 2


def test_sessions_recorded_read_corrected_and_checked(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    auth = _auth(web_store, alice)
    client.cookies.clear()
    made = client.post(
        f"{API}/sessions",
        json={"date": "2026-11-20", "takeaways": ["Thoughts are not facts"], "themes": ["sleep"]},
        headers=auth,
    )
    assert made.status_code == 201, made.text
    sid = made.json()["id"]
    assert made.json()["takeaways"] == ["Thoughts are not facts"]
    assert client.get(f"{API}/sessions/{sid}", headers=auth).json()["date"] == "2026-11-20"
    assert [s["id"] for s in client.get(f"{API}/sessions", headers=auth).json()] == [sid]
    # A blank takeaway is refused with a problem naming the field; nothing is written.
    blank = client.post(f"{API}/sessions", json={"takeaways": ["   "]}, headers=auth)
    assert_problem(blank, 422)
    # So is a theme made of a character only Python calls white space (U+0085).
    assert_problem(client.post(f"{API}/sessions", json={"themes": ["\x85"]}, headers=auth), 422)
    assert len(client.get(f"{API}/sessions", headers=auth).json()) == 1
    fixed = client.patch(
        f"{API}/sessions/{sid}", json={"takeaways": ["Thoughts are not always facts"]}, headers=auth
    )
    assert fixed.status_code == 200, fixed.text
    assert fixed.json()["takeaways"] == ["Thoughts are not always facts"]
    assert fixed.json()["themes"] == ["sleep"]  # left out: unchanged
    assert client.delete(f"{API}/sessions/{sid}", headers=auth).status_code == 200
    assert_problem(client.get(f"{API}/sessions/{sid}", headers=auth), 404)


def test_openapi_documents_the_idempotency_key_on_every_write(client: TestClient) -> None:
    doc = client.get(f"{API}/openapi.json").json()
    header = doc["components"]["parameters"]["IdempotencyKey"]
    assert (header["name"], header["in"], header["required"]) == (
        "Idempotency-Key",
        "header",
        False,
    )
    ref = {"$ref": "#/components/parameters/IdempotencyKey"}
    writes = reads = 0
    for path, operations in doc["paths"].items():
        for method, op in operations.items():
            if method in ("post", "put", "patch", "delete"):
                writes += 1
                assert ref in op.get("parameters", []), (method, path)
            else:
                reads += 1
                assert ref not in op.get("parameters", []), (method, path)
    assert writes >= 20 and reads >= 10
    for path in ("/barriers", "/sessions", "/sessions/{session_id}", "/barriers/{barrier_id}"):
        assert API + path in doc["paths"]


def test_a_repeated_key_records_one_session(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    auth = _auth(web_store, alice) | {"Idempotency-Key": "session-tap-0001"}
    client.cookies.clear()
    body = {"takeaways": ["One tap"]}
    first = client.post(f"{API}/sessions", json=body, headers=auth)
    again = client.post(f"{API}/sessions", json=body, headers=auth)
    assert first.status_code == again.status_code == 201
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert first.json()["id"] == again.json()["id"]
    listed = client.get(f"{API}/sessions", headers={"Authorization": auth["Authorization"]})
    assert len(listed.json()) == 1


def test_some_words_means_the_same_to_python_and_to_the_published_schema() -> None:
    """Every character either regex dialect calls white space is refused on its own, so no
    request the OpenAPI pattern (ECMA-262) accepts is refused by the server's check."""
    ecma_spaces = "\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff" + "".join(
        chr(c) for c in range(0x2000, 0x200B)
    )
    python_spaces = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
    pattern = re.compile(SOME_WORDS)
    for space in set(ecma_spaces + python_spaces):
        assert not pattern.search(space * 3), repr(space)
    assert pattern.search(" \x85 a ")
