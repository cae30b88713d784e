"""Correct, delete and undo: every record a person writes can be put right.

An edit keeps the record's id and is checked exactly as a new record is (a practice
moment in the future is refused, a mood of 11 too); words that suggest risk record a
safety flag as on create. A delete moves the record into the trash for a day, so "Undo"
brings it back with the same id. Nothing is cached anywhere, so a therapist sees an
edit or a deletion of a shared item on their next request. Every edit, delete and undo
writes one audit event naming the kind and id of the record, never what it said.

Use cases take a ``ServerUnitOfWork`` (the person's data and the audit log in one
transaction); ``actor`` is the signed-in account, None on the local command line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar

from midweek import messages
from midweek.domain import rules
from midweek.domain.corrections import TRASH_KEEP, UNDO_OFFER, RecordKind, TrashItem
from midweek.domain.entities import (
    Barrier,
    BarrierKind,
    Checkin,
    CheckinKind,
    FlagSource,
    Goal,
    JournalEntry,
    Outcome,
    PracticeLog,
    Question,
    SafetyFlag,
    TherapySession,
)
from midweek.domain.errors import NotFound, ValidationError
from midweek.domain.instruments import INSTRUMENTS, parse_answers, safety_answer, score
from midweek.domain.practice import check_practice
from midweek.domain.risk import Assessment, Level
from midweek.domain.worksheets import FieldKind, Template, unanswered, validate_answers
from midweek.services.audit import audit
from midweek.services.homework import check_happened, worksheet_outcome
from midweek.services.journal import _norm_tags
from midweek.services.ports import ServerUnitOfWork
from midweek.services.risk import assess_all, assess_text, record_flag

T = TypeVar("T")


@dataclass(frozen=True)
class Edited(Generic[T]):
    record: T
    #: What the risk detector noticed in the new words (truthy: offer support).
    risk: Assessment = field(default_factory=lambda: Assessment(Level.NONE))


def _audit_record(
    uow: ServerUnitOfWork,
    action: str,
    now: datetime,
    actor: int | None,
    kind: RecordKind,
    ident: int,
) -> None:
    """The audit event of an edit, delete or undo: the record's kind and id, never its text."""
    audit(uow, action, now, actor=actor, subject=uow.trash.owner, detail=f"{kind.value}={ident}")


def _purge(uow: ServerUnitOfWork, now: datetime) -> None:
    """Forget deletions older than a day; committed at once, whatever happens next."""
    if uow.trash.purge(now - TRASH_KEEP):
        uow.commit()


def _nothing(changed: bool) -> None:
    if not changed:
        raise ValidationError(messages.EDIT_NOTHING, field="fields")


# --- delete and undo ----------------------------------------------------------------------


def delete(
    uow: ServerUnitOfWork,
    kind: RecordKind,
    ident: int,
    *,
    now: datetime,
    actor: int | None = None,
) -> TrashItem:
    """Move one record into the trash (NotFound for an unknown or someone else's id)."""
    with uow:
        _purge(uow, now)
        if kind is RecordKind.WORKSHEET:
            log = uow.practice.get(ident)
            if not log.answers or not log.worksheet:
                raise NotFound("worksheet", ident)
        item = uow.trash.put(kind, ident, now=now)
        _audit_record(uow, "record.delete", now, actor, kind, ident)
        uow.commit()
    return item


def undo(
    uow: ServerUnitOfWork,
    trash_id: int | None = None,
    *,
    now: datetime,
    actor: int | None = None,
) -> TrashItem:
    """Bring a deleted record back with its id: ``trash_id``, or the latest deletion."""
    with uow:
        _purge(uow, now)
        if trash_id is None:
            latest = uow.trash.latest()
            if latest is None or latest.id is None:
                raise NotFound("deleted record", None, sentence=messages.NOTHING_TO_UNDO)
            trash_id = latest.id
        try:
            item = uow.trash.restore(trash_id)
        except NotFound:
            raise NotFound("deleted record", trash_id, sentence=messages.UNDO_TOO_LATE) from None
        _audit_record(uow, "record.restore", now, actor, item.kind, item.item_id)
        uow.commit()
    return item


