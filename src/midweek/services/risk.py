"""Noticing risk in what a person writes: the shipped rules, one call to assess text, and
the evaluation against the labelled set (used by ``scripts/risk-eval`` and the tests).

Assessing never blocks saving: a use case saves the person's words first and records a
safety flag (the level and rule ids, never the words) when the level is concern or urgent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING

from midweek.domain.entities import FlagSource, SafetyFlag
from midweek.domain.errors import ValidationError
from midweek.domain.risk import Assessment, Finding, Level
from midweek.i18n import _
from midweek.resources import shipped
from midweek.services.ports import UnitOfWork

if TYPE_CHECKING:
    from midweek.domain.risk import Rules
    from midweek.domain.risk_model import Model

# The reading engine, its rules and the learned layer load when there is text to read, so a
# use case that names a level (a practice logged without a note) pays nothing for them.

__all__ = [
    "EVAL_SETS",
    "Evaluation",
    "LabelledLine",
    "assess_all",
    "assess_text",
    "evaluate",
    "flag_detail",
    "parse_labelled",
    "record_flag",
    "risk_model",
    "risk_rules",
]

#: The evaluation sets in the repository, by name (docs/RISK.md says how each was made).
#: ``labelled`` and ``dev`` are in-sample (the rules were tuned on them), ``dev`` and
#: ``train`` too for the learned layer (trained on them); ``test`` and ``test2`` are
#: neither (``test2`` was written after the learned layer was trained, and nobody read it).
EVAL_SETS = {
    "labelled": "tests/data/risk_labelled.tsv",
    "dev": "tests/data/risk_dev.tsv",
    "train": "tests/data/risk_train.tsv",
    "train_w1": "tests/data/risk_train_w1.tsv",
    "train_w2": "tests/data/risk_train_w2.tsv",
    "test": "tests/data/risk_test.tsv",
    "test2": "tests/data/risk_test2.tsv",
    "test3": "tests/data/risk_test3.tsv",
    "test4": "tests/data/risk_test4.tsv",
}


@cache
def risk_rules() -> Rules:
    """The rules that come with midweek (``midweek/data/risk_rules.toml``), parsed once."""
    import tomllib

    from midweek.domain.risk import parse_rules

    raw = shipped("data", "risk_rules.toml").read_bytes()
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise ValidationError(
            _("The risk rules file is not valid TOML: {err}.").format(err=err)
        ) from None
    return parse_rules(data)


@cache
def risk_model() -> Model:
    """The learned layer that comes with midweek (``midweek/data/risk_model.json``, written
    by ``scripts/risk-train``), parsed once — only in a process that checks text."""
    import json

    from midweek.domain.risk_model import parse_model

    raw = shipped("data", "risk_model.json").read_bytes()
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ValidationError(
            _("The risk model file is not valid JSON: {err}.").format(err=err)
        ) from None
    if not isinstance(data, dict):
        raise ValidationError(_("The risk model file is not usable: it is not a JSON object."))
    return parse_model(data)


def _model_or_none() -> Model | None:
    try:
        return risk_model()
    except Exception:  # the rules alone still read the text (a test loads the model)
        return None


def assess_text(text: str | None) -> Assessment:
    """How strongly ``text`` suggests risk, and why (``Level.NONE`` for no text).

    Never raises: noticing must never stop a person's words from being saved. If the shipped
    rules cannot be read (a packaging fault, caught by the test that loads them), the answer
    is ``Level.NONE``.
    """
    if not text or not text.strip():
        return Assessment(Level.NONE, ())  # nothing to read: no need to load the rules
    from midweek.domain.risk import assess

    try:
        rules = risk_rules()
    except Exception:  # saving the entry matters more than the check
        return Assessment(Level.NONE, ())
    try:
        return assess(text, rules, _model_or_none())
    except Exception:  # a fault in the learned layer: the rules' reading still stands
        return assess(text, rules)


def flag_detail(assessment: Assessment) -> str:
    """What a safety flag keeps: the level and the rule ids — not the person's words."""
    return f"{assessment.level}: {', '.join(assessment.rule_ids)}"


