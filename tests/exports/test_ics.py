"""The weekly plan as iCalendar: a golden file, and the file read back the way a calendar would."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from midweek.domain.entities import Assignment
from midweek.domain.planner import Plan, parse_window, plan_week
from midweek.exports.ics import PRODID, plan_to_ics

GOLDEN = Path(__file__).parents[1] / "data" / "week.ics"
BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 10, 21, 18, 0, tzinfo=BERLIN)
# Thu 22 Oct to Wed 28 Oct 2026: Berlin leaves summer time on Sunday 25 October.
FIRST = date(2026, 10, 22)
WINDOWS = ["Mon 07:30-08:00", "Thu 20:00-20:45", "Sat 09:00-09:20", "Sun 09:00-10:00"]


def _assignments() -> list[Assignment]:
    return [
        Assignment(
            title="Worry time; write, then let go",
            per_week=3,
            minutes=20,
            start=date(2026, 10, 1),
            instructions="Set a timer for 20 minutes, write every worry down, then close the "
            "notebook — done is better than perfect.",
            id=7,
        ),
        Assignment(title="Breathing, 4-7-8", per_week=2, minutes=10, start=date(2026, 10, 1), id=9),
    ]


def _plan() -> Plan:
    return plan_week([parse_window(w) for w in WINDOWS], FIRST, _assignments(), allow_same_day=True)


def _ics() -> bytes:
    return plan_to_ics(_plan(), _assignments(), tz=BERLIN, now=NOW)


def test_matches_the_golden_file() -> None:
    data = _ics()
    if os.environ.get("MIDWEEK_REGEN_GOLDEN") == "1":
        GOLDEN.write_bytes(data)
    assert data == GOLDEN.read_bytes()
    assert data == _ics()  # deterministic


def test_read_back_as_a_calendar_would() -> None:
    cal = Calendar.from_ical(_ics())
    assert str(cal["PRODID"]) == PRODID and str(cal["VERSION"]) == "2.0"
    events = list(cal.walk("VEVENT"))
    plan = _plan()
    assert len(events) == len(plan.items) == 5
    titles = {a.id: a for a in _assignments()}
    uids = set()
    for event, item in zip(events, plan.items, strict=True):
        start = event.decoded("DTSTART")
        end = event.decoded("DTEND")
        assert start.utcoffset() == timedelta(0)  # written in UTC
        local = start.astimezone(BERLIN)
        assert (local.date(), local.time()) == (item.day, item.start)
        assert end - start == timedelta(minutes=titles[item.assignment_id].minutes)
        assert str(event["SUMMARY"]) == titles[item.assignment_id].title
        assert event.decoded("DTSTAMP") == NOW.astimezone(UTC)
        uids.add(str(event["UID"]))
        [alarm] = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY" and str(alarm["DESCRIPTION"])
        assert alarm.decoded("TRIGGER") == timedelta(minutes=-10)
    assert len(uids) == len(events)
    # Summer time (UTC+2) on Thursday, winter time (UTC+1) from Sunday 25 October on.
    offsets = {
        e.decoded("DTSTART").astimezone(BERLIN).date(): e.decoded("DTSTART")
        .astimezone(BERLIN)
        .utcoffset()
        for e in events
    }
    assert offsets[date(2026, 10, 22)] == timedelta(hours=2)
    assert offsets[date(2026, 10, 25)] == timedelta(hours=1)


def test_two_practices_on_one_day_get_their_own_uids() -> None:
    twice = [Assignment(title="Twice", per_week=2, minutes=10, start=FIRST, id=3)]
    plan = plan_week([parse_window("Sun 09:00-10:00")], FIRST, twice, allow_same_day=True)
    events = Calendar.from_ical(plan_to_ics(plan, twice, tz=BERLIN, now=NOW)).walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [
        "practice-3-20261025-1@midweek.invalid",
        "practice-3-20261025-2@midweek.invalid",
    ]
    assert [e.decoded("DTSTART").astimezone(BERLIN).time() for e in events] == [
        time(9, 0),
        time(9, 10),
    ]


def test_uids_stay_the_same_when_the_plan_is_exported_again() -> None:
    first = Calendar.from_ical(_ics())
    later = Calendar.from_ical(
        plan_to_ics(_plan(), _assignments(), tz=BERLIN, now=NOW + timedelta(days=1))
    )
    assert [str(e["UID"]) for e in first.walk("VEVENT")] == [
        str(e["UID"]) for e in later.walk("VEVENT")
    ]


def test_reminder_minutes_and_no_description_without_instructions() -> None:
    cal = Calendar.from_ical(
        plan_to_ics(_plan(), _assignments(), tz=BERLIN, now=NOW, reminder_minutes=30)
    )
    for event in cal.walk("VEVENT"):
        assert event.walk("VALARM")[0].decoded("TRIGGER") == timedelta(minutes=-30)
        assert ("DESCRIPTION" in event) == str(event["SUMMARY"]).startswith("Worry")


def test_a_practice_of_an_unknown_assignment_is_a_bug() -> None:
    with pytest.raises(ValueError, match="unknown assignment 9"):
        plan_to_ics(_plan(), _assignments()[:1], tz=BERLIN, now=NOW)


@pytest.mark.parametrize(
    ("monday", "utc"),
    [
        (date(2026, 1, 12), datetime(2026, 1, 12, 12, 30, tzinfo=UTC)),  # EST, UTC-5
        (date(2026, 3, 9), datetime(2026, 3, 9, 11, 30, tzinfo=UTC)),  # EDT from 8 March
    ],
)
def test_a_new_york_monday_window_is_written_in_utc(monday: date, utc: datetime) -> None:
    new_york = ZoneInfo("America/New_York")
    one = [Assignment(title="Walk", per_week=1, minutes=20, start=monday, id=1)]
    plan = plan_week([parse_window("Mon 7:30-8am")], monday, one, allow_same_day=True)
    data = plan_to_ics(plan, one, tz=new_york, now=datetime(2026, 1, 1, tzinfo=UTC))
    assert f"DTSTART:{utc:%Y%m%dT%H%M%S}Z" in data.decode()
