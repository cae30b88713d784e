"""The worksheet model: field kinds, fields, computed values, rules and the template itself."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from midweek.domain.errors import ValidationError


class FieldKind(StrEnum):
    SHORT_TEXT = "short-text"
    LONG_TEXT = "long-text"
    INTEGER = "integer"
    RATING = "rating"
    SUDS = "suds"
    CHOICE = "choice"
    MULTI_CHOICE = "multi-choice"
    TIME = "time"
    DURATION = "duration"
    #: A calendar day, e.g. the night a sleep diary describes; never a day still to come.
    DATE = "date"


#: Longest text each text kind accepts (characters). A template may lower it, never raise it.
TEXT_LIMITS = {FieldKind.SHORT_TEXT: 200, FieldKind.LONG_TEXT: 20_000}
#: Fixed ranges: a rating is always 0–10 and SUDS always 0–100, so scores stay comparable.
FIXED_RANGES = {FieldKind.RATING: (0, 10), FieldKind.SUDS: (0, 100)}
NUMERIC_KINDS = frozenset({FieldKind.INTEGER, FieldKind.RATING, FieldKind.SUDS, FieldKind.DURATION})
MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True)
class Field:
    """One question on a worksheet.

    ``min``/``max`` are the allowed range for integer, rating, suds and duration (minutes)
    and the maximum length in characters for text kinds.
    """

    name: str
    label: str
    kind: FieldKind
    required: bool = True
    help: str | None = None
    min: int | None = None
    max: int | None = None
    choices: tuple[str, ...] = ()
    unit: str | None = None
    example: str | None = None


@dataclass(frozen=True)
class Computed:
    """A value worked out from answers: ``op`` applied to ``args`` (names or numbers)."""

    name: str
    label: str
    op: str
    args: tuple[str | int | float, ...]
    unit: str | None = None


@dataclass(frozen=True)
class Rule:
    """A check across answers, from a small closed set (``CHECKS``), declared in the template.

    ``in_order``: the clock times in ``fields`` come in that order within one day starting at
    the first (so a night across midnight is fine). ``fits_between``: the durations in
    ``fields`` add up to no more than the time from ``between[0]`` to ``between[1]``.
    ``range``: the field or computed value ``value`` lies within ``min``..``max``; the
    problem is shown beside ``field``. ``at_least``: the number ``value`` is at least each
    number in ``fields`` (a peak is no lower than the end). A rule whose answers are empty
    is skipped.
    """

    check: str
    fields: tuple[str, ...] = ()
    between: tuple[str, ...] = ()
    value: str | None = None
    min: int | None = None
    max: int | None = None
    field: str | None = None


@dataclass(frozen=True)
class Template:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    computed: tuple[Computed, ...]
    instructions: str | None = None
    version: int = 1
    rules: tuple[Rule, ...] = ()
    #: The date field that says which day an entry is about, so a late entry is filed there.
    dated_by: str | None = None

    def field(self, name: str) -> Field:
        """The field called ``name``; ``KeyError`` if there is none."""
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


class AnswersError(ValidationError):
    """Several answers broke a rule. ``str()`` is the first problem; ``problems`` has them all.

    ``problems`` maps a field name to its sentence, in the template's order, so a form can
    show each message next to its field at once.
    """

    def __init__(self, problems: dict[str, str]) -> None:
        first = next(iter(problems))
        super().__init__(problems[first], field=first)
        self.problems = problems


# --------------------------------------------------------------------------- computed ops


def _quote(value: object) -> str:
    return f"“{value}”"
