"""What a client shares with each of their therapists, the prep reports they send, and
who saw what.

The rule everything here keeps: a therapist sees a client's data only through an active
link the client accepted, and only what the client shares *with that link* — a whole
kind, one item, a prep report the client reviewed and sent, the safety plan, or (if the
client turns it on) that midweek noticed hard words. Every share is made to one link and
ends with it: a therapist linked later starts with exactly what the client chooses for
them. Revoking takes effect on the next request (nothing is cached). Every change to
sharing writes one audit event in the same transaction; a client sees the therapist's
reads on their "who saw what" page. Use cases that touch a client's data take a
``ServerUnitOfWork`` for that client (their data and the server's tables in one
transaction); the rest take an ``AccountsUnitOfWork``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from midweek import messages
from midweek.domain.accounts import Account, Role
from midweek.domain.entities import Checkin, JournalEntry, PracticeLog, SharedReport, Visibility
from midweek.domain.errors import Conflict, NotFound, ValidationError
from midweek.domain.sharing import (
    ITEM_KINDS,
    ITEM_KINDS_ONLY,
    CareLink,
    Share,
    ShareKind,
    SharingState,
    state_of,
)
from midweek.services.audit import audit
from midweek.services.care_links import names_by_account
from midweek.services.ports import AccountsUnitOfWork, ServerUnitOfWork

# --- what the client shares --------------------------------------------------------------


def shared_with_link(uow: AccountsUnitOfWork, person_id: int, link_id: int) -> SharingState:
    """What the client shares with one link right now."""
    return state_of(uow.shares.live(person_id, link_id))


def _with_anyone(uow: AccountsUnitOfWork, person_id: int) -> SharingState:
    """What the client shares with any of their therapists right now."""
    active = {k.id for k in active_links(uow, person_id)}
    return state_of(s for s in uow.shares.live(person_id) if s.link_id in active)


def active_links(uow: AccountsUnitOfWork, person_id: int) -> list[CareLink]:
    """The client's links that are active now."""
    return [k for k in uow.care_links.for_client(person_id) if k.active]


def _targets(uow: AccountsUnitOfWork, client: Account, link_id: int | None) -> list[CareLink]:
    """The client's active link ``link_id``, or all of them when None (NotFound for a link
    that is not the client's; Conflict when there is no therapist at all: a good request
    the client's state cannot take)."""
    assert client.person_id is not None
    links = active_links(uow, client.person_id)
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
            return shared_with_link(uow, person_id, link_id)
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
            state = shared_with_link(uow, client.person_id, link.id)
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
    state = shared_with_link(uow, client.person_id, link_id)
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
        links = active_links(uow, client.person_id)
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
        names = names_by_account(uow)
        links = active_links(uow, person_id)
        states = {k.id: shared_with_link(uow, person_id, k.id) for k in links if k.id is not None}
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
        links = active_links(uow, client.person_id)
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
        names = names_by_account(uow)
        return [
            SeenBy(e.at, names.get(e.actor_account_id or 0, "?"), e.action, e.detail)
            for e in uow.audit.list(subject=person_id, limit=limit)
            if e.action.startswith("therapist.")
        ]


# --- the therapist's access -----------------------------------------------------------


def require_link(
    uow: AccountsUnitOfWork, therapist: Account, person_id: int
) -> tuple[CareLink, SharingState]:
    """The therapist's active link to this client and what it shares; NotFound without."""
    if therapist.role is Role.THERAPIST and therapist.id is not None:
        for link in uow.care_links.for_therapist(therapist.id):
            if link.active and link.client_person_id == person_id and link.id is not None:
                return link, shared_with_link(uow, person_id, link.id)
    raise NotFound("client", person_id)
