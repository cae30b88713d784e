"""The JSON API under ``/api/v1``: the same services as the pages, for scripts and apps.

Each operation parses a pydantic body, calls one service, and answers with a pydantic
model built from what the service returned — only the caller's own data, or for a
therapist only what a client shares (``services.consent`` enforces that). Callers sign
in with a personal access token (``Authorization: Bearer mwk_…``, made in Settings) or a
browser session (then unsafe methods need the ``X-CSRF-Token`` header, as htmx sends).

Errors are RFC 9457 problem documents (``web/errors.py``); request validation errors
also carry an ``errors`` list naming each field. Another person's id is a plain 404.
The OpenAPI description of these operations only is at ``/api/v1/openapi.json``.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import replace
from datetime import date, datetime
from typing import Annotated, Any, Literal, NoReturn, cast, get_args

from fastapi import APIRouter, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from starlette.exceptions import HTTPException as StarletteHTTPException

from midweek import messages
from midweek.domain.accounts import Account, Role
from midweek.domain.entities import (
    BarrierKind,
    CheckinKind,
    GoalStatus,
    HomeworkKind,
    Outcome,
    PlanContact,
    SharedReport,
    Source,
)
from midweek.domain.entities import SafetyPlan as PlanEntity
from midweek.domain.errors import Conflict, NotFound, ValidationError
from midweek.domain.practice import WeekProgress
from midweek.domain.risk import Assessment
from midweek.domain.safety_plan import MAX_NAME
from midweek.domain.sharing import TOGGLE_KINDS, ApiToken, ShareKind, SharingState
from midweek.domain.zones import all_zones
from midweek.services import (
    care_links,
    checkins,
    consent,
    goals,
    homework,
    linked_client,
    questions,
    tokens,
    zones,
)
from midweek.services import caseload as caseloads
from midweek.services import journal as jr
from midweek.services import safety_plan as plans
from midweek.services.idempotency import KEY_PATTERN
from midweek.services.today import today
from midweek.web.deps import (
    Client,
    SignedIn,
    Therapist,
    accounts_uow,
    client_uows,
    in_their_zone,
    person_uow,
    server_uow,
)
from midweek.web.deps import now as server_now
from midweek.web.errors import PROBLEM_JSON
from midweek.web.idempotency import HEADER as IDEMPOTENCY_HEADER
from midweek.web.idempotency import IdempotentRoute
from midweek.web.params import SOME_WORDS, BodyIdent, Day, Ident, Moment, is_bad_path
from midweek.web.security import SAFE_METHODS

PREFIX = "/api/v1"
VERSION = "1.0.0"

#: The kinds a client shares as a whole (``domain.sharing.TOGGLE_KINDS``; a test keeps the
#: two the same).
ToggleKind = Literal[
    "practice",
    "journal",
    "worksheet",
    "checkin",
    "questions",
    "goals",
    "sessions",
    "safety-plan",
    "safety-flags",
]


# --- problem documents ---------------------------------------------------------------------


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[dict[str, Any]] | None = None


def _problem_response(description: str) -> dict[str, Any]:
    return {"description": description, "model": Problem, "content": {PROBLEM_JSON: {}}}


PROBLEMS: dict[int | str, dict[str, Any]] = {
    401: _problem_response("No valid token or session"),
    403: _problem_response("This account's role may not do this"),
    404: _problem_response("No such item among the caller's own (or shared) data"),
    422: _problem_response("The request is not valid"),
}


def _field_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    # Only where and why; never the value sent (it may be a person's words).
    return [
        {"loc": [str(part) for part in err.get("loc", ())], "msg": str(err.get("msg", ""))}
        for err in exc.errors()
    ]


def _query_names(dependant: Any) -> set[str]:
    """Names of the query parameters an operation and its dependencies declare."""
    names = {param.alias for param in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


class _ApiRoute(IdempotentRoute):
    """An API route whose request validation errors say which field is wrong, as a problem."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        # The query parameters this operation declares; any other is a mistake (a typo such
        # as ``limt`` would otherwise be ignored in silence) and gets a 422 naming it.
        declared = _query_names(self.dependant)

        async def route(request: Request) -> Response:
            unknown = sorted(set(request.query_params) - declared)
            if unknown:
                body = Problem(
                    type="urn:midweek:problem:invalid-input",
                    title="invalid-input",
                    status=422,
                    detail=messages.API_INVALID_REQUEST,
                    errors=[
                        {"loc": ["query", name], "msg": messages.API_UNKNOWN_PARAMETER}
                        for name in unknown
                    ],
                )
                return JSONResponse(body.model_dump(), status_code=422, media_type=PROBLEM_JSON)
            try:
                return await handler(request)
            except ValidationError as exc:
                # A rule a service checks: its sentence, and the field it names (if any).
                body = Problem(
                    type=f"urn:midweek:problem:{exc.code}",
                    title=exc.code,
                    status=422,
                    detail=str(exc),
                    errors=[{"loc": ["body", exc.field], "msg": str(exc)}] if exc.field else None,
                )
                return JSONResponse(
                    body.model_dump(exclude_none=True), status_code=422, media_type=PROBLEM_JSON
                )
            except RequestValidationError as exc:
                if is_bad_path(exc.errors()):
                    # An id that cannot be one (2**64, -1, "1e3"): as for a missing id.
                    return _not_found(messages.WEB_PAGE_NOT_FOUND)
                body = Problem(
                    type="urn:midweek:problem:invalid-input",
                    title="invalid-input",
                    status=422,
                    detail=messages.API_INVALID_REQUEST,
                    errors=_field_errors(exc),
                )
                return JSONResponse(body.model_dump(), status_code=422, media_type=PROBLEM_JSON)
            except StarletteHTTPException as exc:
                if exc.status_code != 400:
                    raise
                # FastAPI's "error parsing the body" (bytes that are no JSON or form at all).
                body = Problem(
                    type="urn:midweek:problem:invalid-input",
                    title="invalid-input",
                    status=400,
                    detail=messages.API_UNREADABLE_BODY,
                )
                return JSONResponse(body.model_dump(), status_code=400, media_type=PROBLEM_JSON)

        return route


