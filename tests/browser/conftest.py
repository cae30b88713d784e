"""Real-browser fixtures: one Chromium per test session, and one live server per backend.

- ``db_url``: every browser test runs twice, on SQLite and on PostgreSQL (test ids
  ``[sqlite-chromium...]`` / ``[postgresql-chromium...]``). It overrides the root
  ``db_url`` with a session-scoped one, so each backend's database (a temporary SQLite
  file, a fresh PostgreSQL schema) and server are made once: pytest runs all tests of one
  backend, then tears its server down before starting the other's. The PostgreSQL half
  needs MIDWEEK_TEST_POSTGRES_URL (``scripts/with-postgres``) and fails without it;
  MIDWEEK_TEST_SQLITE_ONLY=1 deselects it, as for the rest of the suite (the root
  conftest recognises the ``db_url`` parameter).
- ``live``: the app served by uvicorn on a free 127.0.0.1 port over ``db_url`` (see
  ``live.py``); ``base_url`` points pytest-playwright's pages at it, so
  ``page.goto("/login")`` works.
- ``add_account(prefix, role="client", demo=False)``: a new account with a unique name.
- ``signed_in(page, account)``: signs in through the real form.
- ``personas`` / ``sign_in_as(page, who)``: one shared account per kind of person (a
  linked client and therapist with shared data, an unlinked therapist, ...) per backend's
  server; each signs in through the form once per server, later pages reuse that cookie.
- ``watch``: what the current page did — console errors and requests that left
  127.0.0.1. Every test using ``page`` is checked for both when it ends.
- ``open_page()``: another watched page in its own browser context (a second person).
- ``axe``: axe-core, for scans (test_accessibility.py).

Chromium is Debian's ``/usr/bin/chromium`` (CI installs it; see SETUP-NOTES "Browser
tests"). When it is missing the tests FAIL: a skipped browser suite would pass CI unseen.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import ConsoleMessage, Page, Request

# The root tests/conftest.py (module ``conftest``: tests/ has no __init__.py).
import personas as the_cast
from conftest import BACKENDS, PG_URL_ENV, _with_search_path
from midweek.domain.accounts import Account

from .live import (
    CHROMIUM,
    CHROMIUM_ARGS,
    HOST,
    ClientData,
    LiveServer,
    fast_hashing,
    live_server,
    sign_in,
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"{CHROMIUM} is missing, so the browser tests cannot run. Install Debian's "
            "Chromium (`apt-get install -y chromium`; .ci/run does this). Never run "
            "`playwright install`: nothing may download a browser at run time.",
            pytrace=False,
        )
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="package", autouse=True)
def _fast_hashing_in_browser_tests() -> Iterator[None]:
    """Tiny Argon2 cost (like ``fast_hashing``) while tests/browser runs, and only then:
    package scope puts the real cost back before the rest of the suite."""
    with fast_hashing():
        yield


@pytest.fixture(scope="session")
def axe() -> Axe:
    """axe-core (axe-playwright-python's bundled axe.min.js), loaded once."""
    return Axe()


@pytest.fixture(scope="session", params=BACKENDS)
def db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The live server's empty database, once per backend per session: a SQLite file, or
    (like the root ``pg_url``) a new PostgreSQL schema, dropped after that backend's tests.
    Named ``db_url`` like the root fixture so MIDWEEK_TEST_SQLITE_ONLY=1 deselects the
    PostgreSQL half exactly as everywhere else."""
    if request.param == "sqlite":
        yield str(tmp_path_factory.mktemp("browser-sqlite-db") / "midweek.db")
        return
    admin = request.getfixturevalue("_pg_admin")
    schema = f"browser_{uuid.uuid4().hex[:16]}"
    admin.execute(f"CREATE SCHEMA {schema}")
    try:
        yield _with_search_path(os.environ[PG_URL_ENV], schema)
    finally:
        admin.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(scope="session")
def live(db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The app over ``db_url``: one server per backend, started when its first test runs."""
    with live_server(tmp_path_factory.mktemp("browser"), db_url) as server:
        yield server


@pytest.fixture(scope="session")
def base_url(live: LiveServer) -> str:
    return live.base_url


@pytest.fixture
def add_account(live: LiveServer) -> Callable[..., Account]:
    return live.add_account


@pytest.fixture
def signed_in(base_url: str) -> Callable[[Page, Account], None]:
    def sign(page: Page, account: Account) -> None:
        sign_in(page, base_url, account.username)

    return sign


class Personas:
    """One shared account per kind of person, made on first use (pages are only read).

    ``client``: a client with the demo's six-week history, linked to ``therapist``; they
    share practice, check-ins, questions and goals, one extra journal entry by item (and
    keep another private), and have sent one prep report; ``new-client``: a client with
    no data yet; ``therapist``: linked to ``client``; ``other-therapist``: a therapist
    with no link to anyone; ``admin``: a staff account; ``nobody``: not signed in.
    ``data`` holds the ids of the client's things (``ClientData``, see live.py).
    """

    KINDS = ("nobody", "client", "new-client", "therapist", "other-therapist", "admin")
    #: Who plays each kind: the cast of tests/personas.py (a fixture here is named personas).
    CAST: ClassVar[dict[str, str]] = {
        "client": the_cast.ALICE,
        "new-client": the_cast.BOB,
        "therapist": the_cast.TERRY,
        "other-therapist": the_cast.TINA,
        "admin": the_cast.CHARLIE,
    }

    def __init__(self, server: LiveServer) -> None:
        self._server = server
        self._made: dict[str, Account] = {}
        self._data: ClientData | None = None
        #: Session cookies per persona: each signs in through the form once per session.
        self.cookies: dict[str, list[Any]] = {}

    def account(self, who: str) -> Account:
        if who not in self.KINDS or who == "nobody":
            raise ValueError(f"no account for {who!r}; one of {self.KINDS[1:]}")
        if who in ("client", "therapist"):
            self.data  # noqa: B018 - the two are made together, linked
        if who not in self._made:
            name = self.CAST[who]
            self._made[who] = self._server.add_account(name, the_cast.ROLES[name])
        return self._made[who]

    @property
    def data(self) -> ClientData:
        if self._data is None:
            self._data = self._link()
        return self._data

    def _link(self) -> ClientData:
        """Make ``client`` (demo history) and ``therapist``, linked, with what is shared."""
        client, therapist, data = self._server.add_linked_pair(the_cast.ALICE, the_cast.TERRY)
        self._made["client"], self._made["therapist"] = client, therapist
        return data


@pytest.fixture(scope="session")
def personas(live: LiveServer) -> Personas:
    return Personas(live)


@pytest.fixture
def sign_in_as(
    personas: Personas, signed_in: Callable[[Page, Account], None]
) -> Callable[[Page, str], Account | None]:
    """``sign_in_as(page, who)``: signs ``page`` in as one of Personas.KINDS — through the
    real form the first time in a session, then with that session's cookie."""

    def sign(page: Page, who: str) -> Account | None:
        if who == "nobody":
            return None
        account = personas.account(who)
        saved = personas.cookies.get(who)
        if saved:
            page.context.add_cookies(saved)
        else:
            signed_in(page, account)
            personas.cookies[who] = page.context.cookies()
        return account

    return sign


# --- what a page does --------------------------------------------------------------------


#: Known gaps in the app, not in the browser. The app has no favicon yet, so Chromium's
#: automatic GET /favicon.ico logs a 404 on every page. Remove the entry once base.html
#: links an icon (e.g. <link rel="icon" href="/static/favicon.svg">) or /favicon.ico exists.
KNOWN_MISSING = frozenset({"/favicon.ico"})

#: A step that waits longer than this has failed (Playwright's default is 30 s).
STEP_TIMEOUT_MS = 8000


@dataclass
class Watch:
    """Console errors, uncaught page errors and requests to anywhere but 127.0.0.1."""

    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    #: Document URLs whose error status the test meant to cause (a 404 page, a failed
    #: sign-in's 400): Chromium logs those as "Failed to load resource".
    expected_error_documents: set[str] = field(default_factory=set)
    _documents: dict[str, int] = field(default_factory=dict)

    def on_console(self, msg: ConsoleMessage) -> None:
        if msg.type != "error":
            return
        where = msg.location.get("url", "")
        if urlsplit(where).path in KNOWN_MISSING:
            return
        if (
            msg.text.startswith("Failed to load resource")
            and where in self.expected_error_documents
            and self._documents.get(where, 0) >= 400
        ):
            return
        self.console_errors.append(f"{msg.text} (at {where or 'unknown'})")

    def on_page_error(self, error: Exception) -> None:
        self.console_errors.append(f"uncaught: {error}")

    def on_request(self, request: Request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in {"data", "about", "blob"}:
            return
        if parts.hostname != HOST:
            self.outside_requests.append(request.url)

    def on_response(self, response: Any) -> None:
        if response.request.resource_type == "document":
            self._documents[response.url] = response.status

    def expect_error_page(self, url: str) -> None:
        self.expected_error_documents.add(url)

    def assert_clean(self) -> None:
        assert not self.console_errors, "console errors:\n" + "\n".join(self.console_errors)
        assert not self.outside_requests, "requests left 127.0.0.1:\n" + "\n".join(
            self.outside_requests
        )


@pytest.fixture
def watch() -> Watch:
    return Watch()


@pytest.fixture(scope="session")
def _one_context(browser: Any, browser_context_args: dict[str, Any]) -> Iterator[Any]:
    # Service workers are blocked here: a worker answers some requests itself, and then
    # page.route() (used to lose an answer on the way) never sees them. The offline tests
    # make contexts of their own that allow them.
    context = browser.new_context(**{**browser_context_args, "service_workers": "block"})
    yield context
    context.close()


@pytest.fixture
def context(_one_context: Any) -> Iterator[Any]:
    """One browser context for the session, emptied between tests (no cookies, no open
    pages): a new context per test costs ~0.3 s, a quarter of a page scan. The app keeps
    nothing in the browser but its session cookie (service workers are blocked here; the
    offline tests have contexts of their own).
    A test that needs a second person uses ``open_page`` (a context of its own)."""
    _one_context.clear_cookies()
    yield _one_context
    for opened in _one_context.pages:
        opened.close()
    _one_context.clear_cookies()


@pytest.fixture
def page(page: Page, watch: Watch) -> Iterator[Page]:
    """pytest-playwright's page, watched; a test whose page logged an error or reached
    outside 127.0.0.1 fails when it ends."""
    page.set_default_timeout(STEP_TIMEOUT_MS)
    page.on("console", watch.on_console)
    page.on("pageerror", watch.on_page_error)
    page.on("request", watch.on_request)
    page.on("response", watch.on_response)
    yield page
    watch.assert_clean()


@pytest.fixture
def open_page(browser: Any, base_url: str) -> Iterator[Callable[[], tuple[Page, Watch]]]:
    """``open_page()``: a watched page in a new browser context (another person, their own
    cookies); checked like ``page`` when the test ends."""
    opened: list[tuple[Any, Watch]] = []

    def make() -> tuple[Page, Watch]:
        context = browser.new_context(base_url=base_url, service_workers="block")
        context.set_default_timeout(STEP_TIMEOUT_MS)
        page = context.new_page()
        watch = Watch()
        page.on("console", watch.on_console)
        page.on("pageerror", watch.on_page_error)
        page.on("request", watch.on_request)
        page.on("response", watch.on_response)
        opened.append((context, watch))
        return page, watch

    yield make
    for context, watch in opened:
        context.close()
        watch.assert_clean()
