"""`midweek export fhir`: a private file, the counts, refusing to overwrite, missing extra."""

from __future__ import annotations

import json
import os
import sys
from datetime import datetime
from pathlib import Path

import pytest

from midweek.services import demo
from midweek.services.library import shipped_templates
from midweek.storage import open_store

NOW = datetime(2026, 11, 27, 18, 0).astimezone()  # as tests/cli/conftest.py freezes it


@pytest.fixture
def demo_data(frozen, tmp_path: Path) -> None:
    """The demo history in the test's store, plus two filled worksheets."""
    store = open_store(os.environ["MIDWEEK_DATABASE_URL"], Path(os.environ["MIDWEEK_KEY_FILE"]))
    try:
        demo.seed(
            store.unit_of_work(), now=NOW, thought_record=shipped_templates()["thought-record"]
        )
    finally:
        store.close()


def _answers(tmp_path: Path, name: str, answers: dict[str, object]) -> str:
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    return str(path)


def test_export_fhir_writes_a_private_bundle_with_counts(
    run, run_json, demo_data, tmp_path
) -> None:
    thought = {
        "situation": "Email about Monday's meeting",
        "automatic_thought": "They'll see I'm not up to it",
        "emotion": "anxious",
        "intensity_before": 80,
        "intensity_after": 50,
    }
    sleep = {
        "night": "2026-11-26",
        "bed_time": "23:00",
        "minutes_to_sleep": "20",
        "minutes_awake": "30",
        "final_wake": "06:30",
        "out_of_bed": "07:00",
    }
    run(
        "worksheet",
        "fill",
        "thought-record",
        "--homework",
        "2",
        "--answers-file",
        _answers(tmp_path, "thought", thought),
    )
    run("worksheet", "fill", "sleep-diary", "--answers-file", _answers(tmp_path, "sleep", sleep))
    out = tmp_path / "bundle.json"
    summary = run_json("export", "fhir", "--out", str(out))
    assert (out.stat().st_mode & 0o777) == 0o600
    assert summary["plaintext"] is True
    assert summary["bytes"] == out.stat().st_size
    assert summary["resources"] == {
        "Patient": 1,
        "Goal": 3,
        "CarePlan": 1,
        "Task": 4,
        "Questionnaire": 4,  # PHQ-9, GAD-7, thought record, sleep diary
        "QuestionnaireResponse": 8,  # 6 check-ins + 2 worksheets
        "Observation": 6,
    }
    from fhir.resources.R4B.bundle import Bundle

    bundle = Bundle.model_validate_json(out.read_bytes())
    assert bundle.type == "collection"
    doc = json.loads(out.read_bytes())
    codes = sorted(
        e["resource"]["code"]["coding"][0]["code"]
        for e in doc["entry"]
        if e["resource"]["resourceType"] == "Observation"
    )
    assert codes == ["44261-6"] * 3 + ["70274-6"] * 3
    # The sleep diary's night travels as a FHIR date.
    items = [
        item
        for e in doc["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
        for item in e["resource"].get("item", [])
    ]
    (night,) = [item for item in items if item["linkId"] == "night"]
    assert night["answer"] == [{"valueDate": "2026-11-26"}]
    # The person's own words are in the file, as they asked.
    assert "They'll see I'm not up to it" in out.read_text(encoding="utf-8")
    assert not out.with_name("bundle.json.part").exists()


def test_export_fhir_text_says_where_and_that_it_is_plain(run, demo_data, tmp_path) -> None:
    out = tmp_path / "bundle.json"
    text = run("export", "fhir", "--out", str(out)).stdout
    assert text.startswith(f"FHIR bundle written to {out}: 1 Patient, 3 Goal, 1 CarePlan, 4 Task")
    assert "not encrypted" in text and "0600" in text


def test_export_fhir_refuses_to_overwrite_without_force(run, tmp_path) -> None:
    out = tmp_path / "bundle.json"
    out.write_text("keep me", encoding="utf-8")
    result = run("export", "fhir", "--out", str(out), ok=False)
    assert result.exit_code == 2
    assert "already exists; use --force" in result.stderr
    assert out.read_text(encoding="utf-8") == "keep me"
    run("export", "fhir", "--out", str(out), "--force")
    assert json.loads(out.read_bytes())["resourceType"] == "Bundle"
    assert (out.stat().st_mode & 0o777) == 0o600


def test_export_fhir_with_own_patient_id(run, tmp_path) -> None:
    out = tmp_path / "bundle.json"
    pid = "123e4567-e89b-12d3-a456-426614174000"
    run("export", "fhir", "--out", str(out), "--patient-id", pid)
    assert json.loads(out.read_bytes())["entry"][0]["fullUrl"] == f"urn:uuid:{pid}"
    bad = run("export", "fhir", "--out", str(tmp_path / "b.json"), "--patient-id", "me", ok=False)
    assert bad.exit_code == 2 and "is not a UUID" in bad.stderr


def test_export_fhir_without_the_extra_says_how_to_install(
    run, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "fhir.resources.R4B.bundle", None)  # import now fails
    out = tmp_path / "bundle.json"
    result = run("export", "fhir", "--out", str(out), "--json", ok=False)
    assert result.exit_code == 2
    assert "install midweek[fhir]" in result.stderr
    assert json.loads(result.stdout)["error"]["code"] == "invalid-input"
    assert not out.exists()
