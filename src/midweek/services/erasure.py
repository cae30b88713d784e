"""Erasure: "delete my account and all my data", on the web and on this machine.

The storage erases in one transaction, the person's data key first (see
``SqlUnitOfWork.erase_person``); this module asks for the typed confirmation (and, on the
web, the password) and leaves one audit event saying only that an account was erased.
"""

from __future__ import annotations

from datetime import datetime

from midweek import messages
from midweek.domain.accounts import Account, Role
from midweek.domain.errors import Forbidden, ValidationError
from midweek.services.audit import audit
from midweek.services.ports import ServerUnitOfWork, UnitOfWork

#: What a person types to confirm, compared without regard to case or spacing.
CONFIRMATION = "erase my data"


def confirmed(typed: str | None) -> bool:
    """True when ``typed`` is the confirmation phrase (any case, any spacing)."""
    return " ".join((typed or "").lower().split()) == CONFIRMATION


def _check(typed: str | None) -> None:
    if not confirmed(typed):
        raise ValidationError(messages.ERASE_NOT_CONFIRMED, field="confirm")


def erase_here(uow: UnitOfWork, *, confirmation: str | None) -> None:
    """Erase this machine's person (the CLI's): everything they wrote, key first."""
    _check(confirmation)
    with uow:
        uow.erase_person()
        uow.commit()


def erase_account(
    uow: ServerUnitOfWork,
    account: Account,
    *,
    password: str,
    confirmation: str | None,
    now: datetime,
) -> None:
    """A client erases their own account and data (``uow`` bound to their person).

    The password is asked again (throttled like a login), so a session left open on a
    shared computer cannot be used to erase someone. Therapists' links end with the data;
    the audit keeps only that an account was erased, never its name or what it held.
    """
    from midweek.services.accounts import confirm_password

    if account.role is not Role.CLIENT or account.person_id is None:
        raise Forbidden(messages.ERASE_CLIENTS_ONLY)
    _check(confirmation)
    with uow:
        confirm_password(uow, account, password, now=now, action="account.erase")
        person = uow.person_id
        uow.erase_person()
        audit(uow, "account.erase", now, subject=person)
        uow.commit()
