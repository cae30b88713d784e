"""The store: an open database with its people's keys, handing out units of work.

Cheap to import (standard library only): the package imports it for every CLI command;
``cryptography`` and the unit of work are imported on first use. The unit of work reaches
the store only through :class:`midweek.storage.unit_of_work.StoreHandle`, the public
methods below; nothing outside this class touches its attributes. Imported by the opening
of a database and by the package; it may import every room below it but the opening.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from midweek.domain.errors import EncryptionKeyError, NotFound
from midweek.storage.dialect import SQLITE, Values, param
from midweek.storage.errors import translate_errors

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from midweek.storage.crypto import Cipher
    from midweek.storage.unit_of_work import SqlUnitOfWork, StoreHandle


class Store:
    """An open database with its people's keys; hands out units of work.

    A store may hold several people (a server: one per client account). The *default*
    person is the first one, created on first open: the local CLI's only person. Every
    person row has its own data key wrapped with the key file's key-encryption key; the
    default person's is unwrapped on open, anyone else's on first use (then cached).
    """

    def __init__(
        self,
        db: Any,
        *,
        dialect: str,
        location: str,
        cipher: Cipher,
        person_id: int,
        kek: bytes,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._db = db
        self._dialect = dialect
        self._location = location
        self._values = Values(dialect)
        self._cipher = cipher
        self._person_id = person_id
        self._kek = kek
        self._ciphers: dict[int, Cipher] = {person_id: cipher}
        self._ciphers_lock = threading.Lock()
        self._local = threading.local()
        self._closed = False
        self._clock = clock

    @property
    def dialect(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self._dialect

    @property
    def location(self) -> str:
        """The SQLite file path, or the PostgreSQL URL without its password."""
        return self._location

    @property
    def default_person_id(self) -> int:
        """The store's first person: the local CLI's only one."""
        return self._person_id

    @property
    def db(self) -> Any:
        """The connection (a peewee database) that units of work and repositories use."""
        return self._db

    @property
    def values(self) -> Values:
        """How timestamps and days are stored in this dialect's columns."""
        return self._values

    def unit_of_work(
        self,
        person_id: int | None = None,
        *,
        read_only: bool = False,
        clock: Callable[[], datetime] | None = None,
    ) -> SqlUnitOfWork:
        """A fresh unit of work for one person; ``with`` it to run one transaction.

        ``person_id`` None is the default person. Another id is that person's data, with
        their own key; entering raises NotFound if there is no such person. ``read_only``
        begins without SQLite's write lock, so reads never queue behind writers (WAL).
        ``clock`` is what "now" means to it (a deletion's day of grace); else the store's.
        """
        from midweek.storage.unit_of_work import SqlUnitOfWork

        if self._closed:
            raise RuntimeError("this store is closed")
        return SqlUnitOfWork(self, person_id, read_only=read_only, clock=clock or self._clock)

    def create_person(self) -> int:
        """A new person with a new data key (wrapped like every other); their id. Commits."""
        with self.unit_of_work() as uow:
            person_id = uow.create_person()
            uow.commit()
        return person_id

    def schema_version(self) -> int:
        from midweek.storage.migrations.runner import current_version

        with translate_errors(self._location):
            return current_version(self._db) or 0

    def close(self) -> None:
        """Close the connection of this thread and of every other thread that used the store
        (SQLite checkpoints its WAL on the last close)."""
        if self._closed:
            return
        self._closed = True
        with translate_errors(self._location):
            self._db.close()
            self._db.close_every_thread()

    # --- transactions (for the unit of work) -----------------------------------------------

    def begin(self, *, lock: bool = True) -> None:
        """Begin a transaction; ``lock`` takes SQLite's write lock now (waiting if busy)."""
        self._db.execute_sql("BEGIN IMMEDIATE" if lock and self._dialect == SQLITE else "BEGIN")

    def commit_transaction(self) -> None:
        self._db.execute_sql("COMMIT")

    def rollback_transaction(self) -> None:
        self._db.execute_sql("ROLLBACK")

    def claim_thread(self) -> None:
        """Mark this thread as having a unit of work open; RuntimeError if it has one."""
        if getattr(self._local, "open_uow", False):
            raise RuntimeError("another unit of work is open on this store in this thread")
        self._local.open_uow = True

    def release_thread(self) -> None:
        """This thread's unit of work has ended."""
        self._local.open_uow = False

    # --- people and keys (for the unit of work) ----------------------------------------

    def default_person(self) -> tuple[int, Cipher]:
        """The default person and their cipher (after a committed restore: the restored one)."""
        return self._person_id, self._cipher

    def cipher_for(self, person_id: int) -> Cipher:
        """That person's cipher, unwrapping their key on first use (inside a transaction)."""
        with self._ciphers_lock:
            found = self._ciphers.get(person_id)
        if found is not None:
            return found
        if not isinstance(person_id, int) or isinstance(person_id, bool):
            raise NotFound("person", person_id)
        row = self._db.execute_sql(
            param(self._db, "SELECT uid, wrapped_key FROM person WHERE id = ?"), (person_id,)
        ).fetchone()
        if row is None:
            raise NotFound("person", person_id)
        cipher = self.open_wrapped_key(bytes(row[1]), str(row[0]))
        if cipher is None:
            raise EncryptionKeyError(
                f"The encryption key file does not open person {person_id}'s data in "
                f"{self._location}; it was made with another key file."
            )
        with self._ciphers_lock:
            self._ciphers[person_id] = cipher
        return cipher

    def wrap_new_data_key(self, person_uid: str) -> bytes:
        """A new random data key for the person ``person_uid``, wrapped with the key file's key."""
        from midweek.storage import crypto

        return crypto.wrap_data_key(self._kek, crypto.new_key(), person_uid)

    def open_wrapped_key(self, wrapped: bytes, person_uid: str) -> Cipher | None:
        """The cipher of a wrapped data key, or None if this key file does not open it."""
        from midweek.storage import crypto

        data_key = crypto.unwrap_data_key(self._kek, wrapped, person_uid)
        return None if data_key is None else crypto.Cipher(data_key)

    def server_key(self, purpose: str) -> bytes:
        """A key for one purpose in the server's tables, derived from the key file's KEK."""
        from midweek.storage import crypto

        return crypto.server_key(self._kek, purpose)

    def adopt(self, old_id: int, person_id: int, cipher: Cipher) -> None:
        """After a committed restore over ``old_id``: the restored person and their key."""
        with self._ciphers_lock:
            self._ciphers.pop(old_id, None)
            self._ciphers[person_id] = cipher
        if old_id == self._person_id:
            self._person_id = person_id
            self._cipher = cipher

    def forget(self, person_id: int) -> None:
        """Drop an erased person's unwrapped key from memory."""
        with self._ciphers_lock:
            self._ciphers.pop(person_id, None)

    def scrub(self) -> None:
        """After an erasure is committed: leave no copy of the deleted pages in the files.

        SQLite runs with ``secure_delete`` (deleted content is overwritten with zeros in the
        database file); the checkpoint then copies the pages home and truncates the WAL,
        whose frames still held the old pages. PostgreSQL keeps dead row versions until a
        vacuum: ``person`` (where the old wrapped key was) is rewritten into new files with
        ``VACUUM FULL``, the other tables the erasure touched are vacuumed.
        """
        if self._dialect == SQLITE:
            self._db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            return
        from midweek.storage import tables

        self._db.execute_sql("VACUUM FULL person")
        others = [
            m._meta.table_name
            for m in (*tables.DATA_MODELS, tables.SearchTermRow, *tables.SERVER_MODELS)
        ]
        self._db.execute_sql("VACUUM " + ", ".join(others))


if TYPE_CHECKING:  # mypy checks that the store gives the unit of work all it asks for

    def _conforms(store: Store) -> StoreHandle:
        return store
