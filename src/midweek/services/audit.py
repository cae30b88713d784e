"""The audit log: one event for each thing someone may later ask about (a sign-in, a
therapist's read or write, a change to sharing, an edit or deletion), written inside the
use case's own transaction so it commits, or rolls back, with what it records."""

from __future__ import annotations

from datetime import datetime

from midweek.domain.accounts import AuditEvent
from midweek.services.ports import AccountsUnitOfWork


def audit(
    uow: AccountsUnitOfWork,
    action: str,
    now: datetime,
    *,
    actor: int | None = None,
    subject: int | None = None,
    detail: str = "",
) -> None:
    """Record ``action`` at ``now``: by account ``actor``, about person ``subject``, with
    ``detail`` naming ids and kinds (never what someone wrote)."""
    uow.audit.add(
        AuditEvent(
            at=now, action=action, actor_account_id=actor, subject_person_id=subject, detail=detail
        )
    )
