"""A command tunes the garbage collector for a short process; `serve` puts it back."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.cli.conftest import Run

from midweek.cli import collector, serve


@pytest.fixture
def restored() -> Iterator[None]:
    """Whatever a test does to this pytest process's collector is undone after it."""
    before = gc.get_threshold()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_a_command_freezes_what_is_loaded_and_collects_less_often(restored: None) -> None:
    collector.for_a_command()
    assert gc.get_threshold() == collector.COMMAND_THRESHOLD
    assert gc.get_freeze_count() > 0
    assert collector.COMMAND_THRESHOLD[0] > collector.DEFAULT_THRESHOLD[0]


def test_serve_runs_the_server_with_the_default_collector(
    restored: None, run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen: dict[str, Any] = {}

    def server(host: str, port: int, *, log_file: Path | None = None) -> None:
        # The real server (uvicorn) would run for days: what matters is the collector it gets.
        seen.update(threshold=gc.get_threshold(), frozen=gc.get_freeze_count())

    monkeypatch.setattr(serve, "run_server", server)
    collector.for_a_command()  # as main() does before any command
    run("--db", str(tmp_path / "m.db"), "serve")
    assert seen == {"threshold": collector.DEFAULT_THRESHOLD, "frozen": 0}
