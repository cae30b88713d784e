"""One grammar for the dates and times people type, relative to an explicit ``now``.

Every place that reads a date or a time uses this module: the CLI's ``--at``, ``--next``
and date options, plan windows, worksheet time and date fields and the web forms. So
"Today 09:00" works wherever "today 09:00" does, and a refusal reads the same everywhere.

Read, in any capitalisation and spacing:

- days: ISO dates (2026-11-20); today, tonight, yesterday, tomorrow; weekday names
  (Monday, "mon", "tues") alone or with next/last/this;
- clock times: 18:30, 7.30, 19h30, 6pm, 6:30 pm, 11:45 p.m., noon, midnight;
- moments: a day and a time either way round, "at" allowed between ("Today 09:00",
  "next tuesday 6pm", "6pm tomorrow", "yesterday at noon"), a time alone (today), ISO
  date-times with or without an offset;
- plan windows: a weekday and two times ("Mon 7-8", "Wed 6-7pm", "Sat noon – 1pm").

Moments are made in ``now``'s time zone, so give ``now`` an IANA zone (``zoneinfo``) for
the right answer across a daylight-saving change. A bare weekday means the most recent one
(today included) for things that happened, and the coming one (today included) for
appointments (``future_ok``); "next" is always after today and "last" always before.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from midweek.domain.errors import ValidationError
from midweek.i18n import _

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

#: Examples named when something cannot be read, one per kind of answer.
DATE_EXAMPLE = "2026-11-20, today or next tuesday"
TIME_EXAMPLE = "18:30 or 6:30pm"
MOMENT_EXAMPLE = "“next tuesday 6pm”, “yesterday 21:00” or “2026-11-20 18:30”"
WINDOW_EXAMPLE = "“Mon 7-8”, “Wed 6-7pm” or “Sat 07:30-07:45”"

#: The days midweek keeps records for. Python's own range (years 1-9999) is not enough:
#: a week's arithmetic or a time-zone shift near its ends overflows (a 500, not an answer),
#: and no one's homework, session or journal entry is dated outside these.
EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)

_CLOCK = re.compile(
    r"(?P<h>[0-9]{1,2})(?:\s*[:.h]\s*(?P<m>[0-9]{2}))?\s*(?:(?P<ampm>[ap])\.?\s*m\.?)?\Z"
)
_WORD_TIMES = {"noon": time(12, 0), "midday": time(12, 0), "midnight": time(0, 0)}
_DASHES = re.compile(r"\s*(?:-|–|—|\bto\b|\buntil\b|\btill\b)\s*")
#: When "tonight" comes without a time, and the hour a bare "tonight 9" is read after.
_TONIGHT = time(20, 0)
#: The time of a day given without one ("2026-11-20" as a moment).
_MIDDAY = time(12, 0)


def unreadable(
    text: object, what: str, example: str, *, field: str | None = None
) -> ValidationError:
    """The one refusal for a date or time that cannot be read, naming an example."""
    shown = " ".join(str(text).split())
    return ValidationError(
        _("I couldn't read “{shown}” as {what}; please write it like {example}.").format(
            shown=shown, what=what, example=example
        ),
        field=field or what,
    )


def _a(what: str) -> str:
    return what if what.startswith(("a ", "an ", "the ", "“")) else f"a {what}"


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


def _squash(text: str) -> str:
    """Lower case, single spaces, no spaces at the ends: the form every rule reads."""
    return " ".join(text.split()).casefold()


# --------------------------------------------------------------------------- clock times


def read_clock(text: str, *, bare_hour: bool = False, half: str | None = None) -> time | None:
    """A clock time from "18:30", "7.30", "19h30", "6pm", "6:30 pm", "noon"; else None.

    A lone hour ("7") is ambiguous and read only with ``bare_hour`` (plan windows, where
    the other end of the range or "pm" gives the sense); ``half`` ("a"/"p") is the am/pm
    to assume when the text has none.
    """
    squashed = _squash(text)
    if squashed in _WORD_TIMES:
        return _WORD_TIMES[squashed]
    m = _CLOCK.match(squashed)
    if m is None:
        return None
    hour, minute, ampm = int(m["h"]), int(m["m"] or 0), m["ampm"]
    if ampm is None and m["m"] is None and not bare_hour:
        return None
    if minute > 59:
        return None
    if ampm is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "p" else 0)
    elif half is not None and 1 <= hour <= 12:
        hour = hour % 12 + (12 if half == "p" else 0)
    elif hour > 23:
        return None
    return time(hour, minute)


def parse_clock(text: str, *, what: str = "time") -> time:
    """A clock time; ValidationError naming an example when it cannot be read."""
    clock = read_clock(text)
    if clock is None:
        raise unreadable(text, _a(what), TIME_EXAMPLE)
    return clock


def format_clock(t: time) -> str:
    """A clock time as written everywhere: 24-hour "HH:MM"."""
    return f"{t.hour:02d}:{t.minute:02d}"


# --------------------------------------------------------------------------- days


def read_weekday(word: str) -> int | None:
    """0 (Monday) to 6 from a weekday name or an unambiguous start of one ("tue", "thur")."""
    word = _squash(word).rstrip(".")
    if len(word) < 3:
        return None
    matches = [i for i, name in enumerate(WEEKDAYS) if name.startswith(word)]
    return matches[0] if len(matches) == 1 else None


def read_day(text: str, today: date, *, future: bool = False) -> date | None:
    """A day from an ISO date, a relative word or a weekday (with next/last/this); else None.

    ``future`` is the sense of a bare weekday: the coming one instead of the latest one.
    """
    words = _squash(text).split()
    if not words:
        return None
    if len(words) == 1:
        word = words[0]
        if word in ("today", "tonight"):
            return today
        if word == "yesterday":
            return today - timedelta(days=1)
        if word == "tomorrow":
            return today + timedelta(days=1)
        if len(word) == 10 and word[4] == "-":
            try:
                return date.fromisoformat(word)
            except ValueError:
                return None
    if len(words) == 2 and words == ["last", "night"]:
        return today - timedelta(days=1)
    which = words[0] if len(words) == 2 and words[0] in ("next", "last", "this") else None
    if len(words) != (2 if which else 1):
        return None
    day = read_weekday(words[-1])
    if day is None:
        return None
    ahead = (day - today.weekday()) % 7
    if which == "next":
        return today + timedelta(days=ahead or 7)
    if which == "last":
        return today - timedelta(days=(-ahead) % 7 or 7)
    if which == "this" or future:
        return today + timedelta(days=ahead)
    return today - timedelta(days=(-ahead) % 7)


def parse_date(text: str, *, now: datetime, what: str = "date", future_ok: bool = False) -> date:
    """A day the person typed; raises ValidationError with an example of the right form."""
    day = read_day(text, now.date(), future=future_ok)
    if day is None:
        raise unreadable(text, _a(what), DATE_EXAMPLE)
    return check_day(day, what=what)


# --------------------------------------------------------------------------- moments


def _split_moment(text: str, today: date, future: bool) -> tuple[date, time] | None:
    words = [w for w in _squash(text).split() if w != "at"]
    if not words:
        return None
    tonight = "tonight" in words or words == ["last", "night"]
    # Try each split of the words into a day part and a time part, either way round.
    for cut in range(len(words) + 1):
        for day_words, clock_words in ((words[:cut], words[cut:]), (words[cut:], words[:cut])):
            day = read_day(" ".join(day_words), today, future=future) if day_words else today
            if day is None:
                continue
            if not clock_words:
                if not day_words:
                    continue
                return day, (_TONIGHT if tonight else _MIDDAY)
            clock = read_clock(
                " ".join(clock_words), bare_hour=bool(day_words), half="p" if tonight else None
            )
            if clock is not None:
                return day, clock
    return None


def _real(moment: datetime, tz: tzinfo | None) -> datetime:
    """A wall time that a daylight-saving change skipped, moved to the real local time."""
    if tz is None:
        return moment
    return moment.astimezone(UTC).astimezone(tz)


def parse_datetime(
    text: str, *, now: datetime, what: str = "time", future_ok: bool = False
) -> datetime:
    """A moment the person typed, in ``now``'s time zone.

    Things that happened cannot be more than a day ahead; ``future_ok`` is for appointments.
    """
    tz = now.tzinfo
    parsed: datetime | None = None
    parts = _split_moment(text, now.date(), future_ok)
    if parts is not None:
        parsed = _real(datetime.combine(parts[0], parts[1], tz), tz)
    else:
        candidate: datetime | None
        try:
            candidate = datetime.fromisoformat(" ".join(text.split()).upper())
        except ValueError:
            candidate = None
        if candidate is not None:
            parsed = candidate if candidate.tzinfo else _real(candidate.replace(tzinfo=tz), tz)
    if parsed is None:
        raise unreadable(text, _a(what), MOMENT_EXAMPLE)
    check_day(parsed.date(), what=what)
    if not future_ok and parsed - now > timedelta(days=1):
        raise ValidationError(
            _("“{text}” is in the future; things can be recorded for now or for the past.").format(
                text=text.strip()
            ),
            field=what,
        )
    return parsed


def format_moment(moment: datetime, tz: tzinfo | None = None) -> str:
    """A moment as midweek writes it ("2026-11-20 18:30"), in ``tz`` (else its own zone).

    ``parse_datetime`` reads it back to the same moment: in the hour a daylight-saving
    change repeats, the offset is added ("2026-11-01 01:30-05:00") to say which one.
    """
    local = moment.astimezone(tz) if tz is not None else moment
    text = f"{local:%Y-%m-%d %H:%M}"
    zone = local.tzinfo
    if zone is not None:
        other = local.replace(fold=1 - local.fold)
        if other.utcoffset() != local.utcoffset():
            text += local.isoformat(timespec="minutes")[16:]
    return text


# --------------------------------------------------------------------------- windows


def read_window(text: str) -> tuple[int, time, time] | None:
    """(weekday, start, end) from "Mon 7-8", "Wed 6-7pm", "Sat noon – 1pm"; else None.

    An am/pm written only after the end time counts for the start too, unless that
    would put the start after the end ("11-1pm" is 11:00 to 13:00).
    """
    squashed = _squash(text)
    head, _, rest = squashed.partition(" ")
    weekday = read_weekday(head)
    if weekday is None:
        return None
    pieces = _DASHES.split(rest.strip(), maxsplit=1)
    if len(pieces) != 2:
        return None
    end = read_clock(pieces[1], bare_hour=True)
    if end is None:
        return None
    start = read_clock(pieces[0], bare_hour=True)
    suffix = re.search(r"([ap])\.?\s*m\.?\Z", pieces[1])
    if start is not None and suffix and not re.search(r"[ap]\.?\s*m\.?\Z", pieces[0]):
        borrowed = read_clock(pieces[0], bare_hour=True, half=suffix[1])
        if borrowed is not None and borrowed < end:
            start = borrowed
    if start is None:
        return None
    return weekday, start, end


def week_start(day: date, *, anchor: date | None) -> date:
    """First day of the practice week containing ``day``.

    Weeks follow the person's session day (the weekday of ``anchor``, usually the latest
    session), not the calendar week; with no anchor they start on Monday.
    """
    first_weekday = anchor.weekday() if anchor is not None else 0
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)
