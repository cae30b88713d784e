"""The worksheet engine: template parsing, value parsing, validation and computed values."""

from __future__ import annotations

import copy
from datetime import time
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from midweek.domain.errors import ValidationError
from midweek.domain.worksheets import (
    OPERATIONS,
    AnswersError,
    Computed,
    Field,
    FieldKind,
    Template,
    compute,
    format_duration,
    parse_duration,
    parse_template,
    parse_time,
    parse_value,
    validate_answers,
)


def base() -> dict[str, Any]:
    return {
        "name": "practice",
        "title": "Practice",
        "description": "A small test worksheet.",
        "fields": [
            {"name": "what", "label": "What I did", "kind": "short-text"},
            {"name": "before", "label": "Distress before", "kind": "suds"},
            {"name": "after", "label": "Distress after", "kind": "suds", "required": False},
            {"name": "start", "label": "Start", "kind": "time", "required": False},
            {"name": "end", "label": "End", "kind": "time", "required": False},
        ],
        "computed": [
            {"name": "drop", "label": "Drop", "op": "difference", "args": ["before", "after"]},
            {"name": "span", "label": "Span", "op": "minutes_between", "args": ["start", "end"]},
            {"name": "share", "label": "Share", "op": "percent", "args": ["drop", "before"]},
        ],
    }


def make(**changes: Any) -> Template:
    data = base()
    data.update(changes)
    return parse_template(data, source="practice.toml")


def field(kind: str, **extra: Any) -> Field:
    """One field, parsed through a template so defaults (ranges, units) are applied."""
    raw = {"name": "x", "label": "Answer", "kind": kind, **extra}
    return parse_template({"name": "t", "title": "T", "fields": [raw]}, source="t.toml").fields[0]


# ----------------------------------------------------------------------------- templates


def test_parse_template_builds_the_model() -> None:
    t = make(instructions="Go gently.", version=2)
    assert t.name == "practice"
    assert t.title == "Practice"
    assert t.instructions == "Go gently."
    assert t.version == 2
    assert [f.name for f in t.fields] == ["what", "before", "after", "start", "end"]
    assert t.field("before") == Field(
        name="before", label="Distress before", kind=FieldKind.SUDS, min=0, max=100
    )
    assert t.field("after").required is False
    assert t.field("what").max == 200  # renderers get the length limit
    assert t.computed[0] == Computed(
        name="drop", label="Drop", op="difference", args=("before", "after")
    )
    with pytest.raises(KeyError):
        t.field("nope")


def test_defaults() -> None:
    data = base()
    del data["description"]
    data.pop("computed")
    t = parse_template(data, source="x.toml")
    assert t.version == 1
    assert t.instructions is None
    assert t.description == ""
    assert t.computed == ()


def test_renderer_attributes_survive() -> None:
    f = field(
        "integer",
        min=0,
        max=99,
        help="Count them.",
        example="2",
        unit="times",
        required=False,
    )
    assert (f.min, f.max, f.help, f.example, f.unit, f.required) == (
        0,
        99,
        "Count them.",
        "2",
        "times",
        False,
    )
    assert field("rating").min == 0 and field("rating").max == 10
    assert field("duration").unit == "minutes"
    assert field("duration").min == 0
    assert field("long-text").max == 20_000
    assert field("choice", choices=["a", "b"]).choices == ("a", "b")


def test_operations_are_the_closed_set() -> None:
    assert {
        "minutes_between",
        "subtract",
        "sum",
        "difference",
        "percent",
        "mean",
        "max",
        "min",
    } == OPERATIONS


def _field_change(index: int, **changes: Any) -> dict[str, Any]:
    data = base()
    data["fields"][index].update(changes)
    return data


def _computed(*entries: dict[str, Any]) -> dict[str, Any]:
    data = base()
    data["computed"] = list(entries)
    return data


