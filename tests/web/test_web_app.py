"""The first web slice: sign in and out, sessions, CSRF, headers, Today, crisis contacts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import clock
from midweek import messages
from midweek.config import load_settings
from midweek.domain.accounts import Account
from midweek.domain.entities import Assignment, Outcome, TherapySession
from midweek.services import accounts as acc
from midweek.services import homework, questions
from midweek.services.library import crisis_resources
from midweek.services.today import today
from midweek.storage import Store
from midweek.web.app import create_app
from midweek.web.security import CSRF_FIELD, SESSION_COOKIE
from personas import PASSWORD

from .conftest import Page, login, without_keys

HTML = {"Accept": "text/html"}


def _set_cookie_header(response) -> str:  # type: ignore[no-untyped-def]
    cookies = response.headers.get_list("set-cookie")
    found = [c for c in cookies if c.startswith(f"{SESSION_COOKIE}=")]
    assert len(found) == 1, cookies
    return found[0]


# --- sign in ------------------------------------------------------------------------------


def test_login_sets_a_safe_cookie_with_a_new_session_id(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    first = login(client, "alice")
    # A client who has not chosen a country is asked for it first (once).
    assert first.status_code == 303 and first.headers["location"] == "/country"
    header = _set_cookie_header(first)
    attrs = {p.strip().split("=")[0].lower(): p.strip() for p in header.split(";")}
    assert "httponly" in attrs
    assert attrs["samesite"].lower() == "samesite=lax"
    assert attrs["path"] == "Path=/"
    assert "secure" not in attrs  # plain http in the test; https requests get Secure
    token = header.split(";")[0].split("=", 1)[1]
    client.cookies.clear()
    second = login(client, "alice")
    assert _set_cookie_header(second).split(";")[0].split("=", 1)[1] != token


def test_the_cookie_is_secure_over_https(
    web_store: Store, client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    with TestClient(client.app, base_url="https://testserver") as secure:
        response = login(secure, "alice")
    assert "secure" in _set_cookie_header(response).lower()


def test_wrong_password_and_unknown_user_look_the_same(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    wrong = login(client, "alice", "not the right passphrase")
    unknown = login(client, "nobody-here", PASSWORD)
    assert wrong.status_code == unknown.status_code == 400
    assert SESSION_COOKIE not in wrong.headers.get("set-cookie", "")

    def error(r) -> str:  # type: ignore[no-untyped-def]
        return Page(r.text).one(id="login-error").text

    assert error(wrong) == error(unknown) == messages.LOGIN_FAILED

    # The whole page is the same apart from the username echoed back, the CSRF token and
    # the form's fresh idempotency key.
    def strip(r, name: str) -> str:  # type: ignore[no-untyped-def]
        text = r.text.replace(name, "").replace(Page(r.text).csrf(), "")
        return without_keys(text)

    assert strip(wrong, "alice") == strip(unknown, "nobody-here")


def test_throttling_gives_429_with_retry_after(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    for _ in range(acc.ACCOUNT_FAILURE_LIMIT):
        assert login(client, "alice", "not the right passphrase").status_code == 400
    throttled = login(client, "alice")  # even the right password waits
    assert throttled.status_code == 429
    assert int(throttled.headers["Retry-After"]) > 0
    assert "wait" in Page(throttled.text).one(id="login-error").text


# --- CSRF and headers ---------------------------------------------------------------------


def test_posts_without_the_csrf_token_are_refused(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    client.get("/login")  # has the pre-session cookie, but the form field is missing
    no_token = client.post(
        "/login", data={"username": "alice", "password": PASSWORD}, follow_redirects=False
    )
    assert no_token.status_code == 403
    assert no_token.headers["content-type"].startswith("application/problem+json")
    assert no_token.json()["status"] == 403
    wrong = client.post(
        "/login",
        data={"username": "alice", "password": PASSWORD, CSRF_FIELD: "guessed"},
        follow_redirects=False,
    )
    assert wrong.status_code == 403
    assert SESSION_COOKIE not in wrong.headers.get("set-cookie", "")
    # Signed in, logout needs the session's token too; without it the session stays.
    assert login(client, "alice").status_code == 303
    assert client.post("/logout", follow_redirects=False).status_code == 403
    assert client.get("/", follow_redirects=False).status_code == 200


def test_forbidden_page_is_kind_html_for_browsers(client: TestClient) -> None:
    response = client.post("/logout", headers=HTML, follow_redirects=False)
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("text/html")
    assert messages.WEB_FORM_EXPIRED in Page(response.text).one("main").text


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/login"),
        ("GET", "/"),
        ("GET", "/crisis"),
        ("GET", "/no-such-page"),
        ("POST", "/logout"),
        ("GET", "/static/midweek.css"),
    ],
)
def test_security_headers_on_every_response(client: TestClient, method: str, path: str) -> None:
    response = client.request(method, path, follow_redirects=False)
    assert response.headers["Content-Security-Policy"] == (
        "default-src 'self'; frame-ancestors 'none'"
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    if not path.startswith("/static/"):
        assert response.headers["Cache-Control"] == "no-store"


def test_pages_have_no_inline_script_or_style_and_a_skip_link(client: TestClient) -> None:
    page = Page(client.get("/login").text)
    assert page.one("html").attrs["lang"] == "en"
    assert page.one("a", cls="skip-link").attrs["href"] == "#main"
    assert page.one("main").attrs["id"] == "main"
    # Scripts only from our own static files, never inline; no inline styles at all.
    scripts = page.find("script")
    assert scripts and all(s.attrs["src"].startswith("/static/") and not s.text for s in scripts)
    assert page.find("style") == []
    assert all("style" not in e.attrs for e in page.elements)
    assert page.one("a", cls="help-now").attrs["href"] == "/crisis"
    assert page.one("link", rel="stylesheet").attrs["href"] == "/static/midweek.css"


def test_not_found_is_a_problem_for_programs(client: TestClient) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["detail"] == messages.WEB_PAGE_NOT_FOUND


# --- today --------------------------------------------------------------------------------


def _seed(store: Store, person_id: int, takeaway: str, title: str, question: str) -> None:
    now = clock.NOW
    day = now.date()
    uow = store.unit_of_work(person_id=person_id)
    with uow:
        uow.sessions.add(TherapySession(date=day, takeaways=[takeaway]))
        a = uow.homework.add(Assignment(title=title, per_week=3, minutes=10, start=day))
        uow.commit()
    assert a.id is not None
    homework.log_practice(
        store.unit_of_work(person_id=person_id), a.id, Outcome.PARTIAL, at=now, minutes=5
    )
    questions.ask(store.unit_of_work(person_id=person_id), question, now=now)


def test_today_shows_the_clients_own_data_only(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    alice, bob = add_account("alice"), add_account("bob")
    assert alice.person_id is not None and bob.person_id is not None
    assert alice.person_id != bob.person_id
    _seed(web_store, alice.person_id, "Thoughts are not facts.", "Slow breathing", "Why mornings?")
    _seed(web_store, bob.person_id, "Bob's own takeaway.", "Bob's walk", "Bob's question?")

    assert login(client, "alice").status_code == 303
    page = Page(client.get("/", follow_redirects=False).text)
    takeaways = page.one("ul", cls="takeaways").text
    assert takeaways == "Thoughts are not facts."
    assert page.one("span", cls="practice-title").text == "Slow breathing"
    expected = today(web_store.unit_of_work(person_id=alice.person_id), now=clock.NOW)
    week = expected.practice[0].week
    assert 0 < week.credit < week.planned  # a partial practice counts, in part
    line = messages.progress_of(week)
    assert page.one("span", cls="progress").text == line
    assert page.one("ul", cls="questions").text == "Why mornings?"
    assert page.one("p", cls="prompt").text
    assert "Bob" not in page.one("main").text
    # And Bob, signed in on his own, sees his and not Alice's.
    client.cookies.clear()
    assert login(client, "bob").status_code == 303
    bobs = Page(client.get("/").text)
    assert bobs.one("ul", cls="takeaways").text == "Bob's own takeaway."
    assert "Slow breathing" not in bobs.one("main").text


def test_logged_out_home_redirects_to_login(client: TestClient) -> None:
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"


def test_logout_really_ends_the_session(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    assert login(client, "alice").status_code == 303
    old = client.cookies[SESSION_COOKIE]
    page = Page(client.get("/").text)
    form = page.one("form", cls="sign-out")
    assert form.attrs["action"] == "/logout"
    out = client.post("/logout", data={CSRF_FIELD: page.csrf()}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login"
    assert (
        f'{SESSION_COOKIE}=""' in out.headers["set-cookie"]
        or "Max-Age=0" in out.headers["set-cookie"]
    )
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, old)  # replaying the old cookie does not work
    assert client.get("/", follow_redirects=False).status_code == 303


def test_therapists_start_on_their_caseload_with_a_sign_out_button(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("dr-tan", role="therapist")
    signed_in = login(client, "dr-tan")
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/therapist"
    home = client.get("/", follow_redirects=False)
    assert home.status_code == 303 and home.headers["location"] == "/therapist"
    page = Page(client.get("/").text)
    assert page.one("h1").text == messages.WEB_T_CASELOAD
    assert page.one("form", cls="sign-out").attrs["method"] == "post"


# --- crisis -------------------------------------------------------------------------------


def test_crisis_page_needs_no_login(client: TestClient) -> None:
    response = client.get("/crisis")
    assert response.status_code == 200
    page = Page(response.text)
    resources = crisis_resources("INTL")
    names = [e.text for e in page.find("span", cls="contact-name")]
    assert names == [c.name for c in resources.contacts] and names
    assert page.one(id="not-monitored").text == messages.not_monitored(resources.emergency_number)


# --- the app's own store ------------------------------------------------------------------


def test_without_a_store_the_app_opens_one_and_closes_it(tmp_path: Path) -> None:
    settings = load_settings(
        {
            "MIDWEEK_DATA_DIR": str(tmp_path / "own"),
            "MIDWEEK_KEY_FILE": str(tmp_path / "own-keys" / "midweek.key"),
        }
    )
    app = create_app(settings)
    assert app.state.store is None  # nothing is opened when the app is built
    with TestClient(app) as c:
        assert app.state.store is not None
        assert c.get("/", follow_redirects=False).status_code == 303
    assert app.state.store is None
    assert (tmp_path / "own" / "midweek.db").exists()


def test_our_own_mistake_is_a_kind_500_with_the_usual_headers(
    web_store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = load_settings(
        {
            "MIDWEEK_DATA_DIR": str(tmp_path / "data"),
            "MIDWEEK_KEY_FILE": str(tmp_path / "keys" / "midweek.key"),
        }
    )
    app = create_app(settings, store=web_store, clock=clock.now)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret internals 4f2a")

    with TestClient(app, raise_server_exceptions=False) as c:
        page = c.get("/boom", headers=HTML)
        program = c.get("/boom")
    for response in (page, program):
        assert response.status_code == 500
        assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
        assert response.headers["Cache-Control"] == "no-store"
        assert "secret internals" not in response.text and "Traceback" not in response.text
    assert Page(page.text).one("main").text.startswith(messages.WEB_ERROR_TITLE)
    assert messages.WEB_INTERNAL_ERROR in page.text
    assert program.headers["content-type"].startswith("application/problem+json")
    assert program.json()["detail"] == messages.WEB_INTERNAL_ERROR
    assert "secret internals 4f2a" in caplog.text  # the server's log keeps the details
