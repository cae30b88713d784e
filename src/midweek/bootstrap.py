"""Composition root: turns settings into a ready store. Shells call this, nothing else does."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
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


def machine_zone() -> tzinfo:
    """This machine's time zone, by its IANA name when it can be found (``TZ``, then
    ``/etc/localtime``, then ``/etc/timezone``), so dates stay right across a
    daylight-saving change; else the current fixed offset."""
    import contextlib
    import os
    from pathlib import Path

    from midweek.domain.zones import zone_or_none

    candidates = [os.environ.get("TZ", "").lstrip(":")]
    with contextlib.suppress(OSError):
        target = str(Path("/etc/localtime").resolve())
        if "zoneinfo/" in target:
            candidates.append(target.rsplit("zoneinfo/", 1)[1])
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    for name in candidates:
        zone = zone_or_none(name) if name and not name.startswith("/") else None
        if zone is not None:
            return zone
    local = datetime.now().astimezone().tzinfo
    return local if local is not None else UTC
