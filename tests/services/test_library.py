"""The shipped worksheet library, a person's own templates, and crisis contacts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from midweek.domain.errors import ValidationError
from midweek.domain.worksheets import AnswersError, FieldKind, Template, compute, validate_answers
from midweek.services.library import (
    crisis_resources,
    load_template_file,
    load_templates,
    shipped_templates,
)

SHIPPED = {
    "thought-record",
    "activity-log",
    "exposure",
    "diary-card",
    "sleep-diary",
    "values-clarification",
    "self-care-plan",
}

# A filled example for each shipped template, with the computed values it must give.
EXAMPLES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "thought-record": (
        {
            "situation": "Sunday evening, reading a work email.",
            "automatic_thought": "They'll see I'm not up to it.",
            "emotion": "anxious",
            "intensity_before": "80",
            "evidence_for": "I made a mistake last month.",
            "evidence_against": "My review was good.",
            "balanced_thought": "One mistake doesn't define my work.",
            "intensity_after": 45,
        },
        {"intensity_change": 35},
    ),
    "activity-log": (
        {
            "activity": "Walk round the block",
            "planned_time": "5:30pm",
            "duration": "20m",
            "mastery": 6,
            "pleasure": 4,
            "mood_before": 3,
            "mood_after": "5",
        },
        {"mood_change": 2},
    ),
    "exposure": (
        {
            "situation": "Bus at rush hour, two stops.",
            "suds_before": 60,
            "suds_peak": "85",
            "suds_after": 40,
            "duration": "25 min",
            "safety_behaviours": "Some",
            "learned": "The panic peaked and came down without me leaving.",
        },
        {"suds_drop": 45},
    ),
    "diary-card": (
        {
            "urge_self_harm": 0,
            "urge_substances": 3,
            "urge_quit_therapy": 1,
            "sadness": 6,
            "fear": 4,
            "anger": 2,
            "shame": 5,
            "joy": 3,
            "skills_used": "mindfulness, interpersonal effectiveness",
            "notes": "Used STOP before replying to the text.",
        },
        {"strongest_urge": 3},
    ),
    "sleep-diary": (
        {
            "night": "2026-11-20",
            "bed_time": "23:00",
            "lights_out": "23:15",
            "minutes_to_sleep": 20,
            "awakenings": 2,
            "minutes_awake": "30",
            "final_wake": "6:30",
            "out_of_bed": "7am",
            "quality": 6,
        },
        # TIB = 23:00 -> 07:00; TST = 480 - 20 - 30 - (07:00 - 06:30); SE = 400 / 480.
        {
            "time_in_bed": 480,
            "awake_before_rising": 30,
            "total_sleep": 400,
            "sleep_efficiency": 83.3,
        },
    ),
    "values-clarification": (
        {
            "area": "friendships",
            "what_matters": "Being someone my friends can count on.",
            "how_to_act": "Reply within a day.",
            "importance": 9,
            "living_it": 4,
        },
        {"gap": 5},
    ),
    "self-care-plan": (
        {
            "action": "Half an hour to myself after dinner",
            "when": "7:30 pm",
            "duration": "30m",
            "affects": "My partner",
            "what_ill_say": "I'm taking half an hour; back at eight.",
            "obstacles": "The kids asking for help.",
            "plan_b": "Ask my partner to cover, then try again tomorrow.",
        },
        {},
    ),
}


def test_every_shipped_template_loads() -> None:
    templates = shipped_templates()
    assert set(templates) == SHIPPED == set(EXAMPLES)
    for name, t in templates.items():
        assert isinstance(t, Template)
        assert t.name == name
        assert t.title and t.description and t.instructions
        assert all(f.label and f.label[0].isupper() for f in t.fields), name


def test_shipped_templates_are_cached_but_safe_to_mutate() -> None:
    first = shipped_templates()
    first.pop("exposure")
    second = shipped_templates()
    assert "exposure" in second
    assert second["sleep-diary"] is shipped_templates()["sleep-diary"]


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_filled_example_validates_and_computes(name: str) -> None:
    t = shipped_templates()[name]
    raw, expected = EXAMPLES[name]
    answers = validate_answers(t, raw)
    assert set(answers) == {f.name for f in t.fields}
    assert all(value is not None for value in answers.values()), answers
    assert compute(t, answers) == expected


def test_examples_normalise() -> None:
    t = shipped_templates()["sleep-diary"]
    answers = validate_answers(t, EXAMPLES["sleep-diary"][0])
    assert (answers["final_wake"], answers["out_of_bed"]) == ("06:30", "07:00")
    assert answers["minutes_awake"] == 30
    exposure = validate_answers(shipped_templates()["exposure"], EXAMPLES["exposure"][0])
    assert exposure["safety_behaviours"] == "some"
    assert exposure["duration"] == 25
    card = validate_answers(shipped_templates()["diary-card"], EXAMPLES["diary-card"][0])
    assert card["skills_used"] == ["mindfulness", "interpersonal effectiveness"]


def test_sleep_diary_short_night_and_missing_parts() -> None:
    t = shipped_templates()["sleep-diary"]
    answers = validate_answers(
        t,
        {
            "bed_time": "1:30",
            "minutes_to_sleep": "1h",
            "minutes_awake": 0,
            "final_wake": "5:30",
            "out_of_bed": "06:00",
        },
    )
    # 01:30 -> 06:00 is 270 min in bed; 270 - 60 - 0 - 30 = 180 asleep; 66.7 %.
    assert compute(t, answers) == {
        "time_in_bed": 270,
        "awake_before_rising": 30,
        "total_sleep": 180,
        "sleep_efficiency": 66.7,
    }
    with pytest.raises(AnswersError) as err:
        validate_answers(t, {"bed_time": "23:00"})
    assert set(err.value.problems) == {
        "minutes_to_sleep",
        "minutes_awake",
        "final_wake",
        "out_of_bed",
    }
    assert err.value.problems["out_of_bed"].startswith("“Time I got out of bed” still needs")


def test_shipped_kinds_match_the_brief() -> None:
    t = shipped_templates()
    assert t["exposure"].field("suds_peak").kind is FieldKind.SUDS
    assert t["exposure"].field("safety_behaviours").choices == ("no", "some", "yes")
    assert t["diary-card"].field("skills_used").choices == (
        "mindfulness",
        "distress tolerance",
        "emotion regulation",
        "interpersonal effectiveness",
    )
    assert t["thought-record"].field("intensity_before").max == 100
    assert t["sleep-diary"].field("bed_time").kind is FieldKind.TIME


# ----------------------------------------------------------------------------- user templates

MINE = """
name = "gratitude"
title = "Three good things"
description = "Notice three things that went well."

