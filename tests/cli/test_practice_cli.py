"""Logging practice with partial credit, and what got in the way."""

from __future__ import annotations

import pytest


@pytest.fixture
def homework(run) -> None:
    run("session", "add", "--date", "2026-11-24", "-t", "Small steps count")  # a Tuesday
    # Started the week before, so the practices logged late below fall after it began.
    run(
        "homework",
        "add",
        "Worry time",
        "--per-week",
        "3",
        "--minutes",
        "20",
        "--from",
        "2026-11-20",
    )


def test_partial_counts_and_wording_is_kind(homework, run) -> None:
    out = run("log", "1", "done", "--quality", "3").stdout
    assert "well done" in out.lower()
    assert "1 of 3 practices this week, 20 of 60 minutes" in out
    out = run("log", "1", "partial", "--minutes", "10").stdout
    assert "partly done counts" in out
    assert "1 done and 1 partly — about 1½ of 3 practices this week, 30 of 60 minutes" in out
    out = run("log", "1", "skipped").stdout
    assert "1 done and 1 partly — about 1½ of 3 practices" in out
    assert "missed" not in out.lower() and "fail" not in out.lower()


def test_week_follows_session_day(homework, run, run_json) -> None:
    # Monday 23 Nov belongs to the week that began with the Tuesday 17 Nov session day.
    run("log", "1", "done", "--at", "2026-11-23 09:00")
    week = run_json("log", "1", "done", "--at", "2026-11-24 09:00")["week"]
    assert week["done"] == 1 and week["credit"] == 1.0


def test_log_with_barrier_and_next_step(homework, run, run_json) -> None:
    data = run_json(
        "log", "1", "skipped", "--barrier", "others-first", "--next-step", "Plan a boundary"
    )
    assert data["log"]["outcome"] == "skipped"
    assert data["barrier"]["kind"] == "others-first"
    assert data["barrier"]["practice_id"] == data["log"]["id"]
    listed = run_json("barrier", "list")
    assert listed[0]["next_step"] == "Plan a boundary"


def test_log_at_a_past_time_and_json(homework, run_json) -> None:
    data = run_json(
        "log",
        "1",
        "partial",
        "--minutes",
        "5",
        "--at",
        "yesterday 21:00",
        "--note",
        "Tired but tried",
    )
    assert data["log"]["at"].startswith("2026-11-26T21:00")
    assert data["log"]["note"] == "Tired but tried"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["log", "1", "done", "--quality", "7"], "from 0 to 4"),
        (["log", "1", "sort-of"], "done, partial or skipped"),
        (["log", "9", "done"], "There is no homework with id 9."),
        (["log", "1", "done", "--at", "the tuesday before"], "couldn't read"),
        (["log", "1", "done", "--at", "2027-01-01 10:00"], "future"),
        # Issue 15: both used to be accepted and counted.
        (["log", "1", "done", "--at", "tomorrow 10:00"], "hasn't happened yet"),
        (["log", "1", "done", "--at", "2019-01-01 10:00"], "before this homework began"),
        (["log", "1", "skipped", "--barrier", "lazy"], "not a kind I know"),
        (["log", "1"], "how it went"),
    ],
)
def test_bad_input_is_one_sentence_exit_2_and_writes_nothing(
    homework, run, run_json, args, message
) -> None:
    r = run(*args, ok=False)
    assert r.exit_code == 2
    assert message in r.stderr
    assert "Traceback" not in r.output
    assert len(r.stderr.strip().splitlines()) == 1
    assert run_json("homework", "show", "1")["week"]["done"] == 0
    assert run_json("barrier", "list") == []


def test_barrier_add_general_suggests_steps(run, run_json) -> None:
    out = run("barrier", "add", "--kind", "perfectionism", "--note", "Wanted it perfect").stdout
    assert "Shrink it" in out
    assert run_json("barrier", "list")[0]["assignment_id"] is None
