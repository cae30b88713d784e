"""Standard questionnaires (PHQ-9, GAD-7) as data, with their scoring.

Wording, answer options and severity bands follow the public-domain forms developed by
Drs Spitzer, Williams, Kroenke and colleagues with an educational grant from Pfizer Inc.
(no permission required to reproduce). Caseness and reliable-change thresholds are the
ones NHS Talking Therapies uses. The optional PHQ-9 "how difficult have these problems
made it…" question is not scored and is not included.

The English here is the message id of the translations (``localized``): the published
German versions (Löwe et al.: PHQ-D 2002, GAD-7 2008) and Pfizer's Spanish version for
the USA, each named as the source in its catalog entry. Answers, totals, bands and
thresholds never depend on the language.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from midweek.domain.errors import ValidationError
from midweek.i18n import _

__all__ = [
    "GAD7",
    "INSTRUMENTS",
    "OPTIONS",
    "PHQ9",
    "Instrument",
    "Score",
    "band_for",
    "instrument_texts",
    "localized",
    "parse_answers",
    "safety_answer",
    "score",
]

#: The answer options shared by PHQ-9 and GAD-7.
OPTIONS: tuple[tuple[int, str], ...] = (
    (0, "Not at all"),
    (1, "Several days"),
    (2, "More than half the days"),
    (3, "Nearly every day"),
)


@dataclass(frozen=True)
class Instrument:
    """A questionnaire: its items, answer options, severity bands and clinical thresholds.

    ``bands`` are inclusive ``(low, high, label)`` ranges covering 0..max total. A total at
    or above ``caseness`` is in the clinical range; a change of at least ``reliable_change``
    points is reliable. ``safety_item`` is the 0-based index of an item that is a safety
    signal whenever it is above zero (PHQ-9 item 9), or ``None``.
    """

    code: str
    name: str
    stem: str
    items: tuple[str, ...]
    options: tuple[tuple[int, str], ...]
    bands: tuple[tuple[int, int, str], ...]
    loinc_total: str
    caseness: int
    reliable_change: int
    safety_item: int | None = None

    @property
    def max_answer(self) -> int:
        return max(value for value, _ in self.options)

    @property
    def max_total(self) -> int:
        return self.max_answer * len(self.items)


@dataclass(frozen=True)
class Score:
    instrument: str
    answers: tuple[int, ...]
    total: int
    band: str
    safety_signal: bool


PHQ9 = Instrument(
    code="phq9",
    name="PHQ-9",
    stem=(
        "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
    ),
    items=(
        "Little interest or pleasure in doing things",
        "Feeling down, depressed, or hopeless",
        "Trouble falling or staying asleep, or sleeping too much",
        "Feeling tired or having little energy",
        "Poor appetite or overeating",
        "Feeling bad about yourself — or that you are a failure or have let yourself "
        "or your family down",
        "Trouble concentrating on things, such as reading the newspaper or watching television",
        "Moving or speaking so slowly that other people could have noticed? Or the "
        "opposite — being so fidgety or restless that you have been moving around a lot "
        "more than usual",
        "Thoughts that you would be better off dead or of hurting yourself in some way",
    ),
    options=OPTIONS,
    bands=(
        (0, 4, "minimal"),
        (5, 9, "mild"),
        (10, 14, "moderate"),
        (15, 19, "moderately severe"),
        (20, 27, "severe"),
    ),
    loinc_total="44261-6",
    caseness=10,
    reliable_change=6,
    safety_item=8,
)

GAD7 = Instrument(
    code="gad7",
    name="GAD-7",
    stem="Over the last 2 weeks, how often have you been bothered by the following problems?",
    items=(
        "Feeling nervous, anxious or on edge",
        "Not being able to stop or control worrying",
        "Worrying too much about different things",
        "Trouble relaxing",
        "Being so restless that it is hard to sit still",
        "Becoming easily annoyed or irritable",
        "Feeling afraid as if something awful might happen",
    ),
    options=OPTIONS,
    bands=(
        (0, 4, "minimal"),
        (5, 9, "mild"),
        (10, 14, "moderate"),
        (15, 21, "severe"),
    ),
    loinc_total="70274-6",
    caseness=8,
    reliable_change=4,
)

INSTRUMENTS: dict[str, Instrument] = {PHQ9.code: PHQ9, GAD7.code: GAD7}


def instrument_texts(inst: Instrument) -> list[tuple[str, str]]:
    """Every text of ``inst`` a person reads, with where it sits ("item 9"): what
    ``localized`` translates and what ``scripts/i18n`` extracts. The stem, items and answer
    options are the instrument's validated wording; a translation uses the published
    version of that language (its source is named in the catalog) or keeps the English."""
    found = [(inst.stem, "stem")]
    found += [(item, f"item {n}") for n, item in enumerate(inst.items, start=1)]
    found += [(label, f"answer {value}") for value, label in inst.options]
    found += [(label, f"severity {low}–{high}") for low, high, label in inst.bands]
    return found


def localized(inst: Instrument) -> Instrument:
    """``inst`` with its stem, items and answer options in the reader's language, for asking
    them. Answers, scores, bands and thresholds are the same in every language; the band
    label stays English here (it is what a score records) and is translated where shown."""
    return replace(
        inst,
        stem=_(inst.stem),
        items=tuple(_(item) for item in inst.items),
        options=tuple((value, _(label)) for value, label in inst.options),
    )


_SEPARATORS = re.compile(r"[\s,;]+")


def _shown(value: object) -> str:
    text = str(value)
    if len(text) > 20:
        text = text[:19] + "…"
    return f"“{text}”"


def parse_answers(inst: Instrument, raw: str | Sequence[int | str]) -> tuple[int, ...]:
    """Answers from "0,1,2,…", "0 1 2 …" or a list; exactly one per item, each 0–3.

    Raises ``ValidationError`` with a kind sentence when the count or a value is wrong.
    """
    n = len(inst.items)
    if isinstance(raw, str):
        parts: list[object] = [p for p in _SEPARATORS.split(raw.strip()) if p]
    elif isinstance(raw, Sequence):
        parts = list(raw)
    else:
        raise ValidationError(
            _(
                "The {inst_name} answers should be {n} numbers from 0 to {inst_max_answer}, "
                "like {items}."
            ).format(
                inst_name=inst.name,
                n=n,
                inst_max_answer=inst.max_answer,
                items=", ".join(["0"] * n),
            )
        )
    if len(parts) != n:
        got = (
            "no answers" if not parts else f"{len(parts)} answer" + ("" if len(parts) == 1 else "s")
        )
        raise ValidationError(
            _("The {inst_name} has {n} questions; I got {got}.").format(
                inst_name=inst.name, n=n, got=got
            )
        )
    answers: list[int] = []
    allowed = {value for value, _label in inst.options}
    for position, part in enumerate(parts, start=1):
        value: int | None = None
        if isinstance(part, int) and not isinstance(part, bool):
            value = part
        elif isinstance(part, str) and part.strip().isascii() and part.strip().isdigit():
            value = int(part.strip())
        if value is None or value not in allowed:
            raise ValidationError(
                _(
                    "Each {inst_name} answer is a number from 0 to {inst_max_answer}; answer "
                    "{position} was {shown}."
                ).format(
                    inst_name=inst.name,
                    inst_max_answer=inst.max_answer,
                    position=position,
                    shown=_shown(part),
                )
            )
        answers.append(value)
    return tuple(answers)


def band_for(inst: Instrument, total: int) -> str:
    """The severity band label for a total score, e.g. "moderately severe"."""
    for low, high, label in inst.bands:
        if low <= total <= high:
            return label
    raise ValidationError(
        _("A {inst_name} total runs from 0 to {inst_max_total}; {total} is outside that.").format(
            inst_name=inst.name, inst_max_total=inst.max_total, total=total
        )
    )


def safety_answer(inst: Instrument, answers: Sequence[int] | None) -> int | None:
    """The answer to ``inst``'s safety item when it is above zero (PHQ-9 item 9), else None.

    The one place the rule lives: scoring, the prep report, the check-in page and the flag
    a check-in records all ask here. Answers that are not a whole questionnaire count as none.
    """
    index = inst.safety_item
    if index is None or answers is None or len(answers) != len(inst.items):
        return None
    value = answers[index]
    return value if value > 0 else None


def score(inst: Instrument, answers: Sequence[int]) -> Score:
    """Total, severity band and safety signal (PHQ-9 item 9 above zero) for valid answers."""
    checked = parse_answers(inst, answers)
    total = sum(checked)
    signal = safety_answer(inst, checked) is not None
    return Score(
        instrument=inst.code,
        answers=checked,
        total=total,
        band=band_for(inst, total),
        safety_signal=signal,
    )
