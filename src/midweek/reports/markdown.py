"""The prep report as Markdown: headings, bullet lists, a sparkline line for each chart."""

from __future__ import annotations

from midweek.reports.charts import sparkline
from midweek.reports.view import PrepView

_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_[]<>#|"})


def _md(text: str) -> str:
    # One line per bullet; characters Markdown would read as markup are escaped.
    return " ".join(text.split()).translate(_SPECIAL)


def render_markdown(view: PrepView) -> str:
    out = [f"# {_md(view.title)}", "", f"_{_md(view.period)}_", ""]
    for s in view.sections:
        out += [f"## {_md(s.title)}", ""]
        if s.intro:
            out += [_md(s.intro), ""]
        for item in s.items:
            out.append(f"- {_md(item.text)}")
            out += [f"  - {_md(d)}" for d in item.details]
            if item.chart is not None:
                for series in item.chart.series:
                    values = [p.value for p in series.points]
                    line = sparkline(values, low=item.chart.low, high=item.chart.high)
                    out.append(f"  - {_md(series.name)}: `{line}` ({', '.join(map(str, values))})")
        if s.outro:
            out.append("")
            out += [f"> {_md(line)}  " for line in s.outro]
        out.append("")
    out.append(f"_{_md(view.footer)}_")
    return "\n".join(out) + "\n"
