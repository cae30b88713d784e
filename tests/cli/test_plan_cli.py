"""`plan windows`, `plan week`, `plan ics` and `barriers`, in-process (time frozen on a Friday)."""

from __future__ import annotations

from datetime import timedelta

from icalendar import Calendar


def _homework(run) -> None:
    run("homework", "add", "Worry time", "--per-week", "3", "--minutes", "20")
    run("homework", "add", "Breathing", "--per-week", "3", "--minutes", "15")


def test_no_windows_yet_says_how_to_add_them(run) -> None:
    for args in (("plan", "week"), ("plan", "windows", "list")):
        out = run(*args).stdout
        assert 'midweek plan windows add "Mon 07:30-07:45"' in out


def test_windows_add_list_remove(run, run_json) -> None:
    out = run("plan", "windows", "add", "Sat 9:00-10:30", "mon 07:30-07:45").stdout
    assert out == "Saved 2 windows. Your windows now hold 105 minutes a week.\n"
    out = run("plan", "windows", "list").stdout
    assert out.splitlines() == [
        "ID  Window           Minutes",
        "2   Mon 07:30-07:45  15",
        "1   Sat 09:00-10:30  90",
        "105 minutes a week in all.",
    ]
    listed = run_json("plan", "windows", "list")
    assert listed[0] == {
        "id": 2,
        "window": "Mon 07:30-07:45",
        "weekday": 0,
        "start": "07:30",
        "end": "07:45",
        "minutes": 15,
    }
    assert run("plan", "windows", "remove", "2").stdout == "Removed the window Mon 07:30-07:45.\n"
    assert [w["id"] for w in run_json("plan", "windows", "list")] == [1]
    missing = run("plan", "windows", "remove", "2", ok=False)
    assert missing.exit_code == 2 and "There is no time window with id 2." in missing.stderr


def test_bad_window_text_is_one_sentence_and_saves_nothing(run, run_json) -> None:
    result = run("plan", "windows", "add", "Mon 07:30-07:45", "Blursday 7-8", ok=False)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "“Blursday 7-8”" in result.stderr
    assert result.stdout == ""
    assert run_json("plan", "windows", "list") == []


def test_overlapping_window_is_refused(run, run_json) -> None:
    run("plan", "windows", "add", "Wed 19:00-20:00")
    result = run("plan", "windows", "add", "Wed 19:30-20:30", ok=False)
    assert result.exit_code == 2 and "overlap" in result.stderr
    as_json = run("plan", "windows", "add", "Wed 19:30-20:30", "--json", ok=False)
    assert '"code": "invalid-input"' in as_json.stdout
    assert [w["window"] for w in run_json("plan", "windows", "list")] == ["Wed 19:00-20:00"]


def test_week_that_fits(run) -> None:
    run("plan", "windows", "add", "Mon 07:30-08:00", "Wed 19:00-20:00", "Sat 09:00-10:00")
    run("homework", "add", "Worry time", "--per-week", "3", "--minutes", "20")
    out = run("plan", "week", "--start", "2026-11-30").stdout
    assert out.splitlines() == [
        "Your practice week, Mon 30 Nov to Sun 6 Dec",
        "  Mon 30 Nov  07:30-07:50  Worry time",
        "  Tue 1 Dec   free",
        "  Wed 2 Dec   19:00-19:20  Worry time",
        "  Thu 3 Dec   free",
        "  Fri 4 Dec   free",
        "  Sat 5 Dec   09:00-09:20  Worry time",
        "  Sun 6 Dec   free",
        "",
        "Everything fits: this week's homework asks for 60 minutes and your windows hold 150.",
    ]


def test_week_that_does_not_fit_says_so_with_numbers_and_a_smaller_version(run) -> None:
    run("plan", "windows", "add", "Mon 07:30-08:00", "Wed 19:00-19:30", "Sat 09:00-09:30")
    _homework(run)
    out = run("plan", "week", "--start", "2026-11-30").stdout
    assert "This week's homework asks for 105 minutes and your windows hold 90." in out
    assert "Breathing: room for 0 of 3 practices (45 minutes more than fits)." in out
    assert "A smaller version that fits: 10 minutes instead of 15 (3 × 10 minutes)." in out
    assert "bring to your therapist" in out
    lowered = out.lower()
    assert "fail" not in lowered and "missed" not in lowered


def test_week_json(run, run_json) -> None:
    run("plan", "windows", "add", "Mon 07:30-08:00", "Wed 19:00-19:30", "Sat 09:00-09:30")
    _homework(run)
    data = run_json("plan", "week", "--start", "2026-11-30")
    assert (data["start"], data["end"]) == ("2026-11-30", "2026-12-06")
    assert (data["minutes_needed"], data["minutes_available"], data["fits"]) == (105, 90, False)
    assert data["items"][0] == {
        "assignment_id": 1,
        "title": "Worry time",
        "day": "2026-11-30",
        "start": "07:30",
        "end": "07:50",
    }
    [short] = data["shortfalls"]
    assert short["title"] == "Breathing" and short["minutes_short"] == 45
    assert short["suggestion"] == {"kind": "shorter", "per_week": 3, "minutes": 10}


