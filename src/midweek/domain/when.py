"""Reading the dates and times people type, relative to an explicit ``now``.

Accepted: ISO dates (2026-11-20), ISO date-times (2026-11-20 18:30, 2026-11-20T18:30),
``today``/``yesterday``/``tomorrow`` with an optional time, a bare time (18:30, meaning
today), and weekday names (``monday`` = the most recent Monday, today included).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from midweek.domain.errors import ValidationError

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_TIME = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$", re.IGNORECASE)

DATE_HELP = "a date like 2026-11-20, or today, yesterday, tomorrow or a weekday name"
DATETIME_HELP = "a date and time like 2026-11-20 18:30, or yesterday 21:00, or just 18:30"

#: The days midweek keeps records for. Python's own range (years 1-9999) is not enough:
#: a week's arithmetic or a time-zone shift near its ends overflows (a 500, not an answer),
#: and no one's homework, session or journal entry is dated outside these.
EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)


def out_of_range(day: date, what: str = "date") -> str | None:
    """The sentence to say when ``day`` is outside EARLIEST..LATEST, else None."""
    if EARLIEST <= day <= LATEST:
        return None
    return f"Please give a {what} between {EARLIEST.year} and {LATEST.year}."


def check_day(day: date, *, what: str = "date") -> date:
    """``day`` if midweek can keep it; ValidationError (naming the field) if not."""
    problem = out_of_range(day, what)
    if problem is not None:
        raise ValidationError(problem, field=what)
    return day


def _parse_time(text: str) -> time | None:
    m = _TIME.match(text.strip())
    if not m:
        return None
    hour, minute, half = int(m.group(1)), int(m.group(2) or 0), (m.group(3) or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _relative_day(word: str, today: date) -> date | None:
    word = word.lower()
    if word == "today":
        return today
    if word == "yesterday":
        return today - timedelta(days=1)
    if word == "tomorrow":
        return today + timedelta(days=1)
    if word in _WEEKDAYS:
        back = (today.weekday() - _WEEKDAYS.index(word)) % 7
        return today - timedelta(days=back)
    return None


def parse_date(text: str, *, now: datetime, what: str = "date") -> date:
    """A day the person typed; raises ValidationError with an example of the right form."""
    raw = text.strip()
    day = _relative_day(raw, now.date())
    if day is not None:
        return check_day(day, what=what)
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(
            f"I couldn't read “{text}” as a {what}; please use {DATE_HELP}.", field=what
        ) from None
    return check_day(day, what=what)


def parse_datetime(
    text: str, *, now: datetime, what: str = "time", future_ok: bool = False
) -> datetime:
    """A moment the person typed, in ``now``'s time zone.

    Things that happened cannot be more than a day ahead; ``future_ok`` is for appointments.
    """
    raw = text.strip()
    tz = now.tzinfo
    parsed: datetime | None = None
    bare = _parse_time(raw)
    if bare is not None:
        parsed = datetime.combine(now.date(), bare, tz)
    else:
        parts = raw.replace("T", " ", 1).split(None, 1) if raw else []
        if parts:
            day = _relative_day(parts[0], now.date())
            if day is None:
                try:
                    day = date.fromisoformat(parts[0])
                except ValueError:
                    day = None
            if day is not None:
                clock = _parse_time(parts[1]) if len(parts) == 2 else time(12, 0)
                if clock is not None:
                    parsed = datetime.combine(day, clock, tz)
        if parsed is None:
            try:
                candidate = datetime.fromisoformat(raw)
            except ValueError:
                candidate = None
            if candidate is not None:
                parsed = candidate if candidate.tzinfo else candidate.replace(tzinfo=tz)
    if parsed is None:
        raise ValidationError(
            f"I couldn't read “{text}” as a {what}; please use {DATETIME_HELP}.", field=what
        )
    check_day(parsed.date(), what=what)
    if not future_ok and parsed - now > timedelta(days=1):
        raise ValidationError(
            f"“{text}” is in the future; things can be recorded for now or for the past.",
            field=what,
        )
    return parsed


def week_start(day: date, *, anchor: date | None) -> date:
    """First day of the practice week containing ``day``.

    Weeks follow the person's session day (the weekday of ``anchor``, usually the latest
    session), not the calendar week; with no anchor they start on Monday.
    """
    first_weekday = anchor.weekday() if anchor is not None else 0
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)
