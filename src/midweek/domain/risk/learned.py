"""The learned layer beside the rules: their findings as its evidence, its level, its finding."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import replace

from midweek.domain.risk.findings import (
    Assessment,
    Finding,
    Level,
)
from midweek.domain.risk.lexicon import (
    Rules,
)
from midweek.domain.risk.reading import (
    Reading,
    _boundary_before,
    _negation,
    _reported,
    _resolved,
)
from midweek.domain.risk_model import Model, Scored, score, score_windows, top


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


# --------------------------------------------------------------------------- the learned layer

#: The rule id a learned-model finding carries (in a safety flag too: never the words).
MODEL_ID = "learned-model"


#: How a rule finding the model cleared shows it (``Finding.adjusted`` starts with it).
CLEARED = "learned model sure it is safe"


def explicit_ids(rules: Rules) -> frozenset[str]:
    """The rules whose match is an explicit statement: the urgent phrases ("kill myself",
    "suicide plan"). The learned layer never clears one; a combo or a concern phrase, which
    the rules support only weakly on their own, it may."""
    return frozenset(r.id for r in rules.rules if r.level is Level.URGENT)


def _clearable(f: Finding, urgent_too: bool = False, keep: frozenset[str] = frozenset()) -> bool:
    return (
        (f.level is Level.CONCERN or (urgent_too and f.level is Level.URGENT))
        and f.adjusted is None
        and f.rule_id != MODEL_ID
        and f.rule_id not in keep
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
    adjustment touched reads as none, with ``CLEARED`` as the reason, and a combo's urgent
    too below ``clear_urgent_threshold``; a rule's explicit phrase (``explicit_ids``) never.
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
    keep = explicit_ids(rules)
    if (
        scored.p_any < model.clear_threshold
        and model_level(scored, model) is Level.NONE
        and any(_clearable(f, urgent_too, keep) for f in base.findings)
    ):
        # The model is very sure this is safe: a rule's own concern reads as none, saying
        # so; an urgent only below the lower ``clear_urgent_threshold``. Never an explicit
        # phrase, nor a finding already adjusted for another reason.
        why = f"{CLEARED}: p={scored.p_any:.2f} that this is risk"
        findings = tuple(
            replace(f, level=Level.NONE, adjusted=why) if _clearable(f, urgent_too, keep) else f
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
