"""Therapy sessions: the day, what the person took away, the themes, the next appointment."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from midweek.domain import rules
from midweek.domain.entities import TherapySession
from midweek.services.ports import UnitOfWork


def _clean_list(items: Sequence[str], *, label: str, field: str) -> list[str]:
    return [rules.check_text(i, label=label, field=field, limit=2000) for i in items if i.strip()]


def add_session(
    uow: UnitOfWork,
    *,
    day: date,
    takeaways: Sequence[str],
    themes: Sequence[str],
    next_appointment: datetime | None,
    now: datetime,
) -> TherapySession:
    """Record a therapy session with what was learned and the themes."""
    s = new_session(
        day=day, takeaways=takeaways, themes=themes, next_appointment=next_appointment, now=now
    )
    with uow:
        uow.sessions.add(s)
        uow.commit()
    return s


def new_session(
    *,
    day: date,
    takeaways: Sequence[str],
    themes: Sequence[str],
    next_appointment: datetime | None,
    now: datetime,
) -> TherapySession:
    """A checked, unsaved session (ValidationError for a takeaway or theme out of bounds)."""
    return TherapySession(
        date=day,
        takeaways=_clean_list(takeaways, label="A takeaway", field="takeaway"),
        themes=_clean_list(themes, label="A theme", field="theme"),
        next_appointment=next_appointment,
        created_at=now,
    )


def list_sessions(uow: UnitOfWork, *, limit: int | None = None) -> list[TherapySession]:
    with uow:
        return uow.sessions.list(limit=limit)


def get_session(uow: UnitOfWork, ident: int) -> TherapySession:
    with uow:
        return uow.sessions.get(ident)