REJECTED: list[tuple[str, dict[str, Any], str]] = [
    ("unknown kind", _field_change(0, kind="essay"), "kind “essay”, which I don't know"),
    (
        "unknown op",
        _computed({"name": "c", "label": "C", "op": "eval", "args": ["before"]}),
        "operation “eval”",
    ),
    (
        "unknown reference",
        _computed({"name": "c", "label": "C", "op": "sum", "args": ["before", "peak"]}),
        "refers to “peak”",
    ),
    (
        "forward reference",
        _computed(
            {"name": "a", "label": "A", "op": "sum", "args": ["b"]},
            {"name": "b", "label": "B", "op": "sum", "args": ["before"]},
        ),
        "refers to “b”",
    ),
    ("duplicate field", _field_change(1, name="what"), "two fields named “what”"),
    (
        "computed reuses a field name",
        _computed({"name": "before", "label": "B", "op": "sum", "args": ["after"]}),
        "name “before” twice",
    ),
    (
        "duplicate computed",
        _computed(
            {"name": "c", "label": "C", "op": "sum", "args": ["after"]},
            {"name": "c", "label": "C2", "op": "sum", "args": ["before"]},
        ),
        "name “c” twice",
    ),
    ("choice without choices", _field_change(0, kind="choice"), "without any choices"),
    ("empty choices", _field_change(0, kind="multi-choice", choices=[]), "without any choices"),
    ("min above max", _field_change(0, kind="integer", min=5, max=1), "min (5) above its max (1)"),
    ("rating range", _field_change(0, kind="rating", max=5), "always runs from 0 to 10"),
    ("choices on text", _field_change(0, choices=["a"]), "lists choices on short-text"),
    (
        "duplicate choice",
        _field_change(0, kind="choice", choices=["Yes", "yes"]),
        "choice “yes” twice",
    ),
    (
        "comma in multi-choice",
        _field_change(0, kind="multi-choice", choices=["a, b", "c"]),
        "with a comma",
    ),
    ("misspelt setting", _field_change(0, requried=False), "settings I don't know"),
    ("required not bool", _field_change(0, required="no"), "true or false"),
    ("bad field name", _field_change(0, name="What I did"), "has a field named"),
    ("missing label", _field_change(0, label=None), "missing “label”"),
    ("text too long max", _field_change(0, max=500), "from 1 to 200"),
    ("negative duration", _field_change(0, kind="duration", max=-1), "negative max"),
    (
        "wrong arity",
        _computed({"name": "c", "label": "C", "op": "difference", "args": ["before"]}),
        "exactly 2 args",
    ),
    (
        "too few for subtract",
        _computed({"name": "c", "label": "C", "op": "subtract", "args": ["before"]}),
        "at least 2 args",
    ),
    (
        "minutes_between on numbers",
        _computed({"name": "c", "label": "C", "op": "minutes_between", "args": ["before", 3]}),
        "two time fields",
    ),
    (
        "sum of text",
        _computed({"name": "c", "label": "C", "op": "sum", "args": ["what"]}),
        "short-text field “what” in sum",
    ),
    (
        "bool literal",
        _computed({"name": "c", "label": "C", "op": "sum", "args": ["before", True]}),
        "neither a name nor a number",
    ),
    ("no fields", {**base(), "fields": []}, "has no fields"),
    ("bad slug", {**base(), "name": "Thought Record"}, "is named “Thought Record”"),
    ("unknown top-level key", {**base(), "feilds": []}, "settings I don't know"),
    ("fields not a list", {**base(), "fields": {"a": 1}}, "list of tables"),
    ("version zero", {**base(), "version": 0}, "“version” to be 1 or more"),
]


