"""Repositories for the links between a therapist and a client: care links (with their
one-time codes), what a client shares over a link, and a therapist's labels for pending codes.

Like :mod:`midweek.storage.accounts` these rows belong to no person's data and are never in
a person's backup; an invitation label is sealed under a key derived from the key file.
Import only after :func:`midweek.storage.dialect.import_peewee` has run.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from midweek.domain.sharing import CareLink, LinkStatus, Share, ShareKind
from midweek.storage import tables as t
from midweek.storage.mapping import ServerRepo


class SqlCareLinkRepo(ServerRepo):
    _m = t.CareLinkRow

    def _columns(self) -> tuple[Any, ...]:
        m = self._m
        return (
            m.id,
            m.therapist_account_id,
            m.client_person_id,
            m.code_hash,
            m.status,
            m.created_at,
            m.expires_at,
            m.responded_at,
            m.ended_at,
        )

    def _decode(self, r: Any) -> CareLink:
        return CareLink(
            id=int(r[0]),
            therapist_account_id=int(r[1]),
            client_person_id=None if r[2] is None else int(r[2]),
            code_hash=str(r[3]),
            status=LinkStatus(r[4]),
            created_at=self._v.ts_in(r[5]),
            expires_at=self._v.ts_in(r[6]),
            responded_at=self._dt(r[7]),
            ended_at=self._dt(r[8]),
        )

    def _select(self, *where: Any) -> list[CareLink]:
        m = self._m
        query = m.select(*self._columns()).where(*where).order_by(m.created_at, m.id)
        return [self._decode(r) for r in self._db.execute(query).fetchall()]

    def _values(self, link: CareLink) -> dict[Any, Any]:
        m = self._m
        return {
            m.therapist_account_id: link.therapist_account_id,
            m.client_person_id: link.client_person_id,
            m.code_hash: link.code_hash,
            m.status: link.status.value,
            m.created_at: self._ts(link.created_at),
            m.expires_at: self._ts(link.expires_at),
            m.responded_at: self._ts(link.responded_at),
            m.ended_at: self._ts(link.ended_at),
        }

    def add(self, link: CareLink) -> CareLink:
        link.id = int(self._m.insert(self._values(link)).execute(self._db))
        return link

    def update(self, link: CareLink) -> CareLink:
        m = self._m
        m.update(self._values(link)).where(m.id == link.id).execute(self._db)
        return link

    def by_code_hash(self, code_hash: str) -> CareLink | None:
        found = self._select(self._m.code_hash == code_hash)
        return found[0] if found else None

    def for_therapist(self, account_id: int) -> list[CareLink]:
        return self._select(self._m.therapist_account_id == account_id)

    def for_client(self, person_id: int) -> list[CareLink]:
        return self._select(self._m.client_person_id == person_id)


class SqlShareRepo(ServerRepo):
    _m = t.ShareRow

    def add(self, s: Share) -> Share:
        m = self._m
        row = {
            m.person_id: s.person_id,
            m.link_id: s.link_id,
            m.kind: s.kind.value,
            m.item_id: s.item_id,
            m.created_at: self._ts(s.created_at),
            m.revoked_at: self._ts(s.revoked_at),
        }
        s.id = int(m.insert(row).execute(self._db))
        return s

    def live(self, person_id: int, link_id: int | None = None) -> list[Share]:
        """The person's shares that have not been revoked (only those made to ``link_id``
        when given), oldest first."""
        m = self._m
        where = [m.person_id == person_id, m.revoked_at.is_null()]
        if link_id is not None:
            where.append(m.link_id == link_id)
        query = m.select(m.id, m.link_id, m.kind, m.item_id, m.created_at).where(*where)
        return [
            Share(
                id=int(r[0]),
                person_id=person_id,
                link_id=int(r[1]),
                kind=ShareKind(r[2]),
                item_id=None if r[3] is None else int(r[3]),
                created_at=self._v.ts_in(r[4]),
            )
            for r in self._db.execute(query.order_by(m.id)).fetchall()
        ]

    def revoke(
        self, person_id: int, link_id: int, kind: ShareKind, item_id: int | None, at: datetime
    ) -> int:
        """Revoke the live share of ``kind`` made to ``link_id`` (the whole kind when
        ``item_id`` is None); how many."""
        m = self._m
        item = m.item_id.is_null() if item_id is None else m.item_id == item_id
        return int(
            m.update({m.revoked_at: self._ts(at)})
            .where(
                m.person_id == person_id,
                m.link_id == link_id,
                m.kind == kind.value,
                item,
                m.revoked_at.is_null(),
            )
            .execute(self._db)
        )

    def end_link(self, link_id: int, at: datetime) -> int:
        """Revoke every live share made to ``link_id``; how many."""
        m = self._m
        return int(
            m.update({m.revoked_at: self._ts(at)})
            .where(m.link_id == link_id, m.revoked_at.is_null())
            .execute(self._db)
        )


class SqlInviteLabelRepo(ServerRepo):
    """What a therapist calls a pending code, sealed under a key-file key bound to the link."""

    _m = t.InviteLabelRow

    _purpose = "invite-label"

    def put(self, link_id: int, label: str) -> None:
        m = self._m
        self.remove(link_id)
        sealed = self._cipher().encrypt("invite_label", "label", str(link_id), label)
        m.insert({m.link_id: link_id, m.label_sealed: sealed}).execute(self._db)

    def remove(self, link_id: int) -> None:
        m = self._m
        m.delete().where(m.link_id == link_id).execute(self._db)

    def for_links(self, link_ids: Sequence[int]) -> dict[int, str]:
        m = self._m
        if not link_ids:
            return {}
        rows = self._db.execute(
            m.select(m.link_id, m.label_sealed).where(m.link_id.in_(list(link_ids)))
        ).fetchall()
        cipher = self._cipher()
        return {
            int(r[0]): cipher.decrypt("invite_label", "label", str(r[0]), bytes(r[1])) for r in rows
        }
