"""The detector against the labelled set: floors on precision and recall (docs/RISK.md).

Missing risk is the costly error, so recall has the strictest floors. The floors sit a
little under what the detector reaches; if a change drops below one, look at the lines
``scripts/risk-eval`` lists before moving a floor.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from midweek.domain.risk import Level
from midweek.services.risk import Evaluation, LabelledLine, evaluate, parse_labelled

ROOT = Path(__file__).resolve().parents[2]
LABELLED = ROOT / "tests" / "data" / "risk_labelled.tsv"
CATEGORIES = {"explicit", "indirect", "negation", "idiom", "reported", "sad", "everyday"}


@cache
def _labelled_lines() -> list[LabelledLine]:
    return parse_labelled(LABELLED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def lines() -> list[LabelledLine]:
    return _labelled_lines()


@pytest.fixture(scope="module")
def ev(lines: list[LabelledLine]) -> Evaluation:
    return evaluate(lines)


def test_the_set_is_large_varied_and_without_repeats(lines: list[LabelledLine]) -> None:
    assert len(lines) >= 300
    assert {line.category for line in lines} == CATEGORIES
    assert {line.level for line in lines} == set(Level)
    per_category = Counter(line.category for line in lines)
    assert min(per_category.values()) >= 30, per_category
    texts = [line.text.casefold() for line in lines]
    assert len(set(texts)) == len(texts)


def test_any_risk_floors(ev: Evaluation) -> None:
    assert ev.any_recall >= 0.95
    # 0.95 for the rules alone; the learned layer (never trained on this set: it is
    # out-of-sample for the model) reads some of its sad-but-safe look-alikes as risk:
    # 0.833 with the thresholds cross-validation chose on 4,360 blind lines (docs/RISK.md).
    assert ev.any_precision >= 0.82
    assert evaluate(_labelled_lines(), model=False).any_precision >= 0.95


def test_urgent_floors(ev: Evaluation) -> None:
    assert ev.urgent_recall >= 0.93
    assert ev.urgent_precision >= 0.84  # 0.857 (0.93 for the rules alone), as above
    assert evaluate(_labelled_lines(), model=False).urgent_precision >= 0.93


def test_urgent_is_never_read_as_safe_by_much(ev: Evaluation) -> None:
    # Urgent lines the detector misses entirely: a handful of novel wordings at most.
    assert ev.confusion["urgent"]["none"] <= 4


# --------------------------------------------------------------------------- the blind sets

DEV = ROOT / "tests" / "data" / "risk_dev.tsv"
TEST = ROOT / "tests" / "data" / "risk_test.tsv"

TRAIN = ROOT / "tests" / "data" / "risk_train.tsv"

#: Floors on the development set, rules and learned layer together: the measured values
#: (scripts/risk-eval --set dev: 0.977 / 0.990 / 0.6 %) rounded down a little. The set is
#: in-sample twice over (the rules were tuned on it and the model trained on it), so these
#: guard against regressions, not a claim about new text: scripts/risk-train prints the
#: cross-validated figures (docs/RISK.md).
DEV_FLOORS = {"any_recall": 0.97, "urgent_recall": 0.98, "false_alarms_at_most": 0.025}
#: The rules alone on the dev set (0.855 / 0.820 / 1.7 %), so a rule cannot quietly get
#: worse behind the model.
DEV_RULES_FLOORS = {"any_recall": 0.84, "urgent_recall": 0.81, "false_alarms_at_most": 0.025}
#: The training set, rules and model (0.943 / 0.970 / 4.8 %; in-sample for the model, never
#: used to tune a rule).
TRAIN_FLOORS = {"any_recall": 0.92, "urgent_recall": 0.95, "false_alarms_at_most": 0.06}
#: The later training files, one author each (W1-W8: recall 0.919-0.948, urgent
#: 0.933-0.967, false alarms 0-4.7 %; in-sample for the model). Each was measured once on
#: arrival, before training on it (docs/RISK.md): W1 and W2 with the model trained on the
#: five earlier authors (0.743 / 0.667 / 8.7 % and 0.743 / 0.633 / 7.3 %), W3-W8 with the
#: model trained on 2,200 lines (together 0.802 / 0.783 / 9.7 %; the rules alone 0.356 /
#: 0.194 / 9.6 %).
TRAIN_W_FLOORS = {"any_recall": 0.90, "urgent_recall": 0.92, "false_alarms_at_most": 0.055}

#: Floors on the blind test sets, at their measurements, rounded a little toward failing.
#: They guard against regressions and say honestly how far the goal (0.95 / 0.90 / 5 %) is;
#: never tune a rule or train on a test line to raise them. ``test``: rules alone 0.564 /
#: 0.420 / 7.2 % when the rules were frozen; with the learned layer 0.827 / 0.750 / 7.8 %
#: (some of its misses were read when the rules were measured). ``test2``: written after
#: the learned layer was trained and never read: rules alone 0.459 / 0.400 / 6.7 %, with
#: the learned layer 0.727 / 0.750 / 6.7 %; with the model retrained on 2,200 lines and
#: clearing sure-safe concerns, measured once after it was frozen: 0.809 / 0.850 / 7.2 %.
#: With the model of 4,360 lines reading the rules' findings as evidence (read while
#: choosing between two designs, so no longer blind): test 0.927 / 0.940 / 10.6 %, test2
#: 0.868 / 0.910 / 9.4 %, test3 0.855 / 0.920 / 12.2 %. ``test4``: written before that model
#: was trained, committed unread, measured once after it was frozen: 0.918 / 0.910 / 6.1 %
#: (the model before it: 0.841 / 0.820 / 8.9 %; the rules alone 0.400 / 0.230 / 9.4 %). Round
#: five (short texts damped, rule fixes read on dev and test-test3), measured once with its
#: figures only, with the floor: test4 0.918 / 0.910 / 5.6 %; then as shipped (a combo's urgent
#: cleared too): test4 0.918 / 0.920 / 5.0 %, test 0.936 / 0.940 / 8.3 %, test2 0.864 / 0.910 /
#: 8.3 %, test3 0.850 / 0.920 / 10.6 %.
TEST_FLOORS = {"any_recall": 0.91, "urgent_recall": 0.92, "false_alarms_at_most": 0.11}
TEST2 = ROOT / "tests" / "data" / "risk_test2.tsv"
TEST2_FLOORS = {"any_recall": 0.85, "urgent_recall": 0.89, "false_alarms_at_most": 0.10}
TEST3 = ROOT / "tests" / "data" / "risk_test3.tsv"
TEST3_FLOORS = {"any_recall": 0.84, "urgent_recall": 0.90, "false_alarms_at_most": 0.13}
TEST4 = ROOT / "tests" / "data" / "risk_test4.tsv"
TEST4_FLOORS = {"any_recall": 0.90, "urgent_recall": 0.89, "false_alarms_at_most": 0.07}


def _holds(ev: Evaluation, floors: dict[str, float]) -> None:
    assert ev.any_recall >= floors["any_recall"], ev.misses
    assert ev.urgent_recall >= floors["urgent_recall"], ev.misses
    assert ev.false_alarms <= floors["false_alarms_at_most"], ev.misses


def test_dev_set_floors() -> None:
    lines = parse_labelled(DEV.read_text(encoding="utf-8"))
    assert len(lines) >= 200
    assert {line.level for line in lines} == set(Level)
    _holds(evaluate(lines), DEV_FLOORS)
    _holds(evaluate(lines, model=False), DEV_RULES_FLOORS)


def test_train_set_floors() -> None:
    lines = parse_labelled(TRAIN.read_text(encoding="utf-8"))
    assert len(lines) == 1080
    _holds(evaluate(lines), TRAIN_FLOORS)


@pytest.mark.parametrize("name", [f"risk_train_w{n}.tsv" for n in range(1, 9)])
def test_later_training_files_floors(name: str) -> None:
    lines = parse_labelled((ROOT / "tests" / "data" / name).read_text(encoding="utf-8"))
    assert len(lines) == 360
    assert {line.level for line in lines} == set(Level)
    _holds(evaluate(lines), TRAIN_W_FLOORS)


def test_test_set_floors() -> None:
    _holds(evaluate(parse_labelled(TEST.read_text(encoding="utf-8"))), TEST_FLOORS)


@pytest.mark.parametrize(
    ("path", "floors"), [(TEST2, TEST2_FLOORS), (TEST3, TEST3_FLOORS), (TEST4, TEST4_FLOORS)]
)
def test_later_test_set_floors(path: Path, floors: dict[str, float]) -> None:
    lines = parse_labelled(path.read_text(encoding="utf-8"))
    assert len(lines) == 400
    ev = evaluate(lines)
    # A count, not the lines missed: a failure here must not print an unread set's lines.
    assert ev.any_recall >= floors["any_recall"], len(ev.misses)
    assert ev.urgent_recall >= floors["urgent_recall"], len(ev.misses)
    assert ev.false_alarms <= floors["false_alarms_at_most"], len(ev.misses)


def test_the_script_reports_each_set_and_skips_a_missing_one(tmp_path: Path) -> None:
    script = ROOT / "scripts" / "risk-eval"
    out = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=True
    ).stdout
    assert "== labelled:" in out and "== dev:" in out
    assert "false alarms on safe text:" in out
    missing = tmp_path / "no_such_set.tsv"
    skipped = subprocess.run(
        [sys.executable, str(script), "--file", str(missing)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"== no_such_set: skipped, {missing} is not there" in skipped
    data = json.loads(
        subprocess.run(
            [sys.executable, str(script), "--json"], capture_output=True, text=True, check=True
        ).stdout
    )
    assert (
        data["dev"]["any_recall"]
        == evaluate(parse_labelled(DEV.read_text(encoding="utf-8"))).any_recall
    )


def test_bad_labelled_line_is_refused() -> None:
    with pytest.raises(Exception, match="Line 2"):
        parse_labelled("none\teveryday\tfine\nhigh\texplicit\tno such level\n")


def test_the_script_prints_the_same_numbers(ev: Evaluation) -> None:
    script = ROOT / "scripts" / "risk-eval"
    out = subprocess.run(
        [sys.executable, str(script), "--set", "labelled", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(out.stdout)
    assert data["any_recall"] == ev.any_recall
    assert data["confusion"] == ev.confusion
    text = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=True
    ).stdout
    assert f"recall {ev.any_recall:.3f}" in text
    assert "misclassified" in text


def test_the_script_can_leave_the_learned_layer_out() -> None:
    script = ROOT / "scripts" / "risk-eval"
    out = subprocess.run(
        [sys.executable, str(script), "--set", "labelled", "--json", "--rules-only"],
        capture_output=True,
        text=True,
        check=True,
    )
    rules_only = evaluate(_labelled_lines(), model=False)
    assert json.loads(out.stdout)["confusion"] == rules_only.confusion
    assert rules_only.confusion != evaluate(_labelled_lines()).confusion


def test_the_unread_set_is_measured_without_showing_its_lines() -> None:
    # A blind set stays blind: with every set at once only its figures are printed.
    script = ROOT / "scripts" / "risk-eval"
    out = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=True
    ).stdout
    assert "== test4:" in out and "nobody has read this set" in out
    unread = parse_labelled((ROOT / "tests" / "data" / "risk_test4.tsv").read_text("utf-8"))
    assert len(unread) == 400
    assert sum(line.text in out for line in unread) == 0  # a count: a failure shows no line
