"""Safety basics: noticing risk words in free text, and crisis contacts as configuration.

``detect_risk`` is a prompt to offer support (the safety plan and crisis contacts), never a
diagnosis or an assessment of risk. It matches a short, curated list of phrases that often
signal suicidal thinking or self-harm. It is deliberately conservative in what it claims:
it does not understand context, irony or most negations, so it will miss risk expressed
in other words and will sometimes match text that carries no risk at all. Nothing here is
monitored by anyone; the product says so wherever it shows these contacts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from midweek.domain.errors import ValidationError

__all__ = [
    "RISK_PHRASES",
    "CrisisContact",
    "CrisisResources",
    "detect_risk",
    "parse_crisis_contacts",
]

_ME = r"(?:myself|my self)"
_DONT = r"(?:don'?t|do not|dont)"
_ANYMORE = r"(?:any ?more|any longer)"

# (phrase reported, pattern). Patterns run on normalised text: lower case, one kind of
# apostrophe, single spaces. Each is wrapped in word boundaries.
_PATTERNS: tuple[tuple[str, str], ...] = (
    ("kill myself", rf"kill(?:s|ing)? {_ME}"),
    ("end my life", r"end(?:ing)? (?:my|my own) life"),
    # Only "my own life": "take my life back" is a recovery phrase.
    ("take my own life", r"tak(?:e|ing) my own life"),
    ("end it all", r"end(?:ing)? it all"),
    ("suicide", r"suicides?"),
    ("suicidal", r"suicidal"),
    ("better off dead", r"better off dead"),
    ("better off without me", r"better off without me"),
    ("don't want to be here anymore", rf"{_DONT} want to be (?:here|alive) {_ANYMORE}"),
    ("don't want to be alive", rf"{_DONT} want to be alive"),
    ("don't want to live", rf"{_DONT} want to (?:live|go on living)"),
    # "I don't want to die" is common in panic and health anxiety and is not a risk phrase.
    ("want to die", r"(?<!don't )(?<!do not )(?<!dont )(?:want(?:ed)?|wanna|wanting) (?:to )?die"),
    ("wish I was dead", r"wish (?:i|i'd) (?:was|were|could be|had) (?:dead|died)"),
    ("wish I could die", r"wish (?:i|i'd) could die"),
    ("hurt myself", rf"hurt(?:ing)? {_ME}"),
    ("harm myself", rf"harm(?:ing)? {_ME}"),
    ("self-harm", r"self[- ]?harm(?:ing|ed)?"),
    # Not "cut myself a slice / some slack / off": those are everyday phrases.
    ("cut myself", rf"cut(?:ting)? {_ME}(?! (?:a|an|some|off|loose|free|short|out)\b)"),
    ("no reason to live", r"no reasons? (?:left )?to live"),
    ("nothing to live for", r"nothing (?:left )?to live for"),
    ("not worth living", r"(?:not|isn't|is not) worth living"),
    ("overdose", r"overdos(?:e|ed|es|ing)"),
    # Not a bare "never/not wake up": sleep-diary notes say "did not wake up until 7".
    ("sleep and never wake up", r"(?:sleep|asleep) and (?:never|not) wake up"),
    ("hope I never wake up", r"(?:hope|wish) i (?:never|don't|do not|won't|wouldn't) wake up"),
    ("hang myself", rf"hang(?:ing)? {_ME}"),
)

#: The canonical phrases ``detect_risk`` can report.
RISK_PHRASES: tuple[str, ...] = tuple(phrase for phrase, _ in _PATTERNS)

_APOSTROPHES = str.maketrans({c: "'" for c in "\u2019\u2018\u02bc\u00b4`\u2032\uff07"})


@cache
def _compiled() -> tuple[tuple[str, re.Pattern[str]], ...]:
    # Compiled on first use, not at import, to keep the CLI's start-up short.
    return tuple((phrase, re.compile(rf"\b(?:{pat})\b")) for phrase, pat in _PATTERNS)


def detect_risk(text: str) -> list[str]:
    """The risk phrases found in ``text`` (canonical wording, first occurrence order).

    An empty list means none of the listed phrases appear — not that there is no risk.
    """
    normal = " ".join(text.translate(_APOSTROPHES).lower().split())
    found: list[tuple[int, str]] = []
    for phrase, pattern in _compiled():
        m = pattern.search(normal)
        if m is not None:
            found.append((m.start(), phrase))
    found.sort()
    return [phrase for _, phrase in found]


# --------------------------------------------------------------------------- crisis contacts


@dataclass(frozen=True)
class CrisisContact:
    name: str
    phone: str | None = None
    text: str | None = None
    url: str | None = None
    hours: str | None = None


@dataclass(frozen=True)
class CrisisResources:
    """Crisis contacts for one country (ISO 3166 alpha-2 code, or "INTL" for the fallback)."""

    country: str
    contacts: tuple[CrisisContact, ...]
    emergency_number: str


_COUNTRY = re.compile(r"(?:[A-Z]{2}|INTL)\Z")
_CONTACT_KEYS = {"name", "phone", "text", "url", "hours"}
_COUNTRY_KEYS = {"emergency_number", "contacts"}


def _fail(problem: str) -> ValidationError:
    return ValidationError(f"The crisis contacts {problem}")


def _opt_text(table: Mapping[str, object], key: str, where: str) -> str | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _fail(f"need “{key}” for {where} to be some text.")
    return value.strip()


def parse_crisis_contacts(data: dict[str, object]) -> dict[str, CrisisResources]:
    """Crisis resources by country code from parsed TOML; ``ValidationError`` on bad data.

    Each top-level table is a country code (e.g. ``[GB]``, or ``[INTL]`` for the fallback)
    with ``emergency_number`` and a non-empty ``[[GB.contacts]]`` list; a contact has a
    name and at least one of phone, text or url.
    """
    if not isinstance(data, dict):
        raise _fail("are not a table of countries.")
    result: dict[str, CrisisResources] = {}
    for country, table in data.items():
        if not isinstance(country, str) or not _COUNTRY.match(country):
            raise _fail(
                f"list “{country}”, which is not a two-letter country code in capitals "
                "(like GB) or INTL."
            )
        if not isinstance(table, dict):
            raise _fail(f"for {country} are not a table.")
        extra = sorted(set(table) - _COUNTRY_KEYS)
        if extra:
            raise _fail(f"for {country} have settings I don't know: {', '.join(extra)}.")
        emergency = _opt_text(table, "emergency_number", country)
        if emergency is None:
            raise _fail(f"for {country} need an emergency_number.")
        raw_contacts = table.get("contacts")
        if not isinstance(raw_contacts, list) or not raw_contacts:
            raise _fail(f"for {country} need at least one contact.")
        contacts = []
        for i, raw in enumerate(raw_contacts, start=1):
            where = f"contact {i} in {country}"
            if not isinstance(raw, dict):
                raise _fail(f"have {where} that is not a table.")
            extra = sorted(set(raw) - _CONTACT_KEYS)
            if extra:
                raise _fail(f"have settings I don't know in {where}: {', '.join(extra)}.")
            name = _opt_text(raw, "name", where)
            if name is None:
                raise _fail(f"need a name for {where}.")
            contact = CrisisContact(
                name=name,
                phone=_opt_text(raw, "phone", where),
                text=_opt_text(raw, "text", where),
                url=_opt_text(raw, "url", where),
                hours=_opt_text(raw, "hours", where),
            )
            if contact.phone is None and contact.text is None and contact.url is None:
                raise _fail(f"need a phone, text or url for {name} in {country}.")
            contacts.append(contact)
        result[country] = CrisisResources(
            country=country, contacts=tuple(contacts), emergency_number=emergency
        )
    return result
