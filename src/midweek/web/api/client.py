"""The client's own data on the API: today, homework and practice, the journal, questions,
check-ins, goals, what got in the way, and the safety plan.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from fastapi import Query, Request
from pydantic import Field

from midweek import messages
from midweek.domain.entities import (
    BarrierKind,
    CheckinKind,
    GoalStatus,
    PlanContact,
    Source,
)
from midweek.domain.entities import SafetyPlan as PlanEntity
from midweek.domain.safety_plan import MAX_NAME
from midweek.domain.sharing import ShareKind
from midweek.services import checkins, consent, goals, homework, questions
from midweek.services import journal as jr
from midweek.services import safety_plan as plans
from midweek.services.today import today
from midweek.web.api.problems import _not_found, _problem_response, api_router
from midweek.web.api.schemas import (
    Asked,
    Barrier,
    CheckedIn,
    Checkin,
    Goal,
    Homework,
    HomeworkIn,
    HomeworkWithWeek,
    JournalEntry,
    JournalIn,
    Logged,
    MoodIn,
    Noted,
    Practice,
    PracticeIn,
    Question,
    QuestionIn,
    SafetyPlan,
    Session,
    Support,
    Week,
    Written,
    _homework,
    _In,
    _Out,
    _support,
)
from midweek.web.deps import (
    Client,
    accounts_uow,
    person_uow,
    server_uow,
)
from midweek.web.params import SOME_WORDS, BodyIdent, Ident

router = api_router()


class Today(_Out):
    last_session: Session | None
    practice: list[HomeworkWithWeek]
    open_questions: list[Question]
    prompt: str
    support: Support


@router.get("/today", response_model=Today)
def get_today(request: Request, viewer: Client) -> Today:
    view = today(person_uow(request, viewer.person_id), now=viewer.now)
    return Today(
        last_session=Session.model_validate(view.last_session) if view.last_session else None,
        practice=[_homework(d.assignment, d.week) for d in view.practice],
        open_questions=[Question.model_validate(q) for q in view.open_questions],
        prompt=view.prompt,
        support=Support(suggested=bool(view.recent_flags)),
    )


@router.get("/homework", response_model=list[HomeworkWithWeek])
def list_homework(request: Request, viewer: Client) -> list[HomeworkWithWeek]:
    """The homework running today, each with this practice week's progress."""
    view = today(person_uow(request, viewer.person_id), now=viewer.now)
    return [_homework(d.assignment, d.week) for d in view.practice]


@router.post("/homework", response_model=HomeworkWithWeek, status_code=201)
def add_homework(request: Request, viewer: Client, body: HomeworkIn) -> HomeworkWithWeek:
    """Homework the client sets themself."""
    a = homework.add_homework(
        person_uow(request, viewer.person_id),
        **body.assignment_fields(),
        now=viewer.now,
        source=Source.SELF,
    )
    return _homework(a, None)


@router.post("/homework/{assignment_id}/practice", response_model=Logged, status_code=201)
def log_practice(
    request: Request, viewer: Client, assignment_id: Ident, body: PracticeIn
) -> Logged:
    logged = homework.log_practice(
        person_uow(request, viewer.person_id),
        assignment_id,
        body.outcome,
        at=body.at or viewer.now,
        now=viewer.now,
        minutes=body.minutes,
        quality=body.quality,
        note=body.note,
    )
    return Logged(
        practice=Practice.model_validate(logged.log),
        week=Week.model_validate(logged.week) if logged.week else None,
        support=_support(logged.risk),
    )


