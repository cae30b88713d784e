"""PATCH, DELETE and restore on the JSON API (the persona table in test_api.py covers 404s)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from fastapi.testclient import TestClient

import clock
from midweek.domain.accounts import Account
from midweek.domain.entities import Outcome
from midweek.services import checkins, homework, journal, tokens
from midweek.storage import Store

from .test_api import API, assert_problem


def _now() -> datetime:
    return clock.NOW


def _auth(web_store: Store, who: Account) -> dict[str, str]:
    plaintext, _ = tokens.create_token(web_store.unit_of_work(), who, "script", now=_now())
    return {"Authorization": f"Bearer {plaintext}"}


def test_patch_practice_is_checked_as_on_create(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    uow = lambda: web_store.unit_of_work(person_id=alice.person_id)  # noqa: E731
    a = homework.add_homework(uow(), title="Walk", per_week=3, minutes=10, now=_now())
    log = homework.log_practice(uow(), a.id, Outcome.DONE, at=_now()).log  # type: ignore[arg-type]
    auth = _auth(web_store, alice)
    client.cookies.clear()
    future = (_now() + timedelta(days=1)).isoformat()
    body = assert_problem(
        client.patch(f"{API}/practice/{log.id}", json={"at": future}, headers=auth), 422
    )
    assert "hasn't happened yet" in body["detail"]
    unchanged = client.patch(f"{API}/practice/{log.id}", json={}, headers=auth)  # merge patch
    assert unchanged.status_code == 200 and unchanged.json()["practice"]["outcome"] == "done"
    assert_problem(client.patch(f"{API}/practice/{log.id}", json={"quality": 9}, headers=auth), 422)
    ok = client.patch(
        f"{API}/practice/{log.id}", json={"outcome": "partial", "note": "half"}, headers=auth
    )
    assert ok.status_code == 200, ok.text
    assert ok.json()["practice"] | {"id": log.id} == ok.json()["practice"]
    assert (ok.json()["practice"]["outcome"], ok.json()["practice"]["note"]) == ("partial", "half")


def test_delete_then_restore_keeps_the_id(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    entry = journal.write_entry(
        web_store.unit_of_work(person_id=alice.person_id), "Words", at=_now()
    ).entry
    auth = _auth(web_store, alice)
    client.cookies.clear()
    gone = client.delete(f"{API}/journal/{entry.id}", headers=auth)
    assert gone.status_code == 200, gone.text
    deletion = gone.json()
    assert (deletion["kind"], deletion["item_id"]) == ("journal", entry.id)
    assert_problem(client.get(f"{API}/journal/{entry.id}", headers=auth), 404)
    assert_problem(client.delete(f"{API}/journal/{entry.id}", headers=auth), 404)
    back = client.post(f"{API}/deleted/{deletion['id']}/restore", headers=auth)
    assert back.status_code == 200 and back.json()["item_id"] == entry.id
    assert client.get(f"{API}/journal/{entry.id}", headers=auth).json()["text"] == "Words"
    assert_problem(client.post(f"{API}/deleted/{deletion['id']}/restore", headers=auth), 404)


def test_patch_checkin_answers_rescore_and_mood_needs_a_mood_checkin(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice = add_account("alice")
    mood, _ = checkins.checkin_mood(
        web_store.unit_of_work(person_id=alice.person_id), 5, note=None, at=_now()
    )
    auth = _auth(web_store, alice)
    client.cookies.clear()
    assert_problem(
        client.patch(f"{API}/checkins/{mood.id}", json={"answers": [0] * 9}, headers=auth), 422
    )
    ok = client.patch(f"{API}/checkins/{mood.id}", json={"mood": 8}, headers=auth)
    assert ok.status_code == 200 and ok.json()["checkin"]["mood"] == 8
