"""Correct, delete and undo in the browser: one edit form per kind, one delete, one undo.

Every page that lists a person's records links to ``/edit/{kind}/{id}`` and posts to
``/delete/{kind}/{id}`` (with the page to come back to in ``next``). After a delete the
person lands back on that page with ``?deleted=<n>``, which shows "Deleted. Undo" (a
plain POST form, no JavaScript needed) while the undo is offered. ``/records`` lists the
recent practice logs and check-ins, which no other page lists one by one. Another
person's id, or one that does not exist, is a 404 alike.
"""

from __future__ import annotations

from typing import Annotated, Any, cast
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import Response

from midweek import messages
from midweek.domain.corrections import RecordKind, TrashItem
from midweek.domain.entities import BarrierKind, CheckinKind, Outcome
from midweek.domain.errors import MidweekError, ValidationError
from midweek.domain.when import parse_datetime
from midweek.services import corrections as fix
from midweek.services.ports import ServerUnitOfWork
from midweek.web.deps import Client, now, render, server_uow, unit_of_work
from midweek.web.forms import (
    INVALID,
    Short,
    Text,
    barrier_kind,
    optional_int,
    see_other,
    takeaway_lines,
    theme_list,
)
from midweek.web.idempotency import IdempotentRoute
from midweek.web.params import Ident, parse_id

router = APIRouter(route_class=IdempotentRoute)

#: The kinds the browser edits with a form of its own (the rest: delete and undo only).
EDITABLE = (
    RecordKind.PRACTICE,
    RecordKind.JOURNAL,
    RecordKind.CHECKIN,
    RecordKind.QUESTION,
    RecordKind.GOAL,
    RecordKind.BARRIER,
    RecordKind.SESSION,
)

Next = Annotated[str, Form(alias="next", max_length=500)]


def safe_next(raw: str, fallback: str = "/") -> str:
    """A path on this site to come back to (never another site's URL)."""
    if raw.startswith("/") and not raw.startswith("//") and "\\" not in raw:
        return raw
    return fallback


def _with_query(url: str, **params: str) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k not in params]
    query.extend(params.items())
    return urlunsplit(("", "", parts.path, urlencode(query), parts.fragment))


def _kind(raw: str) -> RecordKind:
    try:
        return RecordKind(raw)
    except ValueError:
        raise HTTPException(status_code=404) from None


def undo_offer(request: Request) -> TrashItem | None:
    """For templates: the deletion named by ``?deleted=`` while Undo is still offered."""
    ident = parse_id(request.query_params.get("deleted", ""))
    account = getattr(request.state, "account", None)
    if ident is None or account is None or account.person_id is None:
        return None
    uow = cast(ServerUnitOfWork, unit_of_work(request, account.person_id, read_only=True))
    try:
        return fix.offered_undo(uow, ident, now=now(request))
    except MidweekError:
        return None


# --- delete and undo ------------------------------------------------------------------------


@router.post("/delete/{kind}/{record_id}")
def delete_record(
    request: Request, viewer: Client, kind: str, record_id: Ident, next_: Next = "/"
) -> Response:
    item = fix.delete(
        server_uow(request, viewer.person_id),
        _kind(kind),
        record_id,
        now=viewer.now,
        actor=viewer.account_id,
    )
    back = safe_next(next_)
    if item.kind is RecordKind.JOURNAL and urlsplit(back).path == f"/journal/{record_id}":
        back = "/journal"  # the entry's own page is gone
    return see_other(_with_query(back, deleted=str(item.id)))


@router.post("/undo/{trash_id}")
def undo_delete(request: Request, viewer: Client, trash_id: Ident, next_: Next = "/") -> Response:
    item = fix.undo(
        server_uow(request, viewer.person_id), trash_id, now=viewer.now, actor=viewer.account_id
    )
    back = safe_next(next_)
    if item.kind is RecordKind.JOURNAL and back.split("?")[0] == "/journal":
        back = f"/journal/{item.item_id}"
    parts = urlsplit(back)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "deleted"]
    query.append(("restored", "1"))
    return see_other(urlunsplit(("", "", parts.path, urlencode(query), parts.fragment)))


