"""Correct, delete and undo every kind of record, against a real store (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from midweek.domain.corrections import TRASH_KEEP, RecordKind
from midweek.domain.entities import BarrierKind, CheckinKind, FlagSource, Outcome
from midweek.domain.errors import NotFound, ValidationError
from midweek.services import checkins, goals, homework, journal, questions, therapy_sessions
from midweek.services import corrections as fix
from midweek.storage import Store

#: Near the wall clock: every commit forgets deletions older than a day by the wall clock.
NOW = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)


def uow(store: Store):  # type: ignore[no-untyped-def]
    return store.unit_of_work()


def _homework(store: Store) -> int:
    a = homework.add_homework(
        uow(store), title="Walk", per_week=3, minutes=20, now=NOW, start=date(2026, 11, 20)
    )
    assert a.id is not None
    return a.id


def _audit(store: Store) -> list[tuple[str, str]]:
    with store.unit_of_work() as u:
        return [(e.action, e.detail) for e in u.audit.list()]


# --- practice logs ----------------------------------------------------------------------


def test_edit_practice_keeps_its_id_and_is_checked_as_on_create(store: Store) -> None:
    hw = _homework(store)
    log = homework.log_practice(uow(store), hw, Outcome.DONE, at=NOW - timedelta(hours=1)).log
    assert log.id is not None
    edited = fix.edit_practice(
        uow(store), log.id, now=NOW, outcome=Outcome.PARTIAL, minutes=7, note="half"
    )
    assert edited.record.id == log.id
    with store.unit_of_work() as u:
        again = u.practice.get(log.id)
    assert (again.outcome, again.minutes, again.note) == (Outcome.PARTIAL, 7, "half")
    with pytest.raises(ValidationError, match="hasn't happened yet"):
        fix.edit_practice(uow(store), log.id, now=NOW, at=NOW + timedelta(days=1))
    with pytest.raises(ValidationError, match="before this homework began"):
        fix.edit_practice(uow(store), log.id, now=NOW, at=datetime(2019, 1, 1, tzinfo=UTC))
    with pytest.raises(ValidationError, match="0 to 4"):
        fix.edit_practice(uow(store), log.id, now=NOW, quality=7)
    with pytest.raises(ValidationError, match="Nothing to change"):
        fix.edit_practice(uow(store), log.id, now=NOW)
    with store.unit_of_work() as u:
        assert u.practice.get(log.id).at == NOW - timedelta(hours=1)  # nothing half-written
    fix.edit_practice(uow(store), log.id, now=NOW, note="")
    with store.unit_of_work() as u:
        assert u.practice.get(log.id).note is None


def test_delete_practice_then_undo_restores_it_and_its_barrier_link(store: Store) -> None:
    hw = _homework(store)
    log = homework.log_practice(uow(store), hw, Outcome.SKIPPED, at=NOW).log
    assert log.id is not None
    b = homework.add_barrier(
        uow(store), BarrierKind.TIME, at=NOW, assignment_id=hw, practice_id=log.id
    ).barrier
    item = fix.delete(uow(store), RecordKind.PRACTICE, log.id, now=NOW)
    assert (item.kind, item.item_id) == (RecordKind.PRACTICE, log.id)
    with store.unit_of_work() as u:
        assert u.practice.list() == []
        assert u.barriers.get(b.id).practice_id is None  # the barrier stays, unlinked
    restored = fix.undo(uow(store), now=NOW + timedelta(seconds=5))
    assert restored.item_id == log.id
    with store.unit_of_work() as u:
        back = u.practice.get(log.id)
        assert (back.outcome, back.at) == (Outcome.SKIPPED, NOW)
        assert u.barriers.get(b.id).practice_id == log.id
        assert u.trash.list() == []
    with pytest.raises(NotFound, match="nothing to undo"):
        fix.undo(uow(store), now=NOW)


def test_unknown_or_someone_elses_id_is_not_found(store: Store) -> None:
    hw = _homework(store)
    log = homework.log_practice(uow(store), hw, Outcome.DONE, at=NOW).log
    entry = journal.write_entry(uow(store), "mine", at=NOW).entry
    other = store.create_person()
    theirs = store.unit_of_work(person_id=other)
    with pytest.raises(NotFound):
        fix.delete(theirs, RecordKind.PRACTICE, log.id, now=NOW)  # type: ignore[arg-type]
    with pytest.raises(NotFound):
        fix.edit_journal(
            store.unit_of_work(person_id=other),
            entry.id,
            now=NOW,
            text="x",  # type: ignore[arg-type]
        )
    with pytest.raises(NotFound):
        fix.delete(uow(store), RecordKind.JOURNAL, 999, now=NOW)
    trash_id = fix.delete(uow(store), RecordKind.JOURNAL, entry.id, now=NOW).id  # type: ignore[arg-type]
    with pytest.raises(NotFound):  # another person cannot undo my deletion
        fix.undo(store.unit_of_work(person_id=other), trash_id, now=NOW)
    assert journal.list_entries(uow(store)) == []
    fix.undo(uow(store), trash_id, now=NOW)
    assert [e.text for e in journal.list_entries(uow(store))] == ["mine"]


# --- journal, check-ins, questions --------------------------------------------------------


def test_edit_journal_and_audit_records_the_change_never_the_text(store: Store) -> None:
    entry = journal.write_entry(uow(store), "first words", at=NOW, tags=["a"]).entry
    assert entry.id is not None
    edited = fix.edit_journal(
        uow(store), entry.id, now=NOW, text="second words", tags=["#B"], mood=6, actor=None
    )
    assert edited.record.id == entry.id
    got = journal.get_entry(uow(store), entry.id)
    assert (got.text, got.tags, got.mood) == ("second words", ["b"], 6)
    with pytest.raises(ValidationError):
        fix.edit_journal(uow(store), entry.id, now=NOW, mood=11)
    with pytest.raises(ValidationError):
        fix.edit_journal(uow(store), entry.id, now=NOW, text="   ")
    fix.delete(uow(store), RecordKind.JOURNAL, entry.id, now=NOW)
    events = _audit(store)
    assert ("record.edit", f"journal={entry.id}") in events
    assert ("record.delete", f"journal={entry.id}") in events
    assert not any("words" in detail for _, detail in events)


def test_edit_journal_with_hard_words_records_a_flag(store: Store) -> None:
    entry = journal.write_entry(uow(store), "a calm day", at=NOW).entry
    assert entry.id is not None
    edited = fix.edit_journal(uow(store), entry.id, now=NOW, text="I want to kill myself")
    assert edited.risk
    with store.unit_of_work() as u:
        flags = u.flags.list()
    assert [(f.source, f.ref_id) for f in flags] == [(FlagSource.JOURNAL_TEXT, entry.id)]


def test_edit_and_delete_checkins(store: Store) -> None:
    mood, _ = checkins.checkin_mood(uow(store), 4, note=None, at=NOW)
    phq, _ = checkins.checkin_instrument(
        uow(store), CheckinKind.PHQ9, "0 0 0 0 0 0 0 0 0", note=None, at=NOW
    )
    assert mood.id is not None and phq.id is not None
    fix.edit_checkin(uow(store), mood.id, now=NOW, mood=7, note="better")
    fixed = fix.edit_checkin(uow(store), phq.id, now=NOW, answers="1 1 1 1 1 1 1 1 1")
    assert fixed.record.total == 9
    with store.unit_of_work() as u:
        assert u.checkins.get(mood.id).mood == 7
        assert [f.source for f in u.flags.list()] == [FlagSource.PHQ9_ITEM9]
    with pytest.raises(ValidationError):
        fix.edit_checkin(uow(store), phq.id, now=NOW, mood=3)
    with pytest.raises(ValidationError):
        fix.edit_checkin(uow(store), mood.id, now=NOW, answers="0 0 0 0 0 0 0 0 0")
    with pytest.raises(ValidationError):
        fix.edit_checkin(uow(store), phq.id, now=NOW, answers="0000")
    fix.delete(uow(store), RecordKind.CHECKIN, mood.id, now=NOW)
    assert [c.id for c in checkins.list_checkins(uow(store))] == [phq.id]


def test_edit_and_delete_questions(store: Store) -> None:
    q = questions.ask(uow(store), "Why now?", now=NOW).question
    assert q.id is not None
    fix.edit_question(uow(store), q.id, text="Why now, really?", now=NOW)
    assert [x.text for x in questions.list_questions(uow(store))] == ["Why now, really?"]
    fix.delete(uow(store), RecordKind.QUESTION, q.id, now=NOW)
    assert questions.list_questions(uow(store)) == []
    fix.undo(uow(store), now=NOW)
    assert [x.id for x in questions.list_questions(uow(store))] == [q.id]


# --- the rest ---------------------------------------------------------------------------


def test_barrier_session_goal_and_worksheet(store: Store) -> None:
    b = homework.add_barrier(uow(store), BarrierKind.FEAR, at=NOW, note="n").barrier
    fix.edit_barrier(uow(store), b.id, now=NOW, kind=BarrierKind.TIME, next_step="smaller")  # type: ignore[arg-type]
    assert homework.list_barriers(uow(store))[0].kind is BarrierKind.TIME
    s = therapy_sessions.add_session(
        uow(store),
        day=date(2026, 11, 24),
        takeaways=["a"],
        themes=[],
        next_appointment=None,
        now=NOW,
    )
    fix.edit_session(uow(store), s.id, now=NOW, takeaways=["b", "c"])  # type: ignore[arg-type]
    assert therapy_sessions.get_session(uow(store), s.id).takeaways == ["b", "c"]  # type: ignore[arg-type]
    g = goals.add_goal(uow(store), text="Sleep", value=None, importance=5, confidence=5, now=NOW)
    hw = homework.add_homework(uow(store), title="x", per_week=1, minutes=5, now=NOW, goal_id=g.id)
    with pytest.raises(ValidationError):
        fix.edit_goal(uow(store), g.id, now=NOW, importance=11)  # type: ignore[arg-type]
    fix.edit_goal(uow(store), g.id, now=NOW, text="Sleep well")  # type: ignore[arg-type]
    fix.delete(uow(store), RecordKind.GOAL, g.id, now=NOW)  # type: ignore[arg-type]
    assert homework.get_homework(uow(store), hw.id).goal_id is None  # type: ignore[arg-type]
    fix.undo(uow(store), now=NOW)
    assert homework.get_homework(uow(store), hw.id).goal_id == g.id  # type: ignore[arg-type]
    assert goals.list_goals(uow(store))[0].text == "Sleep well"
    plain = homework.log_practice(uow(store), hw.id, Outcome.DONE, at=NOW).log  # type: ignore[arg-type]
    with pytest.raises(NotFound):  # a practice without answers is no worksheet
        fix.delete(uow(store), RecordKind.WORKSHEET, plain.id, now=NOW)  # type: ignore[arg-type]


def test_trash_older_than_a_day_is_purged_and_cannot_be_undone(store: Store) -> None:
    q = questions.ask(uow(store), "old", now=NOW).question
    fix.delete(uow(store), RecordKind.QUESTION, q.id, now=NOW)  # type: ignore[arg-type]
    later = NOW + TRASH_KEEP + timedelta(minutes=1)
    assert fix.deletions(uow(store), now=NOW) != []
    with pytest.raises(NotFound, match="nothing to undo"):
        fix.undo(uow(store), now=later)
    with store.unit_of_work() as u:
        assert u.trash.list() == []


def test_undo_offer_lasts_a_few_minutes(store: Store) -> None:
    q = questions.ask(uow(store), "soon", now=NOW).question
    item = fix.delete(uow(store), RecordKind.QUESTION, q.id, now=NOW)  # type: ignore[arg-type]
    assert item.id is not None
    assert fix.offered_undo(uow(store), item.id, now=NOW + timedelta(minutes=1)) == item
    assert fix.offered_undo(uow(store), item.id, now=NOW + timedelta(minutes=30)) is None
    assert fix.offered_undo(uow(store), item.id + 1, now=NOW) is None
