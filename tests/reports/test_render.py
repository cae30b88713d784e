"""Renderers: golden Markdown and HTML (exact), a self-contained HTML, a PDF that is not blank.

Regenerate the golden files on purpose with ``MIDWEEK_REGEN_GOLDEN=1``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from prep_fixture import SUPPORT

from midweek.reports.html import render_html
from midweek.reports.markdown import render_markdown
from midweek.reports.terminal import render_terminal
from midweek.reports.view import PrepView, build_view
from midweek.services.prep import PrepData

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def view(prep_data: PrepData) -> PrepView:
    # Everything, the risk items added too, so the golden files show every part.
    return build_view(prep_data, support=SUPPORT, include=["safety"])


def golden(name: str, actual: str) -> None:
    path = DATA / name
    if os.environ.get("MIDWEEK_REGEN_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


def test_markdown_golden(view: PrepView) -> None:
    golden("prep.md", render_markdown(view))


def test_html_golden(view: PrepView) -> None:
    golden("prep.html", render_html(view))


def test_rendering_is_deterministic(prep_data: PrepData) -> None:
    a = render_html(build_view(prep_data))
    b = render_html(build_view(prep_data))
    assert a == b


class Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.sections: list[str] = []
        self.items: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "section":
            self.sections.append(a.get("id") or "")
        if tag == "li" and a.get("id"):
            self.items.append(a["id"] or "")
        for key in ("src", "href"):
            if (a.get(key) or "").startswith(("http://", "https://", "//")):
                self.external.append(f"{tag} {key}={a[key]}")
        if tag in ("script", "link", "img", "iframe"):
            self.external.append(tag)


def test_html_is_one_self_contained_printable_file(view: PrepView) -> None:
    html = render_html(view)
    outline = Outline()
    outline.feed(html)
    assert outline.external == []
    assert not re.search(r"(url\(|@import)\s*['\"]?https?://", html)
    assert "@media print" in html and "@page" in html
    assert outline.tags.count("svg") == 2  # PHQ-9/GAD-7 and mood, from pygal
    assert "pygal-chart" in html
    assert outline.sections[0] == "practice" and "mood" in outline.sections
    assert "journal:45" in outline.items
    # Text is escaped, never markup.
    assert "&lt;Heart racing&gt; &amp; all." in html


def test_excluded_items_leave_no_trace(prep_data: PrepData) -> None:
    view = build_view(prep_data, exclude={"journal", "mood-chart"})
    for text in (render_html(view), render_markdown(view), render_terminal(view)):
        assert "Heart racing" not in text
        assert "Mood over this period" not in text


def test_terminal_has_a_sparkline(view: PrepView) -> None:
    text = render_terminal(view)
    assert "Mood   ▄▅▃▅  4 → 6" in text
    assert "Worry time: 2 of 3 practices, 25 of 30 minutes" in text


def _dark_pixels(pgm: bytes) -> int:
    # Binary PGM: "P5", width, height, maxval (whitespace separated), then one byte a pixel.
    fields = pgm.split(maxsplit=4)
    assert fields[0] == b"P5"
    width, height = int(fields[1]), int(fields[2])
    pixels = fields[4][: width * height]
    return sum(1 for p in pixels if p < 200)


def test_pdf_page_one_is_not_blank(view: PrepView, tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed")
    from midweek.reports.pdf import render_pdf

    pdf = render_pdf(view)
    assert pdf.startswith(b"%PDF")
    out = tmp_path / "prep.pdf"
    out.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-gray", "-r", "50", "-f", "1", "-l", "1", str(out), str(tmp_path / "p")],
        check=True,
    )
    (page,) = tmp_path.glob("p*.pgm")
    assert _dark_pixels(page.read_bytes()) > 500


def test_pdf_without_weasyprint_asks_for_the_extra(
    view: PrepView, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from midweek.domain.errors import ValidationError
    from midweek.reports.pdf import render_pdf

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # makes the import fail
    with pytest.raises(ValidationError, match=r"midweek\[pdf\]"):
        render_pdf(view)
