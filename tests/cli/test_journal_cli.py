"""Journal, questions."""

from __future__ import annotations


def test_write_list_show_and_tags(run, run_json) -> None:
    e = run_json(
        "journal",
        "write",
        "Said no to extra work today.",
        "--tag",
        "Boundaries",
        "--tag",
        "#work",
        "--mood",
        "6",
        "--bring",
        "--shared",
    )
    entry = e["entry"]
    assert entry["tags"] == ["boundaries", "work"]
    assert (entry["mood"], entry["bring"], entry["visibility"]) == (6, True, "shared")
    assert e["support"] is False
    run("journal", "write", "A quiet evening.", "--at", "yesterday 20:00")
    listed = run_json("journal", "list")
    assert [x["text"] for x in listed] == ["Said no to extra work today.", "A quiet evening."]
    assert [x["id"] for x in run_json("journal", "list", "--tag", "work")] == [1]
    assert [x["id"] for x in run_json("journal", "list", "--since", "today")] == [1]
    shown = run("journal", "show", "1").stdout
    assert "Said no to extra work today." in shown and "#boundaries" in shown


def test_write_from_stdin(run, run_json) -> None:
    run("journal", "write", input="Written through a pipe.\nSecond line.\n")
    assert run_json("journal", "show", "1")["text"] == "Written through a pipe.\nSecond line."


def test_empty_entry_is_refused(run) -> None:
    r = run("journal", "write", input="   \n", ok=False)
    assert r.exit_code == 2 and "empty" in r.stderr


def test_search_is_case_and_accent_insensitive_and_needs_all_words(run, run_json) -> None:
    run("journal", "write", "Met Zoë at the Café; felt calm.")
    run("journal", "write", "The cafe was loud today.")
    run("journal", "write", "Nothing about coffee here.", "--tag", "cafe-free")
    found = run_json("journal", "search", "cafe")
    assert [e["id"] for e in found["entries"]] == [3, 2, 1]
    assert found["complete"] is True
    assert [e["id"] for e in run_json("journal", "search", "CAFE", "zoe")["entries"]] == [1]
    limited = run_json("journal", "search", "cafe", "--limit", "1")
    assert len(limited["entries"]) == 1 and limited["complete"] is False
    assert "No journal entries match" in run("journal", "search", "elephant").stdout


def test_risk_in_text_shows_support_and_contacts(run, monkeypatch) -> None:
    monkeypatch.setenv("MIDWEEK_COUNTRY", "GB")
    out = run("journal", "write", "Some days I want to die.").stdout
    assert "Saved to your journal" in out
    assert "116 123" in out  # Samaritans
    assert "not an emergency service" in out
    calm = run("journal", "write", "This deadline is killing me.").stdout
    assert "116 123" not in calm


def test_questions_flow(run, run_json) -> None:
    assert "Saved" in run("ask", "How", "do", "I", "handle", "guilt?").stdout
    run("ask", "Is worry time on the bus okay?")
    assert len(run_json("questions")) == 2
    assert "Marked as discussed" in run("questions", "discussed", "1").stdout
    assert [q["id"] for q in run_json("questions")] == [2]
    assert {q["status"] for q in run_json("questions", "--all")} == {"open", "discussed"}
    again = run("questions", "discussed", "1", ok=False)
    assert again.exit_code == 2 and "already" in again.stderr


def test_journal_listings_are_plain_aligned_lines(run) -> None:
    for i in range(41):
        run(
            "journal",
            "write",
            f"Entry number {i} about sleep",
            "--at",
            f"2026-11-{1 + i % 20:02d} 08:00",
        )
    out = run("journal", "search", "sleep", "--all").stdout
    lines = out.splitlines()
    assert lines[0] == "Entries with “sleep”"
    assert lines[1].split() == ["id", "when", "mood", "tags", "entry"]
    assert len(lines) == 2 + 41
    assert "┃" not in out and all("about sleep" in line for line in lines[2:])


def test_long_tables_elsewhere_switch_to_plain_lines(run) -> None:
    from midweek.cli.console import RICH_TABLE_ROWS

    short = run("ask", "one") and run("questions").stdout
    assert "┃" in short  # a short table keeps Rich's layout
    for i in range(RICH_TABLE_ROWS):
        run("ask", f"question {i}")
    long = run("questions").stdout
    assert "┃" not in long and len(long.splitlines()) == 2 + RICH_TABLE_ROWS + 1
