"""The therapist's pages: the caseload, invitations, one client's shared work, assigning
and rating homework, recording takeaways together, and the prep reports clients sent.

Every route calls one service in ``services.caseload``, ``linked_client`` or ``care_links``;
the access rule (an active link the client accepted, and only what the client shares) and
the audit of each read and write live there. A client id without a link, or an item the
client does not share, is ``NotFound`` (404) with no content. A mistake in a form is shown
beside it (422) with what was typed kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from midweek import messages
from midweek.domain.errors import ValidationError
from midweek.domain.instruments import INSTRUMENTS
from midweek.domain.measures import SeriesOutcome
from midweek.domain.safety_plan import CONTACT_SECTIONS, SECTIONS
from midweek.domain.sharing import ShareKind
from midweek.domain.when import parse_date, parse_datetime
from midweek.services import care_links, caseload, homework, library, linked_client
from midweek.services import safety_plan as plans
from midweek.web.deps import Therapist, accounts_uow, client_uows, render, server_uow
from midweek.web.forms import (
    INVALID,
    Short,
    Text,
    attachment,
    required_int,
    see_other,
    takeaway_lines,
    theme_list,
)
from midweek.web.idempotency import IdempotentRoute
from midweek.web.params import Ident

router = APIRouter(route_class=IdempotentRoute)


#: A sent report is a complete HTML document of its own (with inline styles and data: images
#: for its charts); it may never run a script, load anything, or be framed.
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"


# --- the caseload ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    row: caseload.CaseloadRow
    practice: str | None
    barriers: str | None
    measures: list[tuple[str, str | None]] | None  # (line, reliable change)
    practice_spark: str | None = None  # inline SVG with its text alternative
    measure_sparks: list[str] | None = None


def _measures(outcomes: list[SeriesOutcome]) -> list[tuple[str, str | None]]:
    """Per instrument: ('PHQ-9 13 (moderate), down 6 from 19', the reliable change or None)."""
    out = []
    for o in outcomes:
        name = INSTRUMENTS[o.instrument].name if o.instrument in INSTRUMENTS else o.instrument
        line = messages.web_t_measure(name, o.latest, o.latest_band, o.change, o.first)
        mark = (
            messages.PREP_MEANING_IMPROVED
            if o.reliable_improvement
            else messages.PREP_MEANING_ROSE
            if o.reliable_deterioration
            else None
        )
        out.append((line, mark))
    return out


def _barriers(counts: dict[str, int]) -> str:
    labels = {k.value: v for k, v in messages.BARRIER_LABELS.items()}
    parts = [
        f"{labels.get(kind, kind)} ×{n}"
        for kind, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return "; ".join(parts) or messages.WEB_T_NO_BARRIERS


def _practice_spark(trend: list[float | None]) -> str:
    from midweek.reports.charts import spark_svg

    return spark_svg(
        trend,
        low=0.0,
        high=1.0,
        bands=(0.5,),
        label=messages.web_t_practice_trend(trend),
        kind="practice",
    )


def _measure_sparks(trends: dict[str, list[int]]) -> list[str]:
    from midweek.reports.charts import spark_svg

    out = []
    for code, scores in trends.items():
        inst = INSTRUMENTS.get(code)
        if inst is None:
            continue
        top = inst.bands[-1][1]
        out.append(
            spark_svg(
                scores,
                low=0,
                high=top,
                bands=tuple(low for low, _, _ in inst.bands[1:]),
                label=messages.web_t_measure_trend(inst.name, scores),
                kind="measure",
            )
        )
    return out


def _row(r: caseload.CaseloadRow) -> _Row:
    return _Row(
        practice_spark=_practice_spark(r.practice_trend) if r.practice_trend is not None else None,
        measure_sparks=_measure_sparks(r.measure_trends) if r.measure_trends is not None else None,
        row=r,
        practice=(
            messages.web_t_practice(r.credit, r.planned)
            if r.credit is not None and r.planned is not None
            else None
        ),
        barriers=_barriers(r.barriers) if r.barriers is not None else None,
        measures=_measures(r.measures) if r.measures is not None else None,
    )


@router.get("/therapist")
def caseload_page(
    request: Request,
    viewer: Therapist,
    sort: Annotated[str, Query(max_length=20)] = "struggling",
    show: Annotated[str, Query(max_length=20)] = "all",
) -> Response:
    if sort not in caseload.SORTS:
        sort = "struggling"
    if show not in caseload.FILTERS:
        show = "all"
    rows = caseload.caseload(
        accounts_uow(request), client_uows(request), viewer.account, now=viewer.now, sort=sort
    )
    everyone = bool(rows)
    rows = caseload.filter_caseload(rows, show, now=viewer.now)
    return render(
        request,
        "therapist_caseload.html",
        {
            "rows": [_row(r) for r in rows],
            "sort": sort,
            "show": show,
            "filters": caseload.FILTERS,
            "everyone": everyone,
        },
    )


# --- invitations ----------------------------------------------------------------------------


def _invite_page(
    request: Request,
    viewer: Therapist,
    invitation: care_links.Invitation | None = None,
    *,
    error: ValidationError | None = None,
    label: str = "",
    status: int = 200,
) -> Response:
    invitations = care_links.open_invitations(accounts_uow(request), viewer.account, now=viewer.now)
    return render(
        request,
        "therapist_invite.html",
        {"invitation": invitation, "invitations": invitations, "error": error, "label": label},
        status=status,
    )


@router.get("/therapist/invite")
def invite_page(request: Request, viewer: Therapist) -> Response:
    return _invite_page(request, viewer)


@router.post("/therapist/invite")
def make_invite(request: Request, viewer: Therapist, label: Short = "") -> Response:
    # The code is shown on this answer only (never stored, so never shown again).
    try:
        invitation = care_links.invite(
            accounts_uow(request), viewer.account, now=viewer.now, label=label
        )
    except ValidationError as err:
        return _invite_page(request, viewer, error=err, label=label, status=INVALID)
    return _invite_page(request, viewer, invitation)


@router.post("/therapist/invite/{link_id}/withdraw")
def withdraw_invite(request: Request, viewer: Therapist, link_id: Ident) -> Response:
    care_links.end_link(accounts_uow(request), viewer.account, link_id, now=viewer.now)
    return see_other("/therapist/invite")


# --- one client -----------------------------------------------------------------------------


def _templates(request: Request) -> list[tuple[str, str]]:
    """(name, title) of the worksheet library: shipped plus the server's own folder."""
    found = library.load_templates(request.app.state.settings.templates_dir)
    return sorted(((t.name, t.title) for t in found.values()), key=lambda nt: nt[1].lower())


