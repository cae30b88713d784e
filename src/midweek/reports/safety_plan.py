"""The safety plan as one printable page: small self-contained HTML, and PDF from it.

WeasyPrint is imported inside ``render_plan_pdf`` only, so nothing else pays for it.
"""

from __future__ import annotations

from datetime import tzinfo
from html import escape

from midweek import messages
from midweek.domain.entities import PlanContact, SafetyPlan
from midweek.domain.errors import ValidationError
from midweek.domain.safety import CrisisResources, dial_number, dial_parts
from midweek.domain.safety_plan import CONTACT_SECTIONS, SECTIONS
from midweek.services.safety_plan import contact_line

# Sized so that a full plan (a few lines per section) fits one A4 or Letter page.
_CSS = """
@page { size: A4; margin: 12mm 14mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 9.5pt; color: #222;
       line-height: 1.3; }
h1 { font-size: 15pt; margin: 0 0 2mm; }
h2 { font-size: 10.5pt; margin: 3mm 0 1mm; color: #234; }
ul { margin: 0; padding-left: 5mm; }
li { margin: 0; }
.updated, .empty { color: #666; margin: 0; }
.crisis { border: 1px solid #9ab; border-radius: 2mm; padding: 1mm 3mm 2mm; margin-top: 3mm; }
.note { margin: 1.5mm 0 0; }
a { color: inherit; text-decoration: none; }
"""


def _number(text: str, scheme: str = "tel") -> str:
    """``text`` as printed, and a link to dial it when it holds a number (WeasyPrint keeps
    links in the PDF, so a phone's PDF viewer can call it; on paper it is the number)."""
    dialled = dial_number(text)
    if dialled is None:
        return escape(text)
    return f'<a href="{scheme}:{escape(dialled)}">{escape(text)}</a>'


def _way(said: str, number: str, scheme: str = "tel") -> str:
    """A way to reach a line ("call 116 123", in the reader's words) with its number linked."""
    before, _found, after = said.partition(number)
    return f"{escape(before)}{_number(number, scheme)}{escape(after)}"


def _sentence(text: str) -> str:
    """A sentence whose every number is a tel: link ("Emergency: 112 or 999")."""
    return "".join(
        f'<a href="tel:{escape(d)}">{escape(piece)}</a>' if d else escape(piece)
        for piece, d in dial_parts(text)
    )


def _contact(item: PlanContact) -> str:
    if not item.phone:
        return escape(contact_line(item))
    return f"{escape(item.name)}: {_number(item.phone)}"


def render_plan_html(
    plan: SafetyPlan, support: CrisisResources | None, *, tz: tzinfo | None = None
) -> str:
    """A complete HTML page with the plan and, when given, the crisis lines; its day is in
    ``tz``, the person's zone (None: this machine's)."""
    e = escape
    parts = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(messages.PLAN_TITLE)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(messages.PLAN_TITLE)}</h1>",
    ]
    if plan.updated_at is not None:
        day = f"{plan.updated_at.astimezone(tz):%Y-%m-%d}"
        parts.append(f'<p class="updated">{e(messages.plan_updated(day))}</p>')
    for section in SECTIONS:
        parts.append(f"<h2>{e(messages.PLAN_SECTIONS[section])}</h2>")
        items = getattr(plan, section)
        if not items:
            parts.append(f'<p class="empty">{e(messages.PLAN_EMPTY_SECTION)}</p>')
            continue
        lines = [_contact(i) if section in CONTACT_SECTIONS else e(i) for i in items]
        parts.append("<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>")
    if support is not None:
        parts.append(f'<div class="crisis"><h2>{e(messages.PLAN_CRISIS_HEADING)}</h2><ul>')
        for c in support.contacts:
            hours = f" ({c.hours})" if c.hours else ""
            # The same words as crisis_ways ("call 116 123, text 988, url"), numbers linked.
            ways = [
                _way(messages.crisis_call(c.phone), c.phone) if c.phone else None,
                _way(messages.crisis_text(c.text), c.text, "sms") if c.text else None,
                f'<a href="{e(c.url)}">{e(c.url)}</a>' if c.url else None,
            ]
            parts.append(f"<li>{e(c.title)}: {', '.join(w for w in ways if w)}{e(hours)}</li>")
        parts.append(f"<li>{_sentence(messages.crisis_emergency(support.emergency_number))}</li>")
        parts.append("</ul>")
        parts.append(f'<p class="note">{e(messages.not_monitored(support.emergency_number))}</p>')
        parts.append("</div>")
    parts.append("</body></html>")
    return "".join(parts)


def render_plan_pdf(
    plan: SafetyPlan, support: CrisisResources | None, *, tz: tzinfo | None = None
) -> bytes:
    """PDF bytes; ValidationError ("install midweek[pdf]") when WeasyPrint is missing."""
    try:
        from weasyprint import HTML
    except ImportError:
        raise ValidationError(messages.PLAN_PDF_MISSING) from None
    pdf: bytes | None = HTML(string=render_plan_html(plan, support, tz=tz)).write_pdf()
    assert pdf is not None
    return pdf
