"""Moments that happened: refused in the future and before the homework began, nothing written;
a late sleep diary filed on the night it describes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from midweek.domain.entities import Outcome
from midweek.domain.errors import ValidationError
from midweek.domain.worksheets import AnswersError
from midweek.services import homework
from midweek.services.library import shipped_templates

NOW = datetime(2026, 12, 2, 16, 0, tzinfo=UTC)
NIGHT = {
    "bed_time": "23:00",
    "minutes_to_sleep": "20",
    "minutes_awake": "30",
    "final_wake": "06:30",
    "out_of_bed": "07:00",
}


def _homework(store, **extra):
    return homework.add_homework(
        store.unit_of_work(),
        title="Worry time",
        per_week=3,
        minutes=20,
        now=NOW,
        start=date(2026, 11, 20),
        **extra,
    )


def _logs(store) -> list:
    with store.unit_of_work() as uow:
        return uow.practice.list()


def test_a_practice_tomorrow_is_refused_and_nothing_written(store) -> None:
    a = _homework(store)
    tomorrow = NOW + timedelta(hours=18)
    with pytest.raises(ValidationError) as caught:
        homework.log_practice(store.unit_of_work(), a.id, Outcome.DONE, at=tomorrow, now=NOW)
    assert str(caught.value) == (
        "2026-12-03 10:00 hasn't happened yet; a practice can be logged once it has."
    )
    assert caught.value.field == "at"
    assert _logs(store) == []


def test_a_practice_before_the_homework_began_is_refused_and_nothing_written(store) -> None:
    a = _homework(store)
    with pytest.raises(ValidationError) as caught:
        homework.log_practice(
            store.unit_of_work(),
            a.id,
            Outcome.DONE,
            at=datetime(2019, 1, 1, 10, 0, tzinfo=UTC),
            now=NOW,
        )
    assert str(caught.value) == (
        "2019-01-01 10:00 is before this homework began on 2026-11-20; please check the date."
    )
    assert _logs(store) == []


def test_late_and_just_now_are_fine(store) -> None:
    a = _homework(store)
    homework.log_practice(store.unit_of_work(), a.id, Outcome.DONE, at=NOW, now=NOW)
    homework.log_practice(
        store.unit_of_work(), a.id, Outcome.DONE, at=datetime(2026, 11, 20, 8, tzinfo=UTC), now=NOW
    )
    # A phone a minute or two ahead of the server is not "the future".
    homework.log_practice(
        store.unit_of_work(), a.id, Outcome.DONE, at=NOW + timedelta(minutes=2), now=NOW
    )
    assert len(_logs(store)) == 3


def test_an_impossible_sleep_diary_writes_nothing(store) -> None:
    t = shipped_templates()["sleep-diary"]
    a = _homework(store, worksheet=t)
    bad = {**NIGHT, "minutes_to_sleep": "600", "minutes_awake": "0", "out_of_bed": "06:00"}
    with pytest.raises(AnswersError):
        homework.fill_worksheet(store.unit_of_work(), t, bad, at=NOW, now=NOW)
    with pytest.raises(AnswersError):
        homework.fill_worksheet(store.unit_of_work(), t, bad, at=NOW, now=NOW, homework_id=a.id)
    assert _logs(store) == []


def test_a_late_sleep_diary_is_filed_on_its_night(store) -> None:
    t = shipped_templates()["sleep-diary"]
    a = _homework(store, worksheet=t)
    logged = homework.fill_worksheet(
        store.unit_of_work(), t, {**NIGHT, "night": "2026-11-28"}, at=NOW, now=NOW
    )
    assert logged.assignment is not None and logged.assignment.id == a.id
    assert logged.log.at == datetime(2026, 11, 28, 16, 0, tzinfo=UTC)
    assert logged.log.answers is not None and logged.log.answers["night"] == "2026-11-28"
    assert logged.computed["total_sleep"] == 400
    # Last night, typed this morning: filed yesterday.
    kept = homework.fill_worksheet(
        store.unit_of_work(), t, {**NIGHT, "night": "yesterday"}, at=NOW, now=NOW
    )
    assert kept.log.at.date() == date(2026, 12, 1)


def test_a_sleep_diary_for_a_night_before_the_homework_is_refused(store) -> None:
    t = shipped_templates()["sleep-diary"]
    a = _homework(store, worksheet=t)
    with pytest.raises(ValidationError, match="before this homework began on 2026-11-20"):
        homework.fill_worksheet(
            store.unit_of_work(), t, {**NIGHT, "night": "2026-11-01"}, at=NOW, homework_id=a.id
        )
    assert _logs(store) == []