router = APIRouter(
    prefix=PREFIX,
    route_class=_ApiRoute,
    responses=PROBLEMS,
    generate_unique_id_function=lambda route: route.name,
)


_PROBLEM_REF = "#/components/schemas/Problem"


def openapi_document() -> dict[str, Any]:
    """The OpenAPI description of this router's operations (and nothing else of the app)."""
    doc = get_openapi(
        title="midweek API",
        version=VERSION,
        description=(__doc__ or "").strip(),
        routes=router.routes,
    )
    for operations in doc.get("paths", {}).values():
        for method, operation in operations.items():
            if method.upper() not in SAFE_METHODS:
                # IdempotentRoute honours the header on every unsafe operation.
                operation.setdefault("parameters", []).append(
                    {"$ref": "#/components/parameters/IdempotencyKey"}
                )
            if "requestBody" in operation:
                # Bytes that are no JSON at all (not even UTF-8) cannot be validated: 400.
                operation["responses"].setdefault(
                    "400",
                    {
                        "description": "The body is not JSON",
                        "content": {PROBLEM_JSON: {"schema": {"$ref": _PROBLEM_REF}}},
                    },
                )
            for response in operation.get("responses", {}).values():
                content = response.get("content", {})
                if PROBLEM_JSON in content and "application/json" in content:
                    # FastAPI puts a response model under application/json; ours is a problem.
                    content[PROBLEM_JSON] = content.pop("application/json")
    doc.setdefault("components", {})["parameters"] = {
        "IdempotencyKey": {
            "name": IDEMPOTENCY_HEADER,
            "in": "header",
            "required": False,
            "description": messages.API_IDEMPOTENCY_KEY_DOC,
            # As the header is read: white space around it ignored, empty for none.
            "schema": {"type": "string", "pattern": rf"^[ \t]*({KEY_PATTERN.pattern})?[ \t]*$"},
        }
    }
    doc["components"]["securitySchemes"] = {
        "token": {"type": "http", "scheme": "bearer", "description": "A personal access token"}
    }
    doc["security"] = [{"token": []}]
    return doc


