"""Accounts and web sessions: passwords, login with throttling, timeouts, the audit trail.

Every use case here opens its own transaction (``with uow:``). A failed or throttled login
still commits its failure record and audit event before it raises, so the record survives
the error. ``argon2`` is imported on first use only (the CLI imports this module at start).

Passwords are normalised with NFKC before hashing and checking, so the same passphrase
typed on another system opens the same account.
"""

from __future__ import annotations

import functools
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from midweek import messages
from midweek.domain.accounts import (
    Account,
    Role,
    WebSession,
    normalise_password,
    normalise_username,
    password_problem,
    token_digest,
)
from midweek.domain.errors import (
    Conflict,
    MidweekError,
    NotFound,
    Throttled,
    Unauthorized,
    ValidationError,
)
from midweek.resources import shipped
from midweek.services.audit import audit
from midweek.services.ports import AccountsUnitOfWork
from midweek.services.tokens import revoke_all


@dataclass(frozen=True)
class HashParams:
    """Argon2id cost. Raising them makes every stored hash re-hash at its next login."""

    time_cost: int
    memory_cost: int  # KiB
    parallelism: int
    hash_len: int = 32
    salt_len: int = 16


#: The OWASP Password Storage Cheat Sheet's minimum for Argon2id: 19 MiB, 2 passes, 1 lane.
#: The one place the parameters live; tests that need speed replace this explicitly.
PARAMS = HashParams(time_cost=2, memory_cost=19456, parallelism=1)

#: A session ends after this long without a request ...
IDLE_TIMEOUT = timedelta(minutes=30)
#: ... and this long after login, whatever happens.
ABSOLUTE_TIMEOUT = timedelta(hours=12)

#: "Last seen" is written when it is older than this (idle timeout precision).
TOUCH_AFTER = timedelta(minutes=1)

#: Failed logins count for this long.
FAILURE_WINDOW = timedelta(minutes=15)
#: Failed logins allowed per account (and per address) within the window; the next
#: attempt is refused with Throttled until the oldest of them has aged out.
ACCOUNT_FAILURE_LIMIT = 5
ADDRESS_FAILURE_LIMIT = 20

COMMON_PASSWORDS_FILE = "common-passwords.txt"


# --- hashing ----------------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def _hasher(params: HashParams) -> Any:
    try:
        from argon2 import PasswordHasher, Type
    except ImportError:
        raise MidweekError(messages.SERVER_EXTRA_MISSING) from None

    return PasswordHasher(
        time_cost=params.time_cost,
        memory_cost=params.memory_cost,
        parallelism=params.parallelism,
        hash_len=params.hash_len,
        salt_len=params.salt_len,
        type=Type.ID,
    )


def hash_password(password: str) -> str:
    """An Argon2id hash (PHC string, parameters included) of the NFKC-normalised password."""
    hashed: str = _hasher(PARAMS).hash(normalise_password(password))
    return hashed


def verify(stored_hash: str, password: str) -> bool:
    """True when ``password`` matches ``stored_hash``; never raises for a wrong password."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(_hasher(PARAMS).verify(stored_hash, normalise_password(password)))
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True when ``stored_hash`` was made with other parameters than ``PARAMS``."""
    return bool(_hasher(PARAMS).check_needs_rehash(stored_hash))


@functools.lru_cache(maxsize=4)
def _dummy_hash(params: HashParams) -> str:
    # Verified against for unknown usernames, so they cost the same work as known ones.
    hashed: str = _hasher(params).hash(secrets.token_urlsafe(16))
    return hashed


# --- the password policy ----------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, lower case (see the file's header for how)."""
    text = shipped("data", COMMON_PASSWORDS_FILE).read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


def check_password(password: str, username: str) -> str:
    """The normalised password if the policy allows it; ValidationError with one sentence."""
    normalised = normalise_password(password)
    problem = password_problem(normalised, username, common_passwords()) or _guessable(
        normalised, username
    )
    if problem is not None:
        raise ValidationError(messages.PASSWORD_PROBLEMS[problem], field="password")
    return normalised


