"""Real-browser fixtures: one live server and one Chromium per test session.

- ``live``: the app served by uvicorn on a free 127.0.0.1 port over a temporary SQLite
  database (see ``live.py``); ``base_url`` points pytest-playwright's pages at it, so
  ``page.goto("/login")`` works.
- ``add_account(prefix, role="client", demo=False)``: a new account with a unique name.
- ``signed_in(page, account)``: signs in through the real form.
- ``watch``: what the current page did — console errors and requests that left
  127.0.0.1. Every test using ``page`` is checked for both when it ends.

Chromium is Debian's ``/usr/bin/chromium`` (CI installs it; see SETUP-NOTES "Browser
tests"). When it is missing the tests FAIL: a skipped browser suite would pass CI unseen.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import ConsoleMessage, Page, Request

from midweek.domain.accounts import Account

from .live import (
    CHROMIUM,
    CHROMIUM_ARGS,
    HOST,
    LiveServer,
    fast_hashing,
    live_server,
    now,
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
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server(tmp_path_factory.mktemp("browser")) as server:
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


@dataclass(frozen=True)
class ClientData:
    """Ids in the linked client's data that pages need in their paths."""

    person_id: int
    shared_entry: int  # a journal entry shared one by one
    private_entry: int  # a journal entry kept private (the therapist gets 404)
    private_text: str  # ... and its words, which must never reach the therapist
    report: int  # a prep report the client sent to "therapist"
    worksheet_log: int  # a filled thought record
    assignment: int  # a running homework (for the barrier page)
    invite_code: str  # an open invitation from "therapist" (for /sharing/invite?code=)


SHARED_ENTRY_TEXT = "Shared with my therapist: the walk after work helped more than I expected."
PRIVATE_ENTRY_TEXT = "Private page: only for me, never for the therapist (kingfisher-42)."


class Personas:
    """One shared account per kind of person, made on first use (pages are only read).

    ``client``: a client with the demo's six-week history, linked to ``therapist``; they
    share practice, check-ins, questions and goals, one extra journal entry by item (and
    keep another private), and have sent one prep report; ``new-client``: a client with
    no data yet; ``therapist``: linked to ``client``; ``other-therapist``: a therapist
    with no link to anyone; ``admin``: a staff account; ``nobody``: not signed in.
    ``data`` holds the ids of the client's things (``ClientData``).
    """

    KINDS = ("nobody", "client", "new-client", "therapist", "other-therapist", "admin")

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
            role = "client" if who.endswith("client") else who.removeprefix("other-")
            self._made[who] = self._server.add_account(who, role, demo=who == "client")
        return self._made[who]

    @property
    def data(self) -> ClientData:
        if self._data is None:
            self._data = self._link()
        return self._data

    def _link(self) -> ClientData:
        """Make ``client`` (demo history) and ``therapist``, linked, with what is shared."""
        from midweek.domain.sharing import ShareKind
        from midweek.reports.html import render_html
        from midweek.reports.markdown import render_markdown
        from midweek.reports.view import build_view
        from midweek.services import homework, journal, sharing
        from midweek.services.library import shipped_templates
        from midweek.services.prep import build_prep

        server, at = self._server, now()
        client = self._made["client"] = server.add_account("client", demo=True)
        therapist = self._made["therapist"] = server.add_account("therapist", "therapist")
        pid = client.person_id
        assert pid is not None

        def mine() -> Any:
            return server.store.unit_of_work(person_id=pid)

        code = sharing.invite(server.store.unit_of_work(), therapist, now=at).code
        kinds = (ShareKind.PRACTICE, ShareKind.CHECKIN, ShareKind.QUESTIONS, ShareKind.GOALS)
        sharing.accept_invite(server.store.unit_of_work(), client, code, share=kinds, now=at)
        shared = journal.write_entry(mine(), SHARED_ENTRY_TEXT, at=at, tags=["walk"]).entry
        private = journal.write_entry(mine(), PRIVATE_ENTRY_TEXT, at=at, mood=4).entry
        assert shared.id is not None and private.id is not None
        sharing.set_item_shared(mine(), client, ShareKind.JOURNAL, shared.id, True, now=at)
        view = build_view(build_prep(mine(), now=at))
        report = sharing.send_report(
            mine(),
            client,
            markdown=render_markdown(view),
            html=render_html(view),
            left_out=[],
            now=at,
        )
        template = shipped_templates().get("thought-record")
        assert template is not None
        running = homework.list_homework(mine(), on=at.date())
        assignment = next(a for a in running if a.worksheet is None)
        answers = {
            "situation": "The team meeting ran late.",
            "automatic_thought": "I always mess things up.",
            "emotion": "shame",
            "intensity_before": 70,
        }
        logged = homework.fill_worksheet(mine(), template, answers, at=at)
        open_code = sharing.invite(server.store.unit_of_work(), therapist, now=at).code
        assert report.id is not None and logged.log.id is not None and assignment.id
        return ClientData(
            person_id=pid,
            shared_entry=shared.id,
            private_entry=private.id,
            private_text=PRIVATE_ENTRY_TEXT,
            report=report.id,
            worksheet_log=logged.log.id,
            assignment=assignment.id,
            invite_code=open_code,
        )


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
        context = browser.new_context(base_url=base_url)
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
