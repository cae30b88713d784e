"""Composition root: turns settings into a ready store. Shells call this, nothing else does."""

from __future__ import annotations

from typing import TYPE_CHECKING

from midweek.config import Settings

if TYPE_CHECKING:
    from midweek.storage import Store


def open_store_for(settings: Settings) -> Store:
    """Open (and migrate, if needed) the store the settings point at."""
    from midweek.storage import open_store

    return open_store(
        settings.database_url, settings.key_file, busy_timeout_ms=settings.busy_timeout_ms
    )
