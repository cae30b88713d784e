"""The journal's search index: keyed digests of each entry's terms, beside the ciphertext.

``search_term`` holds (person, digest, written_at, entry) for every term of every entry
(the word beginnings of :mod:`midweek.domain.search`), the digest being the first 32 bits
of an HMAC under a key derived from the person's data key (:meth:`Cipher.blind`), and
``written_at`` the entry's moment in microseconds, so that the key lists each term's
entries newest first. A search walks its rarest term's entries in that order, keeps those
that have every other term too, and decrypts only those: the work grows with the results,
not with the journal.

The journal repository keeps the index right as entries are written, edited, deleted and
brought back; a restored backup and the upgrade to schema 13 rebuild it from the entries
(the index is never part of a backup). Rows are removed by their full key (the entry's old
terms and moment), so the table needs no second index.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from midweek.domain import search as sq
from midweek.storage.crypto import Cipher
from midweek.storage.dialect import param, read_timestamp

#: Rows per INSERT statement (4 parameters each: well under every driver's limit).
_CHUNK = 250
_SQL_CACHE: dict[tuple[str, int], str] = {}
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US = timedelta(microseconds=1)

#: A stored journal row as the index reads it.
ROWS = "SELECT id, uid, text, prompt, tags, written_at FROM journal_entry WHERE person_id = ?"


def micros(moment: datetime) -> int:
    """A moment as the index stores it: whole microseconds since 1970, UTC."""
    return (moment - _EPOCH) // _US


def stored_micros(value: Any) -> int:
    """A stored ``written_at`` (text on SQLite, a timestamp on PostgreSQL) as micros."""
    return micros(read_timestamp(value))


def digests(cipher: Cipher, text: str, tags: Iterable[str], prompt: str | None) -> set[int]:
    """The index's digests for one entry."""
    blind = cipher.blind
    return {blind(term) for term in sq.terms(sq.entry_words(text, tags, prompt))}


def _insert_sql(db: Any, n: int) -> str:
    key = (db.param, n)
    sql = _SQL_CACHE.get(key)
    if sql is None:
        one = "(" + ", ".join([db.param] * 4) + ")"
        head = "INSERT INTO search_term (person_id, digest, written_at, entry_id) VALUES "
        sql = head + ", ".join([one] * n)
        _SQL_CACHE[key] = sql
    return sql


def insert(db: Any, rows: Sequence[tuple[int, int, int, int]]) -> None:
    """Store (person_id, digest, written_at micros, entry_id) rows."""
    for start in range(0, len(rows), _CHUNK):
        chunk = rows[start : start + _CHUNK]
        db.execute_sql(_insert_sql(db, len(chunk)), [v for row in chunk for v in row])


def add(db: Any, person_id: int, entry_id: int, at: int, found: Iterable[int]) -> None:
    """Index one entry (written at ``at`` micros) under ``found`` digests."""
    insert(db, [(person_id, d, at, entry_id) for d in found])


def remove(db: Any, person_id: int, entry_id: int, at: int, found: Iterable[int]) -> None:
    """Forget one entry's digests (its terms and moment as they were)."""
    wanted = sorted(set(found))
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        marks = ", ".join([db.param] * len(chunk))
        sql = (
            "DELETE FROM search_term WHERE person_id = ? AND written_at = ? AND entry_id = ? "
            "AND digest IN "
        )
        db.execute_sql(param(db, sql) + f"({marks})", [person_id, at, entry_id, *chunk])


def entry_digests(cipher: Cipher, row: Sequence[Any]) -> set[int]:
    """The digests of a stored journal row ``(id, uid, text, prompt, tags, ...)``."""
    uid, text, prompt, tags = row[1:5]
    return digests(
        cipher,
        cipher.decrypt("journal_entry", "text", uid, text),
        json.loads(cipher.decrypt("journal_entry", "tags", uid, tags)),
        None if prompt is None else cipher.decrypt("journal_entry", "prompt", uid, prompt),
    )


def stored_row(db: Any, person_id: int, entry_id: int) -> Any:
    """The stored journal row (as :data:`ROWS`) of one entry, or None."""
    return db.execute_sql(param(db, ROWS + " AND id = ?"), (person_id, entry_id)).fetchone()


