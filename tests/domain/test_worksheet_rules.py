"""Cross-field rules declared in templates, the date of a night, and durations for people."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from midweek.domain.errors import ValidationError
from midweek.domain.worksheets import (
    AnswersError,
    FieldKind,
    compute,
    parse_template,
    say_duration,
    show_value,
    validate_answers,
)
from midweek.services.library import shipped_templates

TODAY = date(2026, 12, 2)


def sleep(**changes: object) -> dict[str, object]:
    night: dict[str, object] = {
        "bed_time": "23:00",
        "minutes_to_sleep": "20",
        "minutes_awake": "30",
        "final_wake": "06:30",
        "out_of_bed": "07:00",
    }
    night.update(changes)
    return night


def diary() -> Any:
    return shipped_templates()["sleep-diary"]


def problems(answers: dict[str, object]) -> dict[str, str]:
    with pytest.raises(AnswersError) as caught:
        validate_answers(diary(), answers, today=TODAY)
    return caught.value.problems


# --- the example from the issue -----------------------------------------------------------


def test_the_impossible_night_from_the_issue_is_refused_beside_its_fields() -> None:
    found = problems(sleep(minutes_to_sleep="600", minutes_awake="0", out_of_bed="06:00"))
    assert found == {
        "minutes_to_sleep": "“How long it took to fall asleep” (10 h) is longer than the "
        "7 h 30 min from “Time I went to bed” (23:00) to “Time I woke up for the last time” "
        "(06:30).",
        "final_wake": "“Time I woke up for the last time” (06:30) needs to fall between "
        "“Time I went to bed” (23:00) and “Time I got out of bed” (06:00).",
    }


def test_the_first_problem_is_one_sentence_naming_its_field() -> None:
    with pytest.raises(AnswersError) as caught:
        validate_answers(diary(), sleep(minutes_to_sleep="600", out_of_bed="06:00"), today=TODAY)
    # What the CLI prints: the first problem in the form's order, as a single sentence.
    assert caught.value.field == "minutes_to_sleep"
    assert str(caught.value) == caught.value.problems["minutes_to_sleep"]
    assert str(caught.value).startswith("“How long it took to fall asleep” (10 h)")


def test_out_of_bed_before_waking_is_refused() -> None:
    found = problems(sleep(final_wake="07:30", out_of_bed="07:00"))
    assert list(found) == ["final_wake"]


def test_lights_out_before_bed_is_refused() -> None:
    found = problems(sleep(lights_out="22:50"))
    assert found == {
        "lights_out": "“Time I tried to sleep” (22:50) needs to fall between “Time I went to "
        "bed” (23:00) and “Time I got out of bed” (07:00)."
    }


def test_falling_asleep_and_waking_together_must_fit_the_night() -> None:
    found = problems(sleep(minutes_to_sleep="300", minutes_awake="300"))
    assert found == {
        "minutes_awake": "“How long it took to fall asleep” and “Time awake in the night” add "
        "up to 10 h, more than the 7 h 30 min from “Time I went to bed” (23:00) to “Time I "
        "woke up for the last time” (06:30)."
    }


def test_sleep_onset_counts_from_lights_out_when_given() -> None:
    # 01:00 to 06:30 is 5 h 30 min; 6 h to fall asleep cannot fit, though bed at 23:00 could.
    found = problems(sleep(lights_out="01:00", minutes_to_sleep="360", minutes_awake="0"))
    assert list(found) == ["minutes_to_sleep"]
    assert "from “Time I tried to sleep” (01:00)" in found["minutes_to_sleep"]


@pytest.mark.parametrize(
    ("bed", "wake", "out", "in_bed"),
    [
        ("23:00", "06:30", "07:00", 480),  # across midnight
        ("01:30", "09:00", "09:15", 465),  # bed after midnight
        ("21:00", "05:00", "05:00", 480),  # out of bed at the moment of waking
        ("13:00", "14:00", "14:30", 90),  # a night shift worker's sleep in the day
    ],
)
def test_nights_across_midnight_and_by_day_are_accepted(
    bed: str, wake: str, out: str, in_bed: int
) -> None:
    answers = validate_answers(
        diary(),
        sleep(bed_time=bed, final_wake=wake, out_of_bed=out, minutes_to_sleep="10"),
        today=TODAY,
    )
    worked = compute(diary(), answers)
    assert worked["time_in_bed"] == in_bed
    assert 0 <= worked["total_sleep"] <= in_bed


# --- a date for the night -----------------------------------------------------------------


def test_the_diary_has_a_date_for_the_night_and_files_by_it() -> None:
    t = diary()
    assert t.field("night").kind is FieldKind.DATE and t.dated_by == "night"
    answers = validate_answers(t, sleep(night="yesterday"), today=TODAY)
    assert answers["night"] == "2026-12-01"
    assert validate_answers(t, sleep(night="2026-11-20"), today=TODAY)["night"] == "2026-11-20"


def test_a_night_still_to_come_or_unreadable_is_refused() -> None:
    assert problems(sleep(night="2026-12-03")) == {
        "night": "“The night of” is 2026-12-03, which hasn't come yet."
    }
    assert problems(sleep(night="next week"))["night"] == (
        "I couldn't read “next week” as a date for “The night of”; "
        "please write it like 2026-11-20, today or next tuesday."
    )


def test_the_night_may_be_left_out() -> None:
    assert validate_answers(diary(), sleep(), today=TODAY)["night"] is None


# --- templates declare rules, and a bad rule names the template ---------------------------


def base() -> dict[str, Any]:
    return {
        "name": "walk",
        "title": "Walk",
        "fields": [
            {"name": "left", "label": "Left home", "kind": "time"},
            {"name": "back", "label": "Back home", "kind": "time"},
            {"name": "rest", "label": "Resting", "kind": "duration"},
            {"name": "steps", "label": "Steps", "kind": "integer"},
            {"name": "day", "label": "Day", "kind": "date", "required": False},
        ],
        "computed": [
            {"name": "out", "label": "Out", "op": "minutes_between", "args": ["left", "back"]}
        ],
    }


@pytest.mark.parametrize(
    ("rule", "says"),
    [
        ({"check": "eval", "fields": ["left"]}, "check “eval”"),
        ({"check": "in_order", "fields": ["left"]}, "at least two time fields"),
        ({"check": "in_order", "fields": ["left", "steps"]}, "“steps” in rule 1 to be a time"),
        ({"check": "in_order", "fields": ["left", "gone"]}, "“gone” in rule 1, which is not"),
        ({"check": "fits_between", "fields": ["rest"], "between": ["left"]}, "list of 2 names"),
        ({"check": "fits_between", "fields": ["steps"], "between": ["left", "back"]}, "duration"),
        ({"check": "range", "value": "steps"}, "a min or a max"),
        ({"check": "range", "value": "out", "min": 0}, "“field”"),
        ({"check": "in_order", "fields": ["left", "back"], "code": "x"}, "“code”"),
        ({"check": "in_order", "fields": "left back"}, "a list of names"),
        ({"check": "at_least", "value": "steps", "fields": ["left"]}, "a number field"),
    ],
)
def test_a_bad_rule_is_a_template_error_naming_the_source(rule: dict[str, Any], says: str) -> None:
    data = base()
    data["rules"] = [rule]
    with pytest.raises(ValidationError) as caught:
        parse_template(data, source="walk.toml")
    assert "walk.toml" in str(caught.value) and says in str(caught.value)


def test_dated_by_must_name_a_date_field() -> None:
    data = {**copy.deepcopy(base()), "dated_by": "steps"}
    with pytest.raises(ValidationError, match="“dated_by” to name a date field"):
        parse_template(data, source="walk.toml")
    assert parse_template({**base(), "dated_by": "day"}, source="walk.toml").dated_by == "day"


def test_a_range_rule_checks_a_total_and_blames_the_field_it_names() -> None:
    data = base()
    data["rules"] = [
        {"check": "range", "value": "steps", "min": 0, "max": 100_000},
        {"check": "range", "value": "out", "max": 600, "field": "back"},
    ]
    t = parse_template(data, source="walk.toml")
    ok = {"left": "09:00", "back": "10:00", "rest": "5", "steps": "4000"}
    assert validate_answers(t, ok)["steps"] == 4000
    with pytest.raises(AnswersError) as caught:
        validate_answers(t, {**ok, "steps": "-3"})
    assert caught.value.problems == {
        "steps": "“Steps” works out at -3, but it can only be from 0 to 100000; please check "
        "“Steps”."
    }
    with pytest.raises(AnswersError) as caught:
        validate_answers(t, {**ok, "back": "21:00"})
    assert list(caught.value.problems) == ["back"]


def test_every_shipped_template_still_parses_and_its_rules_are_closed() -> None:
    for t in shipped_templates().values():
        assert all(r.check in {"in_order", "fits_between", "range", "at_least"} for r in t.rules)


def test_exposure_peak_cannot_be_below_the_end() -> None:
    t = shipped_templates()["exposure"]
    raw = {"situation": "Lift", "suds_before": 70, "suds_peak": 40, "suds_after": 60}
    with pytest.raises(AnswersError) as caught:
        validate_answers(t, raw)
    assert caught.value.problems == {
        "suds_peak": "“Distress at its highest” (40) can't be lower than “Distress at the end” "
        "(60)."
    }
    assert validate_answers(t, {**raw, "suds_peak": 60})["suds_peak"] == 60
    assert validate_answers(t, {**raw, "suds_peak": ""})["suds_peak"] is None  # skipped


# --- durations the way people say them -----------------------------------------------------


def test_say_duration() -> None:
    assert [say_duration(m) for m in (0, 45, 60, 440, 480, 1500)] == [
        "0 min",
        "45 min",
        "1 h",
        "7 h 20 min",
        "8 h",
        "25 h",
    ]


def test_show_value_uses_hours_for_minutes() -> None:
    assert show_value(440, "minutes") == "7 h 20 min"
    assert show_value(83.3, "%") == "83.3%"
    assert show_value(3, "points") == "3 points"
    assert show_value(["a", "b"], None) == "a, b"
    assert show_value("23:00", None) == "23:00"


# --- properties: whatever is accepted makes sense -----------------------------------------

clock = st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 23), st.integers(0, 59))


@settings(max_examples=400, deadline=None)
@given(
    bed=clock,
    lights=st.none() | clock,
    wake=clock,
    out=clock,
    to_sleep=st.integers(0, 90) | st.integers(0, 1440),
    awake=st.integers(0, 90) | st.integers(0, 1440),
)
def test_any_accepted_sleep_diary_makes_sense(
    bed: str, lights: str | None, wake: str, out: str, to_sleep: int, awake: int
) -> None:
    t = diary()
    raw = {
        "bed_time": bed,
        "lights_out": lights or "",
        "minutes_to_sleep": to_sleep,
        "minutes_awake": awake,
        "final_wake": wake,
        "out_of_bed": out,
    }
    try:
        answers = validate_answers(t, raw, today=TODAY)
    except AnswersError as err:
        assert err.problems and all(isinstance(v, str) and v for v in err.problems.values())
        return
    event("accepted")  # so a run that never accepts anything shows in the statistics
    worked = compute(t, answers)
    assert 0 <= worked["total_sleep"] <= worked["time_in_bed"]
    efficiency = worked["sleep_efficiency"]
    assert efficiency is None or 0 <= efficiency <= 100
