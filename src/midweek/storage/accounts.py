"""Repositories for the server's tables: accounts, web sessions, login failures, audit.

These rows belong to no person, so unlike :mod:`midweek.storage.repositories` nothing is
scoped to the unit of work's person and nothing is encrypted (no free text is stored).
Import only after :func:`midweek.storage.database.import_peewee` has run.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from midweek.domain.accounts import Account, AuditEvent, Role, WebSession
from midweek.domain.errors import NotFound
from midweek.storage import tables as t
from midweek.storage.database import Values


class _ServerRepo:
    def __init__(self, db: Any, values: Values) -> None:
        self._db = db
        self._v = values

    def _ts(self, value: datetime | None) -> Any:
        return None if value is None else self._v.ts_out(value)

    def _dt(self, value: Any) -> datetime | None:
        return None if value is None else self._v.ts_in(value)


class SqlAccountRepo(_ServerRepo):
    _m = t.AccountRow
    _columns = (
        _m.id,
        _m.username,
        _m.password_hash,
        _m.role,
        _m.person_id,
        _m.disabled_at,
        _m.password_changed_at,
        _m.created_at,
    )

    def _decode(self, row: Any) -> Account:
        ident, username, pw_hash, role, person_id, disabled, changed, created = row
        return Account(
            id=int(ident),
            username=str(username),
            password_hash=str(pw_hash),
            role=Role(role),
            person_id=None if person_id is None else int(person_id),
            disabled_at=self._dt(disabled),
            password_changed_at=self._v.ts_in(changed),
            created_at=self._v.ts_in(created),
        )

    def _encode(self, a: Account) -> dict[Any, Any]:
        m = self._m
        return {
            m.username: a.username,
            m.password_hash: a.password_hash,
            m.role: Role(a.role).value,
            m.person_id: a.person_id,
            m.disabled_at: self._ts(a.disabled_at),
            m.password_changed_at: self._ts(a.password_changed_at),
            m.created_at: self._ts(a.created_at),
        }

    def _select(self, *where: Any) -> list[Account]:
        query = (
            self._m.select(*self._columns).where(*where)
            if where
            else self._m.select(*self._columns)
        )
        rows = self._db.execute(query.order_by(self._m.username)).fetchall()
        return [self._decode(r) for r in rows]

    def add(self, a: Account) -> Account:
        a.id = int(self._m.insert(self._encode(a)).execute(self._db))
        return a

    def get(self, ident: int) -> Account:
        if not isinstance(ident, int) or isinstance(ident, bool):
            raise NotFound("account", ident)
        found = self._select(self._m.id == ident)
        if not found:
            raise NotFound("account", ident)
        return found[0]

    def by_username(self, username: str) -> Account | None:
        found = self._select(self._m.username == username)
        return found[0] if found else None

    def list(self) -> list[Account]:
        return self._select()

    def update(self, a: Account) -> Account:
        m = self._m
        if a.id is None or not m.update(self._encode(a)).where(m.id == a.id).execute(self._db):
            raise NotFound("account", a.id)
        return a


class SqlWebSessionRepo(_ServerRepo):
    _m = t.WebSessionRow

    def add(self, s: WebSession) -> WebSession:
        m = self._m
        m.insert(
            {
                m.id: s.id,
                m.account_id: s.account_id,
                m.created_at: self._ts(s.created_at),
                m.last_seen_at: self._ts(s.last_seen_at),
                m.expires_at: self._ts(s.expires_at),
                m.ended_at: self._ts(s.ended_at),
            }
        ).execute(self._db)
        return s

    def get(self, ident: str) -> WebSession | None:
        m = self._m
        query = m.select(
            m.id, m.account_id, m.created_at, m.last_seen_at, m.expires_at, m.ended_at
        ).where(m.id == ident)
        row = self._db.execute(query).fetchone()
        if row is None:
            return None
        ts = self._v.ts_in
        return WebSession(
            id=str(row[0]),
            account_id=int(row[1]),
            created_at=ts(row[2]),
            last_seen_at=ts(row[3]),
            expires_at=ts(row[4]),
            ended_at=self._dt(row[5]),
        )

    def touch(self, ident: str, at: datetime) -> None:
        m = self._m
        m.update({m.last_seen_at: self._ts(at)}).where(m.id == ident).execute(self._db)

    def end(self, ident: str, at: datetime) -> None:
        m = self._m
        m.update({m.ended_at: self._ts(at)}).where(m.id == ident, m.ended_at.is_null()).execute(
            self._db
        )

    def end_all(self, account_id: int, at: datetime, *, keep: str | None = None) -> int:
        m = self._m
        where = [m.account_id == account_id, m.ended_at.is_null()]
        if keep is not None:
            where.append(m.id != keep)
        return int(m.update({m.ended_at: self._ts(at)}).where(*where).execute(self._db))


class SqlLoginFailureRepo(_ServerRepo):
    _m = t.LoginFailureRow

    def add(self, key: str, at: datetime) -> None:
        m = self._m
        m.insert({m.failure_key: key, m.at: self._ts(at)}).execute(self._db)

    def since(self, key: str, moment: datetime) -> list[datetime]:
        m = self._m
        query = (
            m.select(m.at)
            .where(m.failure_key == key, m.at >= self._ts(moment))
            .order_by(m.at, m.id)
        )
        return [self._v.ts_in(r[0]) for r in self._db.execute(query).fetchall()]

    def clear(self, key: str) -> None:
        m = self._m
        m.delete().where(m.failure_key == key).execute(self._db)

    def prune(self, before: datetime) -> None:
        m = self._m
        m.delete().where(m.at < self._ts(before)).execute(self._db)


class SqlAuditRepo(_ServerRepo):
    _m = t.AuditEventRow

    def add(self, e: AuditEvent) -> AuditEvent:
        m = self._m
        e.id = int(
            m.insert(
                {
                    m.at: self._ts(e.at),
                    m.actor_account_id: e.actor_account_id,
                    m.action: e.action,
                    m.subject_person_id: e.subject_person_id,
                    m.detail: e.detail,
                }
            ).execute(self._db)
        )
        return e

    def list(self, *, limit: int | None = None) -> list[AuditEvent]:
        """Newest first."""
        m = self._m
        query = m.select(
            m.id, m.at, m.actor_account_id, m.action, m.subject_person_id, m.detail
        ).order_by(m.at.desc(), m.id.desc())
        if limit is not None:
            query = query.limit(max(limit, 0))
        return [
            AuditEvent(
                id=int(r[0]),
                at=self._v.ts_in(r[1]),
                actor_account_id=None if r[2] is None else int(r[2]),
                action=str(r[3]),
                subject_person_id=None if r[4] is None else int(r[4]),
                detail=str(r[5]),
            )
            for r in self._db.execute(query).fetchall()
        ]
