"""The learned layer beside the risk rules (docs/RISK.md, "The learned layer").

Two kinds of test: the shipped model file (it loads, is small, scores the same every time
and in every process, and explains each finding), and the way any model is combined with
the rules, shown with a tiny hand-made model so the answers do not move when the weights
are retrained: the model only raises, and the rules' adjustments apply to it.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zlib
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from test_risk import ISSUE_9  # the same sentences, read with the learned layer too

from midweek.domain.errors import ValidationError
from midweek.domain.risk import CLEARED, MODEL_ID, Level, Rules, assess, evidence, normalised
from midweek.domain.risk_model import (
    Model,
    Scored,
    Weights,
    buckets,
    evidence_buckets,
    featurise,
    parse_model,
    score,
    score_windows,
)
from midweek.resources import shipped
from midweek.services.risk import assess_text, risk_model, risk_rules

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def rules() -> Rules:
    return risk_rules()


# --------------------------------------------------------------------------- the shipped file


def test_the_shipped_model_loads_and_is_small() -> None:
    model = risk_model()
    assert model.trained_on == 4360  # the blind training and dev lines, never the test sets
    assert model.evidence and model.checks  # the rules' findings read, their checks applied
    assert model.floor == 150  # a short text's few features are damped, as in training
    assert model.clear_urgent_threshold > 0  # a combo's urgent may clear; a phrase's never
    assert 0 < model.any_threshold < 1 and 0 < model.urgent_threshold < 1
    assert model.any.w and model.urgent.w
    assert shipped("data", "risk_model.json").stat().st_size < 1_000_000


def test_scores_are_deterministic_across_processes(rules: Rules) -> None:
    text = "put the kettle on, fed the cat, wrote the note. sunday then."
    norm = normalised(text, rules)
    first = score(norm, risk_model())
    assert score(norm, risk_model(), {}) == first  # a cold word cache gives the same
    code = (
        "from midweek.domain.risk import normalised\n"
        "from midweek.domain.risk_model import score\n"
        "from midweek.services.risk import risk_model, risk_rules\n"
        f"s = score(normalised({text!r}, risk_rules()), risk_model())\n"
        "print(repr((s.p_any, s.p_urgent)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT / "src"), "PYTHONHASHSEED": "123"},
    ).stdout
    assert out.strip() == repr((first.p_any, first.p_urgent))


def test_features_are_hashed_with_crc32_not_hash() -> None:
    feats = featurise("wrote the note", 18)
    mask = (1 << 18) - 1
    assert feats[zlib.crc32(b"w:note") & mask] == ("note", 10)
    assert feats[zlib.crc32(b"b:wrote the") & mask] == ("wrote the", 0)
    assert feats[zlib.crc32(b"c: no") & mask][0] == "note"


@pytest.mark.parametrize(
    "text", ["", "wrote the note", "a b a b the the the", "kill myself?? tonight... ok ok" * 20]
)
def test_the_quick_path_reads_the_same_features(rules: Rules, text: str) -> None:
    norm = normalised(text, rules) if text else ""
    assert buckets(norm, 18) == set(featurise(norm, 18))


def test_a_model_finding_explains_itself() -> None:
    # Plain words the rules have no phrase or combo for (written for this test, in none of
    # the sets); the model reads them as risk.
    text = "everything is packed away and the letters are written. sunday is the day."
    a = assess_text(text)
    (f,) = [f for f in a.findings if f.rule_id == MODEL_ID]
    assert a.level is not Level.NONE and f.level is a.level
    n = f"{risk_model().trained_on:,}"
    assert f.reason.startswith(f"a learned model (trained on {n} blind lines) read this as ")
    assert ", p=0." in f.reason and "most from: '" in f.reason
    assert text[f.start : f.end] == f.phrase


@pytest.mark.parametrize(("text", "expected"), ISSUE_9)
def test_issue_9_sentences_with_the_model_beside_the_rules(text: str, expected: Level) -> None:
    a = assess_text(text)
    assert a.level is expected, a.findings
    for f in a.findings:
        assert f.reason and f.phrase
        assert f.level is not Level.NONE or f.adjusted


def test_the_model_is_used_only_where_text_is_checked() -> None:
    # Loading is lazy, like the rules: importing the services does not read the file.
    code = (
        "import sys, midweek.services.risk as r\n"
        "assert r.risk_model.cache_info().currsize == 0\n"
        "r.assess_text('')\n"
        "assert r.risk_model.cache_info().currsize == 0\n"
        "r.assess_text('a long day')\n"
        "assert r.risk_model.cache_info().currsize == 1\n"
        "assert 'numpy' not in sys.modules and 'sklearn' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env={"PYTHONPATH": str(ROOT / "src")})


# --------------------------------------------------------------------------- how it combines


def _toy(*words: str, urgent: tuple[str, ...] = (), weight: float = 400.0) -> Model:
    """A model that reads only the given words (as whole words), strongly."""
    mask = (1 << 12) - 1

    def weights(ws: tuple[str, ...]) -> dict[int, float]:
        return {zlib.crc32(f"w:{w}".encode()) & mask: weight for w in ws}

    return Model(
        bits=12,
        any=Weights(-8.0, weights(words + urgent)),
        urgent=Weights(-8.0, weights(urgent)),
        any_threshold=0.5,
        urgent_threshold=0.5,
        trained_on=7,
        reason="a learned model (trained on {n} blind lines) read this as {level}, p={p}, "
        "most from: {features}",
    )


def test_the_model_raises_none_to_concern_and_says_why(rules: Rules) -> None:
    a = assess("Fed the cat and found the teapot.", rules, _toy("teapot"))
    assert a.level is Level.CONCERN
    (f,) = a.findings
    assert (f.rule_id, f.level, f.adjusted) == (MODEL_ID, Level.CONCERN, None)
    assert f.phrase == "Fed the cat and found the teapot."
    assert f.reason.startswith("a learned model (trained on 7 blind lines) read this as concern")
    assert "most from: 'teapot'" in f.reason
    assert a.rule_ids == [MODEL_ID]


def test_the_model_raises_concern_to_urgent_and_keeps_the_rule_finding(rules: Rules) -> None:
    a = assess("I'm a burden to everyone. The teapot is ready.", rules, _toy(urgent=("teapot",)))
    assert a.level is Level.URGENT
    assert [f.rule_id for f in a.findings][-1] == MODEL_ID
    assert any(f.rule_id != MODEL_ID and f.level is Level.CONCERN for f in a.findings)


def test_the_model_never_lowers_a_rule_finding(rules: Rules) -> None:
    text = "I want to kill myself"
    assert assess(text, rules, _toy("teapot")) == assess(text, rules)
    # and below its thresholds it adds nothing at all
    assert assess("a quiet day with a teapot", rules, _toy()) == assess("a quiet day", rules)


@pytest.mark.parametrize(
    ("text", "level", "adjusted"),
    [
        # the rules cleared a finding on the same sentence: so is the model's
        ("I would never kill myself, the teapot is just a teapot.", Level.NONE, "negation: never"),
        # the engine's own checks at the model's heaviest words
        ("I have no teapot", Level.NONE, "negation: no"),
        ("In the film she packs the teapot", Level.NONE, "reported: in the film"),
        ("Years ago I had a teapot, not anymore", Level.NONE, "past: years ago … not anymore"),
    ],
)
def test_the_rules_adjustments_apply_to_the_model(
    rules: Rules, text: str, level: Level, adjusted: str
) -> None:
    a = assess(text, rules, _toy("teapot"))
    (f,) = [f for f in a.findings if f.rule_id == MODEL_ID]
    assert (f.level, f.adjusted) == (level, adjusted)
    assert a.level is Level.NONE


def test_an_urgent_reading_in_the_past_counts_one_step_lower(rules: Rules) -> None:
    a = assess("When I was 16 I bought a teapot", rules, _toy(urgent=("teapot",)))
    (f,) = a.findings
    assert (f.level, f.adjusted) == (Level.CONCERN, "earlier: when i was 16")


# --------------------------------------------------------------------------- clearing a concern


def test_a_rule_concern_reads_as_none_when_the_model_is_sure_it_is_safe(rules: Rules) -> None:
    text = "I'm a burden to everyone."
    assert assess(text, rules).level is Level.CONCERN
    sure = replace(_toy("teapot"), clear_threshold=0.1)  # p(any) is about 0.0003 here
    a = assess(text, rules, sure)
    assert a.level is Level.NONE
    (f,) = a.findings
    assert f.rule_id != MODEL_ID and f.level is Level.NONE
    assert f.adjusted is not None and f.adjusted.startswith(f"{CLEARED}: p=0.00")
    # not below the threshold: the concern stands
    assert assess(text, rules, replace(sure, clear_threshold=0.0001)).level is Level.CONCERN


def test_the_model_never_clears_an_urgent_or_an_adjusted_finding(rules: Rules) -> None:
    # (with no clear_urgent_threshold, as a model has unless its file sets one)
    sure = replace(_toy("teapot"), clear_threshold=0.5)
    assert assess("I want to kill myself", rules, sure) == assess("I want to kill myself", rules)
    # an urgent lowered to concern for a reason keeps that reason, and its concern
    text = "I tried to kill myself when I was 16"
    assert assess(text, rules, sure) == assess(text, rules)
    assert assess(text, rules).level is Level.CONCERN


def test_the_model_does_not_clear_when_it_reads_risk_itself(rules: Rules) -> None:
    # p(any) tiny but p(urgent) high: the model raises, it does not clear
    odd = replace(
        _toy(urgent=("teapot",)), any=Weights(-8.0, {}), clear_threshold=0.5, any_threshold=0.9
    )
    a = assess("I'm a burden to everyone. The teapot is ready.", rules, odd)
    assert a.level is Level.URGENT
    assert all(not (f.adjusted or "").startswith(CLEARED) for f in a.findings)


def test_a_combo_urgent_reads_as_none_only_below_the_lower_threshold(rules: Rules) -> None:
    text = "I've lined up the pills on my desk"  # a combo: the self, a means, preparation
    assert [f.rule_id for f in assess(text, rules).findings] == ["self-method-preparation"]
    sure = replace(_toy("teapot"), clear_threshold=0.5, clear_urgent_threshold=0.5)
    a = assess(text, rules, sure)
    assert a.level is Level.NONE
    assert all(f.adjusted and f.adjusted.startswith(CLEARED) for f in a.findings)
    # the concern threshold alone does not clear an urgent
    assert assess(text, rules, replace(sure, clear_urgent_threshold=0.0)).level is Level.URGENT


@pytest.mark.parametrize(
    "text", ["I want to kill myself", "I am planning to shoot myself", "I have a suicide plan"]
)
def test_an_explicit_phrase_is_never_cleared(rules: Rules, text: str) -> None:
    # However sure the model is, a rule's explicit phrase keeps its level (and its reading
    # of the text, with no "cleared" reason); a concern phrase beside it may still clear.
    sure = replace(_toy("teapot"), clear_threshold=0.5, clear_urgent_threshold=0.5)
    assert assess(text, rules, sure) == assess(text, rules)
    assert assess(text, rules).level is Level.URGENT
    both = assess(f"{text}. I'm a burden to everyone.", rules, sure)
    assert both.level is Level.URGENT
    assert [f.adjusted is not None for f in both.findings] == [False, True]


def test_the_shipped_model_clears_only_below_its_raising_threshold() -> None:
    model = risk_model()
    assert 0 <= model.clear_urgent_threshold <= model.clear_threshold <= model.any_threshold


# --------------------------------------------------------------------------- the rules as evidence


def test_a_model_with_evidence_reads_what_the_rules_found(rules: Rules) -> None:
    text = "I'm a burden to everyone."
    (rule_id,) = assess(text, rules).rule_ids
    mask = (1 << 12) - 1
    bucket = zlib.crc32(f"x:r:{rule_id}:concern".encode()) & mask
    toy = replace(_toy(), urgent=Weights(-8.0, {bucket: 400.0}), any=Weights(-8.0, {bucket: 400.0}))
    # Without evidence the model sees only the words, which it has no weight for.
    assert assess(text, rules, toy).level is Level.CONCERN
    a = assess(text, rules, replace(toy, evidence=True))
    assert a.level is Level.URGENT and a.findings[-1].rule_id == MODEL_ID
    assert buckets(normalised(text, rules), 12).isdisjoint({bucket})  # not a word feature


def test_without_checks_the_model_finding_stands_as_read(rules: Rules) -> None:
    # The engine's negation check at the model's heaviest word, on and off.
    assert assess("I have no teapot", rules, _toy("teapot")).level is Level.NONE
    a = assess("I have no teapot", rules, replace(_toy("teapot"), checks=False))
    (f,) = a.findings
    assert (f.rule_id, f.level, f.adjusted) == (MODEL_ID, Level.CONCERN, None)


# --------------------------------------------------------------------------- short texts


def test_a_floor_damps_a_short_text_and_leaves_a_long_one(rules: Rules) -> None:
    toy = replace(_toy(), any=Weights(-2.0, _toy("teapot", weight=12.0).any.w))
    short = "A teapot."
    long = (
        "A teapot on the table by the window, beside the kettle and a jug of milk for the "
        "tea we drink each morning."
    )
    n_short, n_long = (len(buckets(normalised(t, rules), 12)) for t in (short, long))
    assert n_short < 100 < n_long
    damped = replace(toy, floor=100)
    # few features: each counted as if there were 100, so the one risky word weighs less
    low = normalised(short, rules)
    assert score(low, damped).p_any < score(low, toy).p_any
    low = normalised(long, rules)
    assert score(low, damped) == score(low, toy)  # already more than 100 features
    assert assess(short, rules, toy).level is Level.CONCERN
    assert assess(short, rules, damped).level is Level.NONE


@pytest.mark.parametrize(
    "text",
    [
        # ordinary short lines the model before the floor read as urgent, each from one or
        # two words it saw mostly in plans ('sunday', 'written', 'going to')
        "Sunday evening, reading a work email.",
        "The first entry: a calm morning walk.",
        "I'm going to mess this up.",
        "Written on the train home.",
    ],
)
def test_the_shipped_model_does_not_read_a_short_ordinary_line_as_risk(text: str) -> None:
    assert assess_text(text).level is Level.NONE


def test_training_scales_features_with_the_same_floor(rules: Rules) -> None:
    # What a line is trained on is what scoring reads: every feature scaled by
    # 1 / sqrt(max(n, floor)), the rules' findings counted among the n.
    rt = _training_script()
    text = "I'm a burden to everyone."
    norm, seen = normalised(text, rules), tuple(evidence(assess(text, rules)))
    x = rt.featurised(norm, seen, 12, 400, {})
    n = len(buckets(norm, 12) | evidence_buckets(seen, 12))
    assert len(x) == n < 400 and set(x.values()) == {1 / 400**0.5}
    x0 = rt.featurised(norm, seen, 12, 0, {})
    assert set(x0) == set(x) and set(x0.values()) == {1 / n**0.5}


# --------------------------------------------------------------------------- sentence windows


def test_windows_of_one_sentence_score_as_the_whole_text(rules: Rules) -> None:
    model = risk_model()
    for text in ("i have been saving them up for sunday", "A quiet day, with tea"):
        low = normalised(text, rules)
        assert score_windows(low, [], model) == score(low, model)


def test_windows_read_two_sentences_together_and_say_where(rules: Rules) -> None:
    # each word alone is not enough (p about 0.3 in its sentence); both together are
    toy = replace(_toy(urgent=("teapot", "sunday"), weight=40.0), windows=True, window_whole=False)
    text = "Fed the cat. Bought a teapot. It is for sunday. Then lunch with mum and dad and all."
    low = normalised(text, rules)
    ends = [m.end() for m in re.finditer(r"[.!?\n]+", low)]
    sc = score_windows(low, ends, toy)
    assert sc.urgent_at is not None
    lo, hi = sc.urgent_at
    assert "teapot" in low[lo:hi] and "sunday" in low[lo:hi] and "cat" not in low[lo:hi]
    a = assess(text, rules, toy)
    (f,) = a.findings
    assert f.level is Level.URGENT and f.phrase == "Bought a teapot. It is for sunday."


def test_the_shipped_model_reads_whole_texts() -> None:
    # sentence windows did not improve the cross-validated figures (docs/RISK.md)
    assert risk_model().windows is False


def _file(**changes: Any) -> dict[str, Any]:
    data = json.loads(shipped("data", "risk_model.json").read_text(encoding="utf-8"))
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"bits": 40}, "bits"),
        ({"thresholds": {"any": 1.5, "urgent": 0.5}}, "thresholds"),
        ({"thresholds": {"any": 0.5, "urgent": 0.5, "clear": 0.6}}, "thresholds.clear"),
        (
            {"thresholds": {"any": 0.5, "urgent": 0.5, "clear": 0.2, "clear_urgent": 0.3}},
            "thresholds.clear_urgent",
        ),
        ({"evidence": "yes"}, "evidence"),
        ({"checks": 1}, "checks"),
        ({"windows": {"floor": -1}}, "windows"),
        ({"windows": {"on": "yes"}}, "windows.on"),
        # sentence windows are scored from words alone: a model trained on the rules'
        # findings cannot be read by them
        ({"evidence": True, "windows": {"on": True, "floor": 0}}, "windows and evidence"),
        ({"floor": -5}, "floor"),
        ({"floor": 2.5}, "floor"),
        ({"trained_on": 0}, "trained_on"),
        ({"reason": "no placeholder"}, "{features}"),
        ({"scale": 0}, "scale"),
        ({"models": {"any": {"bias": 0, "gaps": [1], "weights": ["x"]}}}, "models.any"),
        ({"models": {"any": {"bias": 0, "gaps": [1, 2], "weights": [3]}}}, "models.any"),
    ],
)
def test_a_bad_model_file_is_refused_with_a_sentence(
    changes: dict[str, Any], fragment: str
) -> None:
    with pytest.raises(ValidationError, match="risk model file is not usable") as err:
        parse_model(_file(**changes))
    assert fragment in str(err.value)


def _training_script() -> Any:
    import importlib.machinery
    import importlib.util

    loader = importlib.machinery.SourceFileLoader(
        "risk_train", str(ROOT / "scripts" / "risk-train")
    )
    spec = importlib.util.spec_from_loader("risk_train", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["risk_train"] = module  # dataclasses look their module up by name
    loader.exec_module(module)
    return module


def test_training_is_deterministic_for_a_seed(rules: Rules) -> None:
    # The whole run (scripts/risk-train) writes the same file byte for byte for a seed;
    # here the fitting itself on a few lines, quickly.
    rt = _training_script()
    texts = ["wrote the note tonight", "fed the cat", "i want to die", "lovely walk", "bye all"]
    xs = [{b: 0.3 for b in featurise(normalised(t, rules), 12)} for t in texts]
    ys = [1, 0, 1, 0, 1]
    first = rt.fit(xs, ys, epochs=3, l2=1e-3, lr=0.5, seed=9)
    assert rt.fit(xs, ys, epochs=3, l2=1e-3, lr=0.5, seed=9) == first
    assert rt.fit(xs, ys, epochs=3, l2=1e-3, lr=0.5, seed=10) != first
    packed = rt._packed(rt._quantised(first))
    model = parse_model(
        {
            "bits": 12,
            "scale": rt.SCALE,
            "trained_on": 5,
            "reason": rt.REASON,
            "thresholds": {"any": 0.5, "urgent": 0.5},
            "models": {"any": packed, "urgent": packed},
        }
    )
    assert model.any == rt._quantised(first)  # what the file keeps is what was trained


def test_the_clearing_threshold_is_the_highest_that_loses_no_recall() -> None:
    rt = _training_script()
    c, u, n = Level.CONCERN, Level.URGENT, Level.NONE
    # Each line's combined level if the model read none, concern, urgent, or cleared.
    outs = [(c, c, u, n), (c, c, u, n), (u, u, u, u)]
    items = [
        (rt.Line("X", n, "", None, {}), Scored(0.05, 0.0)),  # a rule false alarm, sure safe
        (rt.Line("X", c, "", None, {}), Scored(0.20, 0.0)),  # a real concern, less sure
        (rt.Line("X", u, "", None, {}), Scored(0.01, 0.0)),  # an urgent is never cleared
    ]
    assert rt.choose_clear(items, outs, 0.9, 0.9) == 0.20
    pairs = rt.combined(items, outs, 0.9, 0.9, 0.20)
    assert [found for _, found in pairs] == [n, c, u]


def test_the_urgent_clearing_threshold_keeps_both_recalls() -> None:
    rt = _training_script()
    u, n = Level.URGENT, Level.NONE
    # none, concern, urgent, a concern cleared, an urgent cleared too
    outs = [(u, u, u, u, n), (u, u, u, u, n)]
    items = [
        (rt.Line("X", n, "", None, {}), Scored(0.03, 0.0)),  # a rule's urgent false alarm
        (rt.Line("X", u, "", None, {}), Scored(0.10, 0.0)),  # a real urgent, less sure
    ]
    assert rt.choose_clear_urgent(items, outs, 0.9, 0.9, 0.5) == 0.10
    assert rt.choose_clear_urgent(items, outs, 0.9, 0.9, 0.05) == 0.05  # not above clear
    pairs = rt.combined(items, outs, 0.9, 0.9, 0.5, 0.10)
    assert [found for _, found in pairs] == [n, u]
