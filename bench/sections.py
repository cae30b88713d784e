"""One bench's section of a shared Markdown file, between its own two markers."""

from __future__ import annotations

from pathlib import Path


def put_section(path: Path, begin: str, end: str, body: str) -> str:
    """Write ``begin + body + end`` into ``path`` in place of the old section (appended the
    first time); return the section as written."""
    section = f"{begin}\n{body.strip()}\n{end}"
    old = path.read_text("utf-8") if path.exists() else ""
    if begin in old and end in old:
        head, rest = old.split(begin, 1)
        new = head + section + rest.split(end, 1)[1]
    else:
        new = old.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(new, "utf-8")
    return section
