"""Use cases for homework: assign, practise (with partial credit), notice what got in the way."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from midweek import messages
from midweek.domain import rules
from midweek.domain.entities import (
    Assignment,
    Barrier,
    BarrierKind,
    FlagSource,
    HomeworkKind,
    Outcome,
    PracticeLog,
    Source,
)
from midweek.domain.errors import Conflict, NotFound, ValidationError
from midweek.domain.practice import WeekProgress, check_practice, week_progress
from midweek.domain.when import week_start
from midweek.services.ports import UnitOfWork

if TYPE_CHECKING:
    from midweek.domain.risk import Assessment
    from midweek.domain.worksheets import Template

# The risk detector and the worksheet rules are imported where a practice is written, not
# when the module is: `today`, `journal list` and the other readers never need them
# (about 15 ms of every such command's start, bench/run.py).


def add_homework(
    uow: UnitOfWork,
    *,
    title: str,
    per_week: int,
    minutes: int,
    now: datetime,
    start: date | None = None,
    until: date | None = None,
    goal_id: int | None = None,
    worksheet: Template | None = None,
    instructions: str | None = None,
    kind: HomeworkKind | None = None,
    source: Source = Source.THERAPIST,
) -> Assignment:
    """Agree a practice: how often per week, how long, until when, linked to a goal."""
    a = new_assignment(
        title=title,
        per_week=per_week,
        minutes=minutes,
        now=now,
        start=start,
        until=until,
        goal_id=goal_id,
        worksheet=worksheet,
        instructions=instructions,
        kind=kind,
        source=source,
    )
    with uow:
        store_assignment(uow, a)
        uow.commit()
    return a


def new_assignment(
    *,
    title: str,
    per_week: int,
    minutes: int,
    now: datetime,
    start: date | None = None,
    until: date | None = None,
    goal_id: int | None = None,
    worksheet: Template | None = None,
    instructions: str | None = None,
    kind: HomeworkKind | None = None,
    source: Source = Source.THERAPIST,
) -> Assignment:
    """A checked, unsaved assignment (ValidationError when a value is out of range)."""
    if kind is None:
        kind = HomeworkKind.WORKSHEET if worksheet else HomeworkKind.SKILL
    a = Assignment(
        title=title,
        per_week=per_week,
        minutes=minutes,
        start=start or now.date(),
        end=until,
        instructions=instructions,
        kind=kind,
        source=source,
        goal_id=goal_id,
        worksheet=worksheet.name if worksheet else None,
        created_at=now,
    )
    rules.check_assignment(a)
    return a


def store_assignment(uow: UnitOfWork, a: Assignment) -> Assignment:
    """Save ``a`` inside the caller's open unit of work, linked to the latest session."""
    if a.goal_id is not None:
        uow.goals.get(a.goal_id)
    latest = uow.sessions.latest(on_or_before=a.start)
    a.session_id = latest.id if latest else None
    return uow.homework.add(a)


def list_homework(uow: UnitOfWork, *, on: date | None = None) -> list[Assignment]:
    """All assignments, or only those running on ``on``."""
    with uow:
        return uow.homework.list(active_on=on)


def get_homework(uow: UnitOfWork, ident: int) -> Assignment:
    with uow:
        return uow.homework.get(ident)


def end_homework(
    uow: UnitOfWork, ident: int, *, now: datetime, own_only: bool = False
) -> Assignment:
    """End an assignment early (what was practised still counts). With ``own_only`` (the
    client's web page and API) only homework the client set themself: the therapist's is
    theirs to end (Conflict)."""
    with uow:
        a = uow.homework.get(ident)
        if own_only and a.source is not Source.SELF:
            raise Conflict(messages.API_HOMEWORK_NOT_SELF)
        if a.ended_at is not None:
            raise Conflict(messages.already_ended(ident))
        a.ended_at = now
        uow.homework.update(a)
        uow.commit()
    return a


def homework_with_week(
    uow: UnitOfWork, ident: int, *, now: datetime
) -> tuple[Assignment, WeekProgress]:
    """One assignment and its progress in the current practice week."""
    with uow:
        a = uow.homework.get(ident)
        return a, practice_week(uow, a, now)


@dataclass(frozen=True)
class Logged:
    log: PracticeLog
    assignment: Assignment | None  # None for a worksheet kept on its own
    week: WeekProgress | None
    computed: dict[str, Any]
    #: What the risk detector noticed in the note and written answers (truthy: offer support).
    risk: Assessment = field(default_factory=lambda: _no_risk())


