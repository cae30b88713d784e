"""The web app in the reader's language: the browser's Accept-Language, then a choice in
Settings kept like the theme; <html lang> and Content-Language say which."""

from __future__ import annotations

from collections.abc import Callable

from babel.messages.pofile import read_po
from fastapi.testclient import TestClient

from midweek import i18n, messages
from midweek.domain.accounts import Account
from midweek.web import design
from midweek.web.security import CSRF_FIELD

from .conftest import Page, login


def translation(english: str, language: str = "es") -> str:
    path = i18n.LOCALE_DIR / language / "LC_MESSAGES" / "midweek.po"
    with path.open("rb") as f:
        found = {m.id: m.string for m in read_po(f)}
    return str(found[english])


def _choose(client: TestClient, language: str):  # type: ignore[no-untyped-def]
    token = Page(client.get("/settings").text).csrf()
    return client.post(
        "/settings/language",
        data={CSRF_FIELD: token, "language": language},
        follow_redirects=False,
    )


def test_the_browsers_language_is_spoken_until_one_is_chosen_in_settings(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("lucia")
    client.headers["Accept-Language"] = "es-ES,es;q=0.9,en;q=0.5"
    sign_in = client.get("/login")
    assert Page(sign_in.text).one("html").attrs["lang"] == "es"
    assert sign_in.headers["content-language"] == "es"
    assert translation(messages.WEB_SIGN_IN) in sign_in.text
    login(client, "lucia")
    settings = Page(client.get("/settings").text)
    assert settings.one("h2", id="language-heading").text == translation(
        messages.SETTINGS_LANGUAGE_HEADING
    )
    assert settings.one("input", name="language", value="browser").attrs.get("checked") is not None

    chosen = _choose(client, "de")
    assert chosen.status_code == 303 and chosen.headers["location"] == "/settings?done=language"
    assert f"{design.LANGUAGE_COOKIE}=de" in chosen.headers["set-cookie"]
    page = client.get("/settings?done=language")
    assert page.headers["content-language"] == "de"
    found = Page(page.text)
    assert found.one("html").attrs["lang"] == "de"
    assert found.one("p", cls="notice").text == translation(messages.SETTINGS_LANGUAGE_SAVED, "de")
    assert found.one("input", name="language", value="de").attrs.get("checked") is not None
    # Today and the crisis page follow; the browser still asks for Spanish.
    crisis = Page(client.get("/crisis").text)
    assert crisis.one("h1").text == translation(messages.CRISIS_HEADER, "de")

    back = _choose(client, "browser")
    assert back.status_code == 303
    assert client.get("/").headers["content-language"] == "es"


def test_without_any_choice_or_header_midweek_speaks_english(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("sam")
    login(client, "sam")
    page = client.get("/")
    assert page.headers["content-language"] == "en"
    assert Page(page.text).one("html").attrs["lang"] == "en"


def test_an_unknown_language_is_refused_and_nothing_is_kept(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("kim")
    login(client, "kim")
    refused = _choose(client, "klingon")
    assert refused.status_code == 422
    assert (
        "set-cookie" not in refused.headers
        or design.LANGUAGE_COOKIE not in refused.headers["set-cookie"]
    )
    assert (
        Page(refused.text).one("p", id="language-error").text == messages.SETTINGS_LANGUAGE_UNKNOWN
    )


def test_a_page_not_found_is_said_in_the_readers_language(client: TestClient) -> None:
    client.headers["Accept-Language"] = "de"
    missing = client.get("/no-such-page")
    assert missing.status_code == 404
    assert missing.headers["content-language"] == "de"
    assert translation(messages.WEB_PAGE_NOT_FOUND, "de") in missing.text
