"""The prep view-model: ids, exclusion, partial credit, wins, measures and item 9."""

from __future__ import annotations

import pytest
from prep_fixture import SUPPORT, make_data

from midweek.domain.errors import ValidationError
from midweek.reports.charts import sparkline
from midweek.reports.view import build_view, item_ids, section_ids
from midweek.services.prep import PrepData


def texts(view, section: str) -> list[str]:
    return [i.text for s in view.sections if s.id == section for i in s.items]


def test_sections_and_stable_item_ids(prep_data: PrepData) -> None:
    view = build_view(prep_data, include=["safety"])
    assert section_ids(view) == [
        "practice",
        "wins",
        "barriers",
        "journal",
        "insights",
        "questions",
        "measures",
        "safety",
        "mood",
    ]
    ids = item_ids(view)
    for ident in (
        "practice:3",
        "win:12",
        "win:13",
        "barrier-kind:time",
        "journal:45",
        "question:7",
        "measure:phq9",
        "measure:gad7",
        "measure-chart",
        "mood-chart",
        "insight:session-5-1",
        "insight:journal-46",
        "item9:31",
    ):
        assert ident in ids


def test_partial_credit_numbers_are_plain_and_kind(prep_data: PrepData) -> None:
    view = build_view(prep_data)
    assert texts(view, "practice") == [
        "Worry time: 2 of 3 practices, 25 of 30 minutes",
        "Mindful walk: 1 partly — about ½ of 2 practices, 10 of 30 minutes",
    ]
    practice = next(s for s in view.sections if s.id == "practice")
    overall = "2 done and 1 partly — about 2½ of 5 planned practices, 35 minutes"
    assert practice.intro is not None and overall in practice.intro
    assert "missed" not in str(view).lower()


def test_wins_one_item_per_practice_with_every_kind(prep_data: PrepData) -> None:
    wins = texts(build_view(prep_data), "wins")
    assert wins == [
        "Sun 22 Nov 2026 — Worry time: practised even after something got in the way; "
        "best-rated practice so far (3 of 4)",
        "Mon 23 Nov 2026 — Mindful walk: first practice",
    ]


def test_barriers_grouped_by_kind_with_next_steps(prep_data: PrepData) -> None:
    view = build_view(prep_data)
    barriers = next(s for s in view.sections if s.id == "barriers")
    time_item = barriers.items[0]
    assert time_item.id == "barrier-kind:time"
    assert time_item.text == "No time or energy: 2 times, with Worry time, Mindful walk"
    assert time_item.details == ("Next steps I chose: Reschedule it; Shrink it",)


def test_measure_meaning_and_change(prep_data: PrepData) -> None:
    assert texts(build_view(prep_data), "measures")[:2] == [
        "PHQ-9 13 → 7 (moderate → mild): reliable improvement",
        "GAD-7 8 → 7 (mild): down 1 point, not yet a reliable change",
    ]


def test_item9_listed_on_its_own_with_crisis_contacts(prep_data: PrepData) -> None:
    view = build_view(prep_data, support=SUPPORT, include=["safety"])
    safety = next(s for s in view.sections if s.id == "safety")
    assert [i.id for i in safety.items] == ["item9:31"]
    assert "answered 1 of 3" in safety.items[0].text
    assert any("Samaritans: call 116 123 (24/7)" in line for line in safety.outro)
    assert any("not an emergency service" in line for line in safety.outro)


def test_no_item9_no_safety_section() -> None:
    assert "safety" not in section_ids(build_view(make_data(item9=False)))


def test_exclude_whole_section_and_single_item(prep_data: PrepData) -> None:
    view = build_view(prep_data, exclude={"journal", "question:7", "practice:4"})
    assert "journal" not in section_ids(view)
    assert "questions" not in section_ids(view)  # its only item went, so the section did
    assert texts(view, "practice") == ["Worry time: 2 of 3 practices, 25 of 30 minutes"]
    practice = next(s for s in view.sections if s.id == "practice")
    assert practice.intro is None  # the total would count what was left out
    assert view.excluded == frozenset({"journal", "question:7", "practice:4"})


def test_unknown_id_lists_the_valid_ones(prep_data: PrepData) -> None:
    with pytest.raises(ValidationError) as err:
        build_view(prep_data, exclude=["journal:999"])
    assert "journal:999" in str(err.value) and "journal:45" in str(err.value)


def test_sparkline_uses_a_fixed_scale() -> None:
    assert sparkline([0, 5, 10], low=0, high=10) == "▁▅█"
    assert sparkline([], low=0, high=10) == ""
