"""PATCH and DELETE on the API's resources, and bringing a deletion back.

A PATCH names only the fields to change (null or
left out: unchanged) and is checked as on create; a DELETE moves the record into the
trash for a day and answers with the deletion, whose id ``POST /deleted/{id}/restore``
takes. Another person's id and a missing one are the same 404.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from fastapi import Request
from pydantic import Field

from midweek.domain.corrections import RecordKind, TrashItem
from midweek.domain.entities import Outcome
from midweek.domain.risk import Assessment, Level
from midweek.domain.rules import MAX_TITLE
from midweek.services import corrections as fix
from midweek.web.api.problems import api_router
from midweek.web.api.schemas import (
    Asked,
    CheckedIn,
    Checkin,
    Goal,
    JournalEntry,
    Practice,
    Question,
    Support,
    Written,
    _In,
    _Out,
    _support,
)
from midweek.web.deps import Client, server_uow
from midweek.web.params import SOME_WORDS, Ident, Moment

router = api_router()

_CALM = Assessment(Level.NONE)
Tag = Annotated[str, Field(max_length=60)]
Answer = Annotated[int, Field(ge=0, le=3)]


class Deletion(_Out):
    """A deleted record, kept a day so it can be brought back (``id`` is the deletion's)."""

    id: int
    kind: RecordKind
    item_id: int
    deleted_at: datetime


def _deletion(item: TrashItem) -> Deletion:
    assert item.id is not None
    return Deletion(id=item.id, kind=item.kind, item_id=item.item_id, deleted_at=item.deleted_at)


def _delete(request: Request, viewer: Client, kind: RecordKind, ident: int) -> Deletion:
    item = fix.delete(
        server_uow(request, viewer.person_id), kind, ident, now=viewer.now, actor=viewer.account_id
    )
    return _deletion(item)


@router.post("/deleted/{deletion_id}/restore", response_model=Deletion)
def restore_deleted(request: Request, viewer: Client, deletion_id: Ident) -> Deletion:
    """Bring a deleted record back with its id (within a day of deleting it)."""
    item = fix.undo(
        server_uow(request, viewer.person_id),
        deletion_id,
        now=viewer.now,
        actor=viewer.account_id,
    )
    return _deletion(item)


# --- journal ----------------------------------------------------------------------------------


def _patched(
    request: Request,
    viewer: Client,
    kind: RecordKind,
    ident: int,
    body: _In,
    edit: Callable[..., fix.Edited[Any]],
) -> tuple[Any, Assessment]:
    """The record after ``body`` and how its new words read. The patch's fields are the
    edit's keyword arguments (null: unchanged); an empty patch changes nothing (as in JSON
    merge patch) and is answered with the record as it is."""
    uow = server_uow(request, viewer.person_id)
    if not body.model_dump(exclude_none=True):
        return fix.record(uow, kind, ident), _CALM
    edited = edit(uow, ident, now=viewer.now, actor=viewer.account_id, **dict(body))
    return edited.record, edited.risk


class JournalPatch(_In):
    text: str | None = Field(default=None, min_length=1, max_length=20_000, pattern=SOME_WORDS)
    tags: list[Tag] | None = Field(default=None, max_length=50)
    mood: int | None = Field(default=None, ge=0, le=10)
    bring: bool | None = None


@router.patch("/journal/{entry_id}", response_model=Written)
def edit_journal(request: Request, viewer: Client, entry_id: Ident, body: JournalPatch) -> Written:
    """Correct an entry (same id); a therapist it is shared with sees the new text."""
    entry, risk = _patched(request, viewer, RecordKind.JOURNAL, entry_id, body, fix.edit_journal)
    return Written(entry=JournalEntry.model_validate(entry), support=_support(risk))


@router.delete("/journal/{entry_id}", response_model=Deletion)
def delete_journal(request: Request, viewer: Client, entry_id: Ident) -> Deletion:
    return _delete(request, viewer, RecordKind.JOURNAL, entry_id)


# --- questions ----------------------------------------------------------------------------------


class QuestionPatch(_In):
    text: str = Field(min_length=1, max_length=20_000, pattern=SOME_WORDS)


@router.patch("/questions/{question_id}", response_model=Asked)
def edit_question(
    request: Request, viewer: Client, question_id: Ident, body: QuestionPatch
) -> Asked:
    edited = fix.edit_question(
        server_uow(request, viewer.person_id),
        question_id,
        text=body.text,
        now=viewer.now,
        actor=viewer.account_id,
    )
    return Asked(question=Question.model_validate(edited.record), support=_support(edited.risk))


@router.delete("/questions/{question_id}", response_model=Deletion)
def delete_question(request: Request, viewer: Client, question_id: Ident) -> Deletion:
    return _delete(request, viewer, RecordKind.QUESTION, question_id)


# --- check-ins ----------------------------------------------------------------------------------


class CheckinPatch(_In):
    mood: int | None = Field(default=None, ge=0, le=10)
    #: A PHQ-9's or GAD-7's answers, all of them (scored again).
    answers: list[Answer] | None = Field(default=None, max_length=20)
    note: str | None = Field(default=None, max_length=20_000)


@router.patch("/checkins/{checkin_id}", response_model=CheckedIn)
def edit_checkin(
    request: Request, viewer: Client, checkin_id: Ident, body: CheckinPatch
) -> CheckedIn:
    checkin, risk = _patched(
        request, viewer, RecordKind.CHECKIN, checkin_id, body, fix.edit_checkin
    )
    return CheckedIn(checkin=Checkin.model_validate(checkin), support=_support(risk))


@router.delete("/checkins/{checkin_id}", response_model=Deletion)
def delete_checkin(request: Request, viewer: Client, checkin_id: Ident) -> Deletion:
    return _delete(request, viewer, RecordKind.CHECKIN, checkin_id)


# --- practice logs ------------------------------------------------------------------------------


class PracticePatch(_In):
    outcome: Outcome | None = None
    minutes: int | None = Field(default=None, ge=0, le=1440)
    quality: int | None = Field(default=None, ge=0, le=4)
    #: ``""`` removes the note.
    note: str | None = Field(default=None, max_length=20_000)
    at: Moment | None = None


class PracticeEdited(_Out):
    practice: Practice
    support: Support


@router.patch("/practice/{log_id}", response_model=PracticeEdited)
def edit_practice(
    request: Request, viewer: Client, log_id: Ident, body: PracticePatch
) -> PracticeEdited:
    """Correct a practice log (same id): not in the future, not before its homework began."""
    log, risk = _patched(request, viewer, RecordKind.PRACTICE, log_id, body, fix.edit_practice)
    return PracticeEdited(practice=Practice.model_validate(log), support=_support(risk))


@router.delete("/practice/{log_id}", response_model=Deletion)
def delete_practice(request: Request, viewer: Client, log_id: Ident) -> Deletion:
    """Delete a practice log (a double tap, a mistake); restore it within a day."""
    return _delete(request, viewer, RecordKind.PRACTICE, log_id)


# --- goals ---------------------------------------------------------------------------------


class GoalPatch(_In):
    text: str | None = Field(
        default=None, min_length=1, max_length=MAX_TITLE * 5, pattern=SOME_WORDS
    )
    value: str | None = Field(default=None, max_length=MAX_TITLE * 5)
    importance: int | None = Field(default=None, ge=0, le=10)
    confidence: int | None = Field(default=None, ge=0, le=10)


@router.patch("/goals/{goal_id}", response_model=Goal)
def edit_goal(request: Request, viewer: Client, goal_id: Ident, body: GoalPatch) -> Goal:
    goal, _ = _patched(request, viewer, RecordKind.GOAL, goal_id, body, fix.edit_goal)
    return Goal.model_validate(goal)


@router.delete("/goals/{goal_id}", response_model=Deletion)
def delete_goal(request: Request, viewer: Client, goal_id: Ident) -> Deletion:
    return _delete(request, viewer, RecordKind.GOAL, goal_id)