def test_week_defaults_to_today_and_leaves_out_earlier_windows(run, run_json) -> None:
    run("plan", "windows", "add", "Fri 07:00-07:30", "Fri 19:00-19:30")
    run("homework", "add", "Walk", "--per-week", "1", "--minutes", "20")
    data = run_json("plan", "week")
    assert data["start"] == "2026-11-27" and data["left_out_today"] == ["Fri 07:00-07:30"]
    assert [(i["day"], i["start"]) for i in data["items"]] == [("2026-11-27", "19:00")]
    assert "left out" in run("plan", "week").stdout


def test_same_day_flag(run) -> None:
    run("plan", "windows", "add", "Sun 10:00-11:00")
    run("homework", "add", "Twice", "--per-week", "2", "--minutes", "20")
    out = run("plan", "week").stdout
    assert "--same-day" in out
    out = run("plan", "week", "--same-day").stdout
    assert "Sun 29 Nov  10:00-10:20  Twice" in out and "10:20-10:40  Twice" in out
    assert "Everything fits" in out


def test_ics_written_atomically_and_not_overwritten(run, tmp_path) -> None:
    out_file = tmp_path / "week.ics"
    run("plan", "windows", "add", "Mon 07:30-08:00", "Sat 09:00-10:00")
    run("homework", "add", "Worry time", "--per-week", "2", "--minutes", "20")
    out = run("plan", "ics", "--out", str(out_file), "--start", "2026-11-30").stdout
    assert "Wrote 2 practices" in out and "10 minutes before" in out
    cal = Calendar.from_ical(out_file.read_bytes())
    events = list(cal.walk("VEVENT"))
    assert [str(e["SUMMARY"]) for e in events] == ["Worry time", "Worry time"]
    starts = [e.decoded("DTSTART").astimezone() for e in events]  # local time, as a calendar
    assert [(s.date().isoformat(), s.strftime("%H:%M")) for s in starts] == [
        ("2026-11-30", "07:30"),
        ("2026-12-05", "09:00"),
    ]
    assert all(e.walk("VALARM")[0].decoded("TRIGGER") == timedelta(minutes=-10) for e in events)
    assert oct(out_file.stat().st_mode & 0o777) == "0o600"
    before = out_file.read_bytes()
    again = run("plan", "ics", "--out", str(out_file), ok=False)
    assert again.exit_code == 2 and "--force" in again.stderr
    assert out_file.read_bytes() == before
    run("plan", "ics", "--out", str(out_file), "--force", "--reminder", "5")
    assert "TRIGGER:-PT5M" in out_file.read_text()
    assert not list(tmp_path.glob("*.part"))


def test_ics_without_windows_or_practice_writes_nothing(run, tmp_path) -> None:
    out_file = tmp_path / "week.ics"
    result = run("plan", "ics", "--out", str(out_file), ok=False)
    assert result.exit_code == 2 and "plan windows add" in result.stderr
    run("plan", "windows", "add", "Mon 07:30-08:00")
    result = run("plan", "ics", "--out", str(out_file), ok=False)
    assert result.exit_code == 2 and "nothing to put in a calendar" in result.stderr
    assert not out_file.exists()


def test_barriers_text_and_json(run, run_json) -> None:
    assert "Nothing noted as getting in the way" in run("barriers").stdout
    _homework(run)
    run("log", "1", "skipped", "--barrier", "time", "--next-step", "Shrink it")
    run("barrier", "add", "--kind", "time", "--at", "2026-11-20 09:00")
    run("barrier", "add", "--kind", "fear", "--homework", "2", "--next-step", "Slow the pace")
    run("barrier", "add", "--kind", "confusion", "--at", "2026-10-01 09:00")  # too long ago
    out = run("barriers").stdout
    assert out.splitlines() == [
        "What got in the way, Sat 31 Oct to Fri 27 Nov (the last 4 weeks)",
        "No time or energy: 2 times",
        "  With: Worry time (1), in general (1)",
        "  Next steps tried: Shrink it",
        "It felt scary or uncertain: 1 time",
        "  With: Breathing (1)",
        "  Next steps tried: Slow the pace",
    ]
    data = run_json("barriers", "--weeks", "12")
    assert data["total"] == 4 and data["weeks"] == 12
    kinds = {k["kind"]: k for k in data["kinds"]}
    assert kinds["confusion"]["count"] == 1 and kinds["others-first"]["count"] == 0
    assert kinds["time"]["assignments"] == [{"id": 1, "title": "Worry time", "count": 1}]
    assert kinds["time"]["label"] == "No time or energy"
    bad = run("barriers", "--weeks", "0", ok=False)
    assert bad.exit_code == 2 and "from 1 to 52" in bad.stderr
