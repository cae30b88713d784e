"""CLI tests run in-process with Typer's CliRunner against a real SQLite store in tmp."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest
import time_machine
from typer.testing import CliRunner, Result

from midweek.cli.app import app

NOW = datetime(2026, 11, 27, 18, 0).astimezone()


@pytest.fixture
def frozen() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


Run = Callable[..., Result]


@pytest.fixture
def run(frozen: time_machine.Coordinates) -> Run:
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None, ok: bool = True) -> Result:
        result = runner.invoke(app, list(args), input=input)
        if ok:
            assert result.exit_code == 0, (result.output, result.exception)
        return result

    return invoke


@pytest.fixture
def run_json(run: Run) -> Callable[..., Any]:
    def invoke(*args: str, input: str | None = None) -> Any:
        return json.loads(run(*args, "--json", input=input).stdout)

    return invoke


@pytest.fixture
def tty(monkeypatch: pytest.MonkeyPatch) -> None:
    """Behave as if on a terminal: every CLI module's ``interactive`` answers True."""
    import importlib
    import sys

    from midweek.cli.app import COMMANDS

    for module, _attribute, _help in COMMANDS.values():  # the root imports them lazily
        importlib.import_module(module)
    for name, module in list(sys.modules.items()):
        if name.startswith("midweek.cli") and hasattr(module, "interactive"):
            monkeypatch.setattr(module, "interactive", lambda: True)
