"""Reading a text as the rules do: words normalised, sentences and clauses, the checks
(negation, denial, the past, reported speech) and the phrases and combos found."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from midweek.domain.risk.findings import (
    Assessment,
    Finding,
    Level,
)
from midweek.domain.risk.lexicon import (
    Combo,
    Idiom,
    Rule,
    Rules,
)

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
        (m.start(), m.end(), idiom)
        for idiom in rules.idioms
        if _may_match(idiom.pattern, low)  # the same quick first look as for phrases
        for m in idiom.pattern.finditer(norm)
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
