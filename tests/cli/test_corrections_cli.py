"""`… edit ID`, `… delete ID` and `undo` on the command line."""

from __future__ import annotations

import pytest


def _practice(run, run_json) -> int:
    run("homework", "add", "Walk", "--per-week", "3", "--minutes", "10")
    return int(run_json("log", "1", "done")["log"]["id"])


def test_log_still_logs_and_can_be_corrected(run, run_json) -> None:
    ident = _practice(run, run_json)
    out = run("log", "edit", str(ident), "--amount", "partly", "--minutes", "4").stdout
    assert out.strip() == f"Corrected the practice log {ident}."
    got = run_json("log", "edit", str(ident), "--note", "half")["practice"]
    assert (got["id"], got["outcome"], got["minutes"], got["note"]) == (
        ident,
        "partial",
        4,
        "half",
    )


@pytest.mark.parametrize(
    ("at", "words"),
    [("tomorrow 10:00", "hasn't happened yet"), ("2019-01-01 10:00", "before this homework began")],
)
def test_log_edit_refuses_what_create_refuses(run, run_json, at: str, words: str) -> None:
    ident = _practice(run, run_json)
    r = run("log", "edit", str(ident), "--at", at, ok=False)
    assert r.exit_code == 2 and words in r.stderr
    assert "Traceback" not in r.output


def test_log_delete_and_undo(run, run_json) -> None:
    assert "No practice logged yet" in run("log", "list").stdout
    ident = _practice(run, run_json)
    assert [x["id"] for x in run_json("log", "list")] == [ident]
    assert "Walk" in run("log", "list").stdout
    out = run("log", "delete", str(ident)).stdout
    assert "midweek undo" in out
    r = run("log", "edit", str(ident), "--minutes", "3", ok=False)
    assert r.exit_code == 2 and f"no practice log with id {ident}" in r.stderr
    assert run("undo").stdout.strip() == f"Brought back the practice log {ident}."
    assert run_json("log", "edit", str(ident), "--minutes", "3")["practice"]["minutes"] == 3


def test_journal_edit_and_delete(run, run_json) -> None:
    run("journal", "write", "First draft of a thought.")
    run("journal", "edit", "1", "--text", "A better thought.", "--tag", "calm", "--mood", "7")
    shown = run_json("journal", "show", "1")
    assert (shown["text"], shown["tags"], shown["mood"]) == ("A better thought.", ["calm"], 7)
    assert run_json("journal", "delete", "1") == {"deleted": {"kind": "journal", "id": 1}}
    assert run_json("journal", "list") == []
    assert run_json("undo") == {"restored": {"kind": "journal", "id": 1}}
    assert run_json("journal", "show", "1")["text"] == "A better thought."


@pytest.mark.parametrize(
    "args",
    [
        ("journal", "edit", "5", "--text", "x"),
        ("journal", "delete", "5"),
        ("checkin", "edit", "5", "--mood", "3"),
        ("checkin", "delete", "5"),
        ("questions", "edit", "5", "--text", "x"),
        ("questions", "delete", "5"),
        ("barrier", "delete", "5"),
        ("session", "delete", "5"),
        ("goal", "edit", "5", "--text", "x"),
        ("worksheet", "delete", "5"),
    ],
)
def test_unknown_id_is_one_sentence_and_exit_2(run, args: tuple[str, ...]) -> None:
    r = run(*args, ok=False)
    assert r.exit_code == 2
    assert r.stderr.count("\n") == 1 and "id 5" in r.stderr
    assert "Traceback" not in r.output


def test_checkins_and_questions(run, run_json) -> None:
    run("checkin", "mood", "3")
    run("checkin", "edit", "1", "--mood", "6", "--note", "a walk helped")
    listed = run_json("checkin", "list")
    assert (listed[0]["mood"], listed[0]["note"]) == (6, "a walk helped")
    r = run("checkin", "edit", "1", "--mood", "12", ok=False)
    assert r.exit_code == 2
    run("ask", "Is", "this", "normal?")
    run("questions", "edit", "1", "--text", "Is this common?")
    assert [q["text"] for q in run_json("questions")] == ["Is this common?"]
    run("questions", "delete", "1")
    assert run_json("questions") == []


def test_nothing_to_change_and_nothing_to_undo(run, run_json) -> None:
    run("journal", "write", "Words.")
    r = run("journal", "edit", "1", ok=False)
    assert r.exit_code == 2 and "Nothing to change" in r.stderr
    r = run("undo", ok=False)
    assert r.exit_code == 2 and "nothing to undo" in r.stderr


def test_goal_session_and_barrier(run, run_json) -> None:
    run("goal", "add", "Sleep better", "--importance", "7", "--confidence", "4")
    run("goal", "edit", "1", "--confidence", "6")
    assert run_json("goal", "list")[0]["confidence"] == 6
    run("session", "add", "--takeaway", "one")
    run("session", "edit", "1", "--takeaway", "two", "--takeaway", "three")
    assert run_json("session", "show", "1")["takeaways"] == ["two", "three"]
    run("barrier", "add", "--kind", "time", "--note", "busy")
    run("barrier", "edit", "1", "--kind", "fear")
    assert run_json("barrier", "list")[0]["kind"] == "fear"
    run("barrier", "delete", "1")
    assert run_json("barrier", "list") == []


def test_worksheet_edit_rechecks_every_answer_and_windows_delete_undoes(run, run_json) -> None:
    import json as _json

    answers = {
        "situation": "A call",
        "automatic_thought": "They are cross",
        "emotion": "worry",
        "intensity_before": 70,
    }
    run("worksheet", "fill", "thought-record", input=_json.dumps(answers))
    got = run_json("worksheet", "edit", "1", "--answer", "emotion=calm")["worksheet"]
    assert got["answers"]["emotion"] == "calm" and got["answers"]["situation"] == "A call"
    r = run("worksheet", "edit", "1", "--answer", "intensity_before=700", ok=False)
    assert r.exit_code == 2
    r = run("worksheet", "edit", "1", "--answer", "nonsense", ok=False)
    assert r.exit_code == 2 and "NAME=VALUE" in r.stderr
    run("plan", "windows", "add", "mon 07:00-07:30")
    run("plan", "windows", "delete", "1")
    assert run_json("plan", "windows", "list") == []
    run("undo")
    assert len(run_json("plan", "windows", "list")) == 1
