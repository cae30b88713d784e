"""The CLI's start-up path stays light (not timed: checks what a fresh process loads).

Every command is a fresh process, so whatever it imports or reads on the way is paid on
every call. These tests run the real command in a subprocess under ``python -X importtime``
with an audit hook, on a throw-away SQLite store, and check that:

* ``today``, ``log`` and ``journal write`` import none of the heavy or unrelated packages
  (the PostgreSQL driver, the web stack, SQLAlchemy/Alembic, WeasyPrint, Rich, test tools);
* opening a database whose schema is current reads no migration SQL file (the check on
  open is one query), while opening a fresh one does (so the hook is known to work).
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from midweek.domain.entities import Assignment, FlagSource, SafetyFlag, TherapySession
from midweek.storage import open_store

#: Never on the everyday command paths.
HEAVY = (
    "psycopg",
    "psycopg2",
    "psycopg_binary",
    "fastapi",
    "starlette",
    "uvicorn",
    "sqlalchemy",
    "alembic",
    "weasyprint",
    "rich",  # the everyday commands print plain text; tables import Rich when they print
    "pydantic",  # typer 0.29 builds pydantic adapters at parse time; pyproject caps it below
    "hypothesis",
    "zxcvbn",  # only when a password is set (services.accounts._guessable)
    "pytest",
    "_pytest",
)

#: midweek's own rooms that no everyday command needs (each cost a start some milliseconds):
#: the backup and erasure rooms, the accounts' hashing (the local store has no accounts).
OFF_EVERYDAY = ("midweek.storage.backup", "midweek.storage.erasure", "midweek.domain.accounts")
#: Only a command that checks new text loads the risk detector (its rules, the learned layer).
RISK = ("midweek.domain.risk", "midweek.services.risk", "midweek.domain.risk_model")
#: The detector's reading engine, rules and learned layer: loaded only when there is text to
#: read (naming a level, as a practice logged without a note does, loads ``findings`` alone).
RISK_ENGINE = (
    "midweek.domain.risk.engine",
    "midweek.domain.risk.reading",
    "midweek.domain.risk.learned",
    "midweek.domain.risk.parsing",
    "midweek.domain.risk_model",
)
#: Only a worksheet (its answers, a template) needs the worksheet engine.
WORKSHEETS = ("midweek.domain.worksheets",)

# Runs the console script's entry point with an audit hook that reports every migration
# SQL file opened, so the test sees file reads the import log cannot show.
DRIVER = """
import sys
def hook(event, args):
    if event != "open":
        return
    path = args[0]
    if hasattr(path, "__fspath__"):
        path = path.__fspath__()
    if isinstance(path, bytes):
        path = path.decode(errors="replace")
    if isinstance(path, str):
        path = path.replace("\\\\", "/")
        if "/storage/migrations/" in path and path.endswith(".sql"):
            sys.stderr.write("MIGRATION-SQL-READ " + path + "\\n")
sys.addaudithook(hook)
sys.argv = ["midweek", *sys.argv[1:]]
try:
    from midweek.cli.app import main
    main()
finally:
    # What was really loaded: -X importtime also lists imports that were only attempted
    # (storage blocks the PostgreSQL driver for SQLite by making its import fail at once).
    # A lazy module (cli.console.lazy_module) is not loaded until an attribute is read.
    loaded = sorted(
        name
        for name, mod in sys.modules.items()
        if mod is not None and type(mod).__name__ != "_LazyModule"
    )
    sys.stderr.write("LOADED-MODULES " + " ".join(loaded) + "\\n")
