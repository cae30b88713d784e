"""`midweek import FORMAT FILE [--dry-run]`: preview, import, no duplicates, refusals."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Run

DATA = Path(__file__).resolve().parents[1] / "data" / "import"


def _rows(run: Run) -> list[object]:
    import json

    return list(json.loads(run("journal", "list", "--json").stdout))


def test_a_dry_run_previews_and_writes_nothing(run: Run) -> None:
    result = run("import", "jrnl", str(DATA / "jrnl.txt"), "--dry-run")
    assert "Ready to import 3 journal entries." in result.stdout
    assert "2026-10-05 07:45  journal entry:   Slept badly again" in result.stdout
    assert "nothing was written" in result.stdout
    assert _rows(run) == []


def test_import_then_again_brings_in_nothing_twice(run: Run) -> None:
    first = run("import", "daylio", str(DATA / "daylio.csv"))
    assert "Imported 2 journal entries, 4 mood check-ins." in first.stdout
    second = run("import", "daylio", str(DATA / "daylio.csv"))
    assert "Everything in this file is already here" in second.stdout
    assert "6 items were already here" in second.stdout
    assert len(_rows(run)) == 2


def test_day_one_says_how_many_photos_were_left_out(run: Run) -> None:
    result = run("import", "dayone", str(DATA / "dayone.zip"))
    assert "Imported 2 journal entries." in result.stdout
    assert "2 photos were left out" in result.stdout


def test_freecbt_records_become_thought_records(run: Run) -> None:
    result = run("import", "freecbt", str(DATA / "freecbt.json"), "--json")
    assert '"worksheet": 2' in result.stdout


def test_a_damaged_file_is_one_sentence_exit_2_and_nothing_written(
    run: Run, tmp_path: Path
) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text('{"entries": [', encoding="utf-8")
    result = run("import", "jrnl", str(bad), ok=False)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "midweek: This file is not a jrnl export: its JSON is damaged."
    )
    assert "Traceback" not in result.output
    assert _rows(run) == []


def test_an_unknown_format_or_a_missing_file_is_refused(run: Run, tmp_path: Path) -> None:
    unknown = run("import", "evernote", str(DATA / "jrnl.txt"), ok=False)
    assert unknown.exit_code == 2 and "jrnl, dayone, daylio and freecbt" in unknown.stderr
    missing = run("import", "jrnl", str(tmp_path / "nowhere.txt"), ok=False)
    assert missing.exit_code == 2 and "couldn't read that file" in missing.stderr
