"""Therapists and clients: invitations, what a client shares, and what a therapist may see.

The rule everything here keeps: a therapist sees a client's data only through an active
link the client accepted, and only what the client shares *with that link* — a whole
kind, one item, a prep report the client reviewed and sent, the safety plan, or (if the
client turns it on) that midweek noticed hard words. Every share is made to one link and
ends with it: a therapist linked later starts with exactly what the client chooses for
them. What a therapist cannot see, they cannot change either, and it answers like a
missing id. Revoking takes effect on the next request (nothing is cached). Every
therapist read or write of a client's data, and every change to sharing, writes one
audit event in the same transaction; a client sees the therapist's reads on their "who
saw what" page. Use cases that touch a client's data take a ``ServerUnitOfWork`` for
that client (their data and the server's tables in one transaction); the rest take an
``AccountsUnitOfWork``. A client id the therapist has no active link to is ``NotFound``,
the same answer as an id that does not exist.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, tzinfo

from midweek import messages
from midweek.domain import rules
from midweek.domain.accounts import Account, Role, token_digest
from midweek.domain.adherence import adherence, summarise
from midweek.domain.entities import (
    Assignment,
    Barrier,
    Checkin,
    Goal,
    HomeworkRating,
    JournalEntry,
    PracticeLog,
    Question,
    QuestionStatus,
    SafetyPlan,
    SharedReport,
    TherapySession,
    Visibility,
)
from midweek.domain.errors import Conflict, NotFound, ValidationError
from midweek.domain.instruments import GAD7, PHQ9
from midweek.domain.measures import SeriesOutcome, series_outcome
from midweek.domain.sharing import (
    ITEM_KINDS,
    ITEM_KINDS_ONLY,
    Attention,
    CareLink,
    LinkStatus,
    Share,
    ShareKind,
    SharingState,
    attention,
    state_of,
)
from midweek.domain.when import week_start
from midweek.services import homework, records
from midweek.services.audit import audit
from midweek.services.ports import AccountsUnitOfWork, ServerUnitOfWork
from midweek.services.zones import account_zone

#: An invitation code works once, for this long.
INVITE_LIFETIME = timedelta(days=14)
#: Letters and digits that cannot be mistaken for each other when read aloud or typed.
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_CODE_LENGTH = 10
#: The caseload's adherence looks back this far.
CASELOAD_DAYS = 14
#: The caseload's small trends: practice per week over this many weeks, and the newest
#: this many PHQ-9 / GAD-7 scores.
TREND_WEEKS = 6
TREND_SCORES = 8


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


def _names_by_account(uow: AccountsUnitOfWork) -> dict[int, str]:
    """What each account is shown as: its display name, else its username."""
    shown = uow.display_names.all()
    return {a.id: shown.get(a.id) or a.username for a in uow.accounts.list() if a.id is not None}


def _names_by_person(uow: AccountsUnitOfWork) -> dict[int, str]:
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


# --- what the client shares --------------------------------------------------------------


def _state(uow: AccountsUnitOfWork, person_id: int, link_id: int) -> SharingState:
    """What the client shares with one link right now."""
    return state_of(uow.shares.live(person_id, link_id))


def _with_anyone(uow: AccountsUnitOfWork, person_id: int) -> SharingState:
    """What the client shares with any of their therapists right now."""
    active = {k.id for k in _active_links(uow, person_id)}
    return state_of(s for s in uow.shares.live(person_id) if s.link_id in active)


def _active_links(uow: AccountsUnitOfWork, person_id: int) -> list[CareLink]:
    return [k for k in uow.care_links.for_client(person_id) if k.active]


def _targets(uow: AccountsUnitOfWork, client: Account, link_id: int | None) -> list[CareLink]:
    """The client's active link ``link_id``, or all of them when None (NotFound for a link
    that is not the client's; Conflict when there is no therapist at all: a good request
    the client's state cannot take)."""
    assert client.person_id is not None
    links = _active_links(uow, client.person_id)
    if link_id is not None:
        links = [k for k in links if k.id == link_id]
        if not links:
            raise NotFound("link", link_id)
    if not links:
        raise Conflict(messages.SHARE_NO_THERAPIST)
    return links


