"""The learned layer beside the risk rules: two logistic regressions over hashed n-grams.

Plain Python, no I/O and no heavy imports, so it costs nothing on the CLI start-up path and
is scored in about a millisecond. ``scripts/risk-train`` fits the weights on the blind
training and development sets and writes ``midweek/data/risk_model.json``; docs/RISK.md
says what it was trained on and how well it does under cross-validation.

Features are read from the text *after* the rules' normalisation (lower case, one kind of
apostrophe, slang and misspelt key words replaced — ``risk.normalised``): every word,
every pair of neighbouring words, and the character 3-, 4- and 5-grams of each word with a
space either side (so "unalive", "od'd" and half-known words still share pieces with what
the model has seen). Each feature is hashed (CRC-32, stable across runs and machines, unlike
``hash``) into ``2 ** bits`` buckets, counted once, and scaled by ``1 / sqrt(max(n, floor))``
for ``n`` features so long entries are not louder than short ones, nor a short one's few
words each louder than anything the model was trained on.

Two models share the features: ``any`` (concern or urgent against none) and ``urgent``
(urgent against the rest). Each finding's explanation names the words and word pairs that
pushed its probability up most — a word's weight is its own plus its character n-grams'.
"""

from __future__ import annotations

import math
import re
import zlib
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from midweek.domain.errors import ValidationError
from midweek.i18n import _

__all__ = [
    "Model",
    "Scored",
    "Weights",
    "buckets",
    "evidence_buckets",
    "featurise",
    "parse_model",
    "score",
    "score_windows",
    "top",
]

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_NGRAMS = (3, 4, 5)


@dataclass(frozen=True)
class Weights:
    """One logistic regression: ``p = sigmoid(bias + sum(w[b] * x[b]))``."""

    bias: float
    w: Mapping[int, float]