"""


def _env(db: Path, key: Path) -> dict[str, str]:
    skip = ("MIDWEEK_", "COVERAGE_", "COV_CORE_", "PYTHONPROFILEIMPORTTIME")
    env = {k: v for k, v in os.environ.items() if not k.startswith(skip)}
    env.update(
        MIDWEEK_DATA_DIR=str(db.parent),
        MIDWEEK_DATABASE_URL=str(db),
        MIDWEEK_KEY_FILE=str(key),
    )
    return env


class Run:
    """What one ``midweek`` process loaded, read and printed."""

    def __init__(self, stderr: str, stdout: str) -> None:
        self.stdout = stdout
        self.modules: set[str] = set()
        self.migration_reads: list[str] = []
        self.importtime: list[str] = []
        for line in stderr.splitlines():
            if line.startswith("import time:") and "cumulative" not in line:
                self.importtime.append(line)
            elif line.startswith("MIGRATION-SQL-READ "):
                self.migration_reads.append(line.split(" ", 1)[1])
            elif line.startswith("LOADED-MODULES "):
                self.modules.update(line.split()[1:])

    def loaded(self, names: tuple[str, ...]) -> list[str]:
        """Those of ``names`` (modules or packages) this process loaded."""
        return sorted(m for m in self.modules for n in names if m == n or m.startswith(n + "."))

    def heavy(self) -> list[str]:
        """The heavy packages loaded, each with its -X importtime line(s) for diagnosis."""
        found = sorted(
            m for m in self.modules if any(m == h or m.startswith(h + ".") for h in HEAVY)
        )
        roots = {m.split(".")[0] for m in found}
        return [
            line
            for line in self.importtime
            if line.rsplit("|", 1)[1].strip().split(".")[0] in roots
        ] or found


def run_cli(db: Path, key: Path, *args: str) -> Run:
    """Run ``midweek ARGS`` in a fresh process under -X importtime and the audit hook."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", DRIVER, *args],
        env=_env(db, key),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr[-3000:]
    run = Run(proc.stderr, proc.stdout)
    assert "midweek.cli.app" in run.modules, "the driver did not report the loaded modules"
    return run


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, int]:
    """A migrated store with a session and one homework; (database, key file, homework id)."""
    folder = tmp_path_factory.mktemp("startup")
    db, key = folder / "midweek.db", folder / "midweek.key"
    st = open_store(str(db), key)
    try:
        uow = st.unit_of_work()
        with uow:
            uow.sessions.add(TherapySession(date=date.today(), takeaways=["Small steps."]))
            a = uow.homework.add(
                Assignment(title="Slow breathing", per_week=5, minutes=10, start=date.today())
            )
            # Something noticed lately: `today` offers support (crisis contacts) under it.
            uow.flags.add(
                SafetyFlag(source=FlagSource.JOURNAL_TEXT, at=datetime.now(UTC), detail="concern")
            )
            uow.commit()
    finally:
        st.close()
    assert a.id is not None
    return db, key, a.id


def test_today_is_light_and_skips_migration_files(store: tuple[Path, Path, int]) -> None:
    db, key, _ = store
    run = run_cli(db, key, "today")
    assert "Slow breathing" in run.stdout  # the store really opened
    assert "midweek supports your therapy" in run.stdout  # the support under a recent flag
    assert "peewee" in run.modules
    assert run.heavy() == []
    assert run.migration_reads == [], "a current schema should need no migration file"
    assert run.loaded(OFF_EVERYDAY + RISK + WORKSHEETS) == []


@pytest.mark.parametrize(
    "args",
    [("journal", "list"), ("journal", "search", "walk"), ("checkin", "list")],
    ids=["journal-list", "journal-search", "checkin-list"],
)
def test_reading_commands_load_no_risk_detector(
    store: tuple[Path, Path, int], args: tuple[str, ...]
) -> None:
    db, key, _ = store
    run = run_cli(db, key, *args)
    assert "midweek.storage.store" in run.modules  # the store really opened
    assert run.heavy() == []
    assert run.loaded(OFF_EVERYDAY + RISK + WORKSHEETS) == []


@pytest.mark.parametrize(
    ("args", "reads_text"),
    [
        (("log", "{id}", "done"), False),
        (("checkin", "mood", "6"), False),
        (("log", "{id}", "partial", "--note", "Only five minutes."), True),
        (("journal", "write", "A quiet walk after work."), True),
    ],
    ids=["log", "checkin-mood", "log-with-note", "journal-write"],
)
def test_writing_commands_are_light(
    store: tuple[Path, Path, int], args: tuple[str, ...], reads_text: bool
) -> None:
    db, key, ident = store
    run = run_cli(db, key, *(a.format(id=ident) for a in args))
    assert "peewee" in run.modules
    assert run.heavy() == []
    assert run.migration_reads == []
    assert run.loaded(OFF_EVERYDAY + WORKSHEETS) == []
    # The detector's engine loads when, and only when, there are words to read.
    assert bool(run.loaded(RISK_ENGINE)) is reads_text, run.loaded(RISK_ENGINE)


def test_a_fresh_database_does_read_the_migrations(tmp_path: Path) -> None:
    # The control for the test above: the hook sees the migration when one runs.
    run = run_cli(tmp_path / "new.db", tmp_path / "new.key", "today")
    assert any(p.endswith("0001_initial.sql") for p in run.migration_reads)
