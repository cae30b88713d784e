"""A real midweek web server for a browser: uvicorn in a background thread on a free
127.0.0.1 port, over a temporary SQLite database (or any database URL, such as a fresh
PostgreSQL schema), with helpers to add accounts.

Used by the browser tests (tests/browser/conftest.py) and by scripts/screenshots, so both
see the same app the same way a person's browser does.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from itertools import count
from pathlib import Path
from typing import TYPE_CHECKING, Any

from midweek import messages
from midweek.config import load_settings
from midweek.domain.accounts import Account
from midweek.services import accounts as acc
from midweek.storage import Store, open_store
from midweek.web.app import create_app
from personas import PASSWORD
from personas import create as create_persona

if TYPE_CHECKING:
    from playwright.sync_api import Page

HOST = "127.0.0.1"

#: Chromium from Debian (CI installs it with apt-get); nothing downloads a browser.
CHROMIUM = "/usr/bin/chromium"
#: Without the background-networking flags Chromium tries outside hosts (closed here).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

#: Tiny Argon2 cost, like the ``fast_hashing`` test fixture: accounts are made per test.
FAST_HASH_PARAMS = acc.HashParams(time_cost=1, memory_cost=8, parallelism=1)


def now() -> datetime:
    return datetime.now().astimezone()


@contextmanager
def fast_hashing() -> Iterator[None]:
    """Use FAST_HASH_PARAMS while inside (creation and login both read ``acc.PARAMS``)."""
    saved = acc.PARAMS
    acc.PARAMS = FAST_HASH_PARAMS
    try:
        yield
    finally:
        acc.PARAMS = saved


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """Run ``app`` with uvicorn in a daemon thread; yields its base URL, stops it after."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((HOST, 0))  # the kernel picks a free port; uvicorn serves on this very socket
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, host=HOST, port=port, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="midweek-live-server", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            sock.close()
            raise RuntimeError(f"the midweek test server did not start on {HOST}:{port}")
        time.sleep(0.01)
    try:
        yield f"http://{HOST}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@dataclass(frozen=True)
class ClientData:
    """Ids in a linked client's data that pages need in their paths."""

    person_id: int
    shared_entry: int  # a journal entry shared one by one
    private_entry: int  # a journal entry kept private (the therapist gets 404)
    private_text: str  # ... and its words, which must never reach the therapist
    report: int  # a prep report the client sent to the therapist
    worksheet_log: int  # a filled thought record
    assignment: int  # a running homework without a worksheet (for the barrier page)
    invite_code: str  # an open invitation from the therapist (typed into /sharing)


SHARED_ENTRY_TEXT = "Shared with my therapist: the walk after work helped more than I expected."
PRIVATE_ENTRY_TEXT = "Private page: only for me, never for the therapist (kingfisher-42)."


@dataclass
class LiveServer:
    """The running app, its store, and a way to add accounts to it."""

    base_url: str
    store: Store
    _numbers: Iterator[int] = field(default_factory=lambda: count(1))

    def add_account(self, prefix: str, role: str = "client", *, demo: bool = False) -> Account:
        """A new account with a unique name starting with ``prefix`` and the cast's password
        (``personas.create``); with ``demo`` a client's data is filled with the demo's
        six-week history."""
        account = create_persona(self.store, f"{prefix}-{next(self._numbers)}", now(), role)
        if demo:
            from midweek.services import demo as demo_data
            from midweek.services.library import shipped_templates

            assert account.person_id is not None, "only a client's account has data"
            demo_data.seed(
                self.store.unit_of_work(person_id=account.person_id),
                now=now(),
                thought_record=shipped_templates().get("thought-record"),
            )
        return account

    def add_linked_pair(
        self, client_prefix: str, therapist_prefix: str
    ) -> tuple[Account, Account, ClientData]:
        """A client with the demo history and a therapist they accepted (services
        ``care_links.invite`` + ``accept_invite``), sharing practice, check-ins, questions and
        goals; one more journal entry shared by item and one kept private; a sent prep
        report; a filled thought record; and one more open invitation from the therapist."""
        from midweek.domain.sharing import ShareKind
        from midweek.reports.html import render_html
        from midweek.reports.markdown import render_markdown
        from midweek.reports.view import build_view
        from midweek.services import care_links, consent, homework, journal
        from midweek.services.library import shipped_templates
        from midweek.services.prep import build_prep

        at = now()
        client = self.add_account(client_prefix, demo=True)
        therapist = self.add_account(therapist_prefix, "therapist")
        pid = client.person_id
        assert pid is not None

        def mine() -> Any:
            return self.store.unit_of_work(person_id=pid)

        code = care_links.invite(self.store.unit_of_work(), therapist, now=at).code
        kinds = (ShareKind.PRACTICE, ShareKind.CHECKIN, ShareKind.QUESTIONS, ShareKind.GOALS)
        care_links.accept_invite(self.store.unit_of_work(), client, code, share=kinds, now=at)
        shared = journal.write_entry(mine(), SHARED_ENTRY_TEXT, at=at, tags=["walk"]).entry
        private = journal.write_entry(mine(), PRIVATE_ENTRY_TEXT, at=at, mood=4).entry
        assert shared.id is not None and private.id is not None
        consent.set_item_shared(mine(), client, ShareKind.JOURNAL, shared.id, True, now=at)
        view = build_view(build_prep(mine(), now=at))
        report = consent.send_report(
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
        open_code = care_links.invite(self.store.unit_of_work(), therapist, now=at).code
        assert report.id is not None and logged.log.id is not None and assignment.id
        return (
            client,
            therapist,
            ClientData(
                person_id=pid,
                shared_entry=shared.id,
                private_entry=private.id,
                private_text=PRIVATE_ENTRY_TEXT,
                report=report.id,
                worksheet_log=logged.log.id,
                assignment=assignment.id,
                invite_code=open_code,
            ),
        )


@contextmanager
def live_server(folder: Path, database_url: str | None = None) -> Iterator[LiveServer]:
    """The app served on a free local port, with its data folder and key file in
    ``folder``, over ``database_url`` (an empty database: a SQLite path, or a PostgreSQL
    URL whose search_path is a fresh schema) or, without one, a new SQLite database in
    ``folder``."""
    data = folder / "data"
    key_file = folder / "keys" / "midweek.key"
    url = database_url or str(data / "midweek.db")
    settings = load_settings(
        {
            "MIDWEEK_DATA_DIR": str(data),
            "MIDWEEK_KEY_FILE": str(key_file),
            "MIDWEEK_DATABASE_URL": url,
        }
    )
    store = open_store(url, key_file)
    try:
        with serve(create_app(settings, store=store)) as base_url:
            yield LiveServer(base_url, store)
    finally:
        store.close()


def sign_in(page: Page, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Sign in through the real form, as a person would (waits for the next page)."""
    page.goto(f"{base_url}/login")
    page.get_by_label(messages.WEB_USERNAME).fill(username)
    page.get_by_label(messages.WEB_PASSWORD).fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name=messages.WEB_SIGN_IN).click()
