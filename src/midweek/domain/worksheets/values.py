"""One answer read from what a person typed (numbers, times, durations, dates) and shown back."""

from __future__ import annotations

import re
from datetime import date
from datetime import time as dt_time

from midweek.domain.errors import ValidationError
from midweek.domain.when import (
    DATE_EXAMPLE,
    TIME_EXAMPLE,
    format_clock,
    read_clock,
    read_day,
    unreadable,
)
from midweek.domain.worksheets.model import (
    FIXED_RANGES,
    TEXT_LIMITS,
    Field,
    FieldKind,
    _quote,
)
from midweek.i18n import _

_INT = re.compile(r"[+-]?[0-9]+\Z")
_HHMM = re.compile(r"([0-9]{2}):([0-9]{2})\Z")
_DURATION_CLOCK = re.compile(r"([0-9]{1,3}):([0-5][0-9])\Z")
_DURATION_UNITS = re.compile(
    r"(?:(?P<h>[0-9]{1,3}(?:\.[0-9]+)?)\s*(?:h|hr|hrs|hour|hours))?"
    r"\s*(?:(?P<m>[0-9]{1,5})\s*(?:m|min|mins|minute|minutes)?)?\Z"
)


def _shown(raw: object) -> str:
    """The person's input, echoed back short enough to read."""
    if isinstance(raw, str):
        text = " ".join(raw.split())
        if len(text) > 40:
            text = text[:39] + "…"
        return _quote(text)
    return str(raw)


def _is_empty(raw: object) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    return isinstance(raw, list | tuple | set | frozenset) and not raw


def _pick(lo: int | None, hi: int | None, both: str, low: str, high: str, neither: str) -> str:
    """The whole sentence for the bounds there are (each is its own catalog entry, so a
    translation never has to glue "from … to …" into a sentence of another shape)."""
    if lo is not None and hi is not None:
        return both
    if lo is not None:
        return low
    return high if hi is not None else neither


