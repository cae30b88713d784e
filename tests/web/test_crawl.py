"""Follow every link the demo client and the demo therapist can reach, as a new user would.

Over the web demo's data (services.demo.seed_web): every page reached by links from the
start page answers without a server error, and every HTML page offers "Need help now"
one step away and the menu of the person's role.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest
from fastapi.testclient import TestClient

import clock
from midweek import messages
from midweek.services import demo
from midweek.storage import Store

from .conftest import Page, login

#: Links that end the session or leave the pages (downloads are still fetched).
SKIP = {"/logout"}
LIMIT = 200


def _crawl(client: TestClient, start: str) -> dict[str, int]:
    seen: dict[str, int] = {}
    queue = [start]
    while queue and len(seen) < LIMIT:
        url = queue.pop(0)
        if url in seen or url in SKIP:
            continue
        response = client.get(url, headers={"Accept": "text/html"}, follow_redirects=False)
        seen[url] = response.status_code
        assert response.status_code < 500, (url, response.text[:300])
        if response.status_code in (301, 302, 303, 307):
            queue.append(response.headers["location"])
            continue
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue
        page = Page(response.text)
        if urlsplit(url).path.startswith("/therapist/clients/") and "/reports/" in url:
            continue  # a sent report is the client's own document, not a midweek page
        help_links = page.find("a", cls="help-now")
        assert [a.attrs["href"] for a in help_links] == ["/crisis"], url
        for a in page.find("a"):
            href = a.attrs.get("href", "")
            target = urlsplit(urljoin("http://testserver" + url, href))
            if target.netloc != "testserver" or href.startswith(("#", "tel:", "mailto:")):
                continue
            # Links with a query (other weeks, sort orders, filters) are the same pages again.
            path = target.path
            if path not in seen and path not in queue:
                queue.append(path)
    return seen


@pytest.mark.parametrize("who", ["client", "therapist"])
def test_every_reachable_page_answers_and_offers_help(
    client: TestClient, web_store: Store, fast_hashing: None, who: str
) -> None:
    now = clock.NOW
    logins = demo.seed_web(
        web_store.unit_of_work(), lambda p: web_store.unit_of_work(person_id=p), now=now
    )
    name, password = logins.client if who == "client" else logins.therapist
    assert login(client, name, password).status_code == 303
    seen = _crawl(client, "/")
    menu = messages.WEB_CLIENT_NAV if who == "client" else messages.WEB_THERAPIST_NAV
    for href, _label in menu:
        assert seen.get(href) == 200, (href, seen.get(href))
    if who == "therapist":
        # The caseload leads to the client's page and from there to what they shared.
        assert any(u.startswith("/therapist/clients/") for u in seen)
        assert any("/journal/" in u and seen[u] == 200 for u in seen)
    else:
        assert any(u.startswith("/journal/") and seen[u] == 200 for u in seen)
    assert len(seen) >= (20 if who == "client" else 8)
