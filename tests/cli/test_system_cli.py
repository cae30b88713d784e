"""today, where, backup/restore, demo, and the errors of the environment."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

from midweek.cli.app import app


def test_today_empty_welcomes(run) -> None:
    out = run("today").stdout
    assert "Welcome" in out and "midweek session add" in out
    assert run().stdout == out  # bare `midweek` is today


def test_today_shows_last_time_practice_questions_prompt(run, run_json) -> None:
    run(
        "session",
        "add",
        "--date",
        "2026-11-24",
        "-t",
        "Thoughts are not facts",
        "--theme",
        "worry",
        "--next",
        "2026-12-01 17:00",
    )
    run("homework", "add", "Worry time", "--per-week", "3", "--minutes", "15")
    run("log", "1", "partial", "--minutes", "5")
    run("ask", "What if worry time makes it worse?")
    out = run("today").stdout
    assert out.index("Last time you learned") < out.index("This week's practice")
    assert "Thoughts are not facts" in out
    assert "[1] Worry time — 1 partly — about ½ of 3 practices this week, 5 of 45 minutes" in out
    assert "[1] What if worry time makes it worse?" in out
    assert (
        "worry" in out.split("Something to write about")[1].lower()
        or "Thoughts are not facts" in out.split("Something to write about")[1]
    )
    assert "Next session: Tuesday 1 December 2026, 17:00" in out
    data = run_json("today")
    assert data["last_session"]["takeaways"] == ["Thoughts are not facts"]
    assert data["practice"][0]["week"]["credit"] == 0.5


def test_where_shows_paths(run_json, tmp_path) -> None:
    info = run_json("where")
    assert info["key_file"] == os.environ["MIDWEEK_KEY_FILE"]
    assert info["database"] == os.environ["MIDWEEK_DATABASE_URL"]


def test_where_lists_every_setting_with_its_source_and_hides_secrets(
    run, run_json, monkeypatch
) -> None:
    from midweek.config import SETTINGS

    monkeypatch.setenv("MIDWEEK_SECRET_KEY", "do-not-print-me-0123456789-0123456789")
    monkeypatch.setenv("MIDWEEK_BUSY_TIMEOUT_MS", "7000")
    listed = {x["name"]: x for x in run_json("where")["settings"]}
    assert list(listed) == [s.env for s in SETTINGS]
    assert listed["MIDWEEK_BUSY_TIMEOUT_MS"] == {
        "name": "MIDWEEK_BUSY_TIMEOUT_MS",
        "value": "7000",
        "source": "environment",
        "hidden": False,
    }
    assert listed["MIDWEEK_SECRET_KEY"] == {
        "name": "MIDWEEK_SECRET_KEY",
        "value": None,
        "source": "environment",
        "hidden": True,
    }
    assert listed["MIDWEEK_DEBUG"]["source"] == "default"
    out = run("--db", "postgresql://sam:hunter2-hunter2@db.internal/mw", "where").stdout
    assert "do-not-print-me" not in out and "hunter2" not in out
    lines = {line.split()[0]: line for line in out.splitlines() if line.startswith("  MIDWEEK_")}
    assert list(lines) == [s.env for s in SETTINGS]
    assert lines["MIDWEEK_SECRET_KEY"].split(None, 1)[1] == (
        "not shown here  (set in the environment)"
    )
    assert lines["MIDWEEK_DATABASE_URL"].split(None, 1)[1] == (
        "postgresql://sam:•••@db.internal/mw  (the --db option)"
    )
    assert lines["MIDWEEK_DEBUG"].split(None, 1)[1] == "0  (the default)"
    assert lines["MIDWEEK_COUNTRY"].split(None, 1)[1] == "not set  (the default)"
    assert out.splitlines()[0] == "Database:        postgresql://sam:•••@db.internal/mw"


def test_backup_restore_round_trip_and_damage(run, run_json, tmp_path) -> None:
    run("session", "add", "-t", "Thoughts are not facts")
    run("journal", "write", "Canary-free entry", "--tag", "x")
    run("homework", "add", "Walk", "--per-week", "2", "--minutes", "20")
    run("log", "1", "done")
    before = {
        k: run_json(*k.split())
        for k in ("session list", "journal list", "homework list", "barrier list", "checkin list")
    }
    backup = tmp_path / "b.json"
    assert "Backup written" in run("backup", str(backup)).stdout
    assert (backup.stat().st_mode & 0o777) == 0o600
    assert "Canary-free" not in backup.read_text()
    refused = run("backup", str(backup), ok=False)
    assert refused.exit_code == 2 and "--force" in refused.stderr

    run("journal", "write", "Written after the backup")
    run("restore", str(backup), "--yes")
    after = {k: run_json(*k.split()) for k in before}
    assert after == before

    damaged = tmp_path / "damaged.json"
    envelope = json.loads(backup.read_text())
    envelope["created_at"] = "x"
    first_table = next(iter(envelope["data"]))
    envelope["data"][first_table] = "tampered"
    damaged.write_text(json.dumps(envelope))
    run("journal", "write", "After restore")
    r = run("restore", str(damaged), "--yes", ok=False)
    assert r.exit_code == 2 and "damaged" in r.stderr
    assert len(run_json("journal", "list")) == 2  # unchanged

    junk = tmp_path / "junk.json"
    junk.write_bytes(os.urandom(200))
    r = run("restore", str(junk), "--yes", ok=False)
    assert r.exit_code == 2 and "not a midweek backup" in r.stderr
    r = run("restore", str(tmp_path / "missing.json"), "--yes", ok=False)
    assert r.exit_code == 2 and "cannot be read" in r.stderr
    r = run("restore", str(backup), ok=False)
    assert r.exit_code == 2 and "--yes" in r.stderr


def test_missing_key_file_is_one_clear_sentence(run, monkeypatch) -> None:
    run("journal", "write", "Something private")
    Path(os.environ["MIDWEEK_KEY_FILE"]).unlink()
    r = run("journal", "list", ok=False)
    assert r.exit_code == 2
    assert "key file" in r.stderr and "Traceback" not in r.output
    assert not Path(os.environ["MIDWEEK_KEY_FILE"]).exists()  # never silently re-created


def test_corrupt_database_is_one_clear_sentence(run, tmp_path) -> None:
    bad = tmp_path / "corrupt.db"
    bad.write_bytes(b"this is not a database" * 100)
    r = run("--db", str(bad), "today", ok=False)
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert len(r.stderr.strip().splitlines()) == 1


def test_locked_database_is_one_clear_sentence(run, monkeypatch) -> None:
    run("ask", "first")
    path = os.environ["MIDWEEK_DATABASE_URL"].removeprefix("sqlite:///")
    holder = sqlite3.connect(path, timeout=0.1)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        monkeypatch.setenv("MIDWEEK_BUSY_TIMEOUT_MS", "100")
        r = run("ask", "second", ok=False)
    finally:
        holder.rollback()
        holder.close()
    assert r.exit_code == 2 and "busy" in r.stderr.lower()


def test_internal_errors_exit_1_without_traceback_unless_debug(run, monkeypatch) -> None:
    from midweek.services import goals

    def broken(*a, **k):
        raise RuntimeError("boom")

    monkeypatch.setattr(goals, "list_goals", broken)
    r = run("goal", "list", ok=False)
    assert r.exit_code == 1 and "our mistake" in r.stderr and "boom" not in r.output
    r = run("--debug", "goal", "list", ok=False)
    assert isinstance(r.exception, RuntimeError)


def test_demo_runs_on_a_throwaway_database(run, tmp_path) -> None:
    out = run("demo").stdout
    assert "Last time you learned" in out
    assert "Worry time" in out
    assert "PHQ-9" in out
    assert "The thread: “worry”" in out and "Prep for my next session" in out
    assert not Path(os.environ["MIDWEEK_KEY_FILE"]).exists()  # the real store is untouched
    kept = tmp_path / "kept"
    run("demo", "--keep", str(kept))
    assert (kept / "midweek.db").exists() and (kept / "midweek.key").exists()


def test_every_command_has_help_and_is_documented() -> None:
    # Every setting: tests/test_config.py checks the README's table against the records.
    import typer.main

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    group = typer.main.get_command(app)
    names = []
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        assert cmd.help, name
        names.append(name)
        for sub_name, sub in getattr(cmd, "commands", {}).items():
            assert sub.help, f"{name} {sub_name}"
    for name in names:
        assert f"`{name}" in readme, name