@router.get("/openapi.json", include_in_schema=False)
def openapi(request: Request) -> JSONResponse:
    """Public, like any API description: it holds no one's data."""
    doc = getattr(request.app.state, "api_openapi", None)
    if doc is None:
        doc = request.app.state.api_openapi = openapi_document()
    return JSONResponse(doc)


# --- shared models ---------------------------------------------------------------------------


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


# --- who am I --------------------------------------------------------------------------------


class Me(_Out):
    username: str
    role: Role
    created_at: datetime
    #: The IANA zone the account's days follow; null: the server's (``today`` says which).
    time_zone: str | None
    #: The day it is now for the account holder, in their zone.
    today: date


def _zone_names(schema: dict[str, Any]) -> None:
    # Listed when the document is built, not at import: the database is read once then.
    schema["enum"] = [*all_zones(), "", None]
    schema["description"] = "An IANA time zone; null or empty: the server's zone."


class MeIn(_In):
    #: An IANA name such as "Europe/London" (any case); null or "" goes back to the server's.
    time_zone: str | None = Field(max_length=100, json_schema_extra=_zone_names)


def _me(request: Request, viewer: SignedIn, account: Account | None = None) -> Me:
    shown = account or viewer.account
    moment = in_their_zone(server_now(request), shown)
    return Me(
        username=shown.username,
        role=shown.role,
        created_at=shown.created_at,
        time_zone=shown.time_zone,
        today=moment.date(),
    )


@router.get("/me", response_model=Me)
def me(request: Request, viewer: SignedIn) -> Me:
    return _me(request, viewer)


@router.patch("/me", response_model=Me)
def patch_me(request: Request, viewer: SignedIn, body: MeIn) -> Me:
    """Change the account's own settings: its time zone (an unknown name is a 422 problem
    naming an example)."""
    chosen = zones.set_account_zone(accounts_uow(request), viewer.account_id, body.time_zone)
    return _me(request, viewer, replace(viewer.account, time_zone=chosen))


# --- the client's own data -------------------------------------------------------------------


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
        title=body.title,
        per_week=body.per_week,
        minutes=body.minutes,
        now=viewer.now,
        start=body.start,
        until=body.until,
        instructions=body.instructions,
        kind=body.kind,
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


# --- the therapist's side ----------------------------------------------------------------------


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


class Sharing(_Out):
    kinds: list[str]
    items: dict[str, list[int]]


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


class Barrier(_Out):
    id: int
    kind: str
    at: datetime
    assignment_id: int | None
    practice_id: int | None
    note: str | None
    next_step: str | None


class Goal(_Out):
    id: int
    text: str
    value: str | None
    importance: int
    confidence: int
    status: str


class Report(_Out):
    id: int
    sent_at: datetime
    markdown: str
    left_out: list[str]


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
        title=body.title,
        per_week=body.per_week,
        minutes=body.minutes,
        now=viewer.now,
        start=body.start,
        until=body.until,
        instructions=body.instructions,
        kind=body.kind,
        source=Source.THERAPIST,
    )
    saved = linked_client.assign_homework(
        server_uow(request, person_id), viewer.account, person_id, a, now=viewer.now
    )
    return Homework.model_validate(saved)


# --- more of the client's own: questions discussed, goals, barriers, safety plan, sharing ------


def _not_found(detail: str) -> JSONResponse:
    body = Problem(
        type="urn:midweek:problem:not-found", title="not-found", status=404, detail=detail
    )
    return JSONResponse(
        body.model_dump(exclude_none=True), status_code=404, media_type=PROBLEM_JSON
    )


@router.post(
    "/questions/{question_id}/discussed",
    response_model=Question,
    responses={409: _problem_response("Already marked as discussed")},
)
def mark_discussed(request: Request, viewer: Client, question_id: Ident) -> Question:
    """Mark a question as talked through (409 when it already is)."""
    q = questions.mark_discussed(person_uow(request, viewer.person_id), question_id, now=viewer.now)
    return Question.model_validate(q)


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


