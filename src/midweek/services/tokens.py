"""Personal access tokens: for scripts and apps that use the API instead of a browser.

A token is shown once, when it is made; only its SHA-256 is stored, so a copy of the
database opens nothing. A token acts as its account (same role, same data) until it is
revoked or the account is disabled; it has no idle timeout, which is why each one has a
name, shows when it was last used, and can be revoked from settings at any time. Making
and revoking one writes an audit event.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from midweek import messages
from midweek.domain import rules
from midweek.domain.accounts import Account, AuditEvent
from midweek.domain.errors import NotFound, Unauthorized
from midweek.domain.sharing import ApiToken
from midweek.services.ports import AccountsUnitOfWork

#: Every token starts with this, so a leaked one is easy to recognise (and to scan for).
PREFIX = "mwk_"
NAME_LIMIT = 100


def token_hash(token: str) -> str:
    """What is stored for a token: its SHA-256, hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _audit(
    uow: AccountsUnitOfWork, account: Account, action: str, now: datetime, detail: str
) -> None:
    uow.audit.add(
        AuditEvent(
            at=now,
            action=action,
            actor_account_id=account.id,
            subject_person_id=account.person_id,
            detail=detail,
        )
    )


def create_token(
    uow: AccountsUnitOfWork, account: Account, name: str, *, now: datetime
) -> tuple[str, ApiToken]:
    """A new token for ``account``: the plaintext (show it once, never stored) and its record.

    ValidationError for an empty or over-long name.
    """
    assert account.id is not None
    clean = rules.check_text(name, label=messages.API_TOKEN_NAME, field="name", limit=NAME_LIMIT)
    plaintext = PREFIX + secrets.token_urlsafe(32)
    with uow:
        token = uow.api_tokens.add(
            ApiToken(
                account_id=account.id,
                token_hash=token_hash(plaintext),
                name=clean,
                created_at=now,
            )
        )
        _audit(uow, account, "token.create", now, f"token={token.id}")
        uow.commit()
    return plaintext, token


def list_tokens(uow: AccountsUnitOfWork, account: Account) -> list[ApiToken]:
    """The account's tokens that still work, oldest first."""
    assert account.id is not None
    with uow:
        return [t for t in uow.api_tokens.for_account(account.id) if t.revoked_at is None]


def revoke_token(
    uow: AccountsUnitOfWork, account: Account, token_id: int, *, now: datetime
) -> None:
    """Revoke one of the account's own live tokens; NotFound for any other id."""
    assert account.id is not None
    with uow:
        if not uow.api_tokens.revoke(account.id, token_id, now):
            raise NotFound("token", token_id)
        _audit(uow, account, "token.revoke", now, f"token={token_id}")
        uow.commit()


def account_for_token(uow: AccountsUnitOfWork, token: str, *, now: datetime) -> Account:
    """The account behind a live token, marking the token used now.

    Unauthorized, with one sentence whatever the reason, for an unknown or revoked token
    and for a disabled account.
    """
    if not token.startswith(PREFIX):
        raise Unauthorized(messages.API_TOKEN_INVALID)
    with uow:
        found = uow.api_tokens.by_hash(token_hash(token))
        if found is None or found.revoked_at is not None or found.id is None:
            raise Unauthorized(messages.API_TOKEN_INVALID)
        account = uow.accounts.get(found.account_id)
        if account.disabled_at is not None:
            raise Unauthorized(messages.API_TOKEN_INVALID)
        uow.api_tokens.touch(found.id, now)
        uow.commit()
    return account
