"""Noticing risk in use cases: the words are always saved, a flag keeps level and rule ids."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from midweek.domain.entities import BarrierKind, FlagSource, Outcome
from midweek.domain.risk import Level
from midweek.services import checkins, homework, journal, questions
from midweek.services.library import shipped_templates
from midweek.services.risk import assess_text, flag_detail, risk_rules

NOW = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)


def _flags(store):
    with store.unit_of_work() as uow:
        return uow.flags.list()


def test_rules_are_loaded_once() -> None:
    assert risk_rules() is risk_rules()


def test_assess_text_handles_no_text() -> None:
    assert assess_text(None).level is Level.NONE
    assert assess_text("").level is Level.NONE


def test_journal_flag_keeps_level_and_rules_not_words(store) -> None:
    text = "Long week. I don't want to be here anymore."
    w = journal.write_entry(store.unit_of_work(), text, at=NOW)
    assert w.risk.level is Level.CONCERN and w.risk
    assert journal.get_entry(store.unit_of_work(), w.entry.id).text == text
    (flag,) = _flags(store)
    assert flag.source is FlagSource.JOURNAL_TEXT and flag.ref_id == w.entry.id
    assert flag.detail == "concern: not-want-to-be-here" == flag_detail(w.risk)
    assert "here anymore" not in (flag.detail or "")


@pytest.mark.parametrize(
    "text",
    ["This traffic is killing me.", "I would never hurt myself.", "A good walk by the canal."],
)
def test_no_flag_for_idioms_negations_and_everyday_text(store, text: str) -> None:
    w = journal.write_entry(store.unit_of_work(), text, at=NOW)
    assert w.risk.level is Level.NONE and not w.risk
    assert _flags(store) == []


def test_mood_checkin_note(store) -> None:
    c, risk = checkins.checkin_mood(store.unit_of_work(), 2, note="I want to die", at=NOW)
    assert risk.level is Level.URGENT
    (flag,) = _flags(store)
    assert (flag.source, flag.ref_id, flag.detail) == (
        FlagSource.CHECKIN_NOTE,
        c.id,
        "urgent: want-to-die",
    )
    _, calm = checkins.checkin_mood(store.unit_of_work(), 6, note=None, at=NOW)
    assert calm.level is Level.NONE and len(_flags(store)) == 1


def test_question_practice_note_barrier_and_worksheet_are_flagged(store) -> None:
    asked = questions.ask(store.unit_of_work(), "Why do I keep wanting to hurt myself?", now=NOW)
    q = asked.question
    assert q.id is not None and asked.risk.level is Level.CONCERN
    a = homework.add_homework(store.unit_of_work(), title="Walk", per_week=3, minutes=20, now=NOW)
    logged = homework.log_practice(
        store.unit_of_work(), a.id, Outcome.SKIPPED, at=NOW, note="no point going on"
    )
    assert logged.risk.level is Level.CONCERN
    noted = homework.add_barrier(
        store.unit_of_work(), BarrierKind.OTHER, at=NOW, note="I'm such a burden to everyone"
    )
    b = noted.barrier
    assert noted.risk.level is Level.CONCERN
    t = shipped_templates()["thought-record"]
    filled = homework.fill_worksheet(
        store.unit_of_work(),
        t,
        {
            "situation": "After the call",
            "automatic_thought": "Everyone would be better off without me",
            "emotion": "sad",
            "intensity_before": 80,
        },
        at=NOW,
    )
    assert filled.risk.level is Level.CONCERN
    by_source = {f.source: f for f in _flags(store)}
    assert by_source[FlagSource.QUESTION_TEXT].ref_id == q.id
    assert by_source[FlagSource.PRACTICE_NOTE].ref_id == logged.log.id
    assert by_source[FlagSource.BARRIER_NOTE].ref_id == b.id
    assert by_source[FlagSource.WORKSHEET_TEXT].ref_id == filled.log.id
    assert by_source[FlagSource.WORKSHEET_TEXT].detail == "concern: better-off-without-me"


def test_calm_practice_has_an_empty_assessment(store) -> None:
    a = homework.add_homework(store.unit_of_work(), title="Walk", per_week=3, minutes=20, now=NOW)
    logged = homework.log_practice(store.unit_of_work(), a.id, Outcome.DONE, at=NOW, note="nice")
    assert logged.risk.level is Level.NONE
    assert _flags(store) == []
