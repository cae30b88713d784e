"""One tap is one write: every unsafe request with an idempotency key runs at most once.

A page's forms carry a fresh key each (``idem_field()``, right after the CSRF field); htmx
requests and programs send it as the ``Idempotency-Key`` header (a queued offline request
keeps its header, so a retry is recognised). ``IdempotentRoute`` is the route class of every
router: before the route runs it claims the key for the signed-in account; a repeat of the
key by that account gets the first answer back (marked ``Idempotent-Replayed: true``)
without running the write again, waiting a moment if the first is still running; the same
key with a different request is a 422 problem. A request without a key, or from nobody
signed in (the sign-in form), runs as before. Only answers that succeeded (2xx, 3xx) are
kept: after a refusal nothing was written, so a repeat runs again.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from fastapi import Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.routing import APIRoute
from markupsafe import Markup
from starlette.datastructures import UploadFile

from midweek import messages
from midweek.domain.errors import Conflict, MidweekError
from midweek.services import idempotency
from midweek.web import deps
from midweek.web.security import CSRF_FIELD, SAFE_METHODS, require_csrf

FIELD = "idempotency_key"
HEADER = "Idempotency-Key"
OWS = " \t"
REPLAYED = "Idempotent-Replayed"
#: How long a repeat waits for the first request with its key to finish.
WAIT_SECONDS = 10.0
_POLL_SECONDS = 0.05
#: Larger answers (downloads) are not kept; a repeat of such a request runs again.
KEEP_AT_MOST = 512 * 1024
#: Headers a repeat does not get again: a changed session is never handed out twice.
_NOT_REPEATED = frozenset({"set-cookie", "content-length"})
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

logger = logging.getLogger("midweek.web")

F = TypeVar("F", bound=Callable[..., Any])


def idem_field() -> Markup:
    """The hidden field every POST form carries after its CSRF field: a fresh key each time."""
    return Markup('<input type="hidden" name="{}" value="{}">').format(FIELD, idempotency.new_key())


def repeatable(endpoint: F) -> F:
    """Mark a write that is its own repeat (saving a draft replaces it): keys are ignored,
    so the autosaves of one form, which share its key, each run."""
    endpoint.__dict__["midweek_repeatable"] = True
    return endpoint


async def _sent_key(request: Request) -> str | None:
    # HTTP's optional white space around a header value (RFC 9110 5.6.3): spaces and tabs.
    key = request.headers.get(HEADER, "").strip(OWS)
    if not key and request.headers.get("content-type", "").startswith(_FORM_TYPES):
        value = (await request.form()).get(FIELD)
        key = value.strip() if isinstance(value, str) else ""
    return idempotency.check_key(key) if key else None


async def _fingerprint(request: Request) -> str:
    """The HMAC of what was sent: method, path, query and body (a form's fields in order
    of name, without its CSRF token and key, so a new multipart boundary is the same)."""
    parts = [request.method.encode(), request.url.path.encode(), request.url.query.encode()]
    if request.headers.get("content-type", "").startswith(_FORM_TYPES):
        form = await request.form()
        fields: list[tuple[str, str]] = []
        for name, value in form.multi_items():
            if name in (CSRF_FIELD, FIELD):
                continue
            if isinstance(value, UploadFile):
                content = await value.read()
                await value.seek(0)
                fields.append((name, "file:" + hashlib.sha256(content).hexdigest()))
            else:
                fields.append((name, value))
        for name, text in sorted(fields):
            parts += [name.encode(), text.encode()]
    else:
        parts.append(await request.body())
    secret: bytes = request.app.state.secret
    return idempotency.request_hash(secret, *parts)


def _account_id(request: Request) -> int | None:
    try:
        return deps.signed_in(request).account_id
    except MidweekError:
        return None  # the route itself says why (or needs nobody, like signing in)


def _keepable(response: Response) -> idempotency.Answer | None:
    if not 200 <= response.status_code < 400:
        return None
    body = getattr(response, "body", None)
    if not isinstance(body, bytes) or len(body) > KEEP_AT_MOST:
        return None  # streamed or large: a download, which a repeat may run again
    headers = tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in response.raw_headers)
    if any(name.lower() == "set-cookie" for name, _ in headers):
        return None
    kept = tuple((k, v) for k, v in headers if k.lower() not in _NOT_REPEATED)
    return idempotency.Answer(status=response.status_code, headers=kept, body=body)


def _replay(answer: idempotency.Answer) -> Response:
    response = Response(content=answer.body, status_code=answer.status)
    for name, value in answer.headers:
        response.raw_headers.append((name.encode("latin-1"), value.encode("latin-1")))
    response.headers[REPLAYED] = "true"
    return response


class IdempotentRoute(APIRoute):
    """A route whose unsafe requests are answered once per idempotency key and account."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        if not ((self.methods or set()) - SAFE_METHODS) or getattr(
            self.endpoint, "midweek_repeatable", False
        ):
            return handler

        async def route(request: Request) -> Response:
            if request.method in SAFE_METHODS:
                return await handler(request)
            key = await _sent_key(request)
            if key is None:
                return await handler(request)
            # Never answer, even with a stored answer, before the request proves its origin.
            await require_csrf(request)
            account_id = await run_in_threadpool(_account_id, request)
            if account_id is None:
                return await handler(request)
            sent = await _fingerprint(request)
            loop = asyncio.get_running_loop()
            deadline = loop.time() + WAIT_SECONDS
            while True:
                begun = await run_in_threadpool(
                    idempotency.begin,
                    deps.accounts_uow(request),
                    account_id,
                    key,
                    sent,
                    now=deps.now(request),
                )
                if isinstance(begun, idempotency.Answer):
                    return _replay(begun)
                if isinstance(begun, idempotency.Claimed):
                    break
                if loop.time() >= deadline:
                    raise Conflict(messages.IDEMPOTENCY_STILL_SAVING)
                await asyncio.sleep(_POLL_SECONDS)
            try:
                response = await handler(request)
            except BaseException:
                await _release(request, account_id, key, begun)
                raise
            answer = _keepable(response)
            if answer is None:
                await _release(request, account_id, key, begun)
            else:
                try:
                    await run_in_threadpool(
                        idempotency.finish,
                        deps.accounts_uow(request),
                        account_id,
                        key,
                        begun,
                        answer,
                        now=deps.now(request),
                    )
                except MidweekError:
                    # The write is done; its answer matters more than remembering it.
                    logger.warning("could not keep an idempotent answer", exc_info=True)
            return response

        return route


async def _release(
    request: Request, account_id: int, key: str, claimed: idempotency.Claimed
) -> None:
    try:
        await run_in_threadpool(
            idempotency.release, deps.accounts_uow(request), account_id, key, claimed
        )
    except MidweekError:
        # The claim stays until it counts as abandoned; the request's own answer matters more.
        logger.warning("could not release an idempotency key", exc_info=True)
