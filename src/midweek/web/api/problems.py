"""Problem documents on the API: the schema FastAPI describes, the route class that turns
every validation failure into a problem naming the field, and the router every API module
registers its operations on (``api_router``).

The documents themselves are built by ``web.errors.problem_json``, the one builder of
RFC 9457 bodies for the whole web app.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from midweek import messages
from midweek.domain.errors import ValidationError
from midweek.web.errors import PROBLEM_JSON, problem_json
from midweek.web.idempotency import IdempotentRoute
from midweek.web.params import is_bad_path

PREFIX = "/api/v1"


# The schema of what ``web.errors.problem_json`` builds (its docstring is in the document).
class Problem(BaseModel):
    """An RFC 9457 problem document."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[dict[str, Any]] | None = None


def _problem_response(description: str) -> dict[str, Any]:
    return {"description": description, "model": Problem, "content": {PROBLEM_JSON: {}}}


PROBLEMS: dict[int | str, dict[str, Any]] = {
    401: _problem_response("No valid token or session"),
    403: _problem_response("This account's role may not do this"),
    404: _problem_response("No such item among the caller's own (or shared) data"),
    422: _problem_response("The request is not valid"),
}


def _field_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    # Only where and why; never the value sent (it may be a person's words).
    return [
        {"loc": [str(part) for part in err.get("loc", ())], "msg": str(err.get("msg", ""))}
        for err in exc.errors()
    ]


def _not_found(detail: str) -> JSONResponse:
    return problem_json(404, detail, kind="not-found")


def _query_names(dependant: Any) -> set[str]:
    """Names of the query parameters an operation and its dependencies declare."""
    names = {param.alias for param in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


class _ApiRoute(IdempotentRoute):
    """An API route whose request validation errors say which field is wrong, as a problem."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        # The query parameters this operation declares; any other is a mistake (a typo such
        # as ``limt`` would otherwise be ignored in silence) and gets a 422 naming it.
        declared = _query_names(self.dependant)

        async def route(request: Request) -> Response:
            unknown = sorted(set(request.query_params) - declared)
            if unknown:
                return problem_json(
                    422,
                    messages.API_INVALID_REQUEST,
                    kind="invalid-input",
                    errors=[
                        {"loc": ["query", name], "msg": messages.API_UNKNOWN_PARAMETER}
                        for name in unknown
                    ],
                )
            try:
                return await handler(request)
            except ValidationError as exc:
                # A rule a service checks: its sentence, and the field it names (if any).
                return problem_json(
                    422,
                    str(exc),
                    kind=exc.code,
                    errors=[{"loc": ["body", exc.field], "msg": str(exc)}] if exc.field else None,
                )
            except RequestValidationError as exc:
                if is_bad_path(exc.errors()):
                    # An id that cannot be one (2**64, -1, "1e3"): as for a missing id.
                    return _not_found(messages.WEB_PAGE_NOT_FOUND)
                return problem_json(
                    422,
                    messages.API_INVALID_REQUEST,
                    kind="invalid-input",
                    errors=_field_errors(exc),
                )
            except StarletteHTTPException as exc:
                if exc.status_code != 400:
                    raise
                # FastAPI's "error parsing the body" (bytes that are no JSON or form at all).
                return problem_json(400, messages.API_UNREADABLE_BODY, kind="invalid-input")

        return route


def api_router(**options: Any) -> APIRouter:
    """A router for API operations: their validation failures as problems, the problem
    responses every operation may give, and the function's name as its operation id."""
    return APIRouter(
        route_class=_ApiRoute,
        responses=PROBLEMS,
        generate_unique_id_function=lambda route: route.name,
        **options,
    )
