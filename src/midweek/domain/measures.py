"""PHQ-9 and GAD-7 over time: change, reliable change, caseness and recovery.

Thresholds come from the instruments (NHS Talking Therapies): reliable change is a change
of at least 6 points on the PHQ-9 or 4 on the GAD-7; caseness is PHQ-9 ≥ 10 or GAD-7 ≥ 8.
A series is a list of ``Checkin`` entities or ``(moment, total, answers)`` tuples; it is
read in time order whatever order it is given in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from midweek.domain.entities import Checkin
from midweek.domain.instruments import GAD7, PHQ9, Instrument, band_for, safety_answer

Reading = Checkin | tuple[datetime, int, Sequence[int] | None]

__all__ = [
    "Item9",
    "PairedOutcome",
    "Reading",
    "SeriesOutcome",
    "item9_positive",
    "paired_outcome",
    "series_outcome",
]


def _scores(inst: Instrument, series: Iterable[Reading]) -> list[tuple[datetime, int]]:
    # Check-ins of another kind are left out, so callers may pass every check-in they have.
    points: list[tuple[datetime, int]] = []
    for reading in series:
        if isinstance(reading, Checkin):
            if reading.kind != inst.code:
                continue
            total = reading.total
            if total is None and reading.answers is not None:
                total = sum(reading.answers)
            if total is None:
                continue
            points.append((reading.at, total))
        else:
            points.append((reading[0], reading[1]))
    return sorted(points, key=lambda point: point[0])


@dataclass(frozen=True)
class SeriesOutcome:
    """First and latest score of one instrument and what changed between them.

    With a single score, first and latest are that score and every change field is None.
    """

    instrument: str
    count: int
    first: int
    first_at: datetime
    first_band: str
    latest: int
    latest_at: datetime
    latest_band: str
    case_at_first: bool
    case_at_latest: bool
    change: int | None
    band_movement: tuple[str, str] | None
    reliable_improvement: bool | None
    reliable_deterioration: bool | None


def series_outcome(inst: Instrument, series: Iterable[Reading]) -> SeriesOutcome | None:
    """Change from the first to the latest score of ``inst``; None when there is no score.

    Change is ``latest − first``; a drop of at least ``inst.reliable_change`` is reliable
    improvement and the same rise reliable deterioration.
    """
    points = _scores(inst, series)
    if not points:
        return None
    (first_at, first), (latest_at, latest) = points[0], points[-1]
    first_band, latest_band = band_for(inst, first), band_for(inst, latest)
    paired = len(points) >= 2
    change = latest - first if paired else None
    return SeriesOutcome(
        instrument=inst.code,
        count=len(points),
        first=first,
        first_at=first_at,
        first_band=first_band,
        latest=latest,
        latest_at=latest_at,
        latest_band=latest_band,
        case_at_first=first >= inst.caseness,
        case_at_latest=latest >= inst.caseness,
        change=change,
        band_movement=(first_band, latest_band) if paired else None,
        reliable_improvement=None if change is None else -change >= inst.reliable_change,
        reliable_deterioration=None if change is None else change >= inst.reliable_change,
    )


@dataclass(frozen=True)
class PairedOutcome:
    """The NHS Talking Therapies outcomes, which need both the PHQ-9 and the GAD-7.

    ``case_at_first`` needs a score on each; the others need at least two on each. A field
    that cannot be judged is None.
    """

    phq9: SeriesOutcome | None
    gad7: SeriesOutcome | None
    case_at_first: bool | None
    recovered: bool | None
    reliable_improvement: bool | None
    reliable_recovery: bool | None
    reliable_deterioration: bool | None


def paired_outcome(phq9_series: Iterable[Reading], gad7_series: Iterable[Reading]) -> PairedOutcome:
    """Recovery and reliable change over both instruments, NHS Talking Therapies convention.

    Case at first: PHQ-9 ≥ 10 or GAD-7 ≥ 8 at the first measure. Recovered: case at first
    and below caseness on both at the latest. Reliable improvement: a reliable drop on at
    least one measure and a reliable rise on neither. Reliable recovery: recovered and
    reliable improvement. Reliable deterioration: a reliable rise on at least one measure.
    Each instrument's first and latest scores are taken from its own series.
    """
    phq9 = series_outcome(PHQ9, phq9_series)
    gad7 = series_outcome(GAD7, gad7_series)
    if phq9 is None or gad7 is None:
        return PairedOutcome(phq9, gad7, None, None, None, None, None)
    case_at_first = phq9.case_at_first or gad7.case_at_first
    if phq9.change is None or gad7.change is None:
        return PairedOutcome(phq9, gad7, case_at_first, None, None, None, None)
    recovered = case_at_first and not phq9.case_at_latest and not gad7.case_at_latest
    deteriorated = bool(phq9.reliable_deterioration or gad7.reliable_deterioration)
    improved = bool(phq9.reliable_improvement or gad7.reliable_improvement) and not deteriorated
    return PairedOutcome(
        phq9=phq9,
        gad7=gad7,
        case_at_first=case_at_first,
        recovered=recovered,
        reliable_improvement=improved,
        reliable_recovery=recovered and improved,
        reliable_deterioration=deteriorated,
    )


@dataclass(frozen=True)
class Item9:
    """A PHQ-9 whose item 9 (thoughts of being better off dead or of self-harm) is above 0."""

    at: datetime
    value: int
    checkin_id: int | None


def item9_positive(readings: Iterable[Reading]) -> list[Item9]:
    """Every PHQ-9 with item 9 above zero, in time order; tuples count when they hold 9 answers."""
    found: list[Item9] = []
    answers: Sequence[int] | None
    for reading in readings:
        if isinstance(reading, Checkin):
            if reading.kind != PHQ9.code or reading.answers is None:
                continue
            at, answers, ident = reading.at, reading.answers, reading.id
        else:
            at, answers, ident = reading[0], reading[2], None
        if (value := safety_answer(PHQ9, answers)) is not None:
            found.append(Item9(at=at, value=value, checkin_id=ident))
    return sorted(found, key=lambda item: item.at)