def reindex_entry(db: Any, person_id: int, cipher: Cipher, entry_id: int) -> None:
    """Index one stored entry (brought back from the trash)."""
    row = stored_row(db, person_id, entry_id)
    if row is not None:
        add(db, person_id, entry_id, stored_micros(row[5]), entry_digests(cipher, row))


def unindex_row(db: Any, person_id: int, cipher: Cipher, row: Sequence[Any]) -> None:
    """Forget a stored journal row's terms (it is being deleted)."""
    remove(db, person_id, int(row[0]), stored_micros(row[5]), entry_digests(cipher, row))


def rebuild(db: Any, person_id: int, cipher: Cipher) -> int:
    """Index the person's whole journal afresh (inside the caller's transaction); how
    many entries."""
    db.execute_sql(param(db, "DELETE FROM search_term WHERE person_id = ?"), (person_id,))
    cursor = db.execute_sql(param(db, ROWS + " ORDER BY id"), (person_id,))
    pending: list[tuple[int, int, int, int]] = []
    n = 0
    while True:
        rows = cursor.fetchmany(500)
        if not rows:
            break
        for row in rows:
            n += 1
            at = stored_micros(row[5])
            pending.extend((person_id, d, at, row[0]) for d in entry_digests(cipher, row))
        if len(pending) >= 20 * _CHUNK:
            insert(db, pending)
            pending = []
    insert(db, pending)
    db.execute_sql(param(db, "DELETE FROM search_backlog WHERE person_id = ?"), (person_id,))
    return n


def is_pending(db: Any, person_id: int) -> bool:
    """True while the person's existing entries are not indexed yet."""
    found = db.execute_sql(
        param(db, "SELECT 1 FROM search_backlog WHERE person_id = ?"), (person_id,)
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
            param(db, "SELECT uid, wrapped_key FROM person WHERE id = ?"), (int(pid),)
        ).fetchone()
        key = crypto.unwrap_data_key(kek, bytes(person[1]), str(person[0]))
        if key is not None:
            rebuild(db, int(pid), crypto.Cipher(key))
            done += 1
    return done


# --- looking up -------------------------------------------------------------------------


def count_upto(db: Any, person_id: int, digest: int, cap: int) -> int:
    """How many entries hold ``digest``, counting no further than ``cap``."""
    sql = (
        "SELECT COUNT(*) FROM (SELECT 1 FROM search_term WHERE person_id = ? AND digest = ? "
        "LIMIT ?) AS upto"
    )
    return int(db.execute_sql(param(db, sql), (person_id, digest, cap)).fetchone()[0])


def postings(
    db: Any, person_id: int, digest: int, *, before: tuple[int, int] | None, limit: int
) -> list[tuple[int, int]]:
    """(written_at, entry_id) of the entries holding ``digest``, newest first, older than
    ``before`` (keyset paging)."""
    sql = "SELECT written_at, entry_id FROM search_term WHERE person_id = ? AND digest = ?"
    args: list[Any] = [person_id, digest]
    if before is not None:
        sql += " AND (written_at < ? OR (written_at = ? AND entry_id < ?))"
        args += [before[0], before[0], before[1]]
    sql += " ORDER BY written_at DESC, entry_id DESC LIMIT ?"
    args.append(limit)
    return [(int(w), int(i)) for w, i in db.execute_sql(param(db, sql), args).fetchall()]


def having(
    db: Any, person_id: int, digest: int, page: Sequence[tuple[int, int]]
) -> set[tuple[int, int]]:
    """Which of ``page`` (a newest-first run of (written_at, entry_id)) hold ``digest``
    too: one range of the key, from the page's oldest moment to its newest."""
    if not page:
        return set()
    ids = sorted({i for _, i in page})
    marks = ", ".join([db.param] * len(ids))
    sql = param(
        db,
        "SELECT written_at, entry_id FROM search_term WHERE person_id = ? AND digest = ? "
        "AND written_at >= ? AND written_at <= ? AND entry_id IN ",
    )
    rows = db.execute_sql(sql + f"({marks})", (person_id, digest, page[-1][0], page[0][0], *ids))
    wanted = set(page)
    return {(int(w), int(i)) for w, i in rows.fetchall()} & wanted
