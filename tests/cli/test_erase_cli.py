"""`midweek export all` and `midweek erase`."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

Run = Any


def _settings_paths() -> tuple[Path, Path]:
    from midweek.config import load_settings

    s = load_settings()
    return Path(s.database_url), s.key_file


def test_export_all_writes_one_readable_zip(run: Run, run_json, tmp_path: Path) -> None:
    run("journal", "write", "A walk by the river helped", "--tag", "walk")
    run("ask", "Can we talk about sleep?")
    out = tmp_path / "everything.zip"
    info = run_json("export", "all", "--out", str(out))
    assert info["plaintext"] is True and info["records"]["journal"] == 1
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        assert "README.txt" in names and "midweek-backup.json" in names
        entry = [n for n in names if n.startswith("journal/")]
        assert len(entry) == 1
        assert "A walk by the river helped" in zf.read(entry[0]).decode()
        assert "#walk" in zf.read(entry[0]).decode()
        records = json.loads(zf.read("records.json"))
        assert [q["text"] for q in records["questions"]] == ["Can we talk about sleep?"]
        # The backup inside restores (its text stays ciphertext).
        assert b"A walk by the river" not in zf.read("midweek-backup.json")
    assert out.stat().st_mode & 0o777 == 0o600
    again = run("export", "all", "--out", str(out), ok=False)
    assert again.exit_code == 2 and "--force" in again.output


def test_erase_without_the_words_erases_nothing(run: Run) -> None:
    run("journal", "write", "still here")
    r = run("erase", ok=False)
    assert r.exit_code == 2 and "erase my data" in r.output
    r = run("erase", "--confirm", "yes please", ok=False)
    assert r.exit_code == 2 and "Nothing was erased" in r.output
    assert "still here" in run("journal", "list").output


def test_erase_takes_the_data_and_the_key_and_old_backups_no_longer_open(
    run: Run, tmp_path: Path
) -> None:
    run("journal", "write", "a private thought")
    backup = tmp_path / "before.json"
    run("backup", str(backup))
    database, key_file = _settings_paths()
    assert database.exists() and key_file.exists()
    r = run("erase", "--confirm", "erase my data")
    assert "older backups can no longer be opened" in r.output
    assert not database.exists() and not key_file.exists()
    assert "a private thought" not in run("journal", "list").output
    r = run("restore", str(backup), "--yes", ok=False)
    assert r.exit_code == 2 and "different encryption key" in r.output


def test_erase_asks_on_a_terminal(run: Run, tty: None) -> None:
    run("journal", "write", "asked first")
    r = run("erase", input="no thanks\n", ok=False)
    assert r.exit_code == 2 and "cannot be undone" in r.output
    assert "asked first" in run("journal", "list").output
    run("erase", input="erase my data\n")
    assert "asked first" not in run("journal", "list").output


@pytest.mark.usefixtures("fast_hashing")
def test_erase_refuses_a_database_with_web_accounts(run: Run) -> None:
    run(
        "user",
        "add",
        "alice",
        "--role",
        "client",
        "--password-stdin",
        input="correct horse battery staple\n",
    )
    r = run("erase", "--confirm", "erase my data", ok=False)
    assert r.exit_code == 2 and "Settings" in r.output