def offered_undo(uow: ServerUnitOfWork, trash_id: int, *, now: datetime) -> TrashItem | None:
    """The deletion ``trash_id`` while "Undo" is still offered for it, else None."""
    with uow:
        try:
            item = uow.trash.get(trash_id)
        except NotFound:
            return None
    return item if now - item.deleted_at < UNDO_OFFER else None


def deletions(uow: ServerUnitOfWork, *, now: datetime) -> list[TrashItem]:
    """What can still be brought back, newest deletion first."""
    with uow:
        return [i for i in uow.trash.list() if i.undoable(now)]


# --- edits ----------------------------------------------------------------------------------


def edit_practice(
    uow: ServerUnitOfWork,
    ident: int,
    *,
    now: datetime,
    outcome: Outcome | None = None,
    minutes: int | None = None,
    quality: int | None = None,
    note: str | None = None,
    at: datetime | None = None,
    actor: int | None = None,
) -> Edited[PracticeLog]:
    """Correct a practice log; ``note=""`` removes the note. Checked as on create."""
    _nothing(any(v is not None for v in (outcome, minutes, quality, note, at)))
    with uow:
        log = uow.practice.get(ident)
        if outcome is not None:
            log.outcome = outcome
        if minutes is not None:
            log.minutes = minutes
        if quality is not None:
            log.quality = quality
        if note is not None:
            log.note = rules.optional_text(note, label="The note", field="note")
        if at is not None:
            log.at = at
        check_practice(log)
        began = uow.homework.get(log.assignment_id).start if log.assignment_id else None
        if at is not None:
            check_happened(at, now=now, began=began)
        uow.practice.update(log)
        risk = assess_all([note]) if note else Assessment(Level.NONE)
        source = FlagSource.WORKSHEET_TEXT if log.worksheet else FlagSource.PRACTICE_NOTE
        record_flag(uow, risk, source=source, at=now, ref_id=log.id)
        _audit_record(uow, "record.edit", now, actor, RecordKind.PRACTICE, ident)
        uow.commit()
    return Edited(log, risk)


def edit_journal(
    uow: ServerUnitOfWork,
    ident: int,
    *,
    now: datetime,
    text: str | None = None,
    tags: Sequence[str] | None = None,
    mood: int | None = None,
    bring: bool | None = None,
    actor: int | None = None,
) -> Edited[JournalEntry]:
    """Correct a journal entry's text, tags, mood or "bring to my session" mark."""
    _nothing(any(v is not None for v in (text, tags, mood, bring)))
    rules.check_mood(mood)
    new_text = None if text is None else rules.check_text(text, label="The entry", field="text")
    new_tags = None if tags is None else _norm_tags(tags)
    with uow:
        entry = uow.journal.get(ident)
        if new_text is not None:
            entry.text = new_text
        if new_tags is not None:
            entry.tags = new_tags
        if mood is not None:
            entry.mood = mood
        if bring is not None:
            entry.bring = bring
        uow.journal.update(entry)
        risk = assess_text(new_text) if new_text else Assessment(Level.NONE)
        record_flag(uow, risk, source=FlagSource.JOURNAL_TEXT, at=now, ref_id=entry.id)
        _audit_record(uow, "record.edit", now, actor, RecordKind.JOURNAL, ident)
        uow.commit()
    return Edited(entry, risk)


def edit_checkin(
    uow: ServerUnitOfWork,
    ident: int,
    *,
    now: datetime,
    mood: int | None = None,
    answers: str | Sequence[int | str] | None = None,
    note: str | None = None,
    actor: int | None = None,
) -> Edited[Checkin]:
    """Correct a check-in: the mood of a mood check-in, the answers of a PHQ-9 or GAD-7
    (scored again; PHQ-9 item 9 above zero raises a safety flag as on create), the note."""
    _nothing(any(v is not None for v in (mood, answers, note)))
    rules.check_mood(mood)
    with uow:
        c = uow.checkins.get(ident)
        if mood is not None:
            if c.kind is not CheckinKind.MOOD:
                raise ValidationError(messages.EDIT_MOOD_ONLY_MOOD, field="mood")
            c.mood = mood
        item9: int | None = None
        if answers is not None:
            if c.kind is CheckinKind.MOOD:
                raise ValidationError(messages.EDIT_ANSWERS_ONLY_MEASURES, field="answers")
            inst = INSTRUMENTS[c.kind.value]
            parsed = parse_answers(inst, answers)
            c.answers = list(parsed)
            c.total = score(inst, parsed).total
            item9 = safety_answer(inst, parsed)
        if note is not None:
            c.note = rules.optional_text(note, label="The note", field="note")
        uow.checkins.update(c)
        risk = assess_text(c.note) if note else Assessment(Level.NONE)
        record_flag(uow, risk, source=FlagSource.CHECKIN_NOTE, at=now, ref_id=c.id)
        if item9 is not None:
            uow.flags.add(
                SafetyFlag(
                    source=FlagSource.PHQ9_ITEM9, at=now, ref_id=c.id, detail=f"item 9 = {item9}"
                )
            )
        _audit_record(uow, "record.edit", now, actor, RecordKind.CHECKIN, ident)
        uow.commit()
    return Edited(c, risk)


