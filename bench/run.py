"""Measure midweek's whole-process command times and write BENCHMARKS.md.

Usage (from the repository root)::

    .venv/bin/python bench/run.py                 # what `make bench` runs
    .venv/bin/python bench/run.py --with-jrnl     # also time jrnl on the same journals
    .venv/bin/python bench/run.py --runs 5 --sizes journal-1k   # a quick look
    .venv/bin/python bench/run.py --runs 5 --sizes one-month five-year  # thread/prep only

Each command runs as a fresh process of the console script a person runs
(``.venv/bin/midweek``), timed from the parent from start to exit. Every series gets one
untimed warm-up (which also writes the bytecode caches), then the timed runs go
round-robin over all series in a shuffled order, so load from other work on the machine
spreads evenly instead of landing on one command. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path

import dataset as ds

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / ".work"
STORES = WORK / "stores"
RUNS = WORK / "run"
PYCACHE = WORK / "pycache"
JRNL_VENV = WORK / "jrnl-venv"
DEFAULT_OUT = ROOT / "BENCHMARKS.md"
SOURCES = ROOT / "src"

#: The budget per command, and the allowed growth from 1,000 to 10,000 entries.
TARGET_SECONDS = 0.5
#: The everyday commands' budget (median, at every size), `--help`'s, and the peak memory
#: (maximum resident set size) of any midweek process in the run.
TARGET_EVERYDAY = 0.120
TARGET_HELP = 0.150
TARGET_RSS_MB = 40
TARGET_FLAT = 1.3
#: The allowed growth of a report (thread, prep) from a one-month to a five-year history.
TARGET_WINDOW = 1.3
SIZES = ("one-month", "journal-1k", "five-year", "journal-10k")
SIZE_LABEL = {
    "one-month": "one-month",
    "journal-1k": "1k journal",
    "five-year": "five-year",
    "journal-10k": "10k journal",
}
#: The stores the everyday (journal) commands run on; the journal targets are about these.
JOURNAL_SIZES = ("journal-1k", "five-year", "journal-10k")
#: The reports run on a short and a long history of about the same recent density.
SHORT, LONG = "one-month", "five-year"
REPORT_SIZES = (SHORT, LONG)
WRITE_TEXT = "Walked by the river after work; the worry was quieter tonight."
ASK_TEXT = "What do I do when the worry comes back at night?"

# (key, label shown in the tables)
COMMANDS: tuple[tuple[str, str], ...] = (
    ("today", "today"),
    ("log", "log ID done"),
    ("write", "journal write TEXT"),
    ("search", f"journal search {ds.COMMON_WORD}"),
    ("search-rare", f"journal search {ds.RARE_WORD} (rare word: worst case)"),
    ("search-all", f"journal search --all {ds.COMMON_WORD}"),
    ("list", "journal list -n 20"),
    ("checkin", "checkin mood 6"),
    ("ask", "ask TEXT"),
)
#: Commands whose cost should not grow with the history.
FLAT_COMMANDS = ("today", "log", "write", "search", "list", "checkin", "ask")
#: The everyday commands held to TARGET_EVERYDAY.
EVERYDAY = ("today", "log", "write", "search", "list", "checkin", "ask")

# (key, label, arguments): help pages, which read no store (run against journal-1k's env).
HELPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("help-root", "--help", ("--help",)),
    ("help-group", "journal --help", ("journal", "--help")),
    ("help-command", "journal write --help", ("journal", "write", "--help")),
)
JRNL_SIZES = ("journal-1k", "journal-10k")

# (key, label, arguments): reports that read a window of the history, not all of it.
REPORTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("thread", "thread", ("thread",)),
    (
        "thread-theme",
        f"thread --theme {ds.THREAD_THEME}",
        ("thread", "--theme", ds.THREAD_THEME),
    ),
    ("prep", "prep", ("prep",)),
    ("prep-md", "prep --format markdown", ("prep", "--format", "markdown")),
)
#: Sessions `thread` shows by default.
THREAD_SESSIONS = 6
PREP_MISSING = "`midweek prep` is not there yet"


class BenchError(Exception):
    pass


@dataclass
class Series:
    key: str
    group: str  # "floor", "midweek", "report" or "jrnl"
    command: str
    size: str | None
    argv: list[str]
    env: dict[str, str]
    times: list[float] = field(default_factory=list)
    warmup_s: float = 0.0
    rss_kb: list[int] = field(default_factory=list)  # KiB, one run under GNU time

    @property
    def peak_mb(self) -> float:
        return max(self.rss_kb, default=0) / 1024

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def p90(self) -> float:
        ordered = sorted(self.times)
        return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]

    @property
    def fastest(self) -> float:
        return min(self.times)


def log(msg: str = "") -> None:
    print(msg, flush=True)


# --- environment ---------------------------------------------------------------------------


def base_env(*, bytecode: bool) -> dict[str, str]:
    """The parent's environment without midweek settings; bytecode caching on or off.

    On: PYTHONDONTWRITEBYTECODE is removed and the caches go to bench/.work/pycache
    (PYTHONPYCACHEPREFIX), so the source tree and the venv stay untouched. Off: as this
    machine is set up — PYTHONDONTWRITEBYTECODE=1, the venv's pre-compiled caches are read,
    midweek's own modules are compiled on every start.
    """
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MIDWEEK_", "COVERAGE_"))
        and k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX", "PYTHONPROFILEIMPORTTIME")
    }
    if bytecode:
        env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def run_folder(size: str, *, reports: bool = False) -> Path:
    """The copy a command runs against; the reports get their own, which nothing writes to."""
    return RUNS / (f"{size}.reports" if reports else size)


def midweek_env(size: str, *, bytecode: bool = True, reports: bool = False) -> dict[str, str]:
    env = base_env(bytecode=bytecode)
    env["PYTHONPATH"] = str(SOURCES)  # this checkout's midweek, whatever the venv installed
    folder = run_folder(size, reports=reports)
    env["MIDWEEK_DATA_DIR"] = str(folder)
    env["MIDWEEK_DATABASE_URL"] = str(folder / ds.DB_NAME)
    env["MIDWEEK_KEY_FILE"] = str(STORES / size / ds.KEY_NAME)
    return env


def fresh_copy(store: ds.BuiltStore, *, reports: bool = False) -> None:
    """A throw-away copy of the store: `log` and `journal write` add rows to it.

    The reports run on a copy of their own, so the rows those commands add "now" do not
    land in the window a report reads.
    """
    folder = run_folder(store.spec.name, reports=reports)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    folder.chmod(0o700)
    shutil.copy2(store.db, folder / ds.DB_NAME)


# --- running -------------------------------------------------------------------------------


def run_once(s: Series, *, capture: bool = False) -> tuple[float, str]:
    """One run of ``s``: its wall time and, with ``capture``, its output."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        child = subprocess.Popen(
            s.argv,
            env=s.env,
            cwd=RUNS,
            stdin=subprocess.DEVNULL,
            stdout=out if capture else subprocess.DEVNULL,
            stderr=errors,
        )
        _, status, _usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
        child.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        errors.seek(0)
        output, err = out.read(), errors.read()
    if code != 0:
        raise BenchError(
            f"{' '.join(s.argv)} exited with {code}:\n{err.decode(errors='replace')[-2000:]}"
        )
    return elapsed, output.decode(errors="replace")


