"""Check-ins and worksheets."""

from __future__ import annotations

import json

import pytest


def test_mood_checkin(run, run_json) -> None:
    assert "Check-in saved" in run("checkin", "mood", "6", "--note", "ok day").stdout
    data = run_json("checkin", "mood", "4", "--at", "yesterday 20:00")
    assert data["checkin"]["mood"] == 4
    r = run("checkin", "mood", "11", ok=False)
    assert r.exit_code == 2 and "0 to 10" in r.stderr
    assert [c["mood"] for c in run_json("checkin", "list")] == [6, 4]


def test_phq9_scored_with_band(run, run_json) -> None:
    out = run("checkin", "phq9", "--answers", "1,1,2,1,1,1,2,1,0").stdout
    assert "PHQ-9: 10 of 27 — moderate." in out
    assert "crisis" not in out.lower() and "116 123" not in out
    data = run_json("checkin", "gad7", "--answers", "3 3 3 3 3 3 3")
    assert data["score"]["total"] == 21 and data["score"]["band"] == "severe"
    assert data["checkin"]["answers"] == [3] * 7


def test_phq9_item9_shows_crisis_contacts_even_when_total_is_low(run, monkeypatch) -> None:
    monkeypatch.setenv("MIDWEEK_COUNTRY", "US")
    out = run("checkin", "phq9", "--answers", "0,0,0,0,0,0,0,0,1").stdout
    assert "PHQ-9: 1 of 27 — minimal." in out
    assert "988" in out
    assert "not an emergency service" in out
    # and the next `today` still brings the support up
    assert "988" in run("today").stdout


@pytest.mark.parametrize(
    ("answers", "message"),
    [("1,1,2,1,1,1,2,1", "9 questions"), ("1,1,2,1,1,1,2,1,4", "0"), ("a,b", "")],
)
def test_phq9_bad_answers(run, run_json, answers, message) -> None:
    r = run("checkin", "phq9", "--answers", answers, ok=False)
    assert r.exit_code == 2 and message in r.stderr
    assert run_json("checkin", "list") == []


def test_phq9_without_answers_when_not_interactive(run) -> None:
    r = run("checkin", "phq9", ok=False)
    assert r.exit_code == 2 and "--answers" in r.stderr


def test_worksheet_list_and_show(run, run_json) -> None:
    names = {w["name"] for w in run_json("worksheet", "list")}
    assert {
        "thought-record",
        "activity-log",
        "exposure",
        "diary-card",
        "sleep-diary",
        "values-clarification",
        "self-care-plan",
    } <= names
    shown = run("worksheet", "show", "sleep-diary").stdout
    assert "Sleep efficiency" in shown and "bed_time" in shown


SLEEP = {
    "bed_time": "23:00",
    "minutes_to_sleep": "20",
    "minutes_awake": "30",
    "final_wake": "06:30",
    "out_of_bed": "07:00",
    "quality": 6,
}


def test_sleep_diary_fill_computes_efficiency(run, run_json, tmp_path) -> None:
    run(
        "homework",
        "add",
        "Sleep diary",
        "--per-week",
        "7",
        "--minutes",
        "5",
        "--worksheet",
        "sleep-diary",
    )
    f = tmp_path / "sleep.json"
    f.write_text(json.dumps(SLEEP))
    data = run_json("worksheet", "fill", "sleep-diary", "--answers-file", str(f))
    assert data["computed"]["time_in_bed"] == 480
    assert data["computed"]["total_sleep"] == 400
    assert data["computed"]["sleep_efficiency"] == 83.3
    assert data["log"]["assignment_id"] == 1  # the one running homework with this worksheet
    assert data["week"]["done"] == 1
    out = run("worksheet", "fill", "sleep-diary", "--homework", "1", input=json.dumps(SLEEP)).stdout
    assert "Sleep efficiency: 83.3%" in out
    # In the unit people use, as on the web page.
    assert "Total sleep: 6 h 40 min" in out and "Time in bed: 8 h" in out
    assert "minutes" not in out


def test_an_impossible_night_is_refused_in_one_sentence_and_nothing_written(
    run, run_json, tmp_path
) -> None:
    # The example from issue 15: it used to show "Total sleep -1620 minutes".
    bad = {
        "bed_time": "23:00",
        "minutes_to_sleep": 600,
        "minutes_awake": 0,
        "final_wake": "06:30",
        "out_of_bed": "06:00",
    }
    r = run("worksheet", "fill", "sleep-diary", input=json.dumps(bad), ok=False)
    assert r.exit_code == 2
    assert r.stderr.strip().splitlines() == [
        "midweek: “How long it took to fall asleep” (10 h) is longer than the 7 h 30 min from "
        "“Time I went to bed” (23:00) to “Time I woke up for the last time” (06:30)."
    ]
    assert "Traceback" not in r.output
    # Nothing was written: the next diary saved is the first one.
    assert run_json("worksheet", "fill", "sleep-diary", input=json.dumps(SLEEP))["log"]["id"] == 1


def test_a_late_sleep_diary_is_filed_on_its_night(run, run_json) -> None:
    night = {**SLEEP, "night": "2026-11-25"}
    data = run_json("worksheet", "fill", "sleep-diary", input=json.dumps(night))
    assert data["log"]["at"].startswith("2026-11-25T")
    r = run(
        "worksheet",
        "fill",
        "sleep-diary",
        input=json.dumps({**SLEEP, "night": "tomorrow"}),
        ok=False,
    )
    assert r.exit_code == 2 and "“The night of”" in r.stderr


def test_worksheet_on_its_own_and_out_of_range_answers(run, run_json, tmp_path) -> None:
    f = tmp_path / "ex.toml"
    f.write_text('situation = "Lift at work"\nsuds_before = 70\nsuds_peak = 140\n')
    r = run("worksheet", "fill", "exposure", "--answers-file", str(f), ok=False)
    assert r.exit_code == 2 and "140" in r.stderr and "100" in r.stderr
    ok = {
        "situation": "Lift",
        "suds_before": 70,
        "suds_peak": 85,
        "suds_after": 40,
        "duration": "15",
        "safety_behaviours": "some",
        "learned": "It passed.",
    }
    data = run_json("worksheet", "fill", "exposure", input=json.dumps(ok))
    assert data["log"]["assignment_id"] is None and data["log"]["worksheet"] == "exposure"
    assert data["log"]["answers"]["suds_peak"] == 85


def test_own_template_folder(run, run_json, tmp_path, monkeypatch) -> None:
    data_dir = tmp_path / "data"
    (data_dir / "worksheets").mkdir(parents=True)
    (data_dir / "worksheets" / "gratitude.toml").write_text(
        'name = "gratitude"\ntitle = "Three good things"\ndescription = "Notice good things."\n'
        '[[fields]]\nname = "first"\nlabel = "First good thing"\nkind = "short-text"\n'
    )
    monkeypatch.setenv("MIDWEEK_DATA_DIR", str(data_dir))
    assert "gratitude" in {w["name"] for w in run_json("worksheet", "list")}
