"""Use cases for the safety plan, the person's country, and safety events for the prep report.

Nothing here sends anything to anyone: the plan and the country stay in the person's store,
and sharing with a therapist is the person's own choice (``set_shared``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

from midweek import messages
from midweek.domain.entities import PlanContact, SafetyPlan
from midweek.domain.errors import ValidationError
from midweek.domain.safety import CrisisResources
from midweek.domain.safety_plan import CONTACT_SECTIONS, SECTIONS, check_plan, merge
from midweek.services.ports import UnitOfWork

__all__ = [
    "COUNTRY",
    "check_country",
    "get_country",
    "get_plan",
    "plan_markdown",
    "save_plan",
    "set_country",
    "set_shared",
    "update_plan",
]

#: The preference that holds the person's country for the crisis contacts.
COUNTRY = "country"


def get_plan(uow: UnitOfWork) -> SafetyPlan | None:
    """The person's safety plan, or None before they have made one."""
    with uow:
        return uow.safety_plan.current()


def save_plan(uow: UnitOfWork, plan: SafetyPlan, *, now: datetime) -> SafetyPlan:
    """Check and store the whole plan (replacing the earlier one); keeps its sharing choice."""
    checked = check_plan(plan)
    with uow:
        current = uow.safety_plan.current()
        if current is not None:
            checked.shared = current.shared
        checked.updated_at = now
        uow.safety_plan.save(checked)
        uow.commit()
    return checked


def update_plan(
    uow: UnitOfWork,
    additions: Mapping[str, list[object]],
    *,
    replace_sections: bool,
    now: datetime,
) -> SafetyPlan:
    """Add lines to sections of the plan (or replace those sections), in one transaction."""
    with uow:
        current = uow.safety_plan.current() or SafetyPlan()
        checked = check_plan(merge(current, additions, replace_=replace_sections))
        checked.updated_at = now
        uow.safety_plan.save(checked)
        uow.commit()
    return checked


def set_shared(uow: UnitOfWork, shared: bool, *, now: datetime) -> SafetyPlan:
    """Share the plan with the therapist, or make it private again."""
    with uow:
        plan = uow.safety_plan.current()
        if plan is None:
            raise ValidationError(messages.PLAN_NONE)
        plan.shared = shared
        plan.updated_at = now
        uow.safety_plan.save(plan)
        uow.commit()
    return plan


# --- country ----------------------------------------------------------------------------


def check_country(raw: str) -> str:
    """A country code in capitals (two letters, or INTL); ``ValidationError`` otherwise."""
    code = raw.strip().upper()
    if code == "INTL" or (len(code) == 2 and code.isascii() and code.isalpha()):
        return code
    raise ValidationError(messages.COUNTRY_BAD, field="country")


def get_country(uow: UnitOfWork) -> str | None:
    """The country the person chose in midweek, or None when they have not chosen yet."""
    with uow:
        return uow.preferences.value(COUNTRY)


def set_country(uow: UnitOfWork, raw: str, *, now: datetime) -> str:
    code = check_country(raw)
    with uow:
        uow.preferences.put(COUNTRY, code, now=now)
        uow.commit()
    return code


# --- export -----------------------------------------------------------------------------

_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_[]<>#|"})


def _md(text: str) -> str:
    return " ".join(text.split()).translate(_SPECIAL)


def contact_line(c: PlanContact) -> str:
    return f"{c.name}: {c.phone}" if c.phone else c.name


def crisis_ways(phone: str | None, text: str | None, url: str | None) -> list[str]:
    return [
        w
        for w in (
            f"call {phone}" if phone else None,
            f"text {text}" if text else None,
            url,
        )
        if w
    ]


def plan_markdown(plan: SafetyPlan, support: CrisisResources | None = None) -> str:
    """The plan as Markdown to keep on a phone or paper, with the crisis lines at the end."""
    out = [f"# {_md(messages.PLAN_TITLE)}", ""]
    if plan.updated_at is not None:
        out += [f"_{_md(messages.plan_updated(f'{plan.updated_at.astimezone():%Y-%m-%d}'))}_", ""]
    for section in SECTIONS:
        out += [f"## {_md(messages.PLAN_SECTIONS[section])}", ""]
        items = getattr(plan, section)
        if not items:
            out += [f"_{_md(messages.PLAN_EMPTY_SECTION)}_", ""]
            continue
        for item in items:
            line = contact_line(item) if section in CONTACT_SECTIONS else item
            out.append(f"- {_md(line)}")
        out.append("")
    if support is not None:
        out += [f"## {_md(messages.PLAN_CRISIS_HEADING)}", ""]
        for c in support.contacts:
            hours = f" ({c.hours})" if c.hours else ""
            ways = ", ".join(crisis_ways(c.phone, c.text, c.url))
            out.append(f"- {_md(f'{c.name}: {ways}{hours}')}")
        out.append(f"- {_md(messages.crisis_emergency(support.emergency_number))}")
        out += ["", f"_{_md(messages.not_monitored(support.emergency_number))}_", ""]
    return "\n".join(out)


def empty_copy(plan: SafetyPlan | None) -> SafetyPlan:
    """A copy of the plan to edit (a new, empty one when there is none)."""
    return replace(plan) if plan is not None else SafetyPlan()