def sharing_state(
    uow: AccountsUnitOfWork, person_id: int, link_id: int | None = None
) -> SharingState:
    """What the client shares with link ``link_id`` — or, when None, with any of their
    therapists (what the client's own pages mark as "shared")."""
    with uow:
        if link_id is not None:
            return _state(uow, person_id, link_id)
        return _with_anyone(uow, person_id)


def set_kind_shared(
    uow: AccountsUnitOfWork,
    client: Account,
    kind: ShareKind,
    shared: bool,
    *,
    link_id: int | None = None,
    now: datetime,
) -> None:
    """Share or stop sharing a whole kind (every item of it, also future ones) with one
    therapist link, or with each of the client's therapists when ``link_id`` is None."""
    assert client.person_id is not None
    if kind in ITEM_KINDS_ONLY:
        raise ValidationError(messages.WEB_S_PICK_KIND, field="kind")
    with uow:
        for link in _targets(uow, client, link_id):
            assert link.id is not None
            state = _state(uow, client.person_id, link.id)
            if shared and kind not in state.kinds:
                uow.shares.add(
                    Share(person_id=client.person_id, link_id=link.id, kind=kind, created_at=now)
                )
            elif not shared:
                uow.shares.revoke(client.person_id, link.id, kind, None, now)
            action = "share.kind" if shared else "share.kind.revoke"
            detail = f"kind={kind.value} link={link.id}"
            audit(uow, action, now, actor=client.id, subject=client.person_id, detail=detail)
        uow.commit()


def _item_exists(uow: ServerUnitOfWork, kind: ShareKind, item_id: int) -> None:
    """NotFound unless the item is the person's own (their unit of work only sees theirs)."""
    if kind is ShareKind.JOURNAL:
        uow.journal.get(item_id)
    elif kind is ShareKind.WORKSHEET:
        log = uow.practice.get(item_id)
        if not log.answers:
            raise NotFound("worksheet", item_id)
    elif kind is ShareKind.CHECKIN:
        if not any(c.id == item_id for c in uow.checkins.list()):
            raise NotFound("check-in", item_id)
    else:
        raise ValidationError(messages.SHARE_WHOLE_KIND_ONLY, field="kind")


def set_item_shared(
    uow: ServerUnitOfWork,
    client: Account,
    kind: ShareKind,
    item_id: int,
    shared: bool,
    *,
    link_id: int | None = None,
    now: datetime,
) -> None:
    """Share or stop sharing one journal entry, worksheet or check-in with one therapist
    link, or with each of the client's therapists when ``link_id`` is None."""
    assert client.person_id is not None
    if kind not in ITEM_KINDS - ITEM_KINDS_ONLY:  # reports go by send and withdraw
        raise ValidationError(messages.SHARE_WHOLE_KIND_ONLY, field="kind")
    with uow:
        _item_exists(uow, kind, item_id)
        for link in _targets(uow, client, link_id):
            assert link.id is not None
            _share_item(uow, client, link.id, kind, item_id, shared, now)
        if kind is ShareKind.JOURNAL and not shared:
            _unmark_if_unshared(uow, client.person_id, item_id)
        uow.commit()


def _share_item(
    uow: AccountsUnitOfWork,
    client: Account,
    link_id: int,
    kind: ShareKind,
    item_id: int,
    shared: bool,
    now: datetime,
) -> None:
    assert client.person_id is not None
    state = _state(uow, client.person_id, link_id)
    if shared and item_id not in state.items.get(kind, frozenset()):
        uow.shares.add(
            Share(
                person_id=client.person_id,
                link_id=link_id,
                kind=kind,
                item_id=item_id,
                created_at=now,
            )
        )
    elif not shared:
        uow.shares.revoke(client.person_id, link_id, kind, item_id, now)
    action = "share.item" if shared else "share.item.revoke"
    detail = f"{kind.value}={item_id} link={link_id}"
    audit(uow, action, now, actor=client.id, subject=client.person_id, detail=detail)


