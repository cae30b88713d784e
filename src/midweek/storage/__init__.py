"""Storage: SQLite (default) or PostgreSQL behind the service ports, with text encrypted at rest.

This package is imported by every CLI command, so it stays light: peewee, the PostgreSQL
driver and ``cryptography`` are imported only inside :func:`open_store`, and peewee only
through the guard in :mod:`midweek.storage.dialect` (which keeps it from pulling in
psycopg when the database is SQLite). The rooms and what may import what are in
docs/ARCHITECTURE.md; an import-linter contract keeps them a tree.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from midweek.storage.dialect import default_sqlite_url, parse_url
from midweek.storage.store import Store

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

__all__ = ["Store", "default_sqlite_url", "open_store", "parse_url"]


def open_store(
    url: str,
    key_file: Path,
    *,
    busy_timeout_ms: int = 5000,
    clock: Callable[[], datetime] | None = None,
) -> Store:
    """Open the database at ``url`` (a path or URL), migrate it if needed, unlock its text.

    Raises ``StorageError`` or ``EncryptionKeyError`` with one clear sentence, and then
    has written nothing the person would have to clean up. ``clock`` is what "now" means to
    its units of work (a deletion's day of grace); the machine's by default.
    """
    from midweek.storage.opening import open_database

    return open_database(url, key_file, busy_timeout_ms=busy_timeout_ms, clock=clock)
