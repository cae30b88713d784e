from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from midweek.domain.errors import ValidationError
from midweek.domain.when import parse_date, parse_datetime, week_start

TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 27, 14, 30, tzinfo=TZ)  # a Friday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20", date(2026, 11, 20)),
        ("today", date(2026, 11, 27)),
        ("Yesterday", date(2026, 11, 26)),
        ("tomorrow", date(2026, 11, 28)),
        ("friday", date(2026, 11, 27)),
        ("monday", date(2026, 11, 23)),
        ("saturday", date(2026, 11, 21)),
    ],
)
def test_parse_date_forms(text: str, expected: date) -> None:
    assert parse_date(text, now=NOW) == expected


@pytest.mark.parametrize("text", ["20/11/2026", "2026-13-01", "next week", ""])
def test_parse_date_rejects_with_example(text: str) -> None:
    with pytest.raises(ValidationError, match="2026-11-20"):
        parse_date(text, now=NOW)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18:30", datetime(2026, 11, 27, 18, 30, tzinfo=TZ)),
        ("7pm", datetime(2026, 11, 27, 19, 0, tzinfo=TZ)),
        ("yesterday 21:00", datetime(2026, 11, 26, 21, 0, tzinfo=TZ)),
        ("2026-11-20 08:05", datetime(2026, 11, 20, 8, 5, tzinfo=TZ)),
        ("2026-11-20T08:05", datetime(2026, 11, 20, 8, 5, tzinfo=TZ)),
        ("2026-11-20", datetime(2026, 11, 20, 12, 0, tzinfo=TZ)),
        ("12am", datetime(2026, 11, 27, 0, 0, tzinfo=TZ)),
        ("2026-11-20T08:05:00+00:00", datetime(2026, 11, 20, 8, 5, tzinfo=UTC)),
    ],
)
def test_parse_datetime_forms(text: str, expected: datetime) -> None:
    assert parse_datetime(text, now=NOW) == expected


@pytest.mark.parametrize("text", ["25:00", "13pm", "at", "soon", "next week", "tuesday next"])
def test_parse_datetime_rejects(text: str) -> None:
    with pytest.raises(ValidationError, match="couldn't read"):
        parse_datetime(text, now=NOW)


def test_future_is_refused_for_things_that_happened_but_allowed_for_appointments() -> None:
    with pytest.raises(ValidationError, match="future"):
        parse_datetime("2026-12-05 10:00", now=NOW)
    assert parse_datetime("2026-12-05 10:00", now=NOW, future_ok=True).day == 5


def test_week_follows_the_session_day_not_the_calendar() -> None:
    tuesday_session = date(2026, 11, 17)
    assert week_start(date(2026, 11, 27), anchor=tuesday_session) == date(2026, 11, 24)
    # the session day itself starts a new week
    assert week_start(date(2026, 11, 24), anchor=tuesday_session) == date(2026, 11, 24)
    # the day before belongs to the previous week
    assert week_start(date(2026, 11, 23), anchor=tuesday_session) == date(2026, 11, 17)
    assert week_start(date(2026, 11, 27), anchor=None) == date(2026, 11, 23)
