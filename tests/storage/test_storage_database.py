"""Opening a database: locations, pragmas, migrations, schema, and every failure in one sentence."""

from __future__ import annotations

import os
import socket
import sqlite3
import stat
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from midweek.domain.entities import JournalEntry
from midweek.domain.errors import StorageError, ValidationError
from midweek.storage import Store, default_sqlite_url, open_store, parse_url
from midweek.storage.migrations import LATEST, MIGRATIONS, runner

from .conftest import T0, sql

SRC = Path(__file__).resolve().parents[2] / "src"


# --- locations ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("/abs/path/m.db", ("sqlite", "/abs/path/m.db")),
        ("sqlite:///abs/path/m.db", ("sqlite", "/abs/path/m.db")),
        ("sqlite:////abs/path/m.db", ("sqlite", "/abs/path/m.db")),
        ("sqlite:///:memory:", ("sqlite", ":memory:")),
        ("postgresql://u:p@h:5432/db", ("postgresql", "postgresql://u:p@h:5432/db")),
        ("postgresql+psycopg://u:p@h/db", ("postgresql", "postgresql://u:p@h/db")),
        ("postgres://u@h/db", ("postgresql", "postgresql://u@h/db")),
    ],
)
def test_parse_url(given: str, expected: tuple[str, str]) -> None:
    assert parse_url(given) == expected


def test_parse_url_makes_relative_and_home_paths_absolute(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert parse_url("rel/m.db") == ("sqlite", str(tmp_path / "rel" / "m.db"))
    assert parse_url("~/m.db") == ("sqlite", str(tmp_path / "home" / "m.db"))


@pytest.mark.parametrize(
    "given",
    [
        "mysql://u:hunter2@h/db",
        "postgresql+psycopg2://u:hunter2@h/db",
        "http://x",
        "sqlite://relative.db",
        "   ",
    ],
)
def test_parse_url_refuses_what_it_does_not_understand(given: str) -> None:
    with pytest.raises(ValidationError, match="is not a database location midweek understands"):
        parse_url(given)
    try:
        parse_url(given)
    except ValidationError as err:
        assert "hunter2" not in str(err)


def test_default_sqlite_url(tmp_path: Path) -> None:
    assert default_sqlite_url(tmp_path) == str(tmp_path / "midweek.db")
    assert parse_url(default_sqlite_url(tmp_path)) == ("sqlite", str(tmp_path / "midweek.db"))


def test_location_and_dialect(store: Store, db_url: str) -> None:
    assert store.dialect == parse_url(db_url)[0]
    if store.dialect == "sqlite":
        assert store.location == db_url
    else:
        assert store.location.startswith("postgresql://")
        password = db_url.split("://", 1)[1].split("@", 1)[0].split(":", 1)[1]
        assert f":{password}@" not in store.location
        assert "?" not in store.location


def test_memory_database_for_tests(key_file: Path, store_factory: Any) -> None:
    s = store_factory("sqlite:///:memory:")
    with s.unit_of_work() as uow:
        uow.journal.add(JournalEntry(text="x", written_at=T0))
        uow.commit()
        assert uow.journal.count() == 1


# --- SQLite settings ------------------------------------------------------------------


def test_sqlite_pragmas_are_in_effect(
    sqlite_store: Store, sqlite_url: str, store_factory: Any
) -> None:
    def pragmas(s: Store) -> dict[str, Any]:
        return {
            name: sql(s, f"PRAGMA {name}")[0][0]
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }

    assert pragmas(sqlite_store) == {
        "journal_mode": "wal",
        "synchronous": 2,
        "foreign_keys": 1,
        "busy_timeout": 5000,
    }
    quick = store_factory(sqlite_url, busy_timeout_ms=123)
    assert pragmas(quick)["busy_timeout"] == 123
    # Every connection gets them, also one opened by another thread.
    seen: dict[str, Any] = {}

    def other_thread() -> None:
        seen.update(pragmas(quick))
        quick.db.close()

    t = threading.Thread(target=other_thread)
    t.start()
    t.join()
    assert seen == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1, "busy_timeout": 123}


