"""The worksheet engine: templates as data, answers validated and normalised, computed values.

A template arrives as a plain ``dict`` (the loader parses TOML; the domain does no I/O). It
declares typed fields and computed values built from a small closed set of named operations,
so no template can run code. Everything a renderer needs (label, help, kind, range, choices,
whether required, example, unit) is on the model, so the CLI and the web app draw the same
worksheet from the same data.

Error messages go to a person who may be tired or distressed: one plain, kind sentence that
names the field by its label. Template errors go to whoever wrote the template and name the
template's source.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from datetime import time as dt_time
from enum import StrEnum
from itertools import pairwise

from midweek.domain.errors import ValidationError
from midweek.domain.when import (
    DATE_EXAMPLE,
    TIME_EXAMPLE,
    format_clock,
    read_clock,
    read_day,
    unreadable,
)
from midweek.i18n import _

__all__ = [
    "CHECKS",
    "OPERATIONS",
    "AnswersError",
    "Computed",
    "Field",
    "FieldKind",
    "Template",
    "compute",
    "format_duration",
    "parse_duration",
    "parse_template",
    "parse_time",
    "parse_value",
    "say_duration",
    "show_value",
    "unanswered",
    "validate_answers",
]


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


# --------------------------------------------------------------------------- template parsing

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_IDENT = re.compile(r"[a-z][a-z0-9_]*\Z")
_TEMPLATE_KEYS = {
    "name",
    "title",
    "description",
    "instructions",
    "version",
    "fields",
    "computed",
    "rules",
    "dated_by",
}
_RULE_KEYS = {"check", "fields", "between", "value", "min", "max", "field"}
#: The cross-field checks a template may declare (see ``Rule``).
CHECKS = frozenset({"in_order", "fits_between", "range", "at_least"})
_FIELD_KEYS = {
    "name",
    "label",
    "kind",
    "required",
    "help",
    "min",
    "max",
    "choices",
    "unit",
    "example",
}
_COMPUTED_KEYS = {"name", "label", "op", "args", "unit"}


def _quote(value: object) -> str:
    return f"“{value}”"


class _TemplateReader:
    """Checks one template dict and says exactly what is wrong and where."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, problem: str) -> ValidationError:
        return ValidationError(
            _("The worksheet template {self_source} {problem}").format(
                self_source=self.source, problem=problem
            )
        )

    def text(self, table: Mapping[str, object], key: str, where: str, *, required: bool) -> str:
        value = table.get(key)
        if value is None:
            if required:
                raise self.fail(f"is missing “{key}”{where}.")
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(f"needs “{key}”{where} to be some text.")
        return value.strip()

    def optional_text(self, table: Mapping[str, object], key: str, where: str) -> str | None:
        return self.text(table, key, where, required=False) or None

    def integer(self, table: Mapping[str, object], key: str, where: str) -> int | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(f"needs “{key}”{where} to be a whole number.")
        return value

    def unknown_keys(self, table: Mapping[str, object], allowed: set[str], where: str) -> None:
        extra = sorted(set(table) - allowed)
        if extra:
            names = ", ".join(_quote(k) for k in extra)
            raise self.fail(f"has settings I don't know{where}: {names}.")

    def table_list(self, data: Mapping[str, object], key: str) -> list[Mapping[str, object]]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(f"needs “{key}” to be a list of tables ([[{key}]]).")
        return value

    def field(self, raw: Mapping[str, object], index: int) -> Field:
        where = f" in field {index}"
        self.unknown_keys(raw, _FIELD_KEYS, where)
        name = self.text(raw, "name", where, required=True)
        if not _IDENT.match(name):
            raise self.fail(
                f"has a field named {_quote(name)}; names use lower-case letters, digits "
                "and underscores, starting with a letter."
            )
        where = f" in field {_quote(name)}"
        label = self.text(raw, "label", where, required=True)
        kind_text = self.text(raw, "kind", where, required=True)
        try:
            kind = FieldKind(kind_text)
        except ValueError:
            known = ", ".join(k.value for k in FieldKind)
            raise self.fail(
                f"gives field {_quote(name)} the kind {_quote(kind_text)}, which I don't "
                f"know (known kinds: {known})."
            ) from None
        required = raw.get("required", True)
        if not isinstance(required, bool):
            raise self.fail(f"needs “required”{where} to be true or false.")
        lo = self.integer(raw, "min", where)
        hi = self.integer(raw, "max", where)
        if lo is not None and hi is not None and lo > hi:
            raise self.fail(f"gives field {_quote(name)} a min ({lo}) above its max ({hi}).")
        lo, hi = self._range(kind, name, lo, hi)
        choices = self._choices(raw, kind, name, where)
        unit = self.optional_text(raw, "unit", where)
        if kind is FieldKind.DURATION and unit is None:
            unit = "minutes"
        return Field(
            name=name,
            label=label,
            kind=kind,
            required=required,
            help=self.optional_text(raw, "help", where),
            min=lo,
            max=hi,
            choices=choices,
            unit=unit,
            example=self.optional_text(raw, "example", where),
        )

    def _range(
        self, kind: FieldKind, name: str, lo: int | None, hi: int | None
    ) -> tuple[int | None, int | None]:
        if kind in FIXED_RANGES:
            fixed_lo, fixed_hi = FIXED_RANGES[kind]
            if (lo is not None and lo != fixed_lo) or (hi is not None and hi != fixed_hi):
                raise self.fail(
                    f"sets a range on {kind.value} field {_quote(name)}; a {kind.value} "
                    f"always runs from {fixed_lo} to {fixed_hi}."
                )
            return fixed_lo, fixed_hi
        if kind in TEXT_LIMITS:
            limit = TEXT_LIMITS[kind]
            if lo is not None:
                raise self.fail(f"sets a min on text field {_quote(name)}, which has none.")
            if hi is not None and not 1 <= hi <= limit:
                raise self.fail(
                    f"sets max {hi} on {kind.value} field {_quote(name)}; it must be "
                    f"from 1 to {limit} characters."
                )
            return None, hi if hi is not None else limit
        if kind is FieldKind.DURATION:
            if lo is not None and lo < 0:
                raise self.fail(f"gives duration field {_quote(name)} a negative min.")
            if hi is not None and hi < 0:
                raise self.fail(f"gives duration field {_quote(name)} a negative max.")
            return (lo if lo is not None else 0), hi
        if kind is FieldKind.INTEGER:
            return lo, hi
        if lo is not None or hi is not None:
            raise self.fail(f"sets min or max on {kind.value} field {_quote(name)}.")
        return None, None

    def _choices(
        self, raw: Mapping[str, object], kind: FieldKind, name: str, where: str
    ) -> tuple[str, ...]:
        value = raw.get("choices")
        is_choice = kind in (FieldKind.CHOICE, FieldKind.MULTI_CHOICE)
        if value is None:
            if is_choice:
                raise self.fail(f"has {kind.value} field {_quote(name)} without any choices.")
            return ()
        if not is_choice:
            raise self.fail(f"lists choices on {kind.value} field {_quote(name)}.")
        if not isinstance(value, list) or not value:
            raise self.fail(f"has {kind.value} field {_quote(name)} without any choices.")
        choices: list[str] = []
        seen: set[str] = set()
        for item in value:
            if not isinstance(item, str) or not item.strip():
                raise self.fail(f"needs every choice{where} to be some text.")
            item = item.strip()
            if kind is FieldKind.MULTI_CHOICE and "," in item:
                # Multi-choice answers may be typed comma-separated, so a comma is ambiguous.
                raise self.fail(f"has a choice with a comma{where}: {_quote(item)}.")
            if item.casefold() in seen:
                raise self.fail(f"lists the choice {_quote(item)} twice{where}.")
            seen.add(item.casefold())
            choices.append(item)
        return tuple(choices)

    def computed(
        self, raw: Mapping[str, object], index: int, kinds: Mapping[str, FieldKind | None]
    ) -> Computed:
        where = f" in computed value {index}"
        self.unknown_keys(raw, _COMPUTED_KEYS, where)
        name = self.text(raw, "name", where, required=True)
        if not _IDENT.match(name):
            raise self.fail(
                f"has a computed value named {_quote(name)}; names use lower-case letters, "
                "digits and underscores, starting with a letter."
            )
        where = f" in computed value {_quote(name)}"
        label = self.text(raw, "label", where, required=True)
        op_name = self.text(raw, "op", where, required=True)
        op = _OPS.get(op_name)
        if op is None:
            known = ", ".join(sorted(_OPS))
            raise self.fail(
                f"uses the operation {_quote(op_name)}{where}, which I don't know "
                f"(known operations: {known})."
            )
        args = raw.get("args")
        if not isinstance(args, list):
            raise self.fail(f"needs “args”{where} to be a list.")
        count_ok = len(args) >= op.min_args and (op.max_args is None or len(args) <= op.max_args)
        if not count_ok:
            wanted = (
                f"exactly {op.min_args}"
                if op.max_args == op.min_args
                else f"at least {op.min_args}"
            )
            raise self.fail(f"needs {wanted} args for {op_name}{where} (it has {len(args)}).")
        for arg in args:
            self._check_arg(arg, op, op_name, where, kinds)
        return Computed(
            name=name,
            label=label,
            op=op_name,
            args=tuple(args),
            unit=self.optional_text(raw, "unit", where),
        )

    def _check_arg(
        self,
        arg: object,
        op: _Op,
        op_name: str,
        where: str,
        kinds: Mapping[str, FieldKind | None],
    ) -> None:
        if isinstance(arg, bool) or not isinstance(arg, str | int | float):
            raise self.fail(f"has an arg{where} that is neither a name nor a number.")
        if not isinstance(arg, str):
            if op.needs == "time":
                raise self.fail(f"needs {op_name}{where} to name two time fields.")
            return
        if arg not in kinds:
            raise self.fail(
                f"refers to {_quote(arg)}{where}, which is not a field or an earlier "
                "computed value."
            )
        kind = kinds[arg]  # None means an earlier computed value, always a number
        if op.needs == "time" and kind is not FieldKind.TIME:
            raise self.fail(f"needs {op_name}{where} to name two time fields.")
        if op.needs == "number" and kind is not None and kind not in NUMERIC_KINDS:
            raise self.fail(
                f"uses {kind.value} field {_quote(arg)} in {op_name}{where}, but "
                f"{op_name} needs numbers."
            )

    def names(
        self, raw: Mapping[str, object], key: str, where: str, *, count: int | None = None
    ) -> tuple[str, ...]:
        value = raw.get(key)
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        if not ok or (count is not None and len(value) != count) or not value:  # type: ignore[arg-type]
            wanted = f"a list of {count} names" if count else "a list of names"
            raise self.fail(f"needs “{key}”{where} to be {wanted}.")
        return tuple(value)  # type: ignore[arg-type]

    def rule(
        self, raw: Mapping[str, object], index: int, kinds: Mapping[str, FieldKind | None]
    ) -> Rule:
        where = f" in rule {index}"
        self.unknown_keys(raw, _RULE_KEYS, where)
        check = self.text(raw, "check", where, required=True)
        if check not in CHECKS:
            known = ", ".join(sorted(CHECKS))
            raise self.fail(f"uses the check {_quote(check)}{where}, which I don't know ({known}).")

        def need(names: Sequence[str], allowed: set[FieldKind | None], what: str) -> None:
            for n in names:
                if n not in kinds:
                    raise self.fail(f"refers to {_quote(n)}{where}, which is not a field.")
                if kinds[n] not in allowed:
                    raise self.fail(f"needs {_quote(n)}{where} to be {what}.")

        times: set[FieldKind | None] = {FieldKind.TIME}
        numbers: set[FieldKind | None] = {k for k in NUMERIC_KINDS} | {None}
        if check == "in_order":
            fields = self.names(raw, "fields", where)
            if len(fields) < 2:
                raise self.fail(f"needs at least two time fields{where}.")
            need(fields, times, "a time field")
            return Rule(check, fields=fields)
        if check == "fits_between":
            fields = self.names(raw, "fields", where)
            need(fields, {FieldKind.DURATION}, "a duration field")
            between = self.names(raw, "between", where, count=2)
            need(between, times, "a time field")
            return Rule(check, fields=fields, between=between)
        value = self.text(raw, "value", where, required=True)
        if check == "at_least":
            fields = self.names(raw, "fields", where)
            need([value, *fields], numbers - {None}, "a number field")
            return Rule(check, fields=fields, value=value, field=value)
        need([value], numbers, "a number")
        lo, hi = self.integer(raw, "min", where), self.integer(raw, "max", where)
        if lo is None and hi is None:
            raise self.fail(f"needs a min or a max{where}.")
        blame = self.optional_text(raw, "field", where)
        if blame is None and kinds.get(value) is None:
            raise self.fail(f"needs “field”{where}: the question to show the problem beside.")
        if blame is not None and (blame not in kinds or kinds[blame] is None):
            raise self.fail(f"refers to {_quote(blame)}{where}, which is not a field.")
        return Rule(check, value=value, min=lo, max=hi, field=blame or value)