@pytest.mark.parametrize(("case", "data", "fragment"), REJECTED, ids=[r[0] for r in REJECTED])
def test_template_load_errors(case: str, data: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_template(copy.deepcopy(data), source="practice.toml")
    message = str(err.value)
    assert message.startswith("The worksheet template practice.toml "), message
    assert fragment in message, message


def test_base_template_is_valid() -> None:
    # The rejected cases above only differ from this one by the change they name.
    assert make().name == "practice"


# ----------------------------------------------------------------------------- parse_value


def test_spec_message_for_out_of_range_suds() -> None:
    f = make().field("before")
    with pytest.raises(ValidationError) as err:
        parse_value(f, 140)
    assert (
        str(err.value) == "“Distress before” must be a whole number from 0 to 100 (you gave 140)."
    )
    assert err.value.field == "before"


@pytest.mark.parametrize(
    ("raw", "shown"), [("140", "140"), ("lots", "“lots”"), ("7.5", "“7.5”"), (-3, "-3")]
)
def test_integer_messages_echo_the_input(raw: object, shown: str) -> None:
    with pytest.raises(ValidationError, match=rf"\(you gave {shown}\)\.$"):
        parse_value(make().field("before"), raw)


@pytest.mark.parametrize(
    ("raw", "expected"), [(5, 5), ("5", 5), (" 7 ", 7), (10.0, 10), ("0", 0), ("+3", 3)]
)
def test_rating_accepts(raw: object, expected: int) -> None:
    assert parse_value(field("rating"), raw) == expected


@pytest.mark.parametrize("raw", [11, -1, "eleven", 5.5, True, "5/10", [5]])
def test_rating_rejects(raw: object) -> None:
    with pytest.raises(ValidationError, match=r"^“Answer” must be a whole number from 0 to 10"):
        parse_value(field("rating"), raw)


def test_fixed_ranges_hold_on_a_hand_built_field() -> None:
    hand_built = Field(name="x", label="Urge", kind=FieldKind.RATING)
    assert parse_value(hand_built, 10) == 10
    with pytest.raises(ValidationError, match="from 0 to 10"):
        parse_value(hand_built, 11)
    with pytest.raises(ValidationError, match="from 0 to 100"):
        parse_value(Field(name="s", label="SUDS", kind=FieldKind.SUDS), 101)


def test_integer_range_wording() -> None:
    with pytest.raises(ValidationError, match="whole number of 0 or more"):
        parse_value(field("integer", min=0), -1)
    with pytest.raises(ValidationError, match="whole number up to 5"):
        parse_value(field("integer", max=5), 6)
    with pytest.raises(ValidationError, match=r"must be a whole number \(you gave “x”\)"):
        parse_value(field("integer"), "x")
    assert parse_value(field("integer"), "-40") == -40


def test_required_and_empty() -> None:
    f = field("short-text")
    empties: list[object] = [None, "", "   ", []]
    for empty in empties:
        with pytest.raises(ValidationError) as err:
            parse_value(f, empty)
        assert str(err.value) == "“Answer” still needs an answer — a rough one is fine."
        assert err.value.field == "x"
    optional = field("suds", required=False)
    assert parse_value(optional, None) is None
    assert parse_value(optional, " ") is None


def test_text() -> None:
    assert parse_value(field("short-text"), "  anxious \n") == "anxious"
    assert parse_value(field("long-text"), "line one\nline two") == "line one\nline two"
    assert parse_value(field("short-text"), "x" * 200) == "x" * 200
    with pytest.raises(
        ValidationError, match=r"“Answer” can hold up to 200 characters \(this has 201\)"
    ):
        parse_value(field("short-text"), "x" * 201)
    with pytest.raises(ValidationError, match="20,000 characters"):
        parse_value(field("long-text"), "x" * 20_001)
    assert parse_value(field("short-text", max=10), "x" * 10) == "x" * 10
    with pytest.raises(ValidationError, match="up to 10 characters"):
        parse_value(field("short-text", max=10), "x" * 11)
    with pytest.raises(ValidationError, match="written as text"):
        parse_value(field("short-text"), 42)


def test_choice() -> None:
    f = field("choice", choices=["yes", "no", "some"])
    assert parse_value(f, "Some") == "some"
    assert parse_value(f, " NO ") == "no"
    with pytest.raises(ValidationError) as err:
        parse_value(f, "maybe")
    assert str(err.value) == "“Answer” must be one of: yes, no, some (you gave “maybe”)."
    with pytest.raises(ValidationError):
        parse_value(f, 1)


def test_multi_choice() -> None:
    f = field("multi-choice", choices=["mindfulness", "distress tolerance", "emotion regulation"])
    # Returned in the template's order, without repeats, whatever order they came in.
    assert parse_value(f, "emotion regulation, Mindfulness") == [
        "mindfulness",
        "emotion regulation",
    ]
    assert parse_value(f, ["distress tolerance", "mindfulness", "mindfulness"]) == [
        "mindfulness",
        "distress tolerance",
    ]
    assert parse_value(f, "distress   tolerance") == ["distress tolerance"]
    with pytest.raises(ValidationError) as err:
        parse_value(f, "mindfulness, yoga")
    assert "(“yoga” is not one of them)" in str(err.value)
    assert str(err.value).startswith("“Answer” can include any of: mindfulness,")
    with pytest.raises(ValidationError, match="still needs an answer"):
        parse_value(f, " , ,")
    assert parse_value(field("multi-choice", choices=["a"], required=False), ",") is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("23:00", "23:00"),
        ("7:05", "07:05"),
        ("07:05", "07:05"),
        ("0:00", "00:00"),
        ("7pm", "19:00"),
        ("7 PM", "19:00"),
        ("7:30 am", "07:30"),
        ("7.30pm", "19:30"),
        ("11:45 p.m.", "23:45"),
        ("12am", "00:00"),
        ("12pm", "12:00"),
        ("12:30 am", "00:30"),
        ("noon", "12:00"),
        ("midnight", "00:00"),
        ("19h30", "19:30"),
        (time(6, 30), "06:30"),
    ],
)
def test_time_accepts(raw: object, expected: str) -> None:
    assert parse_time(raw) == expected
    assert parse_value(field("time"), raw) == expected