#: zxcvbn's estimate of the guesses an attacker needs, as a power of ten, below which a
#: password is refused: 10**10 is zxcvbn's own "very unguessable" (score 4), the level that
#: resists an offline attack on a stolen database. The length rule alone let phrases made
#: of a common word, a name and a year through ("ilovemydog123" needs about 10**9.7).
GUESSES_LOG10_MIN = 10.0

#: zxcvbn refuses longer input (its time grows with the length); past 72 characters a
#: password is strong by length alone, so the start is what it judges.
_ZXCVBN_CHARS = 72


def _guessable(password: str, username: str) -> str | None:
    """``"guessable"`` when zxcvbn finds the password in its dictionaries and patterns
    (words, names, sports teams, keyboard walks, dates, l33t), else None."""
    # Imported only here, when a password is set: no other path (the CLI's start-up, a
    # sign-in) pays for loading its frequency lists.
    from zxcvbn import zxcvbn

    result = zxcvbn(password[:_ZXCVBN_CHARS], user_inputs=[username, "midweek"])
    return "guessable" if float(result["guesses_log10"]) < GUESSES_LOG10_MIN else None


# --- accounts ---------------------------------------------------------------------------


def create_account(
    uow: AccountsUnitOfWork,
    username: str,
    password: str,
    role: Role | str,
    now: datetime,
    *,
    actor_account_id: int | None = None,
) -> Account:
    """A new account; a client's comes with a new person (their own data and data key).

    ValidationError for an unfit username or password, Conflict when the name is taken.
    """
    name = normalise_username(username)
    try:
        role = Role(role)
    except ValueError:
        raise ValidationError(messages.ROLE_CHOICES, field="role") from None
    check_password(password, name)
    hashed = hash_password(password)
    with uow:
        if uow.accounts.by_username(name) is not None:
            raise Conflict(messages.USERNAME_TAKEN.format(name=name))
        person_id = uow.create_person() if role is Role.CLIENT else None
        account = uow.accounts.add(
            Account(
                username=name,
                password_hash=hashed,
                role=role,
                person_id=person_id,
                created_at=now,
                password_changed_at=now,
            )
        )
        audit(
            uow,
            "account.create",
            now,
            actor=actor_account_id,
            subject=person_id,
            detail=f"account={account.id} role={role.value}",
        )
        uow.commit()
    return account


def list_accounts(uow: AccountsUnitOfWork) -> list[Account]:
    """Every account, by username."""
    with uow:
        return uow.accounts.list()


def _username_or_none(username: str) -> str | None:
    try:
        return normalise_username(username)
    except ValidationError:
        return None


def _no_account(username: str) -> NotFound:
    err = NotFound("account", username)
    err.args = (messages.NO_ACCOUNT.format(name=username.strip()),)
    return err


def _named(uow: AccountsUnitOfWork, name: str | None, username: str) -> Account:
    found = uow.accounts.by_username(name) if name else None
    if found is None:
        raise _no_account(username)
    return found


def _save_and_sign_out(
    uow: AccountsUnitOfWork, account: Account, action: str, now: datetime, actor: int | None
) -> int:
    """Store the changed account, end all its sessions, revoke all its access tokens and
    audit it; how many sessions ended."""
    uow.accounts.update(account)
    assert account.id is not None
    ended = uow.web_sessions.end_all(account.id, now)
    revoke_all(uow, account.id, now)
    audit(uow, action, now, actor=actor, subject=account.person_id, detail=f"account={account.id}")
    return ended


def reset_password(
    uow: AccountsUnitOfWork,
    username: str,
    new_password: str,
    *,
    now: datetime,
    actor_account_id: int | None = None,
) -> int:
    """Set a new password (an administrator's reset); ends every session. How many ended."""
    name = _username_or_none(username)
    check_password(new_password, name or "")
    hashed = hash_password(new_password)  # before the transaction: hashing takes a while
    with uow:
        account = _named(uow, name, username)
        account.password_hash = hashed
        account.password_changed_at = now
        ended = _save_and_sign_out(uow, account, "account.reset-password", now, actor_account_id)
        uow.commit()
    return ended


