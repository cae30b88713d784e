"""Everything out, and erasure, for a client: Settings → "Download everything" and
"Delete my account and all my data".

The download is one ZIP (``exports.archive``). Erasure asks for the password and the typed
words "erase my data" on a plain page (no JavaScript needed), then erases the account and
the data in one transaction, the data key first, signs the browser out and says so.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from midweek import messages
from midweek.domain.errors import Throttled, Unauthorized, ValidationError
from midweek.services import library
from midweek.services.erasure import erase_account
from midweek.web.deps import Client, person_uow, render, server_uow
from midweek.web.security import SESSION_COOKIE, clear_cookie

# Not an IdempotentRoute: its record of the answer would belong to the account that the
# request erases. Erasing twice is harmless anyway: the second finds nobody signed in.
router = APIRouter(include_in_schema=False)

Field = Annotated[str, Form(max_length=4096)]


@router.get("/settings/everything.zip")
def download_everything(request: Request, viewer: Client) -> Response:
    from midweek.exports.archive import everything_zip
    from midweek.web.prep_pages import prep_view

    prep_pdf: bytes | None = None
    try:
        from midweek.reports.pdf import render_pdf

        pages = prep_view(request, viewer, [])
        prep_pdf = render_pdf(pages.view) if pages is not None else None
    except ImportError:  # WeasyPrint is an extra: the archive says the PDF is missing
        prep_pdf = None
    now = viewer.now
    data, _ = everything_zip(
        person_uow(request, viewer.person_id),
        now=now,
        readme=messages.ARCHIVE_README.format(day=messages.when(now, "date")),
        templates=library.load_templates(request.app.state.settings.templates_dir),
        prep_pdf=prep_pdf,
    )
    return Response(
        content=data,
        media_type="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="midweek-everything-{now:%Y-%m-%d}.zip"'
        },
    )


def _erase_page(request: Request, *, error: str | None = None, status: int = 200) -> Response:
    return render(
        request, "settings_erase.html", {"error": error, "phrase": "erase my data"}, status=status
    )


@router.get("/settings/erase")
def erase_form(request: Request, viewer: Client) -> Response:
    return _erase_page(request)


@router.post("/settings/erase")
def erase(request: Request, viewer: Client, password: Field = "", confirm: Field = "") -> Response:
    try:
        erase_account(
            server_uow(request, viewer.person_id),
            viewer.account,
            password=password,
            confirmation=confirm,
            now=viewer.now,
        )
    except Throttled as err:
        return _erase_page(request, error=str(err), status=429)
    except (Unauthorized, ValidationError) as err:
        return _erase_page(request, error=str(err), status=422)
    request.state.account = None
    response = render(request, "erased.html", {})
    clear_cookie(request, response, SESSION_COOKIE)
    return response
