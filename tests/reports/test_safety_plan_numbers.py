"""The printable safety plan: numbers stay readable text, and are tel:/sms: links too."""

from __future__ import annotations

import re
import zlib

from midweek.domain.entities import PlanContact, SafetyPlan
from midweek.reports.safety_plan import render_plan_html, render_plan_pdf
from midweek.services.library import crisis_resources

PLAN = SafetyPlan(
    people=[PlanContact("Mum", "07700 900123"), PlanContact("Sam")],
    professionals=[PlanContact("Dr Tan", "+44 (0)20 7946 0000")],
)


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_the_html_keeps_each_number_as_text_and_links_it() -> None:
    html = render_plan_html(PLAN, crisis_resources("IE"))
    assert '<a href="tel:07700900123">07700 900123</a>' in html
    assert '<a href="tel:+442079460000">+44 (0)20 7946 0000</a>' in html
    assert '<a href="tel:116123">116 123</a>' in html
    assert '<a href="sms:50808">50808</a>' in html
    # "112 or 999": each number its own link, the words between stay words.
    assert 'Emergency: <a href="tel:112">112</a> or <a href="tel:999">999</a>' in html
    text = _text(html)
    assert "Mum: 07700 900123" in text and "Sam" in text
    assert "Samaritans: call 116 123, https://www.samaritans.org (24/7, free)" in text


def test_no_number_means_no_link() -> None:
    html = render_plan_html(PLAN, crisis_resources("INTL"))
    assert 'href="tel:"' not in html
    assert "Emergency: your local emergency number" in _text(html)


def test_the_pdf_keeps_the_links() -> None:
    pdf = render_plan_pdf(PLAN, crisis_resources("GB"))
    streams = [pdf]
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            streams.append(zlib.decompress(m.group(1)))
        except zlib.error:
            continue  # not a deflated stream (an image, a font)
    everything = b"".join(streams)
    for uri in (b"tel:07700900123", b"tel:+442079460000", b"tel:999", b"tel:116123"):
        assert uri in everything, uri
