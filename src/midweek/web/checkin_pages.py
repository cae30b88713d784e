"""Check-ins: mood, and the PHQ-9 and GAD-7 with their scores (item 9 above zero, or words
that suggest risk, bring up the support box with crisis contacts).

Forms answer as ``web/forms.py`` says: a plain post or an htmx fragment alike, and a
mistake shown beside its field with what was typed kept.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import Response

from midweek import messages
from midweek.domain.entities import (
    CheckinKind,
)
from midweek.domain.errors import ValidationError
from midweek.domain.instruments import INSTRUMENTS, band_for, localized, safety_answer
from midweek.services import checkins
from midweek.web.deps import (
    Client,
    person_uow,
    render,
    support_context,
)
from midweek.web.forms import (
    INVALID,
    Text,
    required_int,
    see_other,
)
from midweek.web.idempotency import IdempotentRoute
from midweek.web.offline import written_at

router = APIRouter(route_class=IdempotentRoute)


INSTRUMENT_KINDS = {
    CheckinKind.PHQ9.value: CheckinKind.PHQ9,
    CheckinKind.GAD7.value: CheckinKind.GAD7,
}


def _checkin_page(
    request: Request,
    viewer: Client,
    *,
    saved: str = "",
    support: bool = False,
    typed: dict[str, Any] | None = None,
    error: ValidationError | None = None,
    error_for: str = "",
    status: int = 200,
) -> Response:
    result = None
    if saved in INSTRUMENT_KINDS:
        latest = checkins.list_checkins(
            person_uow(request, viewer.person_id), kind=INSTRUMENT_KINDS[saved], limit=1
        )
        if latest and latest[0].total is not None:
            inst = INSTRUMENTS[saved]
            band = band_for(inst, latest[0].total)
            result = messages.instrument_result(inst.name, latest[0].total, inst.max_total, band)
            # PHQ-9 item 9 above zero: the same kind support as after hard words.
            support = support or safety_answer(inst, latest[0].answers) is not None
    context: dict[str, Any] = {
        # Asked in the reader's language; the answers (0–3) and the score are the same in all.
        "instruments": [localized(INSTRUMENTS[k]) for k in INSTRUMENT_KINDS],
        "saved": saved,
        "result": result,
        "support": support,
        "typed": typed or {},
        "error": error,
        "error_for": error_for,
    }
    if support:
        context.update(support_context(request, viewer))
    return render(request, "client_checkin.html", context, status=status)


@router.get("/checkin")
def checkin_page(
    request: Request, viewer: Client, saved: str = "", support: bool = False
) -> Response:
    """Mood in one tap, and the PHQ-9 / GAD-7 as radio groups."""
    return _checkin_page(request, viewer, saved=saved, support=support)


@router.post("/checkin/mood")
def checkin_mood(
    request: Request,
    viewer: Client,
    mood: Annotated[str, Form(max_length=20)] = "",
    note: Text = "",
) -> Response:
    typed = {"mood": mood, "note": note}
    try:
        _, risk = checkins.checkin_mood(
            person_uow(request, viewer.person_id),
            required_int(mood, label=messages.WEB_CHECKIN_MOOD_LEGEND, field="mood"),
            note=note or None,
            at=written_at(request, viewer.now),
        )
    except ValidationError as err:
        return _checkin_page(
            request, viewer, typed=typed, error=err, error_for="mood", status=INVALID
        )
    return see_other("/checkin?saved=mood" + ("&support=1" if risk else ""))


@router.post("/checkin/{code}")
async def checkin_instrument(request: Request, viewer: Client, code: str) -> Response:
    """A PHQ-9 or GAD-7: one answer per question (``item_1`` … ``item_n``), each 0–3."""
    kind = INSTRUMENT_KINDS.get(code)
    if kind is None:
        raise HTTPException(status_code=404)
    inst = INSTRUMENTS[code]
    form = await request.form()
    answers = [str(form.get(f"item_{i}", "")).strip()[:4] for i in range(1, len(inst.items) + 1)]
    typed = {f"{code}_{i}": a for i, a in enumerate(answers, start=1)}
    try:
        if not all(answers):
            raise ValidationError(messages.WEB_CHECKIN_ANSWER_ALL, field=code)
        checkins.checkin_instrument(
            person_uow(request, viewer.person_id),
            kind,
            answers,
            note=None,
            at=written_at(request, viewer.now),
        )
    except ValidationError as err:
        return _checkin_page(
            request, viewer, typed=typed, error=err, error_for=code, status=INVALID
        )
    return see_other(f"/checkin?saved={code}")
