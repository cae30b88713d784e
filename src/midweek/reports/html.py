"""The prep report as one self-contained, printable HTML file.

Inline CSS (with ``@media print`` and ``@page``) and inline SVG charts; no scripts, no
external styles, fonts or images, so the file can be opened, printed or shared offline.
"""

from __future__ import annotations

from html import escape
from string import Template

from midweek.reports.charts import svg
from midweek.reports.view import Item, PrepView, Section

CSS = """
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; color: #222;
  max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.15rem; border-bottom: 1px solid #ccd; padding-bottom: .2rem;
  margin-top: 1.6rem; color: #2c4f75; }
.period { color: #555; margin-top: 0; }
ul { padding-left: 1.2rem; }
li { margin: .3rem 0; }
.detail { color: #555; font-size: .92rem; }
.note { background: #f4f6fa; border-left: 3px solid #3b6ea5; padding: .5rem .8rem; }
figure { margin: .6rem 0; }
figure svg { width: 100%; height: auto; }
footer { margin-top: 2rem; color: #666; font-size: .85rem; }
@page { size: A4; margin: 18mm 16mm; }
@media print {
  body { margin: 0; max-width: none; }
  section, figure, li { break-inside: avoid; }
  h2 { break-after: avoid; }
}
"""

PAGE = Template(
    """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<style>$css</style>
</head>
<body>
<header>
<h1>$title</h1>
<p class="period">$period</p>
</header>
<main>
$sections
</main>
<footer><p>$footer</p></footer>
</body>
</html>
"""
)


def _item(item: Item) -> str:
    parts = [escape(item.text)]
    parts += [f'<br><span class="detail">{escape(d)}</span>' for d in item.details]
    if item.chart is not None:
        parts.append(
            f'<figure aria-label="{escape(item.chart.title)}">'
            f"{svg(item.chart, ident=item.id.replace(':', '-'))}</figure>"
        )
    return f'<li id="{escape(item.id)}">{"".join(parts)}</li>'


def _section(s: Section) -> str:
    out = [f'<section id="{escape(s.id)}">', f"<h2>{escape(s.title)}</h2>"]
    if s.intro:
        out.append(f"<p>{escape(s.intro)}</p>")
    out.append("<ul>")
    out += [_item(i) for i in s.items]
    out.append("</ul>")
    if s.outro:
        lines = "<br>".join(escape(line) for line in s.outro)
        out.append(f'<p class="note">{lines}</p>')
    out.append("</section>")
    return "\n".join(out)


def render_html(view: PrepView) -> str:
    """The whole report as one HTML document (a string)."""
    return PAGE.substitute(
        title=escape(view.title),
        period=escape(view.period),
        css=CSS.strip(),
        sections="\n".join(_section(s) for s in view.sections),
        footer=escape(view.footer),
    )
