"""Use cases for the safety plan, the person's country, and safety events for the prep report.

Nothing here sends anything to anyone: the plan and the country stay in the person's store,
and sharing with a therapist is the person's own choice (``set_shared``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime, tzinfo

from midweek import messages
from midweek.domain.entities import PlanContact, SafetyPlan
from midweek.domain.errors import ValidationError
from midweek.domain.safety import CrisisResources
from midweek.domain.safety_plan import CONTACT_SECTIONS, SECTIONS, check_plan, merge
from midweek.services.ports import UnitOfWork

__all__ = [
    "COUNTRY",
    "check_country",
    "country_question_due",
    "get_country",
    "get_plan",
    "plan_markdown",
    "save_plan",
    "set_country",
    "set_shared",
    "skip_country",
    "suggest_country",
    "update_plan",
]

#: The preference that holds the person's country for the crisis contacts.
COUNTRY = "country"
#: Set when the person put the country question aside ("Not now"): it is asked once.
COUNTRY_ASKED = "country_asked"


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


def skip_country(uow: UnitOfWork, *, now: datetime) -> None:
    """The person put the question aside: the international list stays, it is not asked again
    (Settings still changes it)."""
    with uow:
        uow.preferences.put(COUNTRY_ASKED, "1", now=now)
        uow.commit()


def country_question_due(uow: UnitOfWork) -> bool:
    """Whether to ask for the country: never chosen and never put aside."""
    with uow:
        return (
            uow.preferences.value(COUNTRY) is None and uow.preferences.value(COUNTRY_ASKED) is None
        )


def suggest_country(accept_language: str | None, listed: Iterable[str]) -> str:
    """The country to offer first, from a browser's Accept-Language ("en-GB,en;q=0.9"):
    the first region (by the browser's own order of preference) midweek has lines for,
    else INTL. A language alone names no country ("de" is spoken in AT, CH, DE…)."""
    known = set(listed)
    ranked: list[tuple[float, int, str]] = []
    for n, part in enumerate((accept_language or "")[:500].split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                continue
        subtags = tag.strip().replace("_", "-").split("-")
        # The region is the two-letter subtag after the language (en-GB, zh-Hant-TW).
        region = next((t.upper() for t in subtags[1:] if len(t) == 2 and t.isalpha()), None)
        if region and q > 0:
            ranked.append((-q, n, region))
    for _, _, region in sorted(ranked):
        if region in known:
            return region
    return "INTL"


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
            messages.crisis_call(phone) if phone else None,
            messages.crisis_text(text) if text else None,
            url,
        )
        if w
    ]


def plan_markdown(
    plan: SafetyPlan, support: CrisisResources | None = None, *, tz: tzinfo | None = None
) -> str:
    """The plan as Markdown to keep on a phone or paper, with the crisis lines at the end;
    its day is in ``tz``, the person's zone (None: this machine's)."""
    out = [f"# {_md(messages.PLAN_TITLE)}", ""]
    if plan.updated_at is not None:
        out += [f"_{_md(messages.plan_updated(f'{plan.updated_at.astimezone(tz):%Y-%m-%d}'))}_", ""]
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
            out.append(f"- {_md(f'{c.title}: {ways}{hours}')}")
        out.append(f"- {_md(messages.crisis_emergency(support.emergency_number))}")
        out += ["", f"_{_md(messages.not_monitored(support.emergency_number))}_", ""]
    return "\n".join(out)


def empty_copy(plan: SafetyPlan | None) -> SafetyPlan:
    """A copy of the plan to edit (a new, empty one when there is none)."""
    return replace(plan) if plan is not None else SafetyPlan()
