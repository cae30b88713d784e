"""Opening a database: locations, the peewee import guard, connections, migrations, errors.

Everything here is cheap to import (standard library only). peewee is imported through
:func:`import_peewee`, which keeps it from importing the PostgreSQL driver (+~135 ms) when
the database is SQLite; ``cryptography`` and the models are imported inside
:func:`open_database`.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from midweek.domain.errors import (
    EncryptionKeyError,
    MidweekError,
    NotFound,
    StorageError,
    ValidationError,
)
from midweek.resources import shipped
from midweek.storage.migrations import LATEST, MIGRATIONS

if TYPE_CHECKING:
    from midweek.storage.crypto import Cipher
    from midweek.storage.unit_of_work import SqlUnitOfWork

SQLITE = "sqlite"
POSTGRESQL = "postgresql"

#: Drivers peewee tries to import at import time; hidden from it for SQLite.
_OPTIONAL_DRIVERS = ("psycopg", "psycopg2", "psycopg2cffi", "pymysql", "MySQLdb", "pysqlite3")

_PG_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")

BUSY = "The database is busy — another midweek may be writing. Try again in a moment."


# --- locations ------------------------------------------------------------------------


def default_sqlite_url(data_dir: Path) -> str:
    """The default database: ``midweek.db`` in the data folder."""
    return str(data_dir / "midweek.db")


def parse_url(url_or_path: str) -> tuple[str, str]:
    """``("sqlite", path)`` or ``("postgresql", url)`` for a path or URL; ValidationError else.

    Accepts a bare path, ``sqlite:///abs/path``, ``sqlite:///:memory:`` (tests),
    ``postgresql://…``, ``postgres://…`` and ``postgresql+psycopg://…``.
    """
    raw = url_or_path.strip()
    if not raw:
        raise ValidationError(
            "An empty text is not a database location midweek understands: use a file path, "
            "sqlite:///PATH or postgresql://USER:PASSWORD@HOST/DATABASE.",
            field="db",
        )
    lowered = raw.lower()
    for scheme in _PG_SCHEMES:
        if lowered.startswith(scheme):
            return POSTGRESQL, "postgresql://" + raw[len(scheme) :]
    if lowered.startswith("sqlite://"):
        rest = raw[len("sqlite://") :]
        if rest == "/:memory:":
            return SQLITE, ":memory:"
        if rest.startswith("/") and len(rest) > 1:
            path = rest[1:] if rest.startswith("//") else rest
            return SQLITE, os.path.abspath(path)
    elif "://" not in raw:
        if raw == ":memory:":
            return SQLITE, raw
        return SQLITE, os.path.abspath(os.path.expanduser(raw))
    scheme = raw.split("://", 1)[0]
    # Never echo the rest of a URL: it may hold a password.
    raise ValidationError(
        f"“{scheme}://…” is not a database location midweek understands: use a file path, "
        "sqlite:///PATH or postgresql://USER:PASSWORD@HOST/DATABASE.",
        field="db",
    )


def redact(url: str) -> str:
    """A PostgreSQL URL without its password and query (safe to show and log)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = host
    try:
        port = parts.port
    except ValueError:
        port = None
    if port:
        netloc += f":{port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    return f"postgresql://{netloc}{parts.path}"


# --- importing peewee -------------------------------------------------------------------


