"""The unit of work: one transaction, the repositories, and the backup dump/load.

Entering begins a transaction (on SQLite it takes the write lock at once, waiting up to
the busy timeout, so a use case never fails half-way for a lock). ``commit()`` makes the
work durable; leaving without it, or by an exception, rolls everything back. Database
exceptions leaving the ``with`` block become one clear ``StorageError``.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, Self

from midweek.domain.corrections import TRASH_KEEP
from midweek.domain.errors import BackupError
from midweek.services import ports
from midweek.storage import search_index
from midweek.storage import tables as t
from midweek.storage.crypto import Cipher, unwrap_data_key
from midweek.storage.database import (
    POSTGRESQL,
    Values,
    _param,
    is_database_error,
    storage_error,
    translate_errors,
)
from midweek.storage.imports import SqlImportMarkRepo
from midweek.storage.migrations import LATEST
from midweek.storage.repositories import (
    Context,
    SqlAssignmentRepo,
    SqlBarrierRepo,
    SqlCheckinRepo,
    SqlDraftRepo,
    SqlFlagRepo,
    SqlGoalRepo,
    SqlHomeworkRatingRepo,
    SqlJournalRepo,
    SqlPracticeRepo,
    SqlPreferenceRepo,
    SqlQuestionRepo,
    SqlSafetyPlanRepo,
    SqlSessionRepo,
    SqlSharedReportRepo,
    SqlWindowRepo,
)
from midweek.storage.trash import SqlTrashRepo

if TYPE_CHECKING:
    from midweek.storage.database import Store

_INSERT_CHUNK = 200

#: The unit of work's attributes for the server's tables, and their repository classes.
_SERVER_REPOS = {
    "accounts": "SqlAccountRepo",
    "web_sessions": "SqlWebSessionRepo",
    "login_failures": "SqlLoginFailureRepo",
    "audit": "SqlAuditRepo",
    "care_links": "SqlCareLinkRepo",
    "shares": "SqlShareRepo",
    "api_tokens": "SqlApiTokenRepo",
    "idempotency": "SqlIdempotencyRepo",
    "display_names": "SqlDisplayNameRepo",
    "invite_labels": "SqlInviteLabelRepo",
}


class SqlUnitOfWork:
    """Implements ``services.ports.UnitOfWork`` over one store connection."""

    sessions: ports.SessionRepo
    goals: ports.GoalRepo
    homework: ports.AssignmentRepo
    practice: ports.PracticeRepo
    journal: ports.JournalRepo
    barriers: ports.BarrierRepo
    questions: ports.QuestionRepo
    checkins: ports.CheckinRepo
    flags: ports.FlagRepo
    windows: ports.WindowRepo
    safety_plan: ports.SafetyPlanRepo
    preferences: ports.PreferenceRepo
    drafts: ports.DraftRepo
    shared_reports: ports.SharedReportRepo
    ratings: ports.RatingRepo
    trash: ports.TrashRepo
    imports: ports.ImportMarkRepo

    accounts: ports.AccountRepo
    web_sessions: ports.WebSessionRepo
    login_failures: ports.LoginFailureRepo
    audit: ports.AuditRepo
    care_links: ports.CareLinkRepo
    shares: ports.ShareRepo
    api_tokens: ports.ApiTokenRepo
    idempotency: ports.IdempotencyRepo
    display_names: ports.DisplayNameRepo
    invite_labels: ports.InviteLabelRepo

    def __init__(
        self, store: Store, person_id: int | None = None, *, read_only: bool = False
    ) -> None:
        self._store = store
        #: Begin without taking SQLite's write lock (a page that only reads); a write in
        #: it still works but may find the database busy, so writers leave this False.
        self._read_only = read_only
        self._open = False
        self._in_txn = False
        #: None: the store's default person (followed across restores); else that person.
        self._target = person_id
        #: The restored person and their cipher, adopted by the store on commit.
        self._restored: tuple[int, Cipher] | None = None
        #: Set by erase_person; once that is committed, the freed pages are scrubbed on exit.
        self._scrub = False
        self._scrub_due = False
        self._person_id: int | None = None
        self._cipher: Cipher | None = None
        if person_id is None:
            self._bind(store._person_id, store._cipher)

    def __getattr__(self, name: str) -> Any:
        # The server's repositories (they belong to no person) are made on first use, so a
        # local CLI command never imports them.
        if name not in _SERVER_REPOS:
            raise AttributeError(name)
        from midweek.storage import accounts

        repo = getattr(accounts, _SERVER_REPOS[name])(
            self._store._db, self._store._values, self._store._server_key
        )
        setattr(self, name, repo)
        return repo

    @property
    def person_id(self) -> int:
        """Whose data this unit of work reads and writes (known once entered)."""
        if self._person_id is None:
            raise RuntimeError("use the unit of work inside its `with` block")
        return self._person_id

    def _whom(self) -> tuple[int, Cipher]:
        store = self._store
        if self._target is None:
            return store._person_id, store._cipher
        return self._target, store._cipher_for(self._target)

    def _bind(self, person_id: int, cipher: Cipher) -> None:
        self._person_id = person_id
        self._cipher = cipher
        ctx = Context(self._store._db, person_id, cipher, self._store._values)
        self.sessions = SqlSessionRepo(ctx)
        self.goals = SqlGoalRepo(ctx)
        self.homework = SqlAssignmentRepo(ctx)
        self.practice = SqlPracticeRepo(ctx)
        self.journal = SqlJournalRepo(ctx)
        self.barriers = SqlBarrierRepo(ctx)
        self.questions = SqlQuestionRepo(ctx)
        self.checkins = SqlCheckinRepo(ctx)
        self.flags = SqlFlagRepo(ctx)
        self.windows = SqlWindowRepo(ctx)
        self.safety_plan = SqlSafetyPlanRepo(ctx)
        self.preferences = SqlPreferenceRepo(ctx)
        self.drafts = SqlDraftRepo(ctx)
        self.shared_reports = SqlSharedReportRepo(ctx)
        self.ratings = SqlHomeworkRatingRepo(ctx)
        self.trash = SqlTrashRepo(ctx)
        self.imports = SqlImportMarkRepo(ctx)

    # --- the transaction ----------------------------------------------------------------

    def __enter__(self) -> Self:
        store = self._store
        if self._open:
            raise RuntimeError("this unit of work is already open")
        if getattr(store._local, "open_uow", None) is not None:
            raise RuntimeError("another unit of work is open on this store in this thread")
        with translate_errors(store.location):
            if self._read_only:
                store._begin_deferred()
            else:
                store._begin()
            try:
                person_id, cipher = self._whom()
            except BaseException:
                store._rollback()
                raise
        self._open = self._in_txn = True
        store._local.open_uow = self
        self._restored = None
        if self._person_id != person_id or self._cipher is not cipher:
            self._bind(person_id, cipher)  # first use, or a restore was committed meanwhile
        return self

    def commit(self) -> None:
        """Make everything done so far durable; later work in the block is a new transaction."""
        store = self._store
        if not self._open:
            raise RuntimeError("commit() outside the unit of work's `with` block")
        with translate_errors(store.location):
            # Deletions older than a day are forgotten for good on the next write.
            self.trash.purge(_utcnow() - TRASH_KEEP)
            store._commit()
            self._in_txn = False
            self._scrub_due, self._scrub = self._scrub_due or self._scrub, False
            if self._restored is not None:
                old_id = self._target if self._target is not None else store._person_id
                store._adopt(old_id, *self._restored)
                if self._target is not None:
                    self._target = self._restored[0]
                self._restored = None
            store._begin_deferred()
            self._in_txn = True

    def __exit__(self, *exc_info: object) -> None:
        exc = exc_info[1] if len(exc_info) > 1 else None
        store = self._store
        self._open = False
        store._local.open_uow = None
        rollback_error: Exception | None = None
        if self._in_txn:
            self._in_txn = False
            try:
                store._rollback()
            except Exception as err:  # e.g. SQLite already rolled back after an I/O error
                if "no transaction is active" not in str(err):
                    rollback_error = err
        if self._restored is not None:  # a restore that was not committed never happened
            self._restored = None
            self._bind(*self._whom())
        self._scrub = False
        if self._scrub_due and exc is None and rollback_error is None:
            self._scrub_due = False
            with translate_errors(store.location):
                store._scrub()
        if isinstance(exc, Exception) and is_database_error(exc):
            raise storage_error(exc, store.location) from exc
        if exc is None and rollback_error is not None:
            if is_database_error(rollback_error):
                raise storage_error(rollback_error, store.location) from rollback_error
            raise rollback_error

    def _require_open(self) -> None:
        if not self._open:
            raise RuntimeError("use the unit of work inside its `with` block")

    # --- people -------------------------------------------------------------------------

    def create_person(self) -> int:
        """A new person with a new data key wrapped by the store's key; their id."""
        import uuid

        from midweek.storage.crypto import new_key, wrap_data_key

        self._require_open()
        store = self._store
        uid = uuid.uuid4().hex
        wrapped = wrap_data_key(store._kek, new_key(), uid)
        p = t.Person
        row = {p.uid: uid, p.wrapped_key: wrapped, p.created_at: store._values.ts_out(_utcnow())}
        return int(p.insert(row).execute(store._db))

    # --- erasure ------------------------------------------------------------------------

    def erase_person(self) -> None:
        """Erase the bound person in this transaction: their data key first, then every row.

        The wrapped data key is overwritten before anything is deleted, so no ciphertext of
        theirs opens again; then their account (with its web sessions and tokens), the
        audit events about them and the person row go, and the row cascades to every data
        table, their shares and their therapist links. A SHA-256 of their uid is kept so
        that an older backup of them is refused (:meth:`load`). Once the transaction is
        committed, leaving the ``with`` block scrubs the freed pages from the files.
        """
        from midweek.storage.crypto import new_key

        self._require_open()
        store, db, pid = self._store, self._store._db, self.person_id
        ask = functools.partial(_param, db)
        with translate_errors(store.location):
            uid, wrapped = db.execute_sql(
                ask("SELECT uid, wrapped_key FROM person WHERE id = ?"), (pid,)
            ).fetchone()
            noise = (new_key() * (len(bytes(wrapped)) // 32 + 1))[: len(bytes(wrapped))]
            db.execute_sql(ask("UPDATE person SET wrapped_key = ? WHERE id = ?"), (noise, pid))
            account = db.execute_sql(
                ask("SELECT id, username FROM account WHERE person_id = ?"), (pid,)
            ).fetchone()
            if account is not None:
                db.execute_sql(
                    ask("DELETE FROM audit_event WHERE actor_account_id = ?"), (account[0],)
                )
                db.execute_sql(
                    ask("DELETE FROM login_failure WHERE failure_key = ?"),
                    (f"account:{account[1]}",),
                )
                db.execute_sql(ask("DELETE FROM account WHERE id = ?"), (account[0],))
            db.execute_sql(ask("DELETE FROM audit_event WHERE subject_person_id = ?"), (pid,))
            db.execute_sql(ask("DELETE FROM person WHERE id = ?"), (pid,))
            db.execute_sql(
                ask("INSERT INTO erasure (uid_hash, erased_at) VALUES (?, ?)"),
                (_uid_hash(uid), store._values.ts_out(_utcnow())),
            )
        store._forget(pid)
        self._scrub = True

    # --- backup -------------------------------------------------------------------------

    def dump(self) -> dict[str, Any]:
        """Every row of the person's data as stored, JSON-safe (ciphertext as base64).

        A dump holds one person: their ``person`` row (with their wrapped data key) and
        their rows of every data table. Other people in the store, and the server's tables
        (accounts, web sessions, login failures, audit events), are never in it.
        """
        self._require_open()
        db, values = self._store._db, self._store._values
        p = t.Person
        pfields = p._meta.sorted_fields
        prow = db.execute(p.select(*pfields).where(p.id == self._person_id)).fetchone()
        person = {f.column_name: _to_json(f, v, values) for f, v in zip(pfields, prow, strict=True)}
        tables: dict[str, list[dict[str, Any]]] = {}
        for model in t.DATA_MODELS:
            fields = model._meta.sorted_fields
            query = (
                model.select(*fields).where(model.person_id == self._person_id).order_by(model.id)
            )
            tables[model._meta.table_name] = [
                {f.column_name: _to_json(f, v, values) for f, v in zip(fields, row, strict=True)}
                for row in db.execute(query).fetchall()
            ]
        version = self._store._db.execute_sql("SELECT max(version) FROM schema_version")
        return {
            "schema_version": int(version.fetchone()[0]),
            "person": person,
            "tables": tables,
        }

    def load(self, dumped: dict[str, Any]) -> None:
        """Replace all of the person's data with ``dumped``, exactly (ids, uids, ciphertext).

        Everything is checked first (layout, types, links, that the backup's data key opens
        with this key file and that every ciphertext opens where it is); a damaged dump
        raises BackupError and changes nothing.
        """
        self._require_open()
        store = self._store
        person, rows = _validate(dumped, store._values)
        if _was_erased(store._db, person[t.Person.uid]):
            raise BackupError(
                "This backup holds data that was erased at its owner's request, so it cannot "
                "be restored."
            )
        data_key = unwrap_data_key(store._kek, person[t.Person.wrapped_key], person[t.Person.uid])
        if data_key is None:
            raise BackupError(
                "This backup was made with a different encryption key file, so it cannot be "
                "restored with this one; point MIDWEEK_KEY_FILE at the key file it was made with."
            )
        cipher = Cipher(data_key)
        for model, model_rows in rows.items():
            secrets = [
                f for f in model._meta.sorted_fields if _kind(f) in ("secret", "secret_json")
            ]
            table = model._meta.table_name
            for row in model_rows:
                for f in secrets:
                    blob = row[f]
                    if blob is not None and not cipher.check(
                        table, f.column_name, row[model.uid], blob
                    ):
                        raise _damaged(f"encrypted text in {table} {row[model.id]} does not open")
        new_id: int = person[t.Person.id]
        db = store._db
        with translate_errors(store.location):
            db.execute_sql("SAVEPOINT midweek_load")
            try:
                self._replace(db, person, rows)
                # The search index is not in a backup: it is made again from the entries.
                search_index.rebuild(db, new_id, cipher)
            except Exception as exc:
                db.execute_sql("ROLLBACK TO SAVEPOINT midweek_load")
                db.execute_sql("RELEASE SAVEPOINT midweek_load")
                if is_database_error(exc) and "IntegrityError" in {
                    c.__name__ for c in type(exc).__mro__
                }:
                    raise _damaged("its records do not fit together") from exc
                raise
            db.execute_sql("RELEASE SAVEPOINT midweek_load")
        self._restored = (new_id, cipher)
        self._bind(new_id, cipher)

    def _replace(
        self, db: Any, person: dict[Any, Any], rows: dict[Any, list[dict[Any, Any]]]
    ) -> None:
        p = t.Person
        current = self._person_id
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
        if self._store.dialect == POSTGRESQL:
            # Explicit ids do not move PostgreSQL's sequences; later inserts must not collide.
            tables: tuple[Any, ...] = (p, *t.DATA_MODELS)
            for each in tables:
                table = each._meta.table_name
                db.execute_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                )
        # (SQLite's AUTOINCREMENT counter already moves up to the largest id inserted.)


def _uid_hash(uid: object) -> str:
    import hashlib

    return hashlib.sha256(str(uid).encode()).hexdigest()


def _was_erased(db: Any, uid: object) -> bool:
    found = db.execute_sql(
        _param(db, "SELECT 1 FROM erasure WHERE uid_hash = ?"), (_uid_hash(uid),)
    )
    return found.fetchone() is not None


def _utcnow() -> datetime:
    return datetime.now(UTC)


# --- converting stored values to JSON and back ------------------------------------------


def _kind(field: Any) -> str:
    return getattr(field, "kind", "int")  # the AutoField id has no kind


def _to_json(field: Any, value: Any, values: Values) -> Any:
    if value is None:
        return None
    kind = _kind(field)
    if kind in ("bytes", "secret", "secret_json"):
        return base64.b64encode(bytes(value)).decode("ascii")
    if kind == "ts":
        return values.ts_in(value).isoformat()
    if kind == "date":
        return values.date_in(value).isoformat()
    if kind == "bool":
        return bool(value)
    if kind == "int":
        return int(value)
    return str(value)


def _aware(text: str) -> datetime:
    dt = datetime.fromisoformat(text)
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError("naive timestamp")
    return dt


def _check_json(text: str) -> str:
    json.loads(text)
    return text


def _from_json(field: Any, value: Any, values: Values) -> Any:
    """The value to store for a backup value; ValueError/TypeError when it does not fit."""
    if value is None:
        if not field.null:
            raise ValueError("missing value")
        return None
    kind = _kind(field)
    if kind == "int":
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError("not a whole number")
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            raise TypeError("not true/false")
        return value
    if not isinstance(value, str):
        raise TypeError("not text")
    converters: dict[str, Callable[[str], Any]] = {
        "text": str,
        "enum": lambda v: field.enum(v).value,
        "json": _check_json,
        "ts": lambda v: values.ts_out(_aware(v)),
        "date": lambda v: values.date_out(date.fromisoformat(v)),
        "bytes": lambda v: base64.b64decode(v, validate=True),
        "secret": lambda v: base64.b64decode(v, validate=True),
        "secret_json": lambda v: base64.b64decode(v, validate=True),
    }
    return converters[kind](value)


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
            row[f] = _from_json(f, raw[f.column_name], values)
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


if TYPE_CHECKING:  # mypy checks that the unit of work is what both kinds of use case need

    def _conforms(store: Store) -> tuple[ports.UnitOfWork, ports.AccountsUnitOfWork]:
        return SqlUnitOfWork(store), SqlUnitOfWork(store)
