"""A bounded load benchmark of the web app over loopback; writes BENCHMARKS-WEB.md.

Usage (from the repository root)::

    .venv/bin/python bench/web_load.py                      # what `make bench-web` runs
    .venv/bin/python bench/web_load.py --requests 500 --concurrency 4 --out /tmp/w.md
    scripts/with-postgres .venv/bin/python bench/web_load.py --database postgres

Two servers are started the same way, one after the other: uvicorn in a subprocess (one
worker, ``--no-access-log``, 127.0.0.1, a free port), first on a bare FastAPI app with one
trivial endpoint (``GET /bare``, the floor), then on midweek's app over a fresh database
with one client account holding the demo's history. The client signs in once (its cookie
and the CSRF token from Today's form), then each scenario gets a warm-up and a fixed
number of requests at a fixed concurrency from one ``httpx2.AsyncClient``:

1. ``GET /bare`` on the bare app;
2. ``GET /`` (Today) with the session cookie: must be 200 and show the practice section;
3. ``POST /practice/{id}/log`` with ``outcome=done``, as htmx sends it (``HX-Request``,
   the CSRF token as header and field): must be 200 and say the practice was logged.

Anything else (another status, a missing section, a connection error) is counted as an
error and shown, never dropped. See bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import httpx2
from sections import put_section

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DEFAULT_OUT = ROOT / "BENCHMARKS-WEB.md"
#: This bench's part of DEFAULT_OUT (bench/startup.py and bench/web_pages.py keep theirs).
BEGIN, END = "<!-- bench/web_load.py begin -->", "<!-- bench/web_load.py end -->"
#: Where the throw-away database lives while the run lasts (git-ignored, removed after).
WORK = BENCH / ".work"
HOST = "127.0.0.1"
PG_URL_ENV = "MIDWEEK_TEST_POSTGRES_URL"
USERNAME = "bench"
PASSWORD = "correct horse battery staple"
#: Markers the answers must hold (a fast wrong page is an error, not a result).
TODAY_MARKERS = ('id="this-week"', 'class="practice"')
LOGGED_MARKER = 'class="logged"'
PRACTICE_ID = re.compile(r'id="practice-(\d+)"')
CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


def _fast_params() -> Any:
    from midweek.services.accounts import HashParams

    return HashParams(time_cost=1, memory_cost=8, parallelism=1)


def bare_app() -> Any:
    """The floor: FastAPI with one trivial endpoint (``uvicorn --factory web_load:bare_app``)."""
    from fastapi import FastAPI

    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)

    @app.get("/bare")
    def bare() -> dict[str, bool]:
        return {"ok": True}

    return app


# --- servers ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Server:
    base_url: str
    process: subprocess.Popen[bytes]

    def cpu_seconds(self) -> float:
        """User + system CPU time of the server process so far (Linux /proc; else 0)."""
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) / ticks


@contextmanager
def uvicorn_server(
    target: str, *, env: dict[str, str], app_dir: Path | None, probe: str, log: Path
) -> Iterator[Server]:
    """``uvicorn --factory TARGET`` in a subprocess on a free loopback port; stopped after."""
    port = free_port()
    cmd = [sys.executable, "-m", "uvicorn", "--factory", target, "--host", HOST]
    cmd += ["--port", str(port), "--workers", "1", "--no-access-log", "--log-level", "warning"]
    if app_dir is not None:
        cmd += ["--app-dir", str(app_dir)]
    with log.open("wb") as out:
        process = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    base_url = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                tail = "\n".join(log.read_text(errors="replace").splitlines()[-15:])
                raise RuntimeError(f"{target} exited at start-up:\n{tail}")
            try:
                if httpx2.get(base_url + probe, timeout=2).status_code < 500:
                    break
            except httpx2.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{target} did not answer on {base_url} within 30 s")
            time.sleep(0.05)
        yield Server(base_url, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def database(kind: str, folder: Path) -> Iterator[str]:
    """A fresh database URL: a SQLite file in ``folder``, or a new PostgreSQL schema."""
    if kind == "sqlite":
        yield str(folder / "data" / "midweek.db")
        return
    url = os.environ.get(PG_URL_ENV)
    if not url:
        raise SystemExit(
            f"--database postgres needs {PG_URL_ENV} (e.g. run through scripts/with-postgres)"
        )
    import psycopg  # before peewee, see midweek.storage.dialect.import_peewee

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
        try:
            sep = "&" if "?" in url else "?"
            yield f"{url}{sep}options=-csearch_path%3D{schema}"
        finally:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


def seed(url: str, key_file: Path) -> tuple[str, str]:
    """One client account with the demo's history, as tests/browser/live.py makes it (with
    its fast Argon2 parameters: sign-in is not measured)."""
    from midweek.services import accounts as acc
    from midweek.services import demo
    from midweek.services.library import shipped_templates
    from midweek.storage import open_store

    now = datetime.now().astimezone()
    store = open_store(url, key_file)
    saved, acc.PARAMS = acc.PARAMS, _fast_params()
    try:
        account = acc.create_account(store.unit_of_work(), USERNAME, PASSWORD, "client", now)
        assert account.person_id is not None
        demo.seed(
            store.unit_of_work(person_id=account.person_id),
            now=now,
            thought_record=shipped_templates().get("thought-record"),
        )
    finally:
        acc.PARAMS = saved
        store.close()
    return account.username, PASSWORD


@contextmanager
def midweek_server(url: str, folder: Path, env: dict[str, str]) -> Iterator[Server]:
    """midweek's app over ``url``, seeded with one client holding the demo's history (signs
    in as USERNAME / PASSWORD), served like the bare app; its log is ``folder/midweek.log``."""
    key_file = folder / "keys" / "midweek.key"
    seed(url, key_file)
    app_env = {
        **env,
        "MIDWEEK_DATA_DIR": str(folder / "data"),
        "MIDWEEK_KEY_FILE": str(key_file),
        "MIDWEEK_DATABASE_URL": url,
    }
    with uvicorn_server(
        "midweek.web.app:app_from_environment",
        env=app_env,
        app_dir=None,
        probe="/login",
        log=folder / "midweek.log",
    ) as server:
        yield server


# --- load ------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    label: str
    planned: int
    latencies: list[float] = field(default_factory=list)  # seconds, every answered request
    errors: Counter[str] = field(default_factory=Counter)
    samples: dict[str, str] = field(default_factory=dict)  # an error's first answer, shortened
    wall: float = 0.0
    server_cpu: float = 0.0
    stopped_early: bool = False
    unanswered: int = 0  # connection errors and time-outs (counted in errors too)

    @property
    def sent(self) -> int:
        return len(self.latencies) + self.unanswered

    @property
    def cpu_per_request(self) -> float:
        """Server CPU ms per measured request (needs /proc)."""
        return self.server_cpu / self.sent * 1000 if self.sent else float("nan")

    @property
    def rps(self) -> float:
        return self.sent / self.wall if self.wall else 0.0

    def pct(self, q: float) -> float:
        """The q-quantile of latency in ms (nearest rank)."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))] * 1000

    def half_medians(self) -> tuple[float, float]:
        """Median ms of the first and the second half (in sending order): drift."""
        half = len(self.latencies) // 2
        first, second = self.latencies[:half], self.latencies[half:]
        return statistics.median(first) * 1000, statistics.median(second) * 1000


