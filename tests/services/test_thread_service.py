"""The thread on a real store, SQLite and PostgreSQL."""

from datetime import UTC, datetime

import pytest

from midweek.domain.errors import NotFound, ValidationError
from midweek.services import demo
from midweek.services.library import shipped_templates
from midweek.services.thread import thread

NOW = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)


def test_thread_on_demo_data(store) -> None:
    demo.seed(store.unit_of_work(), now=NOW, thought_record=shipped_templates()["thought-record"])
    t = thread(store.unit_of_work(), now=NOW, theme="worry")
    assert t.steps and all("worry" in s.session.themes for s in t.steps)
    assert t.steps == sorted(t.steps, key=lambda s: s.session.date)
    first = t.steps[0]
    assert first.practice and first.practice[0].assignment.title.startswith("Worry time")
    assert first.practice[0].totals is not None and first.practice[0].totals.credit > 0
    limited = thread(store.unit_of_work(), now=NOW, sessions=2)
    assert len(limited.steps) == 2 and limited.earlier == 4
    by_goal = thread(store.unit_of_work(), now=NOW, goal_id=1)
    assert by_goal.goal_text == "Sleep before midnight on weeknights"
    assert all(p.assignment.goal_id == 1 for s in by_goal.steps for p in s.practice)


def test_thread_refuses_bad_requests(store) -> None:
    with pytest.raises(ValidationError):
        thread(store.unit_of_work(), now=NOW, theme="x", goal_id=1)
    with pytest.raises(NotFound):
        thread(store.unit_of_work(), now=NOW, goal_id=99)
    assert thread(store.unit_of_work(), now=NOW).steps == []
