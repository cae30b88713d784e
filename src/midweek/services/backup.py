"""A JSON backup that restores exactly, and a restore that refuses damage and changes nothing.

The backup holds rows as stored: free text stays encrypted, so the file is as safe as the
database. A SHA-256 digest over the data detects damage before anything is touched.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from midweek import messages
from midweek.domain.errors import BackupError
from midweek.services.ports import UnitOfWork

FORMAT = "midweek-backup"
FORMAT_VERSION = 1


def _digest(data: Any) -> str:
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def make_backup(uow: UnitOfWork, *, now: datetime) -> bytes:
    """The whole store as bytes, ready to write to a file."""
    with uow:
        data = uow.dump()
    envelope = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": now.isoformat(),
        "sha256": _digest(data),
        "data": data,
    }
    return json.dumps(envelope, sort_keys=True, indent=1, ensure_ascii=True).encode("ascii")


def read_backup(raw: bytes) -> dict[str, Any]:
    """Parse and check a backup; BackupError with one clear sentence if it is not intact."""
    try:
        envelope = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BackupError(messages.BACKUP_NOT_JSON) from None
    if not isinstance(envelope, dict) or envelope.get("format") != FORMAT:
        raise BackupError(messages.BACKUP_NOT_OURS)
    if envelope.get("format_version") != FORMAT_VERSION:
        raise BackupError(messages.backup_version(envelope.get("format_version")))
    data = envelope.get("data")
    if not isinstance(data, dict) or envelope.get("sha256") != _digest(data):
        raise BackupError(messages.BACKUP_DAMAGED)
    return data


def restore_backup(uow: UnitOfWork, raw: bytes) -> None:
    """Replace all data with the backup's, in one transaction — all or nothing."""
    data = read_backup(raw)
    with uow:
        uow.load(data)
        uow.commit()
