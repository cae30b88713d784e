"""The rules as the engine holds them once read: phrases, idioms, combos and the checks' cues."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from midweek.domain.risk.findings import (
    Level,
)


@dataclass(frozen=True)
class Rule:
    id: str
    level: Level
    reason: str
    pattern: re.Pattern[str]
    negatable: bool = True
    reported_lowers: bool = True
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Idiom:
    id: str
    reason: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Combo:
    """Concepts that together mean more than each alone: every one of ``concepts`` (each a
    compiled pattern, named) within ``within`` characters of the others in one sentence."""

    id: str
    level: Level
    reason: str
    concepts: tuple[tuple[str, re.Pattern[str]], ...]
    within: int = 90
    #: Concepts that, inside the combo's words, mean it is not meant ("wish", "if").
    unless: tuple[re.Pattern[str], ...] = ()
    negatable: bool = True
    reported_lowers: bool = True
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rules:
    rules: tuple[Rule, ...]
    idioms: tuple[Idiom, ...]
    negation: re.Pattern[str]  # matches a cue at the end of the text before a phrase
    reported: re.Pattern[str]
    fillers: frozenset[str]
    max_gap: int
    # Words that turn a cue into part of the struggle: "trying not to", "trust myself not to".
    not_after: re.Pattern[str] | None = None
    # A question answered by a denial straight after it: "Hurt myself? Never."
    answer: re.Pattern[str] | None = None
    # A denial later in the same sentence: "... and I said no", "isn't something I'd do".
    after: re.Pattern[str] | None = None
    #: Slang, shorthand and common misspellings read as the word they stand for ("kms").
    words: Mapping[str, str] = field(default_factory=dict)
    #: Key words a token may be a misspelling of (edit distance), and words never corrected.
    fuzzy: tuple[str, ...] = ()
    fuzzy_keep: frozenset[str] = frozenset()
    #: Misspelling look-ups already made with these rules (bounded), so a word is worked
    #: out once per process.
    fuzzy_cache: dict[str, str | None] = field(default_factory=dict, compare=False, repr=False)
    combos: tuple[Combo, ...] = ()
    past: re.Pattern[str] | None = None
    resolved: re.Pattern[str] | None = None
    recurring: re.Pattern[str] | None = None
