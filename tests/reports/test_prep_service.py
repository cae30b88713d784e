"""build_prep on a real store (SQLite and PostgreSQL): sensible numbers, and it reads the window."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from midweek.domain.entities import Outcome
from midweek.reports.view import build_view, item_ids
from midweek.services import demo, homework, journal
from midweek.services.library import shipped_templates
from midweek.services.prep import build_prep

NOW = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)


def test_demo_prep_has_sensible_numbers(store) -> None:
    demo.seed(store.unit_of_work(), now=NOW, thought_record=shipped_templates()["thought-record"])
    data = build_prep(store.unit_of_work(), now=NOW)
    assert data.last_session is not None and data.since == data.last_session.date
    assert data.until == NOW.date() and (data.until - data.since).days < 7
    assert len(data.practice) == 4
    for p in data.practice:
        assert 0 <= p.totals.credit <= p.totals.done + p.totals.partial
        assert 0 < p.totals.planned <= p.assignment.per_week
    assert data.overall is not None and data.overall.minutes > 0
    assert all(data.since <= w.at.date() <= data.until for w in data.wins)
    assert [s.date for s in data.sessions] == [data.since]
    assert len(data.questions) == 2
    assert data.phq9 is not None and data.phq9.count == 3 and data.phq9.change is not None
    assert data.mood and all(c.at.date() >= data.since for c in data.mood)
    assert not data.is_empty
    assert "practice:1" in item_ids(build_view(data))

    longer = build_prep(store.unit_of_work(), now=NOW, since=date(2026, 10, 20))
    assert longer.overall is not None and longer.overall.credit > data.overall.credit
    assert len(longer.sessions) == 5


def test_empty_store_is_empty(store) -> None:
    data = build_prep(store.unit_of_work(), now=NOW)
    assert data.is_empty and data.since == NOW.date() - timedelta(days=14)


class Spy:
    """Wraps a unit of work and remembers every entity its repositories hand back."""

    def __init__(self, uow: Any) -> None:
        self._uow = uow
        self.seen: list[Any] = []

    def __enter__(self) -> Spy:
        self._uow.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._uow.__exit__(*exc)

    def __getattr__(self, name: str) -> Any:
        repo = getattr(self._uow, name)
        spy = self

        class RepoSpy:
            def __getattr__(self, method: str) -> Any:
                fn = getattr(repo, method)

                def call(*args: Any, **kwargs: Any) -> Any:
                    out = fn(*args, **kwargs)
                    spy.seen.extend(out if isinstance(out, list) else [out])
                    return out

                return call

        return RepoSpy()


def test_prep_reads_the_window_not_the_whole_past(store) -> None:
    long_ago = NOW - timedelta(days=3 * 365)
    old = homework.add_homework(
        store.unit_of_work(),
        title="Old habit",
        per_week=3,
        minutes=10,
        now=long_ago,
        until=long_ago.date() + timedelta(days=30),
    )
    for i in range(20):
        homework.log_practice(
            store.unit_of_work(), old.id or 0, Outcome.DONE, at=long_ago + timedelta(days=i)
        )
        journal.write_entry(store.unit_of_work(), f"old {i}", at=long_ago + timedelta(days=i))
    demo.seed(store.unit_of_work(), now=NOW)
    spy = Spy(store.unit_of_work())
    data = build_prep(spy, now=NOW)  # type: ignore[arg-type]
    logs = [x for x in spy.seen if hasattr(x, "outcome")]
    entries = [x for x in spy.seen if hasattr(x, "written_at")]
    assert logs and all(log.assignment_id != old.id for log in logs)
    assert all(e.written_at.date() >= data.since for e in entries)
