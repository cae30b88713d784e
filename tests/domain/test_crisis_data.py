"""The shipped crisis contacts file stays trustworthy: see docs/CRISIS-CONTACTS.md.

Every country has an emergency number, every phone and text number is digits and spaces
(and a leading +), no country lists the same service or number twice, and every entry
names its source and a date it was checked that is not in the future and not older than
two years. A stale entry fails with the exact list of entries to re-check.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from midweek.domain.safety import CrisisResources
from midweek.services.library import FALLBACK_COUNTRY, shipped_crisis_contacts

#: How old a check may be before the entry must be looked at again.
MAX_AGE = timedelta(days=730)
REQUIRED = {"US", "CA", "GB", "IE", "AU", "NZ", "EU", FALLBACK_COUNTRY}
_NUMBER = re.compile(r"\+?[0-9]+(?: [0-9]+)*\Z")
_EMERGENCY = re.compile(r"[0-9]{2,3}(?: or [0-9]{2,3})*\Z")


def _all() -> dict[str, CrisisResources]:
    return shipped_crisis_contacts()


def test_the_required_countries_are_there() -> None:
    assert set(_all()) >= REQUIRED


@pytest.mark.parametrize("country", sorted(shipped_crisis_contacts()))
def test_every_country_has_an_emergency_number(country: str) -> None:
    r = _all()[country]
    if country == FALLBACK_COUNTRY:
        assert r.emergency_number  # words: there is no one number for everywhere
    else:
        assert _EMERGENCY.match(r.emergency_number), (country, r.emergency_number)
    assert r.contacts


@pytest.mark.parametrize("country", sorted(shipped_crisis_contacts()))
def test_phone_and_text_numbers_are_well_formed(country: str) -> None:
    for c in _all()[country].contacts:
        for number in (c.phone, c.text):
            if number is not None:
                assert _NUMBER.match(number), (country, c.name, number)
        if c.url is not None:
            assert c.url.startswith("https://"), (country, c.name, c.url)


@pytest.mark.parametrize("country", sorted(shipped_crisis_contacts()))
def test_no_duplicates_within_a_country(country: str) -> None:
    contacts = _all()[country].contacts
    # One service may list two numbers; its description tells them apart.
    names = [c.title.casefold() for c in contacts]
    assert len(names) == len(set(names)), (country, names)
    phones = [c.phone.replace(" ", "") for c in contacts if c.phone]
    assert len(phones) == len(set(phones)), (country, phones)
    texts = [c.text.replace(" ", "") for c in contacts if c.text]
    assert len(texts) == len(set(texts)), (country, texts)


def _entries() -> list[tuple[str, str | None, date | None]]:
    """(what, source, checked) for every contact and every emergency number."""
    out: list[tuple[str, str | None, date | None]] = []
    for country, r in sorted(_all().items()):
        if country != FALLBACK_COUNTRY:
            out.append(
                (
                    f"{country} emergency {r.emergency_number}",
                    r.emergency_source,
                    r.emergency_checked,
                )
            )
        out += [(f"{country} {c.name}", c.source, c.checked) for c in r.contacts]
    return out


def test_every_entry_has_a_source_and_a_checked_date() -> None:
    missing = [what for what, source, checked in _entries() if not source or checked is None]
    assert not missing, f"add source and checked for: {missing}"
    bad = [what for what, source, _ in _entries() if not (source or "").startswith("https://")]
    assert not bad, f"a source should be the service's own https page: {bad}"


def test_no_entry_is_checked_in_the_future_or_too_long_ago() -> None:
    today = date.today()
    future = [
        f"{what} ({checked})" for what, _, checked in _entries() if checked and checked > today
    ]
    assert not future, f"checked dates in the future: {future}"
    stale = [
        f"{what} (checked {checked}, source {source})"
        for what, source, checked in _entries()
        if checked and today - checked > MAX_AGE
    ]
    assert not stale, (
        "These crisis contacts were last checked over two years ago; please check each one "
        "against its source and update `checked` (docs/CRISIS-CONTACTS.md): " + "; ".join(stale)
    )