def test_locked_database_fails_quickly_with_one_sentence(
    sqlite_url: str, store_factory: Any
) -> None:
    store_factory(sqlite_url).close()
    s = store_factory(sqlite_url, busy_timeout_ms=50)
    other = sqlite3.connect(sqlite_url, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another writer holds the lock
        other.execute("INSERT INTO schema_version VALUES (999, 'x')")
        started = time.monotonic()
        with pytest.raises(StorageError) as caught, s.unit_of_work() as uow:
            uow.journal.add(JournalEntry(text="x", written_at=T0))
            uow.commit()
        assert time.monotonic() - started < 2
        assert str(caught.value) == (
            "The database is busy — another midweek may be writing. Try again in a moment."
        )
    finally:
        other.execute("ROLLBACK")
        other.close()
    with s.unit_of_work() as uow:  # fine again once the lock is gone
        assert uow.journal.count() == 0


def test_corrupt_file_is_refused_and_left_alone(tmp_path: Path, key_file: Path) -> None:
    path = tmp_path / "broken.db"
    junk = b"\x00not sqlite\xff" + os.urandom(8192)
    path.write_bytes(junk)
    with pytest.raises(StorageError, match="is not a midweek database, or it is damaged"):
        open_store(str(path), key_file)
    assert path.read_bytes() == junk
    assert not key_file.exists()


def test_other_programs_database_is_refused(tmp_path: Path, key_file: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    conn.close()
    with pytest.raises(StorageError, match="another program's tables"):
        open_store(str(path), key_file)
    with sqlite3.connect(path) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    assert tables == {"invoices"}


def test_database_from_a_newer_version(db_url: str, store_factory: Any, key_file: Path) -> None:
    s = store_factory(db_url)
    sql(
        s,
        "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
        (LATEST + 41, s.values.ts_out(T0)),
    )
    s.close()
    with pytest.raises(StorageError) as caught:
        open_store(db_url, key_file)
    assert str(caught.value) == (
        "This database was written by a newer version of midweek "
        f"(schema {LATEST + 41}); please upgrade."
    )


def test_missing_folders_are_created_private(
    tmp_path: Path, key_file: Path, store_factory: Any
) -> None:
    target = tmp_path / "a" / "b" / "m.db"
    s = store_factory(str(target))
    assert s.location == str(target)
    for folder in (tmp_path / "a", tmp_path / "a" / "b"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_folder_that_cannot_be_created(tmp_path: Path, key_file: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("I am a file")
    with pytest.raises(StorageError, match="cannot be created"):
        open_store(str(blocker / "sub" / "m.db"), key_file)


def test_a_folder_as_database(tmp_path: Path, key_file: Path) -> None:
    with pytest.raises(StorageError, match="is a folder"):
        open_store(str(tmp_path), key_file)


def test_unreachable_postgresql(key_file: Path) -> None:
    pytest.importorskip("psycopg")
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"postgresql://someone:hunter2@127.0.0.1:{port}/nothing"
    with pytest.raises(StorageError) as caught:
        open_store(url, key_file)
    message = str(caught.value)
    assert message.startswith(
        f"Cannot reach the PostgreSQL database at postgresql://someone@127.0.0.1:{port}/nothing"
    )
    assert "hunter2" not in message and "\n" not in message
    assert not key_file.exists()


# --- migrations -----------------------------------------------------------------------


def test_migration_list_matches_the_files() -> None:
    folder = SRC / "midweek" / "storage" / "migrations"
    files = sorted(p.name for p in folder.glob("*.sql"))
    assert [name for _, name in MIGRATIONS] == files
    versions = [v for v, _ in MIGRATIONS]
    # One after another from 1: a database at version N takes every later file in turn,
    # so a number left out and filled in later would never run where N had passed it.
    assert versions == list(range(1, len(files) + 1))
    assert all(name.startswith(f"{v:04d}_") for v, name in MIGRATIONS)
    assert versions[-1] == LATEST


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_every_placeholder_is_replaced(dialect: str) -> None:
    for _, name in MIGRATIONS:
        statements = runner.migration_statements(runner.read_migration(name), dialect)
        assert statements
        # {now} is the one placeholder left for the runner: the moment it migrates.
        bare = [s.replace("{now}", "") for s in statements]
        assert not [s for s in bare if "{" in s or "}" in s or "--" in s]


class _Recorder:
    """Records every SQL statement peewee sends and every migration file read."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import peewee

        self.statements: list[str] = []
        self.files: list[str] = []
        original_sql = peewee.Database.execute_sql
        original_read = runner.read_migration

        def execute_sql(db: Any, sql_text: str, params: Any = None) -> Any:
            self.statements.append(sql_text)
            return original_sql(db, sql_text, params)

        def read_migration(name: str) -> str:
            self.files.append(name)
            return original_read(name)

        monkeypatch.setattr(peewee.Database, "execute_sql", execute_sql)
        monkeypatch.setattr(runner, "read_migration", read_migration)


def test_migrations_run_on_a_fresh_database(
    db_url: str, key_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rec = _Recorder(monkeypatch)
    s = open_store(db_url, key_file)
    try:
        assert s.schema_version() == LATEST
        assert rec.files == [name for _, name in MIGRATIONS]
        assert any(st.startswith("CREATE TABLE journal_entry") for st in rec.statements)
        rows = sql(s, "SELECT version FROM schema_version ORDER BY version")
        assert [r[0] for r in rows] == [v for v, _ in MIGRATIONS]
    finally:
        s.close()


def test_opening_a_current_database_is_one_version_lookup(
    db_url: str, key_file: Path, store_factory: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    store_factory(db_url).close()
    rec = _Recorder(monkeypatch)
    s = open_store(db_url, key_file)
    s.close()
    assert rec.files == []
    assert rec.statements == [
        "SELECT max(version) FROM schema_version",
        "SELECT id, uid, wrapped_key FROM person ORDER BY id LIMIT 1",
    ]


def test_concurrent_first_opens_agree_on_one_person(
    db_url: str, key_file: Path, store_factory: Any
) -> None:
    errors: list[BaseException] = []
    stores: list[Store] = []

    def opener() -> None:
        try:
            s = open_store(db_url, key_file)
            stores.append(s)
            s.db.close()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=opener) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    main = store_factory(db_url)
    assert sql(main, "SELECT count(*) FROM person")[0][0] == 1
    assert {s.default_person_id for s in stores} == {main.default_person_id}


def _type_ok(kind: str, declared: str, dialect: str) -> bool:
    declared = declared.lower()
    if dialect == "sqlite":
        expected = {
            "pk": "integer",
            "int": "int",
            "text": "text",
            "enum": "text",
            "json": "text",
            "bytes": "blob",
            "secret": "blob",
            "secret_json": "blob",
            "ts": "text",
            "date": "text",
            "bool": "integer",
        }[kind]
        return expected in declared
    return (
        declared
        in {
            "pk": {"bigint", "integer"},
            "int": {"bigint", "integer"},
            "text": {"text"},
            "enum": {"text"},
            "json": {"text"},
            "bytes": {"bytea"},
            "secret": {"bytea"},
            "secret_json": {"bytea"},
            "ts": {"timestamp without time zone"},
            "date": {"date"},
            "bool": {"boolean"},
        }[kind]
    )


def test_migrated_schema_matches_the_models(store: Store) -> None:
    from midweek.storage import tables

    db = store.db
    assert set(db.get_tables()) - {"sqlite_sequence"} == {
        m._meta.table_name for m in tables.ALL_MODELS
    }
    for model in tables.ALL_MODELS:
        table = model._meta.table_name
        columns = {c.name: c for c in db.get_columns(table)}
        fields = {f.column_name: f for f in model._meta.sorted_fields}
        assert set(columns) == set(fields), table
        for name, field in fields.items():
            column = columns[name]
            # An integer primary key is "pk"; a text one (web_session's token hash) is text.
            if field.primary_key:
                kind = getattr(field, "kind", "pk")
            else:
                kind = getattr(field, "kind", "int")
            assert _type_ok(kind, column.data_type, store.dialect), (table, name, column.data_type)
            if not field.primary_key:
                assert column.null == field.null, (table, name)
        foreign = {fk.column: fk.dest_table for fk in db.get_foreign_keys(table)}
        refs = {f.column_name: f.to for f in fields.values() if isinstance(f, tables.Ref)}
        assert foreign == refs, table
        if "uid" in fields:
            unique = [ix for ix in db.get_indexes(table) if ix.unique and ix.columns == ["uid"]]
            assert unique, f"{table}.uid must be unique"


def test_indexes_for_the_list_methods(store: Store) -> None:
    db = store.db
    wanted = {
        "journal_entry": ["person_id", "written_at", "id"],
        "practice_log": ["assignment_id", "at"],
        "question": ["person_id", "status", "created_at"],
        "checkin": ["person_id", "kind", "at"],
        "therapy_session": ["person_id", "session_date", "id"],
        "safety_flag": ["person_id", "at", "id"],
        "barrier": ["assignment_id", "at"],
    }
    for table, columns in wanted.items():
        assert columns in [ix.columns for ix in db.get_indexes(table)], table


# --- import cost ----------------------------------------------------------------------


def _run(code: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return out.stdout + out.stderr


def test_importing_storage_loads_no_database_or_crypto_library() -> None:
    out = _run("""
        import sys
        from midweek.storage import open_store
        heavy = [m for m in ("peewee", "psycopg", "psycopg2", "cryptography")
                 if m in sys.modules]
        print("HEAVY", heavy)
    """)
    assert "HEAVY []" in out


def test_opening_sqlite_never_imports_the_postgresql_driver(tmp_path: Path) -> None:
    out = _run(f"""
        import sys
        from pathlib import Path
        from midweek.storage import open_store
        s = open_store({str(tmp_path / "m.db")!r}, Path({str(tmp_path / "k.key")!r}))
        s.close()
        print("PEEWEE", "peewee" in sys.modules)
        print("DRIVERS", [m for m in ("psycopg", "psycopg2", "pymysql", "MySQLdb", "pysqlite3")
                          if m in sys.modules])
        print("NONE_LEFT", [k for k, v in sys.modules.items() if v is None and k in
                            ("psycopg", "psycopg2", "psycopg2cffi", "pymysql", "MySQLdb",
                             "pysqlite3")])
        import psycopg  # still importable afterwards: the guard cleaned up after itself
        print("PSYCOPG_OK")
    """)
    assert "PEEWEE True" in out
    assert "DRIVERS []" in out
    assert "NONE_LEFT []" in out
    assert "PSYCOPG_OK" in out


def test_postgresql_after_sqlite_in_one_process_is_a_clear_error(tmp_path: Path) -> None:
    out = _run(f"""
        from pathlib import Path
        from midweek.domain.errors import StorageError
        from midweek.storage import open_store
        open_store({str(tmp_path / "m.db")!r}, Path({str(tmp_path / "k.key")!r})).close()
        try:
            open_store("postgresql://u:p@127.0.0.1:1/db", Path({str(tmp_path / "k.key")!r}))
        except StorageError as err:
            print("ERR", err)
    """)
    assert "ERR This process already opened an SQLite database" in out
