"""Database errors: driver exceptions (peewee, sqlite3, psycopg) into one clear sentence.

Standard library only; nothing here imports a driver. Any storage room may import it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from midweek.domain.errors import MidweekError, StorageError

BUSY = "The database is busy — another midweek may be writing. Try again in a moment."


def is_database_error(exc: BaseException) -> bool:
    """True for exceptions raised by peewee, sqlite3 or psycopg (without importing them)."""
    for cls in type(exc).__mro__:
        module = cls.__module__
        if module in ("peewee", "sqlite3") or module.startswith("psycopg"):
            return True
    return False


def driver_error(exc: BaseException) -> BaseException:
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
    orig = driver_error(exc)
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


def is_missing_table(exc: BaseException) -> bool:
    """True when ``exc`` says a table does not exist (SQLite and PostgreSQL alike)."""
    orig = driver_error(exc)
    return getattr(orig, "sqlstate", None) == "42P01" or "no such table" in str(orig).lower()
