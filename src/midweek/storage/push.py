"""A person's Web Push subscriptions and the reminders sent to them.

The subscription's three values (endpoint, browser key, auth secret) are encrypted with the
person's data key like any free text; the endpoint is also kept as a keyed HMAC (under the
person's fingerprint key) so the same browser subscribing again updates its row. Every
query is scoped to the unit of work's person, except :meth:`SqlPushRepo.people`, which
tells the sender whose data to open (ids only, nothing decrypted).

Import only after :func:`midweek.storage.dialect.import_peewee` has run.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from midweek.domain.errors import NotFound
from midweek.domain.push import PushSubscription
from midweek.storage import tables as t
from midweek.storage.mapping import Context

_SUB = t.PushSubscriptionRow
_TABLE = _SUB._meta.table_name
_SECRET = ("endpoint", "p256dh", "auth")


class SqlPushRepo:
    """Implements ``services.ports.PushRepo`` for one person."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def _key(self, endpoint: str) -> str:
        return self._ctx.cipher.fingerprint("push-endpoint\x00" + endpoint)

    def _decode(self, row: tuple[Any, ...]) -> PushSubscription:
        ident, uid, endpoint, p256dh, auth, created = row
        plain = [
            self._ctx.cipher.decrypt(_TABLE, name, uid, value)
            for name, value in zip(_SECRET, (endpoint, p256dh, auth), strict=True)
        ]
        return PushSubscription(
            endpoint=plain[0],
            p256dh=plain[1],
            auth=plain[2],
            created_at=self._ctx.values.ts_in(created),
            id=ident,
        )

    def _select(self, *where: Any) -> list[PushSubscription]:
        m = _SUB
        query = (
            m.select(m.id, m.uid, m.endpoint, m.p256dh, m.auth, m.created_at)
            .where(m.person_id == self._ctx.person_id, *where)
            .order_by(m.id)
        )
        return [self._decode(r) for r in self._ctx.db.execute(query).fetchall()]

    def all(self) -> list[PushSubscription]:
        return self._select()

    def get(self, ident: int) -> PushSubscription:
        found = self._select(_SUB.id == ident) if isinstance(ident, int) else []
        if not found:
            raise NotFound("push subscription", ident)
        return found[0]

    def save(self, sub: PushSubscription) -> PushSubscription:
        """Add ``sub``, or replace the keys of this person's row for the same endpoint."""
        m, ctx = _SUB, self._ctx
        key = self._key(sub.endpoint)
        row = ctx.db.execute(
            m.select(m.id, m.uid, m.created_at).where(
                m.person_id == ctx.person_id, m.endpoint_key == key
            )
        ).fetchone()
        uid = row[1] if row else uuid.uuid4().hex
        values = {
            getattr(m, name): ctx.cipher.encrypt(_TABLE, name, uid, getattr(sub, name))
            for name in _SECRET
        }
        if row:
            m.update(values).where(m.id == row[0]).execute(ctx.db)
            sub.id, sub.created_at = row[0], ctx.values.ts_in(row[2])
            return sub
        values |= {
            m.person_id: ctx.person_id,
            m.uid: uid,
            m.endpoint_key: key,
            m.created_at: ctx.values.ts_out(sub.created_at),
        }
        sub.id = int(m.insert(values).execute(ctx.db))
        return sub

    def remove(self, ident: int) -> None:
        """Delete the subscription (and what was sent to it); NotFound if not this person's."""
        self.get(ident)
        m = _SUB
        # push_sent's rows for it go with it (ON DELETE CASCADE).
        m.delete().where(m.id == ident, m.person_id == self._ctx.person_id).execute(self._ctx.db)

    def sent(self, subscription_id: int, reminders: Iterable[str]) -> set[str]:
        """Those of ``reminders`` already sent to the subscription."""
        s = t.PushSentRow
        wanted = list(reminders)
        if not wanted:
            return set()
        query = s.select(s.reminder).where(
            s.person_id == self._ctx.person_id,
            s.subscription_id == subscription_id,
            s.reminder.in_(wanted),
        )
        return {r[0] for r in self._ctx.db.execute(query).fetchall()}

    def mark_sent(self, subscription_id: int, reminder: str, *, at: datetime) -> None:
        s = t.PushSentRow
        s.insert(
            {
                s.person_id: self._ctx.person_id,
                s.uid: uuid.uuid4().hex,
                s.subscription_id: subscription_id,
                s.reminder: reminder,
                s.sent_at: self._ctx.values.ts_out(at),
            }
        ).execute(self._ctx.db)

    def unmark(self, subscription_id: int, reminder: str) -> None:
        """Forget that ``reminder`` was sent to the subscription (its send failed)."""
        s = t.PushSentRow
        s.delete().where(
            s.person_id == self._ctx.person_id,
            s.subscription_id == subscription_id,
            s.reminder == reminder,
        ).execute(self._ctx.db)

    def forget_sent(self, before: datetime) -> None:
        """Drop this person's records of reminders sent before ``before`` (they can no
        longer be due)."""
        s = t.PushSentRow
        s.delete().where(
            s.person_id == self._ctx.person_id, s.sent_at < self._ctx.values.ts_out(before)
        ).execute(self._ctx.db)

    def people(self) -> list[int]:
        """Every person with at least one subscription (ids only; across people)."""
        m = _SUB
        query = m.select(m.person_id).distinct().order_by(m.person_id)
        return [int(r[0]) for r in self._ctx.db.execute(query).fetchall()]
