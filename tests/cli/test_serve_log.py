"""`midweek serve --log-file`: the log is its owner's alone, and never holds a query string."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

import pytest

from midweek.cli.serve import log_config, private_log_file
from midweek.domain.errors import MidweekError


def test_a_new_log_file_is_made_0600(tmp_path: Path) -> None:
    made = private_log_file(tmp_path / "server.log")
    assert stat.S_IMODE(made.stat().st_mode) == 0o600


def test_an_existing_log_file_is_made_0600_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "server.log"
    path.write_text("yesterday's lines\n")
    path.chmod(0o644)
    private_log_file(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text() == "yesterday's lines\n"


def test_an_unwritable_log_file_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(MidweekError, match=r"^The server's log file .* cannot be created"):
        private_log_file(tmp_path / "missing" / "server.log")


def test_every_handler_writes_to_the_log_file(tmp_path: Path) -> None:
    config = log_config(tmp_path / "server.log")
    handlers = config["handlers"].values()
    assert {h["class"] for h in handlers} == {"logging.FileHandler"}
    assert all("stream" not in h for h in handlers)
    # Without a file, uvicorn's own set-up (the terminal) is kept.
    assert {h["class"] for h in log_config(None)["handlers"].values()} == {"logging.StreamHandler"}


def test_the_access_log_filter_drops_query_strings() -> None:
    from midweek.web.access_log import DropQueryStrings

    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/sharing/invite?code=ABCDE-12345", "1.1", 200),
        None,
    )
    assert DropQueryStrings().filter(record)
    assert record.getMessage() == '127.0.0.1:5000 - "GET /sharing/invite?[...] HTTP/1.1" 200'
