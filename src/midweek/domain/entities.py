"""The entities of the between-session loop, as plain dataclasses.

Free text fields (``str``) hold plaintext here; storage encrypts them on the way to disk.
Every timestamp is timezone-aware; dates without a time (a session day, an end date) are
``datetime.date``. ``id`` is ``None`` until storage has saved the entity.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any


class GoalStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    NOT_PURSUING = "not-pursuing"
    ACHIEVED = "achieved"


class HomeworkKind(StrEnum):
    SKILL = "skill-practice"
    WORKSHEET = "worksheet"
    JOURNALING = "journaling"
    READING = "reading"
    EXPOSURE = "exposure"
    EXPERIMENT = "behavioural-experiment"


class Source(StrEnum):
    THERAPIST = "therapist"
    SELF = "self"


class Outcome(StrEnum):
    DONE = "done"
    PARTIAL = "partial"
    SKIPPED = "skipped"


class BarrierKind(StrEnum):
    TIME = "time"
    OTHERS_FIRST = "others-first"
    PERFECTIONISM = "perfectionism"
    FEAR = "fear"
    AMBIVALENCE = "ambivalence"
    CONFUSION = "confusion"
    OTHER = "other"


class Visibility(StrEnum):
    PRIVATE = "private"
    SHARED = "shared"


class QuestionStatus(StrEnum):
    OPEN = "open"
    DISCUSSED = "discussed"


class CheckinKind(StrEnum):
    MOOD = "mood"
    PHQ9 = "phq9"
    GAD7 = "gad7"


class FlagSource(StrEnum):
    PHQ9_ITEM9 = "phq9-item9"
    JOURNAL_TEXT = "journal-text"
    CHECKIN_NOTE = "checkin-note"
    PRACTICE_NOTE = "practice-note"
    WORKSHEET_TEXT = "worksheet-text"
    BARRIER_NOTE = "barrier-note"
    QUESTION_TEXT = "question-text"


@dataclass
class TherapySession:
    date: date
    takeaways: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    next_appointment: datetime | None = None
    created_at: datetime | None = None
    id: int | None = None


@dataclass
class Goal:
    text: str
    value: str | None
    importance: int
    confidence: int
    status: GoalStatus = GoalStatus.ACTIVE
    created_at: datetime | None = None
    updated_at: datetime | None = None
    id: int | None = None


@dataclass
class Assignment:
    """A homework assignment: what to practise, how often (per week) and how long."""

    title: str
    per_week: int
    minutes: int
    start: date
    end: date | None = None
    instructions: str | None = None
    kind: HomeworkKind = HomeworkKind.SKILL
    source: Source = Source.THERAPIST
    goal_id: int | None = None
    session_id: int | None = None
    worksheet: str | None = None
    ended_at: datetime | None = None
    created_at: datetime | None = None
    id: int | None = None

    def is_active(self, on: date) -> bool:
        """True when the assignment runs on the given day and was not ended early."""
        if self.ended_at is not None and self.ended_at.date() <= on:
            return False
        return self.start <= on and (self.end is None or on <= self.end)


@dataclass
class PracticeLog:
    """One practice. ``assignment_id`` is None for a worksheet filled on the person's own
    initiative (then ``worksheet`` names the template)."""

    assignment_id: int | None
    at: datetime
    outcome: Outcome
    minutes: int | None = None
    quality: int | None = None
    note: str | None = None
    answers: dict[str, Any] | None = None
    worksheet: str | None = None
    created_at: datetime | None = None
    id: int | None = None


@dataclass
class JournalEntry:
    text: str
    written_at: datetime
    prompt: str | None = None
    tags: list[str] = field(default_factory=list)
    mood: int | None = None
    bring: bool = False
    visibility: Visibility = Visibility.PRIVATE
    id: int | None = None


@dataclass
class Barrier:
    kind: BarrierKind
    at: datetime
    assignment_id: int | None = None
    practice_id: int | None = None
    note: str | None = None
    next_step: str | None = None
    id: int | None = None


@dataclass
class Question:
    text: str
    created_at: datetime
    status: QuestionStatus = QuestionStatus.OPEN
    discussed_at: datetime | None = None
    id: int | None = None


@dataclass
class Checkin:
    kind: CheckinKind
    at: datetime
    mood: int | None = None
    answers: list[int] | None = None
    total: int | None = None
    note: str | None = None
    id: int | None = None


@dataclass
class SafetyFlag:
    """Something that should bring up the safety plan and crisis contacts."""

    source: FlagSource
    at: datetime
    ref_id: int | None = None
    detail: str | None = None
    id: int | None = None


@dataclass
class PlanWindow:
    """Time the person really has for practice: one weekday (0 = Monday), minutes after
    midnight from ``start_minute`` up to ``end_minute``. ``domain.planner.Window`` plans with it."""

    weekday: int
    start_minute: int
    end_minute: int
    created_at: datetime | None = None
    id: int | None = None


@dataclass
class PlanContact:
    """Someone in a safety plan: a name (a person, a service) and, if known, a phone number."""

    name: str
    phone: str | None = None


@dataclass
class SafetyPlan:
    """The person's own safety plan (one per person), in the sections of the Stanley–Brown
    safety planning intervention. Every section may be empty; ``shared`` is whether the
    therapist may see it."""

    warning_signs: list[str] = field(default_factory=list)
    coping: list[str] = field(default_factory=list)
    distractions: list[str] = field(default_factory=list)
    people: list[PlanContact] = field(default_factory=list)
    professionals: list[PlanContact] = field(default_factory=list)
    safer: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    shared: bool = False
    updated_at: datetime | None = None
    id: int | None = None

    @property
    def is_empty(self) -> bool:
        return not (
            self.warning_signs
            or self.coping
            or self.distractions
            or self.people
            or self.professionals
            or self.safer
            or self.reasons
        )


@dataclass
class Preference:
    """A small plain-text choice the person made in midweek (e.g. ``country`` = ``GB``)."""

    name: str
    value: str
    updated_at: datetime | None = None
    id: int | None = None


@dataclass
class Draft:
    """Unfinished text the web app autosaves (one per kind, e.g. ``journal``)."""

    kind: str
    body: str
    updated_at: datetime
    id: int | None = None


@dataclass
class SharedReport:
    """A prep report exactly as the person reviewed and sent it to their therapist."""

    sent_at: datetime
    markdown: str
    html: str
    left_out: list[str] = field(default_factory=list)
    revoked_at: datetime | None = None
    id: int | None = None


@dataclass
class HomeworkRating:
    """A therapist's own view of how a homework week went (0 not at all … 4 fully)."""

    assignment_id: int
    week_start: date
    rating: int
    rated_at: datetime
    note: str | None = None
    rated_by: int | None = None  # the therapist's account id
    id: int | None = None
