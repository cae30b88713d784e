"""Worksheets, the PHQ-9 and the crisis lines in Spanish and German (server-rendered).

The words follow the reader's language; what is stored does not: a worksheet saved in any
language keeps the same field names and the same choices, and a PHQ-9 scores the same.
The same worksheet in a real browser: tests/browser/test_language_browser.py.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from midweek import i18n, messages
from midweek.domain.accounts import Account
from midweek.domain.entities import CheckinKind
from midweek.domain.instruments import PHQ9
from midweek.services import library
from midweek.storage import Store
from midweek.web.security import CSRF_FIELD

from .conftest import Page, login

EXPOSURE = {
    "field_situation": "Took the bus two stops.",
    "field_suds_before": "70",
    "field_suds_peak": "80",
    "field_suds_after": "40",
    "field_duration": "25",
    "field_safety_behaviours": "some",
    "field_learned": "It eased on its own.",
}
TITLES = {"en": "Exposure practice", "es": "Práctica de exposición", "de": "Expositionsübung"}
SOME = {"en": "some", "es": "algunas", "de": "teilweise"}


def _speaking(client: TestClient, language: str) -> None:
    client.headers["Accept-Language"] = f"{language};q=1, en;q=0.5"


def _signed_in(client: TestClient, name: str) -> str:
    assert login(client, name).status_code == 303
    return Page(client.get("/").text).csrf()


def _exposure(client: TestClient, token: str, safety_behaviours: str):  # type: ignore[no-untyped-def]
    """The exposure worksheet sent with this answer about safety behaviours."""
    form = {**EXPOSURE, "field_safety_behaviours": safety_behaviours, CSRF_FIELD: token}
    return client.post("/worksheets/fill/exposure", data=form, follow_redirects=False)


def _answers(web_store: Store, account: Account) -> list[dict[str, object] | None]:
    uow = web_store.unit_of_work(person_id=account.person_id)
    with uow:
        return [log.answers for log in uow.practice.list()]


@pytest.mark.parametrize("language", ["es", "de"])
def test_a_worksheet_reads_in_the_readers_language_and_stores_the_same_answers(
    client: TestClient, web_store: Store, add_account: Callable[..., Account], language: str
) -> None:
    lena = add_account(f"lena-{language}")
    token = _signed_in(client, lena.username)
    english = library.shipped_templates()["exposure"]
    saved = client.post(
        "/worksheets/fill/exposure", data={**EXPOSURE, CSRF_FIELD: token}, follow_redirects=False
    )
    assert saved.status_code == 303

    _speaking(client, language)
    page = Page(client.get("/worksheets/fill/exposure").text)
    assert page.one("html").attrs["lang"] == language
    assert page.one("h1").text == TITLES[language]
    with i18n.use(language):
        spoken = library.shipped_templates()["exposure"]
    form = page.one("form", cls="worksheet-form").text
    for f_en, f in zip(english.fields, spoken.fields, strict=True):
        assert f.name == f_en.name and f.choices == f_en.choices and f.label in form
        assert f.help is None or (f.help != f_en.help and f.help in page.one("main").text)
    # Every label is translated ("Situation" happens to be German too).
    pairs = zip(english.fields, spoken.fields, strict=True)
    kept = [f.label for f_en, f in pairs if f.label == f_en.label]
    assert kept in ([], ["Situation"])
    # The choices are shown translated and sent as the template names them.
    radios = page.find("input", name="field_safety_behaviours")
    assert [r.attrs["value"] for r in radios] == ["no", "some", "yes"]
    labels = [
        label.text for label in page.find("label", cls="choice") if label.text in SOME.values()
    ]
    assert labels == [SOME[language]]

    again = client.post(
        "/worksheets/fill/exposure",
        data={**EXPOSURE, CSRF_FIELD: Page(client.get("/").text).csrf()},
        follow_redirects=False,
    )
    assert again.status_code == 303
    first, second = _answers(web_store, lena)
    assert first == second and first is not None and first["safety_behaviours"] == "some"
    # The saved worksheet is read back in the language of the moment, the choice too.
    shown = Page(client.get(again.headers["location"]).text)
    answers = " ".join(e.text for e in shown.find("dd"))
    assert SOME[language] in answers.split()
    assert spoken.field("safety_behaviours").label in shown.one("main").text


def test_a_choice_typed_in_the_readers_language_is_stored_as_the_templates_own(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    """An old form, an API client or a hand-typed answer may send the translated word."""
    sam = add_account("sam")
    _speaking(client, "de")
    saved = _exposure(client, _signed_in(client, "sam"), "Teilweise")
    assert saved.status_code == 303
    ((answers),) = _answers(web_store, sam)
    assert answers is not None and answers["safety_behaviours"] == "some"


def test_a_wrong_choice_is_explained_with_the_choices_in_the_readers_language(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    sam = add_account("sam")
    _speaking(client, "es")
    refused = _exposure(client, _signed_in(client, "sam"), "maybe")
    assert refused.status_code == 422
    said = Page(refused.text).one("p", id="field-safety-behaviours-error").text
    assert said == (
        "“Conductas de seguridad usadas” tiene que ser una de estas opciones: no, algunas, sí "
        "(has puesto “maybe”)."
    )
    assert _answers(web_store, sam) == []


def test_the_phq9_in_german_asks_the_german_items_and_scores_the_same(
    client: TestClient, web_store: Store, add_account: Callable[..., Account]
) -> None:
    mia = add_account("mia")
    _speaking(client, "de")
    token = _signed_in(client, "mia")
    page = Page(client.get("/checkin").text)
    phq9 = page.one("details", id="phq9")
    legends = [e.text for e in page.find("legend") if e.text[:2].rstrip(".").isdigit()]
    assert legends[:9] == [
        "1. Wenig Interesse oder Freude an Ihren Tätigkeiten",
        "2. Niedergeschlagenheit, Schwermut oder Hoffnungslosigkeit",
        "3. Schwierigkeiten ein- oder durchzuschlafen oder vermehrter Schlaf",
        "4. Müdigkeit oder Gefühl, keine Energie zu haben",
        "5. Verminderter Appetit oder übermäßiges Bedürfnis zu essen",
        "6. Schlechte Meinung von sich selbst; Gefühl, ein Versager zu sein oder die Familie "
        "enttäuscht zu haben",
        "7. Schwierigkeiten, sich auf etwas zu konzentrieren, z.B. beim Zeitunglesen oder "
        "Fernsehen",
        "8. Waren Ihre Bewegungen oder Ihre Sprache so verlangsamt, dass es auch anderen "
        "auffallen würde? Oder waren Sie im Gegenteil „zappelig“ oder ruhelos und hatten "
        "dadurch einen stärkeren Bewegungsdrang als sonst?",
        "9. Gedanken, dass Sie lieber tot wären oder sich Leid zufügen möchten",
    ]
    assert "Wie oft fühlten Sie sich im Verlauf der letzten 2 Wochen" in phq9.text
    assert "An mehr als der Hälfte der Tage" in phq9.text and PHQ9.items[0] not in phq9.text
    answers = [2, 2, 1, 1, 2, 1, 1, 2, 0]
    form = {f"item_{i}": str(a) for i, a in enumerate(answers, start=1)}
    saved = client.post("/checkin/phq9", data={**form, CSRF_FIELD: token})
    assert saved.status_code == 200
    uow = web_store.unit_of_work(person_id=mia.person_id)
    with uow:
        (c,) = uow.checkins.list(kind=CheckinKind.PHQ9)
    assert c.total == sum(answers) == 12 and list(c.answers or ()) == answers
    # 12 is "moderate" in every language; only the word for it changes.
    assert "PHQ-9: 12 von 27 — mittelgradig." in Page(saved.text).one("p", cls="notice").text


def test_the_crisis_page_in_german_describes_each_line_in_german(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("jonas")
    _speaking(client, "de")
    login(client, "jonas")
    token = Page(client.get("/country").text).csrf()
    client.post("/country", data={CSRF_FIELD: token, "country": "DE", "next": "/crisis"})
    page = Page(client.get("/crisis").text)
    names = [e.text for e in page.find("span", cls="contact-name")]
    assert names == ["TelefonSeelsorge", "TelefonSeelsorge"]  # the service's own name
    described = [e.text for e in page.find("span", cls="contact-description")]
    assert described == ["zweite Nummer"]
    hours = {e.text for e in page.find("span", cls="contact-hours")}
    assert hours == {"rund um die Uhr, kostenfrei"}
    assert page.one("a", href="tel:08001110222")
    # The same page in English: the English description, the names unchanged.
    _speaking(client, "en")
    english = Page(client.get("/crisis").text)
    assert [e.text for e in english.find("span", cls="contact-description")] == ["second number"]
    assert {e.text for e in english.find("span", cls="contact-hours")} == {"24/7, free"}
    assert messages.crisis_lines("DE") in english.one("main").text


def test_the_international_fallback_says_the_emergency_number_in_spanish(
    client: TestClient, add_account: Callable[..., Account]
) -> None:
    add_account("ana")
    _speaking(client, "es")
    login(client, "ana")
    page = Page(client.get("/crisis").text)
    assert page.one("p", id="emergency").text == "Emergencias: número de emergencias de tu zona"
    (line,) = page.find("li", cls="contact")
    assert page.one("span", cls="contact-name").text == "Find A Helpline"
    assert "apoyo gratuito y confidencial en muchos países" in line.text
