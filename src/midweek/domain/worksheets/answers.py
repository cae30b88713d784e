"""A whole worksheet's answers: validated, checked against the template's rules, computed."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from itertools import pairwise

from midweek.domain.errors import ValidationError
from midweek.domain.worksheets.model import (
    MINUTES_PER_DAY,
    AnswersError,
    Rule,
    Template,
    _quote,
)
from midweek.domain.worksheets.operations import (
    _OPS,
)
from midweek.domain.worksheets.values import (
    _clock_minutes,
    _is_empty,
    _pick,
    _shown,
    parse_value,
    say_duration,
)
from midweek.i18n import _


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
            problems[str(key)] = _("This worksheet has no question called {name}.").format(
                name=_shown(str(key))
            )
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
                return name, _(
                    "{label} ({at}) needs to fall between {first} ({start}) and {last} ({end})."
                ).format(
                    label=labels[name],
                    at=at,
                    first=labels[first],
                    start=start,
                    last=labels[last],
                    end=end,
                )
            if offset[name] < offset[prev]:
                return name, _("{label} ({at}) comes before {before} ({before_at}).").format(
                    label=labels[name], at=at, before=labels[prev], before_at=prev_at
                )
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
        span = {
            "window": say_duration(window),
            "start": labels[rule.between[0]],
            "start_at": a,
            "end": labels[rule.between[1]],
            "end_at": b,
        }
        alone = [n for n, v in parts if int(v) > window]  # type: ignore[call-overload]
        if alone:
            name = alone[0]
            return name, _(
                "{label} ({length}) is longer than the {window} from {start} ({start_at}) to "
                "{end} ({end_at})."
            ).format(label=labels[name], length=say_duration(int(values[name])), **span)  # type: ignore[call-overload]
        named = [n for n, v in parts if v]
        together = _(" and ").join(labels[n] for n in named)
        return named[-1], _(
            "{together} add up to {total}, more than the {window} from {start} ({start_at}) to "
            "{end} ({end_at})."
        ).format(together=together, total=say_duration(total), **span)
    assert rule.value is not None and rule.field is not None
    value = values.get(rule.value)
    if rule.check == "at_least":
        if not isinstance(value, int | float):
            return None
        for other in rule.fields:
            than = values.get(other)
            if isinstance(than, int | float) and value < than:
                return rule.value, _(
                    "{label} ({value}) can't be lower than {other} ({other_value})."
                ).format(
                    label=labels[rule.value], value=value, other=labels[other], other_value=than
                )
        return None
    # "range"
    if not isinstance(value, int | float):
        return None
    if (rule.min is None or value >= rule.min) and (rule.max is None or value <= rule.max):
        return None
    sentence = _pick(
        rule.min,
        rule.max,
        _(
            "{label} works out at {value}, but it can only be from {lo} to {hi}; please check "
            "{field}."
        ),
        _("{label} works out at {value}, but it can only be {lo} or more; please check {field}."),
        _("{label} works out at {value}, but it can only be up to {hi}; please check {field}."),
        "",
    )
    return rule.field, sentence.format(
        label=labels[rule.value], value=value, lo=rule.min, hi=rule.max, field=labels[rule.field]
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
