"""Security headers on every response, the session cookie, and CSRF tokens for forms.

CSRF: every form carries a token in a hidden field and every unsafe request must send it
back. With a session the token is derived from the session cookie (an attacker's page
cannot read the cookie, so cannot compute it); before sign-in it is a random value in
its own cookie, compared with the form's copy (the login form is protected too).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable

from fastapi import HTTPException, Request, Response

from midweek import messages

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


async def security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """HTTP middleware: the headers above on every response; pages are never cached."""
    response = await call_next(request)
    for name, value in HEADERS.items():
        response.headers[name] = value
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


def _derived(session_token: str) -> str:
    # Not the stored token id (plain SHA-256 of the token): a distinct, labelled hash.
    return hashlib.sha256(b"midweek-csrf\x00" + session_token.encode("utf-8")).hexdigest()


def csrf_token(request: Request) -> str:
    """The token this request's forms must carry (may create the pre-session cookie value)."""
    session = request.cookies.get(SESSION_COOKIE)
    if session:
        return _derived(session)
    existing = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "new_csrf", None)
    if existing:
        return str(existing)
    fresh = secrets.token_urlsafe(32)
    request.state.new_csrf = fresh  # routes set it as a cookie on the response
    return fresh


def remember_csrf(request: Request, response: Response) -> None:
    """Set the pre-session CSRF cookie if this request made one."""
    fresh = getattr(request.state, "new_csrf", None)
    if fresh:
        set_cookie(request, response, CSRF_COOKIE, fresh)


async def require_csrf(request: Request) -> None:
    """App-wide dependency: unsafe methods must send the form's token, or get 403."""
    if request.method in SAFE_METHODS:
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
    expected = _derived(session) if session else request.cookies.get(CSRF_COOKIE, "")
    if not sent or not expected or not hmac.compare_digest(sent, expected):
        raise HTTPException(status_code=403, detail=messages.WEB_FORM_EXPIRED)
