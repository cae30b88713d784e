"""The backup of one person: every row of their data as stored, and its exact restore.

A dump holds one person: their ``person`` row (with their wrapped data key) and their rows
of every data table, as JSON (:mod:`midweek.storage.row_json`; ciphertext stays
ciphertext). Other people in the store and the server's tables (accounts, web sessions,
login failures, audit events) are never in it. A restore checks everything before it
changes anything. Imported by the unit of work; imports the tables, the row forms, the
erasure record, the search index and the migration list (for the schema version).
"""

from __future__ import annotations

import binascii
from collections.abc import Callable
from typing import Any

from midweek.domain.errors import BackupError
from midweek.storage import search_index
from midweek.storage import tables as t
from midweek.storage.crypto import Cipher
from midweek.storage.dialect import POSTGRESQL, Values
from midweek.storage.erasure import was_erased
from midweek.storage.errors import is_database_error
from midweek.storage.migrations import LATEST
from midweek.storage.row_json import from_json, kind_of, to_json

_INSERT_CHUNK = 200


def dump(db: Any, values: Values, person_id: int) -> dict[str, Any]:
    """Every row of ``person_id``'s data as stored, JSON-safe (ciphertext as base64)."""
    p = t.Person
    pfields = p._meta.sorted_fields
    prow = db.execute(p.select(*pfields).where(p.id == person_id)).fetchone()
    person = {f.column_name: to_json(f, v, values) for f, v in zip(pfields, prow, strict=True)}
    tables: dict[str, list[dict[str, Any]]] = {}
    for model in t.DATA_MODELS:
        fields = model._meta.sorted_fields
        query = model.select(*fields).where(model.person_id == person_id).order_by(model.id)
        tables[model._meta.table_name] = [
            {f.column_name: to_json(f, v, values) for f, v in zip(fields, row, strict=True)}
            for row in db.execute(query).fetchall()
        ]
    version = db.execute_sql("SELECT max(version) FROM schema_version")
    return {
        "schema_version": int(version.fetchone()[0]),
        "person": person,
        "tables": tables,
    }


def load(
    db: Any,
    values: Values,
    current_person_id: int,
    dumped: dict[str, Any],
    open_key: Callable[[bytes, str], Cipher | None],
) -> tuple[int, Cipher]:
    """Replace all of ``current_person_id``'s data with ``dumped``, exactly (ids, uids,
    ciphertext), in the open transaction; the restored person's id and cipher.

    Everything is checked first (layout, types, links, that the backup's data key opens
    with this key file (``open_key``) and that every ciphertext opens where it is); a
    damaged dump raises BackupError and changes nothing.
    """
    person, rows = _validate(dumped, values)
    if was_erased(db, person[t.Person.uid]):
        raise BackupError(
            "This backup holds data that was erased at its owner's request, so it cannot "
            "be restored."
        )
    cipher = open_key(person[t.Person.wrapped_key], person[t.Person.uid])
    if cipher is None:
        raise BackupError(
            "This backup was made with a different encryption key file, so it cannot be "
            "restored with this one; point MIDWEEK_KEY_FILE at the key file it was made with."
        )
    for model, model_rows in rows.items():
        secrets = [f for f in model._meta.sorted_fields if kind_of(f) in ("secret", "secret_json")]
        table = model._meta.table_name
        for row in model_rows:
            for f in secrets:
                blob = row[f]
                if blob is not None and not cipher.check(
                    table, f.column_name, row[model.uid], blob
                ):
                    raise _damaged(f"encrypted text in {table} {row[model.id]} does not open")
    new_id: int = person[t.Person.id]
    db.execute_sql("SAVEPOINT midweek_load")
    try:
        _replace(db, values.dialect, current_person_id, person, rows)
        # The search index is not in a backup: it is made again from the entries.
        search_index.rebuild(db, new_id, cipher)
    except Exception as exc:
        db.execute_sql("ROLLBACK TO SAVEPOINT midweek_load")
        db.execute_sql("RELEASE SAVEPOINT midweek_load")
        if is_database_error(exc) and "IntegrityError" in {c.__name__ for c in type(exc).__mro__}:
            raise _damaged("its records do not fit together") from exc
        raise
    db.execute_sql("RELEASE SAVEPOINT midweek_load")
    return new_id, cipher


