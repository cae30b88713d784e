"""The client's own pages: one-tap practice, what got in the way, homework, journal,
questions, goals, check-ins and worksheets.

Each route parses the form, calls one service on the client's own unit of work, renders.
Every form works as a plain post (answered with a 303 back to a page); with htmx the same
endpoint answers with a fragment swapped in place. A mistake in a form is shown beside it
(422 without htmx) with what the person typed kept; nothing is half-written, because the
services validate before they open a transaction.
"""

from __future__ import annotations

import contextlib
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import Response

from midweek import messages
from midweek.domain.barriers import NextStep, suggested_steps
from midweek.domain.entities import (
    BarrierKind,
    CheckinKind,
    GoalStatus,
    Outcome,
    QuestionStatus,
)
from midweek.domain.errors import MidweekError, ValidationError
from midweek.domain.instruments import INSTRUMENTS, band_for, safety_answer
from midweek.domain.practice import WeekProgress
from midweek.domain.sharing import ShareKind
from midweek.services import checkins, consent, drafts, homework, questions
from midweek.services import goals as goal_service
from midweek.services import journal as jr
from midweek.web.deps import (
    Client,
    accounts_uow,
    crisis_contacts,
    person_uow,
    render,
    server_uow,
)
from midweek.web.forms import (
    INVALID,
    Short,
    Text,
    barrier_kind,
    is_htmx,
    optional_int,
    required_int,
    see_other,
)
from midweek.web.idempotency import IdempotentRoute, repeatable
from midweek.web.offline import written_at
from midweek.web.params import Ident, parse_id

router = APIRouter(route_class=IdempotentRoute)


def _progress(week: WeekProgress | None) -> str:
    if week is None:
        return ""
    return messages.progress_of(week)


def support_context(request: Request, viewer: Client) -> dict[str, Any]:
    """What the kind support box needs: the not-monitored sentence for the person's country
    (never raises: the box must show whatever else fails)."""
    resources = crisis_contacts(request)
    return {
        "not_monitored": messages.not_monitored(resources.emergency_number),
        "support_resources": resources,  # the numbers shown in the box itself
    }


# --- practice: one tap from Today ---------------------------------------------------------


