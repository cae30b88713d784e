"""The prep report as plain text for the terminal, with a unicode sparkline for charts."""

from __future__ import annotations

import textwrap

from midweek.reports.charts import sparkline
from midweek.reports.view import Chart, PrepView

WIDTH = 88


def _wrap(text: str, first: str, rest: str) -> list[str]:
    # Never at a hyphen: "PHQ-9" and "best-rated" stay whole on one line.
    lines = textwrap.wrap(
        text, WIDTH, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False
    )
    return lines or [first]


def _chart_lines(chart: Chart) -> list[str]:
    lines = []
    for s in chart.series:
        values = [p.value for p in s.points]
        if values:
            line = sparkline(values, low=chart.low, high=chart.high)
            lines.append(f"    {s.name:<6} {line}  {values[0]} → {values[-1]}")
    return lines


def render_terminal(view: PrepView) -> str:
    """Plain text: title, period, then each section's items (and sparklines) in order."""
    out = [view.title, "=" * len(view.title), view.period, ""]
    for s in view.sections:
        out += [s.title, "-" * len(s.title)]
        if s.intro:
            out += _wrap(s.intro, "", "")
        for item in s.items:
            out += _wrap(item.text, "  • ", "    ")
            for d in item.details:
                out += _wrap(d, "    ", "    ")
            if item.chart is not None:
                out += _chart_lines(item.chart)
        for line in s.outro:
            out += _wrap(line, "  ", "  ")
        out.append("")
    out.append(view.footer)
    return "\n".join(out) + "\n"
