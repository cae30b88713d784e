"""Half-finished worksheets: kept as partly done, checked as far as they go, finished later."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from midweek.domain.entities import Outcome
from midweek.domain.errors import ValidationError
from midweek.domain.worksheets import AnswersError, unanswered
from midweek.services import corrections as fix
from midweek.services import homework, library
from midweek.storage import Store

NOW = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)
THOUGHT = library.shipped_templates()["thought-record"]
SLEEP = library.shipped_templates()["sleep-diary"]


def uow(store: Store):  # type: ignore[no-untyped-def]
    return store.unit_of_work()


def _homework(store: Store) -> int:
    a = homework.add_homework(
        uow(store),
        title="Thought records",
        per_week=3,
        minutes=15,
        now=NOW,
        start=date(2026, 11, 20),
        worksheet=THOUGHT,
    )
    assert a.id is not None
    return a.id


def test_a_partial_worksheet_is_a_partly_done_practice_of_its_homework(store: Store) -> None:
    hw = _homework(store)
    got = homework.fill_worksheet(uow(store), THOUGHT, {"emotion": "tense"}, at=NOW, partial=True)
    assert (got.log.outcome, got.log.assignment_id) == (Outcome.PARTIAL, hw)
    assert got.log.minutes is None  # no minutes assumed for a part
    assert got.week is not None and (got.week.partial, got.week.credit) == (1, 0.5)
    assert got.log.answers is not None
    assert unanswered(THOUGHT, got.log.answers) == [
        "situation",
        "automatic_thought",
        "intensity_before",
    ]


def test_partial_with_every_required_answer_is_simply_done(store: Store) -> None:
    _homework(store)
    answers = {
        "situation": "At my desk.",
        "automatic_thought": "I'll get it wrong.",
        "emotion": "tense",
        "intensity_before": "70",
    }
    got = homework.fill_worksheet(uow(store), THOUGHT, answers, at=NOW, partial=True)
    assert got.log.outcome is Outcome.DONE and got.log.minutes == 15


def test_nothing_written_is_refused_and_nothing_kept(store: Store) -> None:
    _homework(store)
    with pytest.raises(ValidationError) as err:
        homework.fill_worksheet(uow(store), THOUGHT, {"situation": "  "}, at=NOW, partial=True)
    assert not isinstance(err.value, AnswersError)
    assert homework.filled_worksheets(uow(store)) == []


def test_rules_hold_for_the_answers_given(store: Store) -> None:
    with pytest.raises(AnswersError) as err:
        homework.fill_worksheet(
            uow(store),
            SLEEP,
            {"bed_time": "23:00", "final_wake": "06:30", "minutes_to_sleep": "600"},
            at=NOW,
            partial=True,
        )
    assert list(err.value.problems) == ["minutes_to_sleep"]
    assert homework.filled_worksheets(uow(store)) == []


def test_an_edit_keeps_a_partial_worksheet_partial_until_it_is_complete(store: Store) -> None:
    hw = _homework(store)
    log = homework.fill_worksheet(
        uow(store), THOUGHT, {"emotion": "tense"}, at=NOW, partial=True
    ).log
    assert log.id is not None
    # As it is now (the command line's edit): a partly done one may stay unfinished.
    step = fix.edit_worksheet(uow(store), log.id, THOUGHT, {"situation": "At my desk."}, now=NOW)
    assert step.record.outcome is Outcome.PARTIAL
    # Asked to be complete with answers missing: refused, nothing changed.
    with pytest.raises(AnswersError):
        fix.edit_worksheet(uow(store), log.id, THOUGHT, {"emotion": "sad"}, now=NOW, partial=False)
    assert homework.filled_worksheet(uow(store), log.id).answers["emotion"] == "tense"  # type: ignore[index]
    done = fix.edit_worksheet(
        uow(store),
        log.id,
        THOUGHT,
        {"automatic_thought": "I'll get it wrong.", "intensity_before": "60"},
        now=NOW,
    )
    assert done.record.outcome is Outcome.DONE and done.record.id == log.id
    assert done.record.assignment_id == hw and done.record.minutes == 15


def test_a_done_worksheet_is_still_checked_in_full(store: Store) -> None:
    _homework(store)
    answers = {
        "situation": "At my desk.",
        "automatic_thought": "I'll get it wrong.",
        "emotion": "tense",
        "intensity_before": "70",
    }
    log = homework.fill_worksheet(uow(store), THOUGHT, answers, at=NOW).log
    assert log.id is not None
    with pytest.raises(AnswersError) as err:
        fix.edit_worksheet(uow(store), log.id, THOUGHT, {"situation": ""}, now=NOW)
    assert list(err.value.problems) == ["situation"]
    assert homework.filled_worksheet(uow(store), log.id).outcome is Outcome.DONE
