"""Stored values as JSON and back: a row as it is on disk, in a form JSON can carry.

Ciphertext and bytes become base64 (never decrypted), moments ISO text with their offset,
days ISO dates. The backup (a person's rows) and the trash (one deleted row) both keep rows
this way. Imports only the dialect's value forms; imported by the backup and the trash.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from midweek.storage.dialect import Values


def kind_of(field: Any) -> str:
    """How a column's values are converted (see :mod:`midweek.storage.tables`)."""
    return getattr(field, "kind", "int")  # the AutoField id has no kind


def to_json(field: Any, value: Any, values: Values) -> Any:
    """A stored value of ``field`` as JSON (bytes and ciphertext as base64, moments as ISO)."""
    if value is None:
        return None
    kind = kind_of(field)
    if kind in ("bytes", "secret", "secret_json"):
        return base64.b64encode(bytes(value)).decode("ascii")
    if kind == "ts":
        return values.ts_in(value).isoformat()
    if kind == "date":
        return values.date_in(value).isoformat()
    if kind == "bool":
        return bool(value)
    if kind == "int":
        return int(value)
    return str(value)


def _aware(text: str) -> datetime:
    dt = datetime.fromisoformat(text)
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError("naive timestamp")
    return dt


def _check_json(text: str) -> str:
    json.loads(text)
    return text


def from_json(field: Any, value: Any, values: Values) -> Any:
    """The value to store for a backup value; ValueError/TypeError when it does not fit."""
    if value is None:
        if not field.null:
            raise ValueError("missing value")
        return None
    kind = kind_of(field)
    if kind == "int":
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError("not a whole number")
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            raise TypeError("not true/false")
        return value
    if not isinstance(value, str):
        raise TypeError("not text")
    converters: dict[str, Callable[[str], Any]] = {
        "text": str,
        "enum": lambda v: field.enum(v).value,
        "json": _check_json,
        "ts": lambda v: values.ts_out(_aware(v)),
        "date": lambda v: values.date_out(date.fromisoformat(v)),
        "bytes": lambda v: base64.b64decode(v, validate=True),
        "secret": lambda v: base64.b64decode(v, validate=True),
        "secret_json": lambda v: base64.b64decode(v, validate=True),
    }
    return converters[kind](value)