class Noted(_Out):
    barrier: Barrier
    support: Support


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


class LinkedTherapist(_Out):
    link_id: int
    name: str
    since: datetime | None


class TherapistSharing(LinkedTherapist):
    """What this one therapist sees: whole kinds, and single items by kind."""

    kinds: list[str]
    items: dict[str, list[int]]


class OwnSharing(Sharing):
    """What the client shares with each therapist (every share belongs to one therapist
    link and ends with it); ``kinds`` and ``items`` at the top: with any of them."""

    therapists: list[TherapistSharing]


class KindIn(_In):
    shared: bool
    #: The therapist link to change; every linked therapist when left out.
    link_id: BodyIdent | None = None


def _sharing(state: SharingState) -> Sharing:
    return Sharing(
        kinds=sorted(k.value for k in state.kinds),
        items={k.value: sorted(v) for k, v in state.items.items() if v},
    )


def _own_sharing(request: Request, viewer: Client) -> OwnSharing:
    mine = consent.my_sharing(server_uow(request, viewer.person_id), viewer.person_id)
    every = _sharing(mine.state)
    return OwnSharing(
        kinds=every.kinds,
        items=every.items,
        therapists=[
            TherapistSharing(
                link_id=cast(int, ls.link.id),
                name=ls.therapist_name,
                since=ls.link.responded_at,
                **_sharing(ls.state).model_dump(),
            )
            for ls in mine.links
        ],
    )


@router.get("/sharing", response_model=OwnSharing)
def my_sharing(request: Request, viewer: Client) -> OwnSharing:
    return _own_sharing(request, viewer)


_NO_THERAPIST: dict[int | str, dict[str, Any]] = {
    409: _problem_response("No therapist to share with yet")
}


@router.put("/sharing/kinds/{kind}", response_model=OwnSharing, responses=_NO_THERAPIST)
def set_kind_shared(request: Request, viewer: Client, kind: ToggleKind, body: KindIn) -> OwnSharing:
    """Share a whole kind (also what comes later) with one therapist (``link_id``) or with
    each linked therapist, or stop; 409 when there is no therapist to share with."""
    consent.set_kind_shared(
        accounts_uow(request),
        viewer.account,
        ShareKind(kind),
        body.shared,
        link_id=body.link_id,
        now=viewer.now,
    )
    return _own_sharing(request, viewer)


class Seen(_Out):
    at: datetime
    #: The therapist's username.
    who: str
    #: ``therapist.read`` or ``therapist.write`` (and more to come).
    action: str
    #: What: ``overview``, ``journal=12``, ``assignment=3``…
    detail: str


@router.get("/sharing/activity", response_model=list[Seen])
def sharing_activity(request: Request, viewer: Client) -> list[Seen]:
    """What therapists read and wrote of the client's data, newest first."""
    seen = consent.therapist_activity(accounts_uow(request), viewer.person_id)
    return [Seen.model_validate(s) for s in seen]


# --- invitations, links, single items and prep reports (the client's side) -----------------


#: An invitation code is a secret: it travels in a body, never in a path or query.
InviteCode = Annotated[str, Field(min_length=1, max_length=100)]


def _no_such_invitation(err: ValidationError) -> NoReturn:
    """A well-formed code that opens no invitation (unknown, used, expired) names nothing
    that exists: 404, with the same sentence for each, so the answer tells nothing more."""
    if err.field == "code":
        raise NotFound("invitation", "(code)", sentence=str(err)) from None
    raise err


class CodeIn(_In):
    #: As the therapist gave it; upper or lower case, with or without the dash.
    code: InviteCode


class AcceptIn(CodeIn):
    #: Whole kinds to share with this therapist from now on (more can follow later).
    kinds: list[ToggleKind] = Field(default_factory=list, max_length=len(TOGGLE_KINDS))


class Invite(_Out):
    #: The therapist's username: who the client would be connecting with.
    therapist: str
    expires_at: datetime


