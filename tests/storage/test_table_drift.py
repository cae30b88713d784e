"""The peewee tables mirror the domain entities field by field (issue #13).

The repositories copy a row to its entity and back by field name, so a field an entity
gains, loses or renames must appear in its table (and in a migration) too; this test
fails until it does. It also pins the two ways a column may differ from its field: a
different SQL column name (``date`` is a reserved word in SQL) and encryption at rest, so
a new free-text field cannot land in plain text unnoticed.
"""

from __future__ import annotations

import dataclasses

import peewee as pw
import pytest

from midweek.domain import entities as e
from midweek.storage import tables as t

# Columns every person's row has that no entity carries: the owner and the uid the
# ciphertext is bound to.
OWNED = {"person_id", "uid"}

# table, entity, {field: SQL column name where they differ}, the encrypted fields
MIRRORS: list[tuple[type[pw.Model], type, dict[str, str], set[str]]] = [
    (t.SessionRow, e.TherapySession, {"date": "session_date"}, {"takeaways", "themes"}),
    (t.GoalRow, e.Goal, {}, {"text", "value"}),
    (
        t.AssignmentRow,
        e.Assignment,
        {"start": "start_date", "end": "end_date"},
        {"instructions", "title"},
    ),
    (t.PracticeRow, e.PracticeLog, {}, {"answers", "note"}),
    (t.JournalRow, e.JournalEntry, {}, {"prompt", "tags", "text"}),
    (t.BarrierRow, e.Barrier, {}, {"next_step", "note"}),
    (t.QuestionRow, e.Question, {}, {"text"}),
    (t.CheckinRow, e.Checkin, {}, {"note"}),
    (t.FlagRow, e.SafetyFlag, {}, {"detail"}),
    (t.PlanWindowRow, e.PlanWindow, {}, set()),
    (
        t.SafetyPlanRow,
        e.SafetyPlan,
        {},
        {
            "coping",
            "distractions",
            "people",
            "professionals",
            "reasons",
            "safer",
            "warning_signs",
        },
    ),
    (t.PreferenceRow, e.Preference, {}, set()),
    (t.DraftRow, e.Draft, {}, {"body"}),
    (t.SharedReportRow, e.SharedReport, {}, {"html", "left_out", "markdown"}),
    (t.HomeworkRatingRow, e.HomeworkRating, {}, {"note"}),
]

_IDS = [f"{m[0].__name__}-{m[1].__name__}" for m in MIRRORS]


@pytest.mark.parametrize(("table", "entity", "renamed", "secret"), MIRRORS, ids=_IDS)
def test_table_has_a_column_for_every_entity_field(
    table: type[pw.Model], entity: type, renamed: dict[str, str], secret: set[str]
) -> None:
    columns = table._meta.fields  # type: ignore[attr-defined]
    assert set(columns) - OWNED == {f.name for f in dataclasses.fields(entity)}


@pytest.mark.parametrize(("table", "entity", "renamed", "secret"), MIRRORS, ids=_IDS)
def test_renamed_and_encrypted_columns_are_the_documented_ones(
    table: type[pw.Model], entity: type, renamed: dict[str, str], secret: set[str]
) -> None:
    columns = table._meta.fields  # type: ignore[attr-defined]
    assert {n: c.column_name for n, c in columns.items() if c.column_name != n} == renamed
    assert {n for n, c in columns.items() if isinstance(c, t.Secret)} == secret


def test_every_owned_table_is_checked() -> None:
    owned = {m for m in vars(t).values() if isinstance(m, type) and issubclass(m, t._Owned)}
    unchecked = owned - {m[0] for m in MIRRORS} - {t._Owned}
    # rows with no entity of their own (bookkeeping for imports, the trash, reminders sent)
    # are named, and so is the one checked below on its own
    assert {m.__name__ for m in unchecked} == {
        "ImportMarkRow",
        "TrashRow",
        "PushSentRow",
        "PushSubscriptionRow",
    }


def test_push_subscription_table_mirrors_its_entity_and_encrypts_all_three_values() -> None:
    from midweek.domain.push import PushSubscription

    columns = t.PushSubscriptionRow._meta.fields  # type: ignore[attr-defined]
    # endpoint_key: the keyed HMAC that finds the same browser again (no entity field)
    assert set(columns) - OWNED - {"endpoint_key"} == {
        f.name for f in dataclasses.fields(PushSubscription)
    }
    assert {n for n, c in columns.items() if isinstance(c, t.Secret)} == {
        "auth",
        "endpoint",
        "p256dh",
    }