@dataclass(frozen=True)
class Model:
    bits: int
    any: Weights
    urgent: Weights
    #: Probability at or above which the model reads a text as risky / urgent; chosen on
    #: held-out folds of the training data by ``scripts/risk-train``.
    any_threshold: float
    urgent_threshold: float
    #: How many blind-written lines it was trained on (shown in every explanation).
    trained_on: int
    #: The explanation, with ``{n}``, ``{level}``, ``{p}`` and ``{features}`` filled in.
    reason: str
    #: Features are scaled by ``1 / sqrt(max(n, floor))`` for ``n`` features: a short text
    #: has few features, each of which would otherwise count loud ("Sunday evening, reading
    #: a work email." read as urgent from 'sunday'); the model is trained with the same floor.
    floor: int = 0
    #: Sentence windows (``score_windows``): a window's features are scaled as if it had
    #: at least ``window_floor`` of them, and with ``window_whole`` the whole text is
    #: read as one more window.
    window_floor: int = 0
    window_whole: bool = True
    #: Read by sentence windows at all (``score_windows``)? Off in the shipped model: under
    #: cross-validation it found no more than it added in false alarms (docs/RISK.md).
    windows: bool = False
    #: A rule's concern (never an urgent) reads as none when the model's any-risk
    #: probability is below this (0: never); chosen by cross-validation as the highest
    #: that lost no held-out recall.
    clear_threshold: float = 0.0
    #: The same for a rule's urgent, lower still (0: never): only when the model, having
    #: read the rules' findings too (``evidence``), is surer still that the text is safe.
    clear_urgent_threshold: float = 0.0
    #: Read the rules' findings as features beside the words (``evidence_buckets``), so the
    #: model learns how far each rule is to be trusted on new authors' text.
    evidence: bool = False
    #: Apply the engine's own checks (negation, idiom, the past, reported speech) at the
    #: model's heaviest words. A model trained with ``evidence`` reads the rules' adjusted
    #: findings itself, and under cross-validation the checks cost it recall (docs/RISK.md).
    checks: bool = True
    #: Each word's buckets once worked out (bounded), so a word is hashed once per process.
    cache: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False, repr=False)
    #: Both models' weights by bucket, for one look-up per feature when scoring.
    both: dict[int, tuple[float, float]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.both:
            for b in self.any.w.keys() | self.urgent.w.keys():
                self.both[b] = (self.any.w.get(b, 0.0), self.urgent.w.get(b, 0.0))


@dataclass(frozen=True)
class Scored:
    """A text's two probabilities (``top`` says which words gave them)."""

    p_any: float
    p_urgent: float
    #: Where in the normalised text each probability was read (``score_windows``): the
    #: sentence, or two neighbouring sentences, that read riskiest; None for the whole text.
    any_at: tuple[int, int] | None = None
    urgent_at: tuple[int, int] | None = None


def _bucket(feature: str, mask: int) -> int:
    return zlib.crc32(feature.encode("utf-8")) & mask


def _word_buckets(word: str, mask: int, cache: dict[str, tuple[int, ...]]) -> tuple[int, ...]:
    """The buckets of a word: itself and its character n-grams (cached: words repeat)."""
    got = cache.get(word)
    if got is not None:
        return got
    padded = f" {word} "
    out = [_bucket("w:" + word, mask)]
    for n in _NGRAMS:
        out.extend(_bucket("c:" + padded[i : i + n], mask) for i in range(len(padded) - n + 1))
    got = tuple(out)
    if len(cache) < 20000:
        cache[word] = got
    return got


#: (normalised text) -> for each bucket, the feature text and offset that first set it.
Features = dict[int, tuple[str, int]]


def featurise(norm: str, bits: int, cache: dict[str, tuple[int, ...]] | None = None) -> Features:
    """Every feature bucket present in ``norm`` (already lower-cased by ``normalised``), with
    the word or word pair it came from (for the explanation) and where that starts."""
    mask = (1 << bits) - 1
    cache = {} if cache is None else cache
    out: Features = {}
    prev: tuple[str, int] | None = None
    for m in _TOKEN.finditer(norm):
        word, at = m.group(0), m.start()
        for b in _word_buckets(word, mask, cache):
            if b not in out:
                out[b] = (word, at)
        if prev is not None:
            pair = f"{prev[0]} {word}"
            b = _bucket("b:" + pair, mask)
            if b not in out:
                out[b] = (pair, prev[1])
        prev = (word, at)
    return out


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def buckets(norm: str, bits: int, cache: dict[str, tuple[int, ...]] | None = None) -> set[int]:
    """The same buckets as ``featurise``, without where each came from: the quick path that
    every checked text takes (sets are filled in C, and each distinct word once)."""
    mask = (1 << bits) - 1
    cache = {} if cache is None else cache
    words = _TOKEN.findall(norm)
    out: set[int] = set()
    for word in set(words):
        out.update(_word_buckets(word, mask, cache))
    out.update(_bucket(f"b:{a} {b}", mask) for a, b in pairwise(words))
    return out


def evidence_buckets(evidence: Sequence[str], bits: int) -> set[int]:
    """The buckets of what the rules found (``risk.evidence``: "r:<rule>:<level>" for each
    finding, "level:<level>" for the whole), in the same space as the words'."""
    mask = (1 << bits) - 1
    return {_bucket("x:" + e, mask) for e in evidence}


def score(
    norm: str,
    model: Model,
    cache: dict[str, tuple[int, ...]] | None = None,
    evidence: Sequence[str] = (),
) -> Scored:
    """Both probabilities for a normalised text (and, for a model trained with them, the
    rules' findings as ``evidence``)."""
    feats = buckets(norm, model.bits, model.cache if cache is None else cache)
    if evidence:
        feats |= evidence_buckets(evidence, model.bits)
    if not feats:
        return Scored(_sigmoid(model.any.bias), _sigmoid(model.urgent.bias))
    z_any = z_urg = 0.0
    both = model.both
    for b in feats:
        w = both.get(b)
        if w is not None:
            z_any += w[0]
            z_urg += w[1]
    scale = 1.0 / math.sqrt(max(len(feats), model.floor))
    return Scored(
        _sigmoid(model.any.bias + z_any * scale), _sigmoid(model.urgent.bias + z_urg * scale)
    )


def score_windows(
    norm: str,
    sentence_ends: Sequence[int],
    model: Model,
    cache: dict[str, tuple[int, ...]] | None = None,
    *,
    floor: int | None = None,
    whole: bool | None = None,
) -> Scored:
    """Both probabilities, each the highest over every sentence and every pair of
    neighbouring sentences of ``norm`` (``sentence_ends``: where each sentence ends), with
    where it was read. A plan split over two sentences is read together, and risk in one
    sentence of a long entry is not diluted by the rest of it. One sentence: ``score``.

    Each sentence's features are summed once; a pair's are the two sums less what the two
    sentences share (a set intersection, done in C), plus the word pair across them.
    """
    cache = model.cache if cache is None else cache
    mask = (1 << model.bits) - 1
    # Words by sentence, with each sentence's span in ``norm``.
    groups: list[list[str]] = []
    spans: list[tuple[int, int]] = []
    index = -1
    for m in _TOKEN.finditer(norm):
        k = bisect_right(sentence_ends, m.start())
        if k != index:
            index = k
            groups.append([])
            lo = sentence_ends[k - 1] if k > 0 else 0
            hi = sentence_ends[k] if k < len(sentence_ends) else len(norm)
            spans.append((lo, hi))
        groups[-1].append(m.group(0))
    if len(groups) <= 1:
        return score(norm, model, cache)
    floor = model.window_floor if floor is None else floor
    whole = model.window_whole if whole is None else whole
    both = model.both
    sets: list[set[int]] = []
    sums: list[tuple[float, float]] = []
    for words in groups:
        feats: set[int] = set()
        for word in set(words):
            feats.update(_word_buckets(word, mask, cache))
        feats.update(_bucket(f"b:{a} {b}", mask) for a, b in pairwise(words))
        za = zu = 0.0
        for b in feats:
            w = both.get(b)
            if w is not None:
                za += w[0]
                zu += w[1]
        sets.append(feats)
        sums.append((za, zu))
    windows: list[tuple[float, float, int, tuple[int, int]]] = [
        (za, zu, len(f), sp) for (za, zu), f, sp in zip(sums, sets, spans, strict=True)
    ]
    for i in range(len(groups) - 1):
        za, zu = sums[i][0] + sums[i + 1][0], sums[i][1] + sums[i + 1][1]
        shared = sets[i] & sets[i + 1]
        for b in shared:
            w = both.get(b)
            if w is not None:
                za -= w[0]
                zu -= w[1]
        n = len(sets[i]) + len(sets[i + 1]) - len(shared)
        cross = _bucket(f"b:{groups[i][-1]} {groups[i + 1][0]}", mask)
        if cross not in sets[i] and cross not in sets[i + 1]:
            n += 1
            w = both.get(cross)
            if w is not None:
                za += w[0]
                zu += w[1]
        windows.append((za, zu, n, (spans[i][0], spans[i + 1][1])))
    best_any = best_urg = -1.0
    any_at: tuple[int, int] | None = spans[0]
    urg_at: tuple[int, int] | None = spans[0]
    if whole:  # the whole text is one more window (None: it is where the reading was)
        at_all = score(norm, model, cache)
        best_any, best_urg, any_at, urg_at = at_all.p_any, at_all.p_urgent, None, None
    for za, zu, n, sp in windows:
        # A short sentence has few features, each counted louder; ``floor`` damps that.
        scale = 1.0 / math.sqrt(max(n, floor))
        pa = _sigmoid(model.any.bias + za * scale)
        pu = _sigmoid(model.urgent.bias + zu * scale)
        if pa > best_any:
            best_any, any_at = pa, sp
        if pu > best_urg:
            best_urg, urg_at = pu, sp
    return Scored(best_any, best_urg, any_at, urg_at)


def top(norm: str, model: Model, *, urgent: bool, n: int = 8) -> list[tuple[str, float, int]]:
    """What weighed most toward a reading: (word or word pair, its contribution, the offset
    of its first word in ``norm``), largest first. A word's contribution is its own weight
    plus its character n-grams' (each bucket counted once, for the word that set it first).
    """
    feats = featurise(norm, model.bits, model.cache)
    w = model.urgent.w if urgent else model.any.w
    scale = 1.0 / math.sqrt(max(len(feats), model.floor)) if feats else 0.0
    by_text: dict[tuple[str, int], float] = {}
    for b, where in feats.items():
        wb = w.get(b)
        if wb is not None:
            by_text[where] = by_text.get(where, 0.0) + wb * scale
    ranked = sorted(
        ((t, c, at) for (t, at), c in by_text.items() if c > 0), key=lambda x: (-x[1], x[2])
    )
    return ranked[:n]


# --------------------------------------------------------------------------- the data file


def _fail(problem: str) -> ValidationError:
    return ValidationError(
        _("The risk model file is not usable: {problem}.").format(problem=problem)
    )


def _weights(data: object, where: str, size: int, scale: int) -> Weights:
    """One model as the file packs it: the bias and weights in whole ``1 / scale`` steps,
    and the buckets in order as gaps from the one before (small numbers, a small file)."""
    if not isinstance(data, Mapping):
        raise _fail(f"{where} is not a table")
    bias, gaps, weights = data.get("bias"), data.get("gaps"), data.get("weights")
    if (
        not isinstance(bias, int)
        or not isinstance(gaps, list)
        or not isinstance(weights, list)
        or len(gaps) != len(weights)
    ):
        raise _fail(f"{where} needs a whole-number bias and lists of gaps and weights alike long")
    w: dict[int, float] = {}
    bucket = 0
    for gap, weight in zip(gaps, weights, strict=True):
        if not isinstance(gap, int) or not isinstance(weight, int) or gap < 0:
            raise _fail(f"{where} has a gap or weight that is not a whole number")
        bucket += gap
        w[bucket] = weight / scale
    if bucket >= size:
        raise _fail(f"{where} has a bucket past 2 ** bits")
    return Weights(bias / scale, w)


def parse_model(data: Mapping[str, object]) -> Model:
    """A model from the parsed JSON file, checked: a bad file is one clear sentence."""
    bits = data.get("bits")
    if not isinstance(bits, int) or not 8 <= bits <= 24:
        raise _fail("bits must be a whole number from 8 to 24")
    thresholds = data.get("thresholds")
    if not isinstance(thresholds, Mapping) or not all(
        isinstance(thresholds.get(k), int | float) and 0 < thresholds[k] < 1
        for k in ("any", "urgent")
    ):
        raise _fail("thresholds needs any and urgent, each between 0 and 1")
    trained_on, reason = data.get("trained_on"), data.get("reason")
    if not isinstance(trained_on, int) or trained_on < 1:
        raise _fail("trained_on must be a positive whole number")
    if not isinstance(reason, str) or "{features}" not in reason:
        raise _fail("reason must be text with {features} in it")
    models = data.get("models")
    if not isinstance(models, Mapping):
        raise _fail("models must be a table with any and urgent")
    scale = data.get("scale")
    if not isinstance(scale, int) or scale < 1:
        raise _fail("scale must be a positive whole number")
    clear = thresholds.get("clear", 0.0)
    if not isinstance(clear, int | float) or not 0 <= clear <= thresholds["any"]:
        raise _fail("thresholds.clear must be from 0 to thresholds.any")
    clear_urgent = thresholds.get("clear_urgent", 0.0)
    if not isinstance(clear_urgent, int | float) or not 0 <= clear_urgent <= clear:
        raise _fail("thresholds.clear_urgent must be from 0 to thresholds.clear")
    evidence, checks = data.get("evidence", False), data.get("checks", True)
    if not isinstance(evidence, bool) or not isinstance(checks, bool):
        raise _fail("evidence and checks must be true or false")
    floor = data.get("floor", 0)
    if not isinstance(floor, int) or isinstance(floor, bool) or not 0 <= floor <= 100_000:
        raise _fail("floor must be a whole number from 0 to 100000")
    windows = data.get("windows", {})
    if not isinstance(windows, Mapping) or not all(
        isinstance(windows.get(k, 0), int) and windows.get(k, 0) >= 0 for k in ("floor",)
    ):
        raise _fail("windows must be a table with a whole-number floor")
    if windows.get("on", False) is not False and windows.get("on") is not True:
        raise _fail("windows.on must be true or false")
    if windows.get("on", False) and evidence:
        # Windows are scored from words alone: a model trained on the rules' findings as
        # well would be read without them, and its weights would not mean what they did.
        raise _fail(
            "windows and evidence are both on, but sentence windows are read without the "
            "rules' findings the model was trained with; turn one of them off"
        )
    size = 1 << bits
    return Model(
        bits=bits,
        any=_weights(models.get("any"), "models.any", size, scale),
        urgent=_weights(models.get("urgent"), "models.urgent", size, scale),
        any_threshold=float(thresholds["any"]),
        urgent_threshold=float(thresholds["urgent"]),
        trained_on=trained_on,
        reason=reason,
        floor=floor,
        window_floor=int(windows.get("floor", 0)),
        windows=bool(windows.get("on", False)),
        clear_threshold=float(clear),
        clear_urgent_threshold=float(clear_urgent),
        evidence=evidence,
        checks=checks,
    )
