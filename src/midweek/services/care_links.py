"""Invitations and the links they make between a therapist and a client, and the names
people are shown by.

A therapist makes a one-time code (``invite``); the client accepts or declines it
(``accept_invite``, ``decline_invite``), or someone without an account makes one with it
(``join``); either side ends the link (``end_link``). Only an active link the client
accepted lets a therapist see anything, and only what the client shares with it
(``services.consent``). Codes are stored as digests, never as typed; every step writes an
audit event in the same transaction.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from midweek import messages
from midweek.domain.accounts import Account, Role, token_digest
from midweek.domain.errors import Conflict, NotFound, ValidationError
from midweek.domain.sharing import ITEM_KINDS_ONLY, CareLink, LinkStatus, Share, ShareKind
from midweek.services.audit import audit
from midweek.services.ports import AccountsUnitOfWork

#: An invitation code works once, for this long.
INVITE_LIFETIME = timedelta(days=14)
#: Letters and digits that cannot be mistaken for each other when read aloud or typed.
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_CODE_LENGTH = 10


# --- invitations and links --------------------------------------------------------------


def normalise_code(code: str) -> str:
    """The code as stored: upper case, without spaces or dashes (typed either way)."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _code_hash(code: str) -> str:
    return token_digest(normalise_code(code), purpose=b"midweek-invite\x00")


def _readable(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


# --- the names people are shown by -----------------------------------------------------------

#: A display name or an invitation's label: a few words, one line.
NAME_LIMIT = 80


def check_name(text: str | None, *, field: str) -> str | None:
    """``text`` as kept (trimmed; None when empty); ValidationError for one too long or with
    line breaks or control characters."""
    cleaned = " ".join((text or "").split())
    if not cleaned:
        return None
    if len(cleaned) > NAME_LIMIT or any(not ch.isprintable() for ch in cleaned):
        raise ValidationError(messages.name_too_long(NAME_LIMIT), field=field)
    return cleaned


def names_by_account(uow: AccountsUnitOfWork) -> dict[int, str]:
    """What each account is shown as: its display name, else its username."""
    shown = uow.display_names.all()
    return {a.id: shown.get(a.id) or a.username for a in uow.accounts.list() if a.id is not None}


def names_by_person(uow: AccountsUnitOfWork) -> dict[int, str]:
    """What each client is shown as, by person: their display name, else their username."""
    shown = uow.display_names.all()
    return {
        a.person_id: (shown.get(a.id) if a.id is not None else None) or a.username
        for a in uow.accounts.list()
        if a.person_id is not None
    }


def _shown(uow: AccountsUnitOfWork, account_id: int) -> str:
    return uow.display_names.get(account_id) or uow.accounts.get(account_id).username


def display_name(uow: AccountsUnitOfWork, account: Account) -> str | None:
    """The account's own display name (None: their username is shown)."""
    assert account.id is not None
    with uow:
        return uow.display_names.get(account.id)


def set_display_name(
    uow: AccountsUnitOfWork, account: Account, name: str | None, *, now: datetime
) -> str | None:
    """Set (or with an empty name, remove) the name others see instead of the username."""
    assert account.id is not None
    kept = check_name(name, field="display_name")
    with uow:
        uow.display_names.put(account.id, kept, now)
        audit(uow, "account.display-name", now, actor=account.id, subject=account.person_id)
        uow.commit()
    return kept


@dataclass(frozen=True)
class Invitation:
    code: str  # shown once to the therapist, never stored
    link: CareLink
    label: str | None = None


def invite(
    uow: AccountsUnitOfWork, therapist: Account, *, now: datetime, label: str | None = None
) -> Invitation:
    """A one-time code the therapist gives the client; valid for INVITE_LIFETIME. It also
    lets someone without an account make their own (``join``). ``label`` is the
    therapist's own note on the pending code ("for J., Tuesday group"), kept sealed."""
    assert therapist.id is not None
    if therapist.role is not Role.THERAPIST:
        raise ValidationError(messages.WEB_THERAPISTS_ONLY, field="role")
    kept = check_name(label, field="label")
    code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))
    with uow:
        link = uow.care_links.add(
            CareLink(
                therapist_account_id=therapist.id,
                code_hash=_code_hash(code),
                status=LinkStatus.INVITED,
                created_at=now,
                expires_at=now + INVITE_LIFETIME,
            )
        )
        assert link.id is not None
        if kept:
            uow.invite_labels.put(link.id, kept)
        audit(uow, "care.invite", now, actor=therapist.id, detail=f"link={link.id}")
        uow.commit()
    return Invitation(code=_readable(code), link=link, label=kept)