def edit_question(
    uow: ServerUnitOfWork,
    ident: int,
    *,
    text: str,
    now: datetime,
    actor: int | None = None,
) -> Edited[Question]:
    """Reword a question for the therapist."""
    new_text = rules.check_text(text, label="The question", field="text")
    with uow:
        q = uow.questions.get(ident)
        q.text = new_text
        uow.questions.update(q)
        risk = assess_text(new_text)
        record_flag(uow, risk, source=FlagSource.QUESTION_TEXT, at=now, ref_id=q.id)
        _audit_record(uow, "record.edit", now, actor, RecordKind.QUESTION, ident)
        uow.commit()
    return Edited(q, risk)


def edit_barrier(
    uow: ServerUnitOfWork,
    ident: int,
    *,
    now: datetime,
    kind: BarrierKind | None = None,
    note: str | None = None,
    next_step: str | None = None,
    actor: int | None = None,
) -> Edited[Barrier]:
    """Correct what got in the way: its kind, note or next step (``""`` removes)."""
    _nothing(any(v is not None for v in (kind, note, next_step)))
    with uow:
        b = uow.barriers.get(ident)
        if kind is not None:
            b.kind = kind
        if note is not None:
            b.note = rules.optional_text(note, label="The note", field="note")
        if next_step is not None:
            b.next_step = rules.optional_text(next_step, label="The next step", field="next_step")
        uow.barriers.update(b)
        risk = assess_all([note, next_step])
        record_flag(uow, risk, source=FlagSource.BARRIER_NOTE, at=now, ref_id=b.id)
        _audit_record(uow, "record.edit", now, actor, RecordKind.BARRIER, ident)
        uow.commit()
    return Edited(b, risk)


def edit_session(
    uow: ServerUnitOfWork,
    ident: int,
    *,
    now: datetime,
    takeaways: Sequence[str] | None = None,
    themes: Sequence[str] | None = None,
    actor: int | None = None,
) -> Edited[TherapySession]:
    """Correct a session's takeaways or themes (each list replaces the old one)."""
    from midweek.services.therapy_sessions import _clean_list

    _nothing(takeaways is not None or themes is not None)
    new_takeaways = (
        None if takeaways is None else _clean_list(takeaways, label="A takeaway", field="takeaway")
    )
    new_themes = None if themes is None else _clean_list(themes, label="A theme", field="theme")
    with uow:
        s = uow.sessions.get(ident)
        if new_takeaways is not None:
            s.takeaways = new_takeaways
        if new_themes is not None:
            s.themes = new_themes
        uow.sessions.update(s)
        _audit_record(uow, "record.edit", now, actor, RecordKind.SESSION, ident)
        uow.commit()
    return Edited(s)


def edit_goal(
    uow: ServerUnitOfWork,
    ident: int,
    *,
    now: datetime,
    text: str | None = None,
    value: str | None = None,
    importance: int | None = None,
    confidence: int | None = None,
    actor: int | None = None,
) -> Edited[Goal]:
    """Correct a goal, the value it serves (``""`` removes) or its readiness ruler."""
    _nothing(any(v is not None for v in (text, value, importance, confidence)))
    with uow:
        g = uow.goals.get(ident)
        if text is not None:
            g.text = text
        if value is not None:
            g.value = value.strip() or None
        if importance is not None:
            g.importance = importance
        if confidence is not None:
            g.confidence = confidence
        g.updated_at = now
        rules.check_goal(g)
        uow.goals.update(g)
        _audit_record(uow, "record.edit", now, actor, RecordKind.GOAL, ident)
        uow.commit()
    return Edited(g)


