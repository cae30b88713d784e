"""What got in the way, and session notes, on the JSON API: list, record, correct, delete.

The same services as the CLI's ``barrier`` and
``session`` commands and the web's Records page; a PATCH names only the fields to change
(null or left out: unchanged); a DELETE answers with the deletion, which
``POST /deleted/{id}/restore`` brings back. Another person's id and a missing one are the
same 404.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request
from pydantic import Field

from midweek.domain.corrections import RecordKind
from midweek.domain.entities import BarrierKind
from midweek.services import corrections as fix
from midweek.services import homework, therapy_sessions
from midweek.web.api.corrections import Deletion, _delete, _patched
from midweek.web.api.problems import api_router
from midweek.web.api.schemas import Barrier, Noted, Session, _In, _support
from midweek.web.deps import Client, person_uow
from midweek.web.params import ID_MAX, SOME_WORDS, Day, Ident, Moment

router = api_router()

#: A takeaway or a theme: some words, as the session's rule reads them (2,000 characters).
Line = Annotated[str, Field(min_length=1, max_length=2000, pattern=SOME_WORDS)]
Lines = Annotated[list[Line], Field(max_length=100)]


# --- what got in the way ---------------------------------------------------------------------


@router.get("/barriers", response_model=list[Barrier])
def list_barriers(
    request: Request,
    viewer: Client,
    assignment_id: Annotated[int | None, Query(ge=1, le=ID_MAX)] = None,
) -> list[Barrier]:
    """What got in the way, newest first; with ``assignment_id``, of that homework only."""
    found = homework.list_barriers(
        person_uow(request, viewer.person_id), assignment_id=assignment_id
    )
    return [Barrier.model_validate(b) for b in found]


class BarrierPatch(_In):
    kind: BarrierKind | None = None
    #: ``""`` removes the note.
    note: str | None = Field(default=None, max_length=20_000)
    #: ``""`` removes the next step.
    next_step: str | None = Field(default=None, max_length=20_000)


@router.patch("/barriers/{barrier_id}", response_model=Noted)
def edit_barrier(request: Request, viewer: Client, barrier_id: Ident, body: BarrierPatch) -> Noted:
    """Correct what got in the way (same id): its kind, note or next step."""
    barrier, risk = _patched(
        request, viewer, RecordKind.BARRIER, barrier_id, body, fix.edit_barrier
    )
    return Noted(barrier=Barrier.model_validate(barrier), support=_support(risk))


@router.delete("/barriers/{barrier_id}", response_model=Deletion)
def delete_barrier(request: Request, viewer: Client, barrier_id: Ident) -> Deletion:
    return _delete(request, viewer, RecordKind.BARRIER, barrier_id)


# --- session notes -----------------------------------------------------------------------------


@router.get("/sessions", response_model=list[Session])
def list_sessions(
    request: Request, viewer: Client, limit: Annotated[int, Query(ge=1, le=500)] = 50
) -> list[Session]:
    """The client's notes of their therapy sessions, newest first."""
    found = therapy_sessions.list_sessions(person_uow(request, viewer.person_id), limit=limit)
    return [Session.model_validate(s) for s in found]


class SessionIn(_In):
    #: The day of the session (default: today).
    date: Day | None = None
    takeaways: Lines = Field(default_factory=list)
    themes: Lines = Field(default_factory=list)
    next_appointment: Moment | None = None


@router.post("/sessions", response_model=Session, status_code=201)
def add_session(request: Request, viewer: Client, body: SessionIn) -> Session:
    """Note a session while it is fresh: what was learned, the themes, the next one."""
    s = therapy_sessions.add_session(
        person_uow(request, viewer.person_id),
        day=body.date or viewer.now.date(),
        takeaways=body.takeaways,
        themes=body.themes,
        next_appointment=body.next_appointment,
        now=viewer.now,
    )
    return Session.model_validate(s)


@router.get("/sessions/{session_id}", response_model=Session)
def get_session(request: Request, viewer: Client, session_id: Ident) -> Session:
    return Session.model_validate(
        therapy_sessions.get_session(person_uow(request, viewer.person_id), session_id)
    )


class SessionPatch(_In):
    #: Every takeaway (the list replaces the old one).
    takeaways: Lines | None = None
    #: Every theme (the list replaces the old one).
    themes: Lines | None = None


@router.patch("/sessions/{session_id}", response_model=Session)
def edit_session(
    request: Request, viewer: Client, session_id: Ident, body: SessionPatch
) -> Session:
    """Correct a session's takeaways or themes (same id)."""
    s, _ = _patched(request, viewer, RecordKind.SESSION, session_id, body, fix.edit_session)
    return Session.model_validate(s)


@router.delete("/sessions/{session_id}", response_model=Deletion)
def delete_session(request: Request, viewer: Client, session_id: Ident) -> Deletion:
    return _delete(request, viewer, RecordKind.SESSION, session_id)
