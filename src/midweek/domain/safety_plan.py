"""The safety plan's sections and their rules: plain text, phone numbers loosely checked.

The sections follow the Stanley–Brown safety planning intervention. Every section may be
empty: a plan with one line in it is already worth having.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace

from midweek.domain import rules
from midweek.domain.entities import PlanContact, SafetyPlan
from midweek.domain.errors import ValidationError
from midweek.i18n import _

__all__ = [
    "CONTACT_SECTIONS",
    "SECTIONS",
    "TEXT_SECTIONS",
    "check_phone",
    "check_plan",
    "merge",
    "parse_contact",
    "plan_from_mapping",
]

#: The sections in the order a plan is read, by field name.
SECTIONS: tuple[str, ...] = (
    "warning_signs",
    "coping",
    "distractions",
    "people",
    "professionals",
    "safer",
    "reasons",
)
#: Sections that list people or services (a name and a phone number).
CONTACT_SECTIONS = frozenset({"people", "professionals"})
TEXT_SECTIONS = tuple(s for s in SECTIONS if s not in CONTACT_SECTIONS)

#: A line in a plan; long enough for a sentence or two.
MAX_LINE = 500
MAX_NAME = 200
#: Digits, spaces, "+", "-", "(", ")" and a dot, with at least two digits and at most 20.
_PHONE = re.compile(r"\+?[0-9 ().\-]+\Z")


def check_phone(phone: str | None, *, name: str) -> str | None:
    """The phone number stripped (None when empty), or a kind ``ValidationError``."""
    if phone is None or not phone.strip():
        return None
    cleaned = " ".join(phone.split())
    digits = sum(ch.isdigit() for ch in cleaned)
    if not _PHONE.match(cleaned) or not 2 <= digits <= 20:
        raise ValidationError(
            _(
                "The phone number for {name} (“{cleaned}”) doesn't look like a phone number; "
                "please use digits, spaces, + - and ( ) only, like +44 20 7946 0000."
            ).format(name=name, cleaned=cleaned),
            field="phone",
        )
    return cleaned


def parse_contact(raw: str) -> PlanContact:
    """``"Name: phone"`` (or just ``"Name"``) as a contact; the phone after the last colon."""
    name, sep, phone = raw.rpartition(":")
    if not sep:
        name, phone = raw, ""
    name = rules.check_text(name, label="The name", field="name", limit=MAX_NAME)
    return PlanContact(name=name, phone=check_phone(phone, name=name))


def _check_lines(lines: Iterable[str]) -> list[str]:
    return [
        rules.check_text(line, label="A line of the plan", field="plan", limit=MAX_LINE)
        for line in lines
        if line and line.strip()
    ]


def _check_contacts(contacts: Iterable[PlanContact]) -> list[PlanContact]:
    out = []
    for c in contacts:
        name = rules.check_text(c.name, label="The name", field="name", limit=MAX_NAME)
        out.append(PlanContact(name=name, phone=check_phone(c.phone, name=name)))
    return out


def check_plan(plan: SafetyPlan) -> SafetyPlan:
    """The plan with every line stripped, blank lines dropped and phone numbers checked."""
    changes: dict[str, object] = {}
    for section in SECTIONS:
        value = getattr(plan, section)
        changes[section] = (
            _check_contacts(value) if section in CONTACT_SECTIONS else _check_lines(value)
        )
    return replace(plan, **changes)  # type: ignore[arg-type]


def merge(plan: SafetyPlan, additions: Mapping[str, list[object]], *, replace_: bool) -> SafetyPlan:
    """The plan with ``additions`` (by section) appended, or replacing those sections."""
    changes: dict[str, object] = {}
    for section, items in additions.items():
        if section not in SECTIONS:
            raise ValidationError(
                _("There is no section “{section}” in a safety plan.").format(section=section)
            )
        changes[section] = list(items) if replace_ else [*getattr(plan, section), *items]
    return replace(plan, **changes)  # type: ignore[arg-type]


def _contact_from(raw: object, where: str) -> PlanContact:
    if isinstance(raw, str):
        return parse_contact(raw)
    if isinstance(raw, Mapping):
        name = raw.get("name")
        phone = raw.get("phone")
        if not isinstance(name, str) or (phone is not None and not isinstance(phone, str | int)):
            raise ValidationError(
                _(
                    "Each entry in “{where}” needs a name (and may have a phone), like {{ name "
                    '= "Ana", phone = "+1 555 0100" }}.'
                ).format(where=where)
            )
        return PlanContact(name=name, phone=None if phone is None else str(phone))
    raise ValidationError(
        _("Each entry in “{where}” should be “Name: phone” or a name and phone.").format(
            where=where
        )
    )


def plan_from_mapping(data: Mapping[str, object]) -> dict[str, list[object]]:
    """Sections read from a parsed TOML/JSON file: each a list of text (or of contacts)."""
    unknown = sorted(set(data) - set(SECTIONS) - {"shared", "updated_at"})
    if unknown:
        raise ValidationError(
            _(
                "The file has sections I don't know: {unknown}. The sections are: {sections}."
            ).format(unknown=", ".join(unknown), sections=", ".join(SECTIONS))
        )
    found: dict[str, list[object]] = {}
    for section in SECTIONS:
        if section not in data:
            continue
        raw = data[section]
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, list):
            raise ValidationError(
                _("“{section}” in the file should be a list.").format(section=section)
            )
        if section in CONTACT_SECTIONS:
            found[section] = [_contact_from(r, section) for r in raw]
        else:
            if not all(isinstance(r, str) for r in raw):
                raise ValidationError(
                    _("“{section}” in the file should be a list of text.").format(section=section)
                )
            found[section] = list(raw)
    return found
