"""The two-minute view: last time's takeaways, this week's practice, questions, a prompt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from midweek import messages
from midweek.domain.entities import (
    Assignment,
    Question,
    QuestionStatus,
    SafetyFlag,
    TherapySession,
)
from midweek.domain.practice import WeekProgress
from midweek.domain.prompts import choose_prompt
from midweek.services.homework import practice_week
from midweek.services.ports import UnitOfWork


@dataclass(frozen=True)
class DuePractice:
    assignment: Assignment
    week: WeekProgress


@dataclass(frozen=True)
class Today:
    now: datetime
    last_session: TherapySession | None
    practice: list[DuePractice]
    open_questions: list[Question]
    prompt: str
    recent_flags: list[SafetyFlag]

    @property
    def is_empty(self) -> bool:
        return self.last_session is None and not self.practice and not self.open_questions


def today(uow: UnitOfWork, *, now: datetime) -> Today:
    """Everything for today, read in one short transaction; cost is flat in history size."""
    day = now.date()
    with uow:
        last = uow.sessions.latest(on_or_before=day)
        due = [DuePractice(a, practice_week(uow, a, now)) for a in uow.homework.list(active_on=day)]
        questions = uow.questions.list(status=QuestionStatus.OPEN)
        flags = uow.flags.list(since=now - timedelta(days=7))
    prompt = choose_prompt(
        day=day,
        themes=last.themes if last else (),
        takeaways=last.takeaways if last else (),
        theme_prompts=messages.THEME_PROMPTS,
        takeaway_prompts=messages.TAKEAWAY_PROMPTS,
        general_prompts=messages.GENERAL_PROMPTS,
    )
    return Today(
        now=now,
        last_session=last,
        practice=due,
        open_questions=questions,
        prompt=prompt,
        recent_flags=flags,
    )
