"""Security headers on every response, the session cookie, and CSRF tokens for forms.

CSRF: every form carries a token in a hidden field and every unsafe request must send it
back. With a session the token is derived from the session cookie (an attacker's page
cannot read the cookie, so cannot compute it); before sign-in a random value sits in its
own cookie and the form carries its HMAC under the server's secret (a signed double-submit:
someone who can plant a cookie, from a sibling subdomain say, still cannot make the
matching form token). The login form is protected too.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

from fastapi import HTTPException, Request, Response

from midweek import messages
from midweek.domain.errors import ValidationError

SESSION_COOKIE = "midweek_session"
CSRF_COOKIE = "midweek_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

#: No inline scripts or styles, nothing from another origin, never framed.
CSP = "default-src 'self'; frame-ancestors 'none'"

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}

#: Sent only on answers to https requests (RFC 6797 says an http answer's is ignored):
#: for two years, the browser goes to this host over https only.
HSTS = "max-age=63072000; includeSubDomains"


def transport_headers(request: Request) -> dict[str, str]:
    """Headers that depend on how the request came: HSTS over https."""
    return {"Strict-Transport-Security": HSTS} if request.url.scheme == "https" else {}


class TrustedProxies:
    """ASGI middleware: the scheme a trusted reverse proxy says the request came over.

    ``X-Forwarded-Proto`` and ``X-Forwarded-For`` are believed only from a peer address
    in ``networks`` (MIDWEEK_TRUSTED_PROXIES); from anyone else they are ignored, or any
    client could claim https or another address. uvicorn's own proxy-header handling is
    off in ``midweek serve`` so this is the one rule. The scheme then decides the cookies'
    ``Secure`` flag and HSTS; the address, sign-in throttling.
    """

    def __init__(self, app: Any, networks: Sequence[str]) -> None:
        import ipaddress

        self.app = app
        self.networks = [ipaddress.ip_network(n, strict=False) for n in networks]

    def _trusted(self, host: str) -> bool:
        import ipaddress

        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return False
        return any(address in network for network in self.networks)

    def _client(self, forwarded_for: str) -> str | None:
        """The nearest address in X-Forwarded-For that is not one of our proxies (each
        proxy appends the address it saw, so anything further left is the client's word)."""
        hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
        for hop in reversed(hops):
            if not self._trusted(hop):
                return hop
        return hops[0] if hops else None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] in ("http", "websocket") and self.networks:
            client = scope.get("client")
            if client and self._trusted(client[0]):
                headers = {
                    k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers", ())
                }
                changed: dict[str, Any] = {}
                # A proxy that appends: the last hop is the one we trust.
                proto = headers.get("x-forwarded-proto", "").split(",")[-1].strip().lower()
                if proto in ("http", "https"):
                    ws = scope["type"] == "websocket"
                    changed["scheme"] = {"http": "ws", "https": "wss"}[proto] if ws else proto
                # The client's own address, so sign-in throttling counts per person's
                # address rather than lumping everyone behind the proxy together.
                address = self._client(headers.get("x-forwarded-for", ""))
                if address is not None:
                    changed["client"] = (address, 0)
                scope = {**scope, **changed}
        await self.app(scope, receive, send)


async def security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """HTTP middleware: the headers above on every response; pages are never cached."""
    response = await call_next(request)
    for name, value in HEADERS.items():
        # A route may set a stricter policy of its own (a sent prep report: no scripts at
        # all, only its inline styles); every other response gets the app's.
        if name == "Content-Security-Policy" and name in response.headers:
            continue
        response.headers[name] = value
    response.headers.update(transport_headers(request))
    if not request.url.path.startswith("/static/"):
        response.headers["Cache-Control"] = "no-store"
    return response


def set_cookie(request: Request, response: Response, name: str, value: str) -> None:
    """A cookie scripts cannot read, sent on top-level navigation only, over https if used."""
    response.set_cookie(
        name,
        value,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )


