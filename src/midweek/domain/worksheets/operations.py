"""The small closed set of named operations a template's computed values are built from."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from midweek.domain.worksheets.model import (
    MINUTES_PER_DAY,
)
from midweek.domain.worksheets.values import (
    _clock_minutes,
)

Number = int | float


def _minutes_between(args: Sequence[object]) -> Number:
    start, end = (_clock_minutes(str(a)) for a in args)
    # Wraps past midnight: 23:00 -> 07:00 is 480 minutes, not -960.
    return (end - start) % MINUTES_PER_DAY


def _subtract(args: Sequence[Number]) -> Number:
    return args[0] - sum(args[1:])


def _difference(args: Sequence[Number]) -> Number:
    return args[0] - args[1]


def _percent(args: Sequence[Number]) -> Number | None:
    part, whole = args
    if whole == 0:
        return None
    return round(part / whole * 100, 1)


def _mean(args: Sequence[Number]) -> Number:
    return round(sum(args) / len(args), 1)


@dataclass(frozen=True)
class _Op:
    min_args: int
    max_args: int | None
    needs: str  # "time" or "number"
    fn: Callable[[Sequence[Number]], Number | None]


_OPS: dict[str, _Op] = {
    "minutes_between": _Op(2, 2, "time", _minutes_between),
    "subtract": _Op(2, None, "number", _subtract),
    "sum": _Op(1, None, "number", sum),
    "difference": _Op(2, 2, "number", _difference),
    "percent": _Op(2, 2, "number", _percent),
    "mean": _Op(1, None, "number", _mean),
    "max": _Op(1, None, "number", max),
    "min": _Op(1, None, "number", min),
}
#: The named operations a computed value may use.
OPERATIONS = frozenset(_OPS)
