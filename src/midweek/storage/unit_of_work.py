"""The unit of work: one transaction, the repositories, erasure and the backup dump/load.

Entering begins a transaction (on SQLite it takes the write lock at once, waiting up to
the busy timeout, so a use case never fails half-way for a lock). ``commit()`` makes the
work durable; leaving without it, or by an exception, rolls everything back. Database
exceptions leaving the ``with`` block become one clear ``StorageError``.

The unit of work sees its store only as a :class:`StoreHandle`: the connection, the value
forms, the transaction verbs and the people's keys, by name. It is imported by the store
(which makes units of work) and imports the repository rooms below it, never the store.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol, Self

from midweek.domain.corrections import TRASH_KEEP
from midweek.services import ports
from midweek.storage import tables as t
from midweek.storage.crypto import Cipher
from midweek.storage.dialect import Values
from midweek.storage.errors import is_database_error, storage_error, translate_errors
from midweek.storage.imports import SqlImportMarkRepo
from midweek.storage.mapping import Context
from midweek.storage.push import SqlPushRepo
from midweek.storage.repositories import (
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
    from collections.abc import Callable


class StoreHandle(Protocol):
    """What a unit of work needs from its store, and all it may use of it.

    :class:`midweek.storage.store.Store` implements it (mypy checks that there).
    """

    @property
    def db(self) -> Any:
        """The connection (a peewee database)."""

    @property
    def values(self) -> Values:
        """The dialect's value forms."""

    @property
    def location(self) -> str:
        """Where the database is, safe to show (for error sentences)."""

    def begin(self, *, lock: bool = True) -> None:
        """Begin a transaction; ``lock`` takes SQLite's write lock now."""

    def commit_transaction(self) -> None: ...

    def rollback_transaction(self) -> None: ...

    def claim_thread(self) -> None:
        """RuntimeError if this thread has a unit of work open on the store; else claim it."""

    def release_thread(self) -> None: ...

    def default_person(self) -> tuple[int, Cipher]:
        """The default person's id and cipher, as they are now."""

    def cipher_for(self, person_id: int) -> Cipher:
        """That person's cipher (NotFound if there is no such person)."""

    def wrap_new_data_key(self, person_uid: str) -> bytes:
        """A new data key for a new person, wrapped with the key file's key."""

    def open_wrapped_key(self, wrapped: bytes, person_uid: str) -> Cipher | None:
        """The cipher of a wrapped data key, or None if the key file does not open it."""

    def server_key(self, purpose: str) -> bytes:
        """A key for one purpose in the server's tables."""

    def adopt(self, old_id: int, person_id: int, cipher: Cipher) -> None:
        """A restore over ``old_id`` was committed: ``person_id`` with ``cipher`` replaces it."""

    def forget(self, person_id: int) -> None:
        """An erasure was committed: drop that person's key."""

    def scrub(self) -> None:
        """After a committed erasure: leave no copy of the deleted pages in the files."""


