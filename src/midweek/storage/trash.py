"""The trash: a deleted record's row, kept encrypted for a short time so it can be undone.

Deleting moves the record's row out of its table into one ``trash`` row: the stored values
(free text stays the very ciphertext it was, bound to its own table, column and uid) and
the links to it that had to be cleared (a barrier noted for a deleted practice), as JSON
encrypted for the trash row. Undo puts the row back with the same id and uid and restores
the links. Nothing readable reaches the disk on the way.

Import only after :func:`midweek.storage.dialect.import_peewee` has run.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from midweek import messages
from midweek.domain.corrections import RecordKind, TrashItem
from midweek.domain.errors import Conflict, NotFound
from midweek.storage import search_index
from midweek.storage import tables as t
from midweek.storage.mapping import Context
from midweek.storage.row_json import from_json, to_json

#: Where each kind of record is stored.
MODEL_OF: dict[RecordKind, Any] = {
    RecordKind.PRACTICE: t.PracticeRow,
    RecordKind.WORKSHEET: t.PracticeRow,
    RecordKind.JOURNAL: t.JournalRow,
    RecordKind.CHECKIN: t.CheckinRow,
    RecordKind.QUESTION: t.QuestionRow,
    RecordKind.BARRIER: t.BarrierRow,
    RecordKind.SESSION: t.SessionRow,
    RecordKind.GOAL: t.GoalRow,
    RecordKind.WINDOW: t.PlanWindowRow,
}

_TABLES: dict[str, Any] = {m._meta.table_name: m for m in t.DATA_MODELS}


def _referrers(table: str) -> list[tuple[Any, Any]]:
    """(model, field) of every column of a person's data that points at ``table``."""
    return [
        (model, f)
        for model in t.DATA_MODELS
        for f in model._meta.sorted_fields
        if isinstance(f, t.Ref) and f.to == table
    ]