[[fields]]
name = "first"
label = "First good thing"
kind = "short-text"
"""


def test_user_templates_join_the_shipped_ones(tmp_path: Path) -> None:
    (tmp_path / "gratitude.toml").write_text(MINE, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a template", encoding="utf-8")
    templates = load_templates(tmp_path)
    assert set(templates) == SHIPPED | {"gratitude"}
    assert templates["gratitude"].fields[0].label == "First good thing"


def test_no_user_dir(tmp_path: Path) -> None:
    assert set(load_templates(None)) == SHIPPED
    assert set(load_templates(tmp_path / "not-made-yet")) == SHIPPED


def test_user_dir_is_a_file(tmp_path: Path) -> None:
    f = tmp_path / "file"
    f.write_text("", encoding="utf-8")
    with pytest.raises(ValidationError, match="is a file, not a folder"):
        load_templates(f)


def test_name_defaults_to_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "three-good-things.toml"
    path.write_text(MINE.replace('name = "gratitude"\n', ""), encoding="utf-8")
    assert load_template_file(path).name == "three-good-things"


def test_name_must_match_the_file(tmp_path: Path) -> None:
    path = tmp_path / "other.toml"
    path.write_text(MINE, encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        load_template_file(path)
    assert str(path) in str(err.value)
    assert "gratitude.toml" in str(err.value)


def test_a_person_cannot_replace_a_shipped_template(tmp_path: Path) -> None:
    path = tmp_path / "sleep-diary.toml"
    path.write_text(MINE.replace("gratitude", "sleep-diary"), encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        load_templates(tmp_path)
    message = str(err.value)
    assert str(path) in message
    assert "“sleep-diary”, which a built-in worksheet already has" in message


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b'name = "broken\n', "is not valid TOML"),
        (b"\xff\xfe\x00", "is not UTF-8 text"),
        (MINE.replace("short-text", "essay").encode(), "kind “essay”"),
    ],
)
def test_invalid_user_file_names_the_file(tmp_path: Path, content: bytes, fragment: str) -> None:
    path = tmp_path / "gratitude.toml"
    path.write_bytes(content)
    with pytest.raises(ValidationError) as err:
        load_templates(tmp_path)
    assert str(path) in str(err.value)
    assert fragment in str(err.value)


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "gratitude.toml"
    path.mkdir()  # a directory with a template's name cannot be read as a file
    with pytest.raises(ValidationError, match="I could not read the worksheet template"):
        load_template_file(path)


# ----------------------------------------------------------------------------- crisis contacts


@pytest.mark.parametrize(
    ("country", "emergency", "phone"),
    [
        ("US", "911", "988"),
        ("GB", "999", "116 123"),
        ("DE", "112", "0800 111 0 111"),
        ("IE", "112 or 999", "116 123"),
        ("CA", "911", "988"),
        ("AU", "000", "13 11 14"),
    ],
)
def test_shipped_countries(country: str, emergency: str, phone: str) -> None:
    r = crisis_resources(country)
    assert r.country == country
    assert r.emergency_number == emergency
    assert r.contacts[0].phone == phone


def test_shipped_details() -> None:
    assert crisis_resources("US").contacts[0].text == "988"
    assert crisis_resources("CA").contacts[0].text == "988"
    assert [c.phone for c in crisis_resources("GB").contacts] == ["116 123", "111"]
    assert [c.phone for c in crisis_resources("DE").contacts] == [
        "0800 111 0 111",
        "0800 111 0 222",
    ]


@pytest.mark.parametrize("country", ["FR", "zz", "", "INTL"])
def test_unknown_country_falls_back(country: str) -> None:
    r = crisis_resources(country)
    assert r.country == "INTL"
    assert r.emergency_number == "your local emergency number"
    assert r.contacts[0].url == "https://findahelpline.com"


def test_country_code_is_case_insensitive() -> None:
    assert crisis_resources(" gb ").country == "GB"


OVERRIDE = """
[GB]
emergency_number = "999"

