"""Ids as the web app reads them: one parser, used by every path, query and form id.

An id is a database key: a positive 64-bit integer (BIGSERIAL on PostgreSQL, INTEGER on
SQLite), written in plain ASCII digits. Anything else (2**63, -1, 0, "1e3", "+1", an
Arabic-Indic "١" that Python's ``int()`` would happily read as 1) can name no row, so it
is answered exactly like a missing id — 404 — before any query. Without this a large
number reaches the driver and overflows there (a 500 and a traceback in the log).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import Path
from pydantic import AfterValidator, AwareDatetime, BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from midweek import messages
from midweek.domain.when import EARLIEST, LATEST, out_of_range

#: The largest key a 64-bit signed integer column can hold.
ID_MAX = 2**63 - 1

_CANONICAL = re.compile(r"[1-9][0-9]{0,18}")

#: "Some words": at least one character that is not white space to Python (which checks the
#: request) nor to ECMA-262 (the dialect of OpenAPI patterns, which clients and fuzzers
#: read). A bare ``\S`` differs between the two on U+001C-U+001F, U+0085 and U+FEFF, so a
#: line made of one of them was valid by the published schema and refused by the server.
SOME_WORDS = r"[^\s\x1c-\x1f\x85\ufeff]"


def parse_id(raw: Any) -> int | None:
    """``raw`` as an id if it can be one (canonical ASCII digits, 1..ID_MAX), else None."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw if 1 <= raw <= ID_MAX else None
    if isinstance(raw, float) and raw.is_integer():
        # JSON has one number type: 12.0 is the integer 12 to a JSON Schema validator too.
        return int(raw) if 1 <= raw <= ID_MAX else None
    if isinstance(raw, str) and _CANONICAL.fullmatch(raw):
        value = int(raw)
        return value if value <= ID_MAX else None
    return None


NOT_AN_ID = "not_an_id"


def _as_id(raw: Any) -> int:
    value = parse_id(raw)
    if value is None:
        raise PydanticCustomError(NOT_AN_ID, messages.API_NOT_AN_ID)
    return value


#: How an id is described in the OpenAPI document (the validator above is the rule; this
#: only says it, as pydantic cannot read bounds through a before-validator).
_ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": ID_MAX}

#: A path parameter that is an id. A value that cannot be one is a path validation error,
#: which ``web/errors.py`` answers with 404 (``is_bad_path``), as for a missing id.
Ident = Annotated[int, BeforeValidator(_as_id), WithJsonSchema(_ID_SCHEMA), Path()]

#: An id in a JSON body or a form field: the same rule (a 422 naming the field there).
BodyIdent = Annotated[int, BeforeValidator(_as_id), WithJsonSchema(_ID_SCHEMA)]


def is_bad_path(errors: Any) -> bool:
    """Whether a request's validation errors include an impossible id in its path (so: no
    such page). Other path errors (an unknown kind's name) stay 422s naming the field."""
    return any(
        err.get("type") == NOT_AN_ID and tuple(err.get("loc", ()))[:1] == ("path",)
        for err in errors
    )


def _day_in_range(day: date) -> date:
    problem = out_of_range(day)
    if problem is not None:
        raise ValueError(problem)
    return day


def _moment_in_range(moment: datetime) -> datetime:
    # 9999-12-31T23:59+14:00 is valid ISO whose conversion to UTC (as stored) overflows.
    _day_in_range(moment.date())
    return moment


#: The years of EARLIEST..LATEST (1900-2999) as a pattern, so the OpenAPI document says
#: which days are accepted (JSON Schema has no minimum for a date) and a client generating
#: requests from it, schemathesis included, keeps to them.
_YEARS = r"^(19|2[0-9])[0-9]{2}-"

#: A day in a JSON body: an ISO date within the days midweek keeps (a 422 naming the field).
Day = Annotated[
    date,
    AfterValidator(_day_in_range),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date",
            "pattern": _YEARS + r"[0-9]{2}-[0-9]{2}$",
            "description": f"A day from {EARLIEST} to {LATEST}",
        }
    ),
]
#: A moment in a JSON body, with its UTC offset, within the same days.
Moment = Annotated[
    AwareDatetime,
    AfterValidator(_moment_in_range),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date-time",
            "pattern": _YEARS + r".*(Z|z|[+-][0-9]{2}:?[0-9]{2})$",
            "description": f"A moment with its UTC offset, on a day from {EARLIEST} to {LATEST}",
        }
    ),
]
