"""Goals: the value each serves, the readiness ruler (importance and confidence, 0–10), and
a status that includes "paused" and "chose not to pursue"."""

from __future__ import annotations

from datetime import datetime

from midweek.domain import rules
from midweek.domain.entities import Goal, GoalStatus
from midweek.services.ports import UnitOfWork


def add_goal(
    uow: UnitOfWork,
    *,
    text: str,
    value: str | None,
    importance: int,
    confidence: int,
    now: datetime,
) -> Goal:
    """A goal linked to the value it serves, with the readiness ruler (0–10 each)."""
    g = Goal(
        text=text,
        value=value,
        importance=importance,
        confidence=confidence,
        created_at=now,
        updated_at=now,
    )
    rules.check_goal(g)
    with uow:
        uow.goals.add(g)
        uow.commit()
    return g


def list_goals(uow: UnitOfWork) -> list[Goal]:
    with uow:
        return uow.goals.list()


def set_goal_status(uow: UnitOfWork, ident: int, status: GoalStatus, *, now: datetime) -> Goal:
    with uow:
        g = uow.goals.get(ident)
        g.status = status
        g.updated_at = now
        uow.goals.update(g)
        uow.commit()
    return g