def measure(series: Sequence[Series], runs: int) -> None:
    log(f"Warming up {len(series)} series…")
    for s in series:
        s.warmup_s, _ = run_once(s)  # the warm-up also compiles the bytecode caches
    log(f"Timing {runs} runs of each, round-robin in shuffled order:")
    order = list(series)
    shuffle = random.Random(20261127).shuffle
    for r in range(runs):
        shuffle(order)
        for s in order:
            s.times.append(run_once(s)[0])
        log(f"  round {r + 1}/{runs} done")
    if Path(GNU_TIME).exists():
        log("Peak memory: one more run of each under GNU time…")
        for s in series:
            s.rss_kb.append(peak_kb(s))


#: GNU time forks the command from its own small process. Our children cannot be measured
#: with ``os.wait4`` here: Python starts them with vfork, and Linux counts the resident size
#: the child had before ``exec`` (this whole, data-building parent) in its ``ru_maxrss``.
GNU_TIME = "/usr/bin/time"


def peak_kb(s: Series) -> int:
    """The peak resident set size of one run of ``s`` in KiB, as GNU time reports it."""
    with tempfile.NamedTemporaryFile("r") as report:
        subprocess.run(
            [GNU_TIME, "-f", "%M", "-o", report.name, *s.argv],
            env=s.env,
            cwd=RUNS,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=True,
        )
        return int(report.read().split()[-1])


# --- jrnl ----------------------------------------------------------------------------------


@dataclass
class Jrnl:
    exe: Path | None
    version: str
    package_version: str = ""
    problem: str | None = None
    search_flag: str = "-contains"


