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
   saying so (an urgent only if its file sets a lower ``clear_urgent`` threshold; the
   shipped one does not).

It reads words, not meaning: it misses risk put in words it has no concept for and
sometimes matches text that carries none. docs/RISK.md has its measured figures per set.

Why one long module: the five steps share one reading of the text (its normalised form,
offsets back to what was written, sentence and clause ends) and are tuned together; the
data lives in ``data/risk_rules.toml`` and the learned layer's scoring in ``risk_model``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache

from midweek.domain.errors import ValidationError
from midweek.domain.risk_model import Model, Scored, score, score_windows, top
from midweek.i18n import _

__all__ = [
    "MODEL_ID",
    "Assessment",
    "Finding",
    "Level",
    "Reading",
    "Rule",
    "Rules",
    "assess",
    "evidence",
    "model_level",
    "normalised",
    "parse_rules",
    "read",
    "score_reading",
    "with_model",
]


class Level(StrEnum):
    """How strongly the text suggests risk; ordered none < concern < urgent."""

    NONE = "none"
    CONCERN = "concern"
    URGENT = "urgent"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def lowered(self) -> Level:
        """One step down (urgent -> concern -> none)."""
        return _ORDER[max(0, self.rank - 1)]

    def __lt__(self, other: object) -> bool:
        if isinstance(other, Level):
            return self.rank < other.rank
        return NotImplemented

    def __le__(self, other: object) -> bool:
        if isinstance(other, Level):
            return self.rank <= other.rank
        return NotImplemented

    def __gt__(self, other: object) -> bool:
        if isinstance(other, Level):
            return self.rank > other.rank
        return NotImplemented

    def __ge__(self, other: object) -> bool:
        if isinstance(other, Level):
            return self.rank >= other.rank
        return NotImplemented


_ORDER = (Level.NONE, Level.CONCERN, Level.URGENT)
_RANK = {level: i for i, level in enumerate(_ORDER)}


@dataclass(frozen=True)
class Finding:
    """One matched phrase. ``level`` is after adjustment; ``adjusted`` says why it changed
    (``"negation: never"``, ``"idiom: killing-it"``, ``"reported: she said"``) or is None."""

    rule_id: str
    level: Level
    phrase: str
    reason: str
    start: int
    end: int
    adjusted: str | None = None


@dataclass(frozen=True)
class Assessment:
    level: Level
    findings: tuple[Finding, ...] = ()

    @property
    def rule_ids(self) -> list[str]:
        """The rules that raised the level (adjusted-away matches left out), in text order."""
        out: list[str] = []
        for f in self.findings:
            if f.level is not Level.NONE and f.rule_id not in out:
                out.append(f.rule_id)
        return out

    def __bool__(self) -> bool:
        return self.level is not Level.NONE


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


# --------------------------------------------------------------------------- parsing rules

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_MACRO = re.compile(r"\{([a-z_]+)\}")
_TOP_KEYS = {
    "version",
    "macros",
    "rules",
    "idioms",
    "negation",
    "reported",
    "words",
    "fuzzy",
    "concepts",
    "combos",
    "past",
}
_NEGATION_KEYS = {"cues", "fillers", "max_gap", "not_after", "answer", "after"}
_FUZZY_KEYS = {"words", "keep"}
_PAST_KEYS = {"markers", "resolved", "recurring"}
_COMBO_KEYS = {
    "id",
    "level",
    "reason",
    "concepts",
    "within",
    "unless",
    "negatable",
    "reported_lowers",
    "examples",
}
_REPORTED_KEYS = {"cues"}
_RULE_KEYS = {"id", "level", "reason", "patterns", "negatable", "reported_lowers", "examples"}
_IDIOM_KEYS = {"id", "reason", "patterns"}


def _fail(problem: str) -> ValidationError:
    return ValidationError(_("The risk rules {problem}").format(problem=problem))


