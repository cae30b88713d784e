"""What the page modules share for reading forms and answering them.

Every form works as a plain post (answered with a 303 back to a page); with htmx the same
endpoint answers with a fragment swapped in place. A mistake in a form is shown beside it
(422 without htmx) with what the person typed kept; nothing is half-written, because the
services validate before they open a transaction.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import RedirectResponse, Response

from midweek import messages
from midweek.domain.entities import BarrierKind
from midweek.domain.errors import ValidationError

#: A form with a mistake in it comes back with this status, with htmx too (base.html's
#: htmx-config swaps 422 answers in like successes).
INVALID = 422

#: Form fields, bounded so no request can make the server hold a huge value.
Text = Annotated[str, Form(max_length=20_000)]
Short = Annotated[str, Form(max_length=2_000)]


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


def see_other(url: str) -> Response:
    """After a post: go to ``url`` with GET (so a reload never posts twice)."""
    return RedirectResponse(url, status_code=303)


def optional_int(raw: str, *, label: str, field: str) -> int | None:
    """An optional whole number from a form field; a human sentence when it is not one."""
    raw = raw.strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise ValidationError(messages.web_not_a_number(label, raw), field=field) from None


def required_int(raw: str, *, label: str, field: str) -> int:
    """A whole number the form must have."""
    value = optional_int(raw, label=label, field=field)
    if value is None:
        raise ValidationError(messages.web_need_number(label), field=field)
    return value


def takeaway_lines(raw: str) -> list[str]:
    """Session takeaways typed one per line in a text box (blank lines dropped)."""
    return [t.strip() for t in raw.splitlines() if t.strip()]


def theme_list(raw: str) -> list[str]:
    """Themes typed separated by commas."""
    return [t.strip() for t in raw.split(",") if t.strip()]


def barrier_kind(raw: str, *, field: str = "kind") -> BarrierKind:
    """What got in the way, as chosen from the form's list."""
    try:
        return BarrierKind(raw.strip().lower())
    except ValueError:
        raise ValidationError(messages.WEB_PICK_KIND, field=field) from None


def attachment(data: bytes, media_type: str, filename: str) -> Response:
    """``data`` as a download named ``filename`` (the browser saves it, never shows it)."""
    return Response(
        content=data,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
