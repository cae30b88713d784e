"""The JSON API under ``/api/v1``: the same services as the pages, for scripts and apps.

Each operation parses a pydantic body, calls one service, and answers with a pydantic
model built from what the service returned — only the caller's own data, or for a
therapist only what a client shares (``services.consent`` enforces that). Callers sign
in with a personal access token (``Authorization: Bearer mwk_…``, made in Settings) or a
browser session (then unsafe methods need the ``X-CSRF-Token`` header, as htmx sends).

Errors are RFC 9457 problem documents (``web/errors.py``); request validation errors
also carry an ``errors`` list naming each field. Another person's id is a plain 404.
The OpenAPI description of these operations only is at ``/api/v1/openapi.json``.
"""

# One module per purpose: ``problems`` (the problem schema, the route class, ``api_router``),
# ``schemas`` (shared models), ``account`` (/me, tokens), ``client``, ``therapist``,
# ``sharing``, ``corrections`` (PATCH, DELETE, restore) and ``barriers_and_sessions``; this
# module puts their routers under one prefix and describes them in one OpenAPI document.

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse

from midweek import messages
from midweek.services.idempotency import KEY_PATTERN
from midweek.web.api import (
    account,
    barriers_and_sessions,
    client,
    corrections,
    push,
    sharing,
    therapist,
)
from midweek.web.api.problems import PREFIX, api_router
from midweek.web.errors import PROBLEM_JSON
from midweek.web.idempotency import HEADER as IDEMPOTENCY_HEADER
from midweek.web.security import SAFE_METHODS

VERSION = "1.0.0"

router = api_router(prefix=PREFIX)
for _part in (account, client, therapist, sharing, corrections, barriers_and_sessions, push):
    router.include_router(_part.router)

_PROBLEM_REF = "#/components/schemas/Problem"


def openapi_document() -> dict[str, Any]:
    """The OpenAPI description of this router's operations (and nothing else of the app)."""
    doc = get_openapi(
        title="midweek API",
        version=VERSION,
        description=(__doc__ or "").strip(),
        routes=router.routes,
    )
    for operations in doc.get("paths", {}).values():
        for method, operation in operations.items():
            if method.upper() not in SAFE_METHODS:
                # IdempotentRoute honours the header on every unsafe operation.
                operation.setdefault("parameters", []).append(
                    {"$ref": "#/components/parameters/IdempotencyKey"}
                )
            if "requestBody" in operation:
                # Bytes that are no JSON at all (not even UTF-8) cannot be validated: 400.
                operation["responses"].setdefault(
                    "400",
                    {
                        "description": "The body is not JSON",
                        "content": {PROBLEM_JSON: {"schema": {"$ref": _PROBLEM_REF}}},
                    },
                )
            for response in operation.get("responses", {}).values():
                content = response.get("content", {})
                if PROBLEM_JSON in content and "application/json" in content:
                    # FastAPI puts a response model under application/json; ours is a problem.
                    content[PROBLEM_JSON] = content.pop("application/json")
    doc.setdefault("components", {})["parameters"] = {
        "IdempotencyKey": {
            "name": IDEMPOTENCY_HEADER,
            "in": "header",
            "required": False,
            "description": messages.API_IDEMPOTENCY_KEY_DOC,
            # As the header is read: white space around it ignored, empty for none.
            "schema": {"type": "string", "pattern": rf"^[ \t]*({KEY_PATTERN.pattern})?[ \t]*$"},
        }
    }
    doc["components"]["securitySchemes"] = {
        "token": {"type": "http", "scheme": "bearer", "description": "A personal access token"}
    }
    doc["security"] = [{"token": []}]
    return doc


@router.get("/openapi.json", include_in_schema=False)
def openapi(request: Request) -> JSONResponse:
    """Public, like any API description: it holds no one's data."""
    doc = getattr(request.app.state, "api_openapi", None)
    if doc is None:
        doc = request.app.state.api_openapi = openapi_document()
    return JSONResponse(doc)