# --- edit forms -------------------------------------------------------------------------------


def _current(request: Request, viewer: Client, kind: RecordKind, ident: int) -> dict[str, Any]:
    """What the form shows first: the record as it is now (NotFound -> 404)."""
    r = fix.record(server_uow(request, viewer.person_id), kind, ident)
    if kind is RecordKind.JOURNAL:
        return {
            "text": r.text,
            "tags": ", ".join(r.tags),
            "mood": "" if r.mood is None else str(r.mood),
            "bring": r.bring,
        }
    if kind is RecordKind.QUESTION:
        return {"text": r.text}
    if kind is RecordKind.BARRIER:
        return {"barrier_kind": r.kind.value, "note": r.note or "", "next_step": r.next_step or ""}
    if kind is RecordKind.SESSION:
        return {"takeaways": "\n".join(r.takeaways), "themes": ", ".join(r.themes)}
    if kind is RecordKind.GOAL:
        return {
            "text": r.text,
            "value": r.value or "",
            "importance": str(r.importance),
            "confidence": str(r.confidence),
        }
    if kind is RecordKind.CHECKIN:
        return {
            "checkin_kind": r.kind.value,
            "mood": "" if r.mood is None else str(r.mood),
            "answers": ",".join(str(a) for a in r.answers or []),
            "note": r.note or "",
        }
    return {
        "outcome": r.outcome.value,
        "minutes": "" if r.minutes is None else str(r.minutes),
        "quality": "" if r.quality is None else str(r.quality),
        "note": r.note or "",
        "at": r.at.astimezone(viewer.now.tzinfo).strftime("%Y-%m-%d %H:%M"),
    }


def _form(
    request: Request,
    kind: RecordKind,
    ident: int,
    typed: dict[str, Any],
    next_: str,
    *,
    error: ValidationError | None = None,
    status: int = 200,
) -> Response:
    context = {
        "kind": kind.value,
        "ident": ident,
        "typed": typed,
        "next": next_,
        "error": error,
        "title": messages.web_edit_title(kind.value),
        "outcomes": [(o.value, messages.WEB_OUTCOME_BUTTONS[o]) for o in Outcome],
        "barrier_kinds": [(k.value, messages.BARRIER_LABELS[k]) for k in BarrierKind],
    }
    return render(request, "edit_record.html", context, status=status)


@router.get("/edit/{kind}/{record_id}")
def edit_form(
    request: Request, viewer: Client, kind: str, record_id: Ident, next: str = "/"
) -> Response:
    what = _kind(kind)
    if what not in EDITABLE:
        raise HTTPException(status_code=404)
    return _form(
        request, what, record_id, _current(request, viewer, what, record_id), safe_next(next)
    )


