"""`user add / list / reset-password / disable`: accounts for a shared server.

Passwords are typed twice with hidden input on a terminal, or read from standard input
with ``--password-stdin`` (for scripts); never taken as an argument, where they would end
up in the shell history and the process list.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated, cast

import typer

from midweek import messages
from midweek.cli.console import (
    AppState,
    JsonFlag,
    emit_json,
    fmt_when,
    handled,
    interactive,
    say,
    state,
    table,
)
from midweek.domain.errors import ValidationError
from midweek.services.ports import AccountsUnitOfWork

# The account services (hashing, tokens) are imported inside the commands: every other
# command's start should not pay for them.

user_app = typer.Typer(
    help="Accounts for a shared midweek server: add, list, reset a password, disable.",
    no_args_is_help=True,
)


class RoleChoice(StrEnum):
    CLIENT = "client"
    THERAPIST = "therapist"
    ADMIN = "admin"


PasswordStdin = Annotated[
    bool,
    typer.Option(
        "--password-stdin",
        help="Read the password from standard input (one line) instead of asking for it.",
    ),
]


def _uow(st: AppState) -> AccountsUnitOfWork:
    # The store's unit of work serves both the person's data and the server's tables.
    return cast(AccountsUnitOfWork, st.uow())


def _password(from_stdin: bool) -> str:
    if from_stdin:
        raw = sys.stdin.readline()
        return raw[:-1] if raw.endswith("\n") else raw
    if not interactive():
        raise ValidationError(messages.PASSWORD_NEEDED, field="password")
    first = typer.prompt(messages.PASSWORD_PROMPT, hide_input=True)
    again = typer.prompt(messages.PASSWORD_REPEAT_PROMPT, hide_input=True)
    if first != again:
        raise ValidationError(messages.PASSWORDS_DIFFER, field="password")
    return str(first)


@user_app.command("add")
@handled
def add(
    ctx: typer.Context,
    username: Annotated[
        str, typer.Argument(help="The name to sign in with (case does not matter).")
    ],
    role: Annotated[RoleChoice, typer.Option("--role", help="client, therapist or admin.")],
    password_stdin: PasswordStdin = False,
) -> None:
    """Add an account; a client account comes with its own encrypted data."""
    st = state(ctx)
    password = _password(password_stdin)
    from midweek.services import accounts

    account = accounts.create_account(_uow(st), username, password, role.value, st.now())
    say(messages.account_added(account.username, account.role.value))


@user_app.command("list")
@handled
def list_(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """List the accounts: name, role, active or disabled (never a password or its hash)."""
    st = state(ctx)
    from midweek.services import accounts

    found = accounts.list_accounts(_uow(st))
    if as_json:
        emit_json(
            [
                {
                    "username": a.username,
                    "role": a.role.value,
                    "disabled": a.disabled,
                    "disabled_at": a.disabled_at,
                    "created_at": a.created_at,
                    "password_changed_at": a.password_changed_at,
                }
                for a in found
            ]
        )
        return
    if not found:
        say(messages.NO_ACCOUNTS)
        return
    table(
        messages.ACCOUNTS_TITLE,
        messages.ACCOUNT_COLUMNS,
        [
            (
                a.username,
                a.role.value,
                messages.account_status(a.disabled),
                fmt_when(a.created_at),
                fmt_when(a.password_changed_at),
            )
            for a in found
        ],
    )


@user_app.command("reset-password")
@handled
def reset_password(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="The account's name.")],
    password_stdin: PasswordStdin = False,
) -> None:
    """Give an account a new password; it is signed out everywhere."""
    st = state(ctx)
    password = _password(password_stdin)
    from midweek.domain.accounts import normalise_username
    from midweek.services import accounts

    ended = accounts.reset_password(_uow(st), username, password, now=st.now())
    say(messages.password_reset(normalise_username(username), ended))


@user_app.command("disable")
@handled
def disable(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="The account's name.")],
) -> None:
    """Stop an account from signing in and end its sign-ins (its data stays)."""
    st = state(ctx)
    from midweek.domain.accounts import normalise_username
    from midweek.services import accounts

    ended = accounts.disable_account(_uow(st), username, now=st.now())
    say(messages.account_disabled(normalise_username(username), ended))
