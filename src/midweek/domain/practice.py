"""Partial credit for practice: done counts, partly done counts too, never all-or-nothing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from midweek.domain.entities import Assignment, Outcome, PracticeLog
from midweek.domain.errors import ValidationError
from midweek.i18n import _

QUALITY_RANGE = range(0, 5)
MAX_MINUTES = 24 * 60


def credit(log: PracticeLog, planned_minutes: int) -> float:
    """How much of one planned practice this log is worth, from 0 to 1.

    Done is 1; skipped is 0; partial is a half, or more when the minutes logged say so
    (20 of 30 planned minutes is two thirds), but never a full practice.
    """
    if log.outcome is Outcome.DONE:
        return 1.0
    if log.outcome is Outcome.SKIPPED:
        return 0.0
    half = 0.5
    if log.minutes and planned_minutes > 0:
        return max(half, min(log.minutes / planned_minutes, 0.99))
    return half


@dataclass(frozen=True)
class WeekProgress:
    planned: int
    credit: float
    done: int
    partial: int
    skipped: int
    minutes: int
    planned_minutes: int

    @property
    def remaining(self) -> float:
        return max(0.0, self.planned - self.credit)


def week_progress(a: Assignment, logs: Iterable[PracticeLog]) -> WeekProgress:
    """Progress on one assignment from the logs of one week (caller picks the week)."""
    done = partial = skipped = minutes = 0
    total = 0.0
    for log in logs:
        if log.assignment_id != a.id:
            continue
        total += credit(log, a.minutes)
        minutes += log.minutes or 0
        if log.outcome is Outcome.DONE:
            done += 1
        elif log.outcome is Outcome.PARTIAL:
            partial += 1
        else:
            skipped += 1
    return WeekProgress(
        planned=a.per_week,
        credit=total,
        done=done,
        partial=partial,
        skipped=skipped,
        minutes=minutes,
        planned_minutes=a.per_week * a.minutes,
    )


def check_practice(log: PracticeLog) -> None:
    """Reject impossible practice logs before anything is written."""
    if log.quality is not None and log.quality not in QUALITY_RANGE:
        raise ValidationError(
            _("How it went is rated from 0 to 4; {log_quality} is outside that.").format(
                log_quality=log.quality
            ),
            field="quality",
        )
    if log.minutes is not None and not 0 <= log.minutes <= MAX_MINUTES:
        raise ValidationError(
            _(
                "Minutes should be between 0 and {MAX_MINUTES}; {log_minutes} is outside that."
            ).format(MAX_MINUTES=MAX_MINUTES, log_minutes=log.minutes),
            field="minutes",
        )