@router.post("/sharing/invitations/look", response_model=Invite)
def look_at_invitation(request: Request, viewer: Client, body: CodeIn) -> Invite:
    """Who sent this invitation code, for the client to decide. Unknown, used and expired
    codes get one and the same 404 problem."""
    try:
        pending = care_links.find_invite(accounts_uow(request), body.code, now=viewer.now)
    except ValidationError as err:
        _no_such_invitation(err)
    return Invite(therapist=pending.therapist_name, expires_at=pending.link.expires_at)


@router.post(
    "/sharing/invitations/accept",
    response_model=LinkedTherapist,
    status_code=201,
    responses={409: _problem_response("Already connected with this therapist")},
)
def accept_invitation(request: Request, viewer: Client, body: AcceptIn) -> LinkedTherapist:
    """Connect with the therapist behind the code, sharing the chosen kinds (409 when
    already connected with them; one 404 for any code that does not work)."""
    try:
        link = care_links.accept_invite(
            accounts_uow(request),
            viewer.account,
            body.code,
            share=[ShareKind(k) for k in body.kinds],
            now=viewer.now,
        )
    except ValidationError as err:
        _no_such_invitation(err)
    [view] = [
        v
        for v in care_links.client_links(accounts_uow(request), viewer.person_id)
        if v.link.id == link.id
    ]
    return LinkedTherapist(
        link_id=cast(int, link.id), name=view.therapist_name, since=link.responded_at
    )


@router.post("/sharing/invitations/decline", status_code=204, response_class=Response)
def decline_invitation(request: Request, viewer: Client, body: CodeIn) -> Response:
    """Turn the invitation down: the code stops working and nothing is shared."""
    try:
        care_links.decline_invite(accounts_uow(request), viewer.account, body.code, now=viewer.now)
    except ValidationError as err:
        _no_such_invitation(err)
    return Response(status_code=204)


@router.delete("/sharing/links/{link_id}", status_code=204, response_class=Response)
def end_link(request: Request, viewer: Client, link_id: Ident) -> Response:
    """Stop being connected with a therapist: from the next request on they see nothing."""
    care_links.end_link(accounts_uow(request), viewer.account, link_id, now=viewer.now)
    return Response(status_code=204)


#: Kinds whose items can be shared one at a time (the others only as a whole).
ItemKind = Literal["journal", "worksheet", "checkin"]


class SharedItem(_Out):
    kind: ItemKind
    item_id: int
    shared: bool


@router.put("/sharing/items/{kind}/{item_id}", response_model=SharedItem, responses=_NO_THERAPIST)
def set_item_shared(
    request: Request, viewer: Client, kind: ItemKind, item_id: Ident, body: KindIn
) -> SharedItem:
    """Share one journal entry, worksheet or check-in with one therapist (``link_id``) or
    with each linked therapist, or stop (an entry shared with nobody any more loses the
    "shared" mark it was written with)."""
    consent.set_item_shared(
        server_uow(request, viewer.person_id),
        viewer.account,
        ShareKind(kind),
        item_id,
        body.shared,
        link_id=body.link_id,
        now=viewer.now,
    )
    return SharedItem(kind=kind, item_id=item_id, shared=body.shared)


class SentReport(_Out):
    id: int
    sent_at: datetime
    #: The prep items the client left out (ids as in ``exclude``).
    left_out: list[str]
    withdrawn: bool
    withdrawn_at: datetime | None


def _sent(report: SharedReport) -> SentReport:
    return SentReport(
        id=cast(int, report.id),
        sent_at=report.sent_at,
        left_out=list(report.left_out),
        withdrawn=report.revoked_at is not None,
        withdrawn_at=report.revoked_at,
    )


class ReportIn(_In):
    #: Prep item ids to leave out, as on the prep page (``question:3``, ``practice``…).
    exclude: list[Annotated[str, Field(max_length=200)]] = Field(
        default_factory=list, max_length=100
    )
    #: What is out unless added: ``safety`` adds the PHQ-9 question-9 answers and the count
    #: of safety flags, as the prep page's "Include" box and ``prep --include safety``.
    #: (``reports.view.OPT_IN``; a test keeps the two the same.)
    include: list[Literal["safety", "item9", "safety:events"]] = Field(
        default_factory=list, max_length=10
    )


