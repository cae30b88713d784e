"""The weekly plan as an iCalendar file (RFC 5545): one event per planned practice, each with
the reminder the person asked for.

Times are written in UTC ("…Z"), converted from the person's local time on each day, so
every calendar app shows them at the right local time without a VTIMEZONE, across a
daylight-saving change too. Output is deterministic: DTSTAMP is ``now`` and each UID is made
from the assignment id and the day, so importing a re-export updates events in place.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, tzinfo

from midweek.domain.entities import Assignment
from midweek.domain.planner import Plan

PRODID = "-//midweek//weekly plan//EN"
UID_DOMAIN = "midweek.invalid"


def _utc(day_time: datetime, tz: tzinfo | None) -> datetime:
    # Without a zone, the naive local time goes through the system's rules (DST included).
    local = day_time.replace(tzinfo=tz) if tz is not None else day_time.astimezone()
    return local.astimezone(UTC)


def plan_to_ics(
    plan: Plan,
    assignments: Iterable[Assignment],
    *,
    tz: tzinfo | None,
    now: datetime,
    reminder_minutes: int = 10,
) -> bytes:
    """The plan's practices as iCalendar bytes; ``tz`` is the zone the plan's times are in
    (None: this machine's local time). ValueError for a practice of an unknown assignment."""
    from icalendar import Alarm, Calendar, Event

    by_id = {a.id: a for a in assignments if a.id is not None}
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    stamp = now.astimezone(UTC)
    seen: dict[tuple[int, str], int] = {}
    for item in plan.items:
        a = by_id.get(item.assignment_id)
        if a is None:
            raise ValueError(f"the plan has a practice of unknown assignment {item.assignment_id}")
        day = item.day.strftime("%Y%m%d")
        n = seen[(item.assignment_id, day)] = seen.get((item.assignment_id, day), 0) + 1
        event = Event()
        event.add("uid", f"practice-{item.assignment_id}-{day}-{n}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("dtstart", _utc(datetime.combine(item.day, item.start), tz))
        event.add("dtend", _utc(datetime.combine(item.day, item.end), tz))
        event.add("summary", a.title)
        if a.instructions:
            event.add("description", a.instructions)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", a.title)
        alarm.add("trigger", timedelta(minutes=-reminder_minutes))
        event.add_component(alarm)
        cal.add_component(event)
    return bytes(cal.to_ical())
