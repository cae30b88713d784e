"""Accounts, web sessions and audit events: server data, not part of any person's record.

Plain dataclasses; the rules that need no I/O (username form, password length and
content) and the digest stored for a token live here too. Password hashing, the
common-password list and time limits are in ``services.accounts``.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from midweek.domain.errors import ValidationError
from midweek.i18n import _


class Role(StrEnum):
    CLIENT = "client"
    THERAPIST = "therapist"
    ADMIN = "admin"


@dataclass
class Account:
    username: str  # normalised: NFKC, lower-case (see normalise_username)
    password_hash: str
    role: Role
    created_at: datetime
    password_changed_at: datetime
    person_id: int | None = None  # a client's own data; None for therapists and admins
    disabled_at: datetime | None = None
    id: int | None = None
    #: The IANA zone the person's days are reckoned in; None: the server's own.
    time_zone: str | None = None

    @property
    def disabled(self) -> bool:
        return self.disabled_at is not None


@dataclass
class WebSession:
    """A login. ``id`` is the SHA-256 (hex) of the token; the token itself is never stored."""

    id: str
    account_id: int
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime  # the absolute limit, fixed at login
    ended_at: datetime | None = None


@dataclass
class AuditEvent:
    """Who did what, when. ``detail`` is short and never holds free text a person wrote."""

    at: datetime
    action: str
    actor_account_id: int | None = None
    subject_person_id: int | None = None
    detail: str = ""
    id: int | None = None


USERNAME_MIN = 3
USERNAME_MAX = 64
PASSWORD_MIN = 12
#: Far above any passphrase a person types; it bounds the work one hash may cost.
PASSWORD_MAX = 1024

_UNLEET = str.maketrans("@4310$5!7", "aaeiosslt")
# string.digits + string.punctuation + whitespace, without importing ``string``.
_AROUND = "0123456789!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ \t\n\r\x0b\x0c"


def token_digest(token: str, *, purpose: bytes = b"") -> str:
    """What is stored for a token handed out once (a sign-in session, an API token, an
    invitation code): the SHA-256 of ``purpose`` and the token, hex, so a copy of the
    database opens nothing. ``purpose`` keeps one kind's digests apart from another's."""
    return hashlib.sha256(purpose + token.encode("utf-8")).hexdigest()


@functools.cache
def _username_pattern() -> re.Pattern[str]:
    return re.compile(r"[a-z0-9][a-z0-9._@+-]*\Z")


def normalise_username(raw: str) -> str:
    """The stored, case-insensitive form: NFKC, lower-case, trimmed; ValidationError if unfit."""
    name = unicodedata.normalize("NFKC", raw).strip().lower()
    if not USERNAME_MIN <= len(name) <= USERNAME_MAX or not _username_pattern().match(name):
        raise ValidationError(
            _(
                "A username has {USERNAME_MIN}–{USERNAME_MAX} characters: letters a–z, digits "
                "and . _ @ + - (starting with a letter or digit)."
            ).format(USERNAME_MIN=USERNAME_MIN, USERNAME_MAX=USERNAME_MAX),
            field="username",
        )
    return name


def normalise_password(raw: str) -> str:
    """NFKC, so the same passphrase typed on another keyboard or system hashes the same."""
    return unicodedata.normalize("NFKC", raw)


def password_problem(password: str, username: str, common: frozenset[str]) -> str | None:
    """Why ``password`` (already normalised) may not be used, as a short code, or None.

    Codes: ``too-short``, ``too-long``, ``common`` (the password, or its core without
    leading and trailing digits, punctuation and spaces, also read back from leet
    spelling, is on the list; lower case),
    ``contains-username``. Any characters are allowed; nothing else counts.
    """
    if len(password) < PASSWORD_MIN:
        return "too-short"
    if len(password) > PASSWORD_MAX:
        return "too-long"
    folded = password.casefold()
    # The core drops the digits and symbols people put around a common word
    # ("Password2024!" -> "password"), so the list needs no entry per tail.
    # "P@ssw0rd" is "password" to anyone guessing, so the core is also read back from leet.
    core = folded.strip(_AROUND)
    if {folded, password.lower(), core, core.translate(_UNLEET)} & common:
        return "common"
    if username and username.casefold() in folded:
        return "contains-username"
    return None