def import_peewee(dialect: str) -> ModuleType:
    """peewee, imported so that SQLite never loads the PostgreSQL driver.

    peewee imports every driver it can find when it is imported. For SQLite (and when
    psycopg is not loaded already) the optional drivers are hidden for that one import.
    For PostgreSQL psycopg is imported first, so peewee picks it up.
    """
    if dialect == POSTGRESQL:
        try:
            import psycopg  # noqa: F401
        except ImportError:
            raise StorageError(
                "PostgreSQL support is not installed; install it with "
                "pip install 'midweek[postgres]'."
            ) from None
        loaded = sys.modules.get("peewee")
        if loaded is not None and getattr(loaded, "psycopg", None) is None:
            raise StorageError(
                "This process already opened an SQLite database and cannot switch to "
                "PostgreSQL; run midweek again for the PostgreSQL database."
            )
        import peewee

        return peewee
    loaded = sys.modules.get("peewee")
    if loaded is not None:
        return loaded
    if "psycopg" in sys.modules:
        import peewee

        return peewee
    hidden = [name for name in _OPTIONAL_DRIVERS if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import name` fail fast
    try:
        import peewee
    finally:
        for name in hidden:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]
    return peewee


# --- errors -----------------------------------------------------------------------------


def is_database_error(exc: BaseException) -> bool:
    """True for exceptions raised by peewee, sqlite3 or psycopg (without importing them)."""
    for cls in type(exc).__mro__:
        module = cls.__module__
        if module in ("peewee", "sqlite3") or module.startswith("psycopg"):
            return True
    return False


def _original(exc: BaseException) -> BaseException:
    """The driver's exception behind a peewee one (peewee keeps it as ``.orig``)."""
    if type(exc).__module__ == "peewee":
        orig = getattr(exc, "orig", None)
        if isinstance(orig, BaseException):
            return orig
        if exc.args and isinstance(exc.args[0], BaseException):
            return exc.args[0]
    return exc


def _short(message: str) -> str:
    """The gist of a driver message: its first line, without "… failed:" or "FATAL:"."""
    line = message.strip().splitlines()[0] if message.strip() else "unknown error"
    reason = line.rsplit("failed: ", 1)[-1].strip().rstrip(".")
    for prefix in ("FATAL:", "ERROR:"):
        if reason.startswith(prefix):
            reason = reason[len(prefix) :].strip()
    return reason[:1].lower() + reason[1:] if reason else "unknown error"


def storage_error(exc: BaseException, location: str) -> MidweekError:
    """The one-sentence error the person sees for a database exception."""
    orig = _original(exc)
    errname = str(getattr(orig, "sqlite_errorname", "") or "")
    sqlstate = getattr(orig, "sqlstate", None)
    text = str(orig)
    msg = text.lower()
    is_pg = any(c.__module__.startswith("psycopg") for c in type(orig).__mro__)
    kinds = {c.__name__ for c in type(orig).__mro__} | {c.__name__ for c in type(exc).__mro__}

    if (
        errname.startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))
        or "database is locked" in msg
        or "database table is locked" in msg
        or sqlstate in ("55P03", "40001", "40P01")
    ):
        return StorageError(BUSY)
    if (
        errname.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT"))
        or "file is not a database" in msg
        or "malformed" in msg
    ):
        return StorageError(
            f"{location} is not a midweek database, or it is damaged; "
            "restore it from a backup or point --db at the right file."
        )
    if errname.startswith("SQLITE_CANTOPEN") or "unable to open database" in msg:
        return StorageError(
            f"The database file {location} cannot be opened; check that its folder exists "
            "and that you may write to it."
        )
    if errname.startswith("SQLITE_READONLY") or "readonly database" in msg:
        return StorageError(
            f"The database {location} is read-only, so nothing can be saved; check its permissions."
        )
    if errname.startswith("SQLITE_FULL") or "disk is full" in msg:
        return StorageError("The disk holding the database is full, so nothing was saved.")
    if errname.startswith("SQLITE_IOERR") or "disk i/o error" in msg:
        return StorageError(f"The database {location} could not be read or written (a disk error).")
    if is_pg:
        if (
            "password authentication failed" in msg
            or ("role" in msg and "does not exist" in msg)
            or sqlstate in ("28P01", "28000")
        ):
            return StorageError(
                f"PostgreSQL refused the login for {location}; check the user name and password."
            )
        if (sqlstate == "3D000") or ("database" in msg and "does not exist" in msg):
            return StorageError(f"The PostgreSQL database {location} does not exist.")
        if sqlstate is None or str(sqlstate).startswith(("08", "57P")):
            return StorageError(
                f"Cannot reach the PostgreSQL database at {location} ({_short(text)})."
            )
    if "IntegrityError" in kinds:
        return StorageError(
            "The database refused a change that would break the links between records, "
            "so nothing was saved."
        )
    return StorageError(f"The database {location} could not be used ({_short(text)}).")


@contextlib.contextmanager
def translate_errors(location: str) -> Iterator[None]:
    """Turn database exceptions into one clear StorageError; let everything else through."""
    try:
        yield
    except MidweekError:
        raise
    except Exception as exc:
        if not is_database_error(exc):
            raise
        raise storage_error(exc, location) from exc


# --- values whose form depends on the dialect --------------------------------------------


def _ts_sqlite(value: datetime) -> str:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value!r}: midweek stores aware datetimes only")
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def _ts_pg(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value!r}: midweek stores aware datetimes only")
    return value.astimezone(UTC).replace(tzinfo=None)


def _ts_read(value: Any) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _date_sqlite(value: date) -> str:
    return value.isoformat()


def _date_pg(value: date) -> date:
    return value


def _date_read(value: Any) -> date:
    if isinstance(value, str):
        return date.fromisoformat(value)
    if isinstance(value, datetime):
        return value.date()
    assert isinstance(value, date)
    return value


class Values:
    """How timestamps, days and booleans go into and come out of one dialect's columns.

    Timestamps are UTC: ``'YYYY-MM-DD HH:MM:SS.ffffff'`` text on SQLite (fixed width, so
    text order is time order) and naive UTC ``TIMESTAMP`` on PostgreSQL; both come back as
    aware UTC datetimes, microseconds included.
    """

    __slots__ = ("date_in", "date_out", "dialect", "ts_in", "ts_out")

    def __init__(self, dialect: str) -> None:
        self.dialect = dialect
        self.ts_out: Callable[[datetime], Any] = _ts_sqlite if dialect == SQLITE else _ts_pg
        self.ts_in: Callable[[Any], datetime] = _ts_read
        self.date_out: Callable[[date], Any] = _date_sqlite if dialect == SQLITE else _date_pg
        self.date_in: Callable[[Any], date] = _date_read


# --- migrations -------------------------------------------------------------------------

_PLACEHOLDERS = {
    SQLITE: {
        "{pk}": "INTEGER PRIMARY KEY AUTOINCREMENT",
        "{blob}": "BLOB",
        "{timestamp}": "TEXT",
        "{date}": "TEXT",
        "{bool}": "INTEGER",
        "{without_rowid}": "WITHOUT ROWID",
    },
    POSTGRESQL: {
        "{pk}": "BIGSERIAL PRIMARY KEY",
        "{blob}": "BYTEA",
        "{timestamp}": "TIMESTAMP",
        "{date}": "DATE",
        "{bool}": "BOOLEAN",
        "{without_rowid}": "",
    },
}

_SCHEMA_VERSION_DDL = (
    "CREATE TABLE IF NOT EXISTS schema_version "
    "(version INTEGER PRIMARY KEY, applied_at {timestamp} NOT NULL)"
)


def read_migration(name: str) -> str:
    """The text of one migration file shipped in the package."""
    return shipped("storage", "migrations", name).read_text(encoding="utf-8")


def migration_statements(sql: str, dialect: str) -> list[str]:
    """A migration's statements for ``dialect``: comments dropped, placeholders replaced."""
    lines = [line for line in sql.splitlines() if not line.lstrip().startswith("--")]
    body = "\n".join(lines)
    for placeholder, value in _PLACEHOLDERS[dialect].items():
        body = body.replace(placeholder, value)
    return [s.strip() for s in body.split(";") if s.strip()]


def _param(db: Any, sql: str) -> str:
    return sql.replace("?", db.param)


def _is_missing_table(exc: BaseException) -> bool:
    orig = _original(exc)
    return getattr(orig, "sqlstate", None) == "42P01" or "no such table" in str(orig).lower()


def _current_version(db: Any) -> int | None:
    """The schema version, or None when there is no ``schema_version`` table yet.

    This is the only query on the way to a current database: no catalogue look-up first.
    """
    try:
        row = db.execute_sql("SELECT max(version) FROM schema_version").fetchone()
    except Exception as exc:
        if is_database_error(exc) and _is_missing_table(exc):
            return None
        raise
    return int(row[0]) if row and row[0] is not None else 0


def _begin_exclusive(db: Any, dialect: str) -> None:
    """Begin a transaction that holds the write lock (or migration lock) until it ends."""
    if dialect == SQLITE:
        db.execute_sql("BEGIN IMMEDIATE")
    else:
        db.execute_sql("BEGIN")
        # Serialises concurrent first opens; the lock ends with the transaction.
        db.execute_sql(
            "SELECT pg_advisory_xact_lock(1835623543, hashtext(coalesce(current_schema(), '')))"
        )


def _rollback_quietly(db: Any) -> None:
    with contextlib.suppress(Exception):
        db.execute_sql("ROLLBACK")


def _after_migration(db: Any, target: int, kek: bytes | None) -> None:
    """What a migration needs done in Python, in its transaction (with the key file's key)."""
    if target == 13 and kek is not None:
        # The journals written so far get their search index (schema 13).
        from midweek.storage import search_index

        search_index.backfill(db, kek)


def migrate(
    db: Any, dialect: str, current: int | None, values: Values, *, kek: bytes | None = None
) -> int:
    """Apply every migration newer than ``current``, one transaction each; the new version.

    ``kek`` (the key file's key) lets a migration rework encrypted data, such as building
    the search index of schema 13; without it that work waits (see ``search_backlog``).
    """
    version = current or 0
    for target, name in MIGRATIONS:
        if target <= version:
            continue
        # ``{now}``: this moment as a literal in the stored form (UTC, no offset).
        moment = datetime.now(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
        now_sql = f"'{moment}'" if dialect == SQLITE else f"TIMESTAMP '{moment}'"
        statements = [
            s.replace("{now}", now_sql) for s in migration_statements(read_migration(name), dialect)
        ]
        _begin_exclusive(db, dialect)
        try:
            db.execute_sql(
                _SCHEMA_VERSION_DDL.replace("{timestamp}", _PLACEHOLDERS[dialect]["{timestamp}"])
            )
            row = db.execute_sql("SELECT max(version) FROM schema_version").fetchone()
            done = int(row[0]) if row and row[0] is not None else 0
            if done >= target:  # another process migrated while we waited for the lock
                db.execute_sql("ROLLBACK")
                version = done
                continue
            for statement in statements:
                db.execute_sql(statement)
            _after_migration(db, target, kek)
            db.execute_sql(
                _param(db, "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)"),
                (target, values.ts_out(datetime.now(UTC))),
            )
            db.execute_sql("COMMIT")
        except BaseException:
            _rollback_quietly(db)
            raise
        version = target
    return version


# --- the store --------------------------------------------------------------------------


class Store:
    """An open database with its people's keys; hands out units of work.

    A store may hold several people (a server: one per client account). The *default*
    person is the first one, created on first open: the local CLI's only person. Every
    person row has its own data key wrapped with the key file's key-encryption key; the
    default person's is unwrapped on open, anyone else's on first use (then cached).
    """

    def __init__(
        self,
        db: Any,
        *,
        dialect: str,
        location: str,
        cipher: Cipher,
        person_id: int,
        kek: bytes,
    ) -> None:
        self._db = db
        self._dialect = dialect
        self._location = location
        self._values = Values(dialect)
        self._cipher = cipher
        self._person_id = person_id
        self._kek = kek
        self._ciphers: dict[int, Cipher] = {person_id: cipher}
        self._ciphers_lock = threading.Lock()
        self._local = threading.local()
        self._closed = False

    @property
    def dialect(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self._dialect

    @property
    def location(self) -> str:
        """The SQLite file path, or the PostgreSQL URL without its password."""
        return self._location

    @property
    def default_person_id(self) -> int:
        """The store's first person: the local CLI's only one."""
        return self._person_id

    def unit_of_work(
        self, person_id: int | None = None, *, read_only: bool = False
    ) -> SqlUnitOfWork:
        """A fresh unit of work for one person; ``with`` it to run one transaction.

        ``person_id`` None is the default person. Another id is that person's data, with
        their own key; entering raises NotFound if there is no such person. ``read_only``
        begins without SQLite's write lock, so reads never queue behind writers (WAL).
        """
        from midweek.storage.unit_of_work import SqlUnitOfWork

        if self._closed:
            raise RuntimeError("this store is closed")
        return SqlUnitOfWork(self, person_id, read_only=read_only)

    def create_person(self) -> int:
        """A new person with a new data key (wrapped like every other); their id. Commits."""
        with self.unit_of_work() as uow:
            person_id = uow.create_person()
            uow.commit()
        return person_id

    def schema_version(self) -> int:
        with translate_errors(self._location):
            return _current_version(self._db) or 0

    def close(self) -> None:
        """Close this thread's connection (SQLite checkpoints its WAL on the last close)."""
        if self._closed:
            return
        self._closed = True
        with translate_errors(self._location):
            self._db.close()

    # Used by the unit of work -------------------------------------------------------------

    def _begin(self) -> None:
        """Begin a write transaction (SQLite: take the write lock now, waiting if busy)."""
        self._db.execute_sql("BEGIN IMMEDIATE" if self._dialect == SQLITE else "BEGIN")

    def _begin_deferred(self) -> None:
        self._db.execute_sql("BEGIN")

    def _commit(self) -> None:
        self._db.execute_sql("COMMIT")

    def _rollback(self) -> None:
        self._db.execute_sql("ROLLBACK")

    def _cipher_for(self, person_id: int) -> Cipher:
        """That person's cipher, unwrapping their key on first use (inside a transaction)."""
        with self._ciphers_lock:
            found = self._ciphers.get(person_id)
        if found is not None:
            return found
        from midweek.storage import crypto

        if not isinstance(person_id, int) or isinstance(person_id, bool):
            raise NotFound("person", person_id)
        row = self._db.execute_sql(
            _param(self._db, "SELECT uid, wrapped_key FROM person WHERE id = ?"), (person_id,)
        ).fetchone()
        if row is None:
            raise NotFound("person", person_id)
        data_key = crypto.unwrap_data_key(self._kek, bytes(row[1]), str(row[0]))
        if data_key is None:
            raise EncryptionKeyError(
                f"The encryption key file does not open person {person_id}'s data in "
                f"{self._location}; it was made with another key file."
            )
        cipher = crypto.Cipher(data_key)
        with self._ciphers_lock:
            self._ciphers[person_id] = cipher
        return cipher

    def _server_key(self, purpose: str) -> bytes:
        """A key for one purpose in the server's tables, derived from the key file's KEK."""
        from midweek.storage import crypto

        return crypto.server_key(self._kek, purpose)

    def _adopt(self, old_id: int, person_id: int, cipher: Cipher) -> None:
        """After a committed restore over ``old_id``: the restored person and their key."""
        with self._ciphers_lock:
            self._ciphers.pop(old_id, None)
            self._ciphers[person_id] = cipher
        if old_id == self._person_id:
            self._person_id = person_id
            self._cipher = cipher

    def _forget(self, person_id: int) -> None:
        """Drop an erased person's unwrapped key from memory."""
        with self._ciphers_lock:
            self._ciphers.pop(person_id, None)

    def _scrub(self) -> None:
        """After an erasure is committed: leave no copy of the deleted pages in the files.

        SQLite runs with ``secure_delete`` (deleted content is overwritten with zeros in the
        database file); the checkpoint then copies the pages home and truncates the WAL,
        whose frames still held the old pages. PostgreSQL keeps dead row versions until a
        vacuum: ``person`` (where the old wrapped key was) is rewritten into new files with
        ``VACUUM FULL``, the other tables the erasure touched are vacuumed.
        """
        if self._dialect == SQLITE:
            self._db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            return
        from midweek.storage import tables

        self._db.execute_sql("VACUUM FULL person")
        others = [
            m._meta.table_name
            for m in (*tables.DATA_MODELS, tables.SearchTermRow, *tables.SERVER_MODELS)
        ]
        self._db.execute_sql("VACUUM " + ", ".join(others))


# --- opening ----------------------------------------------------------------------------


def make_private_dirs(folder: Path) -> None:
    """Create ``folder`` and its missing parents with mode 0700, whatever the umask.

    Raises OSError.
    """
    missing: list[Path] = []
    p = folder
    while not p.exists():
        missing.append(p)
        if p.parent == p:
            break
        p = p.parent
    for d in reversed(missing):
        try:
            os.mkdir(d, 0o700)
        except FileExistsError:
            continue
        os.chmod(d, 0o700)


def _ensure_folder(folder: Path) -> None:
    """The database's folder, created (0700) if missing; StorageError if that fails."""
    if folder.is_dir():
        return
    try:
        make_private_dirs(folder)
    except OSError as exc:
        raise StorageError(
            f"The folder {folder} for the database cannot be created ({exc.strerror or exc})."
        ) from None
    if not folder.is_dir():
        raise StorageError(f"{folder} is not a folder, so the database cannot be kept there.")


def _create_private_file(path: Path) -> None:
    """An empty database file only its owner can read (SQLite gives -wal/-shm the same mode)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # another process was first; fine
    except OSError as exc:
        raise StorageError(
            f"The database file {path} cannot be created ({exc.strerror or exc})."
        ) from None
    os.fchmod(fd, 0o600)
    os.close(fd)


def _make_database(peewee: ModuleType, dialect: str, target: str, busy_timeout_ms: int) -> Any:
    if dialect == SQLITE:

        class _Sqlite(peewee.SqliteDatabase):  # type: ignore[name-defined]
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

    class _Postgres(peewee.PostgresqlDatabase):  # type: ignore[name-defined]
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


def open_database(url: str, key_file: Path, *, busy_timeout_ms: int = 5000) -> Store:
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
                _ensure_folder(path.parent)
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
        _create_private_file(Path(target))
    values = Values(dialect)
    db = _make_database(peewee, dialect, target, busy_timeout_ms)
    try:
        with translate_errors(location):
            db.connect()
            version = _current_version(db)
            if version is None and db.get_tables():
                raise StorageError(
                    f"{location} holds another program's tables, not a midweek database; "
                    "use a new file or an empty database."
                )
            if version is not None and version > LATEST:
                raise StorageError(
                    "This database was written by a newer version of midweek "
                    f"(schema {version}); please upgrade."
                )
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
            if version != LATEST:
                migrate(db, dialect, version, values, kek=kek)

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

    _begin_exclusive(db, dialect)
    try:
        person = _read_person(db)
        if person is None:
            uid = uuid.uuid4().hex
            data_key = crypto.new_key()
            wrapped = crypto.wrap_data_key(kek, data_key, uid)
            sql = "INSERT INTO person (uid, wrapped_key, created_at) VALUES (?, ?, ?)"
            db.execute_sql(_param(db, sql), (uid, wrapped, values.ts_out(datetime.now(UTC))))
            person = _read_person(db)
            assert person is not None
            db.execute_sql("COMMIT")
            return person, data_key
        db.execute_sql("ROLLBACK")
    except BaseException:
        _rollback_quietly(db)
        raise
    # Another process created the person first: use its key (if ours opens it).
    return person, crypto.unwrap_data_key(kek, person[2], person[1])
