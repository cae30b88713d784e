"""No personal text in the clear (issue 14, finding 4), through the real server.

``midweek serve`` runs as its own process (as in production) with ``--log-file``; a unique
phrase goes through every web and API write path that takes text (journal, draft,
worksheet, safety plan, question, goal, check-in note, self-set and therapist-set
homework, practice note, barrier note, session notes, rating note, sent report, journal
search by form, old link and API, access-token names, a password typed into the username
field at sign-in). Then the phrase is looked for in the SQLite file and its WAL, or in
every text and bytea column of every PostgreSQL table, and in everything the server
logged (the log file, its stdout and stderr). The CLI's own canary test is
tests/storage/test_storage_encryption.py.
"""

from __future__ import annotations

import base64
import json
import os
import signal
import stat
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx2
import pytest

import clock
import midweek
import personas
from midweek.domain.errors import Unauthorized
from midweek.services import accounts as acc
from midweek.services import journal
from midweek.storage import Store, open_store, parse_url
from midweek.web.security import CSRF_FIELD, CSRF_HEADER
from personas import PASSWORD, linked_pair

from .conftest import Page, free_port

SECRET = "a secret for the canary server, long enough to pass"
SRC = Path(midweek.__file__).resolve().parents[1]


def forms(phrase: str) -> list[bytes]:
    """The phrase as it could appear in bytes: UTF-8, UTF-16, JSON-escaped, hex, base64,
    and URL-encoded (the phrase has no characters that need escaping, so that is UTF-8)."""
    raw = phrase.encode()
    found = [
        raw,
        phrase.encode("utf-16-le"),
        phrase.encode("utf-16-be"),
        json.dumps(phrase).encode()[1:-1],
        raw.hex().encode(),
    ]
    for shift in range(3):
        found.append(base64.b64encode(raw[shift:])[4:-4])
    return found


def assert_absent(phrase: str, blob: bytes, where: str) -> None:
    for form in forms(phrase):
        assert form not in blob, f"the phrase appears in {where} as {form[:24]!r}"


@dataclass
class Server:
    base_url: str
    process: subprocess.Popen[bytes]
    log_file: Path
    stdout: Path
    stderr: Path
    db_url: str
    person_id: int

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:  # pragma: no cover - a hung server
                self.process.kill()
                self.process.wait()


@pytest.fixture
def server(db_url: str, tmp_path: Path, key_file: Path, fast_hashing: None) -> Iterator[Server]:
    """A client (alice) linked to a therapist (terry) sharing practice, then the server
    process over that database; stopped after the test."""
    now = clock.NOW
    store = open_store(db_url, key_file)
    try:
        alice, _ = linked_pair(store, now)
    finally:
        store.close()
    assert alice.person_id is not None
    port = free_port()
    log_file = tmp_path / "server.log"
    out, err = tmp_path / "stdout.txt", tmp_path / "stderr.txt"
    env = {
        **os.environ,
        "PYTHONPATH": str(SRC),
        "MIDWEEK_DATABASE_URL": db_url,
        "MIDWEEK_KEY_FILE": str(key_file),
        "MIDWEEK_DATA_DIR": str(tmp_path / "data"),
        "MIDWEEK_SECRET_KEY": SECRET,
    }
    log = str(log_file)
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "midweek", "serve", "--port", str(port), "--log-file", log],
            env=env,
            stdout=stdout,
            stderr=stderr,
        )
    running = Server(
        f"http://127.0.0.1:{port}", process, log_file, out, err, db_url, alice.person_id
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx2.get(running.base_url + "/login", timeout=2).status_code == 200:
                break
        except httpx2.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            running.stop()
            pytest.fail(f"the server did not start: {err.read_text()[-2000:]}")
        time.sleep(0.1)
    try:
        yield running
    finally:
        running.stop()


def _signed_in(base_url: str, name: str) -> tuple[httpx2.Client, str]:
    """A browser-like client signed in as ``name``, and its form token."""
    c = httpx2.Client(base_url=base_url, timeout=30)
    token = Page(c.get("/login").text).csrf()
    done = c.post("/login", data={"username": name, "password": PASSWORD, CSRF_FIELD: token})
    assert done.status_code == 303, done.text
    return c, Page(c.get("/settings").text).csrf()


def _ok(response: httpx2.Response, *codes: int) -> httpx2.Response:
    assert response.status_code in (codes or (200, 201, 204, 303)), (
        response.request.method,
        response.request.url.path,
        response.status_code,
        response.text[:500],
    )
    return response


def write_everywhere(srv: Server, phrase: str) -> None:
    """The phrase through every web and API path that takes text (see the module doc)."""
    pid = srv.person_id
    # The therapist: homework they set, session notes (a rating note comes later).
    t, t_csrf = _signed_in(srv.base_url, "terry")
    _ok(
        t.post(
            f"/therapist/clients/{pid}/homework",
            data={
                "title": f"Walk {phrase}",
                "per_week": "3",
                "minutes": "10",
                "instructions": f"Slowly {phrase}",
                CSRF_FIELD: t_csrf,
            },
        )
    )
    _ok(
        t.post(
            f"/therapist/clients/{pid}/sessions",
            data={
                "takeaways": f"Took away {phrase}",
                "themes": f"theme {phrase}",
                CSRF_FIELD: t_csrf,
            },
        )
    )

    c, csrf = _signed_in(srv.base_url, "alice")
    form = {CSRF_FIELD: csrf}
    hx = {"HX-Request": "true"}
    _ok(c.post("/journal/draft", data={"text": f"Half {phrase}", **form}, headers=hx))
    _ok(
        c.post(
            "/journal",
            data={
                "text": f"Entry {phrase}",
                "tags": f"tag{phrase}",
                "prompt": f"Prompt {phrase}",
                **form,
            },
        )
    )
    _ok(c.post("/journal/search", data={"q": phrase, **form}))
    _ok(c.get("/journal", params={"q": phrase}))  # an old link: the words are in the URL
    fields = {
        "field_situation": f"Situation {phrase}",
        "field_automatic_thought": f"Thought {phrase}",
        "field_emotion": f"Emotion {phrase}",
        "field_intensity_before": "70",
        "field_evidence_for": f"For {phrase}",
        "field_balanced_thought": f"Balanced {phrase}",
    }
    filled = c.post("/worksheets/fill/thought-record", data={**fields, **form})
    _ok(filled)
    _ok(
        c.post(
            "/safety-plan",
            data={
                "warning_signs": f"Signs {phrase}",
                "coping": f"Coping {phrase}",
                "distractions": f"Distract {phrase}",
                "safer": f"Safer {phrase}",
                "reasons": f"Reasons {phrase}",
                "people_name": f"Friend {phrase}",
                "people_phone": "0123 456",
                "professionals_name": f"Doctor {phrase}",
                "professionals_phone": "0987 654",
                **form,
            },
        )
    )
    _ok(c.post("/questions", data={"text": f"Question {phrase}?", **form}))
    _ok(
        c.post(
            "/goals",
            data={
                "text": f"Goal {phrase}",
                "value": f"Value {phrase}",
                "importance": "5",
                "confidence": "5",
                **form,
            },
        )
    )
    _ok(c.post("/checkin/mood", data={"mood": "5", "note": f"Mood {phrase}", **form}))
    # Practice and what got in the way, on the therapist's homework.
    assigned = c.get("/api/v1/homework", headers={CSRF_HEADER: csrf}).json()
    [walk] = [h for h in assigned if phrase in h["title"]]
    aid = walk["id"]
    _ok(
        c.post(
            f"/practice/{aid}/log", data={"outcome": "partial", "note": f"Note {phrase}", **form}
        )
    )
    _ok(
        c.post(
            f"/practice/{aid}/barrier",
            data={
                "kind": "time",
                "own_step": f"Step {phrase}",
                "note": f"Barrier {phrase}",
                **form,
            },
        )
    )
    _ok(c.post("/prep/share", data=form))  # a sent report (it quotes the phrase)
    # Access tokens: made in Settings and through the API with the session.
    made = _ok(c.post("/settings/tokens", data={"name": f"Token {phrase}", "days": "30", **form}))
    bearer = Page(made.text).one("input", id="new-token").attrs["value"]
    _ok(c.post("/api/v1/tokens", json={"name": f"API token {phrase}"}, headers={CSRF_HEADER: csrf}))
    c.close()

    # The API with a bearer token: every text it takes.
    api = httpx2.Client(
        base_url=srv.base_url + "/api/v1", headers={"Authorization": f"Bearer {bearer}"}, timeout=30
    )
    _ok(
        api.post(
            "/journal",
            json={"text": f"API entry {phrase}", "tags": [f"t{phrase}"], "prompt": f"P {phrase}"},
        )
    )
    _ok(api.get("/journal", params={"q": phrase}))
    _ok(api.post("/journal/search", json={"q": phrase}))
    _ok(api.post("/questions", json={"text": f"API question {phrase}"}))
    _ok(
        api.post(
            "/goals",
            json={
                "text": f"API goal {phrase}",
                "value": f"V {phrase}",
                "importance": 5,
                "confidence": 5,
            },
        )
    )
    _ok(api.post("/checkins/mood", json={"mood": 4, "note": f"API mood {phrase}"}))
    own = _ok(
        api.post(
            "/homework",
            json={
                "title": f"Own {phrase}",
                "per_week": 2,
                "minutes": 5,
                "instructions": f"I {phrase}",
            },
        )
    ).json()
    oid = own["homework"]["id"] if "homework" in own else own["id"]
    _ok(
        api.post(
            f"/homework/{oid}/practice", json={"outcome": "partial", "note": f"API note {phrase}"}
        )
    )
    _ok(
        api.post(
            f"/homework/{oid}/barriers",
            json={
                "kind": "time",
                "note": f"API barrier {phrase}",
                "next_step": f"API step {phrase}",
            },
        )
    )
    _ok(
        api.put(
            "/safety-plan", json={"coping": [f"API coping {phrase}"], "reasons": [f"R {phrase}"]}
        )
    )
    _ok(api.post("/reports", json={"exclude": []}))
    _ok(api.post("/tokens", json={"name": f"Child {phrase}"}), 403)  # refused, never stored
    api.close()

    # The therapist rates the week, with a note.
    _ok(
        t.post(
            f"/therapist/clients/{pid}/homework/{aid}/rating",
            data={"rating": "3", "note": f"Rated {phrase}", CSRF_FIELD: t_csrf},
        )
    )
    t.close()

    # Sign-in mistakes: a password typed into the username field, a wrong password.
    stranger = httpx2.Client(base_url=srv.base_url, timeout=30)
    token = Page(stranger.get("/login").text).csrf()
    for username in (f"pw {phrase}", f"{phrase}@example.org"):
        _ok(
            stranger.post(
                "/login", data={"username": username, "password": phrase, CSRF_FIELD: token}
            ),
            400,
            422,
        )
    _ok(
        stranger.post("/login", data={"username": "alice", "password": phrase, CSRF_FIELD: token}),
        400,
    )
    stranger.close()


def _sqlite_files(url: str) -> Path:
    _, target = parse_url(url)
    return Path(target)


def _pg_rows(url: str, phrase: str) -> list[str]:
    """Every (table.column) of the schema whose text or bytes hold the phrase."""
    import psycopg

    found = []
    with psycopg.connect(url) as conn:
        columns = conn.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = current_schema() "
            "AND data_type IN ('text', 'bytea', 'character varying', 'json', 'jsonb')"
        ).fetchall()
        assert {c[0] for c in columns} >= {"journal_entry", "api_token", "login_failure"}
        for table, column, _ in columns:
            for (value,) in conn.execute(f'SELECT "{column}" FROM "{table}"').fetchall():
                if value is None:
                    continue
                blob = (
                    bytes(value) if isinstance(value, (bytes, memoryview)) else str(value).encode()
                )
                if any(form in blob for form in forms(phrase)):
                    found.append(f"{table}.{column}")
    return found


def test_the_phrase_is_nowhere_on_disk_nor_in_the_log(server: Server, key_file: Path) -> None:
    phrase = f"canary{uuid.uuid4().hex}"
    write_everywhere(server, phrase)

    # Really written: the server stored the phrase (readable with the key).
    store = open_store(server.db_url, key_file)
    try:
        entries = journal.search(store.unit_of_work(person_id=server.person_id), phrase)
        assert len(entries.entries) == 2
    finally:
        store.close()

    sqlite = server.db_url.startswith("/") or server.db_url.startswith("sqlite")
    if sqlite:
        db = _sqlite_files(server.db_url)
        wal = Path(str(db) + "-wal")
        assert wal.exists() and wal.stat().st_size > 0, "look at a WAL that holds the rows"
        assert_absent(phrase, wal.read_bytes(), "the WAL")
    server.stop()
    if sqlite:
        assert_absent(phrase, db.read_bytes(), "the database file")
        for leftover in (Path(str(db) + "-wal"), Path(str(db) + "-shm")):
            if leftover.exists():
                assert_absent(phrase, leftover.read_bytes(), leftover.name)
    else:
        assert _pg_rows(server.db_url, phrase) == []

    log = server.log_file.read_bytes()
    assert stat.S_IMODE(server.log_file.stat().st_mode) == 0o600
    # The log is really the access log, with the search requests in it, without their words.
    text = log.decode()
    assert '"POST /journal/search HTTP/1.1" 200' in text
    assert '"GET /journal?[...] HTTP/1.1" 200' in text
    assert '"GET /api/v1/journal?[...] HTTP/1.1" 200' in text
    assert_absent(phrase, log, "the server's log file")
    assert_absent(phrase, server.stdout.read_bytes(), "the server's stdout")
    assert_absent(phrase, server.stderr.read_bytes(), "the server's stderr")


def test_token_names_and_failed_sign_ins_are_unreadable_in_their_rows(
    store: Store, fast_hashing: None
) -> None:
    from midweek.services import tokens

    now = clock.NOW
    alice = personas.create(store, personas.ALICE, now)
    tokens.create_token(store.unit_of_work(), alice, "Tuesday journaling app", now=now)
    with pytest.raises(Unauthorized):
        acc.login(store.unit_of_work(), "my secret words", "x", address="10.0.0.1", now=now)
    with store.unit_of_work() as uow:
        rows = store.db.execute_sql("SELECT name, name_sealed FROM api_token").fetchall()
        keys = [r[0] for r in store.db.execute_sql("SELECT failure_key FROM login_failure")]
        [listed] = uow.api_tokens.for_account(alice.id or 0)
    assert [(name, bytes(sealed)[0]) for name, sealed in rows] == [("", 1)]
    assert listed.name == "Tuesday journaling app"
    assert len(keys) == 2 and all(len(k) == 64 and int(k, 16) >= 0 for k in keys)
    assert not any("secret" in k or "10.0.0.1" in k for k in keys)


def test_a_sealed_token_name_moved_to_another_row_does_not_open(
    store: Store, fast_hashing: None
) -> None:
    from midweek.domain.errors import StorageError
    from midweek.services import tokens

    now = clock.NOW
    alice = personas.create(store, personas.ALICE, now)
    tokens.create_token(store.unit_of_work(), alice, "one", now=now)
    tokens.create_token(store.unit_of_work(), alice, "two", now=now)
    with store.unit_of_work() as uow:
        store.db.execute_sql(
            "UPDATE api_token SET name_sealed = (SELECT name_sealed FROM api_token WHERE id = 1) "
            "WHERE id = 2"
        )
        uow.commit()
    with pytest.raises(StorageError, match=r"api_token\.name"):
        tokens.list_tokens(store.unit_of_work(), alice, now=now)
