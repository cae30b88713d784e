"""Use cases for a person's time zone: an account's (the web app and the API) and the
local person's (the CLI, kept as a preference in their own store).

The zone decides "today", the practice week, plan windows and calendar times; a stored
name that the time-zone database no longer knows is treated as none (the server's or the
machine's zone is used) rather than refusing to show the person their data.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from midweek.domain.errors import ValidationError
from midweek.domain.zones import zone_name, zone_named, zone_or_none
from midweek.services.ports import AccountsUnitOfWork, UnitOfWork

if TYPE_CHECKING:  # the CLI's `today` never loads the accounts module (its hashing, ~4 ms)
    from midweek.domain.accounts import Account

__all__ = [
    "TIME_ZONE",
    "account_zone",
    "adopt_account_zone",
    "local_zone",
    "set_account_zone",
    "set_local_zone",
]

#: The preference that holds the local person's zone (CLI).
TIME_ZONE = "time_zone"


def account_zone(account: Account) -> tzinfo | None:
    """The zone the account holder chose (or their browser reported), if any."""
    return zone_or_none(account.time_zone)


def set_account_zone(uow: AccountsUnitOfWork, account_id: int, name: str | None) -> str | None:
    """Choose the account's zone by IANA name (empty or None: the server's zone again);
    ValidationError naming an example if unknown. Returns the name as the database spells
    it ("europe/london" -> "Europe/London")."""
    chosen = (zone_name(zone_named(name)) or name.strip()) if name and name.strip() else None
    with uow:
        account = uow.accounts.get(account_id)
        account.time_zone = chosen
        uow.accounts.update(account)
        uow.commit()
    return chosen


def adopt_account_zone(uow: AccountsUnitOfWork, account_id: int, name: str) -> str | None:
    """The zone a browser reported at sign-in, kept only when the account has none yet.

    Never raises for a name it cannot use (the browser's guess is a default, not a choice):
    the zone now in force, or None when there still is none.
    """
    try:
        reported = zone_name(zone_named(name))
    except ValidationError:
        reported = None
    with uow:
        account = uow.accounts.get(account_id)
        if account.time_zone or reported is None:
            return account.time_zone
        account.time_zone = reported
        uow.accounts.update(account)
        uow.commit()
    return reported


def local_zone(uow: UnitOfWork) -> tzinfo | None:
    """The local person's chosen zone, or None (the machine's zone applies)."""
    with uow:
        return zone_or_none(uow.preferences.value(TIME_ZONE))


def set_local_zone(uow: UnitOfWork, name: str, *, now: datetime) -> str:
    """Choose the local person's zone by IANA name; ValidationError if unknown."""
    chosen = zone_name(zone_named(name)) or name.strip()
    with uow:
        uow.preferences.put(TIME_ZONE, chosen, now=now)
        uow.commit()
    return chosen
