"""The one cast of people the tests use: names, roles, one password, and helpers that
create them on a Store (and link a therapist to a client with chosen shares).

alice and bob are clients, terry and tina therapists, charlie the staff (an admin); terry
is alice's therapist in ``linked_pair``. The browser tests share one live server, so
theirs are these names with a number (``alice-1``), made by the same ``create``. Tests
that need a special name (hostile input, unicode) keep their own.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from midweek.domain.accounts import Account
from midweek.domain.sharing import ShareKind
from midweek.services import accounts as acc
from midweek.services import care_links
from midweek.storage import Store

PASSWORD = "correct horse battery staple"

ALICE = "alice"  # a client, terry's
BOB = "bob"  # another client, nobody's
TERRY = "terry"  # a therapist, alice's
TINA = "tina"  # another therapist
CHARLIE = "charlie"  # staff: an admin

ROLES = {ALICE: "client", BOB: "client", TERRY: "therapist", TINA: "therapist", CHARLIE: "admin"}


def create(store: Store, name: str, now: datetime, role: str | None = None) -> Account:
    """The account ``name`` with the cast's role for it (or ``role``) and the cast's password."""
    chosen = role or ROLES.get(name, "client")
    return acc.create_account(store.unit_of_work(), name, PASSWORD, chosen, now)


def link(
    store: Store,
    therapist: Account,
    client: Account,
    now: datetime,
    share: Iterable[ShareKind] = (ShareKind.PRACTICE,),
) -> None:
    """``therapist`` invites ``client``, who accepts sharing ``share``."""
    code = care_links.invite(store.unit_of_work(), therapist, now=now).code
    care_links.accept_invite(store.unit_of_work(), client, code, share=list(share), now=now)


def linked_pair(
    store: Store, now: datetime, share: Iterable[ShareKind] = (ShareKind.PRACTICE,)
) -> tuple[Account, Account]:
    """alice (a client) linked to terry (a therapist) who sees what ``share`` says."""
    alice = create(store, ALICE, now)
    terry = create(store, TERRY, now)
    link(store, terry, alice, now, share)
    return alice, terry
