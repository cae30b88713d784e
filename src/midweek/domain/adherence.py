"""Adherence with partial credit, per assignment and practice week; small wins; barrier patterns.

Numbers only: the kind wording around them lives in the messages module. Practice weeks
follow the person's session day (``when.week_start``); a practice counts through
``practice.week_progress`` / ``practice.credit``, so partial practice is credited the same
way everywhere. Periods of days are inclusive; periods of moments are ``[since, until)``.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from enum import StrEnum

from midweek.domain.entities import Assignment, Barrier, BarrierKind, Outcome, PracticeLog
from midweek.domain.practice import week_progress
from midweek.domain.when import week_start

DAYS_PER_WEEK = 7
_ONE_DAY = timedelta(days=1)


def _ratio(credit: float, planned: float) -> float | None:
    # Extra practice is welcome, so the ratio may pass 1; with nothing planned there is none.
    if planned <= 0:
        return None
    return max(0.0, credit / planned)


def _local_day(moment: datetime, tz: tzinfo | None) -> date:
    return (moment.astimezone(tz) if tz is not None else moment).date()


# ----------------------------------------------------------------------------- weeks


@dataclass(frozen=True)
class Week:
    """One practice week, clipped to the period: it counts ``first_day``..``last_day``."""

    week_start: date  # the practice week's real first day; before ``first_day`` if clipped
    first_day: date
    last_day: date

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1


def practice_weeks(session_dates: Sequence[date], start: date, end: date) -> list[Week]:
    """The practice weeks covering ``start``..``end`` in order, every day in exactly one.

    A day belongs to ``week_start(day, anchor=latest session on or before it)``. A session
    day always starts a week, so when the session moves, the week before it is shorter.
    """
    sessions = sorted(set(session_dates))
    weeks: list[Week] = []
    day = start
    while day <= end:
        later = bisect.bisect_right(sessions, day)  # index of the first session after ``day``
        anchor = sessions[later - 1] if later else None
        first = week_start(day, anchor=anchor)
        stop = first + timedelta(days=DAYS_PER_WEEK)
        if later < len(sessions):
            stop = min(stop, sessions[later])
        last = min(stop - _ONE_DAY, end)
        weeks.append(Week(week_start=first, first_day=day, last_day=last))
        day = last + _ONE_DAY
    return weeks


# ----------------------------------------------------------------------------- adherence


@dataclass(frozen=True)
class AssignmentWeek:
    """One assignment in one practice week: planned (pro-rated) against what was practised.

    ``mean_quality`` averages the ``rated`` quality ratings of done and partial practices.
    """

    assignment_id: int
    week_start: date
    first_day: date
    last_day: date
    planned: float
    done: int
    partial: int
    skipped: int
    credit: float
    minutes: int
    planned_minutes: float
    mean_quality: float | None
    rated: int

    @property
    def ratio(self) -> float | None:
        """Credit over planned (may pass 1, never below 0); None when nothing was planned."""
        return _ratio(self.credit, self.planned)


def _active(a: Assignment, day: date, tz: tzinfo | None) -> bool:
    # Same rule as ``Assignment.is_active`` (the day it was ended no longer counts), with the
    # end moment read in the person's zone rather than in whatever zone storage returned.
    if day < a.start or (a.end is not None and day > a.end):
        return False
    return a.ended_at is None or day < _local_day(a.ended_at, tz)


def _ratings(logs: Iterable[PracticeLog]) -> list[int]:
    # A skipped practice has nothing to rate, so only done and partial ratings count.
    return [
        log.quality
        for log in logs
        if log.quality is not None and log.outcome is not Outcome.SKIPPED
    ]


def adherence(
    assignments: Iterable[Assignment],
    logs: Iterable[PracticeLog],
    *,
    session_dates: Sequence[date],
    start: date,
    end: date,
    tz: tzinfo | None = None,
) -> list[AssignmentWeek]:
    """Planned vs practised per assignment and practice week over ``start``..``end``.

    Planned is ``per_week × active days / 7`` (pro-rated for a start, end, early end or a
    clipped week); a week appears when the assignment was active in it or has logs there.
    Log moments become days in ``tz`` (default: each moment's own zone). Ordered by
    assignment as given, then week.
    """
    weeks = practice_weeks(session_dates, start, end)
    firsts = [w.first_day for w in weeks]
    grouped: dict[tuple[int, int], list[PracticeLog]] = {}
    for log in logs:
        if log.assignment_id is None:
            continue
        day = _local_day(log.at, tz)
        if not start <= day <= end:
            continue
        index = bisect.bisect_right(firsts, day) - 1
        grouped.setdefault((log.assignment_id, index), []).append(log)

    result: list[AssignmentWeek] = []
    for a in assignments:
        if a.id is None:
            raise ValueError("adherence needs saved assignments (with an id)")
        for index, week in enumerate(weeks):
            here = grouped.get((a.id, index), [])
            active = sum(
                _active(a, week.first_day + timedelta(days=i), tz) for i in range(week.days)
            )
            if not active and not here:
                continue
            progress = week_progress(a, here)
            planned = a.per_week * active / DAYS_PER_WEEK
            ratings = _ratings(here)
            result.append(
                AssignmentWeek(
                    assignment_id=a.id,
                    week_start=week.week_start,
                    first_day=week.first_day,
                    last_day=week.last_day,
                    planned=planned,
                    done=progress.done,
                    partial=progress.partial,
                    skipped=progress.skipped,
                    credit=progress.credit,
                    minutes=progress.minutes,
                    planned_minutes=planned * a.minutes,
                    mean_quality=sum(ratings) / len(ratings) if ratings else None,
                    rated=len(ratings),
                )
            )
    return result


@dataclass(frozen=True)
class Totals:
    """Whole-period sums over some assignment weeks."""

    weeks: int
    planned: float
    done: int
    partial: int
    skipped: int
    credit: float
    minutes: int
    planned_minutes: float
    mean_quality: float | None
    rated: int

    @property
    def ratio(self) -> float | None:
        """Credit over planned (may pass 1, never below 0); None when nothing was planned."""
        return _ratio(self.credit, self.planned)


@dataclass(frozen=True)
class Summary:
    by_assignment: dict[int, Totals]
    overall: Totals


def _totals(weeks: Sequence[AssignmentWeek]) -> Totals:
    rated = sum(w.rated for w in weeks)
    quality_sum = sum((w.mean_quality or 0.0) * w.rated for w in weeks)
    return Totals(
        weeks=len(weeks),
        planned=sum(w.planned for w in weeks),
        done=sum(w.done for w in weeks),
        partial=sum(w.partial for w in weeks),
        skipped=sum(w.skipped for w in weeks),
        credit=sum(w.credit for w in weeks),
        minutes=sum(w.minutes for w in weeks),
        planned_minutes=sum(w.planned_minutes for w in weeks),
        mean_quality=quality_sum / rated if rated else None,
        rated=rated,
    )


def summarise(weeks: Iterable[AssignmentWeek]) -> Summary:
    """Totals per assignment (in first-seen order) and overall; mean quality over all ratings."""
    listed = list(weeks)
    per: dict[int, list[AssignmentWeek]] = {}
    for w in listed:
        per.setdefault(w.assignment_id, []).append(w)
    return Summary(
        by_assignment={ident: _totals(ws) for ident, ws in per.items()},
        overall=_totals(listed),
    )


# ----------------------------------------------------------------------------- small wins


class WinKind(StrEnum):
    DESPITE_BARRIER = "despite-barrier"
    FIRST_PRACTICE = "first-practice"
    BEST_QUALITY = "best-quality"


@dataclass(frozen=True)
class Win:
    kind: WinKind
    assignment_id: int
    log_id: int | None
    at: datetime


def small_wins(
    assignments: Iterable[Assignment],
    logs: Iterable[PracticeLog],
    barriers: Iterable[Barrier],
    *,
    since: datetime,
    until: datetime,
) -> list[Win]:
    """Wins among the done and partial practices logged in ``[since, until)``, by time.

    Pass the whole log history: earlier practice decides what is a first practice or a
    best quality. A practice can be more than one kind of win.
    """
    ids = {a.id for a in assignments if a.id is not None}
    first_barrier: dict[int, datetime] = {}
    for b in barriers:
        if b.assignment_id in ids and since <= b.at < until:
            seen = first_barrier.get(b.assignment_id)
            first_barrier[b.assignment_id] = b.at if seen is None else min(seen, b.at)

    practised = sorted(
        (log for log in logs if log.assignment_id in ids and log.outcome is not Outcome.SKIPPED),
        key=lambda log: log.at,
    )
    wins: list[Win] = []
    started: set[int] = set()
    best: dict[int, int] = {}
    for log in practised:
        ident = log.assignment_id
        assert ident is not None  # filtered above; tells the type checker
        in_period = since <= log.at < until
        kinds: list[WinKind] = []
        if in_period and ident in first_barrier and log.at > first_barrier[ident]:
            kinds.append(WinKind.DESPITE_BARRIER)
        if in_period and ident not in started:
            kinds.append(WinKind.FIRST_PRACTICE)
        started.add(ident)
        if log.quality is not None:
            earlier = best.get(ident)
            if in_period and earlier is not None and log.quality > earlier:
                kinds.append(WinKind.BEST_QUALITY)
            best[ident] = log.quality if earlier is None else max(earlier, log.quality)
        wins.extend(Win(kind=k, assignment_id=ident, log_id=log.id, at=log.at) for k in kinds)
    order = list(WinKind)
    return sorted(wins, key=lambda w: (w.at, order.index(w.kind)))


# ----------------------------------------------------------------------------- barriers


@dataclass(frozen=True)
class BarrierPatterns:
    """Barriers in a period: every kind is a key, with zero or empty values where none.

    ``assignments`` maps assignment id to count, most often first; ``next_steps`` are the
    distinct steps chosen, most recent first.
    """

    counts: dict[BarrierKind, int]
    assignments: dict[BarrierKind, dict[int, int]]
    next_steps: dict[BarrierKind, list[str]]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def barrier_patterns(
    barriers: Iterable[Barrier], *, since: datetime, until: datetime
) -> BarrierPatterns:
    """Counts by kind, assignments hit and next steps chosen for barriers in ``[since, until)``."""
    inside = sorted(
        (b for b in barriers if since <= b.at < until), key=lambda b: b.at, reverse=True
    )
    counts = {kind: 0 for kind in BarrierKind}
    hit: dict[BarrierKind, Counter[int]] = {kind: Counter() for kind in BarrierKind}
    steps: dict[BarrierKind, list[str]] = {kind: [] for kind in BarrierKind}
    for b in inside:
        counts[b.kind] += 1
        if b.assignment_id is not None:
            hit[b.kind][b.assignment_id] += 1
        if b.next_step is not None and b.next_step not in steps[b.kind]:
            steps[b.kind].append(b.next_step)
    assignments = {
        kind: dict(sorted(c.items(), key=lambda item: (-item[1], item[0])))
        for kind, c in hit.items()
    }
    return BarrierPatterns(counts=counts, assignments=assignments, next_steps=steps)