class SqlTrashRepo:
    """Implements ``services.ports.TrashRepo`` for one person."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    @property
    def owner(self) -> int:
        return self._ctx.person_id

    # --- moving a record in -------------------------------------------------------------

    def put(self, kind: RecordKind, ident: int, *, now: datetime) -> TrashItem:
        """Move record ``ident`` of ``kind`` into the trash; NotFound if there is none."""
        model = MODEL_OF[kind]
        db, values, me = self._ctx.db, self._ctx.values, self._ctx.person_id
        if not isinstance(ident, int) or isinstance(ident, bool):
            raise NotFound(messages.RECORD_NAMES[kind.value], ident)
        fields = model._meta.sorted_fields
        row = db.execute(
            model.select(*fields).where(model.id == ident, model.person_id == me)
        ).fetchone()
        if row is None:
            raise NotFound(messages.RECORD_NAMES[kind.value], ident)
        stored = {f.column_name: to_json(f, v, values) for f, v in zip(fields, row, strict=True)}
        unlinked: list[dict[str, Any]] = []
        for other, field in _referrers(model._meta.table_name):
            ids = [
                int(r[0])
                for r in db.execute(
                    other.select(other.id).where(field == ident, other.person_id == me)
                ).fetchall()
            ]
            if not ids:
                continue
            if not field.null:
                raise Conflict(messages.RECORD_DEPENDS)
            other.update({field: None}).where(other.id.in_(ids)).execute(db)
            unlinked.append(
                {"table": other._meta.table_name, "column": field.column_name, "ids": ids}
            )
        if model is t.JournalRow:  # its search terms go with it (and come back on undo)
            journal_row = search_index.stored_row(db, me, ident)
            search_index.unindex_row(db, me, self._ctx.cipher, journal_row)
        model.delete().where(model.id == ident, model.person_id == me).execute(db)
        uid = uuid.uuid4().hex
        payload = json.dumps(
            {"table": model._meta.table_name, "row": stored, "unlinked": unlinked},
            separators=(",", ":"),
        )
        m = t.TrashRow
        item = TrashItem(kind=kind, item_id=ident, deleted_at=now)
        item.id = int(
            m.insert(
                {
                    m.person_id: me,
                    m.uid: uid,
                    m.kind: kind.value,
                    m.item_id: ident,
                    m.deleted_at: values.ts_out(now),
                    m.payload: self._ctx.cipher.encrypt("trash", "payload", uid, payload),
                }
            ).execute(db)
        )
        return item

    # --- looking and bringing back ------------------------------------------------------

    def _select(self, *where: Any, limit: int | None = None) -> list[tuple[Any, ...]]:
        m = t.TrashRow
        query = (
            m.select(m.id, m.uid, m.kind, m.item_id, m.deleted_at, m.payload)
            .where(m.person_id == self._ctx.person_id, *where)
            .order_by(m.deleted_at.desc(), m.id.desc())
        )
        if limit is not None:
            query = query.limit(limit)
        return list(self._ctx.db.execute(query).fetchall())

    def _item(self, row: tuple[Any, ...]) -> TrashItem:
        return TrashItem(
            id=int(row[0]),
            kind=RecordKind(row[2]),
            item_id=int(row[3]),
            deleted_at=self._ctx.values.ts_in(row[4]),
        )

    def get(self, ident: int) -> TrashItem:
        if not isinstance(ident, int) or isinstance(ident, bool):
            raise NotFound("deleted record", ident)
        found = self._select(t.TrashRow.id == ident, limit=1)
        if not found:
            raise NotFound("deleted record", ident)
        return self._item(found[0])

    def list(self) -> list[TrashItem]:
        """Newest deletion first."""
        return [self._item(r) for r in self._select()]

    def latest(self) -> TrashItem | None:
        found = self._select(limit=1)
        return self._item(found[0]) if found else None

    def restore(self, ident: int) -> TrashItem:
        """Put the deleted record back with its id, and its cleared links; NotFound if the
        trash has no such item (undone already, or purged)."""
        found = self._select(t.TrashRow.id == ident, limit=1) if isinstance(ident, int) else []
        if not found:
            raise NotFound("deleted record", ident)
        item = self._item(found[0])
        db, values, me = self._ctx.db, self._ctx.values, self._ctx.person_id
        uid = found[0][1]
        payload = json.loads(self._ctx.cipher.decrypt("trash", "payload", uid, found[0][5]))
        model = _TABLES[payload["table"]]
        columns = {f.column_name: f for f in model._meta.sorted_fields}
        row = {
            columns[name]: from_json(columns[name], v, values) for name, v in payload["row"].items()
        }
        if row[model.person_id] != me:  # pragma: no cover - the payload is bound to this row
            raise NotFound("deleted record", ident)
        if db.execute(model.select(model.id).where(model.id == item.item_id)).fetchone():
            raise Conflict(messages.record_exists(item.kind.value, item.item_id))
        for f in columns.values():
            # A record it pointed to may have been deleted meanwhile: keep it, unlinked.
            if isinstance(f, t.Ref) and f.to != "person" and row[f] is not None:
                target = _TABLES[f.to]
                if not db.execute(
                    target.select(target.id).where(target.id == row[f], target.person_id == me)
                ).fetchone():
                    if not f.null:
                        raise Conflict(messages.RECORD_BELONGED)
                    row[f] = None
        model.insert(row).execute(db)
        if model is t.JournalRow:
            search_index.reindex_entry(db, me, self._ctx.cipher, item.item_id)
        for link in payload["unlinked"]:
            other = _TABLES[link["table"]]
            field = next(f for f in other._meta.sorted_fields if f.column_name == link["column"])
            other.update({field: item.item_id}).where(
                other.id.in_(link["ids"]), other.person_id == me, field.is_null()
            ).execute(db)
        t.TrashRow.delete().where(t.TrashRow.id == ident).execute(db)
        return item

    def purge(self, before: datetime) -> int:
        """Forget for good every deletion (anyone's) older than ``before``; how many."""
        m = t.TrashRow
        return int(
            m.delete().where(m.deleted_at < self._ctx.values.ts_out(before)).execute(self._ctx.db)
        )
