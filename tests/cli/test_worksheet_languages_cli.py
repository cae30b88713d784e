"""Worksheets, the PHQ-9 and the crisis lines in the terminal in Spanish and German:
translated words, the same stored answers and the same scores.

In-process, the language is chosen as ``midweek.cli.app.main`` chooses it from
MIDWEEK_LANG (that choice itself: tests/test_i18n.py, in a real process)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest

from midweek import i18n

EXPOSURE = {
    "situation": "Lift at work",
    "suds_before": 70,
    "suds_peak": 85,
    "suds_after": 40,
    "duration": "15",
    "safety_behaviours": "some",
    "learned": "It passed.",
}


Speak = Callable[[str], None]


@pytest.fixture
def speak() -> Iterator[Speak]:
    """``speak("de")``: the next commands in German; English again after the test."""
    yield i18n.choose
    i18n.choose(i18n.DEFAULT)


@pytest.mark.parametrize(
    ("language", "title", "label", "hint"),
    [
        ("de", "Expositionsübung", "Eingesetztes Sicherheitsverhalten", "nein/teilweise/ja"),
        ("es", "Práctica de exposición", "Conductas de seguridad usadas", "no/algunas/sí"),
    ],
)
def test_worksheet_show_reads_in_the_chosen_language(
    run, speak, monkeypatch, language: str, title: str, label: str, hint: str
) -> None:
    monkeypatch.setenv("COLUMNS", "160")  # one table row per line
    speak(language)
    out = run("worksheet", "show", "exposure").stdout
    assert out.splitlines()[0] == title
    row = next(line for line in out.splitlines() if "safety_behaviours" in line)
    assert label in row and hint in row  # the name an answer is stored under stays
    header = next(line for line in out.splitlines() if "┃" in line)
    assert ("Frage" if language == "de" else "pregunta") in header
    assert "Exposure practice" not in out and "question" not in out


def test_answers_given_in_german_are_stored_as_in_english(run_json, speak) -> None:
    english = run_json("worksheet", "fill", "exposure", input=json.dumps(EXPOSURE))
    speak("de")
    typed = {**EXPOSURE, "safety_behaviours": "teilweise"}
    german = run_json("worksheet", "fill", "exposure", input=json.dumps(typed))
    assert german["log"]["answers"] == english["log"]["answers"]
    assert german["log"]["answers"]["safety_behaviours"] == "some"
    assert german["computed"] == english["computed"] == {"suds_drop": 45}


def test_a_worksheet_is_asked_in_spanish_and_a_spanish_choice_is_stored_as_the_templates(
    tty, run, run_json, speak
) -> None:
    speak("es")
    answers = ["En el ascensor", "70", "85", "40", "15", "Algunas", "Se pasó."]
    out = run("worksheet", "fill", "exposure", input="\n".join(answers) + "\n").stdout
    assert "Práctica de exposición" in out
    assert "Malestar en su punto más alto" in out and "no/algunas/sí" in out
    assert "Bajada del punto más alto al final: 45 puntos" in out
    (log,) = run_json("log", "list")
    speak("en")
    shown = run_json("worksheet", "show", "exposure")
    assert [f["name"] for f in shown["fields"]] == list(EXPOSURE)
    assert log["worksheet"] == "exposure"


def test_a_wrong_choice_lists_the_choices_in_german(run, speak) -> None:
    speak("de")
    typed = {**EXPOSURE, "safety_behaviours": "vielleicht"}
    r = run("worksheet", "fill", "exposure", input=json.dumps(typed), ok=False)
    assert r.exit_code == 2
    assert (
        "“Eingesetztes Sicherheitsverhalten” muss eins davon sein: nein, teilweise, ja (du hast "
        "“vielleicht” angegeben)."
    ) in r.stderr


def test_the_phq9_is_asked_in_german_and_scores_the_same(tty, run, run_json, speak) -> None:
    speak("de")
    out = run("checkin", "phq9", input="2\n2\n1\n1\n2\n1\n1\n2\n0\n").stdout
    assert "Wie oft fühlten Sie sich im Verlauf der letzten 2 Wochen" in out
    assert "0 = Überhaupt nicht" in out and "3 = Beinahe jeden Tag" in out
    assert "1. Wenig Interesse oder Freude an Ihren Tätigkeiten" in out
    assert "9. Gedanken, dass Sie lieber tot wären oder sich Leid zufügen möchten" in out
    assert "Little interest" not in out
    assert "PHQ-9: 12 von 27 — mittelgradig." in out
    speak("en")
    english = run_json("checkin", "phq9", "--answers", "2,2,1,1,2,1,1,2,0")
    assert english["score"]["total"] == 12 and english["score"]["band"] == "moderate"
    first, second = run_json("checkin", "list", "--kind", "phq9")
    assert first["answers"] == second["answers"] and first["total"] == second["total"]


def test_the_crisis_lines_are_described_in_german(run, speak, monkeypatch) -> None:
    speak("de")
    monkeypatch.setenv("MIDWEEK_COUNTRY", "DE")
    out = run("crisis").stdout
    assert (
        "TelefonSeelsorge (zweite Nummer): ruf 0800 111 0 222 an, https://www.telefonseelsorge.de"
        " (rund um die Uhr, kostenfrei)"
    ) in out
    assert "second number" not in out and "24/7" not in out and "call " not in out
