"""No state-changing request without the form token, generated from the route table.

For every unsafe route of the pages and the API, signed in as someone who may use it, six
forged requests are sent — no token, an empty one, a guessed one, the token of another
person's session, the token of a sign-in form (pre-session) and, with no session at all,
nothing — and none may be accepted (the audit: 0 of 342 over 57 unsafe routes). What the
owner sees afterwards is checked not to have changed.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient

import clock
from midweek.domain.accounts import Account
from midweek.domain.sharing import ShareKind
from midweek.services import care_links, homework, journal
from midweek.storage import Store
from midweek.web.security import CSRF_HEADER, SESSION_COOKIE

from .conftest import Page, login, without_keys
from .test_api import EXAMPLES, _api_routes
from .test_route_access import ACCESS, FORM, THERAPIST, _table

SAFE = {"GET", "HEAD", "OPTIONS"}


def _session(client: TestClient, who: Account) -> tuple[str, str]:
    """(session cookie, its form token) for ``who``."""
    client.cookies.clear()
    assert login(client, who.username).status_code == 303
    return client.cookies[SESSION_COOKIE], Page(client.get("/crisis").text).csrf()


def test_no_forged_state_changing_request_is_accepted(
    client: TestClient, add_account: Callable[..., Account], web_store: Store
) -> None:
    now = clock.NOW
    alice, tara, bob = add_account("alice"), add_account("tara", "therapist"), add_account("bob")
    code = care_links.invite(web_store.unit_of_work(), tara, now=now).code
    care_links.accept_invite(web_store.unit_of_work(), alice, code, share=tuple(ShareKind), now=now)
    mine = web_store.unit_of_work(person_id=alice.person_id)
    a = homework.add_homework(mine, title="Walk", per_week=3, minutes=10, now=now)
    journal.write_entry(web_store.unit_of_work(person_id=alice.person_id), "A page", at=now)
    ids = {"assignment_id": a.id, "person_id": alice.person_id}
    sessions = {"client": _session(client, alice), "therapist": _session(client, tara)}
    _, other_token = _session(client, bob)
    client.cookies.clear()
    pre_session = Page(client.get("/login").text).csrf()
    client.cookies.clear()

    def before() -> str:
        client.cookies.set(SESSION_COOKIE, sessions["client"][0])
        return without_keys(client.get("/journal").text + client.get("/homework").text)

    seen_before = before()
    unsafe = sorted(
        {(m, p) for m, p in _table(client.app) if m not in SAFE}
        | {(m, p) for m, p in _api_routes(client.app) if m not in SAFE}
    )
    accepted: list[str] = []
    sent = 0
    for method, path in unsafe:
        is_api = path.startswith("/api/")
        role = (
            EXAMPLES[(method, path)].role
            if is_api
            else ("therapist" if ACCESS[(method, path)] == THERAPIST else "client")
        )
        session, _ = sessions["therapist" if role == "therapist" else "client"]
        url = re.sub(r"{(\w+)}", lambda m: str(ids.get(m.group(1), 1)), path)
        url = url.replace("{kind}", "journal")
        forged = [
            (session, None),
            (session, ""),
            (session, "guessed-" + "0" * 56),
            (session, other_token),
            (session, pre_session),
            (None, None),
        ]
        for cookie, token in forged:
            client.cookies.clear()
            if cookie is not None:
                client.cookies.set(SESSION_COOKIE, cookie)
            headers = {"Origin": "https://evil.example"}
            if is_api:
                if token is not None:
                    headers[CSRF_HEADER] = token
                answer = client.request(method, url, json={}, headers=headers)
            else:
                data = {**FORM, **({"csrf_token": token} if token is not None else {})}
                answer = client.request(
                    method, url, data=data, headers=headers, follow_redirects=False
                )
            sent += 1
            if answer.status_code not in (401, 403):
                accepted.append(f"{method} {url} token={token!r}: {answer.status_code}")
    assert accepted == [], accepted
    assert before() == seen_before
    # Every unsafe route, sign-in and sign-out included, six forgeries each.
    assert len(unsafe) >= 57 and sent == 6 * len(unsafe), (len(unsafe), sent)
    print(f"forged requests: {sent} over {len(unsafe)} unsafe routes, 0 accepted")
