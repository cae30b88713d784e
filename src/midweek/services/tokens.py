"""Personal access tokens: for scripts and apps that use the API instead of a browser.

A token is shown once, when it is made; only its SHA-256 is stored, so a copy of the
database opens nothing. A token acts as its account (same role, same data) until the
earliest of: its expiry (chosen when it is made, ``LIFETIMES`` days, never "forever"), its
revocation, a change or reset of the account's password (which revokes every token of the
account), or the account being disabled. Only a signed-in person can make one: a token
never makes tokens, so a stolen token cannot outlive its own revocation. Each has a name
(stored sealed), shows when it expires and was last used, and can be revoked from settings
at any time. Making and revoking one writes an audit event.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from midweek import messages
from midweek.domain import rules
from midweek.domain.accounts import Account, token_digest
from midweek.domain.errors import Forbidden, NotFound, Unauthorized, ValidationError
from midweek.domain.sharing import ApiToken
from midweek.services.audit import audit
from midweek.services.ports import AccountsUnitOfWork

#: Every token starts with this, so a leaked one is easy to recognise (and to scan for).
PREFIX = "mwk_"
NAME_LIMIT = 100
#: The lifetimes offered, in days; a token always has one of them.
LIFETIMES: tuple[int, ...] = (7, 30, 90, 365)
DEFAULT_LIFETIME = 90


def expiry(token: ApiToken) -> datetime:
    """When ``token`` stops working. Tokens made before lifetimes existed have no stored
    expiry: they get the default lifetime from when they were made, never "forever"."""
    if token.expires_at is not None:
        return token.expires_at
    return token.created_at + timedelta(days=DEFAULT_LIFETIME)


def create_token(
    uow: AccountsUnitOfWork,
    account: Account,
    name: str,
    *,
    now: datetime,
    days: int = DEFAULT_LIFETIME,
    by_token: bool = False,
) -> tuple[str, ApiToken]:
    """A new token for ``account`` lasting ``days``: the plaintext (show it once, never
    stored) and its record.

    Forbidden when the request itself came with a token (``by_token``): only a signed-in
    person makes tokens. ValidationError for an empty or over-long name, or a lifetime
    not in LIFETIMES.
    """
    assert account.id is not None
    if by_token:
        raise Forbidden(messages.API_TOKEN_NO_MINTING)
    clean = rules.check_text(name, label=messages.API_TOKEN_NAME, field="name", limit=NAME_LIMIT)
    if isinstance(days, bool) or days not in LIFETIMES:
        raise ValidationError(messages.api_token_lifetime_choices(LIFETIMES), field="days")
    plaintext = PREFIX + secrets.token_urlsafe(32)
    with uow:
        token = uow.api_tokens.add(
            ApiToken(
                account_id=account.id,
                token_hash=token_digest(plaintext),
                name=clean,
                created_at=now,
                expires_at=now + timedelta(days=days),
            )
        )
        audit(
            uow,
            "token.create",
            now,
            actor=account.id,
            subject=account.person_id,
            detail=f"token={token.id} days={days}",
        )
        uow.commit()
    return plaintext, token


def list_tokens(uow: AccountsUnitOfWork, account: Account, *, now: datetime) -> list[ApiToken]:
    """The account's tokens that still work (not revoked, not expired), oldest first."""
    assert account.id is not None
    with uow:
        return [
            t
            for t in uow.api_tokens.for_account(account.id)
            if t.revoked_at is None and now < expiry(t)
        ]


def revoke_all(uow: AccountsUnitOfWork, account_id: int, now: datetime) -> int:
    """Revoke every live token of the account inside the caller's transaction; how many.

    Called by the password change, the administrator's reset and disabling an account.
    """
    return uow.api_tokens.revoke_all(account_id, now)


def revoke_token(
    uow: AccountsUnitOfWork, account: Account, token_id: int, *, now: datetime
) -> None:
    """Revoke one of the account's own live tokens; NotFound for any other id."""
    assert account.id is not None
    with uow:
        if not uow.api_tokens.revoke(account.id, token_id, now):
            raise NotFound("token", token_id)
        audit(
            uow,
            "token.revoke",
            now,
            actor=account.id,
            subject=account.person_id,
            detail=f"token={token_id}",
        )
        uow.commit()


def account_for_token(uow: AccountsUnitOfWork, token: str, *, now: datetime) -> Account:
    """The account behind a live token, marking the token used now.

    Unauthorized, with one sentence whatever the reason, for an unknown, expired or
    revoked token and for a disabled account.
    """
    if not token.startswith(PREFIX):
        raise Unauthorized(messages.API_TOKEN_INVALID)
    with uow:
        found = uow.api_tokens.by_hash(token_digest(token))
        if (
            found is None
            or found.revoked_at is not None
            or found.id is None
            or now >= expiry(found)
        ):
            raise Unauthorized(messages.API_TOKEN_INVALID)
        account = uow.accounts.get(found.account_id)
        if account.disabled_at is not None:
            raise Unauthorized(messages.API_TOKEN_INVALID)
        uow.api_tokens.touch(found.id, now)
        uow.commit()
    return account