def edit_worksheet(
    uow: ServerUnitOfWork,
    ident: int,
    template: Template,
    answers: Mapping[str, object],
    *,
    now: datetime,
    actor: int | None = None,
    partial: bool | None = None,
    minutes: int | None = None,
) -> Edited[PracticeLog]:
    """Correct some answers of a filled worksheet (the others stay); all of them are then
    checked as when it was filled, cross-field rules included.

    ``partial`` says whether answers may stay empty (a half-finished worksheet); None: as
    the worksheet is now (partly done ones may stay unfinished). A half-finished worksheet
    whose answers are now complete is finished: it counts as done from then on; one saved
    with answers missing counts as partly done. ``minutes`` (when given) replaces them.
    """
    _nothing(bool(answers) or minutes is not None)
    with uow:
        log = uow.practice.get(ident)
        if not log.answers or log.worksheet != template.name:
            raise NotFound(messages.RECORD_NAMES["worksheet"], ident)
        gaps = log.outcome is Outcome.PARTIAL if partial is None else partial
        was_finished = not unanswered(template, log.answers)
        log.answers = validate_answers(
            template, {**log.answers, **answers}, today=now.date(), gaps=gaps
        )
        outcome = worksheet_outcome(template, log.answers, partial=gaps)
        if outcome is Outcome.PARTIAL:
            log.outcome = Outcome.PARTIAL
        elif log.outcome is Outcome.PARTIAL and not was_finished:
            log.outcome = Outcome.DONE  # finished at last
            if log.minutes is None and log.assignment_id is not None and minutes is None:
                log.minutes = uow.homework.get(log.assignment_id).minutes
        if minutes is not None:
            log.minutes = minutes
        check_practice(log)
        uow.practice.update(log)
        risk = assess_all(
            [v for k, v in answers.items() if isinstance(v, str) and _is_text(template, k)]
        )
        record_flag(uow, risk, source=FlagSource.WORKSHEET_TEXT, at=now, ref_id=log.id)
        _audit_record(uow, "record.edit", now, actor, RecordKind.WORKSHEET, ident)
        uow.commit()
    return Edited(log, risk)


def _is_text(template: Template, name: str) -> bool:
    return any(
        f.name == name and f.kind in (FieldKind.SHORT_TEXT, FieldKind.LONG_TEXT)
        for f in template.fields
    )


# --- reading what is to be corrected -----------------------------------------------------


def record(uow: ServerUnitOfWork, kind: RecordKind, ident: int) -> Any:
    """The record as it is now, to fill an edit form; NotFound like every other read."""
    repos: dict[RecordKind, Any] = {
        RecordKind.PRACTICE: lambda: uow.practice,
        RecordKind.WORKSHEET: lambda: uow.practice,
        RecordKind.JOURNAL: lambda: uow.journal,
        RecordKind.CHECKIN: lambda: uow.checkins,
        RecordKind.QUESTION: lambda: uow.questions,
        RecordKind.BARRIER: lambda: uow.barriers,
        RecordKind.SESSION: lambda: uow.sessions,
        RecordKind.GOAL: lambda: uow.goals,
        RecordKind.WINDOW: lambda: uow.windows,
    }
    with uow:
        return repos[kind]().get(ident)


@dataclass(frozen=True)
class Recent:
    """Recent practice logs (with their homework's title), check-ins, notes about what got
    in the way, and session notes."""

    logs: list[tuple[PracticeLog, str]]
    checkins: list[Checkin]
    barriers: list[Barrier] = field(default_factory=list)
    sessions: list[TherapySession] = field(default_factory=list)


def recent(uow: ServerUnitOfWork, *, limit: int = 30) -> Recent:
    with uow:
        titles = {a.id: a.title for a in uow.homework.list()}
        logs = [
            (log, titles.get(log.assignment_id, "") if log.assignment_id else log.worksheet or "")
            for log in uow.practice.list(limit=limit)
        ]
        return Recent(
            logs=logs,
            checkins=uow.checkins.list(limit=limit),
            barriers=uow.barriers.list()[:limit],
            sessions=uow.sessions.list(limit=limit),
        )
