"""The API's shared models: the base classes for bodies in and out, and the resources
more than one part of the API answers with (homework, practice, journal, questions,
check-ins, goals, what got in the way, the safety plan, what is shared).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from midweek import messages
from midweek.domain.entities import (
    CheckinKind,
    HomeworkKind,
    Outcome,
    Source,
)
from midweek.domain.practice import WeekProgress
from midweek.domain.risk import Assessment
from midweek.web.params import Day, Moment


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _no_true_for_a_number(cls, value: Any, info: ValidationInfo) -> Any:
        # pydantic's lax mode reads JSON true as 1; the schema says "integer", so refuse it.
        name = info.field_name
        if (
            isinstance(value, bool)
            and name
            and bool not in _kinds(cls.model_fields[name].annotation)
        ):
            raise ValueError(messages.API_NOT_TRUE_OR_FALSE)
        return value


def _kinds(annotation: Any) -> set[Any]:
    """The plain types an annotation admits (``int | None`` -> {int, NoneType})."""
    args = get_args(annotation)
    if not args:
        return {annotation}
    return {kind for arg in args for kind in _kinds(arg)}


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Support(_Out):
    """Set when words just written suggest risk: offer the person their plan and contacts."""

    suggested: bool
    crisis_page: str = "/crisis"


def _support(risk: Assessment) -> Support:
    return Support(suggested=bool(risk))


class Week(_Out):
    """Progress in the current practice week (partial practice counts half)."""

    planned: int
    credit: float
    done: int
    partial: int
    skipped: int
    minutes: int
    planned_minutes: int


class Homework(_Out):
    id: int
    title: str
    per_week: int
    minutes: int
    start: date
    end: date | None
    instructions: str | None
    kind: HomeworkKind
    source: Source
    goal_id: int | None
    worksheet: str | None
    ended_at: datetime | None


class HomeworkWithWeek(Homework):
    week: Week | None = None


def _homework(a: Any, week: WeekProgress | None) -> HomeworkWithWeek:
    out = HomeworkWithWeek.model_validate(a)
    out.week = Week.model_validate(week) if week is not None else None
    return out


class HomeworkIn(_In):
    title: str = Field(min_length=1, max_length=200)
    per_week: int = Field(ge=1, le=21)
    minutes: int = Field(ge=1, le=600)
    start: Day | None = None
    until: Day | None = Field(
        default=None, description="The last day; on or after start (else a 422 names it)"
    )
    instructions: str | None = Field(default=None, max_length=20_000)
    kind: HomeworkKind = HomeworkKind.SKILL

    def assignment_fields(self) -> dict[str, Any]:
        """The keyword arguments a new assignment takes from this body (both the client's
        own homework and the therapist's assignment are built from the same fields): every
        field, as parsed, so a field added here reaches both without a second list."""
        return dict(self)


class Practice(_Out):
    id: int
    assignment_id: int | None
    at: datetime
    outcome: Outcome
    minutes: int | None
    quality: int | None
    note: str | None
    worksheet: str | None
    answers: dict[str, Any] | None


class PracticeIn(_In):
    outcome: Outcome
    minutes: int | None = Field(default=None, ge=0, le=1440)
    quality: int | None = Field(default=None, ge=0, le=4)
    note: str | None = Field(default=None, max_length=20_000)
    #: When it happened (logging late is fine); now when left out.
    at: Moment | None = None


class Logged(_Out):
    practice: Practice
    week: Week | None
    support: Support


class Session(_Out):
    id: int
    date: date
    takeaways: list[str]
    themes: list[str]
    next_appointment: datetime | None


class Question(_Out):
    id: int
    text: str
    created_at: datetime
    status: str
    discussed_at: datetime | None


class QuestionIn(_In):
    text: str = Field(min_length=1, max_length=20_000)


class Asked(_Out):
    question: Question
    support: Support


class JournalEntry(_Out):
    id: int
    text: str
    written_at: datetime
    prompt: str | None
    tags: list[str]
    mood: int | None
    bring: bool
    visibility: str


class JournalIn(_In):
    text: str = Field(min_length=1, max_length=20_000)
    tags: list[Annotated[str, Field(max_length=60)]] = Field(default_factory=list, max_length=50)
    mood: int | None = Field(default=None, ge=0, le=10)
    bring: bool = False
    shared: bool = False
    prompt: str | None = Field(default=None, max_length=20_000)


class Written(_Out):
    entry: JournalEntry
    support: Support


class Checkin(_Out):
    id: int
    kind: CheckinKind
    at: datetime
    mood: int | None
    answers: list[int] | None
    total: int | None
    note: str | None


class MoodIn(_In):
    mood: int = Field(ge=0, le=10)
    note: str | None = Field(default=None, max_length=20_000)


class CheckedIn(_Out):
    checkin: Checkin
    support: Support


class Barrier(_Out):
    id: int
    kind: str
    at: datetime
    assignment_id: int | None
    practice_id: int | None
    note: str | None
    next_step: str | None


class Noted(_Out):
    barrier: Barrier
    support: Support


class Goal(_Out):
    id: int
    text: str
    value: str | None
    importance: int
    confidence: int
    status: str


class Contact(_Out):
    name: str
    phone: str | None


class SafetyPlan(_Out):
    warning_signs: list[str]
    coping: list[str]
    distractions: list[str]
    people: list[Contact]
    professionals: list[Contact]
    safer: list[str]
    reasons: list[str]
    updated_at: datetime | None


class Sharing(_Out):
    kinds: list[str]
    items: dict[str, list[int]]
