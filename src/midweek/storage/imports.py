"""The marks left by imports: one keyed fingerprint per item brought in from another app."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from midweek.storage import tables as t
from midweek.storage.mapping import Context


class SqlImportMarkRepo:
    """Implements ``services.ports.ImportMarkRepo`` for one person."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def fingerprint(self, identity: str) -> str:
        return self._ctx.cipher.fingerprint(identity)

    def known(self, fingerprints: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(fingerprints))
        m, found = t.ImportMarkRow, set[str]()
        for start in range(0, len(wanted), 500):  # stay under SQLite's parameter limit
            chunk = wanted[start : start + 500]
            query = m.select(m.fingerprint).where(
                m.person_id == self._ctx.person_id, m.fingerprint.in_(chunk)
            )
            found.update(row[0] for row in self._ctx.db.execute(query).fetchall())
        return found

    def add(self, fingerprint: str, kind: str, item_id: int | None, *, at: datetime) -> None:
        m = t.ImportMarkRow
        m.insert(
            {
                m.person_id: self._ctx.person_id,
                m.uid: uuid.uuid4().hex,
                m.fingerprint: fingerprint,
                m.kind: kind,
                m.item_id: item_id,
                m.imported_at: self._ctx.values.ts_out(at),
            }
        ).execute(self._ctx.db)
