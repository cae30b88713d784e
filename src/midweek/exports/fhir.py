"""FHIR R4B export: the person's homework, worksheets and scored check-ins as one Bundle.

The Bundle is of type ``collection``: a set of resources with no clinical author to
attest them, which is what this is (a ``document`` would need a Composition that someone
signs off). Every ``fullUrl`` is a ``urn:uuid:`` derived with uuid5 from a fixed
namespace plus the resource kind and midweek's own id, so exporting the same data twice
gives the same file and a receiving system can recognise resources it has seen before.

``fhir.resources`` checks structure but not code values (a bogus ``status`` passes), so
every code this module emits goes through ``_check_code`` against an explicit allowed
set. ``fhir.resources`` pulls in pydantic, so it is imported inside ``to_fhir_bundle``
only; no other command pays for it.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from midweek.domain.entities import Assignment, Checkin, Goal, GoalStatus, PracticeLog
from midweek.domain.instruments import INSTRUMENTS, Instrument, band_for
from midweek.domain.worksheets import Field, FieldKind, Template
from midweek.services.export_data import FhirData

__all__ = [
    "DEFAULT_PATIENT_ID",
    "NAMESPACE",
    "assignment_state",
    "resource_counts",
    "to_fhir_bundle",
]

#: Fixed for good: changing it changes every id in every export.
NAMESPACE = uuid.UUID("64aae6c3-a9ba-53e0-814b-7e6b9ca16b0e")
#: The pseudonymous Patient when the person gives no id of their own.
DEFAULT_PATIENT_ID = str(uuid.uuid5(NAMESPACE, "midweek-patient"))

LOINC = "http://loinc.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
GOAL_ACHIEVEMENT = "http://terminology.hl7.org/CodeSystem/goal-achievement"
#: R4 extension for the score of an answer option (R5 renamed it itemWeight).
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"

# --- the allowed code values (FHIR R4B value sets; LOINC codes checked one by one) -------

BUNDLE_TYPE = frozenset({"collection"})
CAREPLAN_STATUS = frozenset(
    {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"}
)
CAREPLAN_INTENT = frozenset({"proposal", "plan", "order", "option"})
ACTIVITY_STATUS = frozenset(
    {
        "not-started",
        "scheduled",
        "in-progress",
        "on-hold",
        "completed",
        "cancelled",
        "stopped",
        "unknown",
        "entered-in-error",
    }
)
ACTIVITY_KIND = frozenset({"Task"})
TASK_STATUS = frozenset(
    {
        "draft",
        "requested",
        "received",
        "accepted",
        "rejected",
        "ready",
        "cancelled",
        "in-progress",
        "on-hold",
        "failed",
        "completed",
        "entered-in-error",
    }
)
TASK_INTENT = frozenset(
    {
        "unknown",
        "proposal",
        "plan",
        "order",
        "original-order",
        "reflex-order",
        "filler-order",
        "instance-order",
        "option",
    }
)
GOAL_LIFECYCLE = frozenset(
    {
        "proposed",
        "planned",
        "accepted",
        "active",
        "on-hold",
        "completed",
        "cancelled",
        "entered-in-error",
        "rejected",
    }
)
GOAL_ACHIEVEMENT_CODES = frozenset({"achieved"})
QUESTIONNAIRE_STATUS = frozenset({"draft", "active", "retired", "unknown"})
ITEM_TYPE = frozenset({"string", "text", "integer", "decimal", "choice", "time", "date"})
RESPONSE_STATUS = frozenset({"in-progress", "completed", "amended", "entered-in-error", "stopped"})
OBSERVATION_STATUS = frozenset(
    {
        "registered",
        "preliminary",
        "final",
        "amended",
        "corrected",
        "cancelled",
        "entered-in-error",
        "unknown",
    }
)
OBSERVATION_CATEGORY_CODES = frozenset({"survey"})
TIMING_UNIT = frozenset({"s", "min", "h", "d", "wk", "mo", "a"})

#: LOINC: the instrument panels (Questionnaire.code) and totals (Observation.code).
LOINC_PANELS: Mapping[str, tuple[str, str]] = {
    "phq9": ("44249-1", "PHQ-9 quick depression assessment panel [Reported.PHQ]"),
    "gad7": ("69737-5", "Generalized anxiety disorder 7 item (GAD-7)"),
}
LOINC_TOTALS: Mapping[str, str] = {
    "44261-6": "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]",
    "70274-6": "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]",
}
#: LOINC answers shared by PHQ-9 and GAD-7, by score; displays equal instruments.OPTIONS.
LOINC_ANSWERS: Mapping[int, str] = {0: "LA6568-5", 1: "LA6569-3", 2: "LA6570-1", 3: "LA6571-9"}
LOINC_CODES = frozenset(
    {*(code for code, _ in LOINC_PANELS.values()), *LOINC_TOTALS, *LOINC_ANSWERS.values()}
)

#: How an assignment's life maps onto CarePlan.activity.detail.status and Task.status.
#: "stopped" means the person ended it early: a neutral word, not a failure.
ACTIVITY_STATUS_FOR = {
    "upcoming": "not-started",
    "running": "in-progress",
    "ended": "completed",
    "stopped": "stopped",
}
TASK_STATUS_FOR = {
    "upcoming": "ready",
    "running": "in-progress",
    "ended": "completed",
    "stopped": "cancelled",
}
GOAL_STATUS_FOR = {
    GoalStatus.ACTIVE: "active",
    GoalStatus.PAUSED: "on-hold",
    GoalStatus.NOT_PURSUING: "cancelled",
    GoalStatus.ACHIEVED: "completed",
}
ITEM_TYPE_FOR = {
    FieldKind.SHORT_TEXT: "string",
    FieldKind.LONG_TEXT: "text",
    FieldKind.INTEGER: "integer",
    FieldKind.RATING: "integer",
    FieldKind.SUDS: "integer",
    FieldKind.DURATION: "integer",
    FieldKind.CHOICE: "choice",
    FieldKind.MULTI_CHOICE: "choice",
    FieldKind.TIME: "time",
    FieldKind.DATE: "date",  # the night a sleep diary is about
}

_COPYRIGHT = (
    "Developed by Drs Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, "
    "with an educational grant from Pfizer Inc. No permission required to reproduce, "
    "translate, display or distribute."
)


def _check_code(value: str, allowed: Iterable[str], what: str) -> str:
    """``value`` if it is one of ``allowed``; ``ValueError`` otherwise (a bug, never input)."""
    if value not in allowed:
        raise ValueError(f"{value!r} is not a valid {what}")
    return value


def assignment_state(a: Assignment, today: date) -> str:
    """upcoming, running, ended (its end date passed) or stopped (ended early)."""
    stopped = a.ended_at.date() if a.ended_at is not None else None
    if stopped is not None and stopped <= today and (a.end is None or stopped <= a.end):
        return "stopped"
    if a.end is not None and a.end < today:
        return "ended"
    if a.start > today:
        return "upcoming"
    return "running"


# --- ids and small builders ------------------------------------------------------------


def _uid(kind: str, local: object) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}/{local}"))


def _url(ident: str) -> str:
    return f"urn:uuid:{ident}"


def _ref(ident: str) -> dict[str, str]:
    return {"reference": _url(ident)}


def _when(moment: datetime | date) -> str:
    if isinstance(moment, datetime):
        return moment.isoformat(timespec="seconds")
    return moment.isoformat()


def _local_id(obj: Any) -> int:
    if obj.id is None:
        raise ValueError(f"{type(obj).__name__} has no id; only saved records can be exported")
    ident: int = obj.id
    return ident


def _loinc(code: str, display: str) -> dict[str, str]:
    return {
        "system": LOINC,
        "code": _check_code(code, LOINC_CODES, "LOINC code"),
        "display": display,
    }


def _answer_coding(value: int, display: str) -> dict[str, str]:
    return _loinc(LOINC_ANSWERS[value], display)


class _Builder:
    def __init__(self, data: FhirData, *, now: datetime, patient_id: str) -> None:
        self.data = data
        self.now = now
        self.patient = patient_id
        self.entries: list[dict[str, Any]] = []

    def add(self, ident: str, resource: dict[str, Any]) -> None:
        self.entries.append({"fullUrl": _url(ident), "resource": {**resource, "id": ident}})

    # --- Patient, Goal, CarePlan, Task --------------------------------------------------

    def patient_resource(self) -> None:
        # Pseudonymous on purpose: no name, birth date or contact details.
        self.add(self.patient, {"resourceType": "Patient", "active": True})

    def goal(self, g: Goal) -> str:
        ident = _uid("goal", _local_id(g))
        resource: dict[str, Any] = {
            "resourceType": "Goal",
            "lifecycleStatus": _check_code(
                GOAL_STATUS_FOR[g.status], GOAL_LIFECYCLE, "Goal.lifecycleStatus"
            ),
            "description": {"text": g.text},
            "subject": _ref(self.patient),
        }
        if g.status is GoalStatus.ACHIEVED:
            code = _check_code("achieved", GOAL_ACHIEVEMENT_CODES, "Goal.achievementStatus")
            resource["achievementStatus"] = {
                "coding": [{"system": GOAL_ACHIEVEMENT, "code": code, "display": "Achieved"}]
            }
        if g.created_at is not None:
            resource["startDate"] = g.created_at.date().isoformat()
        self.add(ident, resource)
        return ident

    def care_plan(self, goal_ids: Mapping[int, str], outcomes: Mapping[int, list[str]]) -> str:
        ident = _uid("careplan", "homework")
        activities = []
        today = self.now.date()
        for a in self.data.assignments:
            state = assignment_state(a, today)
            timing_repeat: dict[str, Any] = {
                "boundsPeriod": self._period(a),
                "frequency": a.per_week,
                "period": 1,
                "periodUnit": _check_code("wk", TIMING_UNIT, "Timing.periodUnit"),
            }
            if a.minutes:
                timing_repeat["duration"] = a.minutes
                timing_repeat["durationUnit"] = _check_code("min", TIMING_UNIT, "Timing unit")
            detail: dict[str, Any] = {
                "kind": _check_code("Task", ACTIVITY_KIND, "CarePlan.activity.detail.kind"),
                "code": {"text": a.title},
                "status": _check_code(
                    ACTIVITY_STATUS_FOR[state], ACTIVITY_STATUS, "CarePlan.activity.detail.status"
                ),
                "scheduledTiming": {"repeat": timing_repeat},
            }
            if a.goal_id is not None and a.goal_id in goal_ids:
                detail["goal"] = [_ref(goal_ids[a.goal_id])]
            if a.instructions:
                detail["description"] = a.instructions
            activity: dict[str, Any] = {"detail": detail}
            refs = outcomes.get(_local_id(a))
            if refs:
                activity["outcomeReference"] = [_ref(r) for r in refs]
            activities.append(activity)
        resource: dict[str, Any] = {
            "resourceType": "CarePlan",
            "status": _check_code("active", CAREPLAN_STATUS, "CarePlan.status"),
            "intent": _check_code("plan", CAREPLAN_INTENT, "CarePlan.intent"),
            "title": "Practice between sessions",
            "subject": _ref(self.patient),
        }
        if self.data.assignments:
            resource["period"] = {"start": min(a.start for a in self.data.assignments).isoformat()}
        if goal_ids:
            resource["goal"] = [_ref(g) for g in goal_ids.values()]
        if activities:
            resource["activity"] = activities
        self.add(ident, resource)
        return ident

    def _period(self, a: Assignment) -> dict[str, str]:
        period = {"start": a.start.isoformat()}
        if assignment_state(a, self.now.date()) == "stopped" and a.ended_at is not None:
            period["end"] = _when(a.ended_at)
        elif a.end is not None:
            period["end"] = a.end.isoformat()
        return period

    def task(self, a: Assignment, care_plan: str) -> None:
        state = assignment_state(a, self.now.date())
        resource: dict[str, Any] = {
            "resourceType": "Task",
            "basedOn": [_ref(care_plan)],
            "status": _check_code(TASK_STATUS_FOR[state], TASK_STATUS, "Task.status"),
            "intent": _check_code("plan", TASK_INTENT, "Task.intent"),
            "code": {"text": a.title},
            "description": a.instructions or a.title,
            "for": _ref(self.patient),
            "executionPeriod": self._period(a),
        }
        if a.created_at is not None:
            resource["authoredOn"] = _when(a.created_at)
        self.add(_uid("task", _local_id(a)), resource)

    # --- Questionnaires and responses ---------------------------------------------------

    def instrument_questionnaire(self, inst: Instrument) -> str:
        ident = _uid("questionnaire", inst.code)
        panel, display = LOINC_PANELS[inst.code]
        options = [
            {
                "extension": [{"url": ORDINAL_VALUE, "valueDecimal": value}],
                "valueCoding": _answer_coding(value, label),
            }
            for value, label in inst.options
        ]
        self.add(
            ident,
            {
                "resourceType": "Questionnaire",
                "url": _url(ident),
                "name": inst.name.replace("-", ""),
                "title": inst.name,
                "status": _check_code("active", QUESTIONNAIRE_STATUS, "Questionnaire.status"),
                "subjectType": ["Patient"],
                "description": inst.stem,
                "copyright": _COPYRIGHT,
                "code": [_loinc(panel, display)],
                "item": [
                    {
                        "linkId": str(n),
                        "text": text,
                        "type": _check_code("choice", ITEM_TYPE, "Questionnaire.item.type"),
                        "required": True,
                        "answerOption": options,
                    }
                    for n, text in enumerate(inst.items, start=1)
                ],
            },
        )
        return ident

    def worksheet_questionnaire(self, t: Template) -> str:
        ident = _uid("questionnaire", f"worksheet/{t.name}/{t.version}")
        items = []
        for f in t.fields:
            item: dict[str, Any] = {
                "linkId": f.name,
                "text": f.label,
                "type": _check_code(ITEM_TYPE_FOR[f.kind], ITEM_TYPE, "Questionnaire.item.type"),
                "required": f.required,
            }
            if f.kind is FieldKind.MULTI_CHOICE:
                item["repeats"] = True
            if f.choices:
                item["answerOption"] = [{"valueString": c} for c in f.choices]
            if ITEM_TYPE_FOR[f.kind] in ("string", "text") and f.max is not None:
                item["maxLength"] = f.max
            items.append(item)
        resource: dict[str, Any] = {
            "resourceType": "Questionnaire",
            "url": _url(ident),
            "version": str(t.version),
            "title": t.title,
            "status": _check_code("active", QUESTIONNAIRE_STATUS, "Questionnaire.status"),
            "subjectType": ["Patient"],
            "description": t.description,
            "item": items,
        }
        self.add(ident, resource)
        return ident

    def checkin_response(self, c: Checkin, inst: Instrument, questionnaire: str) -> str:
        ident = _uid("response", f"checkin/{_local_id(c)}")
        labels = dict(inst.options)
        answers = list(c.answers or ())
        if len(answers) != len(inst.items):
            raise ValueError(f"check-in {c.id} has {len(answers)} answers for {inst.name}")
        self.add(
            ident,
            {
                "resourceType": "QuestionnaireResponse",
                "questionnaire": _url(questionnaire),
                "status": _check_code("completed", RESPONSE_STATUS, "QuestionnaireResponse.status"),
                "subject": _ref(self.patient),
                "authored": _when(c.at),
                "item": [
                    {
                        "linkId": str(n),
                        "text": text,
                        "answer": [{"valueCoding": _answer_coding(value, labels[value])}],
                    }
                    for n, (text, value) in enumerate(zip(inst.items, answers, strict=True), 1)
                ],
            },
        )
        return ident

    def worksheet_response(
        self, log: PracticeLog, template: Template | None, questionnaire: str | None, plan: str
    ) -> str:
        ident = _uid("response", f"practice/{_local_id(log)}")
        answers = log.answers or {}
        items = []
        if template is not None:
            for f in template.fields:
                values = _answer_values(answers.get(f.name), f)
                if values:
                    items.append({"linkId": f.name, "text": f.label, "answer": values})
        else:
            for name, raw in answers.items():
                values = _answer_values(raw, None)
                if values:
                    items.append({"linkId": name, "answer": values})
        resource: dict[str, Any] = {"resourceType": "QuestionnaireResponse"}
        if questionnaire is not None:
            resource["questionnaire"] = _url(questionnaire)
        if log.assignment_id is not None:
            resource["basedOn"] = [_ref(plan)]
        resource |= {
            "status": _check_code("completed", RESPONSE_STATUS, "QuestionnaireResponse.status"),
            "subject": _ref(self.patient),
            "authored": _when(log.at),
        }
        if items:
            resource["item"] = items
        self.add(ident, resource)
        return ident

    # --- Observations -------------------------------------------------------------------

    def total_observation(self, c: Checkin, inst: Instrument, response: str) -> None:
        if c.total is None:
            raise ValueError(f"check-in {c.id} has no total")
        category = _check_code("survey", OBSERVATION_CATEGORY_CODES, "Observation.category")
        self.add(
            _uid("observation", f"checkin/{_local_id(c)}"),
            {
                "resourceType": "Observation",
                "status": _check_code("final", OBSERVATION_STATUS, "Observation.status"),
                "category": [
                    {
                        "coding": [
                            {"system": OBSERVATION_CATEGORY, "code": category, "display": "Survey"}
                        ]
                    }
                ],
                "code": {
                    "coding": [_loinc(inst.loinc_total, LOINC_TOTALS[inst.loinc_total])],
                    "text": f"{inst.name} total score",
                },
                "subject": _ref(self.patient),
                "effectiveDateTime": _when(c.at),
                "valueInteger": c.total,
                "interpretation": [{"text": band_for(inst, c.total)}],
                "derivedFrom": [_ref(response)],
            },
        )

    # --- the whole bundle -----------------------------------------------------------------

    def build(self) -> dict[str, Any]:
        d = self.data
        self.patient_resource()
        goal_ids = {_local_id(g): self.goal(g) for g in d.goals}
        plan_id = _uid("careplan", "homework")
        response_ids = {
            _local_id(p): _uid("response", f"practice/{_local_id(p)}") for p in d.worksheets
        }
        outcomes: dict[int, list[str]] = {}
        for p in d.worksheets:
            if p.assignment_id is not None:
                outcomes.setdefault(p.assignment_id, []).append(response_ids[_local_id(p)])
        self.care_plan(goal_ids, outcomes)
        for a in d.assignments:
            self.task(a, plan_id)
        questionnaires: dict[str, str] = {}
        for code in sorted({c.kind.value for c in d.checkins}, key=list(INSTRUMENTS).index):
            questionnaires[code] = self.instrument_questionnaire(INSTRUMENTS[code])
        for name, t in d.templates.items():
            questionnaires[f"worksheet/{name}"] = self.worksheet_questionnaire(t)
        observations: list[tuple[Checkin, Instrument, str]] = []
        for c in d.checkins:
            inst = INSTRUMENTS[c.kind.value]
            response = self.checkin_response(c, inst, questionnaires[inst.code])
            observations.append((c, inst, response))
        for p in d.worksheets:
            template = d.templates.get(p.worksheet or "")
            self.worksheet_response(
                p, template, questionnaires.get(f"worksheet/{p.worksheet}"), plan_id
            )
        for c, inst, response in observations:
            self.total_observation(c, inst, response)
        return {
            "resourceType": "Bundle",
            "type": _check_code("collection", BUNDLE_TYPE, "Bundle.type"),
            "timestamp": _when(self.now),
            "entry": self.entries,
        }


def _answer_values(raw: object, f: Field | None) -> list[dict[str, Any]]:
    """QuestionnaireResponse answers for one worksheet value (none for an empty answer)."""
    if raw is None or raw == "" or raw == []:
        return []
    if isinstance(raw, list | tuple):
        return [v for item in raw for v in _answer_values(item, f)]
    kind = ITEM_TYPE_FOR[f.kind] if f is not None else None
    if kind == "time" and isinstance(raw, str):
        return [{"valueTime": raw if raw.count(":") == 2 else f"{raw}:00"}]
    if kind == "date" and isinstance(raw, str):
        return [{"valueDate": raw}]
    if isinstance(raw, bool):
        return [{"valueBoolean": raw}]
    if isinstance(raw, int):
        return [{"valueInteger": raw}]
    if isinstance(raw, float):
        return [{"valueDecimal": raw}]
    return [{"valueString": str(raw)}]


def to_fhir_bundle(data: FhirData, *, now: datetime, patient_id: str = DEFAULT_PATIENT_ID) -> bytes:
    """The data as a FHIR R4B Bundle (JSON, UTF-8), validated by fhir.resources.

    ``patient_id`` must be a UUID (it becomes ``urn:uuid:…``); ``ValueError`` otherwise,
    and for any code value outside its allowed set. ``ImportError`` without fhir.resources.
    """
    from fhir.resources.R4B.bundle import Bundle

    patient = str(uuid.UUID(patient_id))
    raw = _Builder(data, now=now, patient_id=patient).build()
    bundle = Bundle.model_validate(raw)
    return bundle.model_dump_json(indent=2).encode("utf-8") + b"\n"


def resource_counts(bundle: bytes) -> dict[str, int]:
    """How many resources of each type a bundle from ``to_fhir_bundle`` holds, in order seen."""
    entries = json.loads(bundle).get("entry", [])
    return dict(Counter(e["resource"]["resourceType"] for e in entries))
