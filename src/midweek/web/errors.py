"""Errors mapped once to HTTP: RFC 9457 problem JSON for programs, a kind page for people."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from midweek import messages
from midweek.domain.errors import (
    BackupError,
    Conflict,
    EncryptionKeyError,
    Forbidden,
    MidweekError,
    NotFound,
    StorageError,
    Throttled,
    Unauthorized,
    ValidationError,
)
from midweek.web.params import is_bad_path
from midweek.web.security import HEADERS, SESSION_COOKIE, clear_cookie, transport_headers

PROBLEM_JSON = "application/problem+json"

logger = logging.getLogger("midweek.web")

#: The one mapping from midweek's errors to HTTP status codes (first match wins).
STATUS: tuple[tuple[type[MidweekError], int], ...] = (
    (ValidationError, 422),
    (NotFound, 404),
    (Conflict, 409),
    (Unauthorized, 401),
    (Forbidden, 403),
    (Throttled, 429),
    (BackupError, 400),
    # The server's own state, not the person's request.
    (StorageError, 503),
    (EncryptionKeyError, 503),
)


def status_for(err: MidweekError) -> int:
    return next((code for kind, code in STATUS if isinstance(err, kind)), 400)


def wants_html(request: Request) -> bool:
    """A browser asking for a page; the JSON API always answers with problem documents."""
    if request.url.path.startswith("/api/"):
        return False
    return "text/html" in request.headers.get("accept", "")


def problem(
    request: Request,
    status: int,
    detail: str,
    *,
    kind: str,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """A kind HTML page for browsers, ``application/problem+json`` otherwise."""
    if wants_html(request):
        templates: Any = request.app.state.templates
        page: Response = templates.TemplateResponse(
            request,
            "error.html",
            {"detail": detail, "status": status},
            status_code=status,
            headers=headers,
        )
        return page
    return problem_json(status, detail, kind=kind, headers=headers)


def problem_json(
    status: int,
    detail: str,
    *,
    kind: str,
    errors: list[dict[str, Any]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """The one builder of RFC 9457 problem documents: ``type`` is ``urn:midweek:problem:``
    and ``kind`` (also the ``title``), ``detail`` one human sentence, and ``errors`` (when
    given) where in the request each mistake is, never the value sent."""
    body: dict[str, Any] = {
        "type": f"urn:midweek:problem:{kind}",
        "title": kind,
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


async def _midweek_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, MidweekError)
    if (
        isinstance(exc, Unauthorized)
        and request.method == "GET"
        and not request.url.path.startswith("/api/")
    ):
        # A person whose session ended is sent to sign in again, not shown an error.
        response = RedirectResponse("/login", status_code=303)
        if request.cookies.get(SESSION_COOKIE):
            clear_cookie(request, response, SESSION_COOKIE)
        return response
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, Throttled) else None
    detail = str(exc)
    if isinstance(exc, NotFound) and not exc.explicit:
        # "There is no client with id 3" against "no person with id 4" would tell which ids
        # exist: every missing or not-yours id gets the one sentence a missing page gets.
        detail = messages.WEB_PAGE_NOT_FOUND
    return problem(request, status_for(exc), detail, kind=exc.code, headers=headers)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) and exc.status_code == 403 else None
    found = messages.WEB_PAGE_NOT_FOUND if exc.status_code == 404 else None
    text = detail or found or messages.WEB_ERROR_TITLE
    kind = {403: "forbidden", 404: "not-found", 405: "method-not-allowed"}.get(
        exc.status_code, "http"
    )
    return problem(request, exc.status_code, text, kind=kind, headers=exc.headers)


async def _invalid_request(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    if is_bad_path(exc.errors()):
        # An id that cannot be one (2**64, -1, "1e3"): no such page, as for a missing id.
        return problem(request, 404, messages.WEB_PAGE_NOT_FOUND, kind="not-found")
    return problem(request, 422, messages.WEB_BAD_FORM, kind="invalid-input")


async def _internal_error(request: Request, exc: Exception) -> Response:
    """Our mistake: logged in full for whoever runs the server, one kind sentence for the
    person, and the same security headers as every other answer (this handler runs outside
    the middleware that adds them)."""
    logger.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
    response = problem(request, 500, messages.WEB_INTERNAL_ERROR, kind="internal")
    response.headers.update({**HEADERS, **transport_headers(request), "Cache-Control": "no-store"})
    return response


def install(app: FastAPI) -> None:
    app.add_exception_handler(MidweekError, _midweek_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(Exception, _internal_error)