def _unmark_if_unshared(uow: ServerUnitOfWork, person_id: int, entry_id: int) -> None:
    """An entry marked shared when written, no longer shared with anyone: unmark it, so the
    client's own pages say what is true."""
    if any(
        s.kind is ShareKind.JOURNAL and s.item_id == entry_id for s in uow.shares.live(person_id)
    ):
        return
    entry = uow.journal.get(entry_id)
    if entry.visibility is Visibility.SHARED:
        entry.visibility = Visibility.PRIVATE
        uow.journal.update(entry)


def share_new_entry(uow: ServerUnitOfWork, client: Account, entry_id: int, *, now: datetime) -> int:
    """A journal entry written marked "shared": share it with each therapist the client is
    linked to now (none is fine: then it stays a mark in the client's own data). How many."""
    assert client.person_id is not None
    with uow:
        links = _active_links(uow, client.person_id)
        for link in links:
            assert link.id is not None
            _share_item(uow, client, link.id, ShareKind.JOURNAL, entry_id, True, now)
        uow.commit()
    return len(links)


@dataclass(frozen=True)
class LinkSharing:
    """What the client shares with one therapist, for their sharing page."""

    link: CareLink
    therapist_name: str
    state: SharingState
    journal: list[JournalEntry]  # shared one by one
    worksheets: list[PracticeLog]  # shared one by one
    checkins: list[Checkin]  # shared one by one


@dataclass(frozen=True)
class MySharing:
    """What a client shares right now, per therapist, for their own sharing page."""

    links: list[LinkSharing]
    state: SharingState  # shared with any of the client's therapists
    reports: list[SharedReport]  # sent, newest first (withdrawn ones too)
    ended_at_upgrade: int  # shares that an upgrade could not tie to one therapist


def my_sharing(uow: ServerUnitOfWork, person_id: int) -> MySharing:
    """The client's own view of their sharing (their unit of work: only their items)."""
    with uow:
        names = _names_by_account(uow)
        links = _active_links(uow, person_id)
        states = {k.id: _state(uow, person_id, k.id) for k in links if k.id is not None}
        every = _with_anyone(uow, person_id)
        wanted = {k: every.items.get(k, frozenset()) for k in ITEM_KINDS}
        journal = (
            uow.journal.shared(sorted(wanted[ShareKind.JOURNAL]))
            if wanted[ShareKind.JOURNAL]
            else []
        )
        worksheets = [
            log
            for log in uow.practice.list()
            if log.answers and log.id in wanted[ShareKind.WORKSHEET]
        ]
        checkins = [c for c in uow.checkins.list() if c.id in wanted[ShareKind.CHECKIN]]
        per_link = []
        for link in links:
            assert link.id is not None
            st = states[link.id]
            mine = {k: st.items.get(k, frozenset()) for k in ITEM_KINDS}
            per_link.append(
                LinkSharing(
                    link=link,
                    therapist_name=names.get(link.therapist_account_id, "?"),
                    state=st,
                    journal=[e for e in journal if e.id in mine[ShareKind.JOURNAL]],
                    worksheets=[w for w in worksheets if w.id in mine[ShareKind.WORKSHEET]],
                    checkins=[c for c in checkins if c.id in mine[ShareKind.CHECKIN]],
                )
            )
        seen = uow.audit.count(person_id, "share.upgrade-seen")
        ended = 0 if seen else uow.audit.count(person_id, "share.ended-at-upgrade")
        return MySharing(
            links=per_link, state=every, reports=uow.shared_reports.list(), ended_at_upgrade=ended
        )


def dismiss_upgrade_notice(uow: AccountsUnitOfWork, client: Account, *, now: datetime) -> None:
    """The client has read that an upgrade ended shares it could not tie to a therapist."""
    with uow:
        audit(uow, "share.upgrade-seen", now, actor=client.id, subject=client.person_id)
        uow.commit()


# --- prep reports the client sends ------------------------------------------------------


