"""The API's resource schemas mirror the domain entities field by field (issue #13).

Deriving them would change the public document (field descriptions, the order of
properties, ``Field`` limits), so the copy stays and this test keeps it in step: a field
an entity gains, loses or renames fails here until the schema follows it or the field is
named below as deliberately not exposed.
"""

from __future__ import annotations

import dataclasses

import pytest
from pydantic import BaseModel

from midweek.domain import entities as e
from midweek.web.api import client, sharing, therapist
from midweek.web.api import schemas as s

# (schema, entity, entity fields deliberately not in the schema, schema fields not on the entity)
MIRRORS: list[tuple[type[BaseModel], type, set[str], set[str]]] = [
    # when a row was written, and the session it came from, are bookkeeping, not the resource
    (s.Homework, e.Assignment, {"created_at", "session_id"}, set()),
    (s.HomeworkWithWeek, e.Assignment, {"created_at", "session_id"}, {"week"}),
    (s.Practice, e.PracticeLog, {"created_at"}, set()),
    (s.Session, e.TherapySession, {"created_at"}, set()),
    (s.Question, e.Question, set(), set()),
    (s.JournalEntry, e.JournalEntry, set(), set()),
    (s.Checkin, e.Checkin, set(), set()),
    (s.Barrier, e.Barrier, set(), set()),
    (s.Goal, e.Goal, {"created_at", "updated_at"}, set()),
    # the storage id is internal; whether it is shared is answered on the client's own view
    (s.SafetyPlan, e.SafetyPlan, {"id", "shared"}, set()),
    (client.OwnSafetyPlan, e.SafetyPlan, {"id"}, set()),
    # who rated is the viewer themself; the assignment is in the path
    (therapist.Rating, e.HomeworkRating, {"assignment_id", "rated_by"}, set()),
    # the therapist reads the Markdown; the HTML rendering and a withdrawal are not theirs
    (therapist.Report, e.SharedReport, {"html", "revoked_at"}, set()),
    # the client's list says "withdrawn" in its own words rather than the column's
    (
        sharing.SentReport,
        e.SharedReport,
        {"html", "markdown", "revoked_at"},
        {"withdrawn", "withdrawn_at"},
    ),
]


@pytest.mark.parametrize(
    ("schema", "entity", "hidden", "extra"),
    MIRRORS,
    ids=[f"{m[0].__name__}-{m[1].__name__}" for m in MIRRORS],
)
def test_schema_mirrors_its_entity(
    schema: type[BaseModel], entity: type, hidden: set[str], extra: set[str]
) -> None:
    entity_fields = {f.name for f in dataclasses.fields(entity)}
    assert hidden <= entity_fields, "a hidden field the entity no longer has"
    assert set(schema.model_fields) == (entity_fields - hidden) | extra


def test_assignment_fields_are_what_a_new_assignment_takes() -> None:
    body = s.HomeworkIn(title="Worry time", per_week=3, minutes=15)
    kwargs = body.assignment_fields()
    assert set(kwargs) == set(s.HomeworkIn.model_fields)
    # every field the body carries is an Assignment field, save "until", the service's
    # name for the last day (stored as "end")
    assert set(kwargs) - {"until"} <= {f.name for f in dataclasses.fields(e.Assignment)}