Check = Callable[[httpx2.Response], str | None]


async def run_load(
    client: httpx2.AsyncClient,
    make_request: Callable[[], httpx2.Request],
    check: Check,
    *,
    count: int,
    concurrency: int,
    deadline: float | None,
    result: Result | None,
) -> None:
    """Send ``count`` requests from ``concurrency`` workers; record into ``result``."""
    remaining = iter(range(count))

    async def worker() -> None:
        for _ in remaining:
            if deadline is not None and time.monotonic() > deadline:
                if result is not None:
                    result.stopped_early = True
                return
            start = time.perf_counter()
            try:
                response = await client.send(make_request())
                await response.aread()
            except httpx2.HTTPError as err:
                if result is not None:
                    result.errors[f"{type(err).__name__}"] += 1
                    result.unanswered += 1
                continue
            elapsed = time.perf_counter() - start
            if result is None:
                continue
            result.latencies.append(elapsed)
            problem = check(response)
            if problem:
                result.errors[problem] += 1
                result.samples.setdefault(problem, excerpt(response.text))

    await asyncio.gather(*(worker() for _ in range(concurrency)))


def excerpt(body: str, limit: int = 160) -> str:
    """The words of an answer (tags and spaces squeezed out), for the error list."""
    text = " ".join(re.sub(r"<[^>]+>", " ", body).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def status_check(expected: int, *markers: str) -> Check:
    def check(response: httpx2.Response) -> str | None:
        if response.status_code != expected:
            return f"HTTP {response.status_code}"
        missing = [m for m in markers if m not in response.text]
        return f"{expected} without {missing[0]}" if missing else None

    return check


async def scenario(
    server: Server,
    result: Result,
    make_request: Callable[[httpx2.AsyncClient], httpx2.Request],
    check: Check,
    *,
    cookies: dict[str, str],
    warmup: int,
    concurrency: int,
    max_seconds: float,
) -> Result:
    limits = httpx2.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx2.AsyncClient(
        base_url=server.base_url, cookies=cookies, limits=limits, timeout=30
    ) as client:

        def build() -> httpx2.Request:
            return make_request(client)

        warm = Result(result.name, result.label, warmup)
        await run_load(
            client, build, check, count=warmup, concurrency=concurrency, deadline=None, result=warm
        )
        if warm.errors:
            result.errors.update({f"warm-up: {k}": v for k, v in warm.errors.items()})
            result.samples.update({f"warm-up: {k}": v for k, v in warm.samples.items()})
        cpu0 = server.cpu_seconds()
        start = time.perf_counter()
        await run_load(
            client,
            build,
            check,
            count=result.planned,
            concurrency=concurrency,
            deadline=time.monotonic() + max_seconds,
            result=result,
        )
        result.wall = time.perf_counter() - start
        result.server_cpu = server.cpu_seconds() - cpu0
    return result


def sign_in(base_url: str, username: str, password: str) -> tuple[dict[str, str], str, int]:
    """Sign in through the form; the session cookie, Today's CSRF token and a practice id."""
    with httpx2.Client(base_url=base_url, timeout=30) as client:
        form = client.get("/login")
        token = CSRF_INPUT.search(form.text)
        assert token, "no CSRF token on the sign-in page"
        answer = client.post(
            "/login",
            data={"username": username, "password": password, "csrf_token": token.group(1)},
        )
        assert answer.status_code == 303, f"sign-in answered {answer.status_code}"
        today = client.get("/")
        assert today.status_code == 200, f"Today answered {today.status_code}"
        for marker in TODAY_MARKERS:
            assert marker in today.text, f"Today has no {marker}: is there no practice due?"
        token = CSRF_INPUT.search(today.text)
        practice = PRACTICE_ID.search(today.text)
        assert token and practice, "Today has no practice form"
        return dict(client.cookies), token.group(1), int(practice.group(1))


# --- report ----------------------------------------------------------------------------


def git(*args: str) -> str:
    try:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def fmt(value: float, digits: int = 1) -> str:
    return "—" if value != value else f"{value:,.{digits}f}"


def report(
    results: list[Result], info: dict[str, str], args: argparse.Namespace, notes: list[str]
) -> str:
    bare = results[0]
    lines = [
        "# Web benchmarks",
        "",
        "Written by `bench/web_load.py` (`make bench-web`); see bench/README.md. "
        "The command-line figures are in BENCHMARKS.md.",
        "",
        *(f"- **{k}:** {v}" for k, v in info.items()),
        "",
        f"{args.requests:,} requests per scenario after {args.warmup} warm-up, "
        f"{args.concurrency} at a time, one `httpx2.AsyncClient` in the same machine as the "
        "server (client and server share the cores). Latency is measured in the client, "
        "from sending to the last byte.",
        "",
        "| scenario | requests | errors | req/s | p50 ms | p90 ms | p99 ms | max ms "
        "| server CPU ms/req |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        errors = sum(r.errors.values())
        lines.append(
            f"| {r.label} | {r.sent:,}{' (stopped at the time cap)' if r.stopped_early else ''} "
            f"| {errors} | {fmt(r.rps, 0)} | {fmt(r.pct(0.5), 2)} | {fmt(r.pct(0.9), 2)} "
            f"| {fmt(r.pct(0.99), 2)} | {fmt(r.pct(1.0), 0)} | {fmt(r.cpu_per_request, 2)} |"
        )
    lines += [
        "",
        "| ratio to bare | p50 | req/s | server CPU per request |",
        "|---|---:|---:|---:|",
    ]
    for r in results[1:]:
        p50 = r.pct(0.5) / bare.pct(0.5) if bare.latencies else float("nan")
        rps = r.rps / bare.rps if bare.rps else float("nan")
        cpu = r.cpu_per_request / bare.cpu_per_request if bare.server_cpu else float("nan")
        lines.append(f"| {r.name} ÷ bare | ×{fmt(p50, 1)} | ×{fmt(rps, 2)} | ×{fmt(cpu, 1)} |")
    lines += ["", "Median latency of the first and second half of each scenario (drift):", ""]
    for r in results:
        if len(r.latencies) >= 2:
            first, second = r.half_medians()
            lines.append(f"- {r.name}: {fmt(first, 2)} ms → {fmt(second, 2)} ms")
    failures = [(r, k, v) for r in results for k, v in sorted(r.errors.items())]
    lines += ["", "## Errors", ""]
    if failures:
        for r, k, v in failures:
            sample = r.samples.get(k)
            lines.append(f"- {r.name}: {v} × {k}" + (f" — “{sample}”" if sample else ""))
    else:
        lines.append("None: every request got the expected status and content.")
    if notes:
        lines += ["", "## Notes", "", *(f"- {n}" for n in notes)]
    return "\n".join(lines) + "\n"


def machine_info(args: argparse.Namespace) -> dict[str, str]:
    dirty = " (with uncommitted changes)" if git("status", "--porcelain") else ""
    return {
        "date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "commit": git("rev-parse", "--short=12", "HEAD") + dirty,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "stack": ", ".join(
            f"{n} {version(n)}" for n in ("fastapi", "starlette", "uvicorn", "httpx2")
        ),
        "database": args.database,
    }


def filesystem(folder: Path) -> str:
    try:
        kind = subprocess.run(
            ["stat", "-f", "-c", "%T", str(folder)], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        kind = "?"
    return f"a new file on {kind}, under bench/.work/"


def load_average() -> str:
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


# --- main ------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="per scenario (2000)")
    parser.add_argument("--warmup", type=int, default=100, help="per scenario, untimed (100)")
    parser.add_argument("--concurrency", type=int, default=8, help="requests in flight (8)")
    parser.add_argument(
        "--database",
        choices=("sqlite", "postgres"),
        default="sqlite",
        help=f"sqlite (a temporary file) or postgres (a new schema in ${PG_URL_ENV})",
    )
    parser.add_argument("--postgres", action="store_const", const="postgres", dest="database")
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=40.0,
        help="time cap per measured scenario; a scenario stopped by it says so (40)",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="(BENCHMARKS-WEB.md)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    info = machine_info(args)
    load_before = load_average()
    WORK.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="web-load-", dir=WORK))
    info["database"] += f" ({filesystem(folder)})" if args.database == "sqlite" else ""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MIDWEEK_")}
    env["PYTHONDONTWRITEBYTECODE"] = env.get("PYTHONDONTWRITEBYTECODE", "1")
    common: dict[str, Any] = {"warmup": args.warmup, "concurrency": args.concurrency}
    common["max_seconds"] = args.max_seconds
    results: list[Result] = []
    notes: list[str] = []
    started = time.monotonic()
    try:
        with uvicorn_server(
            "web_load:bare_app", env=env, app_dir=BENCH, probe="/bare", log=folder / "bare.log"
        ) as server:
            bare = Result("bare", "`GET /bare` (bare FastAPI: the floor)", args.requests)
            results.append(
                asyncio.run(
                    scenario(
                        server,
                        bare,
                        lambda c: c.build_request("GET", "/bare"),
                        status_check(200, '"ok"'),
                        cookies={},
                        **common,
                    )
                )
            )
        with database(args.database, folder) as url:
            with midweek_server(url, folder, env) as server:
                cookies, token, practice = sign_in(server.base_url, USERNAME, PASSWORD)
                today = Result("Today", "`GET /` (Today, signed in)", args.requests)
                results.append(
                    asyncio.run(
                        scenario(
                            server,
                            today,
                            lambda c: c.build_request("GET", "/"),
                            status_check(200, *TODAY_MARKERS),
                            cookies=cookies,
                            **common,
                        )
                    )
                )
                headers = {"HX-Request": "true", "X-CSRF-Token": token}
                body = {"csrf_token": token, "outcome": "done"}
                log = Result("log", f"`POST /practice/{practice}/log` done (htmx)", args.requests)
                results.append(
                    asyncio.run(
                        scenario(
                            server,
                            log,
                            lambda c: c.build_request(
                                "POST", f"/practice/{practice}/log", headers=headers, data=body
                            ),
                            status_check(200, LOGGED_MARKER),
                            cookies=cookies,
                            **common,
                        )
                    )
                )
            server_log = (folder / "midweek.log").read_text(errors="replace").strip()
            if server_log:
                tail = server_log.splitlines()[-5:]
                notes.append(
                    "The midweek server wrote to its log (last lines): "
                    + " / ".join(f"`{line.strip()}`" for line in tail)
                )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    info["load average (1/5/15 min)"] = f"{load_before} before, {load_average()} after"
    info["whole run"] = f"{time.monotonic() - started:.0f} s"
    log_count = results[-1].sent + args.warmup
    notes.append(
        "Today only reads; logging writes, and on SQLite the writes in flight queue for its "
        "one write lock, which is what the p99 and max of log mostly show. Run with "
        "`--concurrency 1` for the cost without queueing, or `--postgres`."
    )
    notes.append(
        f"The log scenario adds {log_count:,} practice logs to one assignment on one day, "
        "far more than a person ever would; the drift line above shows whether that "
        "makes each log slower."
    )
    text = report(results, info, args, notes)
    print(put_section(args.out, BEGIN, END, text))
    print(f"written to {args.out}")
    return 1 if any(r.errors for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
