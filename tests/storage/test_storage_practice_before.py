"""PracticeRepo.before: first practice and best rating per assignment, by one aggregate."""

from __future__ import annotations

from datetime import UTC, date, datetime

from midweek.domain.entities import Assignment, Outcome, PracticeLog
from midweek.services.ports import PracticeBefore
from midweek.storage import Store


def test_before_summarises_done_and_partial_only(store: Store) -> None:
    def at(day: int) -> datetime:
        return datetime(2026, 11, day, 18, 30, 15, 123456, tzinfo=UTC)

    with store.unit_of_work() as uow:
        a = uow.homework.add(Assignment(title="A", per_week=3, minutes=10, start=date(2026, 11, 1)))
        b = uow.homework.add(Assignment(title="B", per_week=3, minutes=10, start=date(2026, 11, 1)))
        c = uow.homework.add(Assignment(title="C", per_week=3, minutes=10, start=date(2026, 11, 1)))
        for log in (
            PracticeLog(assignment_id=a.id, at=at(2), outcome=Outcome.SKIPPED, quality=None),
            PracticeLog(assignment_id=a.id, at=at(3), outcome=Outcome.PARTIAL, quality=2),
            PracticeLog(assignment_id=a.id, at=at(4), outcome=Outcome.DONE, quality=3),
            PracticeLog(assignment_id=a.id, at=at(20), outcome=Outcome.DONE, quality=4),  # after
            PracticeLog(assignment_id=b.id, at=at(5), outcome=Outcome.SKIPPED),
            PracticeLog(assignment_id=c.id, at=at(6), outcome=Outcome.DONE),
        ):
            uow.practice.add(log)
        uow.commit()
    with store.unit_of_work() as uow:
        found = uow.practice.before([a.id, b.id, c.id], at(10))
        assert found == {
            a.id: PracticeBefore(first_practised=at(3), best_quality=3),
            c.id: PracticeBefore(first_practised=at(6), best_quality=None),
        }
        assert uow.practice.before([], at(10)) == {}
