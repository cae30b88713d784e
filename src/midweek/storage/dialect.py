"""Dialects: database locations (paths and URLs), the peewee import guard, value forms.

Standard library only, so every CLI command can import it. peewee is imported through
:func:`import_peewee`, which keeps it from importing the PostgreSQL driver (+~135 ms) when
the database is SQLite. Every other storage room may import this one; it imports none.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from midweek.domain.errors import StorageError, ValidationError

SQLITE = "sqlite"
POSTGRESQL = "postgresql"

#: Drivers peewee tries to import at import time; hidden from it for SQLite.
_OPTIONAL_DRIVERS = ("psycopg", "psycopg2", "psycopg2cffi", "pymysql", "MySQLdb", "pysqlite3")

_PG_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


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


def param(db: Any, sql: str) -> str:
    """``sql`` written with ``?`` placeholders, in the connection's own placeholder style."""
    return sql.replace("?", db.param)


# --- values whose form depends on the dialect --------------------------------------------


def _ts_sqlite(value: datetime) -> str:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value!r}: midweek stores aware datetimes only")
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def _ts_pg(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value!r}: midweek stores aware datetimes only")
    return value.astimezone(UTC).replace(tzinfo=None)


def read_timestamp(value: Any) -> datetime:
    """A stored timestamp (text or datetime, either dialect) as an aware UTC datetime."""
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
        self.ts_in: Callable[[Any], datetime] = read_timestamp
        self.date_out: Callable[[date], Any] = _date_sqlite if dialect == SQLITE else _date_pg
        self.date_in: Callable[[Any], date] = _date_read