def _text(table: Mapping[str, object], key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _fail(f"need “{key}” for {where} to be some text.")
    return value.strip()


def _texts(table: Mapping[str, object], key: str, where: str, *, required: bool) -> list[str]:
    value = table.get(key, [] if not required else None)
    if not isinstance(value, list) or (required and not value):
        raise _fail(f"need “{key}” for {where} to be a list of text.")
    if not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(f"need every item of “{key}” for {where} to be some text.")
    return [v.strip() for v in value]


def _expand(pattern: str, macros: Mapping[str, str], where: str) -> str:
    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in macros:
            raise _fail(f"use {{{name}}} in {where}, but no macro has that name.")
        return macros[name]

    # Macros may use other macros; three rounds are plenty and stop a loop.
    for _round in range(3):
        pattern = _MACRO.sub(sub, pattern)
    # A space stands for any run of white space (line breaks included); " ?" for none or some.
    return pattern.replace(" ?", r"\s*").replace(" ", r"\s+")


def _compile(patterns: Sequence[str], macros: Mapping[str, str], where: str) -> re.Pattern[str]:
    parts = [_expand(p, macros, where) for p in patterns]
    source = r"(?<!\w)(?:" + "|".join(f"(?:{p})" for p in parts) + r")(?!\w)"
    try:
        return re.compile(source, re.IGNORECASE)
    except re.error as err:
        raise _fail(f"have a pattern in {where} that is not a valid expression: {err}.") from None


def _table_list(data: Mapping[str, object], key: str) -> list[Mapping[str, object]]:
    raw = data.get(key, [])
    if not isinstance(raw, list) or not all(isinstance(r, dict) for r in raw):
        raise _fail(f"need “{key}” to be a list of tables ([[{key}]]).")
    return raw


def parse_rules(data: Mapping[str, object]) -> Rules:
    """Validated, compiled rules from parsed TOML; ``ValidationError`` on bad data.

    Top-level keys: ``macros`` (named pattern pieces, used as ``{name}``), ``[[rules]]``
    (id, level concern|urgent, reason, patterns; optional negatable, reported_lowers and
    examples),
    ``[[idioms]]`` (id, reason, patterns), ``[negation]`` (cues, fillers, max_gap) and
    ``[reported]`` (cues). Every rule's examples must be found by that rule.
    """
    if not isinstance(data, Mapping):
        raise _fail("are not a table.")
    extra = sorted(set(data) - _TOP_KEYS)
    if extra:
        raise _fail(f"have settings I don't know: {', '.join(extra)}.")
    raw_macros = data.get("macros", {})
    if not isinstance(raw_macros, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in raw_macros.items()
    ):
        raise _fail("need “macros” to be a table of text.")
    macros: dict[str, str] = dict(raw_macros)

    seen: set[str] = set()

    def new_id(table: Mapping[str, object], where: str) -> str:
        ident = _text(table, "id", where)
        if not _ID.match(ident):
            raise _fail(f"have the id “{ident}”; use lower-case words joined by hyphens.")
        if ident in seen:
            raise _fail(f"use the id “{ident}” twice.")
        seen.add(ident)
        return ident

    def head(
        raw: Mapping[str, object], kind: str, i: int, keys: Collection[str]
    ) -> tuple[str, str, Level]:
        """A rule's or combo's known settings, its new id, how to name it, its level."""
        unknown = sorted(set(raw) - set(keys))
        if unknown:
            raise _fail(f"have settings I don't know in {kind} {i}: {', '.join(unknown)}.")
        ident = new_id(raw, f"{kind} {i}")
        where = f"{kind} {ident}"
        level_raw = _text(raw, "level", where)
        if level_raw not in (Level.CONCERN, Level.URGENT):
            raise _fail(f"need the level of {where} to be concern or urgent, not “{level_raw}”.")
        return ident, where, Level(level_raw)

    rules: list[Rule] = []
    for i, raw in enumerate(_table_list(data, "rules"), start=1):
        ident, where, level = head(raw, "rule", i, _RULE_KEYS)
        negatable = raw.get("negatable", True)
        reported_lowers = raw.get("reported_lowers", True)
        if not isinstance(negatable, bool) or not isinstance(reported_lowers, bool):
            raise _fail(f"need “negatable” and “reported_lowers” for {where} to be true or false.")
        rule = Rule(
            id=ident,
            level=level,
            reason=_text(raw, "reason", where),
            pattern=_compile(_texts(raw, "patterns", where, required=True), macros, where),
            negatable=negatable,
            reported_lowers=reported_lowers,
            examples=tuple(_texts(raw, "examples", where, required=False)),
        )
        for example in rule.examples:
            if rule.pattern.search(example) is None:
                raise _fail(f"say {where} finds “{example}”, but it does not.")
        rules.append(rule)
    if not rules:
        raise _fail("need at least one rule.")

    idioms = []
    for i, raw in enumerate(_table_list(data, "idioms"), start=1):
        where = f"idiom {i}"
        unknown = sorted(set(raw) - _IDIOM_KEYS)
        if unknown:
            raise _fail(f"have settings I don't know in {where}: {', '.join(unknown)}.")
        ident = new_id(raw, where)
        where = f"idiom {ident}"
        idioms.append(
            Idiom(
                id=ident,
                reason=_text(raw, "reason", where),
                pattern=_compile(_texts(raw, "patterns", where, required=True), macros, where),
            )
        )

    negation = data.get("negation", {})
    reported = data.get("reported", {})
    if not isinstance(negation, dict) or not isinstance(reported, dict):
        raise _fail("need “negation” and “reported” to be tables.")
    unknown = sorted(set(negation) - _NEGATION_KEYS) + sorted(set(reported) - _REPORTED_KEYS)
    if unknown:
        raise _fail(f"have settings I don't know: {', '.join(unknown)}.")
    max_gap = negation.get("max_gap", 3)
    if not isinstance(max_gap, int) or isinstance(max_gap, bool) or not 0 <= max_gap <= 10:
        raise _fail("need negation “max_gap” to be a whole number from 0 to 10.")
    cues = _texts(negation, "cues", "negation", required=True)
    fillers = _texts(negation, "fillers", "negation", required=False)
    not_after = _texts(negation, "not_after", "negation", required=False)
    not_after_re = None
    if not_after:
        parts = "|".join(f"(?:{_expand(p, macros, 'negation')})" for p in not_after)
        try:
            not_after_re = re.compile(rf"(?<!\w)(?:{parts})\s*\Z", re.IGNORECASE)
        except re.error as err:
            raise _fail(f"have a negation not_after that is not valid: {err}.") from None
    answer = _texts(negation, "answer", "negation", required=False)
    answer_re = None
    if answer:
        # Straight after the phrase: the question mark, then the denial as the whole reply.
        parts = "|".join(f"(?:{_expand(p, macros, 'negation')})" for p in answer)
        answer_re = re.compile(rf"\s*\?+[\s?!.]*(?:{parts})(?!\w)", re.IGNORECASE)
    after = _texts(negation, "after", "negation", required=False)
    after_re = _compile(after, macros, "negation") if after else None

    words = data.get("words", {})
    if not isinstance(words, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in words.items()
    ):
        raise _fail("need “words” to be a table of text.")
    fuzzy = data.get("fuzzy", {})
    if not isinstance(fuzzy, dict) or set(fuzzy) - _FUZZY_KEYS:
        raise _fail("need “fuzzy” to be a table with words and keep.")
    raw_concepts = data.get("concepts", {})
    if not isinstance(raw_concepts, dict):
        raise _fail("need “concepts” to be a table of pattern lists.")
    concepts = {
        name: _compile(_texts(raw_concepts, name, f"concept {name}", required=True), macros, name)
        for name in raw_concepts
    }
    combos: list[Combo] = []
    for i, raw in enumerate(_table_list(data, "combos"), start=1):
        ident, where, level = head(raw, "combo", i, _COMBO_KEYS)
        names = _texts(raw, "concepts", where, required=True)
        missing = [n for n in names if n not in concepts]
        if missing:
            raise _fail(f"use the concept “{missing[0]}” in {where}, but no concept has that name.")
        within = raw.get("within", 90)
        if not isinstance(within, int) or isinstance(within, bool) or not 10 <= within <= 400:
            raise _fail(f"need “within” for {where} to be a whole number from 10 to 400.")
        combos.append(
            Combo(
                id=ident,
                level=level,
                reason=_text(raw, "reason", where),
                concepts=tuple((n, concepts[n]) for n in names),
                within=within,
                unless=tuple(concepts[n] for n in _texts(raw, "unless", where, required=False)),
                negatable=bool(raw.get("negatable", True)),
                reported_lowers=bool(raw.get("reported_lowers", True)),
                examples=tuple(_texts(raw, "examples", where, required=False)),
            )
        )
    past = data.get("past", {})
    if not isinstance(past, dict) or set(past) - _PAST_KEYS:
        raise _fail("need “past” to be a table with markers, resolved and recurring.")

    def optional(key: str) -> re.Pattern[str] | None:
        items = _texts(past, key, "past", required=False)
        return _compile(items, macros, "past") if items else None

    # Longest first, so "no longer" wins over "no".
    neg_source = _compile(sorted(cues, key=len, reverse=True), macros, "negation").pattern
    parsed = Rules(
        rules=tuple(rules),
        idioms=tuple(idioms),
        # The last cue before the phrase, with only filler words between (checked later).
        negation=re.compile(neg_source, re.IGNORECASE),
        reported=_compile(_texts(reported, "cues", "reported", required=True), macros, "reported"),
        fillers=frozenset(f.lower() for f in fillers),
        max_gap=max_gap,
        not_after=not_after_re,
        answer=answer_re,
        after=after_re,
        words={k.lower(): v.strip().lower() for k, v in words.items()},
        fuzzy=tuple(w.lower() for w in _texts(fuzzy, "words", "fuzzy", required=False)),
        fuzzy_keep=frozenset(w.lower() for w in _texts(fuzzy, "keep", "fuzzy", required=False)),
        combos=tuple(combos),
        past=optional("markers"),
        resolved=optional("resolved"),
        recurring=optional("recurring"),
    )
    for combo in parsed.combos:
        for example in combo.examples:
            norm, _ = _canonical(example.translate(_APOSTROPHES), parsed)
            ends = [m.end() for m in _SENTENCE_END.finditer(norm)]
            if combo.id not in [c.id for _, _, c, _ in _combos(norm, parsed, ends)]:
                raise _fail(f"say combo {combo.id} finds “{example}”, but it does not.")
    return parsed


# --------------------------------------------------------------------------- assessing text

# One-for-one replacements, so offsets in the normalised text are offsets in the original.
_APOSTROPHES = str.maketrans({c: "'" for c in "\u2019\u2018\u02bc\u00b4`\u2032\uff07"})
# Sentences end at . ! ? or a line break; clauses also at , ; : dashes and "but".
_SENTENCE_END = re.compile(r"[.!?\n\u2026]+")
_CLAUSE_END = re.compile(
    r"[.!?\n\u2026;:()\"\u201c\u201d\u2013\u2014]+|,(?!\s*ever\b)|\s-\s"
    r"|\b(?:but|though|although|however|yet)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[\w']+")


def _boundary_before(ends: list[int], pos: int) -> int:
    """Where the sentence or clause holding ``pos`` starts, given where earlier ones end."""
    i = bisect_right(ends, pos) - 1
    return ends[i] if i >= 0 else 0


def _negation(rules: Rules, text: str, clause_start: int, start: int) -> str | None:
    """The negation cue governing a phrase starting at ``start``, if any."""
    window = text[clause_start:start]
    cue = None
    for m in rules.negation.finditer(window):
        cue = m
    if cue is None:
        return None
    between = _WORD.findall(window[cue.end() :])
    if len(between) > rules.max_gap:
        return None
    if any(w.lower() not in rules.fillers for w in between):
        return None
    if rules.not_after is not None and rules.not_after.search(window[: cue.start()]):
        return None
    return " ".join(cue.group(0).lower().split())


def _reported(rules: Rules, text: str, sentence_start: int, start: int) -> str | None:
    m = rules.reported.search(text, sentence_start, start)
    return None if m is None else " ".join(m.group(0).lower().split())


_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?", re.IGNORECASE)


def _close(a: str, b: str, limit: int) -> bool:
    """Whether ``a`` is at most ``limit`` edits from ``b`` (insert, delete, change, swap)."""
    if abs(len(a) - len(b)) > limit:
        return False
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return False
        prev2, prev = prev, cur
    return prev[-1] <= limit


def _corrected(token: str, rules: Rules, cache: dict[str, str | None]) -> str | None:
    """The key word ``token`` is a misspelling of ("suicidel" -> "suicidal"), or None."""
    if token in cache:
        return cache[token]
    found = None
    if len(token) >= 5 and token not in rules.fuzzy_keep and token not in rules.fuzzy:
        for word in rules.fuzzy:
            if token == word or token.startswith(word) or token[0] != word[0]:
                continue  # an inflection ("suicides") is already read by the patterns
            if _close(token, word, 1 if len(word) < 8 else 2):
                found = word
                break
    if len(cache) < 4096:
        cache[token] = found
    return found


def _canonical(text: str, rules: Rules) -> tuple[str, list[int]]:
    """``text`` with slang and misspelt key words replaced by what they stand for, and for
    each character of the result the offset in ``text`` it came from (one past the end last).
    """
    if not rules.words and not rules.fuzzy:
        return text, list(range(len(text) + 1))
    out: list[str] = []
    where: list[int] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        word = m.group(0).lower()
        repl = rules.words.get(word) or _corrected(word, rules, rules.fuzzy_cache)
        if repl is None:
            continue
        out.append(text[pos:start])
        where.extend(range(pos, start))
        out.append(repl)
        last = end - start - 1
        # The last character maps to the token's last, so a phrase ends where the word does.
        where.extend(start + min(k, last) for k in range(len(repl) - 1))
        where.append(end - 1)
        pos = end
    if not out:
        return text, list(range(len(text) + 1))
    out.append(text[pos:])
    where.extend(range(pos, len(text)))
    where.append(len(text))
    return "".join(out), where


def _answered_no(rules: Rules, text: str, end: int) -> str | None:
    """ "Hurt myself? Never." — the denial that answers a question straight after it."""
    if rules.after is not None:
        stop = _SENTENCE_END.search(text, end)
        limit = min(stop.start() if stop else len(text), end + 60)
        if (later := rules.after.search(text, end, limit)) is not None:
            return " ".join(later.group(0).lower().split())
    if rules.answer is None:
        return None
    m = rules.answer.match(text, end)
    if m is None:
        return None
    rest = text[m.end() : m.end() + 3]
    if rest.strip() and not re.match(r"\s*(?:[.!,;\n]|\Z)", rest):
        return None  # "Never ... " carrying on is not a bare reply
    return " ".join(m.group(0).strip(" ?!.").lower().split())


def _resolved(rules: Rules, text: str, sentence_start: int, start: int) -> tuple[str, bool] | None:
    """A finding in the past: (the cue, whether it reads as over). Looks at its sentence and
    the next one ("I cut myself at school. Not anymore.")."""
    if rules.past is None:
        return None
    stop = _SENTENCE_END.search(text, start)
    end = stop.end() if stop else len(text)
    nxt = _SENTENCE_END.search(text, end)
    after = nxt.end() if nxt else len(text)
    scope = (sentence_start, after)
    past = rules.past.search(text, *scope)
    if past is None:
        return None
    cue = " ".join(past.group(0).lower().split())
    if rules.recurring is not None and rules.recurring.search(text, *scope):
        return None  # "... and the feeling is back": now, not then
    if rules.resolved is not None and (r := rules.resolved.search(text, *scope)):
        return f"{cue} … {' '.join(r.group(0).lower().split())}", True
    return cue, False


_META = set("\\()[]{}?*+|.^$")


def _split_top(source: str) -> list[str] | None:
    """``source`` split at the ``|`` that are not inside brackets, or None if unbalanced."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(source):
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":  # a class may hold brackets and bars: skip it whole
            end = source.find("]", i + 2)
            if end < 0:
                return None
            i = end + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(source[start:i])
            start = i + 1
        i += 1
    parts.append(source[start:])
    return parts if depth == 0 else None


def _prefixes(source: str) -> set[str] | None:
    """Literal text every match of ``source`` starts with (one of), or None if unknown."""
    if source.startswith("(?:"):
        depth, i = 0, 0
        while i < len(source):
            c = source[i]
            if c == "\\":
                i += 2
                continue
            depth += c == "("
            depth -= c == ")"
            if depth == 0:
                break
            i += 1
        rest = source[i + 1 :]
        if i >= len(source) or rest[:1] in ("?", "*", "{"):
            return None  # unbalanced, or an optional group: no fixed start
        branches = _split_top(source[3:i])
        if not branches:
            return None
        out: set[str] = set()
        for branch in branches:
            found = _prefixes(branch)
            if found is None:
                return None
            out |= found
        return out
    i = 0
    while i < len(source) and source[i] not in _META:
        i += 1
    literal = source[:i]
    if i < len(source) and source[i] in "?*{":
        literal = literal[:-1]  # the character before is optional
    return {literal.lower()} if literal else None


@lru_cache(maxsize=512)
def _triggers(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Words one of which must be in the text for ``pattern`` to match (a cheap first look
    that skips most patterns on most text), or None when they cannot be worked out."""
    source = pattern.pattern
    head, tail = r"(?<!\w)(?:", r")(?!\w)"
    if not (source.startswith(head) and source.endswith(tail)):
        return None
    branches = _split_top(source[len(head) : -len(tail)])
    if not branches:
        return None
    out: set[str] = set()
    for branch in branches:
        found = _prefixes(branch)
        if found is None:
            return None
        out |= found
    return tuple(sorted(out))


def _may_match(pattern: re.Pattern[str], low: str) -> bool:
    words = _triggers(pattern)
    return words is None or any(w in low for w in words)


#: Concepts found in nearly every entry, looked for last.
_COMMON = frozenset({"self", "intent"})


def _spans(
    name: str,
    pattern: re.Pattern[str],
    norm: str,
    low: str,
    cache: dict[str, list[tuple[int, int]]],
) -> list[tuple[int, int]]:
    if name not in cache:
        cache[name] = (
            [m.span() for m in pattern.finditer(norm) if m.end() > m.start()]
            if _may_match(pattern, low)
            else []
        )
    return cache[name]


def _combos(
    norm: str, rules: Rules, sentence_ends: list[int], low: str | None = None
) -> list[tuple[int, int, Combo, list[int]]]:
    """Every combo whose concepts all appear close together in one sentence: (start, end,
    combo, the start of each concept's words)."""
    found: list[tuple[int, int, Combo, list[int]]] = []
    cache: dict[str, list[tuple[int, int]]] = {}
    low = norm.lower() if low is None else low
    for combo in rules.combos:
        # Look for the rarest concepts first: most text has "I" and "my" in every line, so
        # a combo is usually ruled out by its other concepts without scanning for the self.
        by_rarity = sorted(combo.concepts, key=lambda c: c[0] in _COMMON)
        if any(not _spans(name, pattern, norm, low, cache) for name, pattern in by_rarity):
            continue
        spans = [cache[name] for name, _ in combo.concepts]
        for a_start, a_end in spans[0]:
            sent = _boundary_before(sentence_ends, a_start)
            nxt = bisect_right(sentence_ends, a_start)
            sent_end = sentence_ends[nxt] if nxt < len(sentence_ends) else len(norm)
            chosen = [(a_start, a_end)]
            for options in spans[1:]:
                near = [sp for sp in options if sent <= sp[0] < sent_end]
                if not near:
                    break
                chosen.append(min(near, key=lambda sp: abs(sp[0] - a_start)))
            else:
                lo = min(sp[0] for sp in chosen)
                hi = max(sp[1] for sp in chosen)
                if hi - lo <= combo.within and not any(
                    # a few words either side count too: "I wish I could just ...",
                    # "... so I don't miss a dose"
                    u.search(norm, max(sent, lo - 20), min(sent_end, hi + 40))
                    for u in combo.unless
                ):
                    found.append((lo, hi, combo, [sp[0] for sp in chosen]))
                    break
    return found


@dataclass(frozen=True)
class Reading:
    """What the rules saw in a text, kept so the learned layer can be added to it."""

    text: str
    #: The text after normalisation (slang and misspellings replaced), lower-cased.
    low: str
    #: For each character of ``low``, the offset in ``text`` it came from.
    where: list[int]
    sentence_ends: list[int]
    clause_ends: list[int]
    idiom_spans: list[tuple[int, int, Idiom]]
    assessment: Assessment


def normalised(text: str, rules: Rules) -> str:
    """``text`` as both layers read it: one kind of apostrophe, slang and misspelt key words
    replaced by what they stand for, lower case (what ``scripts/risk-train`` trains on)."""
    return _canonical(text.translate(_APOSTROPHES), rules)[0].lower()


def assess(text: str, rules: Rules, model: Model | None = None) -> Assessment:
    """The level of risk ``text`` suggests and the phrases behind it. Never raises.

    With ``model`` the learned layer is read beside the rules (``with_model``)."""
    if not isinstance(text, str) or not text.strip():
        return Assessment(Level.NONE)
    reading = read(text, rules)
    if model is None:
        return reading.assessment
    return with_model(reading, rules, model, score_reading(reading, model))


def evidence(assessment: Assessment) -> tuple[str, ...]:
    """What the rules found, as the learned layer reads it beside the words (for a model
    trained with ``evidence``): each finding's rule and level after adjustment, and the
    overall level."""
    return (
        *(f"r:{f.rule_id}:{f.level.value}" for f in assessment.findings if f.rule_id != MODEL_ID),
        f"level:{assessment.level.value}",
    )


def score_reading(reading: Reading, model: Model) -> Scored:
    """The learned layer's two probabilities for a text the rules have read."""
    if model.windows:
        return score_windows(reading.low, reading.sentence_ends, model)
    seen = evidence(reading.assessment) if model.evidence else ()
    return score(reading.low, model, None, seen)


def read(text: str, rules: Rules) -> Reading:
    """The rules' assessment of ``text``, and what the learned layer needs beside it."""
    norm, where = _canonical(text.translate(_APOSTROPHES), rules)
    raw: list[tuple[int, int, Rule | Combo, list[int]]] = []
    low = norm.lower()
    for phrase_rule in rules.rules:
        if not _may_match(phrase_rule.pattern, low):
            continue  # none of the words it starts with is in the text
        for m in phrase_rule.pattern.finditer(norm):
            if m.end() > m.start():
                raw.append((m.start(), m.end(), phrase_rule, [m.start()]))
    sentence_ends = [m.end() for m in _SENTENCE_END.finditer(norm)]
    raw.extend(_combos(norm, rules, sentence_ends, low))
    # A match inside a longer one of the same or a higher level ("suicide" inside
    # "suicide plan") adds nothing; an urgent match inside a concern one still counts.
    # A combo overlapping a phrase of the same or a higher level adds nothing either.
    raw.sort(key=lambda r: (-r[2].level.rank, isinstance(r[2], Combo), -(r[1] - r[0]), r[0]))
    kept: list[tuple[int, int, Rule | Combo, list[int]]] = []
    for start, end, rule, heads in raw:
        if any(s <= start and end <= e and isinstance(r, Rule) for s, e, r, _ in kept):
            continue
        if isinstance(rule, Combo) and any(
            s < end and start < e and r.level >= rule.level for s, e, r, _ in kept
        ):
            continue
        kept.append((start, end, rule, heads))
    kept.sort(key=lambda r: (r[0], r[1]))
    idiom_spans = [
        (m.start(), m.end(), idiom) for idiom in rules.idioms for m in idiom.pattern.finditer(norm)
    ]
    clause_ends = [m.end() for m in _CLAUSE_END.finditer(norm)]
    if len(low) != len(norm):  # a rare character whose lower case is longer ("İ")
        low = norm
    findings: list[Finding] = []
    for start, end, rule, heads in kept:
        level, adjusted = rule.level, None
        idiom = next((i for s, e, i in idiom_spans if s < end and start < e), None)
        sentence_start = _boundary_before(sentence_ends, start)
        negated = None
        if rule.negatable:
            for head in heads:
                negated = _negation(rules, norm, _boundary_before(clause_ends, head), head)
                if negated:
                    break
            if negated is None:
                negated = _answered_no(rules, norm, end)
        if idiom is not None:
            level, adjusted = Level.NONE, f"idiom: {idiom.id}"
        elif negated is not None:
            level, adjusted = Level.NONE, f"negation: {negated}"
        elif (past := _resolved(rules, norm, sentence_start, start)) is not None and (
            past[1] or level is Level.URGENT
        ):
            cue, over = past
            if over:
                level, adjusted = Level.NONE, f"past: {cue}"
            else:
                level, adjusted = level.lowered(), f"earlier: {cue}"
        elif (
            rule.reported_lowers
            and (said := _reported(rules, norm, sentence_start, start)) is not None
        ):
            level, adjusted = level.lowered(), f"reported: {said}"
        o_start, o_end = where[start], where[end - 1] + 1
        findings.append(
            Finding(
                rule_id=rule.id,
                level=level,
                phrase=" ".join(text[o_start:o_end].split()),
                reason=rule.reason,
                start=o_start,
                end=o_end,
                adjusted=adjusted,
            )
        )
    overall = max((f.level for f in findings), default=Level.NONE)
    return Reading(
        text,
        low,
        where,
        sentence_ends,
        clause_ends,
        idiom_spans,
        Assessment(overall, tuple(findings)),
    )


# --------------------------------------------------------------------------- the learned layer

#: The rule id a learned-model finding carries (in a safety flag too: never the words).
MODEL_ID = "learned-model"


#: How a rule finding the model cleared shows it (``Finding.adjusted`` starts with it).
CLEARED = "learned model sure it is safe"


def _clearable(f: Finding, urgent_too: bool = False) -> bool:
    return (
        (f.level is Level.CONCERN or (urgent_too and f.level is Level.URGENT))
        and f.adjusted is None
        and f.rule_id != MODEL_ID
    )


def model_level(scored: Scored, model: Model) -> Level:
    """What the learned layer alone reads, from its two probabilities and thresholds."""
    if scored.p_urgent >= model.urgent_threshold:
        return Level.URGENT
    if scored.p_any >= model.any_threshold:
        return Level.CONCERN
    return Level.NONE


def with_model(reading: Reading, rules: Rules, model: Model, scored: Scored) -> Assessment:
    """The rules' assessment with the learned layer beside it.

    Every rule finding is kept. When the model's any-risk probability is below its
    clearing threshold (and it reads no risk itself), a rule's own concern that no other
    adjustment touched reads as none, with ``CLEARED`` as the reason; an urgent never.
    Otherwise the model can only *raise* the level (none -> concern, none or concern ->
    urgent), as one more finding that names the words that weighed most. The rules'
    adjustments apply to it as to a phrase, read at the sentence holding its heaviest
    words (or, with sentence windows, the sentence or two that read riskiest): a rule
    finding on that sentence cleared or lowered for a reason (negation, the past,
    reported speech, an everyday expression) clears or lowers the model's finding the
    same way, and so do the engine's own negation, past, reported and idiom checks at
    those words.
    """
    base = reading.assessment
    urgent_too = scored.p_any < model.clear_urgent_threshold
    if (
        scored.p_any < model.clear_threshold
        and model_level(scored, model) is Level.NONE
        and any(_clearable(f, urgent_too) for f in base.findings)
    ):
        # The model is very sure this is safe: a rule's own concern reads as none, saying
        # so; an urgent only below the lower ``clear_urgent_threshold``. Never a finding
        # already adjusted for another reason.
        why = f"{CLEARED}: p={scored.p_any:.2f} that this is risk"
        findings = tuple(
            replace(f, level=Level.NONE, adjusted=why) if _clearable(f, urgent_too) else f
            for f in base.findings
        )
        base = Assessment(max((f.level for f in findings), default=Level.NONE), findings)
    level = model_level(scored, model)
    if level <= base.level:
        return base
    p = scored.p_urgent if level is Level.URGENT else scored.p_any
    low, where = reading.low, reading.where
    window = scored.urgent_at if level is Level.URGENT else scored.any_at
    if window is None:
        heaviest = top(low, model, urgent=level is Level.URGENT)
    else:  # the sentence (or two) that read riskiest: its words, at their offsets
        lo, hi = window
        heaviest = [
            (t, c, at + lo) for t, c, at in top(low[lo:hi], model, urgent=level is Level.URGENT)
        ]
    if not heaviest:
        # No word pushed toward risk: what the model read was the rules' own findings
        # (``evidence``), so its finding sits where the strongest of them is, named by id.
        strongest = max(base.findings, key=lambda f: f.level.rank, default=None)
        if strongest is None:
            return base
        at = bisect_left(where, strongest.start)
        heaviest = [(f"the rules' {strongest.rule_id}", 0.0, min(at, max(len(low) - 1, 0)))]
    anchor = heaviest[0][2]
    if window is None:
        sent = _boundary_before(reading.sentence_ends, anchor)
        nxt = bisect_right(reading.sentence_ends, anchor)
        sent_end = reading.sentence_ends[nxt] if nxt < len(reading.sentence_ends) else len(low)
    else:
        sent, sent_end = window
    o_start, o_end = where[sent], where[max(sent, sent_end - 1)] + 1
    heavy = [(at, at + len(t)) for t, _, at in heaviest[:3] if sent <= at < sent_end]
    found, adjusted = level, None
    cleared = next(
        (
            f
            for f in base.findings
            if f.adjusted and o_start <= f.start < o_end  # every adjustment lowers
        ),
        None,
    )
    idiom = next((i for s, e, i in reading.idiom_spans for a, b in heavy if s < b and a < e), None)
    negated = next(
        (
            cue
            for a, _ in heavy
            if (cue := _negation(rules, low, _boundary_before(reading.clause_ends, a), a))
        ),
        None,
    )
    if not model.checks:
        pass  # the model read the rules' adjusted findings itself (``evidence``)
    elif cleared is not None and cleared.level is Level.NONE:
        found, adjusted = Level.NONE, cleared.adjusted
    elif idiom is not None:
        found, adjusted = Level.NONE, f"idiom: {idiom.id}"
    elif negated is not None:
        found, adjusted = Level.NONE, f"negation: {negated}"
    elif cleared is not None:
        found, adjusted = level.lowered(), cleared.adjusted
    elif (past := _resolved(rules, low, sent, anchor)) is not None and (
        past[1] or level is Level.URGENT
    ):
        cue, over = past
        found, adjusted = (
            (Level.NONE, f"past: {cue}") if over else (level.lowered(), f"earlier: {cue}")
        )
    elif (said := _reported(rules, low, sent, anchor)) is not None:
        found, adjusted = level.lowered(), f"reported: {said}"
    phrase = " ".join(reading.text[o_start:o_end].split())
    if len(phrase) > 120:
        phrase = phrase[:117].rstrip() + "…"
    reason = model.reason.format(
        n=f"{model.trained_on:,}",
        level=level.value,
        p=f"{p:.2f}",
        features=", ".join(f"'{t}'" for t, _, _ in heaviest[:5]),
    )
    finding = Finding(MODEL_ID, found, phrase, reason, o_start, o_end, adjusted)
    return Assessment(max(base.level, found), (*base.findings, finding))
