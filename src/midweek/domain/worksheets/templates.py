"""Reading a template from plain data, with one sentence for its author per mistake, and
showing it in the reader's language."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from midweek.domain.errors import ValidationError
from midweek.domain.worksheets.model import (
    FIXED_RANGES,
    NUMERIC_KINDS,
    TEXT_LIMITS,
    Computed,
    Field,
    FieldKind,
    Rule,
    Template,
    _quote,
)
from midweek.domain.worksheets.operations import (
    _OPS,
    _Op,
)
from midweek.i18n import _

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


# --------------------------------------------------------------------------- translation


def template_texts(t: Template) -> list[tuple[str, str]]:
    """Every sentence of ``t`` a person reads, with where it sits ("field situation help"):
    what ``localized`` translates, and what ``scripts/i18n`` extracts for the catalogs.

    Choices and units are listed too; they are translated where they are shown (the stored
    answer is always the choice as the template names it)."""
    found: list[tuple[str, str]] = [(t.title, "title"), (t.description, "description")]
    if t.instructions:
        found.append((t.instructions, "instructions"))
    for f in t.fields:
        found.append((f.label, f"field {f.name} label"))
        for key in ("help", "example", "unit"):
            value = getattr(f, key)
            if value:
                found.append((value, f"field {f.name} {key}"))
        found += [(choice, f"field {f.name} choice") for choice in f.choices]
    for c in t.computed:
        found.append((c.label, f"computed {c.name} label"))
        if c.unit:
            found.append((c.unit, f"computed {c.name} unit"))
    return [(text, where) for text, where in found if _WORDS.search(text)]


#: Text with a letter in it; "17:30" or "2026-11-20" reads the same in every language.
_WORDS = re.compile(r"[^\W\d_]")


def localized(t: Template) -> Template:
    """``t`` with its title, description, instructions, labels, help and examples in the
    reader's language; names, kinds, ranges, choices, units and rules stay as they are, so
    answers are checked and stored exactly the same way in every language."""

    def say(text: str | None) -> str | None:
        return _(text) if text else text

    fields = tuple(
        replace(f, label=_(f.label), help=say(f.help), example=say(f.example)) for f in t.fields
    )
    computed = tuple(replace(c, label=_(c.label)) for c in t.computed)
    return replace(
        t,
        title=_(t.title),
        description=_(t.description),
        instructions=say(t.instructions),
        fields=fields,
        computed=computed,
    )
