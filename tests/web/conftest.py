"""Fixtures for the web app: a temp SQLite store, the app over it, accounts, parsed HTML."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import clock
import push_receiver
from midweek.config import load_settings
from midweek.domain.accounts import Account
from midweek.storage import Store
from midweek.web.app import create_app
from midweek.web.security import CSRF_FIELD
from personas import PASSWORD
from personas import create as create_persona


@pytest.fixture
def web_store(db_url: str, store_factory: Callable[..., Store]) -> Store:
    """The server's database: every web test runs on SQLite and on PostgreSQL (by the fixed
    clock, like the app over it)."""
    return store_factory(db_url, clock=clock.now)


@pytest.fixture
def client(web_store: Store, fast_hashing: None, tmp_path: Path) -> Iterator[TestClient]:
    settings = load_settings(
        {
            "MIDWEEK_DATA_DIR": str(tmp_path / "data"),
            "MIDWEEK_KEY_FILE": str(tmp_path / "keys" / "midweek.key"),
            "MIDWEEK_PUSH_SERVICES": ",".join(push_receiver.SERVICES),
        }
    )
    with TestClient(create_app(settings, store=web_store, clock=clock.now)) as c:
        yield c


@pytest.fixture
def add_account(web_store: Store, fast_hashing: None) -> Callable[..., Account]:
    def add(name: str, role: str = "client") -> Account:
        return create_persona(web_store, name, clock.NOW, role)

    return add


# --- a real server process -----------------------------------------------------------------


def free_port() -> int:
    """A loopback port nobody listens on (for a ``midweek serve`` the test starts)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- parsed HTML --------------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join("".join(self.parts).split())

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


class Page(HTMLParser):
    """Every element with its attributes and its own and descendants' text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self._open: list[Element] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        el = Element(tag, {k: v or "" for k, v in attrs})
        self.elements.append(el)
        if tag not in VOID:
            self._open.append(el)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i].tag == tag:
                del self._open[i:]
                break

    def handle_data(self, data: str) -> None:
        for el in self._open:
            el.parts.append(data)

    def find(
        self, tag: str | None = None, *, cls: str | None = None, **attrs: str
    ) -> list[Element]:
        return [
            e
            for e in self.elements
            if (tag is None or e.tag == tag)
            and (cls is None or cls in e.classes)
            and all(e.attrs.get(k) == v for k, v in attrs.items())
        ]

    def one(self, tag: str | None = None, *, cls: str | None = None, **attrs: str) -> Element:
        found = self.find(tag, cls=cls, **attrs)
        assert len(found) == 1, (tag, cls, attrs, found)
        return found[0]

    def csrf(self) -> str:
        return self.find("input", name=CSRF_FIELD)[0].attrs["value"]


def without_keys(html: str) -> str:
    """A page without its forms' idempotency keys (fresh on every render)."""
    import re

    return re.sub(r'name="idempotency_key" value="[^"]*"', 'name="idempotency_key"', html)


def login(client: TestClient, name: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    """Open the form, then post it with its CSRF token; the response (not followed)."""
    token = Page(client.get("/login").text).csrf()
    return client.post(
        "/login",
        data={"username": name, "password": password, CSRF_FIELD: token},
        follow_redirects=False,
    )