def disable_account(
    uow: AccountsUnitOfWork,
    username: str,
    *,
    now: datetime,
    actor_account_id: int | None = None,
) -> int:
    """Block the account from signing in and end its sessions; how many ended."""
    with uow:
        account = _named(uow, _username_or_none(username), username)
        if account.disabled_at is not None:
            raise Conflict(messages.ACCOUNT_ALREADY_DISABLED.format(name=account.username))
        account.disabled_at = now
        ended = _save_and_sign_out(uow, account, "account.disable", now, actor_account_id)
        uow.commit()
    return ended


# --- login and sessions -----------------------------------------------------------------


@dataclass(frozen=True)
class LoginResult:
    account: Account
    #: Give this to the browser (cookie); only its SHA-256 is stored.
    token: str
    session: WebSession


def _retry_after(failures: list[datetime], limit: int, now: datetime) -> int | None:
    """Seconds until fewer than ``limit`` failures remain in the window; None if already."""
    if len(failures) < limit:
        return None
    frees_at = failures[len(failures) - limit] + FAILURE_WINDOW
    return max(1, math.ceil((frees_at - now).total_seconds()))


def login(
    uow: AccountsUnitOfWork, username: str, password: str, *, address: str, now: datetime
) -> LoginResult:
    """Check a username and password; a new session on success.

    Unknown usernames, wrong passwords and disabled accounts all raise the same
    Unauthorized after the same work (a hash is verified either way). More than
    ACCOUNT_FAILURE_LIMIT failures per username, or ADDRESS_FAILURE_LIMIT per address, in
    FAILURE_WINDOW raise Throttled with the seconds to wait, before any password is checked.
    Success clears the username's failures and re-hashes a password stored with older
    parameters. Every outcome writes one audit event.
    """
    try:
        name = normalise_username(username)
    except ValidationError:
        name = ""  # cannot exist; still throttled and answered like any other name
    account_key = f"account:{name or username.strip().lower()[:100]}"
    address_key = f"address:{address}"
    since = now - FAILURE_WINDOW
    with uow:
        waits = [
            _retry_after(uow.login_failures.since(account_key, since), ACCOUNT_FAILURE_LIMIT, now),
            _retry_after(uow.login_failures.since(address_key, since), ADDRESS_FAILURE_LIMIT, now),
        ]
        found = uow.accounts.by_username(name) if name else None
        actor = found.id if found is not None else None
        subject = found.person_id if found is not None else None
        wait = max((w for w in waits if w is not None), default=None)
        if wait is not None:
            audit(
                uow,
                "login.throttled",
                now,
                actor=actor,
                subject=subject,
                detail=f"address={address}",
            )
            uow.commit()
            raise Throttled(messages.login_throttled(wait), retry_after=wait)

        stored = found.password_hash if found is not None else _dummy_hash(PARAMS)
        matches = verify(stored, password)
        if found is None or not matches or found.disabled_at is not None:
            reason = (
                "unknown-account"
                if found is None
                else ("disabled" if found.disabled_at is not None else "wrong-password")
            )
            uow.login_failures.add(account_key, now)
            uow.login_failures.add(address_key, now)
            uow.login_failures.prune(since)
            audit(
                uow,
                "login.failure",
                now,
                actor=actor,
                subject=subject,
                detail=f"reason={reason} address={address}",
            )
            uow.commit()
            raise Unauthorized(messages.LOGIN_FAILED)

        assert found.id is not None
        if needs_rehash(found.password_hash):
            found.password_hash = hash_password(password)
            uow.accounts.update(found)
        uow.login_failures.clear(account_key)
        uow.login_failures.prune(since)
        token = secrets.token_urlsafe(32)
        session = uow.web_sessions.add(
            WebSession(
                id=token_digest(token),
                account_id=found.id,
                created_at=now,
                last_seen_at=now,
                expires_at=now + ABSOLUTE_TIMEOUT,
            )
        )
        audit(
            uow,
            "login.success",
            now,
            actor=found.id,
            subject=found.person_id,
            detail=f"address={address}",
        )
        uow.commit()
    return LoginResult(account=found, token=token, session=session)


