"""The root imports and builds only the command being run (``cli.app.COMMANDS``).

The subprocess tests run the real entry point in a fresh interpreter (test_startup's driver)
and read what it had loaded by the end; the in-process ones check the table against the
commands themselves.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer.main
from tests.test_startup import run_cli
from typer.testing import CliRunner

from midweek.cli.app import COMMANDS, app, load_command

#: Every module that the table names: what one command must not drag in for the others.
COMMAND_MODULES = {module for module, _attribute, _help in COMMANDS.values()}

#: Where ``edit ID`` / ``delete ID`` live; a group that has them imports it with itself.
CORRECTIONS = "midweek.cli.corrections"


def _loaded(tmp_path: Path, *args: str) -> tuple[set[str], str]:
    """The modules a fresh ``midweek ARGS`` had loaded (it exited 0) and its stdout."""
    run = run_cli(tmp_path / "midweek.db", tmp_path / "midweek.key", *args)
    return run.modules, run.stdout


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
    loaded, _out = _loaded(tmp_path, *args)
    assert loaded & COMMAND_MODULES == own


def test_root_help_lists_every_command_without_importing_one(tmp_path: Path) -> None:
    loaded, out = _loaded(tmp_path, "--help")
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


@pytest.mark.parametrize("width", [50, 80, 120])
def test_root_command_list_reads_as_an_eagerly_built_one(width: int) -> None:
    from typer._click import Context, HelpFormatter
    from typer.core import TyperGroup

    root = typer.main.get_command(app)
    eager = TyperGroup(name="midweek", commands={name: load_command(name) for name in COMMANDS})

    def listed(group: Any) -> str:
        formatter = HelpFormatter(width=width)
        group.format_commands(Context(group), formatter)
        return formatter.getvalue()

    assert listed(root) == listed(eager)