@dataclass(frozen=True)
class PendingInvite:
    link: CareLink
    therapist_name: str


def _pending(uow: AccountsUnitOfWork, code: str, now: datetime) -> CareLink:
    link = uow.care_links.by_code_hash(_code_hash(code)) if normalise_code(code) else None
    if link is None or link.status is not LinkStatus.INVITED or now >= link.expires_at:
        # One answer for unknown, used and expired codes.
        raise ValidationError(messages.INVITE_CODE_UNKNOWN, field="code")
    return link


def find_invite(uow: AccountsUnitOfWork, code: str, *, now: datetime) -> PendingInvite:
    """The invitation behind ``code`` and who sent it, for the client to decide."""
    with uow:
        link = _pending(uow, code, now)
        return PendingInvite(link, _shown(uow, link.therapist_account_id))


def accept_invite(
    uow: AccountsUnitOfWork,
    client: Account,
    code: str,
    *,
    share: Iterable[ShareKind] = (),
    now: datetime,
) -> CareLink:
    """The client accepts: the link becomes active and the chosen kinds are shared."""
    assert client.id is not None and client.person_id is not None
    with uow:
        link = _pending(uow, code, now)
        _accept(uow, client, link, share, now)
        uow.commit()
    return link


def _accept(
    uow: AccountsUnitOfWork,
    client: Account,
    link: CareLink,
    share: Iterable[ShareKind],
    now: datetime,
) -> None:
    """Make ``link`` the client's, sharing ``share`` (in the caller's transaction)."""
    assert client.id is not None and client.person_id is not None
    already = [
        other
        for other in uow.care_links.for_client(client.person_id)
        if other.active and other.therapist_account_id == link.therapist_account_id
    ]
    if already:
        raise Conflict(messages.INVITE_ALREADY_LINKED)
    link.status, link.client_person_id, link.responded_at = (
        LinkStatus.ACTIVE,
        client.person_id,
        now,
    )
    uow.care_links.update(link)
    audit(
        uow, "care.accept", now, actor=client.id, subject=client.person_id, detail=f"link={link.id}"
    )
    assert link.id is not None
    for kind in sorted(set(share) - ITEM_KINDS_ONLY):
        uow.shares.add(
            Share(person_id=client.person_id, link_id=link.id, kind=kind, created_at=now)
        )
        audit(
            uow,
            "share.kind",
            now,
            actor=client.id,
            subject=client.person_id,
            detail=f"kind={kind.value}",
        )
    uow.invite_labels.remove(link.id)  # the therapist's note was for the pending code


#: How long after joining a repeat of the same join form signs the person in instead of
#: saying their code is used up (a double tap on "Make my account", a resent form).
JUST_JOINED = timedelta(minutes=2)


def just_joined(uow: AccountsUnitOfWork, username: str, *, now: datetime) -> bool:
    """Whether a client account by this name was made in the last JUST_JOINED."""
    from midweek.domain.accounts import normalise_username

    try:
        name = normalise_username(username)
    except ValidationError:
        return False
    with uow:
        found = uow.accounts.by_username(name)
    return (
        found is not None
        and found.role is Role.CLIENT
        and timedelta(0) <= now - found.created_at <= JUST_JOINED
    )


