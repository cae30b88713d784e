"""Files shipped inside the package, read straight from the installed folder.

``importlib.resources`` would also read them from a zip, but importing it pulls in zipfile
and tempfile: about 40 ms on every CLI start that reads a template, the crisis contacts or
the risk rules. midweek is installed as files (wheel or editable), so a path is enough.
"""

from __future__ import annotations

from pathlib import Path

_ROOT = Path(__file__).resolve().parent


def shipped(*parts: str) -> Path:
    """The path of a file or folder shipped in the ``midweek`` package."""
    return _ROOT.joinpath(*parts)
