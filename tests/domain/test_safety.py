"""Crisis contacts as data. (The risk detector's tests are in test_risk.py.)"""

from __future__ import annotations

import pytest

from midweek.domain.errors import ValidationError
from midweek.domain.safety import (
    CrisisContact,
    CrisisResources,
    parse_crisis_contacts,
)

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