def record_flag(
    uow: UnitOfWork,
    assessment: Assessment,
    *,
    source: FlagSource,
    at: datetime,
    ref_id: int | None,
) -> None:
    """Add a safety flag inside an open unit of work when the level is concern or urgent."""
    if assessment.level is Level.NONE:
        return
    uow.flags.add(SafetyFlag(source=source, at=at, ref_id=ref_id, detail=flag_detail(assessment)))


def assess_all(texts: Iterable[str | None]) -> Assessment:
    """One assessment over several pieces of text (e.g. a worksheet's answers)."""
    findings: list[Finding] = []
    level = Level.NONE
    for text in texts:
        a = assess_text(text)
        findings.extend(a.findings)
        level = max(level, a.level)
    return Assessment(level, tuple(findings))


# --------------------------------------------------------------------------- evaluation


@dataclass(frozen=True)
class LabelledLine:
    line: int
    level: Level
    category: str
    text: str


def parse_labelled(content: str) -> list[LabelledLine]:
    """``level<TAB>category<TAB>text`` lines; blank lines and ``#`` comments are skipped."""
    out: list[LabelledLine] = []
    for n, raw in enumerate(content.splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        parts = raw.split("\t")
        if len(parts) != 3 or parts[0] not in Level.__members__.values():
            raise ValidationError(
                _("Line {n} of the labelled set is not level, category, text.").format(n=n)
            )
        out.append(LabelledLine(n, Level(parts[0]), parts[1].strip(), parts[2].strip()))
    return out


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


@dataclass(frozen=True)
class Miss:
    line: int
    category: str
    expected: Level
    found: Level
    text: str
    why: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Evaluation:
    total: int
    #: confusion[expected][found] = count
    confusion: dict[str, dict[str, int]]
    any_precision: float
    any_recall: float
    urgent_precision: float
    urgent_recall: float
    exact: float
    #: Safe lines (labelled none) read as concern or urgent, out of all safe lines.
    false_alarms: float
    misses: list[Miss]


def evaluate(
    lines: Iterable[LabelledLine],
    rules: Rules | None = None,
    model: Model | bool | None = True,
) -> Evaluation:
    """Precision and recall of the detector on labelled lines.

    ``model``: ``True`` for the shipped learned layer beside the rules, ``False`` or None
    for the rules alone, or a model to use.

    "Any risk" counts concern and urgent together against none; "urgent" counts urgent
    against the rest. A miss is any line whose level differs from its label.
    """
    from midweek.domain.risk import assess
    from midweek.domain.risk_model import Model

    rules = rules or risk_rules()
    used = risk_model() if model is True else model if isinstance(model, Model) else None
    levels = [lv.value for lv in Level]
    confusion = {e: {f: 0 for f in levels} for e in levels}
    misses: list[Miss] = []
    items = list(lines)
    for item in items:
        a = assess(item.text, rules, used)
        confusion[item.level][a.level] += 1
        if a.level is not item.level:
            why = [
                f"{f.rule_id} “{f.phrase}” -> {f.level}"
                + (f" ({f.adjusted})" if f.adjusted else "")
                for f in a.findings
            ]
            misses.append(Miss(item.line, item.category, item.level, a.level, item.text, why))

    def count(expected: set[str], found: set[str]) -> int:
        return sum(confusion[e][f] for e in expected for f in found)

    risky = {Level.CONCERN.value, Level.URGENT.value}
    safe = {Level.NONE.value}
    urgent = {Level.URGENT.value}
    not_urgent = {Level.NONE.value, Level.CONCERN.value}
    tp = count(risky, risky)
    return Evaluation(
        total=len(items),
        confusion=confusion,
        any_precision=_ratio(tp, tp + count(safe, risky)),
        any_recall=_ratio(tp, tp + count(risky, safe)),
        urgent_precision=_ratio(count(urgent, urgent), count(urgent | not_urgent, urgent)),
        urgent_recall=_ratio(count(urgent, urgent), count(urgent, urgent | not_urgent)),
        exact=_ratio(sum(confusion[lv][lv] for lv in levels), len(items)),
        false_alarms=count(safe, risky) / count(safe, safe | risky)
        if count(safe, safe | risky)
        else 0.0,
        misses=misses,
    )
