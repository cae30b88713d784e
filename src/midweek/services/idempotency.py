"""One tap is one write: a repeated request with the same idempotency key is answered with
the first answer instead of running the write again.

Every write from the web carries a key (a hidden field a page renders fresh for each form,
or an ``Idempotency-Key`` header from a program or a queued offline request). The first
request with a key claims it for its account; a repeat by the same account gets the first
answer back (or waits while the first is still running); the same key with a different
request is refused. Keys are per account, and are forgotten after ``KEPT_FOR``. Only an
HMAC of what was sent is stored, and the first answer is stored sealed.
"""

from __future__ import annotations

import base64
import hmac
import json
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from midweek import messages
from midweek.domain.errors import ValidationError
from midweek.services.ports import AccountsUnitOfWork

#: How long a key is remembered.
KEPT_FOR = timedelta(hours=24)
#: A claim with no answer after this long belongs to a request that never finished (the
#: server stopped mid-way): a repeat may claim the key again.
ABANDONED_AFTER = timedelta(seconds=60)
#: What a key may look like: the pages' keys are URL-safe base64; programs may use UUIDs.
KEY_PATTERN = re.compile(r"[A-Za-z0-9_.~:-]{8,128}")


def new_key() -> str:
    """A fresh random key (what a rendered form carries)."""
    return secrets.token_urlsafe(18)


def check_key(key: str) -> str:
    """``key`` if it can be one; else ValidationError (one sentence)."""
    if not KEY_PATTERN.fullmatch(key):
        raise ValidationError(messages.IDEMPOTENCY_KEY_INVALID, field="idempotency_key")
    return key


def request_hash(secret: bytes, *parts: bytes) -> str:
    """What is stored to recognise a request: an HMAC under the server's secret (a plain
    hash of a short form could be reversed by trying every likely value)."""
    mac = hmac.new(secret, b"idempotency\x00", "sha256")
    for part in parts:
        mac.update(len(part).to_bytes(8, "big"))
        mac.update(part)
    return mac.hexdigest()


@dataclass(frozen=True)
class Answer:
    """The first answer to a request: status, the headers worth repeating, the body."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def to_json(self) -> str:
        return json.dumps(
            {
                "status": self.status,
                "headers": [list(h) for h in self.headers],
                "body": base64.b64encode(self.body).decode("ascii"),
            }
        )

    @classmethod
    def from_json(cls, text: str) -> Answer:
        data = json.loads(text)
        return cls(
            status=int(data["status"]),
            headers=tuple((str(k), str(v)) for k, v in data["headers"]),
            body=base64.b64decode(data["body"]),
        )


@dataclass(frozen=True)
class Claimed:
    """This request holds the key: run the write, then ``finish`` or ``release``."""

    claim: str


@dataclass(frozen=True)
class InFlight:
    """Another request with the key is still running: ask again in a moment."""


def begin(
    uow: AccountsUnitOfWork, account_id: int, key: str, sent: str, *, now: datetime
) -> Claimed | Answer | InFlight:
    """Claim ``key`` for ``account_id``, or say what became of the request that did.

    ``sent`` is the request's ``request_hash``; the same key with another request is a
    ValidationError, whatever state the first one is in.
    """
    claim = secrets.token_hex(16)
    with uow:
        uow.idempotency.prune(now - KEPT_FOR)
        uow.idempotency.abandon(account_id, key, now - ABANDONED_AFTER)
        record = uow.idempotency.claim(account_id, key, sent, claim, now)
        uow.commit()
    if not hmac.compare_digest(record.request_hash, sent):
        raise ValidationError(messages.IDEMPOTENCY_KEY_REUSED, field="idempotency_key")
    if record.claim == claim:
        return Claimed(claim)
    if record.response is None:
        return InFlight()
    return Answer.from_json(record.response)


def finish(
    uow: AccountsUnitOfWork,
    account_id: int,
    key: str,
    claimed: Claimed,
    answer: Answer,
    *,
    now: datetime,
) -> None:
    """Keep ``answer`` as the one every repeat of ``key`` gets."""
    with uow:
        uow.idempotency.complete(
            account_id, key, claimed.claim, answer.status, answer.to_json(), now
        )
        uow.commit()


def release(uow: AccountsUnitOfWork, account_id: int, key: str, claimed: Claimed) -> None:
    """Forget the claim (the request failed, so nothing was written): a repeat runs again."""
    with uow:
        uow.idempotency.release(account_id, key, claimed.claim)
        uow.commit()