def send_report(
    uow: ServerUnitOfWork,
    client: Account,
    *,
    markdown: str,
    html: str,
    left_out: Iterable[str],
    now: datetime,
) -> SharedReport:
    """Keep the report exactly as the client reviewed it, for their therapist to read.
    ValidationError when the client has no therapist to send it to."""
    assert client.person_id is not None
    with uow:
        links = _active_links(uow, client.person_id)
        if not links:
            raise ValidationError(messages.SHARE_NO_THERAPIST, field="therapist")
        report = uow.shared_reports.add(
            SharedReport(sent_at=now, markdown=markdown, html=html, left_out=list(left_out))
        )
        assert report.id is not None
        for link in links:  # to the therapists of now; one linked later does not get it
            assert link.id is not None
            uow.shares.add(
                Share(
                    person_id=client.person_id,
                    link_id=link.id,
                    kind=ShareKind.REPORT,
                    item_id=report.id,
                    created_at=now,
                )
            )
        audit(
            uow,
            "share.report",
            now,
            actor=client.id,
            subject=client.person_id,
            detail=f"report={report.id}",
        )
        uow.commit()
    return report


def sent_reports(uow: ServerUnitOfWork) -> list[SharedReport]:
    with uow:
        return uow.shared_reports.list()


def withdraw_report(
    uow: ServerUnitOfWork, client: Account, report_id: int, *, now: datetime
) -> SharedReport:
    with uow:
        report = uow.shared_reports.get(report_id)
        if report.revoked_at is None:
            report.revoked_at = now
            uow.shared_reports.update(report)
            assert client.person_id is not None
            for link in uow.care_links.for_client(client.person_id):
                assert link.id is not None
                uow.shares.revoke(client.person_id, link.id, ShareKind.REPORT, report_id, now)
            audit(
                uow,
                "share.report.revoke",
                now,
                actor=client.id,
                subject=client.person_id,
                detail=f"report={report.id}",
            )
        uow.commit()
    return report


# --- who saw what ------------------------------------------------------------------------


@dataclass(frozen=True)
class SeenBy:
    at: datetime
    who: str
    action: str
    detail: str


def therapist_activity(
    uow: AccountsUnitOfWork, person_id: int, *, limit: int = 200
) -> list[SeenBy]:
    """What therapists read, wrote and exported of this person's data, newest first."""
    with uow:
        names = _names_by_account(uow)
        return [
            SeenBy(e.at, names.get(e.actor_account_id or 0, "?"), e.action, e.detail)
            for e in uow.audit.list(subject=person_id, limit=limit)
            if e.action.startswith("therapist.")
        ]


# --- the therapist's side ----------------------------------------------------------------


def _require_link(
    uow: AccountsUnitOfWork, therapist: Account, person_id: int
) -> tuple[CareLink, SharingState]:
    """The therapist's active link to this client and what it shares; NotFound without."""
    if therapist.role is Role.THERAPIST and therapist.id is not None:
        for link in uow.care_links.for_therapist(therapist.id):
            if link.active and link.client_person_id == person_id and link.id is not None:
                return link, _state(uow, person_id, link.id)
    raise NotFound("client", person_id)


def _client_name(uow: AccountsUnitOfWork, person_id: int) -> str:
    return _names_by_person(uow).get(person_id, "?")


def _zones_by_person(uow: AccountsUnitOfWork) -> dict[int, tzinfo]:
    """Each client's chosen zone, by person (clients without one are left out)."""
    return {
        a.person_id: zone
        for a in uow.accounts.list()
        if a.person_id is not None and (zone := account_zone(a)) is not None
    }


def _their_clock(now: datetime, zone: tzinfo | None) -> datetime:
    """The same instant on the client's clock: their "today" and practice week are counted
    where they live, whichever zone the therapist reads from (moments are shown in the
    therapist's zone by the pages)."""
    return now.astimezone(zone) if zone is not None else now


@dataclass(frozen=True)
class CaseloadRow:
    person_id: int
    name: str
    practice_shared: bool
    credit: float | None  # last CASELOAD_DAYS, partial credit; None when not shared
    planned: float | None
    barriers: dict[str, int] | None
    measures: list[SeriesOutcome] | None
    open_questions: int | None
    next_appointment: datetime | None
    # Safety flags of the last CASELOAD_DAYS, newest first, when the client lets this
    # therapist know (None when not shared; an empty list when there is nothing).
    attention: list[Attention] | None = None
    # Share of planned practice per 7-day week, oldest first (the last ends today); None
    # for a week with nothing planned. None when practice is not shared.
    practice_trend: list[float | None] | None = None
    # The newest scores per instrument code, oldest first; None when check-ins are not shared.
    measure_trends: dict[str, list[int]] | None = None

    @property
    def ratio(self) -> float | None:
        if self.credit is None or not self.planned:
            return None
        return self.credit / self.planned

    @property
    def needs_attention(self) -> bool:
        return bool(self.attention)


