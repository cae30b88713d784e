"""`midweek prep`: formats, leaving things out (flags or the preview prompt), kind errors."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest

from midweek.services import demo
from midweek.services.library import shipped_templates
from midweek.storage import open_store

NOW = datetime(2026, 11, 27, 18, 0).astimezone()  # as tests/cli/conftest.py freezes it


@pytest.fixture
def demo_data(frozen) -> None:
    store = open_store(os.environ["MIDWEEK_DATABASE_URL"], Path(os.environ["MIDWEEK_KEY_FILE"]))
    try:
        demo.seed(
            store.unit_of_work(), now=NOW, thought_record=shipped_templates()["thought-record"]
        )
    finally:
        store.close()


def test_empty_is_kind_and_exits_0(run) -> None:
    out = run("prep").stdout
    assert out.startswith("Nothing to report yet — ")


def test_terminal_report_on_demo_data(run, demo_data) -> None:
    out = run("prep", "--since", "2026-10-20").stdout
    assert out.startswith("Prep for my next session\n")
    for heading in (
        "Practice",
        "Small wins",
        "What got in the way",
        "Journal entries to bring",
        "New insights",
        "Open questions",
        "Check-in scores",
        "Mood",
    ):
        assert f"\n{heading}\n" in out
    assert "Mood   " in out and any(c in out for c in "▁▂▃▄▅▆▇█")
    assert "missed" not in out.lower()


def test_exclude_journal_removes_the_section(run, demo_data) -> None:
    full = run("prep", "--since", "2026-10-20", "--format", "markdown").stdout
    assert "## Journal entries to bring" in full and "Said no to covering for Sam" in full
    cut = run("prep", "--since", "2026-10-20", "-f", "markdown", "--exclude", "journal").stdout
    assert "## Journal entries to bring" not in cut and "Said no to covering for Sam" not in cut
    assert "## Practice" in cut


def test_unknown_id_exits_2_and_lists_the_valid_ones(run, demo_data) -> None:
    result = run("prep", "--exclude", "journal:99999", ok=False)
    assert result.exit_code == 2
    assert "journal:99999" in result.stderr and "practice:1" in result.stderr


def test_list_items_previews_ids(run, run_json, demo_data) -> None:
    out = run("prep", "--list-items").stdout
    assert "practice:1" in out and "mood-chart" in out
    ids = [i["id"] for i in run_json("prep", "--list-items")["items"]]
    assert ids[0] == "practice" and "practice:1" in ids


def test_html_to_file_and_refuses_to_overwrite(run, demo_data, tmp_path) -> None:
    out = tmp_path / "prep.html"
    said = run("prep", "-f", "html", "--out", str(out)).stdout
    assert str(out) in said
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html
    again = run("prep", "-f", "html", "--out", str(out), ok=False)
    assert again.exit_code == 2 and "--force" in again.stderr
    run("prep", "-f", "html", "--out", str(out), "--force", "-x", "mood")
    assert "Mood over this period" not in out.read_text(encoding="utf-8")


def test_pdf_needs_out(run, demo_data) -> None:
    result = run("prep", "-f", "pdf", ok=False)
    assert result.exit_code == 2 and "--out" in result.stderr


def test_on_a_terminal_the_preview_asks_what_to_leave_out(
    run, demo_data, tmp_path, monkeypatch
) -> None:
    monkeypatch.setattr("midweek.cli.prep.interactive", lambda: True)
    out = tmp_path / "prep.md"
    result = run(
        "prep",
        "--since",
        "2026-10-20",
        "-f",
        "markdown",
        "-o",
        str(out),
        input="nonsense\njournal question:2\n",
    )
    assert "Leave anything out?" in result.stdout
    assert "nonsense" in result.stdout  # asked again, kindly, with the valid ids
    text = out.read_text(encoding="utf-8")
    assert "Journal entries to bring" not in text
    assert "Is it okay to do worry time on the bus?" not in text
    assert "What should I do when the thought record" in text


def test_json_view(run_json, demo_data) -> None:
    data = run_json("prep", "-x", "wins")
    assert data["excluded"] == ["wins"]
    assert "wins" not in [s["id"] for s in data["sections"]]


def test_since_in_the_future_is_refused_kindly(run) -> None:
    result = run("prep", "--since", "2026-12-25", ok=False)
    assert result.exit_code == 2 and "looks back from today" in result.stderr


def test_written_reports_are_private_files(run, tmp_path) -> None:
    run("session", "add", "--date", "2026-11-24", "-t", "Small steps count")
    run("ask", "What if worry time makes it worse?")
    out = tmp_path / "prep.md"
    run("prep", "--format", "markdown", "--out", str(out))
    assert out.read_text().startswith("#")
    assert (out.stat().st_mode & 0o777) == 0o600


@pytest.fixture
def item9_answered(demo_data) -> None:
    """The demo plus a PHQ-9 two days ago with question 9 answered 1 of 3."""
    from datetime import timedelta

    from midweek.domain.entities import CheckinKind
    from midweek.services import checkins

    store = open_store(os.environ["MIDWEEK_DATABASE_URL"], Path(os.environ["MIDWEEK_KEY_FILE"]))
    try:
        checkins.checkin_instrument(
            store.unit_of_work(),
            CheckinKind.PHQ9,
            "1,1,1,1,1,0,1,0,1",
            note=None,
            at=NOW - timedelta(days=2),
        )
    finally:
        store.close()


def test_risk_items_are_out_unless_added(run, item9_answered, tmp_path) -> None:
    default = run("prep", "-f", "markdown").stdout
    assert "better off dead" not in default and "Worth talking about" not in default
    assert "PHQ-9" in default
    assert "item9:" not in run("prep", "--list-items").stdout
    added = run("prep", "-f", "markdown", "--include", "safety").stdout
    assert "better off dead" in added and "## Worth talking about" in added
    # Added to a file too, with the crisis contacts beside it.
    out = tmp_path / "prep.html"
    run("prep", "-f", "html", "-o", str(out), "--include", "safety")
    assert "better off dead" in out.read_text(encoding="utf-8")


def test_leaving_out_phq9_leaves_out_its_chart_and_item9(run, run_json, item9_answered) -> None:
    listed = run("prep", "--list-items", "--include", "safety").stdout
    assert "phq9" in listed and "everywhere it shows" in listed
    for name in ("phq9", "PHQ-9", "measure:phq9", "measures"):
        cut = run("prep", "-f", "markdown", "--include", "safety", "-x", name).stdout
        assert "PHQ-9" not in cut and "better off dead" not in cut, name
    data = run_json("prep", "-x", "phq9", "--include", "safety")
    assert data["excluded"] == ["phq9"]
    charts = [i for s in data["sections"] for i in s["items"] if i["chart"]]
    assert "PHQ-9" not in {s["name"] for c in charts for s in c["chart"]["series"]}


def test_unknown_include_exits_2(run, demo_data) -> None:
    result = run("prep", "--include", "everything", ok=False)
    assert result.exit_code == 2 and "safety" in result.stderr
