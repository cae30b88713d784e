"""The readers of other apps' exports, on their own (no database)."""

from __future__ import annotations

from datetime import time
from zoneinfo import ZoneInfo

import pytest

from midweek.domain.imports import Format, ItemKind, _clock, parse

ZONE = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9:15 pm", time(21, 15)),
        ("9:15 PM", time(21, 15)),
        ("12:05 am", time(0, 5)),
        ("12:30 pm", time(12, 30)),
        ("21:15", time(21, 15)),
        ("07:45:00", time(7, 45)),
    ],
)
def test_daylio_and_jrnl_clock_times(text: str, expected: time) -> None:
    assert _clock(text) == expected


@pytest.mark.parametrize("text", ["25:00", "13:00 pm", "noonish", ""])
def test_clock_times_that_do_not_read(text: str) -> None:
    with pytest.raises(ValueError):
        _clock(text)


def test_jrnl_tags_are_at_words_not_email_addresses() -> None:
    data = b"[2026-10-05 07:45] Wrote to sam@example.com about @work-life.\n"
    (item,) = parse(Format.JRNL, data, zone=ZONE).items
    assert item.tags == ("work-life",)
    assert item.at.tzinfo is ZONE and item.kind is ItemKind.JOURNAL


def test_a_long_first_line_is_cut_for_the_preview() -> None:
    data = b"[2026-10-05 07:45] " + b"word " * 30 + b"\n"
    (item,) = parse(Format.JRNL, data, zone=ZONE).items
    assert len(item.title) == 60 and item.title.endswith("\u2026")


def test_the_same_words_at_another_time_are_another_entry() -> None:
    data = b"[2026-10-05 07:45] Walked.\n[2026-10-06 07:45] Walked.\n"
    first, second = parse(Format.JRNL, data, zone=ZONE).items
    assert first.identity != second.identity
