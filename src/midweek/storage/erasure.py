"""Erasing a person: their data key overwritten first, then every row of theirs deleted.

What stays is a SHA-256 of their uid in ``erasure``, so that an older backup of them is
refused (:func:`was_erased`). Runs inside the caller's transaction and never commits; the
unit of work scrubs the freed pages once the erasure is committed. Imports the dialect room
and the key generator; imported by the unit of work and the backup.
"""

from __future__ import annotations

import functools
import hashlib
from datetime import UTC, datetime
from typing import Any

from midweek.storage.dialect import Values, param


def uid_hash(uid: object) -> str:
    """What is kept of an erased person's uid."""
    return hashlib.sha256(str(uid).encode()).hexdigest()


def was_erased(db: Any, uid: object) -> bool:
    """True if the person with ``uid`` was erased from this database."""
    found = db.execute_sql(param(db, "SELECT 1 FROM erasure WHERE uid_hash = ?"), (uid_hash(uid),))
    return found.fetchone() is not None


def erase(db: Any, values: Values, person_id: int) -> None:
    """Erase ``person_id`` in the open transaction: key, account, audit events, rows.

    Their account (with its web sessions and tokens), the audit events about them and the
    person row go, and the row cascades to every data table, their shares and their
    therapist links.
    """
    from midweek.storage.crypto import new_key

    ask = functools.partial(param, db)
    uid, wrapped = db.execute_sql(
        ask("SELECT uid, wrapped_key FROM person WHERE id = ?"), (person_id,)
    ).fetchone()
    noise = (new_key() * (len(bytes(wrapped)) // 32 + 1))[: len(bytes(wrapped))]
    db.execute_sql(ask("UPDATE person SET wrapped_key = ? WHERE id = ?"), (noise, person_id))
    account = db.execute_sql(
        ask("SELECT id, username FROM account WHERE person_id = ?"), (person_id,)
    ).fetchone()
    if account is not None:
        db.execute_sql(ask("DELETE FROM audit_event WHERE actor_account_id = ?"), (account[0],))
        db.execute_sql(
            ask("DELETE FROM login_failure WHERE failure_key = ?"),
            (f"account:{account[1]}",),
        )
        db.execute_sql(ask("DELETE FROM account WHERE id = ?"), (account[0],))
    db.execute_sql(ask("DELETE FROM audit_event WHERE subject_person_id = ?"), (person_id,))
    db.execute_sql(ask("DELETE FROM person WHERE id = ?"), (person_id,))
    db.execute_sql(
        ask("INSERT INTO erasure (uid_hash, erased_at) VALUES (?, ?)"),
        (uid_hash(uid), values.ts_out(datetime.now(UTC))),
    )
