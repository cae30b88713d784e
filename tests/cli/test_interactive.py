"""On a terminal, midweek asks kindly for what is missing (prompts fed through `input=`)."""

from __future__ import annotations


def test_skipped_practice_offers_reflection_with_matching_steps(tty, run, run_json) -> None:
    run("homework", "add", "Worry time", "--per-week", "3", "--minutes", "15")
    # kind 2 = others first; step 1 = plan a boundary; then a note
    out = run("log", "1", "skipped", input="2\n1\nMy sister needed me\n").stdout
    assert "Noticing that it didn't happen is useful too" in out
    assert "a boundary, not selfishness" in out
    assert "Noted" in out
    b = run_json("barrier", "list")[0]
    assert b["kind"] == "others-first"
    assert b["next_step"].startswith("Plan a boundary")
    assert b["note"] == "My sister needed me"


def test_reflection_can_be_skipped_with_enter(tty, run, run_json) -> None:
    run("homework", "add", "Worry time", "--per-week", "3", "--minutes", "15")
    out = run("log", "1", "partial", input="\n").stdout
    assert "partly done counts" in out
    assert run_json("barrier", "list") == []


def test_missing_outcome_and_readiness_are_prompted(tty, run, run_json) -> None:
    run("homework", "add", "Walk", input="3\n20\n")
    assert run_json("homework", "show", "1")["assignment"]["per_week"] == 3
    run("log", "1", input="done\n")
    assert run_json("homework", "show", "1")["week"]["done"] == 1
    run("goal", "add", "Sleep better", input="8\n4\n")
    assert run_json("goal", "list")[0]["confidence"] == 4


def test_phq9_is_asked_item_by_item_and_reasks_bad_answers(tty, run) -> None:
    out = run("checkin", "phq9", input="1\n1\n7\n1\n1\n1\n1\n1\n1\n0\n").stdout
    assert "Little interest or pleasure in doing things" in out
    assert "Please answer 0, 1, 2 or 3." in out
    assert "PHQ-9: 8 of 27 — mild." in out


def test_worksheet_fill_prompts_each_field_and_reasks(tty, run_json, run) -> None:
    answers = "\n".join(["Lift at work", "70", "140", "85", "40", "15", "some", "It passed."])
    out = run("worksheet", "fill", "exposure", input=answers + "\n").stdout
    assert "0 to 100" in out  # the 140 was refused kindly, then asked again
    assert "Worksheet saved" in out


def test_an_impossible_night_asks_again_for_the_questions_it_names(tty, run) -> None:
    # night, bed, lights out, minutes to sleep, wakings, awake, final wake, out of bed, quality
    first = ["yesterday", "23:00", "", "20", "", "30", "06:30", "06:00", ""]
    out = run("worksheet", "fill", "sleep-diary", input="\n".join([*first, "05:45", ""])).stdout
    assert "“Time I woke up for the last time” (06:30) needs to fall between" in out
    assert "Worksheet saved" in out
    assert "Total sleep: 5 h 55 min" in out  # 23:00 to 05:45, less 20 and 30 minutes


def test_a_mistyped_number_is_asked_again(tty, run, run_json) -> None:
    out = run("homework", "add", "Walk", input="three\n3\n20\n").stdout
    assert "please try again" in out
    assert run_json("homework", "show", "1")["assignment"]["per_week"] == 3


def test_journal_write_without_text_opens_the_editor(tty, run, run_json, monkeypatch) -> None:
    monkeypatch.setenv("EDITOR", 'sh -c \'printf "Written in my editor.\\n" >> "$0"\'')
    # This is about the editor, not about what the risk detector reads in the words (it
    # reads this line as urgent: docs/RISK.md, limits); with the country known and Enter
    # for the offered note, the command runs to its end whichever way it reads them.
    monkeypatch.setenv("MIDWEEK_COUNTRY", "GB")
    out = run("journal", "write", "--prompt", "What went well?", input="\n").stdout
    assert "Saved to your journal" in out
    entry = run_json("journal", "show", "1")
    assert entry["text"] == "Written in my editor."
    assert entry["prompt"] == "What went well?"


def test_editor_text_is_kept_as_a_draft_when_saving_fails(tty, run, monkeypatch, tmp_path) -> None:
    import os
    import sqlite3
    import tempfile

    run("ask", "create the database first")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setenv("EDITOR", 'sh -c \'printf "Precious words.\\n" >> "$0"\'')
    monkeypatch.setenv("MIDWEEK_BUSY_TIMEOUT_MS", "100")
    holder = sqlite3.connect(os.environ["MIDWEEK_DATABASE_URL"].removeprefix("sqlite:///"))
    holder.execute("BEGIN EXCLUSIVE")
    try:
        r = run("journal", "write", ok=False)
    finally:
        holder.rollback()
        holder.close()
    assert r.exit_code == 2 and "busy" in r.stderr
    assert "kept safe in" in r.stderr
    drafts = list(tmp_path.glob("midweek-draft-*.md"))
    assert len(drafts) == 1 and drafts[0].read_text() == "Precious words.\n"
    assert (drafts[0].stat().st_mode & 0o777) == 0o600


def test_a_bad_mood_is_refused_before_the_editor_opens(tty, run, monkeypatch, tmp_path) -> None:
    marker = tmp_path / "editor-ran"
    monkeypatch.setenv("EDITOR", f"touch {marker}")
    r = run("journal", "write", "--mood", "11", ok=False)
    assert r.exit_code == 2 and "Mood" in r.stderr
    assert not marker.exists()