@pytest.mark.parametrize(
    "raw", ["7", "24:00", "23:60", "13pm", "0am", "7:5", "late", "7m", "1930", 1930, "7:30 xm"]
)
def test_time_rejects(raw: object) -> None:
    assert parse_time(raw) is None
    with pytest.raises(ValidationError) as err:
        parse_value(field("time"), raw)
    assert str(err.value).startswith("I couldn't read “")
    assert str(err.value).endswith(
        "” as a time for “Answer”; please write it like 18:30 or 6:30pm."
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (90, 90),
        ("90", 90),
        ("1h30", 90),
        ("1h 30m", 90),
        ("1 hour 30 minutes", 90),
        ("45m", 45),
        ("45 min", 45),
        ("1:30", 90),
        ("0:05", 5),
        ("2h", 120),
        ("1.5h", 90),
        ("0", 0),
        (30.0, 30),
    ],
)
def test_duration_accepts(raw: object, expected: int) -> None:
    assert parse_duration(raw) == expected
    assert parse_value(field("duration"), raw) == expected


@pytest.mark.parametrize("raw", ["-5", -5, "soon", "1h90", "1:75", "h", "1.5", 1.5, "90s"])
def test_duration_rejects(raw: object) -> None:
    assert parse_duration(raw) is None
    with pytest.raises(ValidationError, match="must be a length of time in minutes, like 45"):
        parse_value(field("duration"), raw)


def test_duration_max() -> None:
    f = field("duration", max=240)
    assert parse_value(f, "4h") == 240
    with pytest.raises(ValidationError) as err:
        parse_value(f, "5h")
    assert str(err.value) == (
        "“Answer” must be a length of time up to 240 minutes, like 45 or 1h30 (you gave “5h”)."
    )
    with pytest.raises(ValidationError, match="from 10 to 240 minutes"):
        parse_value(field("duration", min=10, max=240), 5)


def test_format_duration() -> None:
    assert [format_duration(m) for m in (0, 45, 60, 90, 125)] == [
        "0m",
        "45m",
        "1h",
        "1h 30m",
        "2h 5m",
    ]


# ----------------------------------------------------------------------------- validate_answers


def test_validate_normalises_and_fills_empties() -> None:
    t = make()
    answers = validate_answers(t, {"what": " bus ride ", "before": "70", "start": "7pm"})
    assert answers == {
        "what": "bus ride",
        "before": 70,
        "after": None,
        "start": "19:00",
        "end": None,
    }
    assert list(answers) == [f.name for f in t.fields]


def test_validate_collects_every_problem() -> None:
    t = make()
    with pytest.raises(AnswersError) as err:
        validate_answers(t, {"before": 140, "end": "late", "mood": 3})
    problems = err.value.problems
    assert set(problems) == {"mood", "what", "before", "end"}
    assert problems["mood"] == "This worksheet has no question called “mood”."
    assert problems["what"] == "“What I did” still needs an answer — a rough one is fine."
    assert "140" in problems["before"]
    assert isinstance(err.value, ValidationError)
    assert str(err.value) == problems[err.value.field or ""]


def test_unknown_key_alone_is_rejected() -> None:
    with pytest.raises(ValidationError, match="no question called “extra”"):
        validate_answers(make(), {"what": "x", "before": 1, "extra": "y"})


# ----------------------------------------------------------------------------- compute


def test_compute_with_everything() -> None:
    t = make()
    answers = validate_answers(
        t, {"what": "x", "before": 80, "after": 20, "start": "23:00", "end": "07:00"}
    )
    assert compute(t, answers) == {"drop": 60, "span": 480, "share": 75.0}


def test_compute_missing_input_gives_none_and_chains() -> None:
    t = make()
    answers = validate_answers(t, {"what": "x", "before": 80})
    # "share" depends on "drop", which depends on the empty "after".
    assert compute(t, answers) == {"drop": None, "span": None, "share": None}


def test_percent_of_zero_is_none() -> None:
    t = make()
    answers = validate_answers(t, {"what": "x", "before": 0, "after": 0})
    assert compute(t, answers)["share"] is None


