"""Helpers for the storage tests: entities with every field set, and raw SQL access."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from midweek.domain.entities import (
    Assignment,
    Barrier,
    BarrierKind,
    Checkin,
    CheckinKind,
    Draft,
    FlagSource,
    Goal,
    GoalStatus,
    HomeworkKind,
    HomeworkRating,
    JournalEntry,
    Outcome,
    PlanContact,
    PlanWindow,
    PracticeLog,
    Preference,
    Question,
    QuestionStatus,
    SafetyFlag,
    SafetyPlan,
    SharedReport,
    Source,
    TherapySession,
    Visibility,
)
from midweek.storage import Store

#: A non-UTC moment with microseconds: storage must return the same instant, in UTC.
T0 = datetime(2024, 3, 10, 9, 30, 15, 123456, tzinfo=timezone(timedelta(hours=-5)))


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def full_entities(text: str = "text") -> dict[str, Any]:
    """One of each entity with every optional field set (links filled in by ``add_all``)."""
    return {
        "session": TherapySession(
            date=date(2024, 3, 8),
            takeaways=[f"{text} takeaway", "Ünïcödé ✓ 😊"],
            themes=[f"{text} theme"],
            next_appointment=at(60 * 24 * 7),
            created_at=at(1),
        ),
        "goal": Goal(
            text=f"{text} goal",
            value=f"{text} value",
            importance=8,
            confidence=4,
            status=GoalStatus.PAUSED,
            created_at=at(2),
            updated_at=at(3),
        ),
        "assignment": Assignment(
            title=f"{text} title",
            per_week=5,
            minutes=20,
            start=date(2024, 3, 9),
            end=date(2024, 4, 9),
            instructions=f"{text} instructions",
            kind=HomeworkKind.WORKSHEET,
            source=Source.SELF,
            worksheet="thought-record",
            ended_at=at(60 * 24 * 30),
            created_at=at(4),
        ),
        "practice": PracticeLog(
            assignment_id=0,
            at=at(5),
            outcome=Outcome.PARTIAL,
            minutes=12,
            quality=3,
            note=f"{text} note",
            answers={"situation": f"{text} answer", "suds": 70, "feelings": ["sad", "tense"]},
            worksheet="thought-record",
            created_at=at(6),
        ),
        "journal": JournalEntry(
            text=f"{text} journal",
            written_at=at(7),
            prompt=f"{text} prompt",
            tags=[f"{text}-tag", "sleep"],
            mood=6,
            bring=True,
            visibility=Visibility.SHARED,
        ),
        "barrier": Barrier(
            kind=BarrierKind.PERFECTIONISM,
            at=at(8),
            note=f"{text} barrier",
            next_step=f"{text} next step",
        ),
        "question": Question(
            text=f"{text} question",
            created_at=at(9),
            status=QuestionStatus.DISCUSSED,
            discussed_at=at(10),
        ),
        "checkin": Checkin(
            kind=CheckinKind.PHQ9,
            at=at(11),
            mood=4,
            answers=[0, 1, 2, 3, 0, 1, 2, 3, 1],
            total=13,
            note=f"{text} checkin",
        ),
        "flag": SafetyFlag(
            source=FlagSource.JOURNAL_TEXT, at=at(12), ref_id=1, detail=f"{text} detail"
        ),
        "window": PlanWindow(
            weekday=6, start_minute=23 * 60, end_minute=23 * 60 + 59, created_at=at(13)
        ),
        "safety_plan": SafetyPlan(
            warning_signs=[f"{text} warning sign", "Ünïcödé ✓ 😊"],
            coping=[f"{text} coping"],
            distractions=[f"{text} distraction"],
            people=[PlanContact(f"{text} friend", "+44 7700 900123"), PlanContact("Sam")],
            professionals=[PlanContact(f"{text} therapist", "(020) 7946-0000")],
            safer=[f"{text} safer"],
            reasons=[f"{text} reason"],
            shared=True,
            updated_at=at(14),
        ),
        "preference": Preference(name="country", value="GB", updated_at=at(15)),
        "draft": Draft(kind="journal", body=f"{text} draft", updated_at=at(16)),
        "shared_report": SharedReport(
            sent_at=at(17),
            markdown=f"# {text} report",
            html=f"<h1>{text} report</h1>",
            left_out=[f"{text} left out"],
            revoked_at=at(18),
        ),
        "rating": HomeworkRating(
            assignment_id=0,
            week_start=date(2024, 3, 11),
            rating=3,
            rated_at=at(19),
            note=f"{text} rating",
            rated_by=7,
        ),
    }


def minimal_entities() -> dict[str, Any]:
    """One of each entity with every optional field left empty."""
    return {
        "session": TherapySession(date=date(2024, 3, 8)),
        "goal": Goal(text="g", value=None, importance=0, confidence=10),
        "assignment": Assignment(title="a", per_week=1, minutes=0, start=date(2024, 3, 9)),
        "practice": PracticeLog(assignment_id=None, at=at(5), outcome=Outcome.SKIPPED),
        "journal": JournalEntry(text="j", written_at=at(7)),
        "barrier": Barrier(kind=BarrierKind.OTHER, at=at(8)),
        "question": Question(text="q", created_at=at(9)),
        "checkin": Checkin(kind=CheckinKind.MOOD, at=at(11)),
        "flag": SafetyFlag(source=FlagSource.PHQ9_ITEM9, at=at(12)),
        "window": PlanWindow(weekday=0, start_minute=0, end_minute=1),
        "safety_plan": SafetyPlan(),
        "preference": Preference(name="country", value=""),
        "draft": Draft(kind="k", body="", updated_at=at(16)),
        "shared_report": SharedReport(sent_at=at(17), markdown="", html=""),
        "rating": HomeworkRating(
            assignment_id=0, week_start=date(2024, 3, 11), rating=0, rated_at=at(19)
        ),
    }


#: The person-data tables, as the dump names them.
DATA_TABLES = [
    "therapy_session",
    "goal",
    "assignment",
    "practice_log",
    "journal_entry",
    "barrier",
    "question",
    "checkin",
    "safety_flag",
    "plan_window",
    "safety_plan",
    "preference",
    "draft",
    "shared_report",
    "homework_rating",
    "import_mark",
]

REPO_OF = {
    "session": "sessions",
    "goal": "goals",
    "assignment": "homework",
    "practice": "practice",
    "journal": "journal",
    "barrier": "barriers",
    "question": "questions",
    "checkin": "checkins",
    "flag": "flags",
    "window": "windows",
    "safety_plan": "safety_plan",
    "preference": "preferences",
    "draft": "drafts",
    "shared_report": "shared_reports",
    "rating": "ratings",
}


def add_all(uow: Any, items: dict[str, Any], *, link: bool = True) -> dict[str, Any]:
    """Add every entity in a sensible order, linking children to their parents."""
    uow.sessions.add(items["session"])
    uow.goals.add(items["goal"])
    if link:
        items["assignment"].goal_id = items["goal"].id
        items["assignment"].session_id = items["session"].id
    uow.homework.add(items["assignment"])
    if link:
        items["practice"].assignment_id = items["assignment"].id
    uow.practice.add(items["practice"])
    if link:
        items["barrier"].assignment_id = items["assignment"].id
        items["barrier"].practice_id = items["practice"].id
    items["rating"].assignment_id = items["assignment"].id
    for name in (
        "journal",
        "barrier",
        "question",
        "checkin",
        "flag",
        "window",
        "shared_report",
        "rating",
    ):
        getattr(uow, REPO_OF[name]).add(items[name])
    # One of each per person: a second seeding replaces them.
    uow.safety_plan.save(items["safety_plan"])
    pref = items["preference"]
    pref.id = uow.preferences.put(pref.name, pref.value, now=pref.updated_at).id
    draft = items["draft"]
    draft.id = uow.drafts.put(draft.kind, draft.body, now=draft.updated_at).id
    journal = items["journal"]
    mark = uow.imports.fingerprint(f"seed|{journal.id}|{journal.text}")
    uow.imports.add(mark, "journal", journal.id, at=journal.written_at)
    return items


def as_schema(dumped: dict[str, Any], version: int) -> dict[str, Any]:
    """``dumped`` as a backup made at schema ``version``: without the tables added since."""
    from midweek.storage import tables as t

    dumped["schema_version"] = version
    for model in t.DATA_MODELS:
        if t.ADDED_IN.get(model, 1) > version:
            del dumped["tables"][model._meta.table_name]
    return dumped


def sql(store: Store, statement: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Run raw SQL on the store's connection (``?`` placeholders), outside any unit of work."""
    db = store.db
    cursor = db.execute_sql(statement.replace("?", db.param), params)
    try:
        return list(cursor.fetchall())
    except Exception:  # statements without rows
        return []


@pytest.fixture
def seeded(store: Store) -> Callable[..., dict[str, Any]]:
    """``seeded(text=...)`` adds one full entity of each kind to ``store`` and commits."""

    def seed(text: str = "text") -> dict[str, Any]:
        with store.unit_of_work() as uow:
            items = add_all(uow, full_entities(text))
            uow.commit()
        return items

    return seed


def is_utc(value: datetime | None) -> bool:
    return value is None or value.tzinfo is UTC
