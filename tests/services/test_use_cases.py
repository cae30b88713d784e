"""Use cases against a real store, on SQLite and PostgreSQL (the `store` fixture)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from midweek.domain.entities import BarrierKind, CheckinKind, FlagSource, Outcome
from midweek.domain.errors import BackupError, NotFound, ValidationError
from midweek.services import backup, checkins, demo, homework, journal, therapy_sessions
from midweek.services.library import shipped_templates
from midweek.services.today import today

NOW = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)


def test_log_practice_partial_credit_and_barrier(store) -> None:
    therapy_sessions.add_session(
        store.unit_of_work(),
        day=date(2026, 11, 24),
        takeaways=["x"],
        themes=[],
        next_appointment=None,
        now=NOW,
    )
    a = homework.add_homework(store.unit_of_work(), title="Walk", per_week=3, minutes=20, now=NOW)
    homework.log_practice(store.unit_of_work(), a.id, Outcome.DONE, at=NOW)
    logged = homework.log_practice(store.unit_of_work(), a.id, Outcome.PARTIAL, at=NOW, minutes=15)
    assert logged.week.credit == pytest.approx(1.75)
    assert logged.week.minutes == 35  # done without minutes counts the planned 20
    b = homework.add_barrier(
        store.unit_of_work(),
        BarrierKind.TIME,
        at=NOW,
        assignment_id=a.id,
        practice_id=logged.log.id,
        note="Long day",
        next_step="Shrink it",
    ).barrier
    assert homework.list_barriers(store.unit_of_work(), assignment_id=a.id)[0].id == b.id
    with pytest.raises(NotFound):
        homework.add_barrier(store.unit_of_work(), BarrierKind.TIME, at=NOW, practice_id=999)


def test_failed_use_case_writes_nothing(store) -> None:
    with pytest.raises(NotFound):
        homework.add_homework(
            store.unit_of_work(), title="X", per_week=1, minutes=5, now=NOW, goal_id=42
        )
    with pytest.raises(ValidationError):
        homework.add_homework(store.unit_of_work(), title="X", per_week=0, minutes=5, now=NOW)
    assert homework.list_homework(store.unit_of_work()) == []


def test_journal_search_stops_early_and_finds_everything_with_no_limit(store) -> None:
    for i in range(30):
        journal.write_entry(
            store.unit_of_work(),
            f"entry {i} about sleep" if i % 2 else f"entry {i} about work",
            at=NOW - timedelta(hours=30 - i),
        )
    limited = journal.search(store.unit_of_work(), "sleep", limit=5)
    assert len(limited.entries) == 5 and not limited.complete
    assert limited.entries[0].text == "entry 29 about sleep"
    everything = journal.search(store.unit_of_work(), "SLEEP", limit=None)
    assert len(everything.entries) == 15 and everything.complete


def test_risky_text_and_item9_record_flags(store) -> None:
    w = journal.write_entry(store.unit_of_work(), "I keep thinking I'd be better off dead", at=NOW)
    assert w.risk
    _, s = checkins.checkin_instrument(
        store.unit_of_work(), CheckinKind.PHQ9, "0,0,0,0,0,0,0,0,2", note=None, at=NOW
    )
    assert s.safety_signal
    view = today(store.unit_of_work(), now=NOW)
    assert {f.source for f in view.recent_flags} == {FlagSource.JOURNAL_TEXT, FlagSource.PHQ9_ITEM9}


def test_demo_seed_and_today_on_both_backends(store) -> None:
    demo.seed(store.unit_of_work(), now=NOW, thought_record=shipped_templates()["thought-record"])
    view = today(store.unit_of_work(), now=NOW)
    assert view.last_session is not None and view.last_session.takeaways
    assert len(view.practice) == 4
    assert view.open_questions
    assert all(p.week.credit <= p.week.planned * 2 for p in view.practice)


def test_backup_round_trip_exact_and_damage_changes_nothing(store) -> None:
    demo.seed(store.unit_of_work(), now=NOW, thought_record=shipped_templates()["thought-record"])
    raw = backup.make_backup(store.unit_of_work(), now=NOW)
    before = journal.list_entries(store.unit_of_work())
    journal.write_entry(store.unit_of_work(), "after the backup", at=NOW)
    backup.restore_backup(store.unit_of_work(), raw)
    assert journal.list_entries(store.unit_of_work()) == before
    assert backup.make_backup(store.unit_of_work(), now=NOW) == raw  # exact round trip

    envelope = json.loads(raw)
    table = next(iter(envelope["data"]))
    envelope["data"][table] = []
    with pytest.raises(BackupError, match="damaged"):
        backup.restore_backup(store.unit_of_work(), json.dumps(envelope).encode())
    assert journal.list_entries(store.unit_of_work()) == before
