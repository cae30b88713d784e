from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from midweek.domain.entities import Assignment, Outcome, PracticeLog
from midweek.domain.errors import ValidationError
from midweek.domain.practice import check_practice, credit, week_progress

AT = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)


def _a(per_week: int = 3, minutes: int = 30) -> Assignment:
    return Assignment(
        title="Worry time", per_week=per_week, minutes=minutes, start=date(2026, 11, 1), id=1
    )


def _log(outcome: Outcome, minutes: int | None = None) -> PracticeLog:
    return PracticeLog(assignment_id=1, at=AT, outcome=outcome, minutes=minutes)


def test_credit_done_partial_skipped() -> None:
    assert credit(_log(Outcome.DONE), 30) == 1.0
    assert credit(_log(Outcome.SKIPPED, 30), 30) == 0.0
    assert credit(_log(Outcome.PARTIAL), 30) == 0.5
    assert credit(_log(Outcome.PARTIAL, 20), 30) == pytest.approx(2 / 3)
    assert credit(_log(Outcome.PARTIAL, 5), 30) == 0.5  # minutes never lower the half
    assert credit(_log(Outcome.PARTIAL, 90), 30) < 1.0  # partial never equals done


def test_week_progress_counts_partial_and_minutes() -> None:
    logs = [_log(Outcome.DONE, 30), _log(Outcome.PARTIAL, 10), _log(Outcome.SKIPPED)]
    logs.append(PracticeLog(assignment_id=2, at=AT, outcome=Outcome.DONE, minutes=99))
    p = week_progress(_a(), logs)
    assert (p.done, p.partial, p.skipped) == (1, 1, 1)
    assert p.credit == 1.5
    assert p.minutes == 40
    assert p.planned_minutes == 90
    assert p.remaining == 1.5


outcomes = st.sampled_from(list(Outcome))
minutes = st.one_of(st.none(), st.integers(0, 600))
logs_strategy = st.lists(st.builds(_log, outcomes, minutes), max_size=20)


@given(logs_strategy, outcomes, minutes, st.integers(1, 120))
def test_adding_a_practice_never_lowers_progress(logs, outcome, mins, planned) -> None:
    a = _a(minutes=planned)
    before = week_progress(a, logs).credit
    after = week_progress(a, [*logs, _log(outcome, mins)]).credit
    assert after >= before


@given(minutes, st.integers(1, 120))
def test_partial_never_counts_more_than_done(mins, planned) -> None:
    assert credit(_log(Outcome.PARTIAL, mins), planned) < credit(_log(Outcome.DONE, mins), planned)
    assert 0.5 <= credit(_log(Outcome.PARTIAL, mins), planned) < 1


@pytest.mark.parametrize(
    ("quality", "mins"), [(5, None), (-1, None), (7, None), (None, -3), (None, 24 * 60 + 1)]
)
def test_impossible_logs_are_refused(quality, mins) -> None:
    with pytest.raises(ValidationError):
        check_practice(
            PracticeLog(assignment_id=1, at=AT, outcome=Outcome.DONE, minutes=mins, quality=quality)
        )
