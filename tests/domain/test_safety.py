"""Risk phrases in free text, and crisis contacts as data."""

from __future__ import annotations

import pytest

from midweek.domain.errors import ValidationError
from midweek.domain.safety import (
    RISK_PHRASES,
    CrisisContact,
    CrisisResources,
    detect_risk,
    parse_crisis_contacts,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I want to die", ["want to die"]),
        ("Honestly I just WANT TO DIE.", ["want to die"]),
        ("some days i wanna die", ["want to die"]),
        ("I keep thinking I'd be better off dead", ["better off dead"]),
        ("I don't want to be here anymore", ["don't want to be here anymore"]),
        ("I don’t want to be here any more", ["don't want to be here anymore"]),  # curly
        ("i dont want to be here anymore", ["don't want to be here anymore"]),
        ("I do not want to live like this", ["don't want to live"]),
        ("thinking about suicide again", ["suicide"]),
        ("Felt suicidal after the call", ["suicidal"]),
        ("I could kill myself", ["kill myself"]),
        ("thought about killing myself", ["kill myself"]),
        ("I want to end my life", ["end my life"]),
        ("I want to hurt myself", ["hurt myself"]),
        ("urge to self-harm was strong", ["self-harm"]),
        ("the self harm urges came back", ["self-harm"]),
        ("I cut myself last night", ["cut myself"]),
        ("There is no reason to live", ["no reason to live"]),
        ("I thought about an overdose", ["overdose"]),
        ("I nearly overdosed", ["overdose"]),
        ("Everyone would be better off without me", ["better off without me"]),
        ("I just want to go to sleep and never wake up", ["sleep and never wake up"]),
        ("I hope I don't wake up tomorrow", ["hope I never wake up"]),
        ("I want to\nkill   myself", ["kill myself"]),  # line breaks and extra spaces
        ("I thought about how I'd take my own life", ["take my own life"]),
    ],
)
def test_positives(text: str, expected: list[str]) -> None:
    assert detect_risk(text) == expected


def test_several_phrases_in_text_order_without_repeats() -> None:
    text = "Suicidal again. I want to die. I want to die. Thought about an overdose."
    assert detect_risk(text) == ["suicidal", "want to die", "overdose"]


@pytest.mark.parametrize(
    "text",
    [
        "this deadline is killing me",
        "my feet are killing me after that walk",
        "I'm dying to see that film",
        "I'd die for a coffee right now",
        "I don't want to die, I was having a panic attack",
        "I cut myself a slice of cake",
        "I need to cut myself some slack",
        "I want to take my life back",
        "I did not wake up until 7",
        "I never wake up before nine on Sundays",
        "I went on a diet; I want to diet properly",
        "dead tired today but the walk helped",
        "",
        "Had a good session, practised the breathing twice.",
        "the harmony in the choir was lovely",
    ],
)
def test_negatives(text: str) -> None:
    assert detect_risk(text) == []


def test_every_phrase_is_listed_and_detects_itself() -> None:
    for phrase in RISK_PHRASES:
        assert phrase in detect_risk(f"lately: {phrase}."), phrase


# ----------------------------------------------------------------------------- crisis contacts

GOOD = {
    "GB": {
        "emergency_number": "999",
        "contacts": [
            {"name": "Samaritans", "phone": "116 123", "url": "https://www.samaritans.org"},
            {"name": "NHS 111", "phone": "111", "hours": "24/7"},
        ],
    },
    "INTL": {
        "emergency_number": "your local emergency number",
        "contacts": [{"name": "Find A Helpline", "url": "https://findahelpline.com"}],
    },
}


def test_parse_good_data() -> None:
    parsed = parse_crisis_contacts(GOOD)  # type: ignore[arg-type]
    assert set(parsed) == {"GB", "INTL"}
    gb = parsed["GB"]
    assert gb == CrisisResources(
        country="GB",
        emergency_number="999",
        contacts=(
            CrisisContact(
                name="Samaritans",
                phone="116 123",
                text=None,
                url="https://www.samaritans.org",
                hours=None,
            ),
            CrisisContact(name="NHS 111", phone="111", text=None, url=None, hours="24/7"),
        ),
    )
    assert parsed["INTL"].contacts[0].phone is None


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"gb": GOOD["GB"]}, "not a two-letter country code"),
        ({"GBR": GOOD["GB"]}, "not a two-letter country code"),
        ({"GB": "999"}, "for GB are not a table"),
        ({"GB": {"contacts": GOOD["GB"]["contacts"]}}, "need an emergency_number"),
        ({"GB": {"emergency_number": "999", "contacts": []}}, "at least one contact"),
        ({"GB": {"emergency_number": "999"}}, "at least one contact"),
        ({"GB": {"emergency_number": "999", "contacts": [{"phone": "1"}]}}, "need a name"),
        (
            {"GB": {"emergency_number": "999", "contacts": [{"name": "X"}]}},
            "need a phone, text or url for X",
        ),
        (
            {"GB": {"emergency_number": "999", "contacts": [{"name": "X", "phone": 116123}]}},
            "“phone”",
        ),
        (
            {"GB": {"emergency_number": "999", "contacts": [{"name": "X", "fone": "1"}]}},
            "fone",
        ),
        ({"GB": {**GOOD["GB"], "emergency": "999"}}, "settings I don't know: emergency"),
        ({"GB": {"emergency_number": "", "contacts": GOOD["GB"]["contacts"]}}, "emergency"),
    ],
)
def test_parse_rejects_bad_data(data: dict[str, object], fragment: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_crisis_contacts(data)
    assert fragment in str(err.value)
    assert str(err.value).startswith("The crisis contacts ")
