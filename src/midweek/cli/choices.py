"""What several command groups read the same way: a barrier kind, a worksheet by name.

Kept out of the command modules so that ``log``, ``barrier``, ``worksheet`` and the
corrections' ``edit ID`` share them without importing each other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from midweek import messages
from midweek.domain.entities import BarrierKind
from midweek.domain.errors import ValidationError

if TYPE_CHECKING:
    from midweek.cli.console import AppState
    from midweek.domain.worksheets import Template

KIND_HELP = "time, others-first, perfectionism, fear, ambivalence, confusion or other"


def barrier_kind(raw: str) -> BarrierKind:
    """The barrier kind typed (any case); ValidationError naming the kinds otherwise."""
    try:
        return BarrierKind(raw.strip().lower())
    except ValueError:
        raise ValidationError(messages.not_a_kind(raw, KIND_HELP), field="kind") from None


def templates(st: AppState) -> dict[str, Template]:
    """The worksheet templates: the shipped ones and the person's own, by name."""
    from midweek.services.library import load_templates

    return load_templates(st.settings.templates_dir)


def template_named(st: AppState, name: str) -> Template:
    """The template ``name``; ValidationError listing the ones there are otherwise."""
    found = templates(st)
    if name not in found:
        raise ValidationError(
            messages.no_such_worksheet(name, ", ".join(sorted(found))),
            field="worksheet",
        )
    return found[name]