#: The unit of work's attributes for the server's tables: (module, repository class).
_SERVER_REPOS = {
    "accounts": ("accounts", "SqlAccountRepo"),
    "web_sessions": ("accounts", "SqlWebSessionRepo"),
    "login_failures": ("accounts", "SqlLoginFailureRepo"),
    "audit": ("accounts", "SqlAuditRepo"),
    "care_links": ("care_links", "SqlCareLinkRepo"),
    "shares": ("care_links", "SqlShareRepo"),
    "api_tokens": ("accounts", "SqlApiTokenRepo"),
    "idempotency": ("accounts", "SqlIdempotencyRepo"),
    "display_names": ("accounts", "SqlDisplayNameRepo"),
    "invite_labels": ("care_links", "SqlInviteLabelRepo"),
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
    push: ports.PushRepo

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
        self,
        store: StoreHandle,
        person_id: int | None = None,
        *,
        read_only: bool = False,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._store = store
        #: The caller's clock (the web app's, which tests fix), so that a deletion is
        #: stamped, kept and forgotten by one clock, not the service's and the machine's.
        self._clock = clock or _utcnow
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
            self._bind(*store.default_person())

    def __getattr__(self, name: str) -> Any:
        # The server's repositories (they belong to no person) are made on first use, so a
        # local CLI command never imports them.
        if name not in _SERVER_REPOS:
            raise AttributeError(name)
        from midweek.storage import accounts, care_links

        module, cls = _SERVER_REPOS[name]
        room = accounts if module == "accounts" else care_links
        store = self._store
        repo = getattr(room, cls)(store.db, store.values, store.server_key)
        setattr(self, name, repo)
        return repo

    @property
    def person_id(self) -> int:
        """Whose data this unit of work reads and writes (known once entered)."""
        if self._person_id is None:
            raise RuntimeError("use the unit of work inside its `with` block")
        return self._person_id

    def _whom(self) -> tuple[int, Cipher]:
        if self._target is None:
            return self._store.default_person()
        return self._target, self._store.cipher_for(self._target)

    def _bind(self, person_id: int, cipher: Cipher) -> None:
        self._person_id = person_id
        self._cipher = cipher
        ctx = Context(self._store.db, person_id, cipher, self._store.values)
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
        self.push = SqlPushRepo(ctx)

    # --- the transaction ----------------------------------------------------------------

    def __enter__(self) -> Self:
        store = self._store
        if self._open:
            raise RuntimeError("this unit of work is already open")
        store.claim_thread()
        try:
            with translate_errors(store.location):
                store.begin(lock=not self._read_only)
                try:
                    person_id, cipher = self._whom()
                except BaseException:
                    store.rollback_transaction()
                    raise
        except BaseException:
            store.release_thread()
            raise
        self._open = self._in_txn = True
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
            self.trash.purge(self._clock() - TRASH_KEEP)
            store.commit_transaction()
            self._in_txn = False
            self._scrub_due, self._scrub = self._scrub_due or self._scrub, False
            if self._restored is not None:
                old_id = self._target if self._target is not None else store.default_person()[0]
                store.adopt(old_id, *self._restored)
                if self._target is not None:
                    self._target = self._restored[0]
                self._restored = None
            store.begin(lock=False)
            self._in_txn = True

    def __exit__(self, *exc_info: object) -> None:
        exc = exc_info[1] if len(exc_info) > 1 else None
        store = self._store
        self._open = False
        store.release_thread()
        rollback_error: Exception | None = None
        if self._in_txn:
            self._in_txn = False
            try:
                store.rollback_transaction()
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
                store.scrub()
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
        self._require_open()
        store = self._store
        uid = uuid.uuid4().hex
        p = t.Person
        row = {
            p.uid: uid,
            p.wrapped_key: store.wrap_new_data_key(uid),
            p.created_at: store.values.ts_out(self._clock()),
        }
        return int(p.insert(row).execute(store.db))

    def erase_person(self) -> None:
        """Erase the bound person in this transaction: their data key first, then every row.

        The wrapped data key is overwritten before anything is deleted, so no ciphertext of
        theirs opens again (see :mod:`midweek.storage.erasure`); a SHA-256 of their uid is
        kept so that an older backup of them is refused (:meth:`load`). Once the transaction
        is committed, leaving the ``with`` block scrubs the freed pages from the files.
        """
        self._require_open()
        from midweek.storage import erasure

        store, pid = self._store, self.person_id
        with translate_errors(store.location):
            erasure.erase(store.db, store.values, pid)
        store.forget(pid)
        self._scrub = True

    # --- backup -------------------------------------------------------------------------
    # The backup room is imported by the two verbs that use it: every other command opens a
    # unit of work without it.

    def dump(self) -> dict[str, Any]:
        """Every row of the person's data as stored, JSON-safe (see :mod:`.backup`)."""
        from midweek.storage import backup

        self._require_open()
        return backup.dump(self._store.db, self._store.values, self.person_id)

    def load(self, dumped: dict[str, Any]) -> None:
        """Replace all of the person's data with ``dumped``, exactly (ids, uids, ciphertext).

        A damaged dump raises BackupError and changes nothing (see :func:`.backup.load`).
        """
        from midweek.storage import backup

        self._require_open()
        store = self._store
        with translate_errors(store.location):
            restored = backup.load(
                store.db, store.values, self.person_id, dumped, store.open_wrapped_key
            )
        self._restored = restored
        self._bind(*restored)


def _utcnow() -> datetime:
    return datetime.now(UTC)


if TYPE_CHECKING:  # mypy checks that the unit of work is what both kinds of use case need

    def _conforms(store: StoreHandle) -> tuple[ports.UnitOfWork, ports.AccountsUnitOfWork]:
        return SqlUnitOfWork(store), SqlUnitOfWork(store)
