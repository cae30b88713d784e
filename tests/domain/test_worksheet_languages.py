"""A worksheet in the reader's language: the words change, what is stored does not.

``localized`` translates what a person reads and keeps every name, kind, range, choice and
rule; a choice may be typed in the reader's language and is stored as the template names
it; the engine's own sentences about an answer are translated too. (The shipped templates
are parsed by ``services.library``; this reads them the same way.)
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from midweek import i18n
from midweek.domain.worksheets import (
    AnswersError,
    Template,
    choice_label,
    localized,
    parse_value,
    show_answer,
    template_texts,
    validate_answers,
)
from midweek.services.library import shipped_templates

SHIPPED = shipped_templates()
NIGHT = {
    "bed_time": "23:00",
    "minutes_to_sleep": "20",
    "minutes_awake": "30",
    "final_wake": "06:30",
    "out_of_bed": "06:00",
}


def _without_text(t: Template) -> Template:
    """``t`` with every word a person reads blanked: what must not change with language."""
    fields = tuple(replace(f, label="", help=None, example=None) for f in t.fields)
    computed = tuple(replace(c, label="") for c in t.computed)
    return replace(t, title="", description="", instructions=None, fields=fields, computed=computed)


@pytest.mark.parametrize("language", ["es", "de"])
@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_a_localized_template_keeps_everything_but_its_words(name: str, language: str) -> None:
    english = SHIPPED[name]
    with i18n.use(language):
        spoken = localized(english)
    assert _without_text(spoken) == _without_text(english)
    assert spoken.title != english.title and spoken.description != english.description
    changed = [f for f_en, f in zip(english.fields, spoken.fields, strict=True) if f != f_en]
    assert len(changed) >= len(english.fields) - 1  # "Situation" is German too
    assert localized(english) == english  # English is the template as written


def test_every_word_of_a_shipped_template_is_listed_for_the_catalogs() -> None:
    texts = {text for t in SHIPPED.values() for text, _where in template_texts(t)}
    for t in SHIPPED.values():
        assert {t.title, t.description, t.instructions} <= texts
        for f in t.fields:
            assert {f.label, *f.choices} <= texts
            assert f.help is None or f.help in texts
    assert "17:30" not in texts  # an example without a word is the same in every language


@pytest.mark.parametrize(
    ("language", "typed"),
    [("en", "Some"), ("es", "algunas"), ("es", " ALGUNAS "), ("de", "Teilweise"), ("de", "some")],
)
def test_a_choice_typed_in_the_readers_language_is_stored_as_the_templates(
    language: str, typed: str
) -> None:
    f = SHIPPED["exposure"].field("safety_behaviours")
    with i18n.use(language):
        assert parse_value(f, typed) == "some"
        assert show_answer(f, "some") == choice_label("some")
    with i18n.use("de"):
        assert show_answer(f, "some") == "teilweise"
        multi = SHIPPED["diary-card"].field("skills_used")
        # Either language, in one answer; stored in the template's order and words.
        picked = parse_value(multi, "distress tolerance, Achtsamkeit")
        assert picked == ["mindfulness", "distress tolerance"]
        assert show_answer(multi, ["mindfulness"]) == "Achtsamkeit"


def test_the_templates_own_word_wins_over_another_choices_translation() -> None:
    """Spanish "no" is English "no": typing it means the choice called "no"."""
    f = SHIPPED["exposure"].field("safety_behaviours")
    with i18n.use("es"):
        assert choice_label("no") == "no" and parse_value(f, "no") == "no"
        assert parse_value(f, "sí") == "yes"


def test_the_engines_sentences_are_in_the_readers_language() -> None:
    diary = SHIPPED["sleep-diary"]
    with i18n.use("de"):
        spoken = localized(diary)
        with pytest.raises(AnswersError) as caught:
            validate_answers(spoken, NIGHT)
        said = caught.value.problems["final_wake"]
        assert said == (
            "“Uhrzeit, zu der ich zum letzten Mal aufgewacht bin” (06:30) muss zwischen "
            "“Uhrzeit, zu der ich ins Bett gegangen bin” (23:00) und “Uhrzeit, zu der ich "
            "aufgestanden bin” (06:00) liegen."
        )
        with pytest.raises(AnswersError) as caught:
            validate_answers(spoken, {**NIGHT, "out_of_bed": "07:00", "quality": "11"})
        assert caught.value.problems["quality"] == (
            "“Schlafqualität” muss eine ganze Zahl von 0 bis 10 sein (du hast 11 angegeben)."
        )
    with i18n.use("es"):
        with pytest.raises(AnswersError) as caught:
            validate_answers(localized(diary), {**NIGHT, "out_of_bed": "07:00", "bed_time": ""})
        assert caught.value.problems["bed_time"] == (
            "“Hora a la que me acosté” todavía necesita una respuesta — vale con una aproximada."
        )
    # The same answers are refused in English with the English sentence.
    with pytest.raises(AnswersError) as caught:
        validate_answers(diary, NIGHT)
    assert caught.value.problems["final_wake"].startswith(
        "“Time I woke up for the last time” (06:30) needs to fall between"
    )
