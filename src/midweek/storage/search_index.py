"""The journal's search index: keyed digests of each entry's terms, beside the ciphertext.

``search_term`` holds (person, digest, entry) for every term of every entry (the word
beginnings of :mod:`midweek.domain.search`), the digest being the first 32 bits of an
HMAC under a key derived from the person's data key (:meth:`Cipher.blind`). A search asks
for the digests of its words and decrypts only the entries that have them all.

The journal repository keeps the index right as entries are written, edited, deleted and
brought back; a restored backup and the upgrade to schema 13 rebuild it from the entries
(the index is never part of a backup). Rows are removed by their full key (the entry's old
terms), so the table needs no second index.

Import only after :func:`midweek.storage.database.import_peewee` has run.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from midweek.domain import search as sq
from midweek.storage.crypto import Cipher
from midweek.storage.database import _param

#: Rows per INSERT statement (3 parameters each: well under every driver's limit).
_CHUNK = 300
_SQL_CACHE: dict[tuple[str, int], str] = {}


def digests(cipher: Cipher, text: str, tags: Iterable[str], prompt: str | None) -> set[int]:
    """The index's digests for one entry."""
    blind = cipher.blind
    return {blind(term) for term in sq.terms(sq.entry_words(text, tags, prompt))}


def _insert_sql(db: Any, n: int) -> str:
    key = (db.param, n)
    sql = _SQL_CACHE.get(key)
    if sql is None:
        one = f"({db.param}, {db.param}, {db.param})"
        sql = "INSERT INTO search_term (person_id, digest, entry_id) VALUES " + ", ".join([one] * n)
        _SQL_CACHE[key] = sql
    return sql


def insert(db: Any, rows: Sequence[tuple[int, int, int]]) -> None:
    """Store (person_id, digest, entry_id) rows."""
    for start in range(0, len(rows), _CHUNK):
        chunk = rows[start : start + _CHUNK]
        db.execute_sql(_insert_sql(db, len(chunk)), [v for row in chunk for v in row])


def add(db: Any, person_id: int, entry_id: int, found: Iterable[int]) -> None:
    """Index one entry under ``found`` digests."""
    insert(db, [(person_id, d, entry_id) for d in found])


def remove(db: Any, person_id: int, entry_id: int, found: Iterable[int]) -> None:
    """Forget one entry's digests (its terms as they were)."""
    wanted = sorted(set(found))
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        marks = ", ".join([db.param] * len(chunk))
        sql = "DELETE FROM search_term WHERE person_id = ? AND entry_id = ? AND digest IN "
        db.execute_sql(_param(db, sql) + f"({marks})", [person_id, entry_id, *chunk])


def entry_digests(cipher: Cipher, row: Sequence[Any]) -> set[int]:
    """The digests of a stored journal row ``(id, uid, text, prompt, tags)``."""
    _, uid, text, prompt, tags = row
    return digests(
        cipher,
        cipher.decrypt("journal_entry", "text", uid, text),
        json.loads(cipher.decrypt("journal_entry", "tags", uid, tags)),
        None if prompt is None else cipher.decrypt("journal_entry", "prompt", uid, prompt),
    )


_ROWS = "SELECT id, uid, text, prompt, tags FROM journal_entry WHERE person_id = ?"


def reindex_entry(db: Any, person_id: int, cipher: Cipher, entry_id: int) -> None:
    """Index one stored entry (brought back from the trash)."""
    row = db.execute_sql(_param(db, _ROWS + " AND id = ?"), (person_id, entry_id)).fetchone()
    if row is not None:
        add(db, person_id, entry_id, entry_digests(cipher, row))


def rebuild(db: Any, person_id: int, cipher: Cipher) -> int:
    """Index the person's whole journal afresh (inside the caller's transaction); how
    many entries."""
    db.execute_sql(_param(db, "DELETE FROM search_term WHERE person_id = ?"), (person_id,))
    cursor = db.execute_sql(_param(db, _ROWS + " ORDER BY id"), (person_id,))
    pending: list[tuple[int, int, int]] = []
    n = 0
    while True:
        rows = cursor.fetchmany(500)
        if not rows:
            break
        for row in rows:
            n += 1
            pending.extend((person_id, d, row[0]) for d in entry_digests(cipher, row))
        if len(pending) >= 20 * _CHUNK:
            insert(db, pending)
            pending = []
    insert(db, pending)
    db.execute_sql(_param(db, "DELETE FROM search_backlog WHERE person_id = ?"), (person_id,))
    return n


def is_pending(db: Any, person_id: int) -> bool:
    """True while the person's existing entries are not indexed yet."""
    found = db.execute_sql(
        _param(db, "SELECT 1 FROM search_backlog WHERE person_id = ?"), (person_id,)
    ).fetchone()
    return found is not None


def backfill(db: Any, kek: bytes) -> int:
    """Index the journals listed in ``search_backlog`` (inside the caller's transaction:
    the migration to schema 13); how many people. A person whose key this key file does
    not open stays listed, and their search reads every entry, as before."""
    from midweek.storage import crypto

    done = 0
    listed = db.execute_sql("SELECT person_id FROM search_backlog ORDER BY person_id").fetchall()
    for (pid,) in listed:
        person = db.execute_sql(
            _param(db, "SELECT uid, wrapped_key FROM person WHERE id = ?"), (int(pid),)
        ).fetchone()
        key = crypto.unwrap_data_key(kek, bytes(person[1]), str(person[0]))
        if key is not None:
            rebuild(db, int(pid), crypto.Cipher(key))
            done += 1
    return done
