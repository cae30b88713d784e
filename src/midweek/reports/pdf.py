"""The prep report as PDF, made by WeasyPrint from the self-contained HTML.

WeasyPrint is imported here only, so other formats never pay for it.
"""

from __future__ import annotations

from midweek import messages
from midweek.domain.errors import ValidationError
from midweek.reports.html import render_html
from midweek.reports.view import PrepView


def render_pdf(view: PrepView) -> bytes:
    """PDF bytes; ValidationError ("install midweek[pdf]") when WeasyPrint is missing."""
    try:
        from weasyprint import HTML
    except ImportError:
        raise ValidationError(messages.PREP_PDF_MISSING) from None
    pdf: bytes | None = HTML(string=render_html(view)).write_pdf()
    assert pdf is not None  # no target given, so WeasyPrint returns the bytes
    return pdf
