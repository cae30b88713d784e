"""Leaving out goes by meaning: whatever is left out (an item, a section or a kind) is out of
every part of the report that shows it, whichever heading it sits under, in all four
formats (terminal, Markdown, HTML and the text of a real PDF).

Each case first checks that the words are in the whole report in every format, so a case
cannot pass by looking for something that was never there.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from prep_fixture import SUPPORT, make_data

from midweek.reports.html import render_html
from midweek.reports.markdown import render_markdown
from midweek.reports.terminal import render_terminal
from midweek.reports.view import KINDS, PrepView, build_view, item_ids, kind_ids, reach

ALL = ["safety"]  # the whole report: the risk items added, so their leaving can be checked


def _pdf_text(view: PrepView, tmp: Path) -> str:
    pytest.importorskip("weasyprint")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    from midweek.reports.pdf import render_pdf

    out = tmp / "prep.pdf"
    out.write_bytes(render_pdf(view))
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(out), "-"], check=True, capture_output=True, text=True
    ).stdout


def _formats(tmp: Path) -> dict[str, Callable[[PrepView], str]]:
    return {
        "terminal": render_terminal,
        "markdown": render_markdown,
        "html": render_html,
        "pdf": lambda v: _pdf_text(v, tmp),
    }


def _plain(text: str) -> str:
    # Wrapped lines (terminal, PDF) and Markdown escapes must not hide a word.
    return " ".join(text.replace("\\", "").replace("&lt;", "<").replace("&gt;", ">").split())


#: (what is left out, words that must be gone everywhere, words that must stay)
CASES: list[tuple[list[str], list[str], list[str]]] = [
    # PHQ-9, by its score item, by kind and by the name people use: scores, its chart line
    # and the item-9 sentence under "Worth talking about" all go; GAD-7 stays, charted.
    (["measure:phq9"], ["PHQ-9", "13 → 7", "better off dead"], ["GAD-7 over time", "GAD-7 8"]),
    (["phq9"], ["PHQ-9", "13 → 7", "better off dead"], ["GAD-7 over time"]),
    (["PHQ-9"], ["PHQ-9", "better off dead"], ["GAD-7 8 → 7"]),
    (["measure:gad7"], ["GAD-7", "8 → 7"], ["PHQ-9 over time", "better off dead"]),
    (["gad7"], ["GAD-7"], ["PHQ-9 13 → 7"]),
    (["measures"], ["PHQ-9", "GAD-7", "Check-in scores", "better off dead"], ["mood check-ins"]),
    (["measure-chart"], ["over time"], ["PHQ-9 13 → 7", "GAD-7 8 → 7"]),
    # Mood: its summary sentence and its chart.
    (["mood-chart"], ["mood check-ins", "average 4.5"], ["PHQ-9 13 → 7"]),
    (["mood"], ["mood check-ins"], ["Guilt fades"]),
    # The risk items.
    (["item9:31"], ["better off dead", "Worth talking about", "Samaritans"], ["PHQ-9 13 → 7"]),
    (["safety"], ["better off dead", "Worth talking about", "Emergency: 999"], ["PHQ-9 13"]),
    # Writing: journal entries, insights (session takeaways and tagged entries), questions.
    (["journal:45"], ["Heart racing"], ["Guilt fades"]),
    (["journal"], ["Heart racing", "Journal entries to bring"], ["Guilt fades"]),
    (["insight:journal-46"], ["Guilt fades"], ["Thoughts are not facts"]),
    (["insight:session-5-1"], ["Thoughts are not facts"], ["Guilt fades"]),
    (["insights"], ["Thoughts are not facts", "Guilt fades", "New insights"], ["Heart racing"]),
    (["question:7"], ["handle the guilt", "Open questions"], ["Heart racing"]),
    (["questions"], ["handle the guilt"], ["Heart racing"]),
    # Practice: one homework goes from its totals, its wins and the barriers naming it.
    (["practice:3"], ["Worry time"], ["Mindful walk: 1 partly", "No time or energy: 2 times"]),
    (["practice"], ["Worry time", "Mindful walk", "Small wins", "planned practices"], ["PHQ-9"]),
    (["win:12"], ["best-rated practice"], ["Worry time: 2 of 3", "first practice"]),
    (["wins"], ["best-rated practice", "Small wins"], ["Worry time: 2 of 3"]),
    # Barriers: the barrier, and the win that tells of one ("even after … got in the way").
    (["barrier-kind:time"], ["No time or energy", "Shrink it", "after something got"], ["scary"]),
    (["barriers"], ["What got in the way", "after something got", "scary"], ["first practice"]),
]


@pytest.mark.parametrize(("exclude", "gone", "kept"), CASES, ids=lambda c: None)
def test_what_is_left_out_is_out_of_every_format(
    exclude: list[str], gone: list[str], kept: list[str], tmp_path: Path
) -> None:
    data = make_data()
    whole = build_view(data, support=SUPPORT, include=ALL)
    cut = build_view(data, support=SUPPORT, include=ALL, exclude=exclude)
    for fmt, render in _formats(tmp_path).items():
        before, after = _plain(render(whole)), _plain(render(cut))
        for words in gone:
            assert words in before, f"{words!r} is not in the whole {fmt} report"
            assert words not in after, f"{exclude}: {words!r} is still in the {fmt} report"
        for words in kept:
            assert words in after, f"{exclude}: {words!r} went from the {fmt} report too"


def test_the_safety_flag_count_leaves_every_format(tmp_path: Path) -> None:
    data = replace(make_data(item9=False), safety_events=3)
    whole = build_view(data, support=SUPPORT, include=ALL)
    for exclude in (["safety:events"], ["safety"]):
        cut = build_view(data, support=SUPPORT, include=ALL, exclude=exclude)
        for fmt, render in _formats(tmp_path).items():
            assert "very hard moments" in _plain(render(whole)), fmt
            after = _plain(render(cut))
            assert "very hard moments" not in after and "Samaritans" not in after, fmt


def test_every_item_type_and_kind_has_a_case() -> None:
    """A new kind of item or data must come with its own leave-out case above."""
    whole = build_view(replace(make_data(), safety_events=1), support=SUPPORT, include=ALL)
    covered = {e.partition(":")[0] for case in CASES for e in case[0]} | {"safety"}
    types = {i.partition(":")[0] for i in item_ids(whole)}
    assert types <= covered, types - covered
    assert set(kind_ids(whole)) == set(KINDS) <= covered | {"phq9", "gad7", "mood"}


@pytest.mark.parametrize("exclude", ["mood", "mood-chart"])
def test_the_mood_chart_goes_with_mood(exclude: str) -> None:
    cut = build_view(make_data(), exclude=[exclude])
    assert "Mood over this period" not in render_html(cut)
    assert "▄▅▃▅" not in render_markdown(cut) and "▄▅▃▅" not in render_terminal(cut)
    assert "over time" in render_html(cut)  # the measures chart stays


def test_a_chart_with_one_measure_left_is_named_and_scaled_for_it() -> None:
    view = build_view(make_data(), exclude=["phq9"])
    chart = next(i.chart for s in view.sections for i in s.items if i.id == "measure-chart")
    assert chart is not None
    assert chart.title == "GAD-7 over time"
    assert [s.name for s in chart.series] == ["GAD-7"]
    assert chart.high == 21  # GAD-7's top score, not PHQ-9's 27


def test_reach_names_what_else_an_item_takes_out() -> None:
    whole = build_view(make_data(), include=ALL)
    assert set(reach(whole, "measure:phq9")) == {"measure-chart", "item9:31"}
    assert set(reach(whole, "practice:3")) == {"win:12", "barrier-kind:time"}
    assert reach(whole, "measure-chart") == []  # leaving out the chart leaves only the chart


def test_kinds_are_named_in_the_error_for_an_unknown_id() -> None:
    from midweek.domain.errors import ValidationError

    with pytest.raises(ValidationError) as err:
        build_view(make_data(), exclude=["phq10"])
    assert "phq10" in str(err.value) and "phq9" in str(err.value)


# --- risk items: out unless the person adds them --------------------------------------


def test_risk_items_are_out_by_default_in_every_format(tmp_path: Path) -> None:
    data = replace(make_data(), safety_events=2)
    default = build_view(data, support=SUPPORT)
    assert "item9:31" not in item_ids(default) and "safety" not in item_ids(default)
    for fmt, render in _formats(tmp_path).items():
        text = _plain(render(default))
        for words in ("better off dead", "very hard moments", "Worth talking about"):
            assert words not in text, f"{words!r} is in the default {fmt} report"
        assert "PHQ-9 13 → 7" in text  # the scores themselves are not risk items


def test_added_risk_items_are_in_and_can_be_left_out_one_by_one() -> None:
    data = replace(make_data(), safety_events=2)
    added = build_view(data, support=SUPPORT, include=["safety"])
    text = render_markdown(added)
    assert "better off dead" in text and "very hard moments" in text and "Samaritans" in text
    assert added.included == frozenset({"safety"})
    only_item9 = render_markdown(build_view(data, include=["item9"]))
    assert "better off dead" in only_item9 and "very hard moments" not in only_item9
    one_out = render_markdown(build_view(data, include=["safety"], exclude=["item9:31"]))
    assert "better off dead" not in one_out and "very hard moments" in one_out


def test_leaving_out_a_risk_item_not_added_is_fine() -> None:
    # Out is out: naming an item that is already out is not an error.
    view = build_view(make_data(), exclude=["item9:31"])
    assert "better off dead" not in render_markdown(view)