@router.get("/journal", response_model=list[JournalEntry])
def list_journal(
    request: Request,
    viewer: Client,
    q: Annotated[str, Query(max_length=500)] = "",
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> list[JournalEntry]:
    """Newest entries first; with ``q``, those containing every word (prefer
    ``POST /journal/search``: words in a URL end up in proxy logs and histories)."""
    uow = person_uow(request, viewer.person_id)
    entries = (
        jr.search(uow, q, limit=limit).entries if q.strip() else jr.list_entries(uow, limit=limit)
    )
    return [JournalEntry.model_validate(e) for e in entries]


class SearchIn(_In):
    q: str = Field(min_length=1, max_length=500)
    limit: int = Field(default=20, ge=1, le=200)


@router.post("/journal/search", response_model=list[JournalEntry])
def search_journal(request: Request, viewer: Client, body: SearchIn) -> list[JournalEntry]:
    """Entries containing every word of ``q``, newest first; the words travel in the body,
    so no URL (and so no access log) ever holds them."""
    uow = person_uow(request, viewer.person_id, read_only=True)
    return [
        JournalEntry.model_validate(e) for e in jr.search(uow, body.q, limit=body.limit).entries
    ]


@router.post("/journal", response_model=Written, status_code=201)
def write_journal(request: Request, viewer: Client, body: JournalIn) -> Written:
    written = jr.write_entry(
        person_uow(request, viewer.person_id),
        body.text,
        at=viewer.now,
        tags=body.tags,
        mood=body.mood,
        bring=body.bring,
        shared=body.shared,
        prompt=body.prompt,
    )
    if body.shared and written.entry.id is not None:  # with each therapist linked now
        consent.share_new_entry(
            server_uow(request, viewer.person_id), viewer.account, written.entry.id, now=viewer.now
        )
    return Written(entry=JournalEntry.model_validate(written.entry), support=_support(written.risk))


@router.get("/journal/{entry_id}", response_model=JournalEntry)
def journal_entry(request: Request, viewer: Client, entry_id: Ident) -> JournalEntry:
    return JournalEntry.model_validate(
        jr.get_entry(person_uow(request, viewer.person_id), entry_id)
    )


@router.get("/questions", response_model=list[Question])
def list_questions(
    request: Request, viewer: Client, include_discussed: bool = False
) -> list[Question]:
    found = questions.list_questions(
        person_uow(request, viewer.person_id), include_discussed=include_discussed
    )
    return [Question.model_validate(q) for q in found]


@router.post("/questions", response_model=Asked, status_code=201)
def ask(request: Request, viewer: Client, body: QuestionIn) -> Asked:
    asked = questions.ask(person_uow(request, viewer.person_id), body.text, now=viewer.now)
    return Asked(question=Question.model_validate(asked.question), support=_support(asked.risk))


@router.post(
    "/questions/{question_id}/discussed",
    response_model=Question,
    responses={409: _problem_response("Already marked as discussed")},
)
def mark_discussed(request: Request, viewer: Client, question_id: Ident) -> Question:
    """Mark a question as talked through (409 when it already is)."""
    q = questions.mark_discussed(person_uow(request, viewer.person_id), question_id, now=viewer.now)
    return Question.model_validate(q)


@router.get("/checkins", response_model=list[Checkin])
def list_checkins(
    request: Request,
    viewer: Client,
    kind: CheckinKind | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[Checkin]:
    found = checkins.list_checkins(person_uow(request, viewer.person_id), kind=kind, limit=limit)
    return [Checkin.model_validate(c) for c in found]


@router.post("/checkins/mood", response_model=CheckedIn, status_code=201)
def checkin_mood(request: Request, viewer: Client, body: MoodIn) -> CheckedIn:
    checkin, risk = checkins.checkin_mood(
        person_uow(request, viewer.person_id), body.mood, note=body.note, at=viewer.now
    )
    return CheckedIn(checkin=Checkin.model_validate(checkin), support=_support(risk))


class GoalIn(_In):
    text: str = Field(min_length=1, max_length=20_000)
    #: The value the goal serves.
    value: str | None = Field(default=None, max_length=20_000)
    #: The readiness ruler: how important, and how confident (0–10 each).
    importance: int = Field(ge=0, le=10)
    confidence: int = Field(ge=0, le=10)


class GoalStatusIn(_In):
    status: GoalStatus


@router.get("/goals", response_model=list[Goal])
def list_goals(request: Request, viewer: Client) -> list[Goal]:
    return [Goal.model_validate(g) for g in goals.list_goals(person_uow(request, viewer.person_id))]


@router.post("/goals", response_model=Goal, status_code=201)
def add_goal(request: Request, viewer: Client, body: GoalIn) -> Goal:
    g = goals.add_goal(
        person_uow(request, viewer.person_id),
        text=body.text,
        value=body.value,
        importance=body.importance,
        confidence=body.confidence,
        now=viewer.now,
    )
    return Goal.model_validate(g)


@router.post("/goals/{goal_id}/status", response_model=Goal)
def set_goal_status(request: Request, viewer: Client, goal_id: Ident, body: GoalStatusIn) -> Goal:
    g = goals.set_goal_status(
        person_uow(request, viewer.person_id), goal_id, body.status, now=viewer.now
    )
    return Goal.model_validate(g)


class BarrierIn(_In):
    kind: BarrierKind
    note: str | None = Field(default=None, max_length=20_000)
    #: The next step the person chose (their own words, or one the app offered).
    next_step: str | None = Field(default=None, max_length=20_000)
    #: The practice it got in the way of, if it was logged.
    practice_id: BodyIdent | None = None


@router.post("/homework/{assignment_id}/barriers", response_model=Noted, status_code=201)
def add_barrier(request: Request, viewer: Client, assignment_id: Ident, body: BarrierIn) -> Noted:
    """What got in the way of this homework, and the next step chosen."""
    noted = homework.add_barrier(
        person_uow(request, viewer.person_id),
        body.kind,
        at=viewer.now,
        assignment_id=assignment_id,
        practice_id=body.practice_id,
        note=body.note,
        next_step=body.next_step,
    )
    return Noted(barrier=Barrier.model_validate(noted.barrier), support=_support(noted.risk))


@router.post(
    "/homework/{assignment_id}/end",
    response_model=Homework,
    responses={409: _problem_response("The therapist set this homework: theirs to end")},
)
def end_homework(request: Request, viewer: Client, assignment_id: Ident) -> Homework:
    """End homework the client set themself (what was practised still counts). Homework
    the therapist set is theirs to end: 409."""
    ended = homework.end_homework(
        person_uow(request, viewer.person_id), assignment_id, now=viewer.now, own_only=True
    )
    return Homework.model_validate(ended)


class OwnSafetyPlan(SafetyPlan):
    #: Whether the linked therapist may see it (changed on the safety plan page).
    shared: bool


#: A line of the plan; the service allows 500 characters (422 naming the rule otherwise).
PlanLine = Annotated[str, Field(max_length=20_000)]


PlanLines = Annotated[list[PlanLine], Field(max_length=1000)]


_PHONE = r"^\s*(\+?[\s().\-]*([0-9][\s().\-]*){2,20})?$"


class ContactIn(_In):
    #: Some words (not only spaces), as the safety plan's rule reads it.
    name: str = Field(max_length=MAX_NAME, pattern=SOME_WORDS)
    #: As the safety plan's rule reads it (domain.safety_plan.check_phone): 2-20 digits
    #: with spaces, + - ( ) and dots; empty for none.
    phone: str | None = Field(default=None, max_length=200, pattern=_PHONE)


class SafetyPlanIn(_In):
    """The whole plan: sections left out are saved empty (as on the edit page)."""

    warning_signs: PlanLines = Field(default_factory=list)
    coping: PlanLines = Field(default_factory=list)
    distractions: PlanLines = Field(default_factory=list)
    people: list[ContactIn] = Field(default_factory=list, max_length=1000)
    professionals: list[ContactIn] = Field(default_factory=list, max_length=1000)
    safer: PlanLines = Field(default_factory=list)
    reasons: PlanLines = Field(default_factory=list)


@router.get("/safety-plan", response_model=OwnSafetyPlan)
def get_safety_plan(request: Request, viewer: Client) -> Any:
    """The client's safety plan; 404 before they have made one."""
    plan = plans.get_plan(person_uow(request, viewer.person_id))
    if plan is None:
        return _not_found(messages.API_PLAN_NONE)
    return _own_plan(request, viewer, plan)


def _own_plan(request: Request, viewer: Client, plan: PlanEntity) -> OwnSafetyPlan:
    """``shared``: shared with any of the client's therapists (a share per link)."""
    state = consent.sharing_state(accounts_uow(request), viewer.person_id)
    return OwnSafetyPlan.model_validate(replace(plan, shared=ShareKind.SAFETY_PLAN in state.kinds))


@router.put("/safety-plan", response_model=OwnSafetyPlan)
def put_safety_plan(request: Request, viewer: Client, body: SafetyPlanIn) -> OwnSafetyPlan:
    """Save the whole plan, replacing the earlier one (whether it is shared stays as it was).
    Blank lines are dropped; phone numbers are checked."""
    plan = PlanEntity(
        warning_signs=list(body.warning_signs),
        coping=list(body.coping),
        distractions=list(body.distractions),
        people=[PlanContact(name=c.name, phone=c.phone or None) for c in body.people],
        professionals=[PlanContact(name=c.name, phone=c.phone or None) for c in body.professionals],
        safer=list(body.safer),
        reasons=list(body.reasons),
    )
    saved = plans.save_plan(person_uow(request, viewer.person_id), plan, now=viewer.now)
    return _own_plan(request, viewer, saved)
