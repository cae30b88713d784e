"""Journal search at 1,000 and 50,000 entries: is it flat with history?

Builds (once, then reuses) two journal-only stores under ``bench/.work/search/`` from the
same generator as the other benchmarks (``bench/dataset.py``), then times
``services.journal.search`` in one process, size by size interleaved: a word in no entry,
the rare word (~1 % of entries), the common word (~⅓), a two-word query; and, for
comparison, a full decrypting scan (what search did before the index). Prints a Markdown
table with the 50k/1k ratios; ``--out FILE`` writes it to a file as well, and
``--update BENCHMARKS.md`` replaces the file's "Journal search" section with it (between
the two marker comments), leaving the rest of the file as ``bench/run.py`` wrote it.

    PYTHONPATH=src .venv/bin/python bench/search.py [--runs 25] [--sizes 1000 50000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import dataset as ds
from sections import put_section

from midweek.services import journal
from midweek.storage import Store, open_store

ROOT = Path(__file__).parent / ".work" / "search"
QUERIES = {
    "absent": "zeppelin",
    "rare": ds.RARE_WORD,
    "common": ds.COMMON_WORD,
    "two words": f"{ds.COMMON_WORD} {ds.RARE_WORD}",
}
TARGET = 1.3


def build(n: int) -> Path:
    folder = ROOT / f"journal-{n}"
    done = folder / f"built-{ds.fingerprint()}"
    if done.exists():
        return folder
    if folder.exists():
        for f in folder.iterdir():
            f.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    rng = random.Random(1000 + n)
    end = date(2026, 1, 1)
    entries = ds.journal_entries(rng, n, end - timedelta(days=max(n // 2, 30)), end, UTC)
    store = open_store(str(folder / ds.DB_NAME), folder / ds.KEY_NAME)
    try:
        store.db.execute_sql("PRAGMA cache_size = -262144")  # a bulk build: 256 MB of cache
        with store.unit_of_work() as uow:
            for e in entries:
                uow.journal.add(e)
            uow.commit()
    finally:
        store.close()
    size = (folder / ds.DB_NAME).stat().st_size
    print(f"  built {n:,} entries in {time.perf_counter() - started:.0f} s ({size / 1e6:.0f} MB)")
    done.write_text(f"{datetime.now(UTC).isoformat()} {size}\n")
    return folder


def scan(store: Store, word: str) -> int:
    """The search before the index: decrypt every entry newest first, substring match."""
    hits = 0
    with store.unit_of_work(read_only=True) as uow:
        for e in uow.journal.iter_newest_first():
            if word in " ".join((e.text, " ".join(e.tags), e.prompt or "")).casefold():
                hits += 1
                if hits >= 20:
                    break
    return hits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--sizes", type=int, nargs=2, default=[1000, 50000])
    parser.add_argument("--out", type=Path)
    parser.add_argument("--update", type=Path, help="a BENCHMARKS.md to put the section in")
    args = parser.parse_args()
    small, large = args.sizes
    folders = {n: build(n) for n in (small, large)}
    stores = {n: open_store(str(f / ds.DB_NAME), f / ds.KEY_NAME) for n, f in folders.items()}
    cases = [(name, q) for name, q in QUERIES.items()] + [("scan (before)", "")]
    times: dict[tuple[str, int], list[float]] = {(c, n): [] for c, _ in cases for n in stores}
    hits: dict[tuple[str, int], int] = {}
    for _ in range(args.runs):  # interleaved: size by size, case by case, in every round
        for name, q in cases:
            for n, store in stores.items():
                t0 = time.perf_counter()
                if q:
                    r = journal.search(store.unit_of_work(read_only=True), q)
                    hits[(name, n)] = len(r.entries)
                else:
                    hits[(name, n)] = scan(store, QUERIES["absent"])
                times[(name, n)].append(time.perf_counter() - t0)
    for store in stores.values():
        store.close()
    lines = [
        f"| query (20 hits at most) | {small:,} entries | {large:,} entries | ratio | hits "
        "| per hit |",
        "|---|---|---|---|---|---|",
    ]
    worst = 0.0
    for name, q in cases:
        a = statistics.median(times[(name, small)]) * 1000
        b = statistics.median(times[(name, large)]) * 1000
        ratio = b / a
        ha, hb = hits[(name, small)], hits[(name, large)]
        if q and ha == hb:  # the same answer at both sizes: the ratio is the history's cost
            worst = max(worst, ratio)
        per = f"{a / ha:.2f} · {b / hb:.2f} ms" if q and ha and hb else ""
        before = f"full decrypting scan for `{QUERIES['absent']}`, as before"
        label = f"`{q}` ({name})" if q else before
        lines.append(f"| {label} | {a:.2f} ms | {b:.2f} ms | {ratio:.2f}× | {ha} / {hb} | {per} |")
    verdict = "met" if worst <= TARGET else "NOT met"
    lines.append("")
    lines.append(
        f"Worst ratio of the queries with the same answer at both sizes {worst:.2f}× "
        f"(target ≤ {TARGET}×: {verdict}); the others find more at {large:,} entries "
        "(up to the limit of 20), so compare their time per hit. Medians of "
        f"{args.runs} interleaved runs of `services.journal.search` in one process."
    )
    sizes = ", ".join(
        f"{n:,} entries {(f / ds.DB_NAME).stat().st_size / 1e6:.0f} MB" for n, f in folders.items()
    )
    lines.append("")
    lines.append(f"Database files (journal and search index): {sizes}.")
    text = "\n".join(lines)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", "utf-8")
    if args.update:
        update(args.update, text, args)


BEGIN, END = "<!-- bench/search.py begin -->", "<!-- bench/search.py end -->"


def update(path: Path, table: str, args: argparse.Namespace) -> None:
    """Put the figures into ``path`` between the markers (appended the first time)."""
    moment = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = (
        "## Journal search: flat with history (bench/search.py)\n\n"
        f"Generated on {moment} by `PYTHONPATH=src .venv/bin/python bench/search.py "
        f"--runs {args.runs} --sizes {' '.join(map(str, args.sizes))} --update BENCHMARKS.md`. "
        "In-process time of `services.journal.search` (open unit of work, index look-up, "
        "decrypting and confirming the candidates, 20 results at most) on two journal-only "
        "stores from bench/dataset.py's generator. The last row is what search did before the "
        "keyed blind index (schema 13): decrypt every entry newest first.\n\n"
        f"{table}"
    )
    put_section(path, BEGIN, END, section)


if __name__ == "__main__":
    main()