def parse_template(data: dict[str, object], *, source: str) -> Template:
    """Build a ``Template`` from parsed TOML data; ``ValidationError`` naming ``source``."""
    r = _TemplateReader(source)
    if not isinstance(data, dict):
        raise r.fail("is not a table of settings.")
    r.unknown_keys(data, _TEMPLATE_KEYS, "")
    name = r.text(data, "name", "", required=True)
    if not _SLUG.match(name):
        raise r.fail(
            f"is named {_quote(name)}; a template name uses lower-case letters, digits "
            "and single hyphens, like “thought-record”."
        )
    title = r.text(data, "title", "", required=True)
    description = r.text(data, "description", "", required=False)
    instructions = r.optional_text(data, "instructions", "")
    version = r.integer(data, "version", "")
    if version is not None and version < 1:
        raise r.fail("needs “version” to be 1 or more.")

    raw_fields = r.table_list(data, "fields")
    if not raw_fields:
        raise r.fail("has no fields; a worksheet needs at least one question.")
    kinds: dict[str, FieldKind | None] = {}
    fields = []
    for i, raw in enumerate(raw_fields, start=1):
        f = r.field(raw, i)
        if f.name in kinds:
            raise r.fail(f"has two fields named {_quote(f.name)}.")
        kinds[f.name] = f.kind
        fields.append(f)

    computed = []
    for i, raw in enumerate(r.table_list(data, "computed"), start=1):
        c = r.computed(raw, i, kinds)
        if c.name in kinds:
            raise r.fail(f"uses the name {_quote(c.name)} twice.")
        kinds[c.name] = None
        computed.append(c)

    rules = tuple(r.rule(raw, i, kinds) for i, raw in enumerate(r.table_list(data, "rules"), 1))
    dated_by = r.optional_text(data, "dated_by", "")
    if dated_by is not None and kinds.get(dated_by) is not FieldKind.DATE:
        raise r.fail(f"needs “dated_by” to name a date field ({_quote(dated_by)} is not one).")

    return Template(
        name=name,
        title=title,
        description=description,
        fields=tuple(fields),
        computed=tuple(computed),
        instructions=instructions,
        version=version if version is not None else 1,
        rules=rules,
        dated_by=dated_by,
    )