def _window(now: datetime, days: int) -> tuple[date, date, datetime]:
    start = now.date() - timedelta(days=days - 1)
    return start, now.date(), datetime.combine(start, time.min, now.tzinfo)


def _practice_trend(
    assignments: list[Assignment], logs: list[PracticeLog], now: datetime
) -> list[float | None]:
    """Share of planned practice per 7-day week (partial credit counts), oldest first."""
    out: list[float | None] = []
    today = now.date()
    for back in range(TREND_WEEKS - 1, -1, -1):
        end = today - timedelta(days=7 * back)
        start = end - timedelta(days=6)
        # Plain 7-day weeks, so every point covers the same span whatever the session days.
        overall = summarise(
            adherence(assignments, logs, session_dates=[], start=start, end=end, tz=now.tzinfo)
        ).overall
        out.append(overall.credit / overall.planned if overall.planned else None)
    return out


def _scores(checkins: list[Checkin], code: str) -> list[int]:
    scores = [
        c.total if c.total is not None else sum(c.answers or ())
        for c in sorted(checkins, key=lambda c: c.at)
        if c.kind == code and (c.total is not None or c.answers)
    ]
    return scores[-TREND_SCORES:]


def _caseload_row(
    uow: ServerUnitOfWork, person_id: int, name: str, state: SharingState, now: datetime
) -> CaseloadRow:
    """One client's row: a fixed handful of reads per shared kind, however long their
    history (the practice of the trend's weeks is read once and reused for the summary)."""
    start, end, since = _window(now, CASELOAD_DAYS)
    credit = planned = None
    barriers: dict[str, int] | None = None
    trend: list[float | None] | None = None
    if ShareKind.PRACTICE in state.kinds:
        assignments = uow.homework.list()
        sessions = uow.sessions.list()
        trend_since = datetime.combine(
            now.date() - timedelta(days=7 * TREND_WEEKS - 1), time.min, now.tzinfo
        )
        logs = uow.practice.list(since=min(since, trend_since))
        weeks = adherence(
            assignments,
            logs,
            session_dates=[s.date for s in sessions],
            start=start,
            end=end,
            tz=now.tzinfo,
        )
        overall = summarise(weeks).overall
        credit, planned = overall.credit, overall.planned
        trend = _practice_trend(assignments, logs, now)
        barriers = {}
        for b in uow.barriers.list(since=since):
            barriers[b.kind.value] = barriers.get(b.kind.value, 0) + 1
    measures = None
    measure_trends: dict[str, list[int]] | None = None
    if ShareKind.CHECKIN in state.kinds:
        checkins = uow.checkins.list()
        measures = [o for inst in (PHQ9, GAD7) if (o := series_outcome(inst, checkins))]
        measure_trends = {
            inst.code: scores for inst in (PHQ9, GAD7) if (scores := _scores(checkins, inst.code))
        }
    questions = None
    if ShareKind.QUESTIONS in state.kinds:
        questions = len(uow.questions.list(status=QuestionStatus.OPEN))
    flags = None
    if ShareKind.SAFETY_FLAGS in state.kinds:
        flags = attention(uow.flags.list(since=since))
    latest = uow.sessions.latest()
    upcoming = latest.next_appointment if latest and latest.next_appointment else None
    return CaseloadRow(
        person_id=person_id,
        name=name,
        practice_shared=ShareKind.PRACTICE in state.kinds,
        credit=credit,
        planned=planned,
        barriers=barriers,
        measures=measures,
        open_questions=questions,
        next_appointment=upcoming if upcoming and upcoming >= now else None,
        attention=flags,
        practice_trend=trend,
        measure_trends=measure_trends,
    )


#: Caseload orders: the one who is struggling first (anyone the client lets the therapist
#: know needs attention, then the lowest share of planned practice, then most barriers),
#: by name, or by next appointment.
SORTS = ("struggling", "name", "appointment")


