"""Noticing risk in free text: a transparent, offline detector with three levels.

``assess`` is a prompt to offer support (the safety plan and crisis contacts), never a
diagnosis. Everything it knows is data (``parse_rules`` validates it); this is the engine:

1. **Reading words as what they stand for.** Slang, shorthand and misspellings are
   replaced before anything else ("kms" -> "kill myself", "unalive", "sewerslide",
   "im" -> "i'm"), and a word one edit (two for long words) from a key word is read as it
   ("suicidel", "myslef"). Offsets still point at what the person wrote.
2. **Phrases** (``[[rules]]``): patterns that mean something on their own.
3. **Combos** (``[[combos]]``): concepts (the self, ending verbs, methods, preparation,
   intent and time, farewell acts, self-harm, relapse, questions, passive wishes) that
   together mean more than each alone, all within one sentence and a few words of each
   other — "I am planning to shoot myself", "I have enough pills saved".
4. **Adjustments**, each shown as the finding's ``adjusted`` reason: an everyday
   expression or another sense of the word ("overdose of information", "my phone died")
   -> none; a negation before it in its clause, or a denial after it ("Hurt myself?
   Never.", "... and I said no") -> none; the past said to be over ("years ago ... not
   anymore") -> none, the past alone -> urgent counted as concern; reported speech or
   fiction -> one level lower.
5. **The learned layer** (``with_model``, ``risk_model``): two logistic regressions over
   hashed n-grams and the rules' own findings (``evidence``) that may raise the level, as
   one more finding naming its heaviest words, with the adjustments above applied to it.
   The only rule finding it lowers is a concern when it is very sure the text is safe,
   saying so (a combo's urgent only if its file sets a lower ``clear_urgent`` threshold;
   the shipped one does not; an explicit phrase never, ``explicit_ids``).

It reads words, not meaning: it misses risk put in words it has no concept for and
sometimes matches text that carries none. docs/RISK.md has its measured figures per set.

The package's rooms: ``findings`` (levels, findings, the assessment), ``lexicon`` (the rules
as held), ``parsing`` (the rules read from data), ``reading`` (steps 1-4 on one text),
``learned`` (step 5), ``engine`` (``assess``). The data lives in ``data/risk_rules.toml`` and
the learned layer's scoring in ``risk_model``. Steps 1-4 stay together in ``reading``: they
share one reading of the text (its normalised form, offsets back to what was written,
sentence and clause ends) and are tuned together.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from midweek.domain.risk.engine import assess
    from midweek.domain.risk.findings import Assessment, Finding, Level
    from midweek.domain.risk.learned import (
        CLEARED,
        MODEL_ID,
        evidence,
        explicit_ids,
        model_level,
        score_reading,
        with_model,
    )
    from midweek.domain.risk.lexicon import Rule, Rules
    from midweek.domain.risk.parsing import parse_rules
    from midweek.domain.risk.reading import Reading, normalised, read

#: Where each public name lives. The package loads a room when one of its names is first
#: read, so a command that only names a level (``log ID done``, ``checkin mood 6``) loads
#: ``findings`` and not the reading engine, its rules or the learned layer (~35 ms).
_ROOMS = {
    "assess": "engine",
    "Assessment": "findings",
    "Finding": "findings",
    "Level": "findings",
    "CLEARED": "learned",
    "MODEL_ID": "learned",
    "evidence": "learned",
    "explicit_ids": "learned",
    "model_level": "learned",
    "score_reading": "learned",
    "with_model": "learned",
    "Rule": "lexicon",
    "Rules": "lexicon",
    "parse_rules": "parsing",
    "Reading": "reading",
    "normalised": "reading",
    "read": "reading",
}


def __getattr__(name: str) -> object:
    room = _ROOMS.get(name)
    if room is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{room}"), name)
    globals()[name] = value  # found once; later reads do not come back here
    return value


__all__ = [
    "CLEARED",
    "MODEL_ID",
    "Assessment",
    "Finding",
    "Level",
    "Reading",
    "Rule",
    "Rules",
    "assess",
    "evidence",
    "explicit_ids",
    "model_level",
    "normalised",
    "parse_rules",
    "read",
    "score_reading",
    "with_model",
]
