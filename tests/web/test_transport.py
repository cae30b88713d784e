"""How a request came: HSTS over https only, X-Forwarded-Proto believed only from the
proxies in MIDWEEK_TRUSTED_PROXIES, no server banner, and a signed pre-sign-in CSRF token."""

from __future__ import annotations

import asyncio
import concurrent.futures
import hmac
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx2
import pytest
from fastapi.testclient import TestClient

from midweek.config import load_settings
from midweek.domain.accounts import Account
from midweek.domain.errors import ValidationError
from midweek.storage import Store
from midweek.web.app import create_app
from midweek.web.security import CSRF_COOKIE, CSRF_FIELD, TrustedProxies
from personas import PASSWORD

from .conftest import Page

HSTS = "Strict-Transport-Security"


def _settings(tmp_path: Path, **extra: str) -> object:
    return load_settings(
        {
            "MIDWEEK_DATA_DIR": str(tmp_path / "data"),
            "MIDWEEK_KEY_FILE": str(tmp_path / "keys" / "midweek.key"),
            **extra,
        }
    )


def _get(
    app: object, path: str, *, peer: str, headers: dict[str, str] | None = None
) -> httpx2.Response:
    """One request from ``peer`` (the TCP address the server sees), through the app's
    lifespan-free ASGI interface, as a reverse proxy's connection would arrive."""

    async def go() -> httpx2.Response:
        transport = httpx2.ASGITransport(app=app, client=(peer, 40000))  # type: ignore[arg-type]
        async with httpx2.AsyncClient(transport=transport, base_url="http://site") as c:
            return await c.get(path, headers=headers)

    # On a thread of its own: in the whole suite a browser test's event loop may already
    # be running on this one (Playwright's sync API), and asyncio.run refuses to nest.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, go()).result()


def _peer_seen(app: object, peer: str, forwarded_for: str) -> str:
    """The client address the app's routes see for a request from ``peer``."""
    seen: dict[str, str] = {}

    async def probe(scope: Any, receive: Any, send: Any) -> None:
        seen["host"] = scope["client"][0]
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    middleware = TrustedProxies(probe, networks=("10.0.0.0/24",))
    _get(middleware, "/", peer=peer, headers={"X-Forwarded-For": forwarded_for})
    return seen["host"]


def test_hsts_over_https_and_never_over_http(client: TestClient) -> None:
    assert HSTS not in client.get("/login").headers
    secure = TestClient(client.app, base_url="https://testserver")
    for path in ("/login", "/crisis", "/no-such-page", "/api/v1/me"):
        header = secure.get(path).headers.get(HSTS, "")
        assert header.startswith("max-age=") and int(header.split("=")[1].split(";")[0]) >= 31536000


def test_x_forwarded_proto_only_from_a_trusted_proxy(web_store: Store, tmp_path: Path) -> None:
    app = create_app(
        _settings(tmp_path, MIDWEEK_TRUSTED_PROXIES="10.0.0.0/24, 192.0.2.7"), store=web_store
    )  # type: ignore[arg-type]
    https = {"X-Forwarded-Proto": "https"}
    trusted = _get(app, "/login", peer="10.0.0.9", headers=https)
    assert trusted.status_code == 200 and HSTS in trusted.headers
    # The pre-sign-in cookie is then Secure, as for any https request.
    assert "secure" in trusted.headers["set-cookie"].lower()
    assert HSTS in _get(app, "/login", peer="192.0.2.7", headers=https).headers
    for stranger in ("10.0.1.9", "192.0.2.8", "203.0.113.5"):
        answer = _get(app, "/login", peer=stranger, headers=https)
        assert HSTS not in answer.headers, stranger
        assert "secure" not in answer.headers["set-cookie"].lower()
    # The client's address, for sign-in throttling: the nearest hop that is not our proxy.
    assert _peer_seen(app, "10.0.0.9", "198.51.100.1, 203.0.113.7, 10.0.0.4") == "203.0.113.7"
    assert _peer_seen(app, "203.0.113.5", "198.51.100.1") == "203.0.113.5"
    # No proxies configured: the header is believed from no one, loopback included.
    plain = create_app(_settings(tmp_path), store=web_store)  # type: ignore[arg-type]
    assert HSTS not in _get(plain, "/login", peer="127.0.0.1", headers=https).headers


@pytest.mark.parametrize("bad", ["10.0.0.300", "proxy.example", "10.0.0.0/33"])
def test_a_mistyped_proxy_is_one_clear_sentence(bad: str, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="MIDWEEK_TRUSTED_PROXIES"):
        _settings(tmp_path, MIDWEEK_TRUSTED_PROXIES=bad)


def test_error_pages_name_no_software(client: TestClient) -> None:
    for path, accept in (("/no-such-page", "text/html"), ("/api/v1/nowhere", "*/*")):
        answer = client.get(path, headers={"Accept": accept})
        assert answer.status_code == 404
        assert "server" not in answer.headers
        text = answer.text.lower()
        for name in ("uvicorn", "starlette", "fastapi", "python", "peewee"):
            assert name not in text, name


def test_the_serve_command_turns_off_uvicorns_banner(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    from midweek.cli import serve

    seen: dict[str, object] = {}
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: seen.update(kw))
    serve.run_server("127.0.0.1", 8000)
    assert seen["server_header"] is False
    # The app, not uvicorn's FORWARDED_ALLOW_IPS default, decides which proxy to believe.
    assert seen["proxy_headers"] is False


def test_the_pre_sign_in_token_is_signed_with_the_servers_secret(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    token = Page(client.get("/login").text).csrf()
    nonce = client.cookies[CSRF_COOKIE]
    # Not the cookie's bare copy: its HMAC under the secret.
    assert token != nonce
    secret: bytes = client.app.state.secret  # type: ignore[attr-defined]
    assert hmac.compare_digest(
        token, hmac.new(secret, b"csrf-pre\x00" + nonce.encode(), "sha256").hexdigest()
    )
    form = {"username": "alice", "password": PASSWORD}
    # A planted cookie with its own copy in the form (plain double-submit) is refused...
    client.cookies.delete(CSRF_COOKIE)  # the jar holds it per domain: replace, not add
    client.cookies.set(CSRF_COOKIE, "planted-by-a-sibling-subdomain")
    forged = client.post("/login", data={**form, CSRF_FIELD: "planted-by-a-sibling-subdomain"})
    assert forged.status_code == 403
    # ...and so is the real token with another cookie; the matching pair signs in.
    assert client.post("/login", data={**form, CSRF_FIELD: token}).status_code == 403
    client.cookies.set(CSRF_COOKIE, nonce)
    signed = client.post("/login", data={**form, CSRF_FIELD: token}, follow_redirects=False)
    assert signed.status_code == 303
