"""The safety plan: the page, its edit form (contacts without script), sharing it with the
therapist, and its Markdown and PDF downloads.

A service's ``ValidationError`` is shown beside the form (422), with what was typed kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from midweek import messages
from midweek.domain.entities import PlanContact, SafetyPlan
from midweek.domain.errors import ValidationError
from midweek.domain.safety_plan import CONTACT_SECTIONS, SECTIONS, TEXT_SECTIONS, merge
from midweek.domain.sharing import ShareKind
from midweek.services import consent
from midweek.services import safety_plan as plans
from midweek.web.deps import (
    Client,
    accounts_uow,
    crisis_contacts,
    person_uow,
    render,
)
from midweek.web.idempotency import IdempotentRoute

if TYPE_CHECKING:
    pass

from midweek.web.forms import attachment

router = APIRouter(route_class=IdempotentRoute)


#: Empty name/phone rows offered below a plan's contacts, so one can be added without script.
SPARE_CONTACT_ROWS = 3


def _sections(plan: SafetyPlan) -> list[tuple[str, str, list[tuple[str, str | None]]]]:
    """(section id, title, lines) in reading order; each line is (text, phone or None) so a
    person's or a professional's number is shown as a link to call."""

    def line(section: str, item: Any) -> tuple[str, str | None]:
        if section in CONTACT_SECTIONS:
            return (item.name, item.phone) if item.phone else (item.name, None)
        return (str(item), None)

    return [
        (s, messages.PLAN_SECTIONS[s], [line(s, i) for i in getattr(plan, s)]) for s in SECTIONS
    ]


@router.get("/safety-plan")
def safety_plan_page(request: Request, viewer: Client, saved: bool = False) -> Response:
    plan = plans.get_plan(person_uow(request, viewer.person_id))
    support = crisis_contacts(request)
    updated = (
        messages.plan_updated(f"{plan.updated_at.astimezone(viewer.now.tzinfo):%Y-%m-%d}")
        if plan is not None and plan.updated_at is not None
        else None
    )
    state = consent.sharing_state(accounts_uow(request), viewer.person_id)
    context = {
        "plan": plan,
        "plan_shared": ShareKind.SAFETY_PLAN in state.kinds,
        "sections": _sections(plan) if plan is not None else [],
        "updated": updated,
        "saved": saved,
        "resources": support,
        "not_monitored": messages.not_monitored(support.emergency_number),
    }
    return render(request, "more_safety_plan.html", context)


def _form_values(plan: SafetyPlan) -> dict[str, Any]:
    """What the edit form shows: text sections as lines, contacts plus a few empty rows."""
    values: dict[str, Any] = {s: "\n".join(getattr(plan, s)) for s in TEXT_SECTIONS}
    for s in CONTACT_SECTIONS:
        rows = [(c.name, c.phone or "") for c in getattr(plan, s)]
        values[s] = rows + [("", "")] * SPARE_CONTACT_ROWS
    return values


def _edit_page(
    request: Request, values: dict[str, Any], *, error: str | None = None, status: int = 200
) -> Response:
    context = {
        "values": values,
        "error": error,
        "text_sections": TEXT_SECTIONS,
        "sections": SECTIONS,
        "contact_sections": CONTACT_SECTIONS,
    }
    return render(request, "more_safety_plan_edit.html", context, status=status)


@router.get("/safety-plan/edit")
def safety_plan_edit(request: Request, viewer: Client) -> Response:
    plan = plans.get_plan(person_uow(request, viewer.person_id)) or SafetyPlan()
    return _edit_page(request, _form_values(plan))


TextField = Annotated[str, Form(max_length=20_000)]


ListField = Annotated[list[str] | None, Form(max_length=1000)]


@router.post("/safety-plan")
def safety_plan_save(
    request: Request,
    viewer: Client,
    warning_signs: TextField = "",
    coping: TextField = "",
    distractions: TextField = "",
    safer: TextField = "",
    reasons: TextField = "",
    people_name: ListField = None,
    people_phone: ListField = None,
    professionals_name: ListField = None,
    professionals_phone: ListField = None,
) -> Response:
    typed = {
        "warning_signs": warning_signs,
        "coping": coping,
        "distractions": distractions,
        "safer": safer,
        "reasons": reasons,
    }
    sections: dict[str, list[object]] = {s: list(typed[s].splitlines()) for s in TEXT_SECTIONS}
    values: dict[str, Any] = dict(typed)
    for s, names, phones in (
        ("people", people_name, people_phone),
        ("professionals", professionals_name, professionals_phone),
    ):
        pairs = zip(names or [], phones or [], strict=False)
        rows = [(n, p) for n, p in pairs if n.strip() or p.strip()]
        values[s] = rows + [("", "")] * SPARE_CONTACT_ROWS
        sections[s] = [PlanContact(name=n, phone=p or None) for n, p in rows]
    plan = merge(SafetyPlan(), sections, replace_=True)
    try:
        plans.save_plan(person_uow(request, viewer.person_id), plan, now=viewer.now)
    except ValidationError as err:
        return _edit_page(request, values, error=str(err), status=422)
    return RedirectResponse("/safety-plan?saved=1", status_code=303)


@router.post("/safety-plan/share")
def safety_plan_share(
    request: Request, viewer: Client, shared: Annotated[str, Form(max_length=1)] = ""
) -> Response:
    """Share the plan with each linked therapist (a share per link), or stop."""
    _own_plan(request, viewer)
    consent.set_kind_shared(
        accounts_uow(request), viewer.account, ShareKind.SAFETY_PLAN, shared == "1", now=viewer.now
    )
    return RedirectResponse("/safety-plan", status_code=303)


def _own_plan(request: Request, viewer: Client) -> SafetyPlan:
    plan = plans.get_plan(person_uow(request, viewer.person_id))
    if plan is None:
        raise ValidationError(messages.WEB_PLAN_NONE)
    return plan


@router.get("/safety-plan.md")
def safety_plan_md(request: Request, viewer: Client) -> Response:
    plan = _own_plan(request, viewer)
    support = crisis_contacts(request)
    data = plans.plan_markdown(plan, support, tz=viewer.now.tzinfo).encode("utf-8")
    return attachment(data, "text/markdown; charset=utf-8", "safety-plan.md")


@router.get("/safety-plan.pdf")
def safety_plan_pdf(request: Request, viewer: Client) -> Response:
    from midweek.reports.safety_plan import render_plan_pdf

    plan = _own_plan(request, viewer)
    return attachment(
        render_plan_pdf(plan, crisis_contacts(request), tz=viewer.now.tzinfo),
        "application/pdf",
        "safety-plan.pdf",
    )
