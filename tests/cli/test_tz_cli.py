"""`midweek tz`: the time zone the local person's days follow, and what follows it."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import time_machine
from icalendar import Calendar
from typer.testing import CliRunner

from midweek.cli.app import app

# Monday 9 March 2026, 02:30 UTC: still Sunday 8 March (22:30 EDT) in New York.
MOMENT = datetime(2026, 3, 9, 2, 30, tzinfo=UTC)


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def test_unknown_zone_is_one_sentence_and_exit_2() -> None:
    result = invoke("tz", "Mars/Olympus")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "midweek: I don't know the time zone “Mars/Olympus”; please give a name like "
        "Europe/London or America/New_York."
    ]
    assert "Traceback" not in result.output


def test_machine_zone_until_one_is_chosen() -> None:
    shown = json.loads(invoke("tz", "--json").stdout)
    assert shown["chosen"] is False
    out = invoke("tz", "america/new_york").stdout
    assert out.startswith("Your days now follow America/New_York")
    assert json.loads(invoke("tz", "--json").stdout) == {
        "time_zone": "America/New_York",
        "chosen": True,
    }


def test_today_and_typed_times_follow_the_chosen_zone() -> None:
    with time_machine.travel(MOMENT, tick=False):
        assert invoke("tz", "America/New_York").exit_code == 0
        assert invoke("session", "add", "--date", "2026-03-03", "-t", "Steps").exit_code == 0
        assert (
            invoke("homework", "add", "Walk", "--per-week", "3", "--minutes", "10").exit_code == 0
        )
        logged = json.loads(invoke("log", "1", "done", "--at", "Today 21:00", "--json").stdout)
    # "today" is Sunday 8 March where the person lives, not Monday 9 March (UTC).
    assert logged["log"]["at"].startswith("2026-03-08T21:00:00-04:00")


def test_calendar_times_are_the_persons_local_times(tmp_path) -> None:
    out_file = tmp_path / "week.ics"
    with time_machine.travel(datetime(2026, 1, 8, 12, 0, tzinfo=UTC), tick=False):
        invoke("tz", "America/New_York")
        invoke("plan", "windows", "add", "Mon 07:30-08:00")
        invoke("homework", "add", "Worry time", "--per-week", "1", "--minutes", "20")
        result = invoke("plan", "ics", "--out", str(out_file), "--start", "2026-01-12")
    assert result.exit_code == 0, result.output
    event = next(iter(Calendar.from_ical(out_file.read_bytes()).walk("VEVENT")))
    assert event.decoded("DTSTART") == datetime(2026, 1, 12, 12, 30, tzinfo=UTC)
    assert "DTSTART:20260112T123000Z" in out_file.read_text()


def test_dates_as_people_type_them(run, run_json) -> None:
    # The frozen moment is Friday 27 November 2026, 18:00.
    first = run_json("session", "add", "-t", "Steps", "--next", "next tuesday 6pm")
    assert first["next_appointment"].startswith("2026-12-01T18:00")
    again = run_json("session", "add", "-t", "Steps", "--next", "Tuesday 18:30")
    assert again["next_appointment"].startswith("2026-12-01T18:30")
    run("homework", "add", "Walk", "--per-week", "3", "--minutes", "10", "--from", "last monday")
    logged = run_json("log", "1", "done", "--at", "Today 09:00")
    assert logged["log"]["at"].startswith("2026-11-27T09:00")
    bad = run("log", "1", "done", "--at", "sometime", ok=False)
    assert bad.exit_code == 2
    assert bad.stderr.strip() == (
        "midweek: I couldn't read “sometime” as a time; please write it like "
        "“next tuesday 6pm”, “yesterday 21:00” or “2026-11-20 18:30”."
    )
