"""How long the risk detector takes per journal entry (issue 9: at most 5 ms for 300 words).

    .venv/bin/python bench/risk.py              # print the figures
    .venv/bin/python bench/risk.py --write      # also put them in BENCHMARKS.md

Entries are 300 words built deterministically from bench/dataset.py's journal sentences,
with a risky sentence buried in the middle of every fifth one, so both the quick path (no
phrase at all) and the full path (findings, negation, the past, reported speech) are timed.
The rules and the learned layer (``--rules-only`` leaves it out) are loaded once before
timing, as in a process that reads many entries; the one-off loads are reported on their own.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import dataset as ds  # noqa: E402

from midweek.domain.risk import assess  # noqa: E402
from midweek.services.risk import risk_model, risk_rules  # noqa: E402

BEGIN = "<!-- risk-bench: written by bench/risk.py --write -->"
END = "<!-- /risk-bench -->"
RISKY = [
    "honestly i have enough pills saved and i know when i will do it",
    "i relapsed and cut again last night",
    "sometimes i think everyone would be better off without me",
]


def entries(n: int, words: int = 300) -> list[str]:
    rng = random.Random(9)
    out = []
    for i in range(n):
        text: list[str] = []
        while len(text) < words:
            text.extend(ds._journal_text(rng).split())
        body = text[:words]
        if i % 5 == 0:
            body[words // 2 : words // 2] = rng.choice(RISKY).split()
            body = body[:words]
        out.append(" ".join(body))
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--entries", type=int, default=200)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    p.add_argument("--rules-only", action="store_true", help="time the rules without the model")
    args = p.parse_args(argv)
    start = time.perf_counter()
    rules = risk_rules()
    load_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    model = None if args.rules_only else risk_model()
    model_ms = (time.perf_counter() - start) * 1000
    texts = entries(args.entries)
    per_entry: list[float] = []
    for _ in range(args.rounds):
        for text in texts:
            t0 = time.perf_counter()
            assess(text, rules, model)
            per_entry.append((time.perf_counter() - t0) * 1000)
    per_entry.sort()
    median = statistics.median(per_entry)
    p90 = per_entry[int(len(per_entry) * 0.9)]
    worst = per_entry[-1]
    verdict = "PASS" if median <= 5 else "FAIL"
    what = "rules only" if model is None else "rules and the learned layer"
    section = "\n".join(
        [
            BEGIN,
            "## Risk detector: time per entry",
            "",
            f"`bench/risk.py`: {args.entries} entries of 300 words, {args.rounds} rounds, "
            f"{what}, loaded once beforehand (one in five entries has a risky sentence "
            "buried in the middle).",
            "",
            "| measure | time |",
            "|---|---:|",
            f"| median per 300-word entry | {median:.2f} ms |",
            f"| p90 per entry | {p90:.2f} ms |",
            f"| slowest entry | {worst:.2f} ms |",
            f"| loading the rules (once, only when text is checked) | {load_ms:.0f} ms |",
            *(
                []
                if model is None
                else [f"| loading the learned layer (once, likewise) | {model_ms:.0f} ms |"]
            ),
            "",
            f"- **{verdict}** — at most 5 ms for a 300-word entry (median)",
            END,
        ]
    )
    print(section)
    if args.write:
        path = ROOT / "BENCHMARKS.md"
        text = path.read_text("utf-8")
        if BEGIN in text:
            head, rest = text.split(BEGIN, 1)
            text = head + section + rest.split(END, 1)[1]
        else:
            text = text.rstrip("\n") + "\n\n" + section + "\n"
        path.write_text(text, "utf-8")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