def _replace(
    db: Any,
    dialect: str,
    current: int,
    person: dict[Any, Any],
    rows: dict[Any, list[dict[Any, Any]]],
) -> None:
    p = t.Person
    new_id = person[p.id]
    if (
        new_id != current
        and db.execute(
            t.AccountRow.select(t.AccountRow.id).where(t.AccountRow.person_id == current)
        ).fetchone()
    ):
        # The account would lose its data: a client's backup restores only over itself.
        raise BackupError(
            "This backup is of another person than this account's, so nothing was restored."
        )
    for model in reversed(t.DATA_MODELS):
        model.delete().where(model.person_id == current).execute(db)
    if new_id != current and db.execute(p.select(p.id).where(p.id == new_id)).fetchone():
        raise BackupError(
            "This backup belongs to another person in this database, so nothing was restored."
        )
    p.delete().where(p.id == current).execute(db)
    p.insert(person).execute(db)
    for model in t.DATA_MODELS:
        batch = rows[model]
        for start in range(0, len(batch), _INSERT_CHUNK):
            model.insert_many(batch[start : start + _INSERT_CHUNK]).execute(db)
    if dialect == POSTGRESQL:
        # Explicit ids do not move PostgreSQL's sequences; later inserts must not collide.
        tables: tuple[Any, ...] = (p, *t.DATA_MODELS)
        for each in tables:
            table = each._meta.table_name
            db.execute_sql(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            )
    # (SQLite's AUTOINCREMENT counter already moves up to the largest id inserted.)


def _damaged(why: str) -> BackupError:
    return BackupError(f"This backup is damaged ({why}), so nothing was restored.")


def _convert_row(model: Any, raw: Any, values: Values, where: str) -> dict[Any, Any]:
    fields = model._meta.sorted_fields
    if not isinstance(raw, dict):
        raise _damaged(f"{where} is not a record")
    expected = {f.column_name for f in fields}
    if set(raw) != expected:
        odd = sorted(set(raw) ^ expected)
        raise _damaged(f"{where} has unexpected or missing fields: {', '.join(odd)}")
    row: dict[Any, Any] = {}
    for f in fields:
        try:
            row[f] = from_json(f, raw[f.column_name], values)
        except (ValueError, TypeError, binascii.Error):
            raise _damaged(f"{where} has a bad {f.column_name}") from None
    return row


def _validate(
    dumped: Any, values: Values
) -> tuple[dict[Any, Any], dict[Any, list[dict[Any, Any]]]]:
    """The person row and each table's rows, converted for storing; BackupError if damaged."""
    if not isinstance(dumped, dict) or set(dumped) != {"schema_version", "person", "tables"}:
        raise _damaged("its layout is not a midweek backup's")
    version = dumped["schema_version"]
    if not isinstance(version, int) or isinstance(version, bool):
        raise _damaged("its schema version is not a number")
    if version > LATEST:
        raise BackupError(
            f"This backup was made by a newer version of midweek (schema {version}); "
            "please upgrade midweek to restore it."
        )
    if version < 1:
        raise BackupError(
            f"This backup is from an older midweek database (schema {version}), which this "
            "version cannot restore; restore it with the midweek version that made it."
        )
    person = _convert_row(t.Person, dumped["person"], values, "the person record")
    if person[t.Person.id] <= 0 or not person[t.Person.uid]:
        raise _damaged("the person record is incomplete")
    tables = dumped["tables"]
    # A backup from an older schema lacks the tables added since; they restore empty.
    names = {m._meta.table_name: m for m in t.DATA_MODELS}
    present = {name for name, m in names.items() if t.ADDED_IN.get(m, 1) <= version}
    if not isinstance(tables, dict) or set(tables) != present:
        raise _damaged("its list of tables is not a midweek backup's")
    tables = {name: tables.get(name, []) for name in names}
    rows: dict[Any, list[dict[Any, Any]]] = {}
    ids: dict[str, set[int]] = {"person": {person[t.Person.id]}}
    for name, model in names.items():
        raw_rows = tables[name]
        if not isinstance(raw_rows, list):
            raise _damaged(f"{name} is not a list of records")
        converted = [
            _convert_row(model, raw, values, f"{name} record {i + 1}")
            for i, raw in enumerate(raw_rows)
        ]
        seen_ids = {r[model.id] for r in converted}
        seen_uids = {r[model.uid] for r in converted}
        if len(seen_ids) != len(converted) or len(seen_uids) != len(converted):
            raise _damaged(f"{name} has duplicate records")
        if any(i <= 0 for i in seen_ids) or any(not u for u in seen_uids):
            raise _damaged(f"{name} has a record without an id")
        ids[name] = seen_ids
        rows[model] = converted
    for model, model_rows in rows.items():
        refs = [f for f in model._meta.sorted_fields if isinstance(f, t.Ref)]
        for row in model_rows:
            for f in refs:
                target = row[f]
                if target is not None and target not in ids[f.to]:
                    raise _damaged(
                        f"{model._meta.table_name} {row[model.id]} points to a missing {f.to}"
                    )
    return person, rows