@dataclass(frozen=True)
class CurrentSession:
    account: Account
    session: WebSession


def _live(uow: AccountsUnitOfWork, token: str, now: datetime) -> CurrentSession:
    session = uow.web_sessions.get(token_digest(token)) if token else None
    if (
        session is None
        or session.ended_at is not None
        or now >= session.expires_at
        or now - session.last_seen_at >= IDLE_TIMEOUT
    ):
        raise Unauthorized(messages.SESSION_ENDED)
    account = uow.accounts.get(session.account_id)
    if account.disabled_at is not None:
        raise Unauthorized(messages.SESSION_ENDED)
    return CurrentSession(account=account, session=session)


def session_for(uow: AccountsUnitOfWork, token: str, *, now: datetime) -> CurrentSession:
    """The account behind a live token, marking it seen now; Unauthorized if it has ended.

    "Seen" is recorded to the minute (TOUCH_AFTER). A session ends at logout, after
    IDLE_TIMEOUT without use, ABSOLUTE_TIMEOUT after login,
    on a password change elsewhere, and when the account is disabled.
    """
    with uow:
        current = _live(uow, token, now)
    if now - current.session.last_seen_at >= TOUCH_AFTER:
        # A write at most once a minute per session, in its own short transaction, so
        # most requests only read (and never queue for SQLite's write lock).
        with uow:
            uow.web_sessions.touch(current.session.id, now)
            uow.commit()
        current.session.last_seen_at = now
    return current


def logout(uow: AccountsUnitOfWork, token: str, *, now: datetime) -> None:
    """End the token's session for good (a no-op for an unknown or ended one)."""
    with uow:
        ident = token_digest(token)
        session = uow.web_sessions.get(ident)
        if session is not None and session.ended_at is None:
            uow.web_sessions.end(ident, now)
            audit(uow, "logout", now, actor=session.account_id)
        uow.commit()


def confirm_password(
    uow: AccountsUnitOfWork, account: Account, password: str, *, now: datetime, action: str
) -> None:
    """The account holder's current password, asked again before a grave change (inside
    the open transaction). Guessing it from a stolen session is throttled like a login: a
    wrong one is recorded and committed, then Unauthorized; too many, Throttled."""
    account_key = f"account:{account.username}"
    failures = uow.login_failures.since(account_key, now - FAILURE_WINDOW)
    wait = _retry_after(failures, ACCOUNT_FAILURE_LIMIT, now)
    if wait is not None:
        raise Throttled(messages.login_throttled(wait), retry_after=wait)
    if not verify(account.password_hash, password):
        uow.login_failures.add(account_key, now)
        audit(uow, f"{action}.refused", now, actor=account.id, subject=account.person_id)
        uow.commit()
        raise Unauthorized(messages.WRONG_CURRENT_PASSWORD)


def change_password(
    uow: AccountsUnitOfWork,
    account_id: int,
    old_password: str,
    new_password: str,
    *,
    keep_token: str | None,
    now: datetime,
) -> int:
    """The account holder's own change: needs the current password; ends every other
    session (``keep_token``'s stays) and revokes every access token, since a token may be
    what was stolen. How many sessions ended."""
    with uow:
        account = uow.accounts.get(account_id)
        confirm_password(uow, account, old_password, now=now, action="account.change-password")
        check_password(new_password, account.username)
        account.password_hash = hash_password(new_password)
        account.password_changed_at = now
        uow.accounts.update(account)
        keep = token_digest(keep_token) if keep_token else None
        ended = uow.web_sessions.end_all(account_id, now, keep=keep)
        revoke_all(uow, account_id, now)
        audit(uow, "account.change-password", now, actor=account.id, subject=account.person_id)
        uow.commit()
    return ended
