"""The therapist's side of the API: the caseload, what one client shares, assigning homework.

Only what a client shares (``services.consent`` enforces that and audits every read).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from fastapi import Request

from midweek.domain.entities import (
    Source,
)
from midweek.services import caseload as caseloads
from midweek.services import homework, linked_client
from midweek.web.api.problems import api_router
from midweek.web.api.schemas import (
    Barrier,
    Checkin,
    Goal,
    Homework,
    HomeworkIn,
    JournalEntry,
    Practice,
    Question,
    SafetyPlan,
    Session,
    Sharing,
    _Out,
)
from midweek.web.deps import (
    Therapist,
    accounts_uow,
    client_uows,
    server_uow,
)
from midweek.web.params import Ident

router = api_router()


class Measure(_Out):
    instrument: str
    count: int
    first: int
    first_at: datetime
    first_band: str
    latest: int
    latest_at: datetime
    latest_band: str
    change: int | None
    reliable_improvement: bool | None
    reliable_deterioration: bool | None


class AttentionOut(_Out):
    level: str
    at: datetime


class CaseloadRow(_Out):
    """One client, from what they share; shared-only fields are null when not shared."""

    person_id: int
    name: str
    practice_shared: bool
    credit: float | None
    planned: float | None
    ratio: float | None
    barriers: dict[str, int] | None
    measures: list[Measure] | None
    open_questions: int | None
    next_appointment: datetime | None
    #: When the client lets this therapist know: safety flags of the last two weeks, the
    #: level (urgent, concern, phq9-item9) and when, newest first; null when not shared.
    attention: list[AttentionOut] | None


@router.get("/clients", response_model=list[CaseloadRow])
def caseload(
    request: Request,
    viewer: Therapist,
    sort: Literal["struggling", "name", "appointment"] = "struggling",
) -> list[CaseloadRow]:
    rows = caseloads.caseload(
        accounts_uow(request), client_uows(request), viewer.account, now=viewer.now, sort=sort
    )
    return [CaseloadRow.model_validate(r) for r in rows]


class Rating(_Out):
    id: int
    week_start: date
    rating: int
    note: str | None
    rated_at: datetime


class SharedHomework(_Out):
    assignment: Homework
    credit: float
    planned: float
    ratings: list[Rating]


class Report(_Out):
    id: int
    sent_at: datetime
    markdown: str
    left_out: list[str]


class ClientView(_Out):
    """What one client shares with the calling therapist (nothing else)."""

    person_id: int
    name: str
    sharing: Sharing
    summary: CaseloadRow
    homework: list[SharedHomework]
    practice: list[Practice]
    barriers: list[Barrier]
    journal: list[JournalEntry]
    worksheets: list[Practice]
    checkins: list[Checkin]
    questions: list[Question]
    goals: list[Goal]
    reports: list[Report]
    safety_plan: SafetyPlan | None
    sessions: list[Session]


@router.get("/clients/{person_id}", response_model=ClientView)
def client_view(request: Request, viewer: Therapist, person_id: Ident) -> ClientView:
    view = linked_client.client_view(
        server_uow(request, person_id), viewer.account, person_id, now=viewer.now
    )
    state = Sharing(
        kinds=sorted(k.value for k in view.state.kinds),
        items={k.value: sorted(v) for k, v in view.state.items.items()},
    )
    return ClientView.model_validate(
        {
            "person_id": view.person_id,
            "name": view.name,
            "sharing": state,
            "summary": CaseloadRow.model_validate(view.row),
            "homework": [SharedHomework.model_validate(h) for h in view.homework],
            "practice": view.practice,
            "barriers": view.barriers,
            "journal": view.journal,
            "worksheets": view.worksheets,
            "checkins": view.checkins,
            "questions": view.questions,
            "goals": view.goals,
            "reports": view.reports,
            "safety_plan": view.safety_plan,
            "sessions": view.sessions,
        },
        from_attributes=True,
    )


@router.post("/clients/{person_id}/homework", response_model=Homework, status_code=201)
def assign_homework(
    request: Request, viewer: Therapist, person_id: Ident, body: HomeworkIn
) -> Homework:
    a = homework.new_assignment(
        **body.assignment_fields(),
        now=viewer.now,
        source=Source.THERAPIST,
    )
    saved = linked_client.assign_homework(
        server_uow(request, person_id), viewer.account, person_id, a, now=viewer.now
    )
    return Homework.model_validate(saved)
