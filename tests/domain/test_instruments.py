"""PHQ-9 and GAD-7: wording, parsing, scoring tables and the item-9 safety signal."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from midweek.domain.errors import ValidationError
from midweek.domain.instruments import (
    GAD7,
    INSTRUMENTS,
    PHQ9,
    Instrument,
    band_for,
    parse_answers,
    score,
)


def vector(inst: Instrument, total: int, *, item9: int | None = None) -> list[int]:
    """Answers adding up to ``total``; for the PHQ-9, item 9 is fixed when ``item9`` is given."""
    answers = [0] * len(inst.items)
    fixed = None if item9 is None else 8
    rest = total
    if fixed is not None:
        answers[fixed] = item9 or 0
        rest -= answers[fixed]
    for i in range(len(answers)):
        if i != fixed:
            answers[i] = min(3, rest)
            rest -= answers[i]
    assert rest == 0 and sum(answers) == total
    return answers


# ----------------------------------------------------------------------------- the data


def test_registry_and_attributes() -> None:
    assert INSTRUMENTS == {"phq9": PHQ9, "gad7": GAD7}
    assert (PHQ9.loinc_total, GAD7.loinc_total) == ("44261-6", "70274-6")
    assert (PHQ9.caseness, GAD7.caseness) == (10, 8)
    assert (PHQ9.reliable_change, GAD7.reliable_change) == (6, 4)
    assert (len(PHQ9.items), len(GAD7.items)) == (9, 7)
    assert (PHQ9.max_total, GAD7.max_total) == (27, 21)


def test_standard_wording() -> None:
    assert PHQ9.stem == (
        "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
    )
    assert PHQ9.items[0] == "Little interest or pleasure in doing things"
    assert PHQ9.items[8] == (
        "Thoughts that you would be better off dead or of hurting yourself in some way"
    )
    assert GAD7.items[0] == "Feeling nervous, anxious or on edge"
    assert GAD7.items[6] == "Feeling afraid as if something awful might happen"
    expected = ((0, "Not at all"), (1, "Several days"), (2, "More than half the days"))
    for inst in (PHQ9, GAD7):
        assert inst.options == (*expected, (3, "Nearly every day"))


@pytest.mark.parametrize("inst", [PHQ9, GAD7])
def test_bands_cover_every_total_once(inst: Instrument) -> None:
    covered = [t for low, high, _ in inst.bands for t in range(low, high + 1)]
    assert covered == list(range(inst.max_total + 1))


# ----------------------------------------------------------------------------- scoring tables

PHQ9_TABLE = [
    (0, "minimal"),
    (4, "minimal"),
    (5, "mild"),
    (9, "mild"),
    (10, "moderate"),
    (14, "moderate"),
    (15, "moderately severe"),
    (19, "moderately severe"),
    (20, "severe"),
    (27, "severe"),
]
GAD7_TABLE = [
    (0, "minimal"),
    (4, "minimal"),
    (5, "mild"),
    (9, "mild"),
    (10, "moderate"),
    (14, "moderate"),
    (15, "severe"),
    (21, "severe"),
]


@pytest.mark.parametrize(("total", "band"), PHQ9_TABLE)
def test_phq9_band_edges(total: int, band: str) -> None:
    assert band_for(PHQ9, total) == band
    s = score(PHQ9, vector(PHQ9, total))
    assert (s.total, s.band, s.instrument) == (total, band, "phq9")


@pytest.mark.parametrize(("total", "band"), GAD7_TABLE)
def test_gad7_band_edges(total: int, band: str) -> None:
    assert band_for(GAD7, total) == band
    s = score(GAD7, vector(GAD7, total))
    assert (s.total, s.band, s.instrument) == (total, band, "gad7")


@pytest.mark.parametrize(("inst", "total"), [(PHQ9, -1), (PHQ9, 28), (GAD7, -1), (GAD7, 22)])
def test_band_for_outside_the_range(inst: Instrument, total: int) -> None:
    with pytest.raises(ValidationError, match=f"runs from 0 to {inst.max_total}"):
        band_for(inst, total)


# ----------------------------------------------------------------------------- item 9


def test_item9_zero_is_no_signal() -> None:
    assert score(PHQ9, [3, 3, 3, 3, 3, 3, 3, 3, 0]).safety_signal is False


@pytest.mark.parametrize("item9", [1, 2, 3])
def test_item9_above_zero_is_a_signal_even_when_total_is_low(item9: int) -> None:
    s = score(PHQ9, vector(PHQ9, item9, item9=item9))
    assert s.total == item9
    assert s.band == "minimal"
    assert s.safety_signal is True


def test_other_items_do_not_raise_the_signal() -> None:
    assert score(PHQ9, [3, 3, 3, 3, 3, 3, 3, 3, 0]).safety_signal is False
    assert score(PHQ9, [0] * 8 + [1]).safety_signal is True


def test_gad7_never_signals() -> None:
    assert score(GAD7, [3] * 7).safety_signal is False
    assert score(GAD7, [0, 0, 0, 0, 0, 0, 3]).safety_signal is False


# ----------------------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    "raw",
    [
        "0,1,2,3,0,1,2,3,1",
        "0 1 2 3 0 1 2 3 1",
        " 0, 1, 2, 3, 0, 1, 2, 3, 1 ",
        "0;1;2;3;0;1;2;3;1",
        [0, 1, 2, 3, 0, 1, 2, 3, 1],
        ["0", "1", "2", "3", "0", "1", "2", "3", "1"],
        (0, "1", 2, "3", 0, 1, 2, 3, 1),
    ],
)
def test_parse_formats(raw: object) -> None:
    assert parse_answers(PHQ9, raw) == (0, 1, 2, 3, 0, 1, 2, 3, 1)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("0,1,2,3,0,1,2,3", "The PHQ-9 has 9 questions; I got 8 answers."),
        ("0,1,2,3,0,1,2,3,1,0", "The PHQ-9 has 9 questions; I got 10 answers."),
        ("", "The PHQ-9 has 9 questions; I got no answers."),
        ("2", "The PHQ-9 has 9 questions; I got 1 answer."),
        ([], "The PHQ-9 has 9 questions; I got no answers."),
    ],
)
def test_wrong_count(raw: object, message: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_answers(PHQ9, raw)  # type: ignore[arg-type]
    assert str(err.value) == message


def test_gad7_wrong_count_names_gad7() -> None:
    with pytest.raises(ValidationError, match=r"^The GAD-7 has 7 questions; I got 9 answers\.$"):
        parse_answers(GAD7, [0] * 9)


@pytest.mark.parametrize(
    ("raw", "position", "shown"),
    [
        ("0,1,4,0,0,0,0,0,0", 3, "“4”"),
        ("0,1,2,0,0,0,0,0,-1", 9, "“-1”"),
        ([0, 0, 0, 0, 0, 0, 0, 0, 7], 9, "“7”"),
        ("0,x,0,0,0,0,0,0,0", 2, "“x”"),
        ("0,1.5,0,0,0,0,0,0,0", 2, "“1.5”"),
        ([0, True, 0, 0, 0, 0, 0, 0, 0], 2, "“True”"),
        ([0, 1.0, 0, 0, 0, 0, 0, 0, 0], 2, "“1.0”"),
        ([None, 0, 0, 0, 0, 0, 0, 0, 0], 1, "“None”"),
    ],
)
def test_bad_values_name_the_position(raw: object, position: int, shown: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_answers(PHQ9, raw)  # type: ignore[arg-type]
    assert str(err.value) == (
        f"Each PHQ-9 answer is a number from 0 to 3; answer {position} was {shown}."
    )


def test_score_validates_too() -> None:
    with pytest.raises(ValidationError):
        score(GAD7, [0, 1, 2, 3, 4, 0, 0])
    with pytest.raises(ValidationError):
        score(GAD7, [0] * 6)


def test_not_a_string_or_list() -> None:
    with pytest.raises(ValidationError, match="9 numbers from 0 to 3"):
        parse_answers(PHQ9, 12)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- properties


@st.composite
def answer_vectors(draw: st.DrawFn) -> tuple[Instrument, list[int]]:
    inst = draw(st.sampled_from([PHQ9, GAD7]))
    n = len(inst.items)
    return inst, draw(st.lists(st.integers(0, 3), min_size=n, max_size=n))


@given(answer_vectors())
def test_any_valid_vector_scores_within_range(case: tuple[Instrument, list[int]]) -> None:
    inst, answers = case
    s = score(inst, answers)
    assert s.total == sum(answers)
    assert 0 <= s.total <= inst.max_total
    assert s.answers == tuple(answers)
    assert s.band == band_for(inst, s.total)
    assert s.safety_signal == (inst is PHQ9 and answers[8] > 0)
    # The text form parses to the same answers.
    assert parse_answers(inst, ",".join(map(str, answers))) == tuple(answers)


@given(st.sampled_from([PHQ9, GAD7]), st.data())
def test_band_for_is_monotone(inst: Instrument, data: st.DataObject) -> None:
    a = data.draw(st.integers(0, inst.max_total))
    b = data.draw(st.integers(a, inst.max_total))
    order = [label for _, _, label in inst.bands]
    assert order.index(band_for(inst, a)) <= order.index(band_for(inst, b))


# --- the PHQ-9 item-9 rule, in one place ------------------------------------------------


def test_safety_answer_is_the_item_9_answer_when_above_zero() -> None:
    from midweek.domain.instruments import GAD7, PHQ9, safety_answer

    assert safety_answer(PHQ9, [0] * 8 + [2]) == 2
    assert safety_answer(PHQ9, [3] * 8 + [0]) is None
    assert safety_answer(GAD7, [3] * 7) is None  # no safety item
    assert safety_answer(PHQ9, [1, 1]) is None  # not a whole PHQ-9
    assert safety_answer(PHQ9, None) is None
    assert score(PHQ9, [0] * 8 + [1]).safety_signal is True
