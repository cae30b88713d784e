"""Validation of what a person enters, before anything is written."""

from __future__ import annotations

from midweek.domain.entities import Assignment, Goal
from midweek.domain.errors import ValidationError
from midweek.i18n import _

MAX_TEXT = 20_000
MAX_TITLE = 200


def check_range(value: int | None, low: int, high: int, *, label: str, field: str) -> None:
    if value is not None and not low <= value <= high:
        raise ValidationError(
            _("{label} is a number from {low} to {high}; {value} is outside that.").format(
                label=label, low=low, high=high, value=value
            ),
            field=field,
        )


def check_text(text: str | None, *, label: str, field: str, limit: int = MAX_TEXT) -> str:
    """Stripped text; empty or over-long text is refused with a kind sentence."""
    cleaned = (text or "").strip()
    if not cleaned:
        raise ValidationError(
            _("{label} is empty; please write a few words.").format(label=label), field=field
        )
    if len(cleaned) > limit:
        raise ValidationError(
            _("{label} is longer than {limit:,} characters; please shorten it.").format(
                label=label, limit=limit
            ),
            field=field,
        )
    return cleaned


def optional_text(text: str | None, *, label: str, field: str, limit: int = MAX_TEXT) -> str | None:
    if text is None or not text.strip():
        return None
    return check_text(text, label=label, field=field, limit=limit)


def check_mood(mood: int | None) -> None:
    check_range(mood, 0, 10, label="Mood", field="mood")


def check_goal(g: Goal) -> None:
    g.text = check_text(g.text, label="The goal", field="text", limit=MAX_TITLE * 5)
    g.value = optional_text(g.value, label="The value", field="value", limit=MAX_TITLE * 5)
    check_range(g.importance, 0, 10, label="Importance", field="importance")
    check_range(g.confidence, 0, 10, label="Confidence", field="confidence")


def check_assignment(a: Assignment) -> None:
    a.title = check_text(a.title, label="The title", field="title", limit=MAX_TITLE)
    a.instructions = optional_text(a.instructions, label="The instructions", field="instructions")
    check_range(a.per_week, 1, 21, label="Times per week", field="per_week")
    check_range(a.minutes, 1, 600, label="Minutes per practice", field="minutes")
    if a.end is not None and a.end < a.start:
        raise ValidationError(
            _("The end date {a_end} is before the start date {a_start}.").format(
                a_end=a.end, a_start=a.start
            ),
            field="until",
        )