@pytest.mark.parametrize(
    ("op", "args", "expected"),
    [
        ("sum", ["a", "b", "c"], 18),
        ("subtract", ["a", "b", "c"], -12),
        ("subtract", ["a", 1], 2),
        ("difference", ["b", "a"], 3),
        ("percent", ["a", "b"], 50.0),
        ("percent", ["a", "c"], 33.3),
        ("mean", ["a", "b", "c"], 6.0),
        ("mean", ["a", "b"], 4.5),
        ("max", ["a", "b", "c"], 9),
        ("min", ["a", "b", "c"], 3),
        ("sum", ["a", 2.5], 5.5),
    ],
)
def test_each_operation(op: str, args: list[object], expected: float) -> None:
    t = parse_template(
        {
            "name": "ops",
            "title": "Ops",
            "fields": [
                {"name": "a", "label": "A", "kind": "integer"},
                {"name": "b", "label": "B", "kind": "rating"},
                {"name": "c", "label": "C", "kind": "duration"},
            ],
            "computed": [{"name": "r", "label": "R", "op": op, "args": args}],
        },
        source="ops.toml",
    )
    assert compute(t, validate_answers(t, {"a": 3, "b": 6, "c": 9})) == {"r": expected}


@pytest.mark.parametrize(
    ("start", "end", "minutes"),
    [
        ("23:00", "07:00", 480),
        ("07:00", "23:00", 960),
        ("00:00", "00:00", 0),
        ("23:59", "00:01", 2),
    ],
)
def test_minutes_between_wraps_midnight(start: str, end: str, minutes: int) -> None:
    t = make()
    answers = validate_answers(t, {"what": "x", "before": 1, "start": start, "end": end})
    assert compute(t, answers)["span"] == minutes


# ----------------------------------------------------------------------------- properties

RANGES = {"rating": (0, 10), "suds": (0, 100)}


@given(st.sampled_from(["rating", "suds"]), st.integers(-1000, 1000), st.booleans())
def test_fixed_ranges_accept_exactly_in_range(kind: str, value: int, as_text: bool) -> None:
    lo, hi = RANGES[kind]
    raw: object = str(value) if as_text else value
    if lo <= value <= hi:
        assert parse_value(field(kind), raw) == value
    else:
        with pytest.raises(ValidationError):
            parse_value(field(kind), raw)


@given(st.integers(-50, 50), st.integers(0, 60), st.integers(-200, 200))
def test_integer_accepts_exactly_in_range(lo: int, width: int, value: int) -> None:
    hi = lo + width
    f = field("integer", min=lo, max=hi)
    if lo <= value <= hi:
        assert parse_value(f, value) == value
    else:
        with pytest.raises(ValidationError, match=f"from {lo} to {hi}"):
            parse_value(f, value)


@given(st.integers(0, 10_000))
def test_duration_round_trips(minutes: int) -> None:
    assert parse_duration(format_duration(minutes)) == minutes
    assert parse_duration(str(minutes)) == minutes
    hours, rest = divmod(minutes, 60)
    if hours < 1000:
        assert parse_duration(f"{hours}:{rest:02d}") == minutes
        assert parse_duration(f"{hours}h{rest}") == minutes
        assert parse_duration(f"{hours}h {rest}m") == minutes


@given(st.integers(0, 23), st.integers(0, 59))
def test_time_round_trips(hour: int, minute: int) -> None:
    hhmm = f"{hour:02d}:{minute:02d}"
    assert parse_time(hhmm) == hhmm
    assert parse_time(parse_time(f"{hour}:{minute:02d}")) == hhmm
    twelve = hour % 12 or 12
    suffix = "am" if hour < 12 else "pm"
    assert parse_time(f"{twelve}:{minute:02d} {suffix}") == hhmm
    assert parse_time(f"{twelve}:{minute:02d}{suffix.upper()}") == hhmm


@given(st.data())
def test_percent_stays_within_0_and_100_when_part_fits(data: st.DataObject) -> None:
    t = parse_template(
        {
            "name": "p",
            "title": "P",
            "fields": [
                {"name": "part", "label": "Part", "kind": "duration"},
                {"name": "whole", "label": "Whole", "kind": "duration"},
            ],
            "computed": [{"name": "pc", "label": "Pc", "op": "percent", "args": ["part", "whole"]}],
        },
        source="p.toml",
    )
    whole = data.draw(st.integers(1, 100_000))
    part = data.draw(st.integers(0, whole))
    pc = compute(t, validate_answers(t, {"part": part, "whole": whole}))["pc"]
    assert isinstance(pc, float)
    assert 0 <= pc <= 100
    assert abs(pc - part / whole * 100) <= 0.05 + 1e-9
