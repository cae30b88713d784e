"""Time zones by IANA name: what is accepted, the one sentence for what is not, the picker's
groups, and the machine's own zone."""

from __future__ import annotations

from datetime import datetime

import pytest

from midweek.bootstrap import machine_zone
from midweek.domain.errors import ValidationError
from midweek.domain.zones import zone_groups, zone_name, zone_named, zone_or_none


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Europe/London", "Europe/London"),
        (" europe/london ", "Europe/London"),
        ("AMERICA/NEW_YORK", "America/New_York"),
        ("UTC", "UTC"),
    ],
)
def test_names_in_any_case(typed: str, expected: str) -> None:
    assert zone_name(zone_named(typed)) == expected


@pytest.mark.parametrize(
    "typed", ["", "Mars/Olympus", "America", "../../etc/passwd", "posixrules", "\x00", "x" * 300]
)
def test_unknown_names_get_one_sentence_with_an_example(typed: str) -> None:
    with pytest.raises(ValidationError) as err:
        zone_named(typed)
    assert "please give a name like Europe/London" in str(err.value)
    assert err.value.field == "time_zone"


def test_a_stored_name_that_is_gone_is_no_zone_not_an_error() -> None:
    assert zone_or_none(None) is None
    assert zone_or_none("Mars/Olympus") is None
    assert zone_or_none("/etc/passwd") is None
    assert zone_name(zone_or_none("Asia/Tokyo")) == "Asia/Tokyo"


def test_the_picker_groups_places_by_region() -> None:
    groups = dict(zone_groups())
    assert "Europe/London" in groups["Europe"]
    assert "America/New_York" in groups["America"]
    assert groups["UTC"] == ("UTC",)
    assert all(name.startswith(region) for region, names in groups.items() for name in names)


def test_the_machine_zone_is_found_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    assert zone_name(machine_zone()) == "America/New_York"
    monkeypatch.setenv("TZ", "Mars/Olympus")  # then /etc/localtime, else a fixed offset
    assert datetime.now(machine_zone()).utcoffset() is not None
