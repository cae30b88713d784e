"""The root imports and builds only the command being run (``cli.app.COMMANDS``).

The subprocess tests run the real entry point in a fresh interpreter and read what it had
loaded by the end; the in-process ones check the table against the commands themselves.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from midweek.cli.app import COMMANDS, app, load_command

#: Every module that the table names: what one command must not drag in for the others.
COMMAND_MODULES = {module for module, _attribute, _help in COMMANDS.values()}

#: Where ``edit ID`` / ``delete ID`` live; a group that has them imports it with itself.
CORRECTIONS = "midweek.cli.corrections"

DRIVER = """
import sys
sys.argv = ["midweek", *sys.argv[1:]]
try:
    from midweek.cli.app import main
    main()
finally:
    loaded = sorted(name for name, mod in sys.modules.items() if mod is not None)
    sys.stderr.write("LOADED-MODULES " + " ".join(loaded) + "\\n")
"""


def _loaded(tmp_path: Path, *args: str) -> tuple[set[str], str, int]:
    """The modules a fresh ``midweek ARGS`` had loaded, its stdout and its exit code."""
    skip = ("MIDWEEK_", "COVERAGE_", "COV_CORE_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(skip)}
    env.update(
        MIDWEEK_DATA_DIR=str(tmp_path),
        MIDWEEK_DATABASE_URL=str(tmp_path / "midweek.db"),
        MIDWEEK_KEY_FILE=str(tmp_path / "midweek.key"),
    )
    proc = subprocess.run(
        [sys.executable, "-c", DRIVER, *args],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    line = next(x for x in proc.stderr.splitlines() if x.startswith("LOADED-MODULES "))
    return set(line.split()[1:]), proc.stdout, proc.returncode


@pytest.mark.parametrize(
    ("args", "own"),
    [
        pytest.param(args, own, id=" ".join(args))
        for args, own in [
            (["today"], {"midweek.cli.system"}),
            (["checkin", "mood", "6"], {"midweek.cli.measures", CORRECTIONS}),
            (["ask", "What now?"], {"midweek.cli.journal", CORRECTIONS}),
            (["journal", "list"], {"midweek.cli.journal", CORRECTIONS}),
            (["thread"], {"midweek.cli.thread"}),
            (["journal", "--help"], {"midweek.cli.journal", CORRECTIONS}),
        ]
    ],
)
def test_a_command_imports_its_own_module_and_no_other(
    tmp_path: Path, args: list[str], own: set[str]
) -> None:
    loaded, _out, code = _loaded(tmp_path, *args)
    assert code == 0
    assert loaded & COMMAND_MODULES == own


def test_root_help_lists_every_command_without_importing_one(tmp_path: Path) -> None:
    loaded, out, code = _loaded(tmp_path, "--help")
    assert code == 0
    assert not loaded & COMMAND_MODULES, sorted(loaded & COMMAND_MODULES)
    assert "midweek.cli.console" not in loaded  # nor the plumbing the commands share
    listed = out.split("Commands:", 1)[1].splitlines()
    names = [line.split()[0] for line in listed if line.startswith("  ") and line.strip()]
    assert names == list(COMMANDS)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_table_entry_is_a_real_command_with_the_same_help(name: str) -> None:
    command = load_command(name)
    assert command.name == name
    # The help line the root shows is the command's own, so the two cannot drift apart.
    assert COMMANDS[name][2] == command.get_short_help_str(limit=10**6)
    assert command.get_short_help_str(limit=10**6), name


def test_a_group_from_the_table_keeps_its_subcommands_and_corrections() -> None:
    journal = load_command("journal")
    assert list(journal.commands)[-2:] == ["edit", "delete"]
    log = load_command("log")
    assert list(log.commands) == ["practice", "list", "edit", "delete"]


def test_an_unknown_command_gets_clicks_usual_error_and_exit_2() -> None:
    result = CliRunner().invoke(app, ["jurnal"])
    assert result.exit_code == 2
    assert "No such command 'jurnal'. Did you mean 'journal'?" in result.output
    result = CliRunner().invoke(app, ["nothing-like-it"])
    assert result.exit_code == 2
    assert "No such command 'nothing-like-it'." in result.output
