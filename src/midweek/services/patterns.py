"""Barrier patterns over the last weeks (PRODUCT.md, cap. 6): what got in the way, how often,
which homework it touched and which next steps were tried."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from midweek import messages
from midweek.domain.adherence import BarrierPatterns, barrier_patterns
from midweek.domain.errors import ValidationError
from midweek.services.ports import UnitOfWork

MAX_WEEKS = 52


@dataclass(frozen=True)
class BarrierOverview:
    """Patterns for the days ``first_day``..``last_day`` (``weeks`` whole weeks to today);
    ``titles`` names every assignment the patterns mention."""

    weeks: int
    first_day: date
    last_day: date
    patterns: BarrierPatterns
    titles: dict[int, str]


def barrier_overview(uow: UnitOfWork, *, now: datetime, weeks: int = 4) -> BarrierOverview:
    """Barriers noted in the last ``weeks`` weeks (1 to 52), up to the end of today in
    ``now``'s time zone."""
    if isinstance(weeks, bool) or not 1 <= weeks <= MAX_WEEKS:
        raise ValidationError(messages.barrier_weeks(MAX_WEEKS), field="weeks")
    last_day = now.date()
    until = datetime.combine(last_day + timedelta(days=1), time.min, now.tzinfo)
    since = until - timedelta(weeks=weeks)
    with uow:
        barriers = uow.barriers.list(since=since)
        patterns = barrier_patterns(barriers, since=since, until=until)
        hit = {ident for per_kind in patterns.assignments.values() for ident in per_kind}
        titles = {a.id: a.title for a in uow.homework.list() if a.id in hit and a.id is not None}
    return BarrierOverview(
        weeks=weeks,
        first_day=since.date(),
        last_day=last_day,
        patterns=patterns,
        titles=titles,
    )
