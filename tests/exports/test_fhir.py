"""FHIR R4B export: a golden file, structural validation, codes, references and ids.

Regenerate the golden file only on purpose: ``MIDWEEK_REGEN_GOLDEN=1 pytest tests/exports``.
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from midweek.domain.entities import (
    Assignment,
    Checkin,
    CheckinKind,
    Goal,
    GoalStatus,
    Outcome,
    PracticeLog,
)
from midweek.domain.worksheets import parse_template
from midweek.exports import fhir
from midweek.exports.fhir import DEFAULT_PATIENT_ID, resource_counts, to_fhir_bundle
from midweek.services.export_data import FhirData

GOLDEN = Path(__file__).parent.parent / "data" / "fhir_bundle.json"
TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 27, 18, 0, tzinfo=TZ)

WORRY_LOG = parse_template(
    {
        "name": "worry-log",
        "title": "Worry log",
        "description": "Write the worry down and how much it bothered you.",
        "version": 2,
        "fields": [
            {"name": "worry", "label": "The worry", "kind": "long-text"},
            {"name": "where", "label": "Where I was", "kind": "short-text", "max": 80},
            {"name": "strength", "label": "How strong", "kind": "suds"},
            {"name": "mood", "label": "Mood", "kind": "rating", "required": False},
            {"name": "times", "label": "How many times", "kind": "integer", "min": 0},
            {
                "name": "kind",
                "label": "Kind of worry",
                "kind": "choice",
                "choices": ["hypothetical", "practical"],
            },
            {
                "name": "helped",
                "label": "What helped",
                "kind": "multi-choice",
                "choices": ["breathing", "writing", "walking"],
                "required": False,
            },
            {"name": "started", "label": "When it started", "kind": "time"},
            {"name": "lasted", "label": "How long it lasted", "kind": "duration"},
        ],
    },
    source="test",
)


def sample() -> FhirData:
    """Every shape the exporter handles, with fixed ids and times."""
    return FhirData(
        goals=(
            Goal(
                "Sleep before midnight",
                "health",
                8,
                5,
                created_at=datetime(2026, 10, 1, 9, 0, tzinfo=TZ),
                id=1,
            ),
            Goal("Say no kindly", "self-respect", 9, 4, status=GoalStatus.ACHIEVED, id=2),
            Goal("Run a marathon", None, 3, 2, status=GoalStatus.NOT_PURSUING, id=3),
        ),
        assignments=(
            Assignment(
                "Worry time",
                per_week=5,
                minutes=15,
                start=date(2026, 11, 2),
                instructions="Write worries down at 18:00; postpone them otherwise.",
                goal_id=1,
                worksheet="worry-log",
                created_at=datetime(2026, 11, 2, 17, 0, tzinfo=TZ),
                id=1,
            ),
            Assignment(
                "Say no once",
                per_week=2,
                minutes=0,
                start=date(2026, 11, 9),
                end=date(2026, 12, 31),
                goal_id=2,
                ended_at=datetime(2026, 11, 20, 8, 30, tzinfo=TZ),
                id=2,
            ),
            Assignment(
                "Breathing",
                per_week=7,
                minutes=5,
                start=date(2026, 10, 1),
                end=date(2026, 10, 31),
                id=3,
            ),
            Assignment("Wind-down", per_week=4, minutes=20, start=date(2026, 12, 1), id=4),
        ),
        checkins=(
            Checkin(
                CheckinKind.PHQ9,
                datetime(2026, 11, 3, 16, 45, tzinfo=TZ),
                answers=[2, 2, 1, 2, 1, 1, 1, 1, 0],
                total=11,
                id=10,
            ),
            Checkin(
                CheckinKind.GAD7,
                datetime(2026, 11, 3, 16, 46, tzinfo=TZ),
                answers=[2, 2, 2, 1, 1, 2, 1],
                total=11,
                id=11,
            ),
            Checkin(
                CheckinKind.PHQ9,
                datetime(2026, 11, 24, 16, 45, tzinfo=TZ),
                answers=[1, 1, 0, 1, 1, 0, 0, 0, 0],
                total=4,
                id=12,
            ),
        ),
        worksheets=(
            PracticeLog(
                1,
                datetime(2026, 11, 4, 18, 20, tzinfo=TZ),
                Outcome.DONE,
                minutes=15,
                answers={
                    "worry": "That I'll be found out at work.",
                    "where": "Kitchen",
                    "strength": 70,
                    "mood": None,
                    "times": 3,
                    "kind": "hypothetical",
                    "helped": ["breathing", "writing"],
                    "started": "17:45",
                    "lasted": 40,
                },
                worksheet="worry-log",
                id=21,
            ),
            PracticeLog(
                None,
                datetime(2026, 11, 6, 7, 5, tzinfo=TZ),
                Outcome.DONE,
                answers={"note": "A template that has since been deleted", "score": 2.5},
                worksheet="gone-template",
                id=22,
            ),
        ),
        templates={"worry-log": WORRY_LOG},
    )


def export(data: FhirData | None = None) -> bytes:
    return to_fhir_bundle(data or sample(), now=NOW, patient_id=DEFAULT_PATIENT_ID)


def resources(bundle: bytes, kind: str | None = None) -> list[dict[str, Any]]:
    entries = json.loads(bundle)["entry"]
    return [e["resource"] for e in entries if kind is None or e["resource"]["resourceType"] == kind]


def all_references(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["reference"]] if isinstance(node.get("reference"), str) else []
        return found + [r for v in node.values() for r in all_references(v)]
    if isinstance(node, list):
        return [r for v in node for r in all_references(v)]
    return []


def test_matches_golden_file() -> None:
    out = export()
    if os.environ.get("MIDWEEK_REGEN_GOLDEN") == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_bytes(out)
    assert out == GOLDEN.read_bytes(), "FHIR output changed; regenerate on purpose only"


def test_same_data_same_bytes() -> None:
    assert export() == export()


def test_parses_back_as_r4b_bundle() -> None:
    from fhir.resources.R4B.bundle import Bundle

    bundle = Bundle.model_validate_json(export())
    assert bundle.type == "collection"
    assert resource_counts(export()) == {
        "Patient": 1,
        "Goal": 3,
        "CarePlan": 1,
        "Task": 4,
        "Questionnaire": 3,
        "QuestionnaireResponse": 5,
        "Observation": 3,
    }


def test_every_reference_resolves_inside_the_bundle() -> None:
    out = export()
    doc = json.loads(out)
    full_urls = {e["fullUrl"] for e in doc["entry"]}
    assert len(full_urls) == len(doc["entry"])
    assert all(u.startswith("urn:uuid:") for u in full_urls)
    refs = all_references(doc)
    assert refs and set(refs) <= full_urls
    urls = {q["url"] for q in resources(out, "Questionnaire")}
    canon = [
        r["questionnaire"] for r in resources(out, "QuestionnaireResponse") if "questionnaire" in r
    ]
    assert len(canon) == 4 and set(canon) <= urls
    for e in doc["entry"]:
        assert e["fullUrl"] == f"urn:uuid:{e['resource']['id']}"


def test_observations_carry_loinc_totals_bands_and_sources() -> None:
    out = export()
    obs = resources(out, "Observation")
    got = [
        (
            o["code"]["coding"][0]["system"],
            o["code"]["coding"][0]["code"],
            o["valueInteger"],
            o["interpretation"][0]["text"],
            o["effectiveDateTime"],
        )
        for o in obs
    ]
    assert got == [
        ("http://loinc.org", "44261-6", 11, "moderate", "2026-11-03T16:45:00+01:00"),
        ("http://loinc.org", "70274-6", 11, "moderate", "2026-11-03T16:46:00+01:00"),
        ("http://loinc.org", "44261-6", 4, "minimal", "2026-11-24T16:45:00+01:00"),
    ]
    assert all(o["status"] == "final" for o in obs)
    assert all(o["category"][0]["coding"][0]["code"] == "survey" for o in obs)
    by_url = {f"urn:uuid:{r['id']}": r for r in resources(out)}
    for o in obs:
        source = by_url[o["derivedFrom"][0]["reference"]]
        assert source["resourceType"] == "QuestionnaireResponse"
        scores = [
            int(a["valueCoding"]["code"] == "LA6569-3")
            + 2 * int(a["valueCoding"]["code"] == "LA6570-1")
            + 3 * int(a["valueCoding"]["code"] == "LA6571-9")
            for item in source["item"]
            for a in item["answer"]
        ]
        assert sum(scores) == o["valueInteger"]
    panels = {
        q.get("title"): q.get("code", [{}])[0].get("code") for q in resources(out, "Questionnaire")
    }
    assert panels == {"PHQ-9": "44249-1", "GAD-7": "69737-5", "Worry log": None}


def test_tasks_and_care_plan() -> None:
    out = export()
    patient = f"urn:uuid:{DEFAULT_PATIENT_ID}"
    (plan,) = resources(out, "CarePlan")
    assert (plan["status"], plan["intent"], plan["subject"]["reference"]) == (
        "active",
        "plan",
        patient,
    )
    tasks = resources(out, "Task")
    assert all(t["for"]["reference"] == patient for t in tasks)
    assert all(t["basedOn"][0]["reference"] == f"urn:uuid:{plan['id']}" for t in tasks)
    assert all(t["intent"] == "plan" for t in tasks)
    assert [t["status"] for t in tasks] == ["in-progress", "cancelled", "completed", "ready"]
    details = [a["detail"] for a in plan["activity"]]
    assert [d["status"] for d in details] == ["in-progress", "stopped", "completed", "not-started"]
    assert details[0]["scheduledTiming"]["repeat"] == {
        "boundsPeriod": {"start": "2026-11-02"},
        "frequency": 5,
        "period": 1,
        "periodUnit": "wk",
        "duration": 15,
        "durationUnit": "min",
    }
    assert tasks[1]["executionPeriod"] == {
        "start": "2026-11-09",
        "end": "2026-11-20T08:30:00+01:00",
    }
    assert tasks[0]["description"] == "Write worries down at 18:00; postpone them otherwise."
    # the worksheet done for "Worry time" is that activity's outcome
    assert len(plan["activity"][0]["outcomeReference"]) == 1


def test_patient_is_pseudonymous() -> None:
    (patient,) = resources(export(), "Patient")
    assert set(patient) == {"resourceType", "id", "active"}


def test_worksheet_items_and_answers() -> None:
    out = export()
    q = next(r for r in resources(out, "Questionnaire") if r.get("title") == "Worry log")
    assert [(i["linkId"], i["type"]) for i in q["item"]] == [
        ("worry", "text"),
        ("where", "string"),
        ("strength", "integer"),
        ("mood", "integer"),
        ("times", "integer"),
        ("kind", "choice"),
        ("helped", "choice"),
        ("started", "time"),
        ("lasted", "integer"),
    ]
    assert q["item"][6]["repeats"] is True
    assert q["item"][1]["maxLength"] == 80
    responses = [r for r in resources(out, "QuestionnaireResponse") if "basedOn" in r]
    (filled,) = responses
    answers = {i["linkId"]: i["answer"] for i in filled["item"]}
    assert "mood" not in answers  # an empty optional answer is left out
    assert answers["started"] == [{"valueTime": "17:45:00"}]
    assert answers["helped"] == [{"valueString": "breathing"}, {"valueString": "writing"}]
    orphan = next(r for r in resources(out, "QuestionnaireResponse") if "questionnaire" not in r)
    assert orphan["item"][1] == {"linkId": "score", "answer": [{"valueDecimal": 2.5}]}


def test_ids_are_stable_per_record_not_per_position() -> None:
    full = export()
    data = sample()
    fewer = FhirData(
        goals=data.goals,
        assignments=data.assignments[1:],
        checkins=data.checkins,
        templates=data.templates,
    )
    ids_full = {r["id"] for r in resources(full, "Task")}
    ids_fewer = {r["id"] for r in resources(export(fewer), "Task")}
    assert ids_fewer < ids_full


def test_another_patient_id_is_used_everywhere() -> None:
    other = "123e4567-e89b-12d3-a456-426614174000"
    out = to_fhir_bundle(sample(), now=NOW, patient_id=other)
    assert DEFAULT_PATIENT_ID not in out.decode()
    assert resources(out, "Patient")[0]["id"] == other
    with pytest.raises(ValueError):
        to_fhir_bundle(sample(), now=NOW, patient_id="not-a-uuid")


def test_empty_store_exports_a_patient_and_an_empty_plan() -> None:
    out = to_fhir_bundle(FhirData(), now=NOW)
    assert resource_counts(out) == {"Patient": 1, "CarePlan": 1}


def test_check_code_refuses_values_outside_the_set() -> None:
    assert fhir._check_code("final", fhir.OBSERVATION_STATUS, "status") == "final"
    with pytest.raises(ValueError, match=r"'done' is not a valid Task\.status"):
        fhir._check_code("done", fhir.TASK_STATUS, "Task.status")
    with pytest.raises(ValueError, match="LOINC"):
        fhir._check_code("44261-7", fhir.LOINC_CODES, "LOINC code")


def test_a_bad_status_mapping_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """fhir.resources would accept a bogus status; the exporter must not emit one."""
    monkeypatch.setitem(fhir.TASK_STATUS_FOR, "running", "doing-it")
    with pytest.raises(ValueError, match=r"'doing-it' is not a valid Task\.status"):
        export()
    monkeypatch.undo()
    monkeypatch.setitem(fhir.ACTIVITY_STATUS_FOR, "stopped", "given-up")
    with pytest.raises(ValueError, match=r"CarePlan\.activity\.detail\.status"):
        export()


def test_a_wrong_number_of_answers_is_refused() -> None:
    data = sample()
    broken = Checkin(CheckinKind.GAD7, NOW, answers=[1, 1], total=2, id=99)
    with pytest.raises(ValueError, match="2 answers"):
        export(FhirData(checkins=(*data.checkins, broken)))


def test_loinc_answer_displays_match_the_instrument_options() -> None:
    from midweek.domain.instruments import OPTIONS

    assert [v for v, _ in OPTIONS] == list(fhir.LOINC_ANSWERS)
    assert set(fhir.LOINC_TOTALS) == {"44261-6", "70274-6"}