def _row(
    request: Request,
    viewer: Client,
    assignment: Any,
    week: WeekProgress | None,
    *,
    said: str | None = None,
    log_id: int | None = None,
    reflect: bool = False,
    error: ValidationError | None = None,
    typed: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    """One practice row: as a fragment for htmx, else on a page of its own."""
    context = {
        "assignment": assignment,
        "line": _progress(week),
        "week": week,
        "said": said,
        "log_id": log_id,
        "reflect": reflect,
        "error": error,
        "typed": typed or {},
        "htmx": is_htmx(request),
    }
    name = "client_practice_row.html" if is_htmx(request) else "client_practice.html"
    return render(request, name, context, status=status)


@router.post("/practice/{assignment_id}/log")
def log_practice(
    request: Request,
    viewer: Client,
    assignment_id: Ident,
    outcome: Annotated[str, Form(max_length=20)] = "",
    minutes: Annotated[str, Form(max_length=20)] = "",
    quality: Annotated[str, Form(max_length=20)] = "",
    note: Text = "",
) -> Response:
    """One tap logs a practice (the optional details travel in the same post)."""
    typed = {"minutes": minutes, "quality": quality, "note": note}
    try:
        try:
            how = Outcome(outcome.strip().lower())
        except ValueError:
            raise ValidationError(messages.not_an_outcome(outcome), field="outcome") from None
        logged = homework.log_practice(
            person_uow(request, viewer.person_id),
            assignment_id,
            how,
            at=written_at(request, viewer.now),
            now=viewer.now,
            minutes=optional_int(minutes, label=messages.WEB_MINUTES, field="minutes"),
            quality=optional_int(quality, label=messages.WEB_QUALITY_LEGEND, field="quality"),
            note=note or None,
        )
    except ValidationError as err:
        assignment, week = homework.homework_with_week(
            person_uow(request, viewer.person_id), assignment_id, now=viewer.now
        )
        return _row(request, viewer, assignment, week, error=err, typed=typed, status=INVALID)
    reflect = how is not Outcome.DONE
    if not is_htmx(request):
        if reflect:
            return see_other(f"/practice/{assignment_id}/barrier?log={logged.log.id}")
        return see_other(f"/#practice-{assignment_id}")
    return _row(
        request,
        viewer,
        logged.assignment,
        logged.week,
        said=messages.LOGGED[how],
        log_id=logged.log.id,
        reflect=reflect,
    )


def _barrier_page(
    request: Request,
    viewer: Client,
    assignment_id: int,
    *,
    log: int | None,
    kind: BarrierKind | None,
    error: ValidationError | None = None,
    typed: dict[str, str] | None = None,
    saved: bool = False,
    status: int = 200,
) -> Response:
    assignment, week = homework.homework_with_week(
        person_uow(request, viewer.person_id), assignment_id, now=viewer.now
    )
    steps = [(s.value, messages.NEXT_STEP_LABELS[s]) for s in suggested_steps(kind)] if kind else []
    context = {
        "assignment": assignment,
        "line": _progress(week),
        "log_id": log,
        "kind": kind,
        "steps": steps,
        "error": error,
        "typed": typed or {},
        "saved": saved,
        "htmx": is_htmx(request),
    }
    name = "client_barrier_form.html" if is_htmx(request) else "client_barrier.html"
    return render(request, name, context, status=status)


@router.get("/practice/{assignment_id}/barrier")
def barrier_form(
    request: Request,
    viewer: Client,
    assignment_id: Ident,
    log: int | None = None,
    kind: str = "",
) -> Response:
    """What got in the way: first the kind, then its reflection and matching next steps."""
    chosen: BarrierKind | None = None
    error = None
    if kind:
        try:
            chosen = barrier_kind(kind)
        except ValidationError as err:
            error = err
    return _barrier_page(request, viewer, assignment_id, log=log, kind=chosen, error=error)


@router.post("/practice/{assignment_id}/barrier")
def barrier_add(
    request: Request,
    viewer: Client,
    assignment_id: Ident,
    kind: Annotated[str, Form(max_length=40)] = "",
    log: Annotated[str, Form(max_length=20)] = "",
    step: Annotated[str, Form(max_length=40)] = "",
    own_step: Short = "",
    note: Text = "",
) -> Response:
    typed = {"step": step, "own_step": own_step, "note": note}
    log_id = parse_id(log.strip())
    chosen: BarrierKind | None = None
    try:
        chosen = barrier_kind(kind)
        next_step = own_step.strip() or None
        if next_step is None and step:
            try:
                next_step = messages.NEXT_STEP_LABELS[NextStep(step)]
            except ValueError:
                next_step = None  # not one we offered: treat as no choice
        homework.add_barrier(
            person_uow(request, viewer.person_id),
            chosen,
            at=viewer.now,
            assignment_id=assignment_id,
            practice_id=log_id,
            note=note or None,
            next_step=next_step,
        )
    except ValidationError as err:
        return _barrier_page(
            request,
            viewer,
            assignment_id,
            log=log_id,
            kind=chosen,
            error=err,
            typed=typed,
            status=INVALID,
        )
    if not is_htmx(request):
        return see_other(f"/#practice-{assignment_id}")
    return _barrier_page(request, viewer, assignment_id, log=log_id, kind=chosen, saved=True)


@router.get("/homework")
def homework_page(request: Request, viewer: Client) -> Response:
    """The homework running now, each with this week's progress."""
    from midweek.services.today import today

    view = today(person_uow(request, viewer.person_id), now=viewer.now)
    items = [(due.assignment, _progress(due.week), due.week) for due in view.practice]
    return render(request, "client_homework.html", {"items": items})


# --- journal ------------------------------------------------------------------------------

DRAFT_KIND = "journal"


def _tags(raw: str) -> list[str]:
    return [t for t in raw.replace(",", " ").split() if t.strip()]


@router.get("/journal")
def journal_page(request: Request, viewer: Client, q: str = "") -> Response:
    """Newest entries, or the ones with every word searched for.

    The page's search form posts (``/journal/search``) so the words never sit in a URL,
    where proxies, access logs and browser history keep them; ``?q=`` still works for old
    links, and midweek's own access log never writes query strings.
    """
    return _journal_list(request, viewer, q)


@router.post("/journal/search")
def journal_search(request: Request, viewer: Client, q: Short = "") -> Response:
    """The same page as ``GET /journal``, for words sent in the body (no redirect: a
    redirect would have to put them back into a URL)."""
    return _journal_list(request, viewer, q)


def _journal_list(request: Request, viewer: Client, q: str) -> Response:
    uow = person_uow(request, viewer.person_id, read_only=True)
    error = None
    complete = True
    if q.strip():
        try:
            found = jr.search(uow, q, limit=20)
            entries, complete = found.entries, found.complete
        except ValidationError as err:
            entries, error = [], err
    else:
        entries = jr.list_entries(uow, limit=20)
    context = {"entries": entries, "q": q, "complete": complete, "error": error}
    return render(request, "client_journal.html", context, status=INVALID if error else 200)


def _journal_form(
    request: Request,
    viewer: Client,
    *,
    typed: dict[str, Any],
    prompt: str,
    error: ValidationError | None = None,
    restored: bool = False,
    status: int = 200,
) -> Response:
    context = {"typed": typed, "prompt": prompt, "error": error, "restored": restored}
    return render(request, "client_journal_new.html", context, status=status)


@router.get("/journal/new")
def journal_new(request: Request, viewer: Client) -> Response:
    """A prompt for today, and the autosaved draft if one is waiting."""
    from midweek.services.today import today

    prompt = today(person_uow(request, viewer.person_id), now=viewer.now).prompt
    draft = drafts.get_draft(person_uow(request, viewer.person_id), DRAFT_KIND)
    typed = {"text": draft.body if draft else ""}
    return _journal_form(request, viewer, typed=typed, prompt=prompt, restored=draft is not None)


@router.post("/journal/draft")
@repeatable
def journal_draft(request: Request, viewer: Client, text: Text = "") -> Response:
    """Autosave while typing (htmx): a short status line, never an error page."""
    try:
        draft = drafts.save_draft(
            person_uow(request, viewer.person_id), DRAFT_KIND, text, now=viewer.now
        )
    except ValidationError as err:
        return render(request, "client_draft_status.html", {"said": str(err)})
    said = (
        messages.web_draft_saved(draft.updated_at.astimezone(viewer.now.tzinfo).strftime("%H:%M"))
        if draft
        else ""
    )
    return render(request, "client_draft_status.html", {"said": said})


@router.post("/journal")
def journal_write(
    request: Request,
    viewer: Client,
    text: Annotated[str, Form(max_length=200_000)] = "",
    tags: Short = "",
    mood: Annotated[str, Form(max_length=20)] = "",
    bring: Annotated[str, Form(max_length=10)] = "",
    shared: Annotated[str, Form(max_length=10)] = "",
    prompt: Short = "",
    offered: Short = "",
) -> Response:
    """Save an entry (then drop the draft); hard words bring a kind offer of support."""
    typed = {
        "text": text,
        "tags": tags,
        "mood": mood,
        "bring": bool(bring),
        "shared": bool(shared),
        "prompt": bool(prompt),
    }
    try:
        written = jr.write_entry(
            person_uow(request, viewer.person_id),
            text,
            at=written_at(request, viewer.now),
            tags=_tags(tags),
            mood=optional_int(mood, label=messages.WEB_JOURNAL_MOOD, field="mood"),
            bring=bool(bring),
            shared=bool(shared),
            prompt=prompt or None,
        )
    except ValidationError as err:
        return _journal_form(
            request, viewer, typed=typed, prompt=offered or prompt, error=err, status=INVALID
        )
    if shared and written.entry.id is not None:  # with each therapist linked now
        consent.share_new_entry(
            server_uow(request, viewer.person_id), viewer.account, written.entry.id, now=viewer.now
        )
    # The entry is safe; a draft that could not be dropped only means the text shows again.
    with contextlib.suppress(MidweekError):
        drafts.discard_draft(person_uow(request, viewer.person_id), DRAFT_KIND)
    support = "&support=1" if written.risk else ""
    return see_other(f"/journal/{written.entry.id}?saved=1{support}")


@router.get("/journal/{entry_id}")
def journal_entry(
    request: Request, viewer: Client, entry_id: Ident, saved: bool = False, support: bool = False
) -> Response:
    entry = jr.get_entry(person_uow(request, viewer.person_id), entry_id)
    state = consent.sharing_state(accounts_uow(request), viewer.person_id)
    context: dict[str, Any] = {
        "entry": entry,
        "saved": saved,
        "support": support,
        # All entries shared as a kind: changed on /sharing, not one by one here.
        "kind_shared": ShareKind.JOURNAL in state.kinds,
        "shared": state.covers(ShareKind.JOURNAL, entry.id),
    }
    if support:
        context.update(support_context(request, viewer))
    return render(request, "client_journal_entry.html", context)


# --- questions for the therapist ----------------------------------------------------------


def _question_said(key: str) -> str:
    return {
        "question": messages.QUESTION_SAVED,
        "note": messages.SUPPORT_NOTE_SAVED,
        "discussed": messages.QUESTION_DISCUSSED,
    }.get(key, "")


def _questions_page(
    request: Request,
    viewer: Client,
    *,
    said: str = "",
    support: bool = False,
    typed: str = "",
    error: ValidationError | None = None,
    status: int = 200,
) -> Response:
    every = questions.list_questions(person_uow(request, viewer.person_id), include_discussed=True)
    context: dict[str, Any] = {
        "open": [q for q in every if q.status is QuestionStatus.OPEN],
        "discussed": [q for q in every if q.status is QuestionStatus.DISCUSSED],
        "said": _question_said(said),
        "support": support,
        "typed": typed,
        "error": error,
    }
    if support:
        context.update(support_context(request, viewer))
    return render(request, "client_questions.html", context, status=status)


@router.get("/questions")
def questions_page(
    request: Request, viewer: Client, saved: str = "", support: bool = False
) -> Response:
    """Open questions first; the discussed ones folded away below."""
    return _questions_page(request, viewer, said=saved, support=support)


@router.post("/questions")
def questions_ask(
    request: Request, viewer: Client, text: Text = "", kind: Short = "question"
) -> Response:
    try:
        asked = questions.ask(person_uow(request, viewer.person_id), text, now=viewer.now)
    except ValidationError as err:
        return _questions_page(request, viewer, typed=text, error=err, status=INVALID)
    said = "note" if kind == "note" else "question"
    support = "&support=1" if asked.risk else ""
    return see_other(f"/questions?saved={said}{support}#question-{asked.question.id}")


@router.post("/questions/{question_id}/discussed")
def questions_discussed(request: Request, viewer: Client, question_id: Ident) -> Response:
    questions.mark_discussed(person_uow(request, viewer.person_id), question_id, now=viewer.now)
    return see_other("/questions?saved=discussed")


# --- goals --------------------------------------------------------------------------------


def _goals_page(
    request: Request,
    viewer: Client,
    *,
    said: str = "",
    typed: dict[str, str] | None = None,
    error: ValidationError | None = None,
    status: int = 200,
) -> Response:
    goals = goal_service.list_goals(person_uow(request, viewer.person_id))
    context = {
        "goals": goals,
        "said": said,
        "typed": typed or {},
        "error": error,
        "statuses": list(GoalStatus),
    }
    return render(request, "client_goals.html", context, status=status)


@router.get("/goals")
def goals_page(request: Request, viewer: Client, saved: str = "") -> Response:
    said = messages.GOAL_SAVED if saved == "goal" else ""
    if saved in set(GoalStatus):
        said = messages.GOAL_STATUS_SAID[GoalStatus(saved)]
    return _goals_page(request, viewer, said=said)


@router.post("/goals")
def goals_add(
    request: Request,
    viewer: Client,
    text: Short = "",
    value: Short = "",
    importance: Annotated[str, Form(max_length=20)] = "",
    confidence: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    typed = {"text": text, "value": value, "importance": importance, "confidence": confidence}
    try:
        goal = goal_service.add_goal(
            person_uow(request, viewer.person_id),
            text=text,
            value=value.strip() or None,
            importance=required_int(
                importance, label=messages.WEB_GOAL_IMPORTANCE, field="importance"
            ),
            confidence=required_int(
                confidence, label=messages.WEB_GOAL_CONFIDENCE, field="confidence"
            ),
            now=viewer.now,
        )
    except ValidationError as err:
        return _goals_page(request, viewer, typed=typed, error=err, status=INVALID)
    return see_other(f"/goals?saved=goal#goal-{goal.id}")


@router.post("/goals/{goal_id}/status")
def goals_status(
    request: Request,
    viewer: Client,
    goal_id: Ident,
    status: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    try:
        chosen = GoalStatus(status)
    except ValueError:
        err = ValidationError(messages.WEB_PICK_GOAL_STATUS, field="status")
        return _goals_page(request, viewer, error=err, status=INVALID)
    goal_service.set_goal_status(
        person_uow(request, viewer.person_id), goal_id, chosen, now=viewer.now
    )
    return see_other(f"/goals?saved={chosen.value}#goal-{goal_id}")


# --- check-ins ----------------------------------------------------------------------------

INSTRUMENT_KINDS = {
    CheckinKind.PHQ9.value: CheckinKind.PHQ9,
    CheckinKind.GAD7.value: CheckinKind.GAD7,
}


def _checkin_page(
    request: Request,
    viewer: Client,
    *,
    saved: str = "",
    support: bool = False,
    typed: dict[str, Any] | None = None,
    error: ValidationError | None = None,
    error_for: str = "",
    status: int = 200,
) -> Response:
    result = None
    if saved in INSTRUMENT_KINDS:
        latest = checkins.list_checkins(
            person_uow(request, viewer.person_id), kind=INSTRUMENT_KINDS[saved], limit=1
        )
        if latest and latest[0].total is not None:
            inst = INSTRUMENTS[saved]
            band = band_for(inst, latest[0].total)
            result = messages.instrument_result(inst.name, latest[0].total, inst.max_total, band)
            # PHQ-9 item 9 above zero: the same kind support as after hard words.
            support = support or safety_answer(inst, latest[0].answers) is not None
    context: dict[str, Any] = {
        "instruments": [INSTRUMENTS[k] for k in INSTRUMENT_KINDS],
        "saved": saved,
        "result": result,
        "support": support,
        "typed": typed or {},
        "error": error,
        "error_for": error_for,
    }
    if support:
        context.update(support_context(request, viewer))
    return render(request, "client_checkin.html", context, status=status)


@router.get("/checkin")
def checkin_page(
    request: Request, viewer: Client, saved: str = "", support: bool = False
) -> Response:
    """Mood in one tap, and the PHQ-9 / GAD-7 as radio groups."""
    return _checkin_page(request, viewer, saved=saved, support=support)


@router.post("/checkin/mood")
def checkin_mood(
    request: Request,
    viewer: Client,
    mood: Annotated[str, Form(max_length=20)] = "",
    note: Text = "",
) -> Response:
    typed = {"mood": mood, "note": note}
    try:
        _, risk = checkins.checkin_mood(
            person_uow(request, viewer.person_id),
            required_int(mood, label=messages.WEB_CHECKIN_MOOD_LEGEND, field="mood"),
            note=note or None,
            at=written_at(request, viewer.now),
        )
    except ValidationError as err:
        return _checkin_page(
            request, viewer, typed=typed, error=err, error_for="mood", status=INVALID
        )
    return see_other("/checkin?saved=mood" + ("&support=1" if risk else ""))


@router.post("/checkin/{code}")
async def checkin_instrument(request: Request, viewer: Client, code: str) -> Response:
    """A PHQ-9 or GAD-7: one answer per question (``item_1`` … ``item_n``), each 0–3."""
    kind = INSTRUMENT_KINDS.get(code)
    if kind is None:
        raise HTTPException(status_code=404)
    inst = INSTRUMENTS[code]
    form = await request.form()
    answers = [str(form.get(f"item_{i}", "")).strip()[:4] for i in range(1, len(inst.items) + 1)]
    typed = {f"{code}_{i}": a for i, a in enumerate(answers, start=1)}
    try:
        if not all(answers):
            raise ValidationError(messages.WEB_CHECKIN_ANSWER_ALL, field=code)
        checkins.checkin_instrument(
            person_uow(request, viewer.person_id),
            kind,
            answers,
            note=None,
            at=written_at(request, viewer.now),
        )
    except ValidationError as err:
        return _checkin_page(
            request, viewer, typed=typed, error=err, error_for=code, status=INVALID
        )
    return see_other(f"/checkin?saved={code}")