[[GB.contacts]]
name = "Our practice's out-of-hours line"
phone = "01234 567890"

[FR]
emergency_number = "112"

[[FR.contacts]]
name = "Local line"
url = "https://example.org"
"""


def test_override_file_replaces_by_country(tmp_path: Path) -> None:
    path = tmp_path / "crisis.toml"
    path.write_text(OVERRIDE, encoding="utf-8")
    assert crisis_resources("GB", path).contacts[0].name == "Our practice's out-of-hours line"
    assert crisis_resources("FR", path).emergency_number == "112"
    assert crisis_resources("US", path).contacts[0].phone == "988"  # untouched
    # The shipped data is not changed by an override.
    assert crisis_resources("GB").contacts[0].name == "Samaritans"


def test_missing_override_file_uses_shipped(tmp_path: Path) -> None:
    assert crisis_resources("GB", tmp_path / "none.toml").contacts[0].name == "Samaritans"


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("[GB\n", "is not valid TOML"),
        ('[GB]\nemergency_number = "999"\n', "at least one contact"),
    ],
)
def test_bad_override_file_names_it(tmp_path: Path, content: str, fragment: str) -> None:
    path = tmp_path / "crisis.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        crisis_resources("GB", path)
    assert str(path) in str(err.value)
    assert fragment in str(err.value)
    # The shipped contacts stay available to show instead.
    assert crisis_resources("GB").contacts[0].name == "Samaritans"