# --------------------------------------------------------------------------- value parsing

_INT = re.compile(r"[+-]?[0-9]+\Z")
_HHMM = re.compile(r"([0-9]{2}):([0-9]{2})\Z")
_DURATION_CLOCK = re.compile(r"([0-9]{1,3}):([0-5][0-9])\Z")
_DURATION_UNITS = re.compile(
    r"(?:(?P<h>[0-9]{1,3}(?:\.[0-9]+)?)\s*(?:h|hr|hrs|hour|hours))?"
    r"\s*(?:(?P<m>[0-9]{1,5})\s*(?:m|min|mins|minute|minutes)?)?\Z"
)


def _shown(raw: object) -> str:
    """The person's input, echoed back short enough to read."""
    if isinstance(raw, str):
        text = " ".join(raw.split())
        if len(text) > 40:
            text = text[:39] + "…"
        return _quote(text)
    return str(raw)


def _is_empty(raw: object) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    return isinstance(raw, list | tuple | set | frozenset) and not raw


def _range_words(lo: int | None, hi: int | None, unit: str = "") -> str:
    if lo is not None and hi is not None:
        return f"from {lo} to {hi}{unit}"
    if lo is not None:
        return f"of {lo}{unit} or more"
    if hi is not None:
        return f"up to {hi}{unit}"
    return ""