def _sort_key(sort: str) -> Callable[[CaseloadRow], tuple[object, ...]]:
    if sort == "name":
        return lambda r: (r.name,)
    if sort == "appointment":
        far = datetime.max.replace(tzinfo=None)
        return lambda r: (
            r.next_appointment is None,
            r.next_appointment.replace(tzinfo=None) if r.next_appointment else far,
            r.name,
        )
    return lambda r: (
        not r.needs_attention,
        r.ratio is None,
        r.ratio if r.ratio is not None else 0.0,
        -sum((r.barriers or {}).values()),
        r.name,
    )


def caseload(
    uow: AccountsUnitOfWork,
    client_uow: Callable[[int], ServerUnitOfWork],
    therapist: Account,
    *,
    now: datetime,
    sort: str = "struggling",
) -> list[CaseloadRow]:
    """One row per active client, from what each shares; reading it is audited per client."""
    if sort not in SORTS:
        raise ValidationError(messages.caseload_sorts(SORTS), field="sort")
    assert therapist.id is not None
    with uow:
        names = _names_by_person(uow)
        zones = _zones_by_person(uow)
        clients = [
            (link.client_person_id, names.get(link.client_person_id, "?"))
            for link in uow.care_links.for_therapist(therapist.id)
            if link.active and link.client_person_id is not None
        ]
    rows = []
    for person_id, name in clients:
        with client_uow(person_id) as cuow:
            _, state = _require_link(cuow, therapist, person_id)
            their_now = _their_clock(now, zones.get(person_id))
            row = _caseload_row(cuow, person_id, name, state, their_now)
            rows.append(row)
            audit(
                cuow,
                "therapist.read",
                now,
                actor=therapist.id,
                subject=person_id,
                detail="caseload",
            )
            if row.attention is not None:  # a look at the safety flags is a read too
                audit(
                    cuow,
                    "therapist.read",
                    now,
                    actor=therapist.id,
                    subject=person_id,
                    detail="safety-flags",
                )
            cuow.commit()
    return sorted(rows, key=_sort_key(sort))


#: Caseload filters: everyone, those the client lets the therapist know need attention,
#: and those with an appointment in the next seven days.
FILTERS = ("all", "attention", "week")


def filter_caseload(rows: list[CaseloadRow], show: str, *, now: datetime) -> list[CaseloadRow]:
    """The rows ``show`` keeps, in the order given."""
    if show == "attention":
        return [r for r in rows if r.needs_attention]
    if show == "week":
        soon = now + timedelta(days=7)
        return [r for r in rows if r.next_appointment is not None and r.next_appointment <= soon]
    return rows


@dataclass(frozen=True)
class HomeworkWeek:
    assignment: Assignment
    credit: float
    planned: float
    ratings: list[HomeworkRating]


@dataclass(frozen=True)
class ClientView:
    """What one client shares with this therapist, gathered for one page."""

    person_id: int
    name: str
    state: SharingState
    row: CaseloadRow
    homework: list[HomeworkWeek]  # therapist-set homework always; progress only if shared
    practice: list[PracticeLog]
    barriers: list[Barrier]
    journal: list[JournalEntry]
    worksheets: list[PracticeLog]
    checkins: list[Checkin]
    questions: list[Question]
    goals: list[Goal]
    reports: list[SharedReport]
    safety_plan: SafetyPlan | None
    sessions: list[TherapySession]


#: The newest this many shared entries, worksheets and check-ins are shown (a therapist
#: page never decrypts years of writing at once).
SHOWN = 100


# --- what a therapist is shown of each kind ----------------------------------------------
# One function per kind: the HTML pages, the API and anything else built for a therapist
# get their records from these, so a nested piece the client has not shared (a worksheet's
# answers inside a practice log, session takeaways) never rides along with one they have.


def seen_practice(log: PracticeLog, state: SharingState) -> PracticeLog:
    """A practice log under the practice share: its worksheet answers only when that
    worksheet is shared too."""
    if log.answers and not state.covers(ShareKind.WORKSHEET, log.id):
        return replace(log, answers=None)
    return log


def seen_session(session: TherapySession, state: SharingState) -> TherapySession:
    """Session dates and appointments always (the therapist keeps those anyway); what the
    client took away and the themes only when the client shares their session notes."""
    if ShareKind.SESSIONS in state.kinds:
        return session
    return replace(session, takeaways=[], themes=[])