@router.get("/reports", response_model=list[SentReport])
def list_reports(request: Request, viewer: Client) -> list[SentReport]:
    """The prep reports the client sent, newest first (withdrawn ones too)."""
    return [_sent(r) for r in consent.sent_reports(server_uow(request, viewer.person_id))]


@router.post(
    "/reports",
    response_model=SentReport,
    status_code=201,
    responses={
        409: _problem_response(
            "Nothing to report yet, no therapist to send it to, or an item to leave out that "
            "the report does not hold"
        )
    },
)
def send_report(request: Request, viewer: Client, body: ReportIn) -> SentReport:
    """Send the prep report for the next session to the linked therapists, built exactly
    as the prep page previews and sends it, without what ``exclude`` names (wherever it
    shows) and with the risk items only if ``include`` adds them. 409 when there is
    nothing to report yet, no therapist is linked or an id is not in it."""
    from midweek.web.client_more import send_prep_report

    try:
        report = send_prep_report(request, viewer, body.exclude, list(body.include))
    except ValidationError as err:
        if err.field in ("therapist", "exclude") or str(err) == messages.PREP_EMPTY:
            # A good request the client's state cannot take (no therapist, nothing to
            # report, an item to leave out that the report no longer holds — it changed
            # since it was previewed): a conflict with that state, not a malformed request.
            raise Conflict(str(err)) from None
        raise
    return _sent(report)


@router.post("/reports/{report_id}/withdraw", response_model=SentReport)
def withdraw_report(request: Request, viewer: Client, report_id: Ident) -> SentReport:
    """Take a sent report back: the therapist no longer sees it (already withdrawn: no change)."""
    report = consent.withdraw_report(
        server_uow(request, viewer.person_id), viewer.account, report_id, now=viewer.now
    )
    return _sent(report)


# --- personal access tokens ------------------------------------------------------------------


class Token(_Out):
    id: int
    name: str
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None

    @classmethod
    def of(cls, t: ApiToken) -> Token:
        return cls(
            id=cast(int, t.id),
            name=t.name,
            created_at=t.created_at,
            expires_at=tokens.expiry(t),
            last_used_at=t.last_used_at,
        )


class NewToken(Token):
    #: Shown this once; only its SHA-256 is kept.
    token: str


class TokenIn(_In):
    name: str = Field(min_length=1, max_length=tokens.NAME_LIMIT)
    #: How many days the token lasts: tokens.LIFETIMES, spelled out for the schema.
    days: Literal[7, 30, 90, 365] = 90


@router.get("/tokens", response_model=list[Token])
def list_tokens(request: Request, viewer: SignedIn) -> list[Token]:
    return [
        Token.of(t)
        for t in tokens.list_tokens(accounts_uow(request), viewer.account, now=viewer.now)
    ]


@router.post("/tokens", response_model=NewToken, status_code=201)
def create_token(request: Request, viewer: SignedIn, body: TokenIn) -> NewToken:
    """Only a signed-in browser session makes tokens; with a bearer token this is a 403."""
    plaintext, token = tokens.create_token(
        accounts_uow(request),
        viewer.account,
        body.name,
        now=viewer.now,
        days=body.days,
        by_token=viewer.by_token,
    )
    return NewToken(**Token.of(token).model_dump(), token=plaintext)


@router.delete("/tokens/{token_id}", status_code=204, response_class=Response)
def revoke_token(request: Request, viewer: SignedIn, token_id: Ident) -> Response:
    tokens.revoke_token(accounts_uow(request), viewer.account, token_id, now=viewer.now)
    return Response(status_code=204)


# PATCH and DELETE on the resources above and restoring a deletion; what got in the way and
# session notes (their own modules, on this router).
from midweek.web import api_corrections, api_records  # noqa: E402, F401
