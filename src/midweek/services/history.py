"""A person's check-in history: every check-in newest first, with the series its charts draw.

The mood series has one value per day of the last few weeks, days in the person's own zone
(the zone of ``now``): the mean of that day's mood check-ins, or None for a day without one,
so a gap shows as a gap. The PHQ-9 and GAD-7 series are their scores, oldest first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from midweek.domain.entities import Checkin, CheckinKind
from midweek.services.ports import UnitOfWork

#: The weeks the mood chart covers.
MOOD_WEEKS = 6
#: Check-ins listed on the page; older ones stay in the records and the exports.
LISTED = 200
#: Scores drawn per instrument (the latest ones).
SCORES_DRAWN = 24


@dataclass(frozen=True)
class MoodDay:
    day: date
    mood: float | None  # the day's mean mood, one decimal; None: no mood check-in that day


@dataclass(frozen=True)
class Scores:
    kind: CheckinKind
    points: list[tuple[datetime, int]]  # (when, total), oldest first


@dataclass(frozen=True)
class History:
    checkins: list[Checkin]  # newest first, at most LISTED
    more: bool  # older check-ins exist beyond the list
    mood: list[MoodDay]  # oldest first, one per day of the last MOOD_WEEKS weeks
    scores: list[Scores]  # per instrument the person has used (PHQ-9 first)

    @property
    def has_mood(self) -> bool:
        return any(d.mood is not None for d in self.mood)


def daily_mood(
    checkins: Iterable[Checkin], *, today: date, zone: tzinfo, days: int
) -> list[MoodDay]:
    """One ``MoodDay`` for each of the ``days`` days ending ``today`` (in ``zone``)."""
    first = today - timedelta(days=days - 1)
    by_day: dict[date, list[int]] = defaultdict(list)
    for c in checkins:
        if c.kind is CheckinKind.MOOD and c.mood is not None:
            day = c.at.astimezone(zone).date()
            if first <= day <= today:
                by_day[day].append(c.mood)
    out = []
    for i in range(days):
        day = first + timedelta(days=i)
        moods = by_day.get(day)
        out.append(MoodDay(day, round(sum(moods) / len(moods), 1) if moods else None))
    return out


def checkin_history(uow: UnitOfWork, *, now: datetime) -> History:
    """The person's check-ins and the series for the mood and score charts."""
    zone = now.tzinfo
    assert zone is not None, "now must be aware (the person's zone)"
    days = MOOD_WEEKS * 7
    since = now - timedelta(days=days + 1)  # a day's slack for zones; daily_mood trims
    with uow:
        listed = uow.checkins.list(limit=LISTED + 1)
        recent_mood = uow.checkins.list(kind=CheckinKind.MOOD, since=since)
        scored = {
            kind: uow.checkins.list(kind=kind, limit=SCORES_DRAWN)
            for kind in (CheckinKind.PHQ9, CheckinKind.GAD7)
        }
    scores = [
        Scores(kind, [(c.at, c.total) for c in reversed(found) if c.total is not None])
        for kind, found in scored.items()
        if any(c.total is not None for c in found)
    ]
    return History(
        checkins=listed[:LISTED],
        more=len(listed) > LISTED,
        mood=daily_mood(recent_mood, today=now.date(), zone=zone, days=days),
        scores=scores,
    )