def _client_page(
    request: Request,
    viewer: Therapist,
    person_id: int,
    *,
    errors: dict[str, str] | None = None,
    typed: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    view = linked_client.client_view(
        server_uow(request, person_id), viewer.account, person_id, now=viewer.now
    )
    homework_rows = [(hw, messages.web_t_practice(hw.credit, hw.planned)) for hw in view.homework]
    plan = view.safety_plan
    plan_sections = (
        [
            (
                messages.PLAN_SECTIONS[s],
                [
                    plans.contact_line(i) if s in CONTACT_SECTIONS else str(i)
                    for i in getattr(plan, s)
                ],
            )
            for s in SECTIONS
        ]
        if plan is not None
        else []
    )
    return render(
        request,
        "therapist_client.html",
        {
            "view": view,
            "homework_rows": homework_rows,
            "measures": _measures(view.row.measures or []),
            "plan_sections": plan_sections,
            "practice_line": _row(view.row),
            "shares": messages.web_t_shares(
                [messages.WEB_T_KIND_LABELS[k.value] for k in ShareKind if k in view.state.kinds]
            ),
            "templates": _templates(request),
            "errors": errors or {},
            "typed": typed or {},
            "today": viewer.now.date().isoformat(),
            "base": f"/therapist/clients/{person_id}",
        },
        status=status,
    )


@router.get("/therapist/clients/{person_id}")
def client_page(request: Request, viewer: Therapist, person_id: Ident) -> Response:
    return _client_page(request, viewer, person_id)


def _day(raw: str, now: datetime, *, what: str, ahead: bool = False) -> date | None:
    return parse_date(raw, now=now, what=what, future_ok=ahead) if raw.strip() else None


@router.post("/therapist/clients/{person_id}/homework")
def assign(
    request: Request,
    viewer: Therapist,
    person_id: Ident,
    title: Short = "",
    worksheet: Annotated[str, Form(max_length=200)] = "",
    per_week: Annotated[str, Form(max_length=20)] = "",
    minutes: Annotated[str, Form(max_length=20)] = "",
    start: Annotated[str, Form(max_length=40)] = "",
    until: Annotated[str, Form(max_length=40)] = "",
    instructions: Text = "",
) -> Response:
    typed = {
        "title": title,
        "worksheet": worksheet,
        "per_week": per_week,
        "minutes": minutes,
        "start": start,
        "until": until,
        "instructions": instructions,
    }
    try:
        template = None
        if worksheet.strip():
            found = library.load_templates(request.app.state.settings.templates_dir)
            template = found.get(worksheet.strip())
            if template is None:
                raise ValidationError(messages.WEB_T_PICK_WORKSHEET, field="worksheet")
        name = title.strip() or (template.title if template else "")
        if not name:
            raise ValidationError(messages.WEB_T_NEED_TITLE, field="title")
        a = homework.new_assignment(
            title=name,
            per_week=required_int(per_week, label=messages.WEB_T_PER_WEEK, field="per_week"),
            minutes=required_int(minutes, label=messages.WEB_T_MINUTES, field="minutes"),
            now=viewer.now,
            start=_day(start, viewer.now, what="start date", ahead=True),
            until=_day(until, viewer.now, what="end date", ahead=True),
            worksheet=template,
            instructions=instructions.strip() or None,
        )
        linked_client.assign_homework(
            server_uow(request, person_id), viewer.account, person_id, a, now=viewer.now
        )
    except ValidationError as err:
        return _client_page(
            request, viewer, person_id, errors={"homework": str(err)}, typed=typed, status=422
        )
    return see_other(f"/therapist/clients/{person_id}#homework")


@router.post("/therapist/clients/{person_id}/homework/{assignment_id}/end")
def end_homework(
    request: Request, viewer: Therapist, person_id: Ident, assignment_id: Ident
) -> Response:
    linked_client.end_client_homework(
        server_uow(request, person_id), viewer.account, person_id, assignment_id, now=viewer.now
    )
    return see_other(f"/therapist/clients/{person_id}#homework")


@router.post("/therapist/clients/{person_id}/homework/{assignment_id}/rating")
def rate(
    request: Request,
    viewer: Therapist,
    person_id: Ident,
    assignment_id: Ident,
    rating: Annotated[str, Form(max_length=20)] = "",
    note: Text = "",
) -> Response:
    try:
        value = required_int(rating, label=messages.WEB_T_RATING, field="rating")
        linked_client.rate_homework(
            server_uow(request, person_id),
            viewer.account,
            person_id,
            assignment_id,
            rating=value,
            note=note,
            now=viewer.now,
        )
    except ValidationError as err:
        return _client_page(
            request,
            viewer,
            person_id,
            errors={f"rating-{assignment_id}": str(err)},
            typed={f"rating-{assignment_id}": rating, f"note-{assignment_id}": note},
            status=422,
        )
    return see_other(f"/therapist/clients/{person_id}#homework")


@router.post("/therapist/clients/{person_id}/sessions")
def add_session(
    request: Request,
    viewer: Therapist,
    person_id: Ident,
    day: Annotated[str, Form(max_length=40)] = "",
    takeaways: Text = "",
    themes: Short = "",
    next_appointment: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    typed = {
        "day": day,
        "takeaways": takeaways,
        "themes": themes,
        "next_appointment": next_appointment,
    }
    try:
        session_day = _day(day, viewer.now, what="session date") or viewer.now.date()
        upcoming = (
            parse_datetime(
                next_appointment, now=viewer.now, what="next appointment", future_ok=True
            )
            if next_appointment.strip()
            else None
        )
        linked_client.record_session(
            server_uow(request, person_id),
            viewer.account,
            person_id,
            day=session_day,
            takeaways=takeaway_lines(takeaways),
            themes=theme_list(themes),
            next_appointment=upcoming,
            now=viewer.now,
        )
    except ValidationError as err:
        return _client_page(
            request, viewer, person_id, errors={"session": str(err)}, typed=typed, status=422
        )
    return see_other(f"/therapist/clients/{person_id}#sessions")


@router.get("/therapist/clients/{person_id}/journal/{entry_id}")
def journal_entry(
    request: Request, viewer: Therapist, person_id: Ident, entry_id: Ident
) -> Response:
    entry = linked_client.shared_entry(
        server_uow(request, person_id), viewer.account, person_id, entry_id, now=viewer.now
    )
    return render(
        request,
        "therapist_entry.html",
        {"entry": entry, "base": f"/therapist/clients/{person_id}"},
    )


# Before the HTML route: "/reports/3.md" must not be read as report id "3.md".
@router.get("/therapist/clients/{person_id}/reports/{report_id}.md")
def report_markdown(
    request: Request, viewer: Therapist, person_id: Ident, report_id: Ident
) -> Response:
    report = linked_client.shared_report(
        server_uow(request, person_id), viewer.account, person_id, report_id, now=viewer.now
    )
    name = f"midweek-prep-{report.sent_at:%Y-%m-%d}.md"
    return attachment(report.markdown.encode("utf-8"), "text/markdown; charset=utf-8", name)


@router.get("/therapist/clients/{person_id}/reports/{report_id}")
def report_html(
    request: Request, viewer: Therapist, person_id: Ident, report_id: Ident
) -> Response:
    report = linked_client.shared_report(
        server_uow(request, person_id), viewer.account, person_id, report_id, now=viewer.now
    )
    # The report as the client reviewed it: its own document, under its own policy
    # (security.security_headers keeps a policy a route set).
    return HTMLResponse(report.html, headers={"Content-Security-Policy": REPORT_CSP})
