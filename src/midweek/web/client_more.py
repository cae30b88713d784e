"""The client's longer views: the thread, the weekly plan (and its .ics), the safety plan
(and its downloads), and the prep report preview with its downloads.

Each route parses, calls the same services and renderers the CLI uses, on the client's own
unit of work, and renders. A service's ``ValidationError`` is shown beside its form (422),
with what was typed kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from midweek import messages
from midweek.domain.entities import PlanContact, PlanWindow, SafetyPlan, SharedReport
from midweek.domain.errors import NotFound, ValidationError
from midweek.domain.safety_plan import CONTACT_SECTIONS, SECTIONS, TEXT_SECTIONS, merge
from midweek.domain.sharing import ShareKind
from midweek.domain.when import parse_date
from midweek.services import consent, goals
from midweek.services import plan as planning
from midweek.services import safety_plan as plans
from midweek.web.deps import (
    Client,
    accounts_uow,
    crisis_contacts,
    person_uow,
    render,
    server_uow,
)
from midweek.web.idempotency import IdempotentRoute
from midweek.web.params import Ident, parse_id

if TYPE_CHECKING:
    from midweek.domain.thread import ThreadStep
    from midweek.reports.view import PrepView

router = APIRouter(route_class=IdempotentRoute)

#: Empty name/phone rows offered below a plan's contacts, so one can be added without script.
SPARE_CONTACT_ROWS = 3
#: Minutes before each practice that the downloaded calendar reminds (as the CLI's default).
ICS_REMINDER = 10


def _attachment(data: bytes, media_type: str, filename: str) -> Response:
    return Response(
        content=data,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


# --- the thread -------------------------------------------------------------------------


@dataclass(frozen=True)
class _StepView:
    heading: str
    step: ThreadStep
    practice: list[tuple[str, str]]  # (title, how it went)
    barriers: str | None
    writing: list[tuple[Any, bool]]  # (entry, found by similar words)


def _step_view(step: ThreadStep) -> _StepView:
    # The CLI's presentation (cli/thread.py), as data for the template.
    s = step.session
    practice = []
    for p in step.practice:
        if p.totals is None or (p.totals.planned == 0 and p.totals.credit == 0):
            how = messages.THREAD_NOTHING_LOGGED
        else:
            how = messages.progress_of(p.totals, period="")
        practice.append((p.assignment.title, how))
    kinds: dict[str, int] = {}
    for b in step.barriers:
        label = messages.BARRIER_LABELS[b.kind]
        kinds[label] = kinds.get(label, 0) + 1
    barriers = "; ".join(f"{k} ×{n}" if n > 1 else k for k, n in kinds.items()) or None
    writing = [(e, False) for e in step.by_theme] + [(e, True) for e in step.similar]
    return _StepView(
        heading=messages.web_session_heading(s.date, list(s.themes)),
        step=step,
        practice=practice,
        barriers=barriers,
        writing=writing,
    )


def _goal_id(raw: str) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    ident = parse_id(raw)
    if ident is None:
        raise NotFound("goal", raw)
    return ident


@router.get("/thread")
def thread_page(
    request: Request,
    viewer: Client,
    theme: Annotated[str, Query(max_length=200)] = "",
    goal: Annotated[str, Query(max_length=20)] = "",
    all_: Annotated[bool, Query(alias="all")] = False,
) -> Response:
    from midweek.services.thread import DEFAULT_SESSIONS
    from midweek.services.thread import thread as build

    theme_ = theme.strip() or None
    goal_id = _goal_id(goal)
    context: dict[str, Any] = {"theme": theme, "goal": goal, "error": None, "all": all_}
    context["goals"] = goals.list_goals(person_uow(request, viewer.person_id))
    try:
        t = build(
            person_uow(request, viewer.person_id),
            now=viewer.now,
            theme=theme_,
            goal_id=goal_id,
            sessions=None if all_ else DEFAULT_SESSIONS,
        )
    except ValidationError as err:
        context.update(error=str(err), thread=None, steps=[], title=None)
        return render(request, "more_thread.html", context, status=422)
    empty = messages.THREAD_NO_MATCH if (theme_ or goal_id is not None) else None
    context.update(
        thread=t,
        steps=[_step_view(s) for s in t.steps],
        title=messages.web_thread_title(theme_, t.goal_text, len(t.steps), t.earlier),
        empty=empty or messages.WEB_THREAD_EMPTY,
        all_link="/thread?" + urlencode({"theme": theme, "goal": goal, "all": "1"}),
    )
    return render(request, "more_thread.html", context)


# --- the weekly plan --------------------------------------------------------------------


def _start(raw: str, now: datetime) -> date:
    """The first day of the week asked for, read by the one clock grammar."""
    if not raw.strip():
        return now.date()
    try:
        return parse_date(raw, now=now, what="start day", future_ok=True)
    except ValidationError as err:
        err.field = "start"
        raise


def _day(d: date) -> str:
    return messages.when(d, "short")


@dataclass(frozen=True)
class _DayView:
    label: str
    today: bool
    #: (time, title, minutes) of each practice planned that day, earliest first.
    items: list[tuple[str, str, str]]


def _minute(t: time) -> int:
    return t.hour * 60 + t.minute


def _week_days(week: planning.WeekPlan, today: date) -> list[_DayView]:
    """Each of the seven days with its practices, like ``plan week``; today marked."""
    titles = {a.id: a.title for a in week.assignments}
    days = []
    for offset in range(7):
        d = week.start + timedelta(days=offset)
        items = [
            (
                f"{i.start:%H:%M}–{i.end:%H:%M}",
                titles[i.assignment_id],
                messages.practice_minutes(_minute(i.end) - _minute(i.start)),
            )
            for i in sorted(week.plan.items, key=lambda i: i.start)
            if i.day == d
        ]
        days.append(_DayView(label=_day(d), today=d == today, items=items))
    return days


@dataclass(frozen=True)
class _Cell:
    value: str
    label: str
    checked: bool


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _grid(stored: list[PlanWindow], today: date) -> dict[str, Any]:
    """The week grid: a column a weekday, a row a half hour, the saved time ticked."""
    chosen = planning.chosen_slots(stored)
    names = messages.WEEKDAY_NAMES  # in the reader's language
    short = messages.WEEKDAY_ABBR
    rows = []
    for minute in planning.grid_minutes():
        cells = []
        for day in range(7):
            slot = planning.Slot(day, minute)
            label = messages.slot_label(names[day], _clock(minute), _clock(slot.end))
            cells.append(_Cell(slot.value, label, slot in chosen))
        rows.append((_clock(minute), minute % 60 == 0, cells))
    off_grid = [
        w
        for w in stored
        if w.start_minute % planning.SLOT_MINUTES
        or w.end_minute % planning.SLOT_MINUTES
        or w.start_minute < planning.GRID_FIRST_MINUTE
        or w.end_minute > planning.GRID_END_MINUTE
    ]
    return {
        "grid_days": [(short[i], n, i == today.weekday()) for i, n in enumerate(names)],
        "grid_rows": rows,
        "grid_shown": [s.value for s in sorted(chosen)],
        "off_grid": bool(off_grid),
    }


def _shortfalls(week: planning.WeekPlan) -> list[tuple[str, str]]:
    by_id = {a.id: a for a in week.assignments}
    out = []
    for s in week.plan.shortfalls:
        a = by_id[s.assignment_id]
        sug = week.suggestions.get(s.assignment_id)
        hint = (
            messages.NO_SMALLER_VERSION
            if sug is None
            else messages.plan_suggestion(
                sug.kind, sug.per_week, sug.minutes, a.per_week, a.minutes
            )
        )
        out.append((messages.plan_shortfall(a.title, s.placed, s.planned, s.minutes_short), hint))
    return out


def _plan_page(
    request: Request,
    viewer: Client,
    *,
    start: str = "",
    same_day: bool = False,
    typed: str = "",
    error: str | None = None,
    grid_error: str | None = None,
    saved: str = "",
    status: int = 200,
) -> Response:
    from midweek.domain.zones import zone_name

    uow = person_uow(request, viewer.person_id)
    stored = planning.list_windows(uow)
    windows = [(w, planning.window_of(w)) for w in stored]
    first = _start(start, viewer.now)
    week = planning.plan_for_week(
        person_uow(request, viewer.person_id),
        start=first,
        now=viewer.now,
        allow_same_day=same_day,
    )
    query = {"start": first.isoformat()} | ({"same_day": "1"} if same_day else {})
    weekly_minutes = sum(w.minutes for _, w in windows)
    said = {
        "grid": messages.grid_saved(len(windows), weekly_minutes),
        "same": messages.WEB_GRID_NO_CHANGE,
    }
    zone = zone_name(viewer.now.tzinfo)
    context = {
        "windows": windows,
        "weekly_minutes": weekly_minutes,
        "week": week,
        "days": _week_days(week, viewer.now.date()),
        "shortfalls": _shortfalls(week),
        "same_day": same_day,
        "start": first.isoformat(),
        "earlier": (first - timedelta(days=7)).isoformat(),
        "later": (first + timedelta(days=7)).isoformat(),
        "ics_link": "/plan.ics?" + urlencode(query),
        "typed": typed,
        "error": error,
        "grid_error": grid_error,
        "grid_said": said.get(saved),
        "grid_zone": messages.grid_zone(zone) if zone else None,
        "heading": messages.plan_heading(_day(week.start), _day(week.end)),
    } | _grid(stored, viewer.now.date())
    return render(request, "more_plan.html", context, status=status)


@router.get("/plan")
def plan_page(
    request: Request,
    viewer: Client,
    start: Annotated[str, Query(max_length=20)] = "",
    same_day: bool = False,
    saved: Annotated[str, Query(max_length=10)] = "",
) -> Response:
    return _plan_page(request, viewer, start=start, same_day=same_day, saved=saved)


@router.post("/plan/windows")
def add_windows(
    request: Request, viewer: Client, windows: Annotated[str, Form(max_length=5000)] = ""
) -> Response:
    texts = [line.strip() for line in windows.replace(",", "\n").splitlines() if line.strip()]
    try:
        planning.add_windows(person_uow(request, viewer.person_id), texts, now=viewer.now)
    except ValidationError as err:
        return _plan_page(request, viewer, typed=windows, error=str(err), status=422)
    return RedirectResponse("/plan", status_code=303)


SlotField = Annotated[list[str] | None, Form(max_length=planning.MOST_SLOT_VALUES)]


@router.post("/plan/grid")
def choose_on_grid(
    request: Request, viewer: Client, slot: SlotField = None, shown: SlotField = None
) -> Response:
    """The week grid's form: the ticked slots, and those it showed ticked (``shown``), so
    only what the person changed is changed."""
    try:
        change = planning.choose_slots(
            person_uow(request, viewer.person_id), slot or [], shown or [], now=viewer.now
        )
    except ValidationError as err:
        return _plan_page(request, viewer, grid_error=str(err), status=422)
    said = "grid" if change.added or change.removed else "same"
    return RedirectResponse(f"/plan?saved={said}#week-grid", status_code=303)


@router.post("/plan/windows/{ident}/delete")
def remove_window(request: Request, viewer: Client, ident: Ident) -> Response:
    """Into the trash, so the plan page offers "Deleted. Undo" for a few minutes."""
    from midweek.domain.corrections import RecordKind
    from midweek.services import corrections

    item = corrections.delete(
        server_uow(request, viewer.person_id),
        RecordKind.WINDOW,
        ident,
        now=viewer.now,
        actor=viewer.account_id,
    )
    return RedirectResponse(f"/plan?deleted={item.id}", status_code=303)


@router.get("/plan.ics")
def plan_ics(
    request: Request,
    viewer: Client,
    start: Annotated[str, Query(max_length=20)] = "",
    same_day: bool = False,
) -> Response:
    from midweek.exports.ics import plan_to_ics

    first = _start(start, viewer.now)
    w = planning.plan_for_week(
        person_uow(request, viewer.person_id),
        start=first,
        now=viewer.now,
        allow_same_day=same_day,
    )
    if not w.windows and not w.passed:
        raise ValidationError(messages.NO_WINDOWS)
    if not w.plan.items:
        raise ValidationError(messages.NOTHING_TO_EXPORT)
    data = plan_to_ics(
        w.plan, w.assignments, tz=viewer.now.tzinfo, now=viewer.now, reminder_minutes=ICS_REMINDER
    )
    return _attachment(data, "text/calendar", f"midweek-plan-{first.isoformat()}.ics")


# --- the safety plan --------------------------------------------------------------------


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
    return _attachment(data, "text/markdown; charset=utf-8", "safety-plan.md")


@router.get("/safety-plan.pdf")
def safety_plan_pdf(request: Request, viewer: Client) -> Response:
    from midweek.reports.safety_plan import render_plan_pdf

    plan = _own_plan(request, viewer)
    return _attachment(
        render_plan_pdf(plan, crisis_contacts(request), tz=viewer.now.tzinfo),
        "application/pdf",
        "safety-plan.pdf",
    )


# --- the prep report --------------------------------------------------------------------

#: Form and query fields of the prep choices, bounded like every form field.
Names = Annotated[list[str] | None, Form(max_length=200)]
QueryNames = Annotated[list[str] | None, Query(max_length=200)]


@dataclass(frozen=True)
class PrepPages:
    """The whole report (every item the person can choose, risk items as added), what stays
    in with their choices, and whether there is a risk item they could add."""

    full: PrepView
    view: PrepView
    can_add_safety: bool


def _clean(names: list[str] | None) -> list[str]:
    return [n for n in names or [] if n.strip()]


def prep_view(
    request: Request, viewer: Client, exclude: list[str], include: list[str] | None = None
) -> PrepPages | None:
    """The client's report for the next session with their choices; None when empty.
    ``ValidationError`` for an id that is not in it, as ``prep --exclude`` and
    ``--include`` (risk items are out unless ``include`` names ``safety``)."""
    from midweek.reports.view import build_view
    from midweek.services.prep import build_prep

    data = build_prep(person_uow(request, viewer.person_id), now=viewer.now)
    if data.is_empty:
        return None
    added = _clean(include)
    support = crisis_contacts(request) if added else None
    full = build_view(data, support=support, include=added)
    view = build_view(data, exclude=_clean(exclude), support=support, include=added)
    return PrepPages(full, view, bool(data.item9 or data.safety_events))


def send_prep_report(
    request: Request, viewer: Client, exclude: list[str], include: list[str] | None = None
) -> SharedReport:
    """Send the report exactly as previewed with these choices (the page and the API both).
    ValidationError when there is nothing to report, an id is not in it, or no therapist."""
    from midweek.reports.html import render_html
    from midweek.reports.markdown import render_markdown

    pages = prep_view(request, viewer, exclude, include)
    if pages is None:
        raise ValidationError(messages.PREP_EMPTY)
    view = pages.view
    return consent.send_report(
        server_uow(request, viewer.person_id),
        viewer.account,
        markdown=render_markdown(view),
        html=render_html(view),
        left_out=sorted(view.excluded),
        now=viewer.now,
    )


def prep_url(path: str, exclude: list[str], include: list[str], **more: str) -> str:
    pairs = [("exclude", e) for e in exclude] + [("include", i) for i in include]
    pairs += list(more.items())
    return path + ("?" + urlencode(pairs) if pairs else "")


def _sparklines(view: PrepView) -> dict[str, list[tuple[str, str, str]]]:
    """Per chart item: (series, sparkline, values), a text stand-in for the SVG charts (whose
    inline styles this page's content policy does not allow)."""
    from midweek.reports.charts import sparkline

    out: dict[str, list[tuple[str, str, str]]] = {}
    for s in view.sections:
        for i in s.items:
            if i.chart is None:
                continue
            c = i.chart
            out[i.id] = [
                (
                    series.name,
                    sparkline([p.value for p in series.points], low=c.low, high=c.high),
                    ", ".join(str(p.value) for p in series.points),
                )
                for series in c.series
            ]
    return out


def _also(full: PrepView) -> dict[str, str]:
    """Per item whose leaving reaches further: the sentence that says where else it goes."""
    from midweek.reports.view import reach

    labels = {i.id: i.text for s in full.sections for i in s.items}
    out: dict[str, str] = {}
    for s in full.sections:
        for i in s.items:
            others = reach(full, i.id)
            if others:
                out[i.id] = messages.web_prep_also([_short(labels[o]) for o in others])
    return out


def _short(text: str, most: int = 48) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


@router.get("/prep")
def prep_page(
    request: Request,
    viewer: Client,
    exclude: QueryNames = None,
    include: QueryNames = None,
    changed: Annotated[str, Query(max_length=5)] = "",
) -> Response:
    wanted, added = _clean(exclude), _clean(include)
    context: dict[str, Any] = {
        "exclude": wanted,
        "include": added,
        "error": None,
        "changed": changed == "1",
        "view": None,
        "full": None,
    }
    try:
        pages = prep_view(request, viewer, wanted, added)
    except ValidationError as err:
        # Keep what was added when only a left-out id was wrong.
        try:
            pages, kept = prep_view(request, viewer, [], added), added
        except ValidationError:
            pages, kept = prep_view(request, viewer, [], []), []
        context.update(
            exclude=[],
            include=kept,
            full=pages.full if pages else None,
            can_add_safety=bool(pages and pages.can_add_safety),
            also=_also(pages.full) if pages else {},
            error=str(err),
        )
        return render(request, "more_prep.html", context, status=422)
    if pages is not None:
        context.update(
            full=pages.full,
            view=pages.view,
            can_add_safety=pages.can_add_safety,
            also=_also(pages.full),
            charts=_sparklines(pages.view),
        )
    return render(request, "more_prep.html", context)


@router.post("/prep")
def prep_choose(
    request: Request, viewer: Client, exclude: Names = None, include: Names = None
) -> Response:
    """ "Update the preview": the choices of the one form, shown by GET (so a reload is safe
    and the form's token never goes into an address)."""
    from midweek.web.forms import see_other

    return see_other(prep_url("/prep", _clean(exclude), _clean(include)) + "#prep-preview")


def _prep_download(
    request: Request, viewer: Client, exclude: list[str] | None, include: list[str] | None
) -> tuple[PrepView, str]:
    pages = prep_view(request, viewer, _clean(exclude), _clean(include))
    if pages is None:
        raise ValidationError(messages.PREP_EMPTY)
    return pages.view, f"midweek-prep-{viewer.now:%Y-%m-%d}"


def _md(
    request: Request, viewer: Client, exclude: list[str] | None, include: list[str] | None
) -> Response:
    from midweek.reports.markdown import render_markdown

    view, name = _prep_download(request, viewer, exclude, include)
    data = render_markdown(view).encode("utf-8")
    return _attachment(data, "text/markdown; charset=utf-8", f"{name}.md")


def _pdf(
    request: Request, viewer: Client, exclude: list[str] | None, include: list[str] | None
) -> Response:
    from midweek.reports.pdf import render_pdf

    view, name = _prep_download(request, viewer, exclude, include)
    return _attachment(render_pdf(view), "application/pdf", f"{name}.pdf")


@router.get("/prep.md")
def prep_md(
    request: Request, viewer: Client, exclude: QueryNames = None, include: QueryNames = None
) -> Response:
    return _md(request, viewer, exclude, include)


@router.post("/prep.md")
def prep_md_from_form(
    request: Request, viewer: Client, exclude: Names = None, include: Names = None
) -> Response:
    """The download buttons belong to the choices form: what is ticked at the moment of
    downloading is what the file leaves out."""
    return _md(request, viewer, exclude, include)


@router.get("/prep.pdf")
def prep_pdf(
    request: Request, viewer: Client, exclude: QueryNames = None, include: QueryNames = None
) -> Response:
    return _pdf(request, viewer, exclude, include)


@router.post("/prep.pdf")
def prep_pdf_from_form(
    request: Request, viewer: Client, exclude: Names = None, include: Names = None
) -> Response:
    return _pdf(request, viewer, exclude, include)
