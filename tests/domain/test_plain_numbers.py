"""Plain numbers: partial credit in whole practices and words, the same in the CLI and web."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from midweek import messages
from midweek.domain.adherence import Totals
from midweek.domain.practice import WeekProgress


@pytest.mark.parametrize(
    ("value", "said"),
    [(0, "0"), (0.5, "½"), (1, "1"), (2.5, "2½"), (2.74, "2½"), (2.75, "3"), (16.8, "17")],
)
def test_halves_speaks_a_count_to_the_nearest_half(value: float, said: str) -> None:
    assert messages.halves(value) == said


def test_the_example_of_the_issue_reads_as_people_say_it() -> None:
    assert (
        messages.practice_amount(2.5, 5, done=2, partial=1)
        == "2 done and 1 partly — about 2½ of 5 practices"
    )
    # 3 done and one partly done for 20 of 30 minutes: not "3.7 of 5".
    assert (
        messages.practice_amount(3 + 2 / 3, 5, done=3, partial=1)
        == "3 done and 1 partly — about 3½ of 5 practices"
    )


def test_whole_practices_are_exact_and_singular_when_one() -> None:
    assert messages.practice_amount(0, 5, done=0, partial=0) == "0 of 5 practices"
    assert messages.practice_amount(2, 5, done=2, partial=0) == "2 of 5 practices"
    assert messages.practice_amount(1, 1, done=1, partial=0) == "1 of 1 practice"
    partly = messages.practice_amount(0.5, 3, done=0, partial=1)
    assert partly == "1 partly — about ½ of 3 practices"


def test_a_part_week_plan_is_spoken_of_as_a_whole_practice() -> None:
    # Was "0.5 of 0.7 practices".
    part_week = messages.practice_amount(0.5, 0.7, done=0, partial=1)
    assert part_week == "1 partly — about ½ of 1 practice"


def test_without_counts_the_amount_is_rounded_to_halves_with_about() -> None:
    # The caseload's "16.8 of 28" and a bare "3.8 of 8".
    assert messages.web_t_practice(16.8, 28) == "about 17 of 28"
    assert messages.web_t_practice(3.8, 8) == "about 4 of 8"
    assert messages.web_t_practice(2, 4) == "2 of 4"
    assert messages.web_t_practice(1.5, 0) == "about 1½ (none planned)"


def test_almost_all_never_rounds_up_to_all_and_a_little_never_to_nothing() -> None:
    assert messages.practice_amount(4.9, 5, done=4, partial=1).endswith("about 4½ of 5 practices")
    assert messages.practice_amount(0.2, 5, unit="") == "about ½ of 5"


def test_more_than_planned_says_so_kindly() -> None:
    more = messages.practice_amount(6, 5, done=6, partial=0)
    assert more == "6 practices — more than the 5 planned"
    assert (
        messages.practice_amount(6.5, 5, done=6, partial=1)
        == "6 done and 1 partly — about 6½ practices, more than the 5 planned"
    )


def test_progress_line_and_progress_of_agree_for_a_week_and_for_totals() -> None:
    week = WeekProgress(
        planned=3, credit=1.5, done=1, partial=1, skipped=0, minutes=25, planned_minutes=60
    )
    expected = "1 done and 1 partly — about 1½ of 3 practices this week, 25 of 60 minutes"
    assert messages.progress_of(week) == expected
    totals = Totals(
        weeks=1,
        planned=3,
        done=1,
        partial=1,
        skipped=0,
        credit=1.5,
        minutes=25,
        planned_minutes=60,
        mean_quality=None,
        rated=0,
    )
    assert messages.progress_of(totals, period="") == expected.replace(" this week", "")


@given(
    done=st.integers(0, 20),
    partial=st.integers(0, 20),
    extra=st.floats(0, 0.49),
    planned=st.integers(1, 30),
)
def test_no_decimal_point_ever_and_the_shown_amount_is_within_a_half(
    done: int, partial: int, extra: float, planned: int
) -> None:
    credit = done + partial * (0.5 + extra)
    said = messages.practice_amount(credit, planned, done=done, partial=partial)
    assert "." not in said
    shown = said.split("about ")[-1].split(" ")[0] if partial else said.split(" ")[0]
    value = float(shown.replace("½", ".5")) if shown != "½" else 0.5
    assert abs(value - credit) <= 0.5
    if credit < planned:
        assert value < planned
