"""The small hierarchy of errors every shell maps once (CLI exit codes, HTTP problems).

A ``MidweekError`` is always the person's or the environment's problem and carries one
clear sentence for them; anything else that escapes is a bug (exit code 1).
"""

from __future__ import annotations


class MidweekError(Exception):
    """Base for expected errors; ``str(err)`` is a sentence fit to show the person."""

    #: Short machine-readable kind, used as the problem "type" on the API and in --json.
    code = "error"


class ValidationError(MidweekError):
    """Input that breaks a rule: a quality of 7, a date in the wrong form, 8 PHQ-9 answers."""

    code = "invalid-input"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFound(MidweekError):
    """An id that does not exist (or that this person may not see)."""

    code = "not-found"

    def __init__(self, what: str, ident: object, *, sentence: str | None = None) -> None:
        super().__init__(sentence or f"There is no {what} with id {ident}.")
        self.what = what
        self.ident = ident
        #: False for the generic sentence, which names the kind and the id: a shared server
        #: answers those with one sentence, so "not yours" and "does not exist" look alike.
        self.explicit = sentence is not None


class Conflict(MidweekError):
    """The request is fine but the current state does not allow it (e.g. ending an ended task)."""

    code = "conflict"


class StorageError(MidweekError):
    """The database cannot be used: locked, corrupt, newer than this program, unreachable."""

    code = "storage"


class EncryptionKeyError(MidweekError):
    """The encryption key is missing, unreadable or does not open this database."""

    code = "key"


class BackupError(MidweekError):
    """A backup file that cannot be restored: unreadable, damaged or for another key."""

    code = "backup"


class Unauthorized(MidweekError):
    """A login or session that does not hold: the same sentence whatever the reason."""

    code = "unauthorized"


class Forbidden(MidweekError):
    """Signed in, but this account's role may not do this (a client on a therapist page)."""

    code = "forbidden"


class Throttled(MidweekError):
    """Too many failed logins lately; ``retry_after`` says how many seconds to wait."""

    code = "throttled"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