def _no_risk() -> Assessment:
    from midweek.domain.risk import Assessment, Level

    return Assessment(Level.NONE)


def _written_answers(template: Template | None, answers: Mapping[str, object] | None) -> list[str]:
    if template is None or not answers:
        return []
    from midweek.domain.worksheets import FieldKind

    kinds = {FieldKind.SHORT_TEXT, FieldKind.LONG_TEXT}
    return [
        v for f in template.fields if f.kind in kinds and isinstance(v := answers.get(f.name), str)
    ]


def practice_week(uow: UnitOfWork, a: Assignment, moment: datetime) -> WeekProgress:
    """Progress on ``a`` in the practice week (following the session day) holding ``moment``.

    Call inside an open unit of work; the week's days are in ``moment``'s time zone.
    """
    day = moment.date()
    anchor = uow.sessions.latest(on_or_before=day)
    first = week_start(day, anchor=anchor.date if anchor else None)
    since = datetime.combine(first, time.min, moment.tzinfo)
    logs = uow.practice.list(assignment_id=a.id, since=since, until=since + timedelta(days=7))
    return week_progress(a, logs)


#: Clocks on phones and servers disagree a little; "now" on one may be just ahead on the other.
CLOCK_SLACK = timedelta(minutes=5)


def _shown_moment(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M")


def check_happened(at: datetime, *, now: datetime, began: date | None = None) -> None:
    """A moment that happened: not in the future, and not before its homework began."""
    if at > now + CLOCK_SLACK:
        raise ValidationError(messages.practice_in_future(_shown_moment(at)), field="at")
    if began is not None and at.date() < began:
        raise ValidationError(
            messages.practice_before_start(_shown_moment(at), began.isoformat()), field="at"
        )


def log_practice(
    uow: UnitOfWork,
    assignment_id: int,
    outcome: Outcome,
    *,
    at: datetime,
    now: datetime | None = None,
    minutes: int | None = None,
    quality: int | None = None,
    note: str | None = None,
    answers: Mapping[str, object] | None = None,
    template: Template | None = None,
    gaps: bool = False,
) -> Logged:
    """Log one practice — done, partly done or skipped; logged late is fine.

    ``at`` is refused when it is after ``now`` (default: ``at`` itself) or before the
    homework began, and nothing is written. A note or written answers that suggest risk
    also record a safety flag (never blocking). ``gaps``: the answers of a half-finished
    worksheet, where a required answer may be empty.
    """
    from midweek.services.risk import assess_all, record_flag

    now = now or at
    log = PracticeLog(
        assignment_id=assignment_id,
        at=at,
        outcome=outcome,
        minutes=minutes,
        quality=quality,
        note=rules.optional_text(note, label="The note", field="note"),
        created_at=now,
    )
    check_practice(log)
    computed: dict[str, Any] = {}
    if answers is not None:
        if template is None:
            raise ValidationError(messages.ANSWERS_NEED_WORKSHEET, field="answers")
        # Only a worksheet's answers need the worksheet engine (`log ID done` does not).
        from midweek.domain.worksheets import compute, validate_answers

        log.answers = validate_answers(template, dict(answers), today=now.date(), gaps=gaps)
        log.worksheet = template.name
        computed = compute(template, log.answers)
    risk = assess_all([log.note, *_written_answers(template, log.answers)])
    with uow:
        a = uow.homework.get(assignment_id)
        check_happened(at, now=now, began=a.start)
        if a.minutes and log.minutes is None and outcome is Outcome.DONE:
            log.minutes = a.minutes
        uow.practice.add(log)
        source = FlagSource.WORKSHEET_TEXT if log.worksheet else FlagSource.PRACTICE_NOTE
        record_flag(uow, risk, source=source, at=at, ref_id=log.id)
        week = practice_week(uow, a, at)
        uow.commit()
    return Logged(log=log, assignment=a, week=week, computed=computed, risk=risk)


@dataclass(frozen=True)
class Noted:
    barrier: Barrier
    risk: Assessment  # truthy when the note suggests risk (a safety flag was recorded)


def add_barrier(
    uow: UnitOfWork,
    kind: BarrierKind,
    *,
    at: datetime,
    assignment_id: int | None = None,
    practice_id: int | None = None,
    note: str | None = None,
    next_step: str | None = None,
) -> Noted:
    """Note what got in the way, and the next step the person chose (if any).

    A note that suggests risk also records a safety flag; the result's ``risk`` says why.
    """
    from midweek.services.risk import assess_all, record_flag

    b = Barrier(
        kind=kind,
        at=at,
        assignment_id=assignment_id,
        practice_id=practice_id,
        note=rules.optional_text(note, label="The note", field="note"),
        next_step=rules.optional_text(next_step, label="The next step", field="next_step"),
    )
    risk = assess_all([b.note, b.next_step])
    with uow:
        if assignment_id is not None:
            uow.homework.get(assignment_id)
        if practice_id is not None:
            uow.practice.get(practice_id)
        uow.barriers.add(b)
        record_flag(uow, risk, source=FlagSource.BARRIER_NOTE, at=at, ref_id=b.id)
        uow.commit()
    return Noted(b, risk)


def list_barriers(uow: UnitOfWork, *, assignment_id: int | None = None) -> list[Barrier]:
    with uow:
        return uow.barriers.list(assignment_id=assignment_id)


def fill_worksheet(
    uow: UnitOfWork,
    template: Template,
    answers: Mapping[str, object],
    *,
    at: datetime,
    now: datetime | None = None,
    homework_id: int | None = None,
    minutes: int | None = None,
    partial: bool = False,
) -> Logged:
    """A filled worksheet. It counts as a done practice of its homework: ``homework_id``, or
    the one running homework that uses this worksheet; with none, it is kept on its own.

    With ``partial`` a half-finished worksheet is kept: any answers may be empty (at least
    one is given), those given are checked as usual, cross-field rules included, and it
    counts as a partly done practice until it is finished (``corrections.edit_worksheet``).
    All required answers given, it is simply done.

    When the template is dated by a field (the night of a sleep diary), an entry about an
    earlier day is filed on that day, so it counts in that day's week.
    """
    from midweek.domain.worksheets import compute, validate_answers
    from midweek.services.risk import assess_all, record_flag

    now = now or at
    checked = validate_answers(template, dict(answers), today=now.date(), gaps=partial)
    outcome = worksheet_outcome(template, checked, partial=partial)
    at = _filed_at(template, checked, at)
    if homework_id is None:
        with uow:
            matching = [
                a for a in uow.homework.list(active_on=at.date()) if a.worksheet == template.name
            ]
        if len(matching) > 1:
            raise ValidationError(
                messages.WHICH_HOMEWORK,
                field="homework",
            )
        if matching:
            homework_id = matching[0].id
    if homework_id is not None:
        return log_practice(
            uow,
            homework_id,
            outcome,
            at=at,
            now=now,
            minutes=minutes,
            answers=checked,
            template=template,
            gaps=partial,
        )
    log = PracticeLog(
        assignment_id=None,
        at=at,
        outcome=outcome,
        minutes=minutes,
        worksheet=template.name,
        created_at=now,
    )
    check_practice(log)
    check_happened(at, now=now)
    log.answers = checked
    computed = compute(template, log.answers)
    risk = assess_all(_written_answers(template, log.answers))
    with uow:
        uow.practice.add(log)
        record_flag(uow, risk, source=FlagSource.WORKSHEET_TEXT, at=at, ref_id=log.id)
        uow.commit()
    return Logged(log=log, assignment=None, week=None, computed=computed, risk=risk)


def worksheet_outcome(
    template: Template, answers: Mapping[str, object], *, partial: bool = True
) -> Outcome:
    """Done when every required answer is given; partly done for a half-finished one.

    With ``partial``, ``ValidationError`` when nothing at all is answered (nothing to keep).
    """
    from midweek.domain.worksheets import answered_nothing, unanswered

    if partial and answered_nothing(answers):
        raise ValidationError(messages.WORKSHEET_NOTHING_YET, field="answers")
    return Outcome.PARTIAL if unanswered(template, answers) else Outcome.DONE


def _filed_at(template: Template, answers: Mapping[str, object], at: datetime) -> datetime:
    """``at`` moved to the day the entry is about (same clock time), when that is earlier."""
    day = answers.get(template.dated_by) if template.dated_by else None
    if not isinstance(day, str):
        return at
    about = date.fromisoformat(day)
    return datetime.combine(about, at.timetz()) if about < at.date() else at


def filled_worksheets(uow: UnitOfWork, *, limit: int | None = None) -> list[PracticeLog]:
    """The person's filled worksheets (practice logs with answers), newest first."""
    with uow:
        found = [log for log in uow.practice.list() if log.answers and log.worksheet]
    return found if limit is None else found[:limit]


def filled_worksheet(uow: UnitOfWork, ident: int) -> PracticeLog:
    """One filled worksheet; NotFound for another person's log or a log without answers."""
    with uow:
        log = uow.practice.get(ident)
    if not log.answers or not log.worksheet:
        raise NotFound("worksheet", ident)
    return log
