"""`midweek demo --web` with its port taken: a free port is chosen and said before the sign-ins."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from midweek.cli import serve
from midweek.domain.errors import MidweekError


@pytest.fixture
def held_port() -> Iterator[int]:
    """A port on 127.0.0.1 that another server is listening on for the whole test."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield other.getsockname()[1]


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Where the demo would have started uvicorn (the server itself is not run here)."""
    calls: list[tuple[str, int]] = []
    monkeypatch.setattr(serve, "run_server", lambda host, port, **_: calls.append((host, port)))
    return calls


def test_a_taken_port_is_swapped_for_a_free_one_before_the_sign_ins(
    run, held_port: int, served: list[tuple[str, int]], monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    monkeypatch.delenv("MIDWEEK_DATABASE_URL", raising=False)
    result = run("demo", "--web", "--port", str(held_port), "--keep", str(tmp_path / "demo"))
    [(host, port)] = served
    assert host == "127.0.0.1"
    assert port != held_port
    out = result.stdout
    said = f"Port {held_port} is already in use, so the demo uses port {port} instead"
    assert said in out
    assert out.index(said) < out.index("demo-client")  # said before the sign-ins
    assert f"http://127.0.0.1:{port}/" in out
    assert f"http://127.0.0.1:{held_port}/" not in out
    # The chosen port really is free.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", port))


def test_a_free_port_is_kept_and_nothing_extra_is_said(
    run, served: list[tuple[str, int]], monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    monkeypatch.delenv("MIDWEEK_DATABASE_URL", raising=False)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run("demo", "--web", "--port", str(port), "--keep", str(tmp_path / "demo"))
    assert served == [("127.0.0.1", port)]
    assert "already in use" not in result.stdout


def test_no_port_at_all_is_one_sentence() -> None:
    # 192.0.2.1 (TEST-NET-1) is on no interface here: neither the port nor a free one binds.
    with pytest.raises(MidweekError, match=r"^Port 8000 on 192\.0\.2\.1 is already in use"):
        serve.free_port("192.0.2.1", 8000)