def clear_cookie(request: Request, response: Response, name: str) -> None:
    response.delete_cookie(
        name, path="/", httponly=True, samesite="lax", secure=request.url.scheme == "https"
    )


def _derived(request: Request, session_token: str) -> str:
    # Keyed with the server's secret, so the token cannot be computed from the cookie alone.
    secret: bytes = request.app.state.secret
    return hmac.new(secret, b"csrf\x00" + session_token.encode("utf-8"), "sha256").hexdigest()


def _signed_pre_session(request: Request, nonce: str) -> str:
    # Another label than the session's, so neither token can stand in for the other.
    secret: bytes = request.app.state.secret
    return hmac.new(secret, b"csrf-pre\x00" + nonce.encode("utf-8"), "sha256").hexdigest()


SECRET_FILE = "secret-key"
SECRET_MIN = 32


def server_secret(secret_key: str | None, data_dir: Path) -> bytes:
    """The configured secret, or one generated once into ``data_dir/secret-key`` (0600).

    Every process of one site must use the same secret: they share the data folder, or
    are all given MIDWEEK_SECRET_KEY.
    """
    if secret_key is not None:
        if len(secret_key) < SECRET_MIN:
            raise ValidationError(messages.secret_too_short(SECRET_MIN))
        return secret_key.encode("utf-8")
    from midweek.services.secret_files import made_once

    try:
        made = made_once(data_dir, SECRET_FILE, lambda: secrets.token_urlsafe(48).encode())
    except OSError as exc:
        path = data_dir / SECRET_FILE
        raise ValidationError(messages.secret_unwritable(path, exc.strerror)) from exc
    value = made.decode("utf-8").strip()
    if len(value) < SECRET_MIN:
        raise ValidationError(messages.secret_too_short(SECRET_MIN))
    return value.encode("utf-8")


def csrf_token(request: Request) -> str:
    """The token this request's forms must carry (may create the pre-session cookie value)."""
    session = request.cookies.get(SESSION_COOKIE)
    if session:
        return _derived(request, session)
    existing = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "new_csrf", None)
    if not existing:
        existing = secrets.token_urlsafe(32)
        request.state.new_csrf = existing  # routes set it as a cookie on the response
    return _signed_pre_session(request, str(existing))


def remember_csrf(request: Request, response: Response) -> None:
    """Set the pre-session CSRF cookie if this request made one."""
    fresh = getattr(request.state, "new_csrf", None)
    if fresh:
        set_cookie(request, response, CSRF_COOKIE, fresh)


def bearer_token(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer …`` header, or None."""
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    credentials = credentials.strip()
    return credentials if scheme.lower() == "bearer" and credentials else None


async def require_csrf(request: Request) -> None:
    """App-wide dependency: unsafe methods must send the form's token, or get 403."""
    if request.method in SAFE_METHODS:
        return
    if request.url.path.startswith("/api/") and not request.cookies.get(SESSION_COOKIE):
        # The API without a session cookie: a script with a personal access token (a browser
        # never adds that header to a cross-site request) or nobody at all. Either way there
        # is no ambient authority to forge a request with; ``signed_in`` checks the token
        # (401 without one). Every API operation needs a signed-in caller.
        return
    # htmx requests send it as a header (set once on <body>), forms as a field.
    sent = request.headers.get(CSRF_HEADER, "")
    content_type = request.headers.get("content-type", "")
    is_form = content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))
    if not sent and is_form:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else ""
    session = request.cookies.get(SESSION_COOKIE)
    nonce = request.cookies.get(CSRF_COOKIE, "")
    if session:
        expected = _derived(request, session)
    else:
        expected = _signed_pre_session(request, nonce) if nonce else ""
    if not sent or not expected or not hmac.compare_digest(sent, expected):
        raise HTTPException(status_code=403, detail=messages.WEB_FORM_EXPIRED)
