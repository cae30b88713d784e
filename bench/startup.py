"""Restart time of ``midweek serve``: from starting the process to the first answered request.

Usage (from the repository root)::

    .venv/bin/python bench/startup.py          # 9 restarts each way; updates BENCHMARKS-WEB.md
    .venv/bin/python bench/startup.py --restarts 5 --out /tmp/s.md

Each restart runs the real command (``python -m midweek serve`` on a free loopback port)
over one database holding the demo's history, polls ``GET /login`` every 10 ms and stops
the clock at the first 200; the server is then killed with SIGKILL, as a crash would end
it. Two ways, because this matters more than anything in the code:

* **bytecode cached** — as an installed package runs (pip compiles ``.pyc`` files at
  install; here a private ``PYTHONPYCACHEPREFIX`` filled by one untimed start);
* **no bytecode cache** — as a source checkout runs with ``PYTHONDONTWRITEBYTECODE=1``
  (this machine's default): every start compiles midweek's modules again.

The medians (and min/max) go into BENCHMARKS-WEB.md between the ``startup`` markers.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from sections import put_section

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DEFAULT_OUT = ROOT / "BENCHMARKS-WEB.md"
HOST = "127.0.0.1"
PROBE = "/login"
BEGIN, END = "<!-- startup:begin -->", "<!-- startup:end -->"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def first_answer(env: dict[str, str], timeout: float = 60.0) -> float:
    """Seconds from spawning ``midweek serve`` to its first 200 on PROBE."""
    port = free_port()
    cmd = [sys.executable, "-m", "midweek", "serve", "--host", HOST, "--port", str(port)]
    url = f"http://{HOST}:{port}{PROBE}"
    start = time.perf_counter()
    process = subprocess.Popen(
        cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"midweek serve exited: {process.stderr.read()[-800:]!r}")  # type: ignore[union-attr]
            try:
                with urllib.request.urlopen(url, timeout=2) as answer:
                    if answer.status == 200:
                        return time.perf_counter() - start
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.perf_counter() - start > timeout:
                raise RuntimeError(f"no answer on {url} within {timeout} s")
            time.sleep(0.01)
    finally:
        process.kill()
        process.wait()


def seeded_env(folder: Path) -> dict[str, str]:
    """The environment for a server over a database with the demo's history."""
    env = {
        **os.environ,
        "MIDWEEK_DATA_DIR": str(folder / "data"),
        "MIDWEEK_KEY_FILE": str(folder / "keys" / "midweek.key"),
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("MIDWEEK_DATABASE_URL", None)
    os.environ.update({k: env[k] for k in ("MIDWEEK_DATA_DIR", "MIDWEEK_KEY_FILE")})
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(BENCH))
    import web_load

    web_load.seed(str(folder / "data" / "midweek.db"), folder / "keys" / "midweek.key")
    return env


def measure(env: dict[str, str], restarts: int) -> list[float]:
    return [first_answer(env) for _ in range(restarts)]


def line(label: str, times: list[float]) -> str:
    ms = [t * 1000 for t in times]
    return (
        f"| {label} | {len(ms)} | {statistics.median(ms):,.0f} | {min(ms):,.0f} | {max(ms):,.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--restarts", type=int, default=9)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = seeded_env(folder)
        cached = {**env, "PYTHONPYCACHEPREFIX": str(folder / "pycache")}
        cached.pop("PYTHONDONTWRITEBYTECODE", None)
        first_answer(cached)  # untimed: fills the cache, as pip's install-time compile does
        uncached = {**env, "PYTHONDONTWRITEBYTECODE": "1"}
        rows = [
            line("bytecode cached (an installed package)", measure(cached, args.restarts)),
            line("no bytecode cache (source checkout)", measure(uncached, args.restarts)),
        ]
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    section = "\n".join(
        [
            "## Restart: process start to first answer (`bench/startup.py`)",
            "",
            f"`python -m midweek serve` over a SQLite database with the demo's history, "
            f"killed (SIGKILL) after each answer; the clock runs from spawning the process to "
            f"the first 200 on `GET {PROBE}` (polled every 10 ms). "
            f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average {load}.",
            "",
            "| how | restarts | median ms | min ms | max ms |",
            "|---|---:|---:|---:|---:|",
            *rows,
        ]
    )
    print(put_section(args.out, BEGIN, END, section))


if __name__ == "__main__":
    main()
