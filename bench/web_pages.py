"""Every client page's server time, Today's first paint in Chromium, and the page weight.

Usage (from the repository root)::

    .venv/bin/python bench/web_pages.py                  # updates BENCHMARKS-WEB.md
    .venv/bin/python bench/web_pages.py --requests 50 --paints 5 --out /tmp/p.md

One uvicorn server (a subprocess, one worker, as ``bench/web_load.py`` starts it) over a
fresh SQLite database with one client holding the demo's history, and in the same run the
bare FastAPI floor (``GET /bare``). Three measurements, against the targets of the phone
issue (#10):

1. **Server time per page**: each signed-in page is asked ``--requests`` times, one request
   at a time, after a warm-up, in shuffled round-robin order so that drift hits every page
   alike. One request at a time means no queueing: the latency measured in the client over
   loopback is the server's time plus the loopback round trip, which the bare floor shows
   (its p50 is subtracted nowhere — the figures are an upper bound). Server CPU per request
   comes from ``/proc`` (user + system). Target: p50 ≤ 50 ms, p95 ≤ 100 ms.
2. **First contentful paint of Today** in headless Debian Chromium (``/usr/bin/chromium``,
   never a downloaded browser): a fresh browser context each time (nothing cached, no
   service worker yet), signed in by cookie, ``performance`` entries read after load.
   Target: ≤ 300 ms.
3. **Page weight**: everything Today loads from ``/static/`` (stylesheet, scripts, the icon
   sprite), gzip-compressed here at
   level 6 (what a reverse proxy's default sends; the app serves them uncompressed).
   Target: ≤ 60 KB.
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx2

sys.path.insert(0, str(Path(__file__).parent))
from sections import put_section
from web_load import (
    BENCH,
    PASSWORD,
    USERNAME,
    WORK,
    git,
    load_average,
    midweek_server,
    sign_in,
    uvicorn_server,
)

DEFAULT_OUT = BENCH.parent / "BENCHMARKS-WEB.md"
BEGIN, END = "<!-- bench/web_pages.py begin -->", "<!-- bench/web_pages.py end -->"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: The pages a client opens, each with a marker its answer must hold (a fast wrong page is
#: an error, not a result).
PAGES: dict[str, str] = {
    "/": 'id="this-week"',
    "/journal": "<h1",
    "/journal/new": 'id="journal-text"',
    "/checkin": "<form",
    "/checkin/history": "<h1",
    "/plan": "<h1",
    "/homework": "<h1",
    "/homework/new": "<form",
    "/sessions": "<h1",
    "/questions": "<form",
    "/goals": "<h1",
    "/worksheets": "<h1",
    "/records": "<h1",
    "/thread": "<h1",
    "/prep": "<form",
    "/safety-plan": "<h1",
    "/crisis": 'id="not-monitored"',
    "/sharing": "<h1",
    "/settings": "<form",
    "/more": "<h1",
}
BARE = {"/bare": '"ok"'}
TARGET_P50, TARGET_P95, TARGET_FCP, TARGET_WEIGHT = 50.0, 100.0, 300.0, 60 * 1024


@dataclass
class Page:
    path: str
    latencies: list[float] = field(default_factory=list)  # ms
    cpu: float = 0.0  # server CPU seconds over the measured requests

    def pct(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def measure_pages(
    base_url: str,
    cpu_seconds: Callable[[], float],
    cookies: dict[str, str],
    markers: dict[str, str],
    args: argparse.Namespace,
) -> list[Page]:
    """``--requests`` rounds of every page, one request at a time, in shuffled order."""
    pages = {path: Page(path) for path in markers}
    rng = random.Random(7)
    with httpx2.Client(base_url=base_url, cookies=cookies, timeout=30) as client:
        for _ in range(args.warmup):
            for path in markers:
                client.get(path)
        for _ in range(args.requests):
            order = list(markers)
            rng.shuffle(order)
            for path in order:
                before_cpu = cpu_seconds()
                start = time.perf_counter()
                answer = client.get(path)
                elapsed = (time.perf_counter() - start) * 1000
                pages[path].cpu += cpu_seconds() - before_cpu
                marker = markers[path]
                if answer.status_code != 200 or marker not in answer.text:
                    raise SystemExit(f"{path} answered {answer.status_code} without {marker!r}")
                pages[path].latencies.append(elapsed)
    return list(pages.values())


FCP_SCRIPT = (
    "() => { const e = performance.getEntriesByName('first-contentful-paint')[0];"
    " return e ? e.startTime : null; }"
)


@dataclass
class Browser:
    fcps: list[float] = field(default_factory=list)  # ms, one per fresh context
    raw: int = 0  # bytes of what Today loads from /static/ (styles, scripts, icons)
    packed: int = 0  # the same, gzip level 6
    assets: list[str] = field(default_factory=list)


def browser_figures(base_url: str, cookies: dict[str, str], paints: int) -> Browser:
    """First contentful paint of Today, each in a fresh context, and its static weight
    (counted on the first, untimed load)."""
    from playwright.sync_api import Response, sync_playwright

    host = base_url.split("//", 1)[1].split(":", 1)[0]
    jar = [{"name": k, "value": v, "domain": host, "path": "/"} for k, v in cookies.items()]
    found = Browser()
    bodies: list[Response] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for run in range(paints + 1):
                context = browser.new_context(viewport={"width": 390, "height": 844})
                context.add_cookies(jar)  # type: ignore[arg-type]
                page = context.new_page()
                if run == 0:
                    page.on("response", lambda response: bodies.append(response))
                page.goto(base_url + "/", wait_until="load")
                # The paint entry can be recorded just after "load": wait for it (5 s at most).
                fcp = page.wait_for_function(FCP_SCRIPT, timeout=5000).json_value()
                if run == 0:
                    for response in bodies:
                        if response.url.startswith(base_url + "/static/"):
                            body = response.body()
                            found.raw += len(body)
                            found.packed += len(gzip.compress(body, compresslevel=6))
                            found.assets.append(response.url.removeprefix(base_url))
                else:
                    found.fcps.append(float(fcp))
                context.close()
        finally:
            browser.close()
    return found


def met(ok: bool) -> str:
    return "met" if ok else "**not met**"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=100, help="per page (100)")
    parser.add_argument("--warmup", type=int, default=5, help="rounds before measuring (5)")
    parser.add_argument("--paints", type=int, default=9, help="Chromium page loads (9)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    load_before = load_average()
    started = time.monotonic()
    WORK.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="web-pages-", dir=WORK))
    env = {k: v for k, v in os.environ.items() if not k.startswith("MIDWEEK_")}
    env["PYTHONPATH"] = str(BENCH.parent / "src")
    try:
        with uvicorn_server(
            "web_load:bare_app", env=env, app_dir=BENCH, probe="/bare", log=folder / "bare.log"
        ) as server:
            bare = measure_pages(server.base_url, server.cpu_seconds, {}, BARE, args)[0]
        with midweek_server(str(folder / "data" / "midweek.db"), folder, env) as server:
            cookies, _token, _practice = sign_in(server.base_url, USERNAME, PASSWORD)
            pages = measure_pages(server.base_url, server.cpu_seconds, cookies, PAGES, args)
            seen = browser_figures(server.base_url, cookies, args.paints)
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    worst50 = max(p.pct(0.5) for p in pages)
    worst95 = max(p.pct(0.95) for p in pages)
    fcps, fcp = seen.fcps, statistics.median(seen.fcps)
    lines = [
        "## Every client page, first paint and page weight (`bench/web_pages.py`)",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, commit "
        f"{git('rev-parse', '--short=12', 'HEAD')}, SQLite, the demo's six-week history; "
        f"load average {load_before} before, {load_average()} after; "
        f"{time.monotonic() - started:.0f} s. Reproduce: `.venv/bin/python bench/web_pages.py`. "
        f"{args.requests} requests per page, one at a time, pages in shuffled round-robin order "
        "(latency in the client over loopback: server time plus one round trip, an upper "
        "bound; the bare FastAPI floor in the same run shows the round trip).",
        "",
        "| page | p50 ms | p95 ms | max ms | server CPU ms/req | p50 × bare |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for p in [bare, *pages]:
        lines.append(
            f"| `GET {p.path}` | {p.pct(0.5):.1f} | {p.pct(0.95):.1f} | {max(p.latencies):.0f} "
            f"| {p.cpu / len(p.latencies) * 1000:.1f} | ×{p.pct(0.5) / bare.pct(0.5):.1f} |"
        )
    lines += [
        "",
        "| target | measured | |",
        "|---|---:|---|",
        f"| every page p50 ≤ {TARGET_P50:.0f} ms | slowest {worst50:.1f} ms "
        f"| {met(worst50 <= TARGET_P50)} |",
        f"| every page p95 ≤ {TARGET_P95:.0f} ms | slowest {worst95:.1f} ms "
        f"| {met(worst95 <= TARGET_P95)} |",
        f"| Today's first contentful paint ≤ {TARGET_FCP:.0f} ms (median of {len(fcps)}, "
        f"fresh context each, 390×844) | {fcp:.0f} ms (min {min(fcps):.0f}, max "
        f"{max(fcps):.0f}) | {met(fcp <= TARGET_FCP)} |",
        f"| CSS + JS + icons ≤ {TARGET_WEIGHT // 1024} KB compressed | "
        f"{seen.packed / 1024:.1f} KB gzip ({seen.raw / 1024:.1f} KB raw) "
        f"| {met(seen.packed <= TARGET_WEIGHT)} |",
        "",
        "What Today loads: " + ", ".join(f"`{a}`" for a in sorted(set(seen.assets))) + ".",
    ]
    print(put_section(args.out, BEGIN, END, "\n".join(lines)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
