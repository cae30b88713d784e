"""Questions for the therapist: kept until they have been discussed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from midweek import messages
from midweek.domain import rules
from midweek.domain.entities import FlagSource, Question, QuestionStatus
from midweek.domain.errors import Conflict
from midweek.services.ports import UnitOfWork

if TYPE_CHECKING:
    from midweek.domain.risk import Assessment

# The risk detector is imported where text is written, not when the module is: listing
# and answering questions never need it (about 35 ms of a start).


@dataclass(frozen=True)
class Asked:
    question: Question
    risk: Assessment  # truthy when the words suggest risk (a safety flag was recorded)


def ask(uow: UnitOfWork, text: str, *, now: datetime) -> Asked:
    """Keep a question for the therapist until it has been discussed.

    Words that suggest risk also record a safety flag; the result's ``risk`` says why.
    """
    q = Question(text=rules.check_text(text, label="The question", field="text"), created_at=now)
    from midweek.services.risk import assess_text, record_flag

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
