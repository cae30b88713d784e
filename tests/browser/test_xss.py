"""No script runs from what people type: 32 classic XSS payloads in every free-text field,
then every page the client and the therapist can reach, in real Chromium.

The audit's figure (issue 14: "0 script executions from 32 XSS payloads in every free-text
field across the rendered pages, the Markdown and PDF reports and the .ics"), as a test:

- Each payload is written, through the services, into every free-text field a person can
  write: journal text, tags and prompt, a draft, questions, goals and their values, mood
  notes, practice notes, barrier notes and next steps, worksheet answers, every safety-plan
  section and contact name, homework titles and instructions set by the client and by the
  therapist, the therapist's session takeaways and themes and rating notes, and access
  token names. (Plan windows are parsed times, not free text; accounts have no display
  text but the username, which allows no markup.)
- The client and the therapist then follow every link from their start page (as
  tests/web/test_crawl.py does). The app's ``Content-Security-Policy`` would stop an
  injected inline script anyway, so it is **removed** from every page here: the test sees
  what escaping alone does. Each value starts with its field's code ("qu07 "), so the test
  also knows that every field was shown on some page. Each page is checked twice: at run
  time (every payload calls ``__xss()``, a function exposed by the test, and any dialog
  counts) and in the DOM the browser built (no inline script, ``on*`` attribute,
  ``javascript:`` URL, ``srcdoc``, htmx attribute or CSS expression that came from a
  payload; no ``{{7*7}}`` evaluated).
- The prep report as Markdown and PDF, the safety plan as Markdown and PDF, the plan's
  .ics and the therapist's copy of the sent report (HTML and Markdown): the payloads are
  there as literal or escaped text, a PDF carries no JavaScript or actions, and Markdown
  rendered by CommonMark (raw HTML allowed) runs nothing in a page without a CSP.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from markdown_it import MarkdownIt
from playwright.sync_api import Browser, BrowserContext, Dialog, Page, Route

from midweek.domain.accounts import Account
from midweek.domain.entities import BarrierKind, Outcome, PlanContact, SafetyPlan, Source
from midweek.domain.sharing import TOGGLE_KINDS
from midweek.reports.html import render_html
from midweek.reports.markdown import render_markdown
from midweek.reports.view import build_view
from midweek.services import (
    care_links,
    checkins,
    consent,
    drafts,
    goals,
    homework,
    journal,
    linked_client,
    questions,
    tokens,
)
from midweek.services import plan as planning
from midweek.services import safety_plan as plans
from midweek.services.library import shipped_templates
from midweek.services.prep import build_prep

from .conftest import STEP_TIMEOUT_MS, Watch
from .live import LiveServer, now, sign_in

#: Classic payloads; each would call ``__xss(n)`` if it ran (or ask for a page that has
#: "xss" in its path, for htmx). At most 60 characters: a journal tag's limit.
PAYLOADS = (
    "<script>__xss(1)</script>",
    "<img src=x onerror=__xss(2)>",
    "<svg onload=__xss(3)>",
    "<svg><script>__xss(4)</script></svg>",
    '"><script>__xss(5)</script>',
    "'><img src=x onerror=__xss(6)>",
    '" onmouseover="__xss(7)" x="',
    "' onfocus='__xss(8)' autofocus x='",
    '" autofocus onfocus="__xss(9)',
    "javascript:__xss(10)",
    '<a href="javascript:__xss(11)">link</a>',
    "</textarea><script>__xss(12)</script>",
    "</title><script>__xss(13)</script>",
    "</script><script>__xss(14)</script>",
    "{{7*7}}xss15",
    "${7*7}xss16",
    "{{constructor.constructor('__xss(17)')()}}",
    "{%print(7*7)%}xss18",
    "&lt;script&gt;__xss(19)&lt;/script&gt;",
    "%3Cscript%3E__xss(20)%3C%2Fscript%3E",
    "\\u003cscript\\u003e__xss(21)\\u003c/script\\u003e",
    '<div style="width:expression(__xss(22))">x</div>',
    '<iframe srcdoc="<script>parent.__xss(23)</script>">',
    '<iframe src="javascript:__xss(24)"></iframe>',
    "<body onload=__xss(25)>",
    "<details open ontoggle=__xss(26)>",
    "<input autofocus onfocus=__xss(27)>",
    '<object data="javascript:__xss(28)"></object>',
    '<div hx-on::load="__xss(29)">x</div>',
    '<div hx-get="/xss30" hx-trigger="load">x</div>',
    '<a href="&#106;avascript:__xss(31)">x</a>',
    "<img src=x oNeRrOr=&#95;_xss(32)>",
)

#: The DOM the browser built, searched for anything a payload could have made.
FIND_INJECTED = r"""() => {
  const bad = [];
  const urls = new Set(['href', 'src', 'action', 'formaction', 'data', 'xlink:href',
                        'poster', 'background', 'content']);
  const framing = ['iframe', 'object', 'embed', 'frame', 'base'];
  const say = (what, el) => bad.push(what + ': ' + el.outerHTML.slice(0, 160));
  for (const el of document.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    if (tag === 'script' && !el.src && el.textContent.trim()) say('inline script', el);
    if (framing.includes(tag)) say('element', el);
    for (const a of el.attributes) {
      const n = a.name.toLowerCase();
      const v = a.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
      const hx = n.startsWith('hx-') || n.startsWith('data-hx');
      if (n.startsWith('on')) say('handler', el);
      else if (urls.has(n) && /^(javascript|vbscript|data:text\/html)/.test(v)) say('url', el);
      else if (urls.has(n) && /url=javascript/.test(v)) say('refresh', el);
      else if (n === 'srcdoc') say('srcdoc', el);
      else if (hx && v.includes('xss')) say('htmx', el);
      else if (n === 'style' && /expression|xss/.test(v)) say('style', el);
    }
  }
  if (document.body && /49xss/.test(document.body.textContent)) bad.push('template evaluated');
  return bad;
}"""

#: Links that end the session; downloads are fetched and checked on their own.
SKIP = {"/logout"}
DOWNLOAD = re.compile(r"\.(md|pdf|ics|json|csv|zip)$")
LIMIT = 600
QUERIES = 4

#: Rendering a report full of payloads to PDF may take this long on a loaded machine.
PDF_TIMEOUT_MS = 60_000


@dataclass
class Runs:
    """Every sign that a payload ran: calls of ``__xss``, dialogs, requests to /xss…"""

    calls: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def total(self) -> int:
        return len(self.calls) + len(self.dialogs) + len(self.requests)


@dataclass(frozen=True)
class Hostile:
    client: Account
    therapist: Account
    person_id: int
    report_id: int
    assignments: tuple[int, ...]


#: Every free-text field, by a short code that starts each value written there ("qu07 "
#: and payload 7), so the pages can be searched for which fields they showed.
FIELDS = {
    "st": "session takeaway",
    "sh": "session theme",
    "ht": "homework title (client)",
    "hi": "homework instructions (client)",
    "tt": "homework title (therapist)",
    "ti": "homework instructions (therapist)",
    "je": "journal text",
    "jg": "journal tag",
    "jp": "journal prompt",
    "dr": "journal draft",
    "qu": "question",
    "go": "goal",
    "gv": "goal value",
    "mo": "mood note",
    "pn": "practice note",
    "bn": "barrier note",
    "bs": "barrier next step",
    "ws": "worksheet situation",
    "wa": "worksheet automatic thought",
    "we": "worksheet emotion",
    "wf": "worksheet evidence for",
    "wb": "worksheet balanced thought",
    "rn": "rating note (therapist)",
    "tk": "token name",
    "sw": "safety plan warning signs",
    "sc": "safety plan coping",
    "sd": "safety plan distractions",
    "sp": "safety plan people (contact names)",
    "pr": "safety plan professionals (contact names)",
    "sf": "safety plan making things safer",
    "re": "safety plan reasons",
}
MARKER = re.compile(r"\b(" + "|".join(FIELDS) + r")(\d\d) ")


def v(code: str, n: int) -> str:
    """What goes into field ``code`` for payload ``n`` (0-based)."""
    assert code in FIELDS
    return f"{code}{n + 1:02d} {PAYLOADS[n]}"


def _seed(live: LiveServer) -> Hostile:
    """A linked client and therapist, every kind shared, every free-text field holding
    every payload (one record per payload where a record has one such field)."""
    at = now()
    client = live.add_account("xss-client")
    therapist = live.add_account("xss-therapist", "therapist")
    pid = client.person_id
    assert pid is not None

    def mine() -> Any:
        return live.store.unit_of_work(person_id=pid)

    code = care_links.invite(live.store.unit_of_work(), therapist, now=at).code
    care_links.accept_invite(live.store.unit_of_work(), client, code, share=TOGGLE_KINDS, now=at)
    template = shipped_templates().get("thought-record")
    assert template is not None
    every = range(len(PAYLOADS))

    # Session notes first and in the past: the prep report covers from the latest session.
    for n in every:
        linked_client.record_session(
            mine(),
            therapist,
            pid,
            day=at.date() - timedelta(days=60 - n),
            takeaways=[v("st", n)],
            themes=[v("sh", n)],
            next_appointment=None,
            now=at,
        )
    # Windows every day, so the plan (and its .ics) places the homework.
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    planning.add_windows(mine(), [f"{d} 06:00-23:00" for d in days], now=at)
    mine_homework: list[int] = []
    theirs: list[int] = []
    for n in every:
        own = homework.add_homework(
            mine(),
            title=v("ht", n),
            per_week=1,
            minutes=5,
            now=at,
            instructions=v("hi", n),
            source=Source.SELF,
        )
        assert own.id is not None
        mine_homework.append(own.id)
        assignment = homework.new_assignment(
            title=v("tt", n), per_week=1, minutes=5, now=at, instructions=v("ti", n)
        )
        set_ = linked_client.assign_homework(mine(), therapist, pid, assignment, now=at)
        assert set_.id is not None
        theirs.append(set_.id)
    for n in every:
        journal.write_entry(mine(), v("je", n), at=at, tags=[v("jg", n)], prompt=v("jp", n))
        questions.ask(mine(), v("qu", n), now=at)
        goals.add_goal(
            mine(), text=v("go", n), value=v("gv", n), importance=5, confidence=5, now=at
        )
        checkins.checkin_mood(mine(), 5, note=v("mo", n), at=at)
        aid = (mine_homework if n % 2 else theirs)[n]
        homework.log_practice(mine(), aid, Outcome.PARTIAL, at=at, note=v("pn", n))
        homework.add_barrier(
            mine(),
            BarrierKind.TIME,
            at=at,
            assignment_id=aid,
            note=v("bn", n),
            next_step=v("bs", n),
        )
        answers = {
            "situation": v("ws", n),
            "automatic_thought": v("wa", n),
            "emotion": v("we", n),
            "intensity_before": 60,
            "evidence_for": v("wf", n),
            "balanced_thought": v("wb", n),
        }
        homework.fill_worksheet(mine(), template, answers, at=at)
        linked_client.rate_homework(
            mine(), therapist, pid, theirs[n], rating=2, note=v("rn", n), now=at
        )
        tokens.create_token(live.store.unit_of_work(), client, v("tk", n), now=at)
    drafts.save_draft(mine(), "journal", "\n".join(v("dr", n) for n in every), now=at)

    def lines(code: str) -> list[str]:
        return [v(code, n) for n in every]

    plans.save_plan(
        mine(),
        SafetyPlan(
            warning_signs=lines("sw"),
            coping=lines("sc"),
            distractions=lines("sd"),
            people=[PlanContact(v("sp", n), "0123 456") for n in every],
            professionals=[PlanContact(v("pr", n), "0987 654") for n in every],
            safer=lines("sf"),
            reasons=lines("re"),
        ),
        now=at,
    )
    view = build_view(build_prep(mine(), now=at))
    report = consent.send_report(
        mine(),
        client,
        markdown=render_markdown(view),
        html=render_html(view),
        left_out=[],
        now=at,
    )
    assert report.id is not None
    return Hostile(client, therapist, pid, report.id, tuple(mine_homework + theirs))


@pytest.fixture(scope="module")
def hostile(live: LiveServer) -> Hostile:
    return _seed(live)


def _without_csp(route: Route) -> None:
    """Pages without their Content-Security-Policy: only escaping stands in the way."""
    if route.request.resource_type != "document":
        route.continue_()
        return
    response = route.fetch()
    headers = {k: v for k, v in response.headers.items() if k.lower() != "content-security-policy"}
    route.fulfill(response=response, headers=headers)


@pytest.fixture
def hostile_context(browser: Browser, base_url: str) -> Iterator[Callable[[], tuple[Page, Runs]]]:
    """``make()``: a watched page in a new context with the payload detector installed."""
    made: list[tuple[BrowserContext, Watch]] = []

    def make() -> tuple[Page, Runs]:
        context = browser.new_context(base_url=base_url)
        context.set_default_timeout(STEP_TIMEOUT_MS)
        runs = Runs()
        context.expose_function("__xss", lambda n=None: runs.calls.append(str(n)))
        context.route("**/*", _without_csp)
        page = context.new_page()
        watch = Watch()
        page.on("console", watch.on_console)
        page.on("pageerror", watch.on_page_error)
        page.on("request", watch.on_request)
        page.on("response", watch.on_response)

        def dialog(d: Dialog) -> None:
            runs.dialogs.append(f"{d.type}: {d.message} at {page.url}")
            d.dismiss()

        page.on("dialog", dialog)

        def request(r: Any) -> None:
            if "xss" in urlsplit(r.url).path:
                runs.requests.append(r.url)

        context.on("request", request)
        made.append((context, watch))
        return page, runs

    yield make
    for context, watch in made:
        context.close()
        watch.assert_clean()


@dataclass
class Crawl:
    seen: dict[str, int] = field(default_factory=dict)  # status per URL visited
    found: list[str] = field(default_factory=list)  # what FIND_INJECTED found
    downloads: set[str] = field(default_factory=set)  # download links on the way
    shown: set[str] = field(default_factory=set)  # values shown ("qu07"), as text or in forms


#: What a page holds: its text, folded parts included, and its form fields (an edit form).
SHOWN = """() => {
  const out = [];
  const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (texts.nextNode()) out.push(texts.currentNode.data);
  for (const e of document.querySelectorAll('input, textarea')) out.push(e.value);
  return out.join('\\n');
}"""


def _crawl(page: Page, base_url: str, start: list[str]) -> Crawl:
    """Every page reached by links from ``start``: status per URL, what FIND_INJECTED
    found, the download links seen on the way and which values were shown. Links with a
    query (other weeks, older entries, a tag) are followed too, at most QUERIES per path."""
    crawl = Crawl()
    seen, found, downloads = crawl.seen, crawl.found, crawl.downloads
    per_path: dict[str, int] = {}
    queue = list(start)
    while queue and len(seen) < LIMIT:
        url = queue.pop(0)
        if url in seen:
            continue
        response = page.goto(base_url + url, wait_until="load")
        assert response is not None, url
        seen[url] = response.status
        assert response.status < 500, url
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue
        # One round trip per page: what was injected, what is shown, where links go.
        bad, shown, hrefs = page.evaluate(
            f"""() => [({FIND_INJECTED})(), ({SHOWN})(),
              Array.from(document.querySelectorAll('a[href]'),
                         a => [a.getAttribute('href'), a.hasAttribute('download')])]"""
        )
        found += [f"{url}: {what}" for what in bad]
        crawl.shown |= {c + n for c, n in MARKER.findall(shown)}
        here = page.url
        for href, is_download in hrefs:
            if href.startswith(("#", "tel:", "mailto:", "sms:")):
                continue
            target = urlsplit(urljoin(here, href))
            if f"{target.scheme}://{target.netloc}" != base_url or target.path in SKIP:
                continue
            link = target.path + (f"?{target.query}" if target.query else "")
            if is_download or DOWNLOAD.search(target.path):
                downloads.add(link)
            elif link not in seen and link not in queue:
                if target.query:
                    if per_path.get(target.path, 0) >= QUERIES:
                        continue
                    per_path[target.path] = per_path.get(target.path, 0) + 1
                queue.append(link)
    return crawl


def test_the_harness_sees_a_payload_that_runs(
    hostile_context: Callable[[], tuple[Page, Runs]],
) -> None:
    """Without this the zero below could mean a blind detector."""
    page, runs = hostile_context()
    page.goto("/login")
    # Two of the payloads as they would land unescaped (a broken image needs no request).
    page.set_content(
        f"<p>{PAYLOADS[0]}</p><p><img src='data:,' onerror=__xss(2)></p><p>{PAYLOADS[2]}</p>"
    )
    page.wait_for_function("document.readyState === 'complete'")
    deadline = time.monotonic() + 2
    while len(runs.calls) < 3 and time.monotonic() < deadline:
        page.wait_for_timeout(20)
    assert sorted(runs.calls) == ["1", "2", "3"]
    assert len(page.evaluate(FIND_INJECTED)) == 3


@pytest.mark.parametrize("who", ["client", "therapist"])
def test_no_payload_runs_on_any_reachable_page(
    hostile: Hostile,
    hostile_context: Callable[[], tuple[Page, Runs]],
    base_url: str,
    who: str,
) -> None:
    page, runs = hostile_context()
    account = hostile.client if who == "client" else hostile.therapist
    sign_in(page, base_url, account.username)
    started = time.monotonic()
    start = ["/"]
    if who == "client":
        # Reflected, not only stored: each payload as a search and as a tag in the URL, and
        # the barrier page of every homework (reached by a form button, not a link).
        start += [f"/journal?{urlencode({'q': p})}" for p in PAYLOADS]
        start += [f"/journal?{urlencode({'tag': p.lower()})}" for p in PAYLOADS]
        start += [f"/practice/{a}/barrier" for a in hostile.assignments]
    crawl = _crawl(page, base_url, start)
    seen, found = crawl.seen, crawl.found
    took = time.monotonic() - started
    fields_shown = {m[:2] for m in crawl.shown}
    print(
        f"\n{who}: {len(PAYLOADS)} payloads x {len(FIELDS)} fields = "
        f"{len(PAYLOADS) * len(FIELDS)} placed; {len(seen)} pages visited in {took:.1f} s; "
        f"{len(crawl.shown)} values shown from {len(fields_shown)} fields; "
        f"{runs.total()} executions; {len(crawl.downloads)} download links"
    )
    print("fields never shown:", sorted(FIELDS[c] for c in set(FIELDS) - fields_shown))
    # Between them the two see every field: the client's own notes on practice, barriers
    # and moods are on the therapist's page, the draft and token names only the client's.
    not_theirs = {"bn", "mo", "pn", "rn"} if who == "client" else {"dr", "tk"}
    assert fields_shown >= set(FIELDS) - not_theirs, sorted(set(FIELDS) - fields_shown)
    assert runs.total() == 0, runs
    assert not found, "payload markup in the DOM:\n" + "\n".join(found[:20])
    assert len(PAYLOADS) == 32
    if who == "client":
        # The pages that carry the payloads were reached (journal, homework, worksheets, ...).
        assert len(seen) >= 200, sorted(seen)
        assert {"/journal", "/questions", "/goals", "/safety-plan", "/prep", "/plan"} <= set(
            seen
        ), sorted(seen)
    else:
        base = f"/therapist/clients/{hostile.person_id}"
        assert len(seen) >= 40, sorted(seen)
        assert base in seen and f"{base}/reports/{hostile.report_id}" in seen, sorted(seen)
        assert any(p.startswith(f"{base}/journal/") for p in seen), sorted(seen)


def _assert_literal_markdown(text: str, where: str) -> None:
    """Every payload is there, with what Markdown would read as markup escaped."""
    for p in PAYLOADS:
        if "<" in p:
            assert p not in text, (where, p)  # raw markup: a renderer would pass it through
    assert "\\<script\\>" in text, where  # ... and there, escaped


def test_downloads_and_the_sent_report_carry_no_live_payload(
    hostile: Hostile,
    hostile_context: Callable[[], tuple[Page, Runs]],
    base_url: str,
) -> None:
    from icalendar import Calendar

    page, runs = hostile_context()
    sign_in(page, base_url, hostile.client.username)
    get = page.context.request.get
    checked = 0

    # Markdown: escaped, and rendered by CommonMark (raw HTML on) nothing runs.
    md = MarkdownIt("commonmark")
    for path in ("/prep.md", "/safety-plan.md"):
        response = get(path)
        assert response.status == 200, path
        text = response.text()
        _assert_literal_markdown(text, path)
        page.set_content(md.render(text))
        assert page.evaluate(FIND_INJECTED) == [], path
        checked += 1

    # PDFs: no JavaScript, no actions, no javascript: link.
    for path in ("/prep.pdf", "/safety-plan.pdf"):
        # A PDF of 992 payloads is real work for WeasyPrint (seconds on a loaded machine):
        # this waits for the document, not for a step of the page.
        response = get(path, timeout=PDF_TIMEOUT_MS)
        assert response.status == 200, path
        body = response.body()
        assert body.startswith(b"%PDF"), path
        for marker in (b"/JavaScript", b"/JS", b"/Launch", b"/OpenAction", b"javascript:"):
            assert marker not in body, (path, marker)
        checked += 1

    # The .ics: every title is there literally, and no payload added a property.
    response = get("/plan.ics")
    assert response.status == 200, response.text()[:300]
    calendar = Calendar.from_ical(response.body())
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    assert events
    for event in events:
        assert MARKER.sub("", str(event["summary"]), count=1) in PAYLOADS
        assert set(event.keys()) <= {
            "UID",
            "DTSTAMP",
            "DTSTART",
            "DTEND",
            "SUMMARY",
            "DESCRIPTION",
            "CATEGORIES",
        }, set(event.keys())
    checked += 1

    # The therapist's copy of the sent report: its Markdown escaped, its HTML inert.
    therapist_page, therapist_runs = hostile_context()
    sign_in(therapist_page, base_url, hostile.therapist.username)
    base = f"/therapist/clients/{hostile.person_id}/reports/{hostile.report_id}"
    response = therapist_page.context.request.get(base + ".md")
    assert response.status == 200
    _assert_literal_markdown(response.text(), base + ".md")
    therapist_page.set_content(md.render(response.text()))
    assert therapist_page.evaluate(FIND_INJECTED) == []
    therapist_page.goto(base)
    assert therapist_page.evaluate(FIND_INJECTED) == []
    assert "__xss(1)" in therapist_page.inner_text("body")  # there, as text
    checked += 2
    page.wait_for_timeout(100)  # let a late handler (an image's onerror) fire if it would
    print(f"\n{checked} documents checked; {runs.total() + therapist_runs.total()} executions")
    assert runs.total() == 0 and therapist_runs.total() == 0, (runs, therapist_runs)