def assignment_visible(a: Assignment, state: SharingState) -> bool:
    """Homework the therapist set is theirs to see; the client's own only with practice."""
    return a.source.value == "therapist" or ShareKind.PRACTICE in state.kinds


def _shared_journal(uow: ServerUnitOfWork, state: SharingState) -> list[JournalEntry]:
    if ShareKind.JOURNAL in state.kinds:
        return uow.journal.list(limit=SHOWN)
    return uow.journal.shared(sorted(state.items.get(ShareKind.JOURNAL, ())), limit=SHOWN)


def client_view(
    uow: ServerUnitOfWork, therapist: Account, person_id: int, *, now: datetime
) -> ClientView:
    """The client's shared data for their therapist; NotFound without an active link."""
    with uow:
        _, state = _require_link(uow, therapist, person_id)
        name = _client_name(uow, person_id)
        their_now = _their_clock(now, _zones_by_person(uow).get(person_id))
        practice_shared = ShareKind.PRACTICE in state.kinds
        assignments = uow.homework.list()
        start, end, since = _window(their_now, CASELOAD_DAYS)
        logs = uow.practice.list(since=since) if practice_shared else []
        weeks = summarise(
            adherence(
                assignments,
                logs,
                session_dates=[s.date for s in uow.sessions.list()],
                start=start,
                end=end,
                tz=their_now.tzinfo,
            )
        ).by_assignment
        ratings = uow.ratings.list()
        homework_weeks = [
            HomeworkWeek(
                a,
                weeks[a.id].credit if practice_shared and a.id in weeks else 0.0,
                weeks[a.id].planned if a.id in weeks else 0.0,
                [r for r in ratings if r.assignment_id == a.id],
            )
            for a in assignments
            if a.ended_at is None and assignment_visible(a, state)
        ]
        worksheets = [
            log
            for log in uow.practice.list(limit=SHOWN * 10)
            if log.answers and state.covers(ShareKind.WORKSHEET, log.id)
        ][:SHOWN]
        reports = state.items.get(ShareKind.REPORT, frozenset())
        row = _caseload_row(uow, person_id, name, state, their_now)
        view = ClientView(
            person_id=person_id,
            name=name,
            state=state,
            row=row,
            homework=homework_weeks,
            practice=[seen_practice(log, state) for log in logs],
            barriers=uow.barriers.list(since=since) if practice_shared else [],
            journal=_shared_journal(uow, state),
            worksheets=worksheets,
            checkins=[
                c
                for c in uow.checkins.list(limit=SHOWN * 10)
                if state.covers(ShareKind.CHECKIN, c.id)
            ][:SHOWN],
            questions=uow.questions.list() if ShareKind.QUESTIONS in state.kinds else [],
            goals=uow.goals.list() if ShareKind.GOALS in state.kinds else [],
            reports=[
                r for r in uow.shared_reports.list() if r.revoked_at is None and r.id in reports
            ],
            safety_plan=uow.safety_plan.current() if ShareKind.SAFETY_PLAN in state.kinds else None,
            sessions=[seen_session(s, state) for s in uow.sessions.list()],
        )
        audit(uow, "therapist.read", now, actor=therapist.id, subject=person_id, detail="overview")
        if row.attention is not None:  # a look at the safety flags is a read too
            audit(
                uow,
                "therapist.read",
                now,
                actor=therapist.id,
                subject=person_id,
                detail="safety-flags",
            )
        uow.commit()
    return view


def shared_entry(
    uow: ServerUnitOfWork, therapist: Account, person_id: int, entry_id: int, *, now: datetime
) -> JournalEntry:
    """One journal entry the client shares; NotFound otherwise (also for unshared ones)."""
    with uow:
        _, state = _require_link(uow, therapist, person_id)
        if not state.covers(ShareKind.JOURNAL, entry_id):
            raise NotFound("journal entry", entry_id)
        entry = uow.journal.get(entry_id)
        audit(
            uow,
            "therapist.read",
            now,
            actor=therapist.id,
            subject=person_id,
            detail=f"journal={entry_id}",
        )
        uow.commit()
    return entry


