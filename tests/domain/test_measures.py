"""PHQ-9 and GAD-7 over time: thresholds, recovery truth table and item 9 on its own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from midweek.domain.entities import Checkin, CheckinKind
from midweek.domain.errors import ValidationError
from midweek.domain.instruments import GAD7, PHQ9, Instrument
from midweek.domain.measures import (
    Reading,
    item9_positive,
    paired_outcome,
    series_outcome,
)

T0 = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)


def _series(*totals: int) -> list[Reading]:
    return [(T0 + timedelta(weeks=i), total, None) for i, total in enumerate(totals)]


# ----------------------------------------------------------------------------- one instrument


@pytest.mark.parametrize(
    ("inst", "first", "latest", "improved", "deteriorated"),
    [
        (PHQ9, 15, 10, False, False),  # a drop of 5 is not reliable on the PHQ-9
        (PHQ9, 15, 9, True, False),  # a drop of 6 is
        (PHQ9, 10, 15, False, False),
        (PHQ9, 10, 16, False, True),
        (PHQ9, 12, 12, False, False),
        (GAD7, 12, 9, False, False),  # a drop of 3 is not reliable on the GAD-7
        (GAD7, 12, 8, True, False),  # a drop of 4 is
        (GAD7, 8, 11, False, False),
        (GAD7, 8, 12, False, True),
    ],
)
def test_reliable_change_at_the_thresholds(
    inst: Instrument, first: int, latest: int, improved: bool, deteriorated: bool
) -> None:
    out = series_outcome(inst, _series(first, latest))
    assert out is not None
    assert out.change == latest - first
    assert out.reliable_improvement is improved
    assert out.reliable_deterioration is deteriorated


@pytest.mark.parametrize(
    ("inst", "total", "case"),
    [(PHQ9, 9, False), (PHQ9, 10, True), (GAD7, 7, False), (GAD7, 8, True)],
)
def test_caseness_at_the_thresholds(inst: Instrument, total: int, case: bool) -> None:
    out = series_outcome(inst, _series(total, 0))
    assert out is not None
    assert out.case_at_first is case and out.case_at_latest is False
    out = series_outcome(inst, _series(0, total))
    assert out is not None
    assert out.case_at_latest is case


def test_first_latest_and_band_movement() -> None:
    out = series_outcome(PHQ9, _series(17, 12, 8))
    assert out is not None
    assert (out.instrument, out.count, out.first, out.latest) == ("phq9", 3, 17, 8)
    assert (out.first_at, out.latest_at) == (T0, T0 + timedelta(weeks=2))
    assert (out.first_band, out.latest_band) == ("moderately severe", "mild")
    assert out.band_movement == ("moderately severe", "mild")
    assert out.change == -9


def test_one_score_has_no_change_and_none_has_no_outcome() -> None:
    out = series_outcome(GAD7, _series(11))
    assert out is not None
    assert (out.first, out.latest, out.first_band, out.case_at_first) == (11, 11, "moderate", True)
    assert out.change is None and out.band_movement is None
    assert out.reliable_improvement is None and out.reliable_deterioration is None
    assert series_outcome(GAD7, []) is None


def test_series_is_read_in_time_order() -> None:
    later, earlier = (T0 + timedelta(days=7), 4, None), (T0, 14, None)
    out = series_outcome(PHQ9, [later, earlier])
    assert out is not None
    assert (out.first, out.latest, out.change) == (14, 4, -10)


def test_checkins_of_another_kind_are_left_out_and_totals_come_from_answers() -> None:
    checkins = [
        Checkin(kind=CheckinKind.PHQ9, at=T0, total=20),
        Checkin(kind=CheckinKind.GAD7, at=T0 + timedelta(days=1), total=3),
        Checkin(kind=CheckinKind.MOOD, at=T0 + timedelta(days=2), mood=5),
        Checkin(kind=CheckinKind.PHQ9, at=T0 + timedelta(days=3), answers=[1] * 9),
        Checkin(kind=CheckinKind.PHQ9, at=T0 + timedelta(days=4)),  # nothing to read
    ]
    out = series_outcome(PHQ9, checkins)
    assert out is not None
    assert (out.count, out.first, out.latest, out.reliable_improvement) == (2, 20, 9, True)


def test_a_total_out_of_range_is_refused() -> None:
    with pytest.raises(ValidationError):
        series_outcome(GAD7, _series(22, 3))


# ----------------------------------------------------------------------------- both instruments


@pytest.mark.parametrize(
    ("phq", "gad", "expected"),
    [
        # (first, latest) each; expected: case, recovered, improved, reliable recovery, worse
        ((15, 5), (10, 3), (True, True, True, True, False)),
        ((15, 9), (5, 5), (True, True, True, True, False)),
        ((12, 9), (6, 6), (True, True, False, False, False)),  # recovered, change not reliable
        ((9, 9), (7, 7), (False, False, False, False, False)),  # never at caseness
        ((9, 3), (7, 2), (False, False, True, False, False)),  # better, but was not a case
        ((9, 3), (8, 3), (True, True, True, True, False)),  # a case on the GAD-7 alone
        ((20, 12), (10, 4), (True, False, True, False, False)),  # PHQ-9 still at caseness
        ((15, 8), (6, 10), (True, False, False, False, True)),  # better on one, worse on one
        ((15, 9), (5, 9), (True, False, False, False, True)),
        ((5, 11), (3, 3), (False, False, False, False, True)),
        ((10, 9), (8, 7), (True, True, False, False, False)),  # just below both thresholds
    ],
)
def test_recovery_truth_table(
    phq: tuple[int, int], gad: tuple[int, int], expected: tuple[bool, ...]
) -> None:
    out = paired_outcome(_series(*phq), _series(*gad))
    got = (
        out.case_at_first,
        out.recovered,
        out.reliable_improvement,
        out.reliable_recovery,
        out.reliable_deterioration,
    )
    assert got == expected
    assert out.phq9 is not None and out.phq9.first == phq[0]
    assert out.gad7 is not None and out.gad7.latest == gad[1]


def test_one_measure_only_cannot_say_recovery() -> None:
    out = paired_outcome(_series(15, 4), [])
    assert out.phq9 is not None and out.phq9.reliable_improvement is True
    assert out.gad7 is None
    assert (out.case_at_first, out.recovered, out.reliable_recovery) == (None, None, None)
    assert (out.reliable_improvement, out.reliable_deterioration) == (None, None)


def test_a_single_score_on_one_measure_gives_caseness_but_no_change() -> None:
    out = paired_outcome(_series(15, 4), _series(6))
    assert out.case_at_first is True
    assert (out.recovered, out.reliable_improvement, out.reliable_recovery) == (None, None, None)
    assert out.reliable_deterioration is None


def test_paired_outcome_takes_checkins_of_both_kinds_from_one_list() -> None:
    checkins = [
        Checkin(kind=CheckinKind.PHQ9, at=T0, total=14),
        Checkin(kind=CheckinKind.GAD7, at=T0, total=12),
        Checkin(kind=CheckinKind.PHQ9, at=T0 + timedelta(weeks=6), total=6),
        Checkin(kind=CheckinKind.GAD7, at=T0 + timedelta(weeks=6), total=5),
    ]
    out = paired_outcome(checkins, checkins)
    assert out.reliable_recovery is True


phq9_totals = st.lists(st.integers(0, PHQ9.max_total), min_size=2, max_size=8)
gad7_totals = st.lists(st.integers(0, GAD7.max_total), min_size=2, max_size=8)


@given(st.sampled_from([PHQ9, GAD7]), st.data())
def test_change_is_latest_minus_first_and_never_both_ways(
    inst: Instrument, data: st.DataObject
) -> None:
    totals = data.draw(st.lists(st.integers(0, inst.max_total), min_size=1, max_size=8))
    out = series_outcome(inst, _series(*totals))
    assert out is not None
    if len(totals) < 2:
        assert out.change is None
        return
    assert out.change == out.latest - out.first == totals[-1] - totals[0]
    assert not (out.reliable_improvement and out.reliable_deterioration)


@given(phq9_totals, gad7_totals)
def test_paired_improvement_and_deterioration_never_both_true(
    phq: list[int], gad: list[int]
) -> None:
    out = paired_outcome(_series(*phq), _series(*gad))
    assert not (out.reliable_improvement and out.reliable_deterioration)
    assert out.reliable_recovery == (out.recovered and out.reliable_improvement)
    if out.recovered:
        assert out.case_at_first


# ----------------------------------------------------------------------------- item 9


def test_item9_is_listed_on_its_own() -> None:
    quiet = [0] * 9
    flagged = [0] * 8 + [2]
    checkins = [
        Checkin(kind=CheckinKind.PHQ9, at=T0 + timedelta(days=7), answers=flagged, total=2, id=2),
        Checkin(kind=CheckinKind.PHQ9, at=T0, answers=quiet, total=0, id=1),
        Checkin(kind=CheckinKind.PHQ9, at=T0 + timedelta(days=1), answers=[0] * 8 + [1], id=3),
        Checkin(kind=CheckinKind.GAD7, at=T0, answers=[3] * 7, total=21, id=4),
        Checkin(kind=CheckinKind.MOOD, at=T0, mood=1, id=5),
        Checkin(kind=CheckinKind.PHQ9, at=T0, total=12, id=6),  # no answers kept
    ]
    found = item9_positive(checkins)
    assert [(i.checkin_id, i.value, i.at) for i in found] == [
        (3, 1, T0 + timedelta(days=1)),
        (2, 2, T0 + timedelta(days=7)),
    ]


def test_item9_from_tuples_even_when_the_total_is_low() -> None:
    readings: list[Reading] = [(T0, 1, [0] * 8 + [1]), (T0, 27, [3] * 8 + [0]), (T0, 7, [1] * 7)]
    assert [(i.value, i.checkin_id) for i in item9_positive(readings)] == [(1, None)]