@router.post("/edit/{kind}/{record_id}")
def edit_save(
    request: Request,
    viewer: Client,
    kind: str,
    record_id: Ident,
    next_: Next = "/",
    text: Annotated[str, Form(max_length=200_000)] = "",
    tags: Short = "",
    mood: Short = "",
    bring: Short = "",
    outcome: Short = "",
    minutes: Short = "",
    quality: Short = "",
    note: Text = "",
    at: Short = "",
    answers: Short = "",
    value: Short = "",
    importance: Short = "",
    confidence: Short = "",
    barrier_kind_: Annotated[str, Form(alias="barrier_kind", max_length=2_000)] = "",
    next_step: Short = "",
    takeaways: Text = "",
    themes: Short = "",
) -> Response:
    what = _kind(kind)
    if what not in EDITABLE:
        raise HTTPException(status_code=404)
    back = safe_next(next_)
    typed = {
        "text": text,
        "tags": tags,
        "mood": mood,
        "bring": bool(bring),
        "outcome": outcome,
        "minutes": minutes,
        "quality": quality,
        "note": note,
        "at": at,
        "answers": answers,
        "value": value,
        "importance": importance,
        "confidence": confidence,
        "barrier_kind": barrier_kind_,
        "next_step": next_step,
        "takeaways": takeaways,
        "themes": themes,
    }
    uow = server_uow(request, viewer.person_id)
    actor = viewer.account_id
    try:
        if what is RecordKind.JOURNAL:
            edited: Any = fix.edit_journal(
                uow,
                record_id,
                now=viewer.now,
                text=text,
                tags=[t for t in tags.replace(",", " ").split() if t.strip()],
                mood=optional_int(mood, label=messages.WEB_JOURNAL_MOOD, field="mood"),
                bring=bool(bring),
                actor=actor,
            )
        elif what is RecordKind.QUESTION:
            edited = fix.edit_question(uow, record_id, text=text, now=viewer.now, actor=actor)
        elif what is RecordKind.GOAL:
            edited = fix.edit_goal(
                uow,
                record_id,
                now=viewer.now,
                text=text,
                value=value,
                importance=optional_int(
                    importance, label=messages.WEB_GOAL_IMPORTANCE, field="importance"
                ),
                confidence=optional_int(
                    confidence, label=messages.WEB_GOAL_CONFIDENCE, field="confidence"
                ),
                actor=actor,
            )
        elif what is RecordKind.BARRIER:
            edited = fix.edit_barrier(
                uow,
                record_id,
                now=viewer.now,
                kind=barrier_kind(barrier_kind_, field="barrier_kind"),
                note=note,
                next_step=next_step,
                actor=actor,
            )
        elif what is RecordKind.SESSION:
            edited = fix.edit_session(
                uow,
                record_id,
                now=viewer.now,
                takeaways=takeaway_lines(takeaways),
                themes=theme_list(themes),
                actor=actor,
            )
        elif what is RecordKind.CHECKIN:
            current = _current(request, viewer, what, record_id)
            typed["checkin_kind"] = current["checkin_kind"]
            is_mood = current["checkin_kind"] == CheckinKind.MOOD.value
            edited = fix.edit_checkin(
                uow,
                record_id,
                now=viewer.now,
                mood=optional_int(mood, label=messages.WEB_CHECKIN_MOOD, field="mood")
                if is_mood
                else None,
                answers=None if is_mood else answers,
                note=note,
                actor=actor,
            )
        else:
            if at.strip() == _current(request, viewer, what, record_id)["at"]:
                at = ""  # unchanged (the form shows minutes, the log keeps its seconds)
            edited = fix.edit_practice(
                uow,
                record_id,
                now=viewer.now,
                outcome=_outcome(outcome),
                minutes=optional_int(minutes, label=messages.WEB_MINUTES, field="minutes"),
                quality=optional_int(quality, label=messages.WEB_QUALITY_LEGEND, field="quality"),
                note=note,
                at=parse_datetime(at, now=viewer.now, what="time") if at.strip() else None,
                actor=actor,
            )
    except ValidationError as err:
        return _form(request, what, record_id, typed, back, error=err, status=INVALID)
    said = "support" if edited.risk else "1"
    return see_other(_with_query(back, edited=said))


def _outcome(raw: str) -> Outcome | None:
    if not raw.strip():
        return None
    try:
        return Outcome(raw.strip())
    except ValueError:
        raise ValidationError(messages.not_an_outcome(raw), field="outcome") from None


# --- the records no other page lists one by one -------------------------------------------------


@router.get("/records")
def records_page(request: Request, viewer: Client) -> Response:
    """Recent practice logs, check-ins, what got in the way and session notes, each with
    Delete (and Edit where the browser has a form for it)."""
    found = fix.recent(server_uow(request, viewer.person_id))
    context = {
        "logs": found.logs,
        "checkins": found.checkins,
        "barriers": found.barriers,
        "sessions": found.sessions,
    }
    return render(request, "records.html", context)