def shared_report(
    uow: ServerUnitOfWork, therapist: Account, person_id: int, report_id: int, *, now: datetime
) -> SharedReport:
    """A prep report the client sent to this therapist and has not withdrawn; NotFound
    otherwise."""
    with uow:
        _, state = _require_link(uow, therapist, person_id)
        if not state.covers(ShareKind.REPORT, report_id):
            raise NotFound("report", report_id)
        report = uow.shared_reports.get(report_id)
        if report.revoked_at is not None:
            raise NotFound("report", report_id)
        audit(
            uow,
            "therapist.read",
            now,
            actor=therapist.id,
            subject=person_id,
            detail=f"report={report_id}",
        )
        uow.commit()
    return report


def assign_homework(
    uow: ServerUnitOfWork,
    therapist: Account,
    person_id: int,
    assignment: Assignment,
    *,
    now: datetime,
) -> Assignment:
    """Homework the therapist sets (built and checked by ``homework.new_assignment``)."""
    with uow:
        _require_link(uow, therapist, person_id)
        homework.store_assignment(uow, assignment)
        audit(
            uow,
            "therapist.write",
            now,
            actor=therapist.id,
            subject=person_id,
            detail=f"assignment={assignment.id}",
        )
        uow.commit()
    return assignment


def _visible_assignment(uow: ServerUnitOfWork, state: SharingState, ident: int) -> Assignment:
    """Homework the therapist may see, for a write; one and the same NotFound for an id that
    does not exist and for one they cannot see (the answer tells nothing)."""
    try:
        a = uow.homework.get(ident)
    except NotFound:
        a = None
    if a is None or not assignment_visible(a, state):
        raise NotFound("homework", ident)
    return a


def end_client_homework(
    uow: ServerUnitOfWork, therapist: Account, person_id: int, assignment_id: int, *, now: datetime
) -> Assignment:
    with uow:
        _, state = _require_link(uow, therapist, person_id)
        a = _visible_assignment(uow, state, assignment_id)
        if a.ended_at is None:
            a.ended_at = now
            uow.homework.update(a)
        audit(
            uow,
            "therapist.write",
            now,
            actor=therapist.id,
            subject=person_id,
            detail=f"assignment={a.id} ended",
        )
        uow.commit()
    return a


def rate_homework(
    uow: ServerUnitOfWork,
    therapist: Account,
    person_id: int,
    assignment_id: int,
    *,
    rating: int,
    note: str | None,
    now: datetime,
) -> HomeworkRating:
    """The therapist's own view of how this week of the homework went (0–4)."""
    if not 0 <= rating <= 4:
        raise ValidationError(messages.RATING_RANGE, field="rating")
    note = rules.optional_text(note, label="The note", field="note", limit=2000)
    with uow:
        _, state = _require_link(uow, therapist, person_id)
        a = _visible_assignment(uow, state, assignment_id)
        today = _their_clock(now, _zones_by_person(uow).get(person_id)).date()
        anchor = uow.sessions.latest(on_or_before=today)
        first = week_start(today, anchor=anchor.date if anchor else None)
        assert a.id is not None
        r = uow.ratings.add(
            HomeworkRating(
                assignment_id=a.id,
                week_start=first,
                rating=rating,
                note=note,
                rated_by=therapist.id,
                rated_at=now,
            )
        )
        audit(
            uow,
            "therapist.write",
            now,
            actor=therapist.id,
            subject=person_id,
            detail=f"rating={r.id}",
        )
        uow.commit()
    return r


def record_session(
    uow: ServerUnitOfWork,
    therapist: Account,
    person_id: int,
    *,
    day: date,
    takeaways: Iterable[str],
    themes: Iterable[str],
    next_appointment: datetime | None,
    now: datetime,
) -> TherapySession:
    """Takeaways recorded together in the session, into the client's own record."""
    session = records.new_session(
        day=day,
        takeaways=list(takeaways),
        themes=list(themes),
        next_appointment=next_appointment,
        now=now,
    )
    with uow:
        _require_link(uow, therapist, person_id)
        uow.sessions.add(session)
        audit(
            uow,
            "therapist.write",
            now,
            actor=therapist.id,
            subject=person_id,
            detail=f"session={session.id}",
        )
        uow.commit()
    return session
