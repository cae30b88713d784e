"""Choosing a journaling prompt tied to the current themes and last session's takeaways."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date


def choose_prompt(
    *,
    day: date,
    themes: Sequence[str],
    takeaways: Sequence[str],
    theme_prompts: Sequence[str],
    takeaway_prompts: Sequence[str],
    general_prompts: Sequence[str],
) -> str:
    """One prompt for the day: stable within a day, varied across days.

    Prompts with ``{theme}`` / ``{takeaway}`` are filled from the latest session; with no
    session yet, a general prompt is given.
    """
    candidates: list[str] = []
    for theme in themes:
        candidates.extend(p.format(theme=_quoted(theme)) for p in theme_prompts)
    for takeaway in takeaways:
        candidates.extend(p.format(takeaway=_quoted(takeaway)) for p in takeaway_prompts)
    if not candidates:
        candidates = list(general_prompts)
    if not candidates:
        raise ValueError("no prompts to choose from")
    return candidates[day.toordinal() % len(candidates)]


def _quoted(words: str) -> str:
    """Words as they sit inside quotation marks in the middle of a prompt's sentence: a
    final full stop is the prompt's to give (“… earlier”. Where …, never “… earlier.”.)."""
    text = words.strip()
    return text[:-1].rstrip() if text.endswith(".") and not text.endswith("..") else text
