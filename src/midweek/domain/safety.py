"""Safety basics: crisis contacts as configuration.

Noticing risk in free text lives in ``midweek.domain.risk`` (rules as data, levels,
negation, idioms and reported speech; see docs/RISK.md). Nothing here is monitored by
anyone; the product says so wherever it shows these contacts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime

from midweek.domain.errors import ValidationError
from midweek.i18n import _

__all__ = [
    "RISK_PHRASES",
    "CrisisContact",
    "CrisisResources",
    "crisis_texts",
    "dial_number",
    "dial_parts",
    "localized",
    "parse_crisis_contacts",
]

#: Words support messages and reports must never repeat back to the person (checked by
#: tests). The detector's own phrase list is data: midweek/data/risk_rules.toml.
RISK_PHRASES: tuple[str, ...] = (
    "kill myself",
    "end my life",
    "take my own life",
    "end it all",
    "suicide",
    "suicidal",
    "better off dead",
    "better off without me",
    "don't want to be here anymore",
    "don't want to be alive",
    "don't want to live",
    "want to die",
    "wish I was dead",
    "wish I could die",
    "hurt myself",
    "harm myself",
    "self-harm",
    "cut myself",
    "no reason to live",
    "nothing to live for",
    "not worth living",
    "overdose",
    "sleep and never wake up",
    "hope I never wake up",
    "hang myself",
)


# --------------------------------------------------------------------------- numbers to dial

#: A phone number inside text: an optional +, then digits with spaces, dots, dashes or
#: brackets between them ("116 123", "+44 (0)20 7946 0000", "0800-111-0-111").
_NUMBER = re.compile(r"\+?\d(?:[\d .\-()]*\d)?")


def dial_number(text: str | None) -> str | None:
    """What a ``tel:``/``sms:`` link dials for ``text``: its digits (and a leading +), or
    None when it holds no digit at all ("your local emergency number")."""
    if not text:
        return None
    text = text.strip()
    if text.startswith("+"):
        text = text.replace("(0)", "")  # "+44 (0)20 …": the 0 is dialled only from inside
    digits = re.sub(r"[^\d+]", "", text)
    digits = digits[:1] + digits[1:].replace("+", "")  # a + only counts at the front
    return digits if any(ch.isdigit() for ch in digits) else None


def dial_parts(text: str) -> list[tuple[str, str | None]]:
    """``text`` cut into (piece, number to dial or None), so each number in a sentence such
    as "112 or 999" becomes its own link and the words between stay words."""
    parts: list[tuple[str, str | None]] = []
    at = 0
    for match in _NUMBER.finditer(text):
        if match.start() > at:
            parts.append((text[at : match.start()], None))
        parts.append((match.group(), dial_number(match.group())))
        at = match.end()
    if at < len(text):
        parts.append((text[at:], None))
    return parts


# --------------------------------------------------------------------------- crisis contacts


@dataclass(frozen=True)
class CrisisContact:
    """One crisis line. ``name`` is the service's own name, never translated;
    ``description`` (what it is) and ``hours`` are written in English in the shipped file
    and shown in the reader's language (``localized``)."""

    name: str
    phone: str | None = None
    text: str | None = None
    url: str | None = None
    hours: str | None = None
    #: Where the number was checked (the service's own page) and when.
    source: str | None = None
    checked: date | None = None
    description: str | None = None

    @property
    def title(self) -> str:
        """The name with what it is: "Find A Helpline (free, confidential support …)"."""
        return f"{self.name} ({self.description})" if self.description else self.name


@dataclass(frozen=True)
class CrisisResources:
    """Crisis contacts for one country (ISO 3166 alpha-2 code, or "INTL" for the fallback)."""

    country: str
    contacts: tuple[CrisisContact, ...]
    emergency_number: str
    #: Where the emergency number was checked, and when.
    emergency_source: str | None = None
    emergency_checked: date | None = None


_COUNTRY = re.compile(r"(?:[A-Z]{2}|INTL)\Z")
_CONTACT_KEYS = {"name", "description", "phone", "text", "url", "hours", "source", "checked"}
_COUNTRY_KEYS = {"emergency_number", "emergency_source", "emergency_checked", "contacts"}


def _fail(problem: str) -> ValidationError:
    return ValidationError(_("The crisis contacts {problem}").format(problem=problem))


def _opt_text(table: Mapping[str, object], key: str, where: str) -> str | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _fail(f"need “{key}” for {where} to be some text.")
    return value.strip()


def _opt_date(table: Mapping[str, object], key: str, where: str) -> date | None:
    value = table.get(key)
    if value is None:
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _fail(f"need “{key}” for {where} to be a date like 2026-11-27.")


def parse_crisis_contacts(data: dict[str, object]) -> dict[str, CrisisResources]:
    """Crisis resources by country code from parsed TOML; ``ValidationError`` on bad data.

    Each top-level table is a country code (e.g. ``[GB]``, or ``[INTL]`` for the fallback)
    with ``emergency_number`` and a non-empty ``[[GB.contacts]]`` list; a contact has a
    name and at least one of phone, text or url. ``source`` and ``checked`` (and
    ``emergency_source`` / ``emergency_checked``) say where and when a number was checked.
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
                description=_opt_text(raw, "description", where),
                phone=_opt_text(raw, "phone", where),
                text=_opt_text(raw, "text", where),
                url=_opt_text(raw, "url", where),
                hours=_opt_text(raw, "hours", where),
                source=_opt_text(raw, "source", where),
                checked=_opt_date(raw, "checked", where),
            )
            if contact.phone is None and contact.text is None and contact.url is None:
                raise _fail(f"need a phone, text or url for {name} in {country}.")
            contacts.append(contact)
        result[country] = CrisisResources(
            country=country,
            contacts=tuple(contacts),
            emergency_number=emergency,
            emergency_source=_opt_text(table, "emergency_source", country),
            emergency_checked=_opt_date(table, "emergency_checked", country),
        )
    return result


def crisis_texts(resources: CrisisResources) -> list[tuple[str, str]]:
    """The words of one country's contacts a person reads, with where they sit: what
    ``localized`` translates and what ``scripts/i18n`` extracts. Names and numbers are
    left out (they stay as the service writes them); so is an emergency number without
    words ("112"), while "112 or 999" is there for its "or"."""
    found: list[tuple[str, str]] = []
    if _LETTER.search(resources.emergency_number):
        found.append((resources.emergency_number, f"{resources.country} emergency number"))
    for c in resources.contacts:
        found += [
            (text, f"{resources.country} {c.name} {key}")
            for key, text in (("description", c.description), ("hours", c.hours))
            if text
        ]
    return found


_LETTER = re.compile(r"[^\W\d_]")


def localized(resources: CrisisResources) -> CrisisResources:
    """``resources`` with each description, the opening hours and the words around the
    emergency number in the reader's language; names, numbers and addresses unchanged."""

    def say(text: str | None) -> str | None:
        return _(text) if text else text

    contacts = tuple(
        replace(c, description=say(c.description), hours=say(c.hours)) for c in resources.contacts
    )
    return replace(resources, contacts=contacts, emergency_number=_(resources.emergency_number))
