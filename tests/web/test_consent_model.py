"""A model of consent, checked against every therapist-facing read of the API.

A hypothesis state machine plays a client and two therapists: accept an invitation with
some kinds, share and stop sharing kinds and single items with one therapist, end a link,
accept a new one. After every step, each therapist-facing GET route of the app (taken from
the route table, so a new one cannot be forgotten) is called as each therapist and
compared with the model: a therapist without an active link gets 404; a linked one gets
exactly the kinds and items the client shares *with them*, and no canary of anything not
shared with them appears anywhere in the answer. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import datetime, timedelta

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

import clock
from midweek.domain.accounts import Account
from midweek.domain.entities import Outcome, Source
from midweek.domain.sharing import TOGGLE_KINDS, ShareKind
from midweek.services import care_links, checkins, homework, tokens
from midweek.services import journal as jr
from midweek.services.library import shipped_templates
from midweek.storage import Store

from .test_api import _api_routes

API = "/api/v1"
#: The therapist-facing reads this model checks; the route table must not have others.
THERAPIST_READS = {"/api/v1/clients", "/api/v1/clients/{person_id}"}
KINDS = [k.value for k in TOGGLE_KINDS if k is not ShareKind.SAFETY_FLAGS]
ITEM_KINDS = ["journal", "worksheet", "checkin"]
_names = itertools.count()


def test_the_route_table_has_no_therapist_read_the_model_does_not_check(
    client: TestClient,
) -> None:
    reads = {
        path
        for method, path in _api_routes(client.app)
        if method == "GET" and path.startswith(f"{API}/clients")
    }
    assert reads == THERAPIST_READS


def test_the_apis_kinds_and_opt_ins_are_the_domains() -> None:
    from typing import get_args

    from midweek.reports.view import OPT_IN
    from midweek.web.api.sharing import ReportIn, ToggleKind

    assert list(get_args(ToggleKind)) == [k.value for k in TOGGLE_KINDS]
    [arg] = get_args(ReportIn.model_fields["include"].annotation)
    assert set(get_args(arg)) == set(OPT_IN)


def _history(store: Store, client: Account, now: datetime, tag: str) -> dict[str, dict[int, str]]:
    """Two journal entries, two worksheets, two check-ins with notes, a practice note: each
    with its own canary."""
    uow = lambda: store.unit_of_work(person_id=client.person_id)  # noqa: E731
    canaries: dict[str, dict[int, str]] = {k: {} for k in (*ITEM_KINDS, "practice")}
    own = homework.add_homework(
        uow(), title="Walk", per_week=3, minutes=10, now=now, source=Source.SELF
    )
    assert own.id is not None
    note = f"cnry-{tag}-practice"
    log = homework.log_practice(uow(), own.id, Outcome.PARTIAL, at=now, note=note).log
    assert log.id is not None
    canaries["practice"][log.id] = note
    template = shipped_templates()["values-clarification"]
    for n in range(2):
        text = f"cnry-{tag}-journal-{n}"
        entry = jr.write_entry(uow(), text, at=now + timedelta(seconds=n)).entry
        answer = f"cnry-{tag}-worksheet-{n}"
        filled = homework.fill_worksheet(
            uow(), template, {"area": "work", "what_matters": answer}, at=now, homework_id=own.id
        ).log
        mood_note = f"cnry-{tag}-checkin-{n}"
        checkin, _ = checkins.checkin_mood(uow(), 5 + n, note=mood_note, at=now)
        assert entry.id and filled.id and checkin.id
        canaries["journal"][entry.id] = text
        canaries["worksheet"][filled.id] = answer
        canaries["checkin"][checkin.id] = mood_note
    return canaries


def test_what_each_therapist_sees_follows_the_model(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    client.cookies.clear()

    class Consent(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            n = next(_names)
            self.now = clock.NOW
            self.client = add_account(f"client-{n}")
            self.therapists = [add_account(f"dr-{n}-{i}", "therapist") for i in range(2)]
            self.pid = self.client.person_id
            self.canaries = _history(web_store, self.client, self.now, str(n))
            self.token = {
                who: tokens.create_token(web_store.unit_of_work(), acct, "t", now=self.now)[0]
                for who, acct in (
                    ("c", self.client),
                    ("t0", self.therapists[0]),
                    ("t1", self.therapists[1]),
                )
            }
            # The model: per therapist, None (no link) or (link id, kinds, items by kind).
            self.links: list[tuple[int, set[str], dict[str, set[int]]] | None] = [None, None]

        def _as(self, who: str) -> dict[str, str]:
            return {"Authorization": f"Bearer {self.token[who]}"}

        @rule(t=st.integers(0, 1), kinds=st.sets(st.sampled_from(KINDS), max_size=3))
        def connect(self, t: int, kinds: set[str]) -> None:
            if self.links[t] is not None:
                return
            code = care_links.invite(
                web_store.unit_of_work(), self.therapists[t], now=self.now
            ).code
            got = client.post(
                f"{API}/sharing/invitations/accept",
                json={"code": code, "kinds": sorted(kinds)},
                headers=self._as("c"),
            )
            assert got.status_code == 201, got.text
            self.links[t] = (got.json()["link_id"], set(kinds), {k: set() for k in ITEM_KINDS})

        @rule(t=st.integers(0, 1))
        def disconnect(self, t: int) -> None:
            link = self.links[t]
            if link is None:
                return
            got = client.delete(f"{API}/sharing/links/{link[0]}", headers=self._as("c"))
            assert got.status_code == 204, got.text
            self.links[t] = None

        @rule(t=st.integers(0, 1), kind=st.sampled_from(KINDS), on=st.booleans())
        def share_kind(self, t: int, kind: str, on: bool) -> None:
            link = self.links[t]
            if link is None:
                return
            got = client.put(
                f"{API}/sharing/kinds/{kind}",
                json={"shared": on, "link_id": link[0]},
                headers=self._as("c"),
            )
            assert got.status_code == 200, got.text
            (link[1].add if on else link[1].discard)(kind)

        @rule(
            t=st.integers(0, 1),
            kind=st.sampled_from(ITEM_KINDS),
            which=st.integers(0, 1),
            on=st.booleans(),
        )
        def share_item(self, t: int, kind: str, which: int, on: bool) -> None:
            link = self.links[t]
            if link is None:
                return
            item = sorted(self.canaries[kind])[which]
            got = client.put(
                f"{API}/sharing/items/{kind}/{item}",
                json={"shared": on, "link_id": link[0]},
                headers=self._as("c"),
            )
            assert got.status_code == 200, got.text
            (link[2][kind].add if on else link[2][kind].discard)(item)

        @invariant()
        def each_therapist_sees_exactly_what_is_shared_with_them(self) -> None:
            for t, link in enumerate(self.links):
                who = self._as(f"t{t}")
                caseload = client.get(f"{API}/clients", headers=who)
                assert caseload.status_code == 200
                view = client.get(f"{API}/clients/{self.pid}", headers=who)
                if link is None:
                    assert view.status_code == 404
                    assert self.pid not in [r["person_id"] for r in caseload.json()]
                    self._no_canary(caseload.text + view.text, visible=set())
                    continue
                _, kinds, items = link
                assert view.status_code == 200, view.text
                body = view.json()
                assert set(body["sharing"]["kinds"]) == kinds
                assert {k: set(v) for k, v in body["sharing"]["items"].items()} == {
                    k: v for k, v in items.items() if v
                }
                visible = {
                    text
                    for kind, by_id in self.canaries.items()
                    for ident, text in by_id.items()
                    if kind in kinds or ident in items.get(kind, set())
                }
                self._no_canary(caseload.text + view.text, visible=visible)
                for text in visible:
                    assert text in view.text, text

        def _no_canary(self, text: str, *, visible: set[str]) -> None:
            for by_id in self.canaries.values():
                for canary in by_id.values():
                    if canary not in visible:
                        assert canary not in text, canary

    run_state_machine_as_test(
        Consent,
        settings=settings(
            max_examples=20,
            stateful_step_count=8,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )
