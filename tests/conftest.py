"""Shared fixtures: an isolated environment, key files, and stores on SQLite and PostgreSQL.

``db_url`` (and so ``store``) runs each test on SQLite and on PostgreSQL. The PostgreSQL
run needs ``MIDWEEK_TEST_POSTGRES_URL``: run the tests through ``scripts/with-postgres``
(e.g. ``scripts/with-postgres pytest tests/storage -q``). Without it those runs FAIL
rather than skip, so CI cannot pass without PostgreSQL by accident. For a quick local
loop set ``MIDWEEK_TEST_SQLITE_ONLY=1``: the PostgreSQL runs are then deselected.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

# psycopg must be imported before peewee, or peewee is imported without PostgreSQL
# support (see midweek.storage.dialect.import_peewee). Guarded: it is an extra.
try:
    import psycopg
except ImportError:  # pragma: no cover - the dev environment has it
    psycopg = None  # type: ignore[assignment]

from midweek.storage import Store, open_store

PG_URL_ENV = "MIDWEEK_TEST_POSTGRES_URL"
SQLITE_ONLY_ENV = "MIDWEEK_TEST_SQLITE_ONLY"
BACKENDS = ["sqlite", "postgresql"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With MIDWEEK_TEST_SQLITE_ONLY=1, deselect (not skip) the PostgreSQL runs."""
    if os.environ.get(SQLITE_ONLY_ENV) != "1":
        return
    keep: list[pytest.Item] = []
    dropped: list[pytest.Item] = []
    for item in items:
        callspec = getattr(item, "callspec", None)
        params = callspec.params if callspec is not None else {}
        on_pg = params.get("db_url") == "postgresql" or "pg_url" in getattr(
            item, "fixturenames", ()
        )
        (dropped if on_pg else keep).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test ever reads or writes the real key file, database or data folder."""
    data = tmp_path / "data"
    monkeypatch.setenv("MIDWEEK_DATA_DIR", str(data))
    monkeypatch.setenv("MIDWEEK_DATABASE_URL", str(data / "midweek.db"))
    monkeypatch.setenv("MIDWEEK_KEY_FILE", str(tmp_path / "keys" / "midweek.key"))
    for name in ("MIDWEEK_DATA_DIR_FILE", "MIDWEEK_DATABASE_URL_FILE", "MIDWEEK_KEY_FILE_FILE"):
        monkeypatch.delenv(name, raising=False)
    # The tests read English unless they choose another language (a developer's LANG=de_DE
    # must not turn every assertion German).
    monkeypatch.setenv("MIDWEEK_LANG", "en")


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    """Where the test's key file lives (not created yet; the store creates it on first use)."""
    return tmp_path / "keys" / "midweek.key"


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh SQLite database path in the test's temp folder (not created yet)."""
    return str(tmp_path / "data" / "midweek.db")


@pytest.fixture(scope="session")
def _pg_admin() -> Iterator[Any]:
    """One autocommit connection per test session, for creating and dropping schemas."""
    url = os.environ.get(PG_URL_ENV)
    if not url:
        pytest.fail(
            f"{PG_URL_ENV} is not set, so the PostgreSQL half of the tests cannot run. "
            "Run the tests through scripts/with-postgres (e.g. `scripts/with-postgres pytest "
            f"tests/storage -q`), or set {SQLITE_ONLY_ENV}=1 to leave PostgreSQL out locally.",
            pytrace=False,
        )
    if psycopg is None:
        pytest.fail("psycopg is not installed; install midweek[postgres].", pytrace=False)
    conn = psycopg.connect(url, autocommit=True)
    # A test that leaves a transaction open must fail, not hang the DROP SCHEMA.
    conn.execute("SET lock_timeout = '10s'")
    try:
        yield conn
    finally:
        conn.close()


def _with_search_path(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture
def pg_url(_pg_admin: Any) -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a new, empty schema (dropped afterwards)."""
    schema = f"t_{uuid.uuid4().hex[:16]}"
    _pg_admin.execute(f"CREATE SCHEMA {schema}")
    try:
        yield _with_search_path(os.environ[PG_URL_ENV], schema)
    finally:
        _pg_admin.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, sqlite_url: str) -> str:
    """An empty database on each backend: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        return sqlite_url
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def store_factory(key_file: Path) -> Iterator[Callable[..., Store]]:
    """``open(url, key_file=..., busy_timeout_ms=..., clock=...)``: stores closed after the test."""
    opened: list[Store] = []

    def open_(
        url: str,
        key: Path | None = None,
        *,
        busy_timeout_ms: int = 5000,
        clock: Callable[[], datetime] | None = None,
    ) -> Store:
        s = open_store(url, key or key_file, busy_timeout_ms=busy_timeout_ms, clock=clock)
        opened.append(s)
        return s

    yield open_
    for s in reversed(opened):
        s.close()


@pytest.fixture
def store(db_url: str, store_factory: Callable[..., Store]) -> Store:
    """A migrated, unlocked store on ``db_url`` (both backends), closed after the test."""
    return store_factory(db_url)


@pytest.fixture
def sqlite_store(sqlite_url: str, store_factory: Callable[..., Store]) -> Store:
    """A store on a SQLite file only, for tests that read the file's bytes."""
    return store_factory(sqlite_url)


@pytest.fixture
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tiny Argon2 parameters (memory 8 KiB, one pass) for tests that hash a lot; one test in
    tests/services/test_accounts.py keeps the real ones."""
    from midweek.services import accounts

    monkeypatch.setattr(
        accounts, "PARAMS", accounts.HashParams(time_cost=1, memory_cost=8, parallelism=1)
    )
