"""More → Import: bring in a journal from jrnl, Day One, Daylio or FreeCBT, in two steps.

The person chooses a format and a file; the page shows what it holds (counts per kind, the
first few dates and titles, what is already here, photos left out) and keeps the file,
encrypted, until they press "Import". A damaged file is refused with one sentence and
nothing is kept or written.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from midweek import messages
from midweek.domain.errors import ValidationError
from midweek.domain.imports import MAX_FILE_BYTES, Format, parse_format
from midweek.services import imports
from midweek.web.deps import Client, person_uow, render

# A plain router, like the erasure pages: a second "Import" finds nothing waiting (and
# the fingerprints would skip everything anyway), so a repeat is harmless.
router = APIRouter(include_in_schema=False)

PAGE = "/import"


def _page(
    request: Request,
    *,
    error: str | None = None,
    summary: imports.ImportSummary | None = None,
    chosen: str = "",
    status: int = 200,
) -> Response:
    return render(
        request,
        "import.html",
        {
            "error": error,
            "summary": summary,
            "chosen": chosen,
            "formats": messages.WEB_IMPORT_FORMATS,
            "kinds": {k.value: n for k, n in summary.new.items()} if summary else {},
            "limit_mb": MAX_FILE_BYTES // (1024 * 1024),
        },
        status=status,
    )


@router.get(PAGE)
def import_form(request: Request, viewer: Client) -> Response:
    return _page(request)


@router.post(PAGE + "/preview")
async def import_preview(
    request: Request,
    viewer: Client,
    file: UploadFile | None = None,
    format: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    try:
        fmt: Format = parse_format(format)
        if file is None or not file.filename:
            raise ValidationError(messages.WEB_IMPORT_NO_FILE, field="file")
        if file.size is not None and file.size > MAX_FILE_BYTES:
            return _page(request, error=messages.WEB_IMPORT_TOO_LARGE, chosen=format, status=413)
        data = await file.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            return _page(request, error=messages.WEB_IMPORT_TOO_LARGE, chosen=format, status=413)
        summary = imports.stage_upload(
            person_uow(request, viewer.person_id),
            fmt,
            data,
            zone=viewer.now.tzinfo or viewer.now.astimezone().tzinfo,  # type: ignore[arg-type]
            now=viewer.now,
        )
    except ValidationError as err:
        return _page(request, error=str(err), chosen=format, status=422)
    return _page(request, summary=summary, chosen=fmt.value)


@router.post(PAGE)
def import_now(request: Request, viewer: Client) -> Response:
    try:
        summary = imports.import_staged(
            person_uow(request, viewer.person_id),
            zone=viewer.now.tzinfo or viewer.now.astimezone().tzinfo,  # type: ignore[arg-type]
            now=viewer.now,
        )
    except ValidationError as err:
        return _page(request, error=str(err), status=422)
    return render(
        request,
        "import_done.html",
        {"summary": summary, "kinds": {k.value: n for k, n in summary.new.items()}},
    )


@router.post(PAGE + "/cancel")
def import_cancel(request: Request, viewer: Client) -> Response:
    imports.forget_staged(person_uow(request, viewer.person_id))
    return RedirectResponse(PAGE, status_code=303)
