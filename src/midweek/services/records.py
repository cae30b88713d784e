"""Use cases for sessions, goals, questions and check-ins: capture and look back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from midweek import messages
from midweek.domain import rules
from midweek.domain.entities import (
    Checkin,
    CheckinKind,
    FlagSource,
    Goal,
    GoalStatus,
    Question,
    QuestionStatus,
    SafetyFlag,
    TherapySession,
)
from midweek.domain.errors import Conflict
from midweek.domain.instruments import INSTRUMENTS, Score, parse_answers, safety_answer, score
from midweek.domain.risk import Assessment
from midweek.services.ports import UnitOfWork
from midweek.services.risk import assess_text, record_flag


def _clean_list(items: Sequence[str], *, label: str, field: str) -> list[str]:
    return [rules.check_text(i, label=label, field=field, limit=2000) for i in items if i.strip()]


def add_session(
    uow: UnitOfWork,
    *,
    day: date,
    takeaways: Sequence[str],
    themes: Sequence[str],
    next_appointment: datetime | None,
    now: datetime,
) -> TherapySession:
    """Record a therapy session with what was learned and the themes."""
    s = new_session(
        day=day, takeaways=takeaways, themes=themes, next_appointment=next_appointment, now=now
    )
    with uow:
        uow.sessions.add(s)
        uow.commit()
    return s


def new_session(
    *,
    day: date,
    takeaways: Sequence[str],
    themes: Sequence[str],
    next_appointment: datetime | None,
    now: datetime,
) -> TherapySession:
    """A checked, unsaved session (ValidationError for a takeaway or theme out of bounds)."""
    return TherapySession(
        date=day,
        takeaways=_clean_list(takeaways, label="A takeaway", field="takeaway"),
        themes=_clean_list(themes, label="A theme", field="theme"),
        next_appointment=next_appointment,
        created_at=now,
    )


def list_sessions(uow: UnitOfWork, *, limit: int | None = None) -> list[TherapySession]:
    with uow:
        return uow.sessions.list(limit=limit)


def get_session(uow: UnitOfWork, ident: int) -> TherapySession:
    with uow:
        return uow.sessions.get(ident)


def add_goal(
    uow: UnitOfWork,
    *,
    text: str,
    value: str | None,
    importance: int,
    confidence: int,
    now: datetime,
) -> Goal:
    """A goal linked to the value it serves, with the readiness ruler (0–10 each)."""
    g = Goal(
        text=text,
        value=value,
        importance=importance,
        confidence=confidence,
        created_at=now,
        updated_at=now,
    )
    rules.check_goal(g)
    with uow:
        uow.goals.add(g)
        uow.commit()
    return g


def list_goals(uow: UnitOfWork) -> list[Goal]:
    with uow:
        return uow.goals.list()


def set_goal_status(uow: UnitOfWork, ident: int, status: GoalStatus, *, now: datetime) -> Goal:
    with uow:
        g = uow.goals.get(ident)
        g.status = status
        g.updated_at = now
        uow.goals.update(g)
        uow.commit()
    return g


@dataclass(frozen=True)
class Asked:
    question: Question
    risk: Assessment  # truthy when the words suggest risk (a safety flag was recorded)


def ask(uow: UnitOfWork, text: str, *, now: datetime) -> Asked:
    """Keep a question for the therapist until it has been discussed.

    Words that suggest risk also record a safety flag; the result's ``risk`` says why.
    """
    q = Question(text=rules.check_text(text, label="The question", field="text"), created_at=now)
    risk = assess_text(q.text)
    with uow:
        uow.questions.add(q)
        record_flag(uow, risk, source=FlagSource.QUESTION_TEXT, at=now, ref_id=q.id)
        uow.commit()
    return Asked(q, risk)


def list_questions(uow: UnitOfWork, *, include_discussed: bool = False) -> list[Question]:
    with uow:
        return uow.questions.list(status=None if include_discussed else QuestionStatus.OPEN)


def mark_discussed(uow: UnitOfWork, ident: int, *, now: datetime) -> Question:
    with uow:
        q = uow.questions.get(ident)
        if q.status is QuestionStatus.DISCUSSED:
            raise Conflict(messages.already_discussed(ident))
        q.status = QuestionStatus.DISCUSSED
        q.discussed_at = now
        uow.questions.update(q)
        uow.commit()
    return q


def checkin_mood(
    uow: UnitOfWork, mood: int, *, note: str | None, at: datetime
) -> tuple[Checkin, Assessment]:
    """A quick mood check-in (0–10). Returns it and what the risk detector noticed in the
    note (truthy when support should be offered)."""
    rules.check_mood(mood)
    c = Checkin(
        kind=CheckinKind.MOOD,
        at=at,
        mood=mood,
        note=rules.optional_text(note, label="The note", field="note"),
    )
    risk = assess_text(c.note)
    with uow:
        uow.checkins.add(c)
        record_flag(uow, risk, source=FlagSource.CHECKIN_NOTE, at=at, ref_id=c.id)
        uow.commit()
    return c, risk


def checkin_instrument(
    uow: UnitOfWork,
    kind: CheckinKind,
    answers: str | Sequence[int | str],
    *,
    note: str | None,
    at: datetime,
) -> tuple[Checkin, Score]:
    """Score a PHQ-9 or GAD-7 and keep it; PHQ-9 item 9 above zero raises a safety flag."""
    inst = INSTRUMENTS[kind.value]
    parsed = parse_answers(inst, answers)
    result = score(inst, parsed)
    c = Checkin(
        kind=kind,
        at=at,
        answers=list(parsed),
        total=result.total,
        note=rules.optional_text(note, label="The note", field="note"),
    )
    with uow:
        uow.checkins.add(c)
        if (value := safety_answer(inst, parsed)) is not None:
            uow.flags.add(
                SafetyFlag(
                    source=FlagSource.PHQ9_ITEM9, at=at, ref_id=c.id, detail=f"item 9 = {value}"
                )
            )
        uow.commit()
    return c, result


def list_checkins(
    uow: UnitOfWork, *, kind: CheckinKind | None = None, limit: int | None = None
) -> list[Checkin]:
    with uow:
        return uow.checkins.list(kind=kind, limit=limit)