def join(
    uow: AccountsUnitOfWork,
    code: str,
    *,
    username: str,
    name: str | None,
    password: str,
    share: Iterable[ShareKind] = (),
    now: datetime,
) -> tuple[Account, CareLink]:
    """A new client makes their own account with a therapist's invitation code, and is
    connected with that therapist, in one transaction (all of it or nothing).

    The username and password follow the sign-up rules (``accounts.create_account``);
    an unknown, used or expired code is one ValidationError on ``code``, checked first.
    """
    from midweek.domain.accounts import normalise_username
    from midweek.services import accounts

    with uow:
        _pending(uow, code, now)  # a code that does not work says so before anything else
    login_name = normalise_username(username)
    shown = check_name(name, field="name")
    accounts.check_password(password, login_name)
    hashed = accounts.hash_password(password)
    with uow:
        link = _pending(uow, code, now)
        if uow.accounts.by_username(login_name) is not None:
            raise Conflict(messages.USERNAME_TAKEN.format(name=login_name))
        person_id = uow.create_person()
        account = uow.accounts.add(
            Account(
                username=login_name,
                password_hash=hashed,
                role=Role.CLIENT,
                person_id=person_id,
                created_at=now,
                password_changed_at=now,
            )
        )
        assert account.id is not None
        audit(
            uow,
            "account.create",
            now,
            actor=account.id,
            subject=person_id,
            detail=f"account={account.id} role=client",
        )
        if shown:
            uow.display_names.put(account.id, shown, now)
        _accept(uow, account, link, share, now)
        uow.commit()
    return account, link


def decline_invite(uow: AccountsUnitOfWork, client: Account, code: str, *, now: datetime) -> None:
    """The client declines: the code stops working; nothing is shared."""
    with uow:
        link = _pending(uow, code, now)
        link.status, link.responded_at = LinkStatus.DECLINED, now
        uow.care_links.update(link)
        assert link.id is not None
        uow.invite_labels.remove(link.id)
        audit(
            uow,
            "care.decline",
            now,
            actor=client.id,
            subject=client.person_id,
            detail=f"link={link.id}",
        )
        uow.commit()


def end_link(uow: AccountsUnitOfWork, account: Account, link_id: int, *, now: datetime) -> CareLink:
    """Either side ends an active link (or the therapist withdraws an unused invitation)."""
    with uow:
        if account.role is Role.THERAPIST and account.id is not None:
            links = uow.care_links.for_therapist(account.id)
        elif account.person_id is not None:
            links = uow.care_links.for_client(account.person_id)
        else:
            links = []
        open_ = (LinkStatus.ACTIVE, LinkStatus.INVITED)
        link = next((k for k in links if k.id == link_id and k.status in open_), None)
        if link is None:
            raise NotFound("link", link_id)
        link.status, link.ended_at = LinkStatus.ENDED, now
        uow.care_links.update(link)
        assert link.id is not None
        uow.shares.end_link(link.id, now)  # shares die with their link
        uow.invite_labels.remove(link.id)
        audit(
            uow,
            "care.end",
            now,
            actor=account.id,
            subject=link.client_person_id,
            detail=f"link={link.id}",
        )
        uow.commit()
    return link


@dataclass(frozen=True)
class LinkView:
    link: CareLink
    therapist_name: str


def client_links(uow: AccountsUnitOfWork, person_id: int) -> list[LinkView]:
    """The client's active links, with the name each therapist is shown by."""
    with uow:
        return [
            LinkView(link, _shown(uow, link.therapist_account_id))
            for link in uow.care_links.for_client(person_id)
            if link.active
        ]


@dataclass(frozen=True)
class OpenInvitation:
    link: CareLink
    label: str | None  # the therapist's own note on the code, if they gave one


def open_invitations(
    uow: AccountsUnitOfWork, therapist: Account, *, now: datetime
) -> list[OpenInvitation]:
    """The therapist's invitations not yet answered and not expired, with their labels."""
    assert therapist.id is not None
    with uow:
        links = [
            link
            for link in uow.care_links.for_therapist(therapist.id)
            if link.status is LinkStatus.INVITED and now < link.expires_at
        ]
        labels = uow.invite_labels.for_links([k.id for k in links if k.id is not None])
        return [OpenInvitation(k, labels.get(k.id) if k.id is not None else None) for k in links]