def _to_int(raw: object) -> int | None:
    """An int from an int, a whole float or a string of digits; ``None`` if it is not one."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        return int(raw) if raw.is_integer() else None
    if isinstance(raw, str) and _INT.match(raw.strip()):
        try:
            return int(raw.strip())
        except ValueError:  # absurdly long digit strings
            return None
    return None


def parse_time(raw: object) -> str | None:
    """A clock time as ``"HH:MM"`` (24 h) from "23:15", "7:05", "7pm", "7:30 am", "noon".

    Read by the one clock grammar (``domain.when``); ``None`` when ``raw`` is not a time.
    """
    if isinstance(raw, dt_time):
        return format_clock(raw)
    if not isinstance(raw, str):
        return None
    clock = read_clock(raw)
    return None if clock is None else format_clock(clock)


def parse_duration(raw: object) -> int | None:
    """Minutes from 90, "90", "45m", "1h30", "1h 30m", "1:30", "1.5h"; ``None`` if not one."""
    as_int = _to_int(raw)
    if as_int is not None:
        return as_int if as_int >= 0 else None
    if not isinstance(raw, str):
        return None
    text = raw.strip().lower()
    m = _DURATION_CLOCK.match(text)
    if m:
        return int(m[1]) * 60 + int(m[2])
    m = _DURATION_UNITS.match(text)
    if m is None or (m["h"] is None and m["m"] is None):
        return None
    minutes = int(m["m"] or 0)
    if m["h"] is not None:
        if m["m"] is not None and minutes >= 60:
            return None  # "1h90" is more likely a typo than 2h30
        minutes += round(float(m["h"]) * 60)
    return minutes


def format_duration(minutes: int) -> str:
    """A duration for people: 45 -> "45m", 90 -> "1h 30m", 120 -> "2h"."""
    hours, rest = divmod(minutes, 60)
    if hours == 0:
        return f"{rest}m"
    return f"{hours}h" if rest == 0 else f"{hours}h {rest}m"


def _clock_minutes(hhmm: str) -> int:
    m = _HHMM.match(hhmm)
    if m is None:
        raise ValueError(f"not a normalised time: {hhmm!r}")
    return int(m[1]) * 60 + int(m[2])


def _match_choice(f: Field, text: str) -> str | None:
    wanted = " ".join(text.split()).casefold()
    for choice in f.choices:
        if choice.casefold() == wanted:
            return choice
    return None


def parse_date(raw: object, *, today: date | None = None) -> date | None:
    """A day from 2026-11-20 (or a ``date``), and the relative words of ``domain.when``
    ("yesterday", "last night", "last friday") when ``today`` is known."""
    if isinstance(raw, date):
        return raw
    if not isinstance(raw, str):
        return None
    if today is None:
        text = raw.strip()
        try:
            return date.fromisoformat(text) if len(text) == 10 else None
        except ValueError:
            return None
    return read_day(raw, today)


def parse_value(field: Field, raw: object, *, today: date | None = None) -> object:
    """One answer, checked and normalised; ``None`` for an empty optional field.

    Raises ``ValidationError(message, field=field.name)`` with a kind sentence naming the
    field's label. Times come back as "HH:MM", durations as int minutes, dates as
    "YYYY-MM-DD" (never after ``today`` when it is given), multi-choice as a list in the
    template's order.
    """
    f = field
    label = _quote(f.label)

    def fail(message: str) -> ValidationError:
        return ValidationError(message, field=f.name)

    if _is_empty(raw):
        if f.required:
            raise fail(f"{label} still needs an answer — a rough one is fine.")
        return None

    kind = f.kind
    if kind in TEXT_LIMITS:
        if not isinstance(raw, str):
            raise fail(f"{label} needs to be written as text.")
        text = raw.strip()
        limit = f.max if f.max is not None else TEXT_LIMITS[kind]
        if len(text) > limit:
            raise fail(
                f"{label} can hold up to {limit:,} characters (this has {len(text):,}), "
                "so it may help to shorten it a little."
            )
        return text

    if kind in (FieldKind.INTEGER, FieldKind.RATING, FieldKind.SUDS):
        # A rating or SUDS keeps its fixed range even on a Field built by hand.
        lo, hi = FIXED_RANGES.get(kind, (f.min, f.max))
        value = _to_int(raw)
        if value is None or (lo is not None and value < lo) or (hi is not None and value > hi):
            rng = _range_words(lo, hi)
            what = f"a whole number {rng}" if rng else "a whole number"
            given = raw if value is None else value
            raise fail(f"{label} must be {what} (you gave {_shown(given)}).")
        return value

    if kind is FieldKind.CHOICE:
        match = _match_choice(f, raw) if isinstance(raw, str) else None
        if match is None:
            options = ", ".join(f.choices)
            raise fail(f"{label} must be one of: {options} (you gave {_shown(raw)}).")
        return match

    if kind is FieldKind.MULTI_CHOICE:
        if isinstance(raw, str):
            items: list[object] = [part for part in raw.split(",") if part.strip()]
        elif isinstance(raw, list | tuple | set | frozenset):
            items = list(raw)
        else:
            items = [raw]
        picked: set[str] = set()
        for item in items:
            match = _match_choice(f, item) if isinstance(item, str) else None
            if match is None:
                options = ", ".join(f.choices)
                raise fail(
                    f"{label} can include any of: {options} ({_shown(item)} is not one of them)."
                )
            picked.add(match)
        if not picked and f.required:
            raise fail(f"{label} still needs an answer — a rough one is fine.")
        return [c for c in f.choices if c in picked] or None

    if kind is FieldKind.TIME:
        hhmm = parse_time(raw)
        if hhmm is None:
            raise unreadable(raw, f"a time for {label}", TIME_EXAMPLE, field=f.name)
        return hhmm

    if kind is FieldKind.DATE:
        day = parse_date(raw, today=today)
        if day is None:
            raise unreadable(raw, f"a date for {label}", DATE_EXAMPLE, field=f.name)
        if today is not None and day > today:
            raise fail(f"{label} is {day.isoformat()}, which hasn't come yet.")
        return day.isoformat()

    if kind is FieldKind.DURATION:
        minutes = parse_duration(raw)
        too_short = minutes is not None and f.min is not None and minutes < f.min
        too_long = minutes is not None and f.max is not None and minutes > f.max
        if minutes is None or too_short or too_long:
            rng = _range_words(f.min if f.min else None, f.max, " minutes")
            what = f"a length of time {rng}" if rng else "a length of time in minutes"
            raise fail(f"{label} must be {what}, like 45 or 1h30 (you gave {_shown(raw)}).")
        return minutes

    raise AssertionError(f"unhandled field kind {kind}")  # pragma: no cover


def validate_answers(
    t: Template, raw: dict[str, object], *, today: date | None = None, gaps: bool = False
) -> dict[str, object]:
    """All of a worksheet's answers, normalised, in the template's field order.

    Unknown keys and missing required answers are rejected; an empty optional answer
    becomes ``None``; then the template's cross-field rules are checked. Raises
    ``AnswersError`` (a ``ValidationError``) listing every problem. With ``gaps`` (a
    half-finished worksheet) a required answer may be empty too (``None``); every answer
    given is still checked, and so are the rules between the answers given.
    """
    problems: dict[str, str] = {}
    known = {f.name for f in t.fields}
    for key in raw:
        if key not in known:
            problems[str(key)] = f"This worksheet has no question called {_shown(str(key))}."
    answers: dict[str, object] = {}
    for f in t.fields:
        if gaps and _is_empty(raw.get(f.name)):
            answers[f.name] = None
            continue
        try:
            answers[f.name] = parse_value(f, raw.get(f.name), today=today)
        except ValidationError as err:
            problems[f.name] = str(err)
    if not problems:
        problems = _broken_rules(t, answers)
    if problems:
        raise AnswersError(problems)
    return answers


def unanswered(t: Template, answers: Mapping[str, object]) -> list[str]:
    """The required fields of ``t`` without an answer in ``answers`` (a half-finished one)."""
    return [f.name for f in t.fields if f.required and _is_empty(answers.get(f.name))]


def answered_nothing(answers: Mapping[str, object]) -> bool:
    """True when no answer at all is given (a half-finished worksheet needs one)."""
    return all(_is_empty(v) for v in answers.values())


# --------------------------------------------------------------------------- cross-field rules


def say_duration(minutes: int) -> str:
    """A duration as people say it: 440 -> "7 h 20 min", 45 -> "45 min", 120 -> "2 h"."""
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(minutes), 60)
    if hours == 0:
        return f"{sign}{rest} min"
    return f"{sign}{hours} h" if rest == 0 else f"{sign}{hours} h {rest} min"


def show_value(value: object, unit: str | None) -> str:
    """An answer or computed value for people; minutes in hours and minutes ("7 h 20 min")."""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if unit == "minutes" and isinstance(value, int | float) and not isinstance(value, bool):
        return say_duration(round(value))
    if not unit:
        return str(value)
    return f"{value}%" if unit == "%" else f"{value} {unit}"


def _broken_rules(t: Template, answers: Mapping[str, object]) -> dict[str, str]:
    """One sentence per field that a rule blames, in rule order; the first blame stands."""
    labels = {f.name: _quote(f.label) for f in t.fields}
    labels.update({c.name: _quote(c.label) for c in t.computed})
    values = {**answers, **compute(t, dict(answers))}
    problems: dict[str, str] = {}
    for rule in t.rules:
        if rule.check == "range" and problems:
            continue  # a total is only worth checking once the answers it comes from agree
        found = _check_rule(rule, values, labels)
        if found is not None and found[0] not in problems:
            problems[found[0]] = found[1]
    return {f.name: problems[f.name] for f in t.fields if f.name in problems}


def _check_rule(
    rule: Rule, values: Mapping[str, object], labels: Mapping[str, str]
) -> tuple[str, str] | None:
    """``(field, sentence)`` when ``rule`` is broken; ``None`` when it holds or is skipped."""
    if rule.check == "in_order":
        given = [(n, str(values[n])) for n in rule.fields if values.get(n) is not None]
        if len(given) < 2:
            return None
        (first, start), (last, end) = given[0], given[-1]
        base = _clock_minutes(start)
        offset = {n: (_clock_minutes(v) - base) % MINUTES_PER_DAY for n, v in given}
        for (prev, prev_at), (name, at) in pairwise(given):
            if name != last and offset[name] > offset[last]:
                return name, (
                    f"{labels[name]} ({at}) needs to fall between {labels[first]} ({start}) "
                    f"and {labels[last]} ({end})."
                )
            if offset[name] < offset[prev]:
                return name, f"{labels[name]} ({at}) comes before {labels[prev]} ({prev_at})."
        return None
    if rule.check == "fits_between":
        a, b = (values.get(n) for n in rule.between)
        parts = [(n, values[n]) for n in rule.fields if isinstance(values.get(n), int)]
        if a is None or b is None or not parts:
            return None
        window = (_clock_minutes(str(b)) - _clock_minutes(str(a))) % MINUTES_PER_DAY
        total = sum(int(v) for _, v in parts)  # type: ignore[call-overload]
        if total <= window:
            return None
        span = (
            f"the {say_duration(window)} from {labels[rule.between[0]]} ({a}) "
            f"to {labels[rule.between[1]]} ({b})"
        )
        alone = [n for n, v in parts if int(v) > window]  # type: ignore[call-overload]
        if alone:
            name = alone[0]
            return name, (
                f"{labels[name]} ({say_duration(int(values[name]))}) is longer than {span}."  # type: ignore[call-overload]
            )
        named = [n for n, v in parts if v]
        together = " and ".join(labels[n] for n in named)
        return named[-1], f"{together} add up to {say_duration(total)}, more than {span}."
    assert rule.value is not None and rule.field is not None
    value = values.get(rule.value)
    if rule.check == "at_least":
        if not isinstance(value, int | float):
            return None
        for other in rule.fields:
            than = values.get(other)
            if isinstance(than, int | float) and value < than:
                return rule.value, (
                    f"{labels[rule.value]} ({value}) can't be lower than {labels[other]} ({than})."
                )
        return None
    # "range"
    if not isinstance(value, int | float):
        return None
    if (rule.min is None or value >= rule.min) and (rule.max is None or value <= rule.max):
        return None
    return rule.field, (
        f"{labels[rule.value]} works out at {value}, but it can only be "
        f"{_range_words(rule.min, rule.max)}; please check {labels[rule.field]}."
    )


def compute(t: Template, answers: dict[str, object]) -> dict[str, object]:
    """The template's computed values from validated answers, in declaration order.

    A value is ``None`` when an answer it needs is empty (or when ``percent`` would divide
    by zero). ``percent`` and ``mean`` are rounded to one decimal.
    """
    values: dict[str, object] = dict(answers)
    results: dict[str, object] = {}
    for c in t.computed:
        args: list[object] = []
        for arg in c.args:
            value = values.get(arg) if isinstance(arg, str) else arg
            if value is None:
                break
            args.append(value)
        else:
            results[c.name] = _OPS[c.op].fn(args)  # type: ignore[arg-type]
            values[c.name] = results[c.name]
            continue
        results[c.name] = None
        values[c.name] = None
    return results
