"""Repositories for the server's tables: accounts, web sessions, login failures, audit,
access tokens, idempotency keys and display names.

These rows belong to no person, so unlike :mod:`midweek.storage.repositories` nothing is
scoped to the unit of work's person (a therapist's links and shares are in
:mod:`midweek.storage.care_links`). The two places where typed text could land are kept
unreadable with keys derived from the key file: an access token's name is sealed
(AES-256-GCM), and a login-failure key (``account:<what was typed>``, which can be a
password typed into the wrong field) is stored only as an HMAC.
Import only after :func:`midweek.storage.dialect.import_peewee` has run.
"""

from __future__ import annotations

import hmac
from datetime import datetime
from typing import Any

from midweek.domain.accounts import Account, AuditEvent, Role, WebSession
from midweek.domain.errors import NotFound
from midweek.domain.sharing import ApiToken
from midweek.services.ports import IdempotencyRecord
from midweek.storage import tables as t
from midweek.storage.mapping import ServerRepo


class SqlAccountRepo(ServerRepo):
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
        _m.time_zone,
    )

    def _decode(self, row: Any) -> Account:
        ident, username, pw_hash, role, person_id, disabled, changed, created, zone = row
        return Account(
            id=int(ident),
            username=str(username),
            password_hash=str(pw_hash),
            role=Role(role),
            person_id=None if person_id is None else int(person_id),
            disabled_at=self._dt(disabled),
            password_changed_at=self._v.ts_in(changed),
            created_at=self._v.ts_in(created),
            time_zone=None if zone is None else str(zone),
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
            m.time_zone: a.time_zone,
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


class SqlWebSessionRepo(ServerRepo):
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


class SqlLoginFailureRepo(ServerRepo):
    """Failure keys are stored as HMAC-SHA256 under a key-file key, never as typed: a
    username field sometimes receives a password. Equal keys still match, so throttling
    works across processes exactly as before."""

    _m = t.LoginFailureRow

    def _key(self, key: str) -> str:
        assert self._server_key is not None, "the unit of work gives this repository its key"
        return hmac.new(
            self._server_key("login-failure"), key.encode("utf-8"), "sha256"
        ).hexdigest()

    def add(self, key: str, at: datetime) -> None:
        m = self._m
        m.insert({m.failure_key: self._key(key), m.at: self._ts(at)}).execute(self._db)

    def since(self, key: str, moment: datetime) -> list[datetime]:
        m = self._m
        query = (
            m.select(m.at)
            .where(m.failure_key == self._key(key), m.at >= self._ts(moment))
            .order_by(m.at, m.id)
        )
        return [self._v.ts_in(r[0]) for r in self._db.execute(query).fetchall()]

    def clear(self, key: str) -> None:
        m = self._m
        m.delete().where(m.failure_key == self._key(key)).execute(self._db)

    def prune(self, before: datetime) -> None:
        m = self._m
        m.delete().where(m.at < self._ts(before)).execute(self._db)


class SqlAuditRepo(ServerRepo):
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

    def list(self, *, limit: int | None = None, subject: int | None = None) -> list[AuditEvent]:
        """Newest first; only events about person ``subject`` when given."""
        m = self._m
        query = m.select(
            m.id, m.at, m.actor_account_id, m.action, m.subject_person_id, m.detail
        ).order_by(m.at.desc(), m.id.desc())
        if subject is not None:
            query = query.where(m.subject_person_id == subject)
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

    def count(self, subject: int, action: str) -> int:
        """How many events ``action`` there are about person ``subject``."""
        m = self._m
        query = m.select(m.id).where(m.subject_person_id == subject, m.action == action)
        return int(query.count(self._db))


class SqlApiTokenRepo(ServerRepo):
    """Tokens by hash; the name is sealed under a key-file key, bound to the token's hash
    (unique and never changed), so a sealed name copied to another row no longer opens."""

    _m = t.ApiTokenRow

    _purpose = "api-token-name"

    def _decode(self, r: Any) -> ApiToken:
        sealed = r[8]
        name = (
            self._cipher().decrypt("api_token", "name", str(r[2]), bytes(sealed))
            if sealed is not None
            else ""  # made before schema 7: its plain-text name was cleared
        )
        return ApiToken(
            id=int(r[0]),
            account_id=int(r[1]),
            token_hash=str(r[2]),
            name=name,
            created_at=self._v.ts_in(r[3]),
            last_used_at=self._dt(r[4]),
            revoked_at=self._dt(r[5]),
            expires_at=self._dt(r[6]),
        )

    def _select(self, *where: Any) -> list[ApiToken]:
        m = self._m
        query = (
            m.select(
                m.id,
                m.account_id,
                m.token_hash,
                m.created_at,
                m.last_used_at,
                m.revoked_at,
                m.expires_at,
                m.name,
                m.name_sealed,
            )
            .where(*where)
            .order_by(m.created_at, m.id)
        )
        return [self._decode(r) for r in self._db.execute(query).fetchall()]

    def add(self, token: ApiToken) -> ApiToken:
        m = self._m
        sealed = self._cipher().encrypt("api_token", "name", token.token_hash, token.name)
        row = {
            m.account_id: token.account_id,
            m.token_hash: token.token_hash,
            m.name: "",
            m.name_sealed: sealed,
            m.created_at: self._ts(token.created_at),
            m.expires_at: self._ts(token.expires_at),
        }
        token.id = int(m.insert(row).execute(self._db))
        return token

    def by_hash(self, token_hash: str) -> ApiToken | None:
        found = self._select(self._m.token_hash == token_hash)
        return found[0] if found else None

    def for_account(self, account_id: int) -> list[ApiToken]:
        return self._select(self._m.account_id == account_id)

    def touch(self, ident: int, at: datetime) -> None:
        m = self._m
        m.update({m.last_used_at: self._ts(at)}).where(m.id == ident).execute(self._db)

    def revoke(self, account_id: int, ident: int, at: datetime) -> bool:
        """Revoke the account's own token ``ident``; False when there is no such live token."""
        m = self._m
        changed = (
            m.update({m.revoked_at: self._ts(at)})
            .where(m.id == ident, m.account_id == account_id, m.revoked_at.is_null())
            .execute(self._db)
        )
        return bool(changed)

    def revoke_all(self, account_id: int, at: datetime) -> int:
        """Revoke every live token of the account; how many."""
        m = self._m
        return int(
            m.update({m.revoked_at: self._ts(at)})
            .where(m.account_id == account_id, m.revoked_at.is_null())
            .execute(self._db)
        )


class SqlIdempotencyRepo(ServerRepo):
    """Idempotency keys per account; the first answer is sealed under a key-file key, bound
    to the account and the key, so a sealed answer copied to another row no longer opens."""

    _m = t.IdempotencyRow

    _purpose = "idempotency-response"

    @staticmethod
    def _uid(account_id: int, key: str) -> str:
        return f"{account_id}:{key}"

    def _get(self, account_id: int, key: str) -> IdempotencyRecord | None:
        m = self._m
        query = m.select(
            m.request_hash, m.claim, m.created_at, m.completed_at, m.status, m.response
        ).where(m.account_id == account_id, m.idem_key == key)
        row = self._db.execute(query).fetchone()
        if row is None:
            return None
        request_hash, claim, created, completed, status, sealed = row
        response = (
            None
            if sealed is None
            else self._cipher().decrypt(
                "idempotency_key", "response", self._uid(account_id, key), bytes(sealed)
            )
        )
        return IdempotencyRecord(
            account_id=account_id,
            key=key,
            request_hash=str(request_hash),
            claim=str(claim),
            created_at=self._v.ts_in(created),
            completed_at=self._dt(completed),
            status=None if status is None else int(status),
            response=response,
        )

    def claim(
        self, account_id: int, key: str, request_hash: str, claim: str, at: datetime
    ) -> IdempotencyRecord:
        m = self._m
        row = {
            m.account_id: account_id,
            m.idem_key: key,
            m.request_hash: request_hash,
            m.claim: claim,
            m.created_at: self._ts(at),
        }
        # Two requests with one key may race: the unique index lets exactly one insert.
        m.insert(row).on_conflict_ignore().execute(self._db)
        found = self._get(account_id, key)
        assert found is not None, "the row was just inserted or was already there"
        return found

    def complete(
        self, account_id: int, key: str, claim: str, status: int, response: str, at: datetime
    ) -> None:
        m = self._m
        sealed = self._cipher().encrypt(
            "idempotency_key", "response", self._uid(account_id, key), response
        )
        m.update({m.status: status, m.response: sealed, m.completed_at: self._ts(at)}).where(
            m.account_id == account_id, m.idem_key == key, m.claim == claim
        ).execute(self._db)

    def release(self, account_id: int, key: str, claim: str) -> None:
        m = self._m
        m.delete().where(m.account_id == account_id, m.idem_key == key, m.claim == claim).execute(
            self._db
        )

    def prune(self, before: datetime) -> int:
        m = self._m
        return int(m.delete().where(m.created_at < self._ts(before)).execute(self._db))

    def abandon(self, account_id: int, key: str, before: datetime) -> None:
        m = self._m
        m.delete().where(
            m.account_id == account_id,
            m.idem_key == key,
            m.completed_at.is_null(),
            m.created_at < self._ts(before),
        ).execute(self._db)


class SqlDisplayNameRepo(ServerRepo):
    """Display names, sealed under a key-file key bound to the account id."""

    _m = t.DisplayNameRow

    _purpose = "display-name"

    def _open(self, account_id: Any, sealed: Any) -> str:
        return self._cipher().decrypt("display_name", "name", str(account_id), bytes(sealed))

    def get(self, account_id: int) -> str | None:
        m = self._m
        row = self._db.execute(
            m.select(m.account_id, m.name_sealed).where(m.account_id == account_id)
        ).fetchone()
        return None if row is None else self._open(row[0], row[1])

    def put(self, account_id: int, name: str | None, at: datetime) -> None:
        m = self._m
        m.delete().where(m.account_id == account_id).execute(self._db)
        if name:
            sealed = self._cipher().encrypt("display_name", "name", str(account_id), name)
            m.insert(
                {m.account_id: account_id, m.name_sealed: sealed, m.updated_at: self._ts(at)}
            ).execute(self._db)

    def all(self) -> dict[int, str]:
        m = self._m
        rows = self._db.execute(m.select(m.account_id, m.name_sealed)).fetchall()
        return {int(r[0]): self._open(r[0], r[1]) for r in rows}
