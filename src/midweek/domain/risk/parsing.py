"""Reading the rules from plain data, each pattern and example checked as it is read."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence

from midweek.domain.errors import ValidationError
from midweek.domain.risk.findings import (
    Level,
)
from midweek.domain.risk.lexicon import (
    Combo,
    Idiom,
    Rule,
    Rules,
)
from midweek.domain.risk.reading import (
    _APOSTROPHES,
    _SENTENCE_END,
    _canonical,
    _combos,
)
from midweek.i18n import _

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
