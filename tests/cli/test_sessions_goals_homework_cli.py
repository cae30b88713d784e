"""Sessions, goals and homework from the command line."""

from __future__ import annotations


def test_session_add_list_show(run, run_json) -> None:
    out = run(
        "session",
        "add",
        "--date",
        "2026-11-24",
        "--takeaway",
        "Thoughts are not facts",
        "-t",
        "Worry time works",
        "--theme",
        "worry",
        "--next",
        "2026-12-01 17:00",
    )
    assert "Session saved. (session 1, 2026-11-24)" in out.stdout
    shown = run_json("session", "show", "1")
    assert shown["takeaways"] == ["Thoughts are not facts", "Worry time works"]
    assert shown["themes"] == ["worry"]
    assert shown["next_appointment"].startswith("2026-12-01T17:00")
    listed = run("session", "list")
    assert "2026-11-24" in listed.stdout and "worry" in listed.stdout
    assert "Worry time works" in run("session", "show", "1").stdout


def test_goal_add_list_and_status_wording(run, run_json) -> None:
    g = run_json(
        "goal",
        "add",
        "Sleep before midnight",
        "--value",
        "health",
        "--importance",
        "8",
        "--confidence",
        "5",
    )
    assert (g["id"], g["importance"], g["confidence"], g["status"]) == (1, 8, 5, "active")
    out = run("goal", "status", "1", "not-pursuing")
    assert "legitimate choice" in out.stdout
    assert run_json("goal", "list")[0]["status"] == "not-pursuing"


def test_goal_add_without_readiness_asks_when_not_interactive(run) -> None:
    r = run("goal", "add", "Walk daily", ok=False)
    assert r.exit_code == 2
    assert "--importance" in r.stderr
    assert "Traceback" not in r.output


def test_homework_add_list_show_end(run, run_json) -> None:
    run("goal", "add", "Sleep", "--importance", "8", "--confidence", "5")
    a = run_json(
        "homework",
        "add",
        "Worry time",
        "--per-week",
        "5",
        "--minutes",
        "15",
        "--until",
        "2026-12-20",
        "--goal",
        "1",
        "--instructions",
        "At 18:00",
    )
    assert (a["per_week"], a["minutes"], a["end"], a["goal_id"]) == (5, 15, "2026-12-20", 1)
    assert a["source"] == "therapist" and a["kind"] == "skill-practice"
    listed = run("homework", "list").stdout
    assert "Worry time" in listed and "5×/week, 15 min" in listed
    shown = run("homework", "show", "1").stdout
    assert "0 of 5 practices this week, 0 of 75 minutes" in shown
    assert "Homework ended" in run("homework", "end", "1").stdout
    assert run_json("homework", "list") == []
    assert len(run_json("homework", "list", "--all")) == 1
    again = run("homework", "end", "1", ok=False)
    assert again.exit_code == 2 and "already ended" in again.stderr


def test_homework_with_worksheet_and_unknown_goal(run, run_json) -> None:
    a = run_json(
        "homework",
        "add",
        "Thought record",
        "--per-week",
        "3",
        "--minutes",
        "10",
        "--worksheet",
        "thought-record",
        "--self",
    )
    assert a["worksheet"] == "thought-record" and a["kind"] == "worksheet"
    assert a["source"] == "self"
    bad = run("homework", "add", "X", "--per-week", "3", "--minutes", "10", "--goal", "9", ok=False)
    assert bad.exit_code == 2 and bad.stderr.strip() == "midweek: There is no goal with id 9."
    unknown = run(
        "homework",
        "add",
        "X",
        "--per-week",
        "3",
        "--minutes",
        "10",
        "--worksheet",
        "nope",
        ok=False,
    )
    assert unknown.exit_code == 2 and "thought-record" in unknown.stderr
    assert len(run_json("homework", "list")) == 1  # nothing half-written


def test_homework_links_to_latest_session(run, run_json) -> None:
    run("session", "add", "--date", "2026-11-24", "-t", "x")
    a = run_json("homework", "add", "Walk", "--per-week", "3", "--minutes", "20")
    assert a["session_id"] == 1
    assert a["start"] == "2026-11-27"  # the frozen today
