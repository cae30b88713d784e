"""Time this checkout's everyday commands against another commit's, interleaved in one run.

Usage (from the repository root, after ``bench/run.py`` has built its stores once)::

    .venv/bin/python bench/compare.py                    # against main, 15 rounds
    .venv/bin/python bench/compare.py --base HEAD~3 --runs 25 --size five-year

The base commit's ``src/`` is exported with ``git archive`` to a temporary folder, so no
other worktree is touched. Each round runs every command once from each tree, in a
shuffled order, on fresh copies of the same store (the writing commands add rows), with
bytecode caching on (caches in bench/.work/pycache-compare). It prints the medians, their
ratio (this checkout ÷ base) and each process's peak memory under GNU time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

import dataset as ds

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / ".work"
GNU_TIME = "/usr/bin/time"

#: (label, arguments); ``{id}`` is the open daily practice's homework id.
COMMANDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("today", ("today",)),
    ("log ID done", ("log", "{id}", "done")),
    ("journal write TEXT", ("journal", "write", "Walked by the river after work.")),
    ("journal search sleep", ("journal", "search", ds.COMMON_WORD)),
    ("journal list -n 20", ("journal", "list", "-n", "20")),
    ("checkin mood 6", ("checkin", "mood", "6")),
    ("ask TEXT", ("ask", "What do I do when the worry comes back at night?")),
    ("--help", ("--help",)),
)


def export_src(ref: str, into: Path) -> Path:
    """``ref``'s ``src/`` in ``into`` (git archive: no checkout, no worktree)."""
    blob = subprocess.run(
        ["git", "archive", "--format=tar", ref, "src"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(blob)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def env_for(src: Path, folder: Path, key: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MIDWEEK_", "COVERAGE_"))
        and k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPROFILEIMPORTTIME")
    }
    env.update(
        PYTHONPATH=str(src),
        PYTHONPYCACHEPREFIX=str(WORK / "pycache-compare"),
        MIDWEEK_DATA_DIR=str(folder),
        MIDWEEK_DATABASE_URL=str(folder / ds.DB_NAME),
        MIDWEEK_KEY_FILE=str(key),
    )
    return env


def run(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    proc = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, capture_output=True)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"{' '.join(argv)} exited with {proc.returncode}:\n{proc.stderr.decode()}")
    return elapsed


def peak_mb(argv: list[str], env: dict[str, str]) -> float:
    with tempfile.NamedTemporaryFile("r") as report:
        subprocess.run(
            [GNU_TIME, "-f", "%M", "-o", report.name, *argv],
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            check=True,
        )
        return int(report.read().split()[-1]) / 1024


def log_assignment(store: Path) -> int:
    """The open daily practice the bench logs (the store's manifest names it)."""
    return int(json.loads((store / "manifest.json").read_text())["log_assignment_id"])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--base", default="main", help="the commit to compare with (default main)")
    p.add_argument("--runs", type=int, default=15, help="timed rounds (default 15)")
    p.add_argument("--size", default="journal-1k", choices=sorted(ds.SPECS))
    args = p.parse_args(argv)

    store = WORK / "stores" / args.size
    if not (store / ds.DB_NAME).exists():
        sys.exit(f"no store at {store}: run bench/run.py --sizes {args.size} once")
    exe = [str(Path(sys.executable).with_name("midweek"))]
    with tempfile.TemporaryDirectory(prefix="midweek-compare-") as tmp:
        base_src = export_src(args.base, Path(tmp) / "base")
        trees = {"base": base_src, "this": ROOT / "src"}
        envs = {}
        for name, src in trees.items():
            folder = Path(tmp) / f"run-{name}"
            folder.mkdir(mode=0o700)
            shutil.copy2(store / ds.DB_NAME, folder / ds.DB_NAME)
            envs[name] = env_for(src, folder, store / ds.KEY_NAME)
        ident = log_assignment(store)
        series = [
            (label, name, exe + [a.format(id=ident) for a in cmd])
            for label, cmd in COMMANDS
            for name in trees
        ]
        times: dict[tuple[str, str], list[float]] = {(lbl, n): [] for lbl, n, _ in series}
        for _label, name, cmd in series:  # warm-up: writes the bytecode caches
            run(cmd, envs[name])
        shuffle = random.Random(11).shuffle
        for _ in range(args.runs):
            shuffle(series)
            for label, name, cmd in series:
                times[(label, name)].append(run(cmd, envs[name]))
        print(f"{args.size}, {args.runs} rounds, base {args.base}; medians, this ÷ base, peak MB")
        for label, cmd in COMMANDS:
            med = {n: statistics.median(times[(label, n)]) * 1000 for n in trees}
            full = exe + [a.format(id=ident) for a in cmd]
            mem = {n: peak_mb(full, envs[n]) for n in trees}
            print(
                f"  {label:24} {med['base']:6.0f} ms -> {med['this']:6.0f} ms"
                f"  ×{med['this'] / med['base']:.2f}   {mem['base']:5.1f} -> {mem['this']:5.1f} MB"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
