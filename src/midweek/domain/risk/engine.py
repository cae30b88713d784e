"""The detector's one entry point: the rules' reading, with the learned layer when given."""

from __future__ import annotations

from midweek.domain.risk.findings import (
    Assessment,
    Level,
)
from midweek.domain.risk.learned import (
    score_reading,
    with_model,
)
from midweek.domain.risk.lexicon import (
    Rules,
)
from midweek.domain.risk.reading import (
    read,
)
from midweek.domain.risk_model import Model


def assess(text: str, rules: Rules, model: Model | None = None) -> Assessment:
    """The level of risk ``text`` suggests and the phrases behind it. Never raises.

    With ``model`` the learned layer is read beside the rules (``with_model``)."""
    if not isinstance(text, str) or not text.strip():
        return Assessment(Level.NONE)
    reading = read(text, rules)
    if model is None:
        return reading.assessment
    return with_model(reading, rules, model, score_reading(reading, model))
