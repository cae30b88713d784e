"""Check-ins: a quick mood (0–10), and PHQ-9 / GAD-7 scored with their severity bands
(PHQ-9 item 9 above zero records a safety flag)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from midweek.domain import rules
from midweek.domain.entities import Checkin, CheckinKind, FlagSource, SafetyFlag
from midweek.domain.instruments import INSTRUMENTS, Score, parse_answers, safety_answer, score
from midweek.services.ports import UnitOfWork

if TYPE_CHECKING:
    from midweek.domain.risk import Assessment

# The risk detector is imported where text is written, not when the module is: the
# check-in history and the other readers never need it (about 35 ms of a start).


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
    from midweek.services.risk import assess_text, record_flag

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
