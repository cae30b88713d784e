"""Crisis numbers a thumb can reach, and the country asked once (server-rendered pages).

The same pages in a real browser, with sizes measured: tests/browser/test_crisis_browser.py.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import clock
from midweek import messages
from midweek.config import load_settings
from midweek.domain.accounts import Account
from midweek.domain.safety import dial_number, dial_parts
from midweek.services import library
from midweek.services.safety_plan import suggest_country
from midweek.storage import Store
from midweek.web.app import create_app
from midweek.web.security import CSRF_FIELD

from .conftest import Page, login

LISTED = sorted(library.shipped_crisis_contacts())


def _answer(client: TestClient, **form: str):  # type: ignore[no-untyped-def]
    token = Page(client.get("/country").text).csrf()
    return client.post("/country", data={CSRF_FIELD: token, **form}, follow_redirects=False)


# --- numbers to dial --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dialled"),
    [
        ("116 123", "116123"),
        ("0800 111 0 111", "08001110111"),
        ("+44 (0)20 7946 0000", "+442079460000"),
        ("020-7946-0000", "02079460000"),
        ("your local emergency number", None),
        ("", None),
    ],
)
def test_what_a_tel_link_dials(text: str, dialled: str | None) -> None:
    assert dial_number(text) == dialled


def test_each_number_in_a_sentence_is_its_own_link() -> None:
    assert dial_parts("Emergency: 112 or 999") == [
        ("Emergency: ", None),
        ("112", "112"),
        (" or ", None),
        ("999", "999"),
    ]


# --- the country suggested by the browser -----------------------------------------------


@pytest.mark.parametrize(
    ("header", "suggested"),
    [
        ("en-GB,en;q=0.9", "GB"),
        ("de-DE,de;q=0.9,en;q=0.8", "DE"),
        ("en;q=0.9,en-NZ;q=0.8", "NZ"),  # a bare language names no country
        ("fr-FR,fr;q=0.9", "INTL"),  # a region midweek has no lines for
        ("en-US;q=0.5,en-AU;q=0.9", "AU"),  # by the browser's own preference
        ("de", "INTL"),
        ("", "INTL"),
        (None, "INTL"),
        ("en-GB;q=nonsense", "INTL"),
    ],
)
def test_the_suggested_country_is_the_browsers_region(header: str | None, suggested: str) -> None:
    assert suggest_country(header, LISTED) == suggested


# --- asked once -------------------------------------------------------------------------


def test_a_first_sign_in_asks_for_the_country_with_the_browsers_region_chosen(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    client.headers["Accept-Language"] = "en-GB,en;q=0.9"
    first = login(client, "alice")
    assert first.headers["location"] == "/country"
    page = Page(client.get("/country").text)
    assert page.one("h1").text == messages.WEB_COUNTRY_TITLE
    assert [o.attrs["value"] for o in page.find("option", selected="")] == ["GB"]
    saved = _answer(client, country="GB", next="/")
    assert saved.status_code == 303 and saved.headers["location"] == "/"
    # Asked once: the next sign-in goes straight to Today, and the crisis page shows GB.
    assert login(client, "alice").headers["location"] == "/"
    crisis = Page(client.get("/crisis").text)
    assert crisis.find("form", id="country-question") == []
    assert messages.crisis_lines("GB") in crisis.one("main").text
    assert crisis.one("a", href="tel:999")
    assert crisis.one("a", href="tel:116123")


def test_not_now_keeps_the_international_list_and_is_not_asked_again(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    login(client, "alice")
    skipped = _answer(client, skip="1", country="GB", next="/crisis")
    assert skipped.status_code == 303 and skipped.headers["location"] == "/crisis"
    assert login(client, "alice").headers["location"] == "/"
    crisis = Page(client.get("/crisis").text)
    assert crisis.find("form", id="country-question") == []
    assert messages.crisis_lines("INTL") in crisis.one("main").text
    # Settings still changes it.
    assert crisis.one("a", href="/settings#country-heading")


def test_the_crisis_page_shows_the_numbers_before_the_question(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    login(client, "alice")
    html = client.get("/crisis").text
    page = Page(html)
    assert page.one("form", id="country-question")
    assert html.index('class="contacts"') < html.index('id="country-question"')
    assert html.index('id="emergency"') < html.index('id="country-question"')
    # Answering from the crisis page comes back to it, with that country's lines.
    back = client.post(
        "/country",
        data={CSRF_FIELD: page.csrf(), "country": "US", "next": "/crisis"},
        follow_redirects=False,
    )
    assert back.headers["location"] == "/crisis"
    us = Page(client.get("/crisis").text)
    assert us.one("a", href="tel:911") and us.one("a", href="tel:988")
    assert us.one("a", href="sms:988").text == f"{messages.WEB_DIAL_TEXT} 988"


def test_an_unknown_country_shows_the_international_list(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    login(client, "alice")
    assert _answer(client, country="FR", next="/").status_code == 303
    crisis = Page(client.get("/crisis").text).one("main").text
    intl = library.crisis_resources("INTL")
    assert all(c.name in crisis for c in intl.contacts)


def test_a_bad_answer_or_an_outside_address_is_refused_kindly(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    login(client, "alice")
    bad = _answer(client, country="Narnia", next="/")
    assert bad.status_code == 422
    assert Page(bad.text).one(id="country-error").text == messages.COUNTRY_BAD
    away = _answer(client, country="GB", next="https://example.com/")
    assert away.headers["location"] == "/"


def test_the_servers_country_wins_and_nothing_is_asked(
    web_store: Store, add_account: Callable[..., Account], tmp_path: Path
) -> None:
    settings = load_settings(
        {
            "MIDWEEK_DATA_DIR": str(tmp_path / "data"),
            "MIDWEEK_KEY_FILE": str(tmp_path / "keys" / "midweek.key"),
            "MIDWEEK_COUNTRY": "IE",
        }
    )
    add_account("alice")
    with TestClient(create_app(settings, store=web_store, clock=clock.now)) as c:
        c.headers["Accept-Language"] = "en-GB"
        assert login(c, "alice").headers["location"] == "/"
        assert c.get("/country", follow_redirects=False).headers["location"] == "/"
        crisis = Page(c.get("/crisis").text)
        assert crisis.find("form", id="country-question") == []
        assert messages.crisis_lines("IE") in crisis.one("main").text
        # "112 or 999": each number its own link.
        assert crisis.one("a", href="tel:112") and crisis.one("a", href="tel:999")


# --- the support box shows the numbers --------------------------------------------------


def test_the_support_box_after_item_9_shows_the_numbers(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("alice")
    login(client, "alice")
    _answer(client, country="GB", next="/")
    page = Page(client.get("/checkin").text)
    answers = {f"item_{i}": "0" for i in range(1, 9)} | {"item_9": "1"}
    done = client.post("/checkin/phq9", data={CSRF_FIELD: page.csrf(), **answers})
    assert done.status_code == 200, done.text
    box = Page(done.text)
    support = box.one("section", id="support")
    assert support
    assert box.one("a", href="tel:999").text == "999"
    assert box.one("a", href="tel:116123").text == f"{messages.WEB_DIAL_CALL} 116 123"
    assert box.one("a", href="tel:111")