def _to_int(raw: object) -> int | None:
    """An int from an int, a whole float or a string of digits; ``None`` if it is not one."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        return int(raw) if raw.is_integer() else None
    if isinstance(raw, str) and _INT.match(raw.strip()):
        try:
            return int(raw.strip())
        except ValueError:  # absurdly long digit strings
            return None
    return None


def parse_time(raw: object) -> str | None:
    """A clock time as ``"HH:MM"`` (24 h) from "23:15", "7:05", "7pm", "7:30 am", "noon".

    Read by the one clock grammar (``domain.when``); ``None`` when ``raw`` is not a time.
    """
    if isinstance(raw, dt_time):
        return format_clock(raw)
    if not isinstance(raw, str):
        return None
    clock = read_clock(raw)
    return None if clock is None else format_clock(clock)


def parse_duration(raw: object) -> int | None:
    """Minutes from 90, "90", "45m", "1h30", "1h 30m", "1:30", "1.5h"; ``None`` if not one."""
    as_int = _to_int(raw)
    if as_int is not None:
        return as_int if as_int >= 0 else None
    if not isinstance(raw, str):
        return None
    text = raw.strip().lower()
    m = _DURATION_CLOCK.match(text)
    if m:
        return int(m[1]) * 60 + int(m[2])
    m = _DURATION_UNITS.match(text)
    if m is None or (m["h"] is None and m["m"] is None):
        return None
    minutes = int(m["m"] or 0)
    if m["h"] is not None:
        if m["m"] is not None and minutes >= 60:
            return None  # "1h90" is more likely a typo than 2h30
        minutes += round(float(m["h"]) * 60)
    return minutes


def format_duration(minutes: int) -> str:
    """A duration for people: 45 -> "45m", 90 -> "1h 30m", 120 -> "2h"."""
    hours, rest = divmod(minutes, 60)
    if hours == 0:
        return f"{rest}m"
    return f"{hours}h" if rest == 0 else f"{hours}h {rest}m"


def _clock_minutes(hhmm: str) -> int:
    m = _HHMM.match(hhmm)
    if m is None:
        raise ValueError(f"not a normalised time: {hhmm!r}")
    return int(m[1]) * 60 + int(m[2])


def choice_label(choice: str) -> str:
    """A choice as the reader sees it (in their language); the stored answer stays ``choice``."""
    return _(choice)


def _choice_labels(f: Field) -> str:
    return ", ".join(choice_label(c) for c in f.choices)


def _match_choice(f: Field, text: str) -> str | None:
    """The choice typed, as the template names it: "some", "algunas" or "einige" all
    answer ``"some"``, so what is stored never depends on the language it was typed in."""
    wanted = " ".join(text.split()).casefold()
    for choice in f.choices:
        if choice.casefold() == wanted:
            return choice
    for choice in f.choices:
        if choice_label(choice).casefold() == wanted:
            return choice
    return None


def parse_date(raw: object, *, today: date | None = None) -> date | None:
    """A day from 2026-11-20 (or a ``date``), and the relative words of ``domain.when``
    ("yesterday", "last night", "last friday") when ``today`` is known."""
    if isinstance(raw, date):
        return raw
    if not isinstance(raw, str):
        return None
    if today is None:
        text = raw.strip()
        try:
            return date.fromisoformat(text) if len(text) == 10 else None
        except ValueError:
            return None
    return read_day(raw, today)


def parse_value(field: Field, raw: object, *, today: date | None = None) -> object:
    """One answer, checked and normalised; ``None`` for an empty optional field.

    Raises ``ValidationError(message, field=field.name)`` with a kind sentence naming the
    field's label. Times come back as "HH:MM", durations as int minutes, dates as
    "YYYY-MM-DD" (never after ``today`` when it is given), multi-choice as a list in the
    template's order.
    """
    f = field
    label = _quote(f.label)

    def fail(message: str) -> ValidationError:
        return ValidationError(message, field=f.name)

    if _is_empty(raw):
        if f.required:
            raise fail(_needs_answer(label))
        return None

    kind = f.kind
    if kind in TEXT_LIMITS:
        if not isinstance(raw, str):
            raise fail(_("{label} needs to be written as text.").format(label=label))
        text = raw.strip()
        limit = f.max if f.max is not None else TEXT_LIMITS[kind]
        if len(text) > limit:
            raise fail(
                _(
                    "{label} can hold up to {limit} characters (this has {length}), so it "
                    "may help to shorten it a little."
                ).format(label=label, limit=f"{limit:,}", length=f"{len(text):,}")
            )
        return text

    if kind in (FieldKind.INTEGER, FieldKind.RATING, FieldKind.SUDS):
        # A rating or SUDS keeps its fixed range even on a Field built by hand.
        lo, hi = FIXED_RANGES.get(kind, (f.min, f.max))
        value = _to_int(raw)
        if value is None or (lo is not None and value < lo) or (hi is not None and value > hi):
            sentence = _pick(
                lo,
                hi,
                _("{label} must be a whole number from {lo} to {hi} (you gave {given})."),
                _("{label} must be a whole number of {lo} or more (you gave {given})."),
                _("{label} must be a whole number up to {hi} (you gave {given})."),
                _("{label} must be a whole number (you gave {given})."),
            )
            given = _shown(raw if value is None else value)
            raise fail(sentence.format(label=label, lo=lo, hi=hi, given=given))
        return value

    if kind is FieldKind.CHOICE:
        match = _match_choice(f, raw) if isinstance(raw, str) else None
        if match is None:
            raise fail(
                _("{label} must be one of: {options} (you gave {given}).").format(
                    label=label, options=_choice_labels(f), given=_shown(raw)
                )
            )
        return match

    if kind is FieldKind.MULTI_CHOICE:
        if isinstance(raw, str):
            items: list[object] = [part for part in raw.split(",") if part.strip()]
        elif isinstance(raw, list | tuple | set | frozenset):
            items = list(raw)
        else:
            items = [raw]
        picked: set[str] = set()
        for item in items:
            match = _match_choice(f, item) if isinstance(item, str) else None
            if match is None:
                raise fail(
                    _("{label} can include any of: {options} ({given} is not one of them).").format(
                        label=label, options=_choice_labels(f), given=_shown(item)
                    )
                )
            picked.add(match)
        if not picked and f.required:
            raise fail(_needs_answer(label))
        return [c for c in f.choices if c in picked] or None

    if kind is FieldKind.TIME:
        hhmm = parse_time(raw)
        if hhmm is None:
            what = _("a time for {label}").format(label=label)
            raise unreadable(raw, what, TIME_EXAMPLE, field=f.name)
        return hhmm

    if kind is FieldKind.DATE:
        day = parse_date(raw, today=today)
        if day is None:
            what = _("a date for {label}").format(label=label)
            raise unreadable(raw, what, DATE_EXAMPLE, field=f.name)
        if today is not None and day > today:
            raise fail(
                _("{label} is {day}, which hasn't come yet.").format(
                    label=label, day=day.isoformat()
                )
            )
        return day.isoformat()

    if kind is FieldKind.DURATION:
        minutes = parse_duration(raw)
        too_short = minutes is not None and f.min is not None and minutes < f.min
        too_long = minutes is not None and f.max is not None and minutes > f.max
        if minutes is None or too_short or too_long:
            sentence = _pick(
                f.min if f.min else None,
                f.max,
                _(
                    "{label} must be a length of time from {lo} to {hi} minutes, like 45 or "
                    "1h30 (you gave {given})."
                ),
                _(
                    "{label} must be a length of time of {lo} minutes or more, like 45 or 1h30 "
                    "(you gave {given})."
                ),
                _(
                    "{label} must be a length of time up to {hi} minutes, like 45 or 1h30 "
                    "(you gave {given})."
                ),
                _(
                    "{label} must be a length of time in minutes, like 45 or 1h30 (you gave "
                    "{given})."
                ),
            )
            raise fail(sentence.format(label=label, lo=f.min, hi=f.max, given=_shown(raw)))
        return minutes

    raise AssertionError(f"unhandled field kind {kind}")  # pragma: no cover


def _needs_answer(label: str) -> str:
    return _("{label} still needs an answer — a rough one is fine.").format(label=label)


def say_duration(minutes: int) -> str:
    """A duration as people say it: 440 -> "7 h 20 min", 45 -> "45 min", 120 -> "2 h"."""
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(minutes), 60)
    if hours == 0:
        return f"{sign}{rest} min"
    return f"{sign}{hours} h" if rest == 0 else f"{sign}{hours} h {rest} min"


def show_value(value: object, unit: str | None) -> str:
    """An answer or computed value for people; minutes in hours and minutes ("7 h 20 min"),
    a unit such as "points" in the reader's language."""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if unit == "minutes" and isinstance(value, int | float) and not isinstance(value, bool):
        return say_duration(round(value))
    if not unit:
        return str(value)
    return f"{value}%" if unit == "%" else f"{value} {_(unit)}"


def show_answer(field: Field, value: object) -> str:
    """A saved answer to ``field`` for people: a choice in the reader's language (it is
    stored as the template names it), anything else as ``show_value`` shows it."""
    if field.kind in (FieldKind.CHOICE, FieldKind.MULTI_CHOICE) and field.choices:
        items = value if isinstance(value, list) else [value]
        return ", ".join(choice_label(v) if v in field.choices else str(v) for v in items)
    return show_value(value, field.unit)
