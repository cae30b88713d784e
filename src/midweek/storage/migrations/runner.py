"""The migration runner: the shipped SQL files applied in order, one transaction each.

The files and their list (:data:`MIGRATIONS`, :data:`LATEST`) live in
:mod:`midweek.storage.migrations`; released files never change. Opening a current database
costs one ``SELECT max(version)`` and no file access. Imported by the opening of a store
(and by the store for its version); it imports only the dialect and error rooms, and the
search index for the one migration that reworks encrypted data.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from typing import Any

from midweek.domain.errors import StorageError
from midweek.resources import shipped
from midweek.storage.dialect import POSTGRESQL, SQLITE, Values, param
from midweek.storage.errors import is_database_error, is_missing_table
from midweek.storage.migrations import LATEST, MIGRATIONS

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


def current_version(db: Any) -> int | None:
    """The schema version, or None when there is no ``schema_version`` table yet.

    This is the only query on the way to a current database: no catalogue look-up first.
    """
    try:
        row = db.execute_sql("SELECT max(version) FROM schema_version").fetchone()
    except Exception as exc:
        if is_database_error(exc) and is_missing_table(exc):
            return None
        raise
    return int(row[0]) if row and row[0] is not None else 0


def begin_exclusive(db: Any, dialect: str) -> None:
    """Begin a transaction that holds the write lock (or migration lock) until it ends."""
    if dialect == SQLITE:
        db.execute_sql("BEGIN IMMEDIATE")
    else:
        db.execute_sql("BEGIN")
        # Serialises concurrent first opens; the lock ends with the transaction.
        db.execute_sql(
            "SELECT pg_advisory_xact_lock(1835623543, hashtext(coalesce(current_schema(), '')))"
        )


def rollback_quietly(db: Any) -> None:
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
        begin_exclusive(db, dialect)
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
                param(db, "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)"),
                (target, values.ts_out(datetime.now(UTC))),
            )
            db.execute_sql("COMMIT")
        except BaseException:
            rollback_quietly(db)
            raise
        version = target
    return version


def check_openable(db: Any, version: int | None, location: str) -> None:
    """StorageError unless the database is empty or midweek's at a schema this code knows."""
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


def upgrade(
    db: Any, dialect: str, version: int | None, values: Values, *, kek: bytes | None = None
) -> int:
    """Bring a database at ``version`` (None: empty) to :data:`LATEST`; the version it is at."""
    if version == LATEST:
        return version
    return migrate(db, dialect, version, values, kek=kek)
