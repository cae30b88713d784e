"""The web app's secret: required, generated once (0600) when not given, shared by processes."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import clock
from midweek.config import load_settings
from midweek.domain.errors import ValidationError
from midweek.storage import Store
from midweek.web.app import create_app
from midweek.web.security import SECRET_FILE, server_secret

from .conftest import Page


def test_a_missing_secret_is_generated_once_private_and_reused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = server_secret(None, data)
    path = data / SECRET_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) >= 32
    assert server_secret(None, data) == first  # a second process reads the same one


def test_a_configured_secret_wins_and_must_be_long_enough(tmp_path: Path) -> None:
    given = "x" * 40
    assert server_secret(given, tmp_path) == given.encode()
    assert not (tmp_path / SECRET_FILE).exists()
    with pytest.raises(ValidationError, match="at least 32 characters"):
        server_secret("short", tmp_path)


def test_an_unreadable_secret_folder_is_one_sentence(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ValidationError, match="cannot be created or read"):
        server_secret(None, blocker / "data")


def _form_token(web_store: Store, tmp_path: Path, secret: str, session: str) -> str:
    settings = load_settings(
        {
            "MIDWEEK_DATA_DIR": str(tmp_path / "data"),
            "MIDWEEK_KEY_FILE": str(tmp_path / "keys" / "midweek.key"),
            "MIDWEEK_SECRET_KEY": secret,
        }
    )
    with TestClient(create_app(settings, store=web_store, clock=clock.now)) as c:
        c.cookies.set("midweek_session", session)
        # Every page hands htmx the form token in <body hx-headers>.
        headers = json.loads(Page(c.get("/crisis").text).one("body").attrs["hx-headers"])
        return str(headers["X-CSRF-Token"])


def test_form_tokens_depend_on_the_secret(web_store: Store, tmp_path: Path) -> None:
    one = _form_token(web_store, tmp_path, "a" * 40, "same-session")
    assert one == _form_token(web_store, tmp_path, "a" * 40, "same-session")
    assert one != _form_token(web_store, tmp_path, "b" * 40, "same-session")
