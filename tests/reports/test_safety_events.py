"""Safety events reach the prep report only when the person includes them, in calm words."""

from __future__ import annotations

from dataclasses import replace

import pytest
from prep_fixture import make_data

from midweek.domain.errors import ValidationError
from midweek.domain.safety import RISK_PHRASES
from midweek.reports.markdown import render_markdown
from midweek.reports.view import build_view, item_ids


def test_left_out_by_default_and_golden_output_unchanged() -> None:
    data = replace(make_data(), safety_events=3)
    assert "safety:events" not in item_ids(build_view(data))
    assert render_markdown(build_view(data)) == render_markdown(build_view(make_data()))


@pytest.mark.parametrize("include", ["safety", "safety:events"])
def test_included_on_request_in_calm_words(include: str) -> None:
    view = build_view(replace(make_data(item9=False), safety_events=3), include=[include])
    safety = next(s for s in view.sections if s.id == "safety")
    assert [i.id for i in safety.items] == ["safety:events"]
    text = safety.items[0].text
    assert text == "You noted some very hard moments this period (3 times)."
    assert not any(p in text.lower() for p in RISK_PHRASES)
    assert any("not an emergency service" in line for line in safety.outro)


def test_no_events_no_item_and_it_can_still_be_left_out() -> None:
    assert "safety" not in item_ids(build_view(make_data(item9=False), include=["safety"]))
    data = replace(make_data(), safety_events=1)
    view = build_view(data, include=["safety"], exclude=["safety:events"])
    assert "safety:events" not in {i.id for s in view.sections for i in s.items}


def test_unknown_include_is_refused_kindly() -> None:
    with pytest.raises(ValidationError, match="what can be added is: safety"):
        build_view(make_data(), include=["journal"])
