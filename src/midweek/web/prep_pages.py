"""The prep report for the next session: the preview (leave items out, add the opt-in
safety items), its Markdown and PDF downloads, and sending it (``send_prep_report``, which
the sharing page and the API use too). Built by the same renderers the CLI's ``prep`` uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response

from midweek import messages
from midweek.domain.entities import SharedReport
from midweek.domain.errors import ValidationError
from midweek.services import consent
from midweek.web.deps import (
    Client,
    crisis_contacts,
    person_uow,
    render,
    server_uow,
)
from midweek.web.idempotency import IdempotentRoute

if TYPE_CHECKING:
    from midweek.reports.view import PrepView

from midweek.web.forms import attachment

router = APIRouter(route_class=IdempotentRoute)


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
    return attachment(data, "text/markdown; charset=utf-8", f"{name}.md")


def _pdf(
    request: Request, viewer: Client, exclude: list[str] | None, include: list[str] | None
) -> Response:
    from midweek.reports.pdf import render_pdf

    view, name = _prep_download(request, viewer, exclude, include)
    return attachment(render_pdf(view), "application/pdf", f"{name}.pdf")


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
