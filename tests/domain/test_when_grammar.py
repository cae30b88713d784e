"""The one clock grammar (domain.when): the forms people type, and its two promises —
capitalisation and spacing never change what is read, and every moment midweek writes
reads back as the same moment, across daylight-saving changes too."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from midweek.domain.errors import ValidationError
from midweek.domain.when import (
    format_moment,
    parse_clock,
    parse_date,
    parse_datetime,
    read_clock,
    read_window,
)

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 27, 14, 30, tzinfo=NY)  # a Friday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Today 09:00", datetime(2026, 11, 27, 9, 0)),
        ("TODAY   9:00", datetime(2026, 11, 27, 9, 0)),
        ("next tuesday 6pm", datetime(2026, 12, 1, 18, 0)),
        ("Next Tuesday 6 PM", datetime(2026, 12, 1, 18, 0)),
        ("Tuesday 18:30", datetime(2026, 12, 1, 18, 30)),  # an appointment: the coming one
        ("6pm tomorrow", datetime(2026, 11, 28, 18, 0)),
        ("tomorrow at 6:30 pm", datetime(2026, 11, 28, 18, 30)),
        ("tonight", datetime(2026, 11, 27, 20, 0)),
        ("tonight 9:30", datetime(2026, 11, 27, 21, 30)),
        ("this sunday noon", datetime(2026, 11, 29, 12, 0)),
        ("next friday midnight", datetime(2026, 12, 4, 0, 0)),
        ("7.30", datetime(2026, 11, 27, 7, 30)),
        ("2026-12-02 7pm", datetime(2026, 12, 2, 19, 0)),
    ],
)
def test_appointments_as_people_type_them(text: str, expected: datetime) -> None:
    assert parse_datetime(text, now=NOW, future_ok=True) == expected.replace(tzinfo=NY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("friday", date(2026, 11, 27)),  # today counts as the latest Friday
        ("Tuesday", date(2026, 11, 24)),
        ("last friday", date(2026, 11, 20)),
        ("last tuesday", date(2026, 11, 24)),
        ("next friday", date(2026, 12, 4)),
        ("this monday", date(2026, 11, 30)),
        ("Last Night", date(2026, 11, 26)),
        ("tonight", date(2026, 11, 27)),
        (" 2026-11-20 ", date(2026, 11, 20)),
    ],
)
def test_days(text: str, expected: date) -> None:
    assert parse_date(text, now=NOW) == expected


def test_a_bare_weekday_looks_ahead_for_appointments() -> None:
    assert parse_date("tuesday", now=NOW, future_ok=True) == date(2026, 12, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6pm", time(18)),
        ("6:30 pm", time(18, 30)),
        ("18:30", time(18, 30)),
        ("noon", time(12)),
        ("Midnight", time(0)),
        ("7.30", time(7, 30)),
        ("11:45 p.m.", time(23, 45)),
        ("12am", time(0)),
    ],
)
def test_clock_times(text: str, expected: time) -> None:
    assert parse_clock(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mon 7-8", (0, time(7), time(8))),
        ("Wed 6-7pm", (2, time(18), time(19))),
        ("Sat noon – 1pm", (5, time(12), time(13))),
        ("tues 11-1pm", (1, time(11), time(13))),
        ("THU 7:30am to 8", (3, time(7, 30), time(8))),
        ("Mon 07:30-07:45", (0, time(7, 30), time(7, 45))),
    ],
)
def test_plan_windows(text: str, expected: tuple[int, time, time]) -> None:
    assert read_window(text) == expected


@pytest.mark.parametrize(
    ("reader", "text", "example"),
    [
        (lambda t: parse_datetime(t, now=NOW), "soonish", "“next tuesday 6pm”"),
        (lambda t: parse_date(t, now=NOW), "the other day", "2026-11-20, today or next tuesday"),
        (lambda t: parse_clock(t), "late", "18:30 or 6:30pm"),
    ],
)
def test_one_sentence_when_it_cannot_read_one(reader, text: str, example: str) -> None:
    with pytest.raises(ValidationError) as err:
        reader(text)
    message = str(err.value)
    assert message.startswith(f"I couldn't read “{text}” as a ")
    assert example in message


def test_a_time_skipped_by_the_clock_change_moves_to_the_real_time() -> None:
    # 2026-03-08 02:30 never happens in New York; it is read as 03:30 EDT, one real moment.
    moment = parse_datetime("2026-03-08 02:30", now=NOW, future_ok=True)
    assert moment.astimezone(UTC) == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
    assert format_moment(moment) == "2026-03-08 03:30"


# --------------------------------------------------------------------------- properties

PHRASES = [
    "today 09:00",
    "next tuesday 6pm",
    "6pm tomorrow",
    "yesterday at noon",
    "tonight",
    "last friday 7.30",
    "monday 18:30",
    "2026-11-20 8:05 am",
]


def _respell(text: str, caps: list[bool], gaps: list[int]) -> str:
    flags = caps + [False] * len(text)
    letters = [c.upper() if up else c for c, up in zip(text, flags, strict=False)]
    words = "".join(letters).split(" ")
    spaced = ""
    for i, word in enumerate(words):
        spaced += word + " " * (gaps[i % len(gaps)] if i < len(words) - 1 else 0)
    return " " * gaps[0] + spaced + " " * gaps[-1]


@settings(max_examples=200, deadline=None)
@given(
    phrase=st.sampled_from(PHRASES),
    caps=st.lists(st.booleans(), min_size=1, max_size=30),
    gaps=st.lists(st.integers(min_value=1, max_value=4), min_size=1, max_size=5),
)
def test_capitalisation_and_spacing_never_change_the_result(
    phrase: str, caps: list[bool], gaps: list[int]
) -> None:
    typed = _respell(phrase, caps, gaps)
    assert parse_datetime(typed, now=NOW, future_ok=True) == parse_datetime(
        phrase, now=NOW, future_ok=True
    )


ZONES = st.sampled_from(["America/New_York", "Europe/London", "Australia/Sydney", "UTC"])


@settings(max_examples=300, deadline=None)
@given(
    zone=ZONES,
    # Minutes from 2026-01-01 over two years: every daylight-saving change in them.
    minutes=st.integers(min_value=0, max_value=2 * 366 * 24 * 60),
)
def test_every_formatted_moment_parses_back_to_itself(zone: str, minutes: int) -> None:
    tz = ZoneInfo(zone)
    moment = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=minutes)
    now = moment.astimezone(tz)
    text = format_moment(moment, tz)
    assert parse_datetime(text, now=now, future_ok=True) == moment


def test_the_repeated_hour_says_which_one() -> None:
    first = datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # 01:30 EDT
    second = first + timedelta(hours=1)  # 01:30 EST
    assert format_moment(first, NY) == "2026-11-01 01:30-04:00"
    assert format_moment(second, NY) == "2026-11-01 01:30-05:00"
    assert format_moment(first + timedelta(hours=3), NY) == "2026-11-01 03:30"
    assert read_clock("7") is None  # a lone hour is a guess outside a window


WINDOWS = ["mon 7-8", "wed 6-7pm", "sat noon – 1pm", "thu 7:30 am to 8", "tues 11-1pm"]


@settings(max_examples=150, deadline=None)
@given(
    phrase=st.sampled_from(WINDOWS),
    caps=st.lists(st.booleans(), min_size=1, max_size=20),
    gaps=st.lists(st.integers(min_value=1, max_value=3), min_size=1, max_size=4),
)
def test_windows_read_the_same_in_any_capitalisation_and_spacing(
    phrase: str, caps: list[bool], gaps: list[int]
) -> None:
    assert read_window(_respell(phrase, caps, gaps)) == read_window(phrase) is not None
