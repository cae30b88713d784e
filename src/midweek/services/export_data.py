"""What an export holds (a FHIR bundle, the "export all" archive), read in one transaction.

The exporters (``midweek.exports``) turn this plain data into a file; reading it here, in
one transaction, means an export is one consistent picture even while other commands run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from midweek.domain.entities import (
    Assignment,
    Checkin,
    CheckinKind,
    Goal,
    JournalEntry,
    PracticeLog,
)
from midweek.domain.instruments import INSTRUMENTS, score
from midweek.domain.worksheets import Template
from midweek.services.ports import UnitOfWork

__all__ = ["Everything", "FhirData", "gather_everything", "gather_fhir"]


@dataclass(frozen=True)
class FhirData:
    """Everything a FHIR export holds, oldest first.

    ``checkins`` are the scored PHQ-9 / GAD-7 check-ins (each with ``answers`` and
    ``total``); ``worksheets`` are the practice logs that carry worksheet answers;
    ``templates`` are the worksheet templates those logs and the assignments use, by name
    (a log whose template is gone is still exported, without its questionnaire).
    """

    assignments: tuple[Assignment, ...] = ()
    goals: tuple[Goal, ...] = ()
    checkins: tuple[Checkin, ...] = ()
    worksheets: tuple[PracticeLog, ...] = ()
    templates: Mapping[str, Template] = field(default_factory=dict)


def gather_fhir(uow: UnitOfWork, *, templates: Mapping[str, Template]) -> FhirData:
    """Read assignments, goals, PHQ-9/GAD-7 check-ins and worksheet logs in one transaction."""
    with uow:
        assignments = uow.homework.list()
        goals = uow.goals.list()
        checkins = [
            c for kind in (CheckinKind.PHQ9, CheckinKind.GAD7) for c in uow.checkins.list(kind=kind)
        ]
        logs = [p for p in uow.practice.list() if p.answers is not None and p.worksheet]
    scored: list[Checkin] = []
    for c in checkins:
        if not c.answers:
            continue  # nothing to put in a questionnaire response
        if c.total is None:
            c = replace(c, total=score(INSTRUMENTS[c.kind.value], c.answers).total)
        scored.append(c)
    used = sorted(
        {a.worksheet for a in assignments if a.worksheet} | {p.worksheet or "" for p in logs}
    )
    return FhirData(
        assignments=tuple(sorted(assignments, key=lambda a: (a.start, a.id or 0))),
        goals=tuple(sorted(goals, key=lambda g: g.id or 0)),
        checkins=tuple(sorted(scored, key=lambda c: (c.at, c.kind.value, c.id or 0))),
        worksheets=tuple(sorted(logs, key=lambda p: (p.at, p.id or 0))),
        templates={name: templates[name] for name in used if name in templates},
    )


@dataclass(frozen=True)
class Everything:
    """All of a person's records, decrypted, read in one transaction (for "export all")."""

    records: dict[str, list[Any]]
    journal: tuple[JournalEntry, ...]


def gather_everything(uow: UnitOfWork) -> Everything:
    """Every record the person has, by kind, oldest first where that has a meaning."""
    with uow:
        records: dict[str, list[Any]] = {
            "sessions": uow.sessions.list(),
            "goals": uow.goals.list(),
            "homework": uow.homework.list(),
            "practice": uow.practice.list(),
            "journal": uow.journal.list(),
            "barriers": uow.barriers.list(),
            "questions": uow.questions.list(),
            "checkins": uow.checkins.list(),
            "safety_flags": uow.flags.list(),
            "plan_windows": uow.windows.list(),
            "safety_plans": uow.safety_plan.list(),
            "preferences": uow.preferences.list(),
            "shared_reports": uow.shared_reports.list(),
            "homework_ratings": uow.ratings.list(),
        }
    journal = tuple(sorted(records["journal"], key=lambda e: (e.written_at, e.id or 0)))
    return Everything(records=records, journal=journal)
