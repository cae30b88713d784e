"""Charts for the report: inline SVG from pygal (HTML, PDF) and a unicode sparkline (terminal).

pygal is imported only when an SVG is made. Its output is made deterministic so golden
files stay stable: the random chart id becomes a fixed one and the comments (which carry
the date and project links) are dropped; ``js=[]`` keeps the file free of external scripts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from midweek import messages
from midweek.reports.view import Chart

SPARKS = "▁▂▃▄▅▆▇█"
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)
_CHART_ID = re.compile(r"chart-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def sparkline(values: Sequence[int], *, low: int, high: int) -> str:
    """One block character per value, scaled to ``low``..``high`` (a fixed scale, not min/max)."""
    span = max(1, high - low)
    top = len(SPARKS) - 1
    return "".join(SPARKS[round((min(max(v, low), high) - low) / span * top)] for v in values)


def _x_labels(chart: Chart, most: int = 6) -> list[datetime]:
    # A few evenly spread days of the points themselves, so labels never crowd.
    moments = sorted({p.at for s in chart.series for p in s.points})
    if len(moments) <= most:
        return moments
    step = (len(moments) - 1) / (most - 1)
    return [moments[round(i * step)] for i in range(most)]


def svg(chart: Chart, *, ident: str) -> str:
    """The chart as an inline ``<svg>`` element with stable ids and no external references."""
    import pygal
    from pygal.style import Style

    style = Style(
        background="white",
        plot_background="white",
        foreground="#333333",
        foreground_strong="#222222",
        foreground_subtle="#bbbbbb",
        colors=("#3b6ea5", "#c2703d", "#5a9367"),
        font_family="DejaVu Sans, Helvetica, Arial, sans-serif",
        label_font_size=11,
        major_label_font_size=11,
        legend_font_size=12,
        title_font_size=14,
    )
    config = {
        "js": [],
        "disable_xml_declaration": True,
        "width": 640,
        "height": 260,
        "style": style,
        "title": chart.title,
        "range": (chart.low, chart.high),
        "show_legend": len(chart.series) > 1,
        "legend_at_bottom": True,
        "dots_size": 3,
        "show_x_guides": False,
        "show_y_guides": True,
        "x_label_rotation": 0,
        "x_value_formatter": lambda d: messages.when(d, "day-month"),
        "explicit_size": False,
        "print_values": False,
    }
    if chart.bands:
        config["y_labels"] = [{"label": "0", "value": chart.low}] + [
            {"label": f"{label} {low}".strip(), "value": low} for low, label in chart.bands
        ]
    else:
        config["y_labels"] = list(range(chart.low, chart.high + 1, 2))
    config["x_labels"] = _x_labels(chart)
    config["truncate_label"] = -1
    c = pygal.DateTimeLine(**config)
    for s in chart.series:
        c.add(s.name, [(p.at, p.value) for p in s.points])
    out: str = c.render(is_unicode=True)
    out = _SCRIPT.sub("", _COMMENT.sub("", out))
    return _CHART_ID.sub(f"chart-{ident}", out)


def spark_svg(
    values: Sequence[float | None],
    *,
    low: float,
    high: float,
    label: str,
    bands: Sequence[float] = (),
    width: int = 96,
    height: int = 24,
    kind: str = "",
) -> str:
    """A small inline ``<svg>`` line of ``values`` on a fixed ``low``..``high`` scale.

    ``label`` is its text alternative (``role="img"`` with ``aria-label`` and a ``<title>``);
    a None value leaves a gap. ``bands`` are score thresholds drawn as faint lines. No
    ``kind`` adds a ``spark-<kind>`` class. No
    script, no style attribute (the page's CSP allows neither), colours from CSS classes.
    """
    from html import escape

    span = max(high - low, 1e-9)
    n = len(values)
    pad = 3.0

    def x(i: int) -> float:
        return pad + (width - 2 * pad) * (i / (n - 1) if n > 1 else 0.5)

    def y(v: float) -> float:
        v = min(max(v, low), high)
        return height - pad - (height - 2 * pad) * (v - low) / span

    parts = []
    for b in bands:
        if low < b < high:
            parts.append(
                f'<line class="spark-band" x1="0" x2="{width}" y1="{y(b):.1f}" y2="{y(b):.1f}"/>'
            )
    runs: list[list[tuple[float, float]]] = [[]]
    for i, v in enumerate(values):
        if v is None:
            runs.append([])
        else:
            runs[-1].append((x(i), y(v)))
    for run in runs:
        if len(run) > 1:
            pts = " ".join(f"{a:.1f},{b:.1f}" for a, b in run)
            parts.append(f'<polyline class="spark-line" points="{pts}"/>')
    last = next(((i, v) for i, v in reversed(list(enumerate(values))) if v is not None), None)
    if last is not None:
        cx, cy = x(last[0]), y(last[1])
        parts.append(f'<circle class="spark-dot" cx="{cx:.1f}" cy="{cy:.1f}" r="2.5"/>')
    text = escape(label)
    classes = f"spark spark-{kind}" if kind else "spark"
    return (
        f'<svg class="{classes}" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{text}">'
        f"<title>{text}</title>{''.join(parts)}</svg>"
    )
