"""The check-in history's mood series: one value a day in the person's zone, gaps kept."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from midweek.domain.entities import Checkin, CheckinKind
from midweek.services.history import daily_mood

TOKYO = ZoneInfo("Asia/Tokyo")


def _mood(at: datetime, mood: int) -> Checkin:
    return Checkin(kind=CheckinKind.MOOD, at=at, mood=mood)


def test_a_day_is_the_mean_of_its_moods_and_a_day_without_one_is_a_gap() -> None:
    days = daily_mood(
        [
            _mood(datetime(2026, 12, 1, 1, 0, tzinfo=UTC), 4),
            _mood(datetime(2026, 12, 1, 2, 0, tzinfo=UTC), 7),
            Checkin(kind=CheckinKind.PHQ9, at=datetime(2026, 12, 2, tzinfo=UTC), total=9),
        ],
        today=date(2026, 12, 3),
        zone=UTC,
        days=4,
    )
    assert [(d.day.day, d.mood) for d in days] == [(30, None), (1, 5.5), (2, None), (3, None)]


def test_days_are_counted_in_the_persons_zone_and_older_moods_are_left_out() -> None:
    late = datetime(2026, 12, 2, 20, 0, tzinfo=UTC)  # 05:00 on 3 December in Tokyo
    old = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
    days = daily_mood([_mood(late, 6), _mood(old, 1)], today=date(2026, 12, 3), zone=TOKYO, days=3)
    assert [d.mood for d in days] == [None, None, 6]
