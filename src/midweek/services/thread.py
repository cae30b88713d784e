"""The thread across sessions, read for a bounded window so its cost does not grow with
years of history: the last few matching sessions and what happened since the first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from midweek.domain.errors import ValidationError
from midweek.domain.thread import ThreadStep, build_thread, select_sessions
from midweek.i18n import _
from midweek.services.ports import UnitOfWork

DEFAULT_SESSIONS = 6


@dataclass(frozen=True)
class Thread:
    theme: str | None
    goal_id: int | None
    goal_text: str | None
    steps: list[ThreadStep]
    earlier: int  # matching sessions left out by the limit


def thread(
    uow: UnitOfWork,
    *,
    now: datetime,
    theme: str | None = None,
    goal_id: int | None = None,
    sessions: int | None = DEFAULT_SESSIONS,
) -> Thread:
    """The last ``sessions`` matching sessions (None: all) with what followed each."""
    if theme is not None and goal_id is not None:
        raise ValidationError(_("Please follow either a theme or a goal, not both at once."))
    if sessions is not None and sessions < 1:
        raise ValidationError(_("The number of sessions should be 1 or more."), field="sessions")
    with uow:
        goal_text = uow.goals.get(goal_id).text if goal_id is not None else None
        all_sessions = uow.sessions.list()
        assignments = uow.homework.list()
        chosen = select_sessions(all_sessions, assignments, theme=theme, goal_id=goal_id)
        earlier = max(0, len(chosen) - sessions) if sessions is not None else 0
        chosen = chosen[earlier:]
        if not chosen:
            return Thread(theme, goal_id, goal_text, [], 0)
        since = datetime.combine(chosen[0].date, time.min, now.tzinfo)
        logs = uow.practice.list(since=since)
        barriers = uow.barriers.list(since=since)
        entries = list(uow.journal.iter_newest_first(since=since))
    steps = build_thread(
        chosen,
        all_session_dates=[s.date for s in all_sessions],
        assignments=assignments,
        logs=logs,
        barriers=barriers,
        entries=entries,
        today=now.date(),
        goal_id=goal_id,
        tz=now.tzinfo,
    )
    return Thread(theme, goal_id, goal_text, steps, earlier)