def ensure_jrnl() -> Jrnl:
    """jrnl in its own venv under bench/.work (installed from PyPI on first use)."""
    exe = JRNL_VENV / "bin" / "jrnl"
    if not exe.exists():
        log("Installing jrnl into bench/.work/jrnl-venv (first time only)…")
        try:
            subprocess.run(
                [sys.executable, "-m", "venv", "--clear", str(JRNL_VENV)],
                check=True,
                capture_output=True,
                timeout=300,
            )
            subprocess.run(
                [str(JRNL_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", "jrnl"],
                check=True,
                capture_output=True,
                timeout=900,
            )
        except (subprocess.SubprocessError, OSError) as exc:
            detail = getattr(exc, "stderr", b"") or b""
            reason = detail.decode(errors="replace").strip().splitlines()[-1:] or [str(exc)]
            return Jrnl(None, "", problem=f"jrnl could not be installed: {reason[0]}")
    try:
        version = (
            subprocess.run(
                [str(exe), "--version"], capture_output=True, text=True, check=True, timeout=60
            )
            .stdout.splitlines()[0]
            .strip()
        )
        helptext = subprocess.run(
            [str(exe), "--help"], capture_output=True, text=True, check=True, timeout=60
        ).stdout
    except (subprocess.SubprocessError, OSError, IndexError) as exc:
        return Jrnl(None, "", problem=f"jrnl is installed but does not run: {exc}")
    if "-contains" not in helptext:
        return Jrnl(None, version, problem=f"{version} has no -contains search option")
    package_version = subprocess.run(
        [str(JRNL_VENV / "bin" / "python"), "-c", "import jrnl; print(jrnl.__version__)"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return Jrnl(exe, version, package_version)


def jrnl_config(store: ds.BuiltStore, version: str) -> Path:
    """A config file pointing jrnl at a copy of the store's journal; no encryption."""
    folder = RUNS / f"jrnl-{store.spec.name}"
    folder.mkdir(parents=True, exist_ok=True)
    journal = folder / "journal.txt"
    shutil.copy2(store.jrnl_journal, journal)
    q = json.dumps  # a JSON string is a valid YAML scalar
    # jrnl 4's defaults apart from the journal and the time format; block-style YAML
    # (a JSON config file is taken for a jrnl 1.x one and starts an upgrade prompt).
    config = "\n".join(
        (
            "colors:",
            "  body: none",
            "  date: none",
            "  tags: none",
            "  title: none",
            "default_hour: 9",
            "default_minute: 0",
            "editor: ''",
            "encrypt: false",
            "highlight: true",
            "indent_character: '|'",
            "journals:",
            "  default:",
            f"    journal: {q(str(journal))}",
            "linewrap: 79",
            "tagsymbols: '#@'",
            "template: false",
            f"timeformat: {q('%Y-%m-%d %H:%M')}",
            f"version: {q(version)}",  # else jrnl rewrites the file to add it
            "",
        )
    )
    path = folder / "jrnl.yaml"
    path.write_text(config, "utf-8")
    return path


# --- checks --------------------------------------------------------------------------------


def jrnl_contains(store: ds.BuiltStore, word: str) -> int:
    """Entries of the store's jrnl journal with ``word`` anywhere (what ``-contains`` finds:
    any substring, case-insensitive; the manifest counts words that begin with it)."""
    text = store.jrnl_journal.read_text("utf-8")
    entries = re.split(r"(?m)^(?=\[\d{4}-\d\d-\d\d \d\d:\d\d\] )", text)
    return sum(word in e.lower() for e in entries if e.strip())


def check_results(series: Sequence[Series], stores: dict[str, ds.BuiltStore]) -> list[str]:
    """Do the searches find what the data holds? A fast wrong answer is no result."""
    problems = []
    for s in series:
        if s.group == "midweek" and s.command in ("search", "search-rare", "search-all", "list"):
            st = stores[s.size or ""].manifest["search"]
            if s.command == "list":
                expected = 20
            else:
                word = ds.RARE_WORD if s.command == "search-rare" else ds.COMMON_WORD
                hits = st[word]["entries"]
                expected = hits if s.command == "search-all" else min(20, hits)
            probe = Series(s.key, s.group, s.command, s.size, [*s.argv, "--json"], s.env)
            out = json.loads(run_once(probe, capture=True)[1])
            got = len(out if isinstance(out, list) else out["entries"])
            if got != expected:
                problems.append(
                    f"`midweek {' '.join(s.argv[1:])}` on {s.size} returned "
                    f"{got} entries; the data holds {expected}"
                )
        if s.group == "jrnl" and s.command == "jrnl-contains":
            hits = jrnl_contains(stores[s.size or ""], ds.COMMON_WORD)
            got = run_once(
                Series(s.key, s.group, s.command, s.size, [*s.argv, "--short"], s.env), capture=True
            )[1].count("\n")
            if got != hits:
                problems.append(
                    f"jrnl -contains {ds.COMMON_WORD} on {s.size} returned {got} "
                    f"entries; the data holds {hits}"
                )
    return problems


def check_reports(
    series: Sequence[Series], stores: dict[str, ds.BuiltStore]
) -> tuple[list[str], dict[str, int]]:
    """Does `thread` show the sessions the data holds? And how long is each report's output.

    A report that finds nothing to show would be fast for the wrong reason.
    """
    problems: list[str] = []
    lines: dict[str, int] = {}
    for s in series:
        if s.group != "report":
            continue
        lines[s.key] = run_once(s, capture=True)[1].count("\n")
        if not s.command.startswith("thread"):
            continue
        m = stores[s.size or ""].manifest
        held = (
            m["counts"]["sessions"]
            if s.command == "thread"
            else m.get("session_themes", {}).get(ds.THREAD_THEME, 0)
        )
        expected = min(THREAD_SESSIONS, held)
        probe = Series(s.key, s.group, s.command, s.size, [*s.argv, "--json"], s.env)
        got = len(json.loads(run_once(probe, capture=True)[1])["steps"])
        if not expected or got != expected:
            problems.append(
                f"`midweek {' '.join(s.argv[1:])}` on {s.size} showed {got} sessions; "
                f"the data holds {held} (expected {expected}, and at least one)"
            )
    return problems, lines


def importtime_top(store_size: str, n: int = 10) -> list[tuple[str, float]]:
    """Top-level imports of `midweek today` by cumulative time (one -X importtime run)."""
    env = midweek_env(store_size)
    argv = [
        sys.executable,
        "-X",
        "importtime",
        "-c",
        "import sys; sys.argv = ['midweek', 'today']; from midweek.cli.app import main; main()",
    ]
    proc = subprocess.run(argv, env=env, cwd=RUNS, capture_output=True, text=True, check=False)
    out = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = line.split("|", 2)
        if not name.startswith(" ") or name.startswith("  "):  # top level: one space only
            continue
        out.append((name.strip(), int(cumulative) / 1000))
    return sorted(out, key=lambda x: -x[1])[:n]


def imported_from() -> str:
    """The folder the timed processes import midweek from (checks PYTHONPATH wins)."""
    env = midweek_env(next(iter(SIZES)))
    code = "import midweek, pathlib; print(pathlib.Path(midweek.__file__).parent.parent)"
    proc = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    found = Path(proc.stdout.strip())
    if found.resolve() != SOURCES.resolve():
        raise BenchError(f"midweek would be imported from {found}, not from {SOURCES}")
    return str(found.relative_to(ROOT)) if found.is_relative_to(ROOT) else str(found)


# --- the report ----------------------------------------------------------------------------


def fmt(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def versions(names: Sequence[str]) -> str:
    out = []
    for name in names:
        try:
            out.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name} (not installed)")
    return ", ".join(out)


def git_state() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "src"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        return f"commit {head}" + (" with uncommitted changes in src/" if dirty else "")
    except (subprocess.SubprocessError, OSError):
        return "no commit yet (working tree)"


@dataclass
class Context:
    args: argparse.Namespace
    stores: dict[str, ds.BuiltStore]
    series: list[Series]
    jrnl: Jrnl | None
    problems: list[str]
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]
    started: datetime
    seconds: float
    imports: list[tuple[str, float]]
    off: Series | None
    #: Reports not measured: key -> (why, whether that is a failure rather than "not yet").
    skipped: dict[str, tuple[str, bool]] = field(default_factory=dict)
    report_problems: list[str] = field(default_factory=list)
    report_lines: dict[str, int] = field(default_factory=dict)
    #: Where the timed processes imported midweek from (this checkout's src/).
    midweek_from: str = ""

    def get(self, group: str, command: str, size: str | None = None) -> Series | None:
        return next(
            (
                s
                for s in self.series
                if s.group == group and s.command == command and s.size == size
            ),
            None,
        )


def report(c: Context) -> str:
    floor = c.get("floor", "import sqlite3")
    assert floor is not None
    sizes = [s for s in SIZES if s in c.stores]
    jsizes = [s for s in JOURNAL_SIZES if s in c.stores]
    lines: list[str] = []
    add = lines.append
    argv = " ".join(["python", "bench/run.py", *sys.argv[1:]])

    add("# Benchmarks")
    add("")
    add(
        f"Generated by `{argv}` on {c.started:%Y-%m-%d %H:%M %Z} "
        f"({c.seconds / 60:.1f} minutes). Reproduce with `make bench` (which runs "
        "`.venv/bin/python bench/run.py`); add `--with-jrnl` for the jrnl comparison: "
        "`.venv/bin/python bench/run.py --with-jrnl`. How to read this file: bench/README.md."
    )
    add("")
    add("## Machine")
    add("")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    add(f"- CPU: {cpu_model()}, {cores} cores available; {platform.platform()}")
    add(
        f"- Python {platform.python_version()} ({sys.executable.replace(str(ROOT) + '/', '')}), "
        f"SQLite {sqlite3.sqlite_version}"
    )
    add(f"- {versions(('midweek', 'typer', 'click', 'peewee', 'cryptography', 'rich'))}")
    add(f"- Source: {git_state()}")
    add(
        f"- Load average (1/5/15 min) before: {' / '.join(f'{x:.2f}' for x in c.load_before)}; "
        f"after: {' / '.join(f'{x:.2f}' for x in c.load_after)} — a shared machine: "
        "other work adds noise, which the p90 column shows."
    )
    add("")
    add("## Method")
    add("")
    add(
        f"- Each figure is the whole-process wall time of a fresh process, from the parent's "
        f"start to its exit: the median and 90th percentile of {c.args.runs} runs after one "
        "untimed warm-up, all series interleaved round-robin in shuffled order in the same run."
    )
    add(
        "- midweek runs as the console script a person runs, `.venv/bin/midweek`, with "
        "`PYTHONPATH=src` so that the timed code is this checkout's (midweek imported from "
        f"`{c.midweek_from}`), on a fresh copy of each store (`log`, `journal write`, "
        "`checkin mood` and `ask` add one row per run to the copy)."
    )
    add(
        "- Peak memory: the maximum resident set size of one more run of each command "
        "under GNU time (`/usr/bin/time -f %M`, which starts it from its own small process)."
    )
    add(
        "- Bytecode caching ON (`PYTHONDONTWRITEBYTECODE` unset; caches written by the warm-up "
        "into bench/.work/pycache via `PYTHONPYCACHEPREFIX`), as on a normal installation. "
        "One line below shows `today` with caching OFF, as this machine is set up."
    )
    add(
        f'- Floors, in the same run: `python -c pass` and `python -c "import sqlite3"` with the '
        f'same interpreter. "× floor" is a median divided by the `import sqlite3` median '
        f"({fmt(floor.median)})."
    )
    add("")
    add("## Data")
    add("")
    add(
        "Deterministic (bench/dataset.py, generator version "
        f"{ds.GENERATOR_VERSION}); the history ends on the day the store was built."
    )
    add("")
    add(
        f"| store | journal entries | words per entry (min–max, mean) | sessions | practice logs "
        f"| check-ins | database | entries with “{ds.COMMON_WORD}” | entries with "
        f"“{ds.RARE_WORD}” | entries a 20-hit “{ds.RARE_WORD}” search reads |"
    )
    add("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for size in sizes:
        m = c.stores[size].manifest
        n, w = m["counts"], m["search"]["_words"]
        common, rare = m["search"][ds.COMMON_WORD], m["search"][ds.RARE_WORD]
        add(
            f"| {size} | {n['journal']:,} | {w['min']}–{w['max']}, {w['mean']} | "
            f"{n['sessions']} | {n['practice_logs']:,} | {n['checkins']} | "
            f"{m['db_bytes'] / 1e6:.1f} MB | {common['entries']:,} ({common['share']:.0%}) | "
            f"{rare['entries']} ({rare['share']:.1%}) | {rare['scanned_for_20']:,} |"
        )
    add("")
    if c.problems:
        add("## ⚠ Wrong results — the search figures below are not valid")
        add("")
        for p in c.problems:
            add(f"- {p}")
        add("")

    add("## Results")
    add("")
    add("Median / p90, and the median as a multiple of the `import sqlite3` floor.")
    add("")
    if jsizes:
        add("| command | " + " | ".join(SIZE_LABEL[s] for s in jsizes) + " |")
        add("|---|" + "---:|" * len(jsizes))
    else:
        add(f"The journal commands were not measured (they run on {', '.join(JOURNAL_SIZES)}).")
    for key, label in COMMANDS if jsizes else ():
        cells = []
        for size in jsizes:
            s = c.get("midweek", key, size)
            cells.append(
                "—"
                if s is None
                else f"{fmt(s.median)} / {fmt(s.p90)} (×{s.median / floor.median:.1f})"
            )
        add(f"| `midweek {label}` | " + " | ".join(cells) + " |")
    helps = [s for s in c.series if s.group == "help"]
    if helps:
        add("")
        add("| help page | median | p90 | peak memory |")
        add("|---|---:|---:|---:|")
        for s in helps:
            add(
                f"| `midweek {dict((k, lbl) for k, lbl, _ in HELPS)[s.command]}` | "
                f"{fmt(s.median)} | {fmt(s.p90)} | {s.peak_mb:.1f} MB |"
            )
    if jsizes:
        add("")
        add("Peak memory of one process (a run under GNU time):")
        add("")
        add("| command | " + " | ".join(SIZE_LABEL[s] for s in jsizes) + " |")
        add("|---|" + "---:|" * len(jsizes))
        for key, label in COMMANDS:
            got = [c.get("midweek", key, size) for size in jsizes]
            add(
                f"| `midweek {label}` | "
                + " | ".join("—" if g is None else f"{g.peak_mb:.1f} MB" for g in got)
                + " |"
            )
    add("")
    add("| floor | median | p90 |")
    add("|---|---:|---:|")
    for cmd, shown in (
        ("python -c pass", "python -c pass"),
        ("import sqlite3", 'python -c "import sqlite3"'),
    ):
        s = c.get("floor", cmd)
        if s is not None:
            add(f"| `{shown}` | {fmt(s.median)} | {fmt(s.p90)} |")
    if c.off is not None:
        on = c.get("midweek", "today", c.off.size)
        add("")
        add(
            f"Bytecode caching OFF (`PYTHONDONTWRITEBYTECODE=1`, midweek's modules recompiled "
            f"on every start): `midweek today` on {c.off.size} takes {fmt(c.off.median)} "
            f"median / {fmt(c.off.p90)} p90"
            + (f", against {fmt(on.median)} with caching on." if on else ".")
        )
    if c.imports:
        add("")
        add(
            "Where `midweek today`'s imports go (one `python -X importtime` run, cumulative "
            "time of each top-level import, caching on): "
            + ", ".join(f"{name} {ms:.0f} ms" for name, ms in c.imports)
            + "."
        )

    # Flatness
    add("")
    add("## Cost against history size (10k journal ÷ 1k journal, medians)")
    add("")
    flat_rows: dict[str, float] = {}
    if "journal-1k" in sizes and "journal-10k" in sizes:
        add("| command | 1k | 10k | ratio |")
        add("|---|---:|---:|---:|")
        for key, label in COMMANDS:
            a, b = c.get("midweek", key, "journal-1k"), c.get("midweek", key, "journal-10k")
            if a and b:
                flat_rows[key] = b.median / a.median
                note = "" if key in FLAT_COMMANDS else " (scans; not expected flat)"
                add(
                    f"| `{label}`{note} | {fmt(a.median)} | {fmt(b.median)} | "
                    f"{flat_rows[key]:.2f}× |"
                )
    else:
        add("Not measured (needs both journal-1k and journal-10k).")

    window_rows = report_section(c, add)

    # jrnl
    add("")
    add("## Against jrnl (the best-known Python journal CLI)")
    add("")
    jrnl_rows: list[tuple[str, str, float, float]] = []
    if c.jrnl is None:
        add("Not measured in this run; `--with-jrnl` adds it.")
    elif c.jrnl.exe is None:
        add(f"Not measured: {c.jrnl.problem}.")
    else:
        add(
            f"{c.jrnl.version} in its own venv (bench/.work/jrnl-venv), bytecode caching on "
            "like midweek, reading the same entries written as a plain-text jrnl journal "
            "(no encryption, `--config-file`). jrnl parses the whole file on every command; "
            "midweek decrypts entry by entry, newest first."
        )
        add("")
        add("| store | jrnl command | jrnl | midweek counterpart | midweek | midweek is |")
        add("|---|---|---:|---|---:|---:|")
        pairs = (
            ("jrnl-contains", f"-contains {ds.COMMON_WORD}", "search"),
            ("jrnl-contains", f"-contains {ds.COMMON_WORD}", "search-all"),
            ("jrnl-n20", "-n 20", "list"),
        )
        for size in JRNL_SIZES:
            for jkey, jlabel, mkey in pairs:
                j, m = c.get("jrnl", jkey, size), c.get("midweek", mkey, size)
                if j is None or m is None:
                    continue
                mlabel = dict(COMMANDS)[mkey]
                jrnl_rows.append((size, mkey, j.median, m.median))
                add(
                    f"| {size} | `jrnl {jlabel}` | {fmt(j.median)} / {fmt(j.p90)} | "
                    f"`midweek {mlabel}` | {fmt(m.median)} / {fmt(m.p90)} | "
                    f"{j.median / m.median:.1f}× faster |"
                    if m.median < j.median
                    else f"| {size} | `jrnl {jlabel}` | {fmt(j.median)} / {fmt(j.p90)} | "
                    f"`midweek {mlabel}` | {fmt(m.median)} / {fmt(m.p90)} | "
                    f"{m.median / j.median:.1f}× slower |"
                )

    # Targets
    add("")
    add("## Targets")
    add("")
    results = targets(c, flat_rows, jrnl_rows) + window_targets(c, window_rows)
    for ok, text in results:
        add(f"- **{'PASS' if ok is True else 'FAIL' if ok is False else 'NOT MEASURED'}** — {text}")
    add("")
    return "\n".join(lines)


def report_section(c: Context, add: Callable[[str], None]) -> dict[str, float]:
    """thread and prep on one-month and five-year; the five-year ÷ one-month ratios."""
    add("")
    add(
        f"## Reports on a long and a short history ({LONG} ÷ {SHORT}, medians, "
        f"target ≤ {TARGET_WINDOW}×)"
    )
    add("")
    add(
        f"`thread` (the last {THREAD_SESSIONS} sessions, or the last {THREAD_SESSIONS} on a "
        "theme) and `prep` (since the last session) read a window of the history, not all of "
        f"it, so they should cost about the same on {LONG} as on {SHORT}: the same generators, "
        "about the same density in the last four weeks. They run on a copy of each store of "
        "their own, which `log` and `journal write` do not add to."
    )
    add("")
    present = [s for s in REPORT_SIZES if s in c.stores]
    if present:
        add(
            f"| store | last {ds.RECENT_DAYS} days: sessions | assignments active | practice "
            "logs | barriers | journal entries | check-ins (PHQ-9/GAD-7) | questions | "
            "whole store: sessions / practice logs / journal entries |"
        )
        add("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for size in present:
            m = c.stores[size].manifest
            r, n = m.get("recent", {}), m["counts"]
            add(
                f"| {size} | {r.get('sessions', '?')} | {r.get('assignments_active', '?')} | "
                f"{r.get('practice_logs', '?')} | {r.get('barriers', '?')} | "
                f"{r.get('journal', '?')} | {r.get('checkins', '?')} "
                f"({r.get('measures', '?')}) | {r.get('questions', '?')} | "
                f"{n['sessions']} / {n['practice_logs']:,} / {n['journal']:,} |"
            )
        add("")
    rows: dict[str, float] = {}
    if not present:
        add(f"Not measured (needs {SHORT} and {LONG}; see `--sizes`).")
        return rows
    add(
        "| command | "
        + " | ".join(present)
        + (f" | {LONG} ÷ {SHORT}" if len(present) == 2 else "")
        + " | output lines |"
    )
    add("|---|" + "---:|" * len(present) + ("---:|" if len(present) == 2 else "") + "---|")
    for key, label in ((k, lbl) for k, lbl, _ in REPORTS):
        if key in c.skipped:
            span = len(present) + (1 if len(present) == 2 else 0) + 1
            add(f"| `midweek {label}` | not measured: {c.skipped[key][0]} |" + " |" * (span - 1))
            continue
        got = [c.get("report", key, size) for size in present]
        cells = ["—" if s is None else f"{fmt(s.median)} / {fmt(s.p90)}" for s in got]
        if len(got) == 2 and got[0] is not None and got[1] is not None:
            rows[key] = got[1].median / got[0].median
            cells.append(f"**{rows[key]:.2f}×**")
        elif len(present) == 2:
            cells.append("—")
        cells.append(" / ".join(str(c.report_lines.get(s.key, "?")) for s in got if s is not None))
        add(f"| `midweek {label}` | " + " | ".join(cells) + " |")
    add("")
    add(
        "Median / p90 of the whole process. Output lines: "
        + " / ".join(present)
        + f". On {SHORT} the last {THREAD_SESSIONS} sessions are all of its "
        f"{c.stores[present[0]].manifest['counts']['sessions']}; "
        f"`thread --theme {ds.THREAD_THEME}` follows the matching sessions back as far as "
        f"the {THREAD_SESSIONS}th-last, which on {LONG} reaches months further back."
        if len(present) == 2
        else "Median / p90 of the whole process."
    )
    if c.report_problems:
        add("")
        add("Wrong results — these report figures are not valid:")
        add("")
        for p in c.report_problems:
            add(f"- {p}")
    return rows


def window_targets(c: Context, rows: dict[str, float]) -> list[tuple[bool | None, str]]:
    out: list[tuple[bool | None, str]] = []
    for key, label, _ in REPORTS:
        text = f"`{label}` on {LONG} ≤ {TARGET_WINDOW}× {SHORT}"
        if key in c.skipped:
            why, failed = c.skipped[key]
            out.append((False if failed else None, f"{text}: not measured: {why}"))
        elif key in rows:
            short, long_ = c.get("report", key, SHORT), c.get("report", key, LONG)
            assert short is not None and long_ is not None
            wrong = [p for p in c.report_problems if f"midweek {label}`" in p]
            out.append(
                (
                    rows[key] <= TARGET_WINDOW and not wrong,
                    f"{text}: {rows[key]:.2f}× ({fmt(long_.median)} against "
                    f"{fmt(short.median)})"
                    + (" (but see the wrong results under the reports table)" if wrong else ""),
                )
            )
        else:
            out.append((None, f"{text}: needs both stores (`--sizes {SHORT} {LONG}`)"))
    return out


def targets(
    c: Context, flat: dict[str, float], jrnl_rows: list[tuple[str, str, float, float]]
) -> list[tuple[bool | None, str]]:
    out: list[tuple[bool | None, str]] = []
    valid = "" if not c.problems else " (but see “Wrong results”: search figures not valid)"
    mw = [s for s in c.series if s.group == "midweek"]
    slow = [s for s in mw if s.median >= TARGET_SECONDS]
    out.append(
        (
            (not slow and not c.problems) if mw else None,
            f"every measured midweek command under {TARGET_SECONDS} s median at every size"
            + (
                ": "
                + "; ".join(
                    f"`{dict(COMMANDS)[s.command]}` on {s.size} takes {fmt(s.median)}" for s in slow
                )
                if slow
                else ""
            )
            + valid,
        )
    )
    everyday = [s for s in mw if s.command in EVERYDAY]
    over = [s for s in everyday if s.median > TARGET_EVERYDAY]
    out.append(
        (
            not over if everyday else None,
            f"every everyday command ({', '.join(EVERYDAY)}) ≤ {fmt(TARGET_EVERYDAY)} median "
            "at every size"
            + (
                ": "
                + "; ".join(
                    f"`{dict(COMMANDS)[s.command]}` on {s.size} takes {fmt(s.median)}" for s in over
                )
                if over
                else f" (slowest: {fmt(max(s.median for s in everyday))})"
                if everyday
                else ""
            ),
        )
    )
    helps = [s for s in c.series if s.group == "help"]
    labels = {k: lbl for k, lbl, _ in HELPS}
    slow_helps = [s for s in helps if s.median > TARGET_HELP]
    out.append(
        (
            not slow_helps if helps else None,
            f"`--help` of the root, a group and a command ≤ {fmt(TARGET_HELP)} median: "
            + ", ".join(f"`{labels[s.command]}` {fmt(s.median)}" for s in helps),
        )
    )
    measured = [s for s in c.series if s.group in ("midweek", "report", "help") and s.rss_kb]
    heaviest = max(measured, key=lambda s: s.peak_mb, default=None)
    out.append(
        (
            heaviest.peak_mb <= TARGET_RSS_MB if heaviest else None,
            f"peak memory of every midweek process ≤ {TARGET_RSS_MB} MB"
            + (
                f": the largest is {heaviest.peak_mb:.1f} MB (`{heaviest.key}`)" if heaviest else ""
            ),
        )
    )
    if "search" in flat:
        ratio = flat["search"]
        out.append(
            (
                ratio <= TARGET_FLAT and not c.problems,
                f"`journal search {ds.COMMON_WORD}` at 10,000 entries ≤ {TARGET_FLAT}× "
                f"the 1,000-entry one: {ratio:.2f}×" + valid,
            )
        )
        others = {k: v for k, v in flat.items() if k in FLAT_COMMANDS and k != "search"}
        bad = {k: v for k, v in others.items() if v > TARGET_FLAT}
        out.append(
            (
                not bad,
                "today, log, journal write, journal list, checkin and ask flat with history "
                f"size (≤ {TARGET_FLAT}×): "
                + ", ".join(f"{k} {v:.2f}×" for k, v in others.items()),
            )
        )
    else:
        out.append((None, "10k/1k search ratio (needs both journal sizes)"))
    if jrnl_rows:
        lost = [r for r in jrnl_rows if r[3] >= r[2]]
        out.append(
            (
                not lost and not c.problems,
                "faster than jrnl at every size (search, search --all and list against "
                "jrnl -contains and -n 20)"
                + (": slower in " + "; ".join(f"{r[1]} on {r[0]}" for r in lost) if lost else "")
                + valid,
            )
        )
    else:
        out.append((None, "faster than jrnl at every size (run with --with-jrnl)"))
    out.append(
        (
            None,
            "heavy imports off the paths that don't need them and a cheap migration "
            "check on open: checked by tests/test_startup.py, not timed here",
        )
    )
    return out


# --- main ----------------------------------------------------------------------------------


def midweek_exe() -> str:
    midweek = Path(sys.executable).parent / "midweek"
    if not midweek.exists():
        raise BenchError(
            f"{midweek} is missing: install midweek into the venv first (make bench does)."
        )
    return str(midweek)


def detect_reports(stores: dict[str, ds.BuiltStore]) -> dict[str, tuple[str, bool]]:
    """Reports that cannot be measured in this run: key -> (why, whether that is a failure).

    `midweek prep` is being built: missing (`prep --help` fails) is "not there yet", not a
    failure. A report that exists but fails on a store is a failure, reported as such.
    """
    present = [s for s in REPORT_SIZES if s in stores]
    if not present:
        return {}
    midweek = midweek_exe()
    skipped: dict[str, tuple[str, bool]] = {}
    helps: dict[str, str] = {}
    for cmd in ("thread", "prep"):
        proc = subprocess.run(
            [midweek, cmd, "--help"],
            env=midweek_env(present[0], reports=True),
            cwd=RUNS,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode == 0:
            helps[cmd] = proc.stdout
    for key, label, args in REPORTS:
        cmd = args[0]
        if cmd not in helps:
            skipped[key] = (
                PREP_MISSING if cmd == "prep" else f"`midweek {cmd}` is not there",
                cmd != "prep",
            )
            continue
        missing = [a for a in args[1:] if a.startswith("--") and a not in helps[cmd]]
        if missing:
            skipped[key] = (f"`midweek {cmd}` has no `{missing[0]}` option yet", False)
            continue
        for size in present:  # one try on each store: a crash is reported, not fatal
            probe = Series(
                key, "report", key, size, [midweek, *args], midweek_env(size, reports=True)
            )
            try:
                run_once(probe)
            except BenchError as err:
                last = str(err).strip().splitlines()[-1][:200]
                skipped[key] = (f"`midweek {label}` failed on {size}: {last}", True)
                break
    return skipped


def build_series(
    stores: dict[str, ds.BuiltStore],
    jrnl: Jrnl | None,
    skipped: dict[str, tuple[str, bool]] | None = None,
) -> list[Series]:
    python = sys.executable
    midweek = midweek_exe()
    env = base_env(bytecode=True)
    series = [
        Series("floor-pass", "floor", "python -c pass", None, [python, "-c", "pass"], env),
        Series(
            "floor-sqlite", "floor", "import sqlite3", None, [python, "-c", "import sqlite3"], env
        ),
    ]
    argv_for: dict[str, Callable[[ds.BuiltStore], list[str]]] = {
        "today": lambda st: ["today"],
        "log": lambda st: ["log", str(st.manifest["log_assignment_id"]), "done"],
        "write": lambda st: ["journal", "write", WRITE_TEXT],
        "search": lambda st: ["journal", "search", ds.COMMON_WORD],
        "search-rare": lambda st: ["journal", "search", ds.RARE_WORD],
        "search-all": lambda st: ["journal", "search", "--all", ds.COMMON_WORD],
        "list": lambda st: ["journal", "list", "-n", "20"],
        "checkin": lambda st: ["checkin", "mood", "6"],
        "ask": lambda st: ["ask", ASK_TEXT],
    }
    helps_on = next((size for size in JOURNAL_SIZES if size in stores), None)
    for key, _, args in HELPS if helps_on else ():
        assert helps_on is not None
        series.append(Series(key, "help", key, None, [midweek, *args], midweek_env(helps_on)))
    for size, st in stores.items():
        for key, _ in COMMANDS if size in JOURNAL_SIZES else ():
            series.append(
                Series(
                    f"{key}@{size}",
                    "midweek",
                    key,
                    size,
                    [midweek, *argv_for[key](st)],
                    midweek_env(size),
                )
            )
        for key, _, args in REPORTS if size in REPORT_SIZES else ():
            if key not in (skipped or {}):
                series.append(
                    Series(
                        f"{key}@{size}",
                        "report",
                        key,
                        size,
                        [midweek, *args],
                        midweek_env(size, reports=True),
                    )
                )
    if jrnl is not None and jrnl.exe is not None:
        for size in JRNL_SIZES:
            if size not in stores:
                continue
            cfg = str(jrnl_config(stores[size], jrnl.package_version))
            exe = str(jrnl.exe)
            series.append(
                Series(
                    f"jrnl-contains@{size}",
                    "jrnl",
                    "jrnl-contains",
                    size,
                    [exe, "--config-file", cfg, jrnl.search_flag, ds.COMMON_WORD],
                    env,
                )
            )
            series.append(
                Series(
                    f"jrnl-n20@{size}",
                    "jrnl",
                    "jrnl-n20",
                    size,
                    [exe, "--config-file", cfg, "-n", "20"],
                    env,
                )
            )
    return series


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=15, help="timed runs per command (default 15)")
    p.add_argument(
        "--sizes",
        nargs="+",
        choices=SIZES,
        default=list(SIZES),
        help="stores to measure (default: all four; thread and prep run on one-month and "
        "five-year, the journal commands on the others and five-year)",
    )
    p.add_argument(
        "--with-jrnl",
        action="store_true",
        help="also time jrnl (installed into bench/.work/jrnl-venv on first use)",
    )
    p.add_argument(
        "--quick",
        action="store_true",
        help="one store, few runs: the same as --runs 5 --sizes journal-1k unless given",
    )
    p.add_argument("--rebuild", action="store_true", help="rebuild the stores even if current")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help="report file (BENCHMARKS.md)")
    args = p.parse_args(argv)
    given = list(argv if argv is not None else sys.argv[1:])
    if args.quick:
        if not any(a.startswith("--runs") for a in given):
            args.runs = 5
        if not any(a.startswith("--sizes") for a in given):
            args.sizes = ["journal-1k"]
    if args.runs < 3:
        p.error("--runs must be at least 3")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = datetime.now().astimezone()
    clock = time.perf_counter()
    load_before = os.getloadavg()
    WORK.mkdir(parents=True, exist_ok=True)
    RUNS.mkdir(parents=True, exist_ok=True)

    log("Stores:")
    stores = {
        size: ds.ensure_store(ds.SPECS[size], STORES, rebuild=args.rebuild, log=log)
        for size in SIZES
        if size in args.sizes
    }
    for st in stores.values():
        if st.spec.name in JOURNAL_SIZES:
            fresh_copy(st)
        if st.spec.name in REPORT_SIZES:
            fresh_copy(st, reports=True)
    jrnl = ensure_jrnl() if args.with_jrnl else None
    if jrnl is not None and jrnl.problem:
        log(f"jrnl: {jrnl.problem} — the report says so and goes on without it.")

    try:
        skipped = detect_reports(stores)
        for key, (why, _) in skipped.items():
            log(f"  not measuring {key}: {why}")
        series = build_series(stores, jrnl, skipped)
        jsize = (
            "five-year"
            if "five-year" in stores
            else next((s for s in JOURNAL_SIZES if s in stores), None)
        )
        off = None
        if jsize is not None:
            on = next(s for s in series if s.command == "today" and s.size == jsize)
            off = Series(
                f"today-off@{jsize}",
                "off",
                "today",
                jsize,
                on.argv,
                midweek_env(jsize, bytecode=False),
            )
        measure([*series, *([off] if off else [])], args.runs)
        log("Checking the results are right…")
        problems = check_results(series, stores)
        report_problems, report_lines = check_reports(series, stores)
        imports = importtime_top(jsize) if jsize is not None else []
        midweek_from = imported_from()
    except BenchError as err:
        log(f"bench: {err}")
        return 1
    for p in [*problems, *report_problems]:
        log(f"  WRONG RESULT: {p}")

    ctx = Context(
        args=args,
        stores=stores,
        series=series,
        jrnl=jrnl,
        problems=problems,
        load_before=load_before,
        load_after=os.getloadavg(),
        started=started,
        seconds=time.perf_counter() - clock,
        imports=imports,
        off=off,
        skipped=skipped,
        report_problems=report_problems,
        report_lines=report_lines,
        midweek_from=midweek_from,
    )
    text = report(ctx)
    # Keep the risk detector's section (bench/risk.py --write), which this run does not time.
    old = args.out.read_text("utf-8") if args.out.exists() else ""
    mark = "<!-- risk-bench: written by bench/risk.py --write -->"
    if mark in old:
        text = text.rstrip("\n") + "\n\n" + mark + old.split(mark, 1)[1]
    args.out.write_text(text, "utf-8")
    log(f"Wrote {args.out}")
    core = text.split("## Results", 1)[1] if "## Results" in text else text
    log("## Results" + core)
    return 0


if __name__ == "__main__":
    sys.exit(main())
