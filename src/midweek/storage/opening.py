"""Opening a database: its file or server, the connection, migrations, the key, the store.

:func:`open_database` is what :func:`midweek.storage.open_store` runs: it is imported on
first open only, and imports peewee (through the guard in :mod:`midweek.storage.dialect`)
and ``cryptography``. It sits at the top of the storage rooms: only the package imports it.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from midweek.domain.errors import EncryptionKeyError, StorageError
from midweek.storage.dialect import SQLITE, Values, import_peewee, param, parse_url, redact
from midweek.storage.errors import translate_errors
from midweek.storage.migrations import runner
from midweek.storage.private_files import create_private_file, ensure_folder
from midweek.storage.store import Store


class _EveryThread:
    """Mixed into the PostgreSQL database: peewee keeps one connection per thread (the web
    serves from a pool of threads), and its ``close`` closes the calling thread's only.
    This keeps each open one, so closing the store closes them all."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._every_lock = threading.Lock()
        self._every: set[Any] = set()
        super().__init__(*args, **kwargs)

    def _connect(self) -> Any:
        conn = super()._connect()  # type: ignore[misc]
        with self._every_lock:
            self._every.add(conn)
        return conn

    def _close(self, conn: Any) -> None:
        with self._every_lock:
            self._every.discard(conn)
        super()._close(conn)  # type: ignore[misc]

    def close_every_thread(self) -> None:
        with self._every_lock:
            left, self._every = self._every, set()
        for conn in left:
            conn.close()


def _make_database(peewee: ModuleType, dialect: str, target: str, busy_timeout_ms: int) -> Any:
    if dialect == SQLITE:

        class _Sqlite(peewee.SqliteDatabase):  # type: ignore[name-defined]
            def close_every_thread(self) -> None:
                """Nothing more to do: a SQLite connection may be closed only by the thread
                that opened it (``check_same_thread``), and is when that thread ends."""

            def _initialize_connection(self, conn: Any) -> None:
                # Switching a new file to WAL needs a moment of exclusive access and SQLite
                # answers "busy" at once instead of waiting, so wait here, within the timeout.
                deadline = time.monotonic() + busy_timeout_ms / 1000
                pause = 0.005
                while True:
                    try:
                        conn.execute("PRAGMA journal_mode=wal").fetchone()
                        return
                    except sqlite3.OperationalError as exc:
                        if "locked" not in str(exc) or time.monotonic() >= deadline:
                            raise
                        time.sleep(pause)
                        pause = min(pause * 2, 0.1)

        return _Sqlite(
            target,
            timeout=busy_timeout_ms / 1000,
            pragmas=[
                ("busy_timeout", int(busy_timeout_ms)),
                ("synchronous", "full"),
                ("foreign_keys", 1),
                # Deleted content (an erased person, a deleted entry) is overwritten with
                # zeros, not left in free pages: the text is ciphertext, but its key may
                # be gone and nothing of it should stay behind.
                ("secure_delete", 1),
            ],
        )

    lock_ms = int(busy_timeout_ms)

    class _Postgres(_EveryThread, peewee.PostgresqlDatabase):  # type: ignore[name-defined]
        def _initialize_connection(self, conn: Any) -> None:
            with conn.cursor() as cur:
                cur.execute(f"SET lock_timeout = {lock_ms}")

    return _Postgres(target, connect_timeout=10, prefer_psycopg3=True)


def _read_person(db: Any) -> tuple[int, str, bytes] | None:
    row = db.execute_sql("SELECT id, uid, wrapped_key FROM person ORDER BY id LIMIT 1").fetchone()
    return (int(row[0]), str(row[1]), bytes(row[2])) if row else None


def _missing_key(key_file: Path) -> EncryptionKeyError:
    return EncryptionKeyError(
        f"The encryption key file {key_file} is missing. Your data cannot be read without "
        "it; if you moved it, point MIDWEEK_KEY_FILE at it."
    )


def _wrong_key(key_file: Path, location: str) -> EncryptionKeyError:
    return EncryptionKeyError(
        f"The encryption key file {key_file} does not open the database {location}; "
        "point MIDWEEK_KEY_FILE at the key file that was made with it."
    )


def open_database(
    url: str,
    key_file: Path,
    *,
    busy_timeout_ms: int = 5000,
    clock: Callable[[], datetime] | None = None,
) -> Store:
    """Open, migrate and unlock; see :func:`midweek.storage.open_store`."""
    dialect, target = parse_url(url)
    fresh_file = False
    if dialect == SQLITE:
        location = target
        if target != ":memory:":
            path = Path(target)
            if path.is_dir():
                raise StorageError(f"{path} is a folder, not a database file.")
            fresh_file = not path.exists()
            if fresh_file:
                ensure_folder(path.parent)
    else:
        location = redact(target)

    peewee = import_peewee(dialect)
    from midweek.storage import crypto

    key_path = Path(key_file)
    kek: bytes | None = None
    if fresh_file:
        # First use: make the key before the database, so a failure leaves no empty file.
        kek = crypto.read_key_file(key_path) or crypto.create_key_file(key_path)

    if fresh_file:
        create_private_file(Path(target))
    values = Values(dialect)
    db = _make_database(peewee, dialect, target, busy_timeout_ms)
    try:
        with translate_errors(location):
            db.connect()
            version = runner.current_version(db)
            runner.check_openable(db, version, location)
            person = _read_person(db) if version else None

        data_key: bytes | None = None
        if person is not None:
            kek = kek or crypto.read_key_file(key_path)
            if kek is None:
                raise _missing_key(key_path)
            data_key = crypto.unwrap_data_key(kek, person[2], person[1])
            if data_key is None:
                raise _wrong_key(key_path, location)

        with translate_errors(location):
            runner.upgrade(db, dialect, version, values, kek=kek)

        if person is None:
            kek = kek or crypto.read_key_file(key_path) or crypto.create_key_file(key_path)
            with translate_errors(location):
                person, data_key = _create_person(db, dialect, kek, values)
            if data_key is None:
                raise _wrong_key(key_path, location)

        assert kek is not None and data_key is not None
        return Store(
            db,
            dialect=dialect,
            location=location,
            cipher=crypto.Cipher(data_key),
            person_id=person[0],
            kek=kek,
            clock=clock,
        )
    except BaseException:
        with contextlib.suppress(Exception):
            db.close()
        raise


def _create_person(
    db: Any, dialect: str, kek: bytes, values: Values
) -> tuple[tuple[int, str, bytes], bytes | None]:
    """The person of this database, created with a new data key if there is none yet."""
    import uuid

    from midweek.storage import crypto

    runner.begin_exclusive(db, dialect)
    try:
        person = _read_person(db)
        if person is None:
            uid = uuid.uuid4().hex
            data_key = crypto.new_key()
            wrapped = crypto.wrap_data_key(kek, data_key, uid)
            sql = "INSERT INTO person (uid, wrapped_key, created_at) VALUES (?, ?, ?)"
            db.execute_sql(param(db, sql), (uid, wrapped, values.ts_out(datetime.now(UTC))))
            person = _read_person(db)
            assert person is not None
            db.execute_sql("COMMIT")
            return person, data_key
        db.execute_sql("ROLLBACK")
    except BaseException:
        runner.rollback_quietly(db)
        raise
    # Another process created the person first: use its key (if ours opens it).
    return person, crypto.unwrap_data_key(kek, person[2], person[1])
