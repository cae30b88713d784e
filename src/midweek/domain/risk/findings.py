"""What the detector says: the three levels, one finding and the whole assessment."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    """How strongly the text suggests risk; ordered none < concern < urgent."""

    NONE = "none"
    CONCERN = "concern"
    URGENT = "urgent"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def lowered(self) -> Level:
        """One step down (urgent -> concern -> none)."""
        return _ORDER[max(0, self.rank - 1)]

    def __lt__(self, other: object) -> bool:
        if isinstance(other, Level):
            return self.rank < other.rank
        return NotImplemented

    def __le__(self, other: object) -> bool:
        if isinstance(other, Level):
            return self.rank <= other.rank
        return NotImplemented

    def __gt__(self, other: object) -> bool:
        if isinstance(other, Level):
            return self.rank > other.rank
        return NotImplemented

    def __ge__(self, other: object) -> bool:
        if isinstance(other, Level):
            return self.rank >= other.rank
        return NotImplemented


_ORDER = (Level.NONE, Level.CONCERN, Level.URGENT)
_RANK = {level: i for i, level in enumerate(_ORDER)}


@dataclass(frozen=True)
class Finding:
    """One matched phrase. ``level`` is after adjustment; ``adjusted`` says why it changed
    (``"negation: never"``, ``"idiom: killing-it"``, ``"reported: she said"``) or is None."""

    rule_id: str
    level: Level
    phrase: str
    reason: str
    start: int
    end: int
    adjusted: str | None = None


@dataclass(frozen=True)
class Assessment:
    level: Level
    findings: tuple[Finding, ...] = ()

    @property
    def rule_ids(self) -> list[str]:
        """The rules that raised the level (adjusted-away matches left out), in text order."""
        out: list[str] = []
        for f in self.findings:
            if f.level is not Level.NONE and f.rule_id not in out:
                out.append(f.rule_id)
        return out

    def __bool__(self) -> bool:
        return self.level is not Level.NONE
