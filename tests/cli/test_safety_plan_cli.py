"""`safety-plan`, `crisis`, `country`, the support shown when something hard comes up, and
`prep --include safety`."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

NOT_MONITORED_NZ = (
    "midweek is not monitored in real time and nobody is alerted. If you are in danger, "
    "call 111 now."
)


@pytest.fixture
def nz(monkeypatch) -> None:
    monkeypatch.setenv("MIDWEEK_COUNTRY", "NZ")


@pytest.fixture
def no_country(monkeypatch) -> None:
    monkeypatch.delenv("MIDWEEK_COUNTRY", raising=False)
    monkeypatch.delenv("MIDWEEK_COUNTRY_FILE", raising=False)


def _make_plan(run) -> None:
    run(
        "safety-plan", "edit",
        "--warning-sign", "I stop answering messages",
        "--coping", "Walk round the block",
        "--coping", "Cold water on my face",
        "--distraction", "The library",
        "--person", "Ana: +64 21 555 0100",
        "--professional", "Dr Lee (therapist): 09 555 0199",
        "--safer", "Give the pills to Ana",
        "--reason", "My niece Kai",
    )  # fmt: skip


def test_show_before_a_plan_is_kind(run, run_json) -> None:
    assert "You don't have a safety plan yet" in run("safety-plan", "show").stdout
    assert run_json("safety-plan", "show") == {"plan": None}


def test_edit_with_options_adds_and_replace_replaces(run, run_json) -> None:
    _make_plan(run)
    plan = run_json("safety-plan", "show")["plan"]
    assert plan["coping"] == ["Walk round the block", "Cold water on my face"]
    assert plan["people"] == [{"name": "Ana", "phone": "+64 21 555 0100"}]
    assert plan["shared"] is False and plan["updated_at"].startswith("2026-11-27")
    run("safety-plan", "edit", "--coping", "Music")
    assert run_json("safety-plan", "show")["plan"]["coping"][-1] == "Music"
    run("safety-plan", "edit", "--coping", "Tea", "--replace")
    plan = run_json("safety-plan", "show")["plan"]
    assert plan["coping"] == ["Tea"] and plan["reasons"] == ["My niece Kai"]
    out = run("safety-plan", "show").stdout
    assert out.startswith("My safety plan\nLast updated 2026-11-27 · Private")
    assert "People I can ask for help\n  • Ana: +64 21 555 0100\n" in out


def test_edit_refuses_a_bad_phone_and_nothing_given(run, run_json) -> None:
    bad = run("safety-plan", "edit", "--person", "Bo: call me", ok=False)
    assert bad.exit_code == 2 and "doesn't look like a phone number" in bad.stderr
    assert run_json("safety-plan", "show") == {"plan": None}
    nothing = run("safety-plan", "edit", ok=False)
    assert nothing.exit_code == 2 and "--from-file" in nothing.stderr


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_edit_from_a_file(run, run_json, tmp_path, suffix: str) -> None:
    f = tmp_path / f"plan{suffix}"
    if suffix == ".toml":
        f.write_text(
            'coping = ["Walk"]\nreasons = ["Kai"]\n[[people]]\nname = "Ana"\nphone = "555 0100"\n',
            encoding="utf-8",
        )
    else:
        f.write_text(
            json.dumps({"coping": ["Walk"], "reasons": "Kai", "people": ["Ana: 555 0100"]}),
            encoding="utf-8",
        )
    run("safety-plan", "edit", "--from-file", str(f))
    plan = run_json("safety-plan", "show")["plan"]
    assert plan["coping"] == ["Walk"] and plan["reasons"] == ["Kai"]
    assert plan["people"] == [{"name": "Ana", "phone": "555 0100"}]
    broken = tmp_path / "broken.toml"
    broken.write_text("coping = [", encoding="utf-8")
    r = run("safety-plan", "edit", "--from-file", str(broken), ok=False)
    assert r.exit_code == 2 and "could not be read as TOML or JSON" in r.stderr


def test_edit_on_a_terminal_walks_section_by_section(tty, nz, run, run_json) -> None:
    first = "\n".join(
        [
            "Not sleeping", "",  # warning signs
            "Walk", "",  # coping
            "",  # distractions
            "Ana: call me", "Ana: 555 0100", "",  # people (a bad phone is asked again)
            "",  # professionals
            "",  # safer
            "Kai", "",  # reasons
        ]
    )  # fmt: skip
    out = run("safety-plan", "edit", input=first + "\n").stdout
    assert "one part at a time" in out and "doesn't look like a phone number" in out
    plan = run_json("safety-plan", "show")["plan"]
    assert plan["warning_signs"] == ["Not sleeping"] and plan["coping"] == ["Walk"]
    assert plan["people"] == [{"name": "Ana", "phone": "555 0100"}]
    # Again: Enter keeps a section, "new" writes it again.
    second = "\n".join(
        [
            "", "",  # keep warning signs, add nothing
            "new", "Music", "",  # coping written again
            "Park", "",  # distractions (empty: only the add prompt)
            "", "",  # keep people
            "",  # professionals
            "",  # safer
            "", "Tea with Mum", "",  # keep reasons, add one
        ]
    )  # fmt: skip
    run("safety-plan", "edit", input=second + "\n")
    plan = run_json("safety-plan", "show")["plan"]
    assert plan["warning_signs"] == ["Not sleeping"]
    assert plan["coping"] == ["Music"] and plan["distractions"] == ["Park"]
    assert plan["reasons"] == ["Kai", "Tea with Mum"]


EXPECTED_MD = """\
# My safety plan

_Last updated 2026-11-27_

## Warning signs that a hard time may be coming

- I stop answering messages

## Things I can do on my own to cope

- Walk round the block
- Cold water on my face

## People and places that take my mind off things

- The library

## People I can ask for help

- Ana: +64 21 555 0100

## Professionals and services I can contact

- Dr Lee (therapist): 09 555 0199

## Making my surroundings safer

- Give the pills to Ana

## My reasons for living

- My niece Kai

## If I need help right now

- 1737, Need to talk?: call 1737, text 1737, https://1737.org.nz (24/7, free)
- Lifeline Aotearoa: call 0800 543 354, https://www.lifeline.org.nz (24/7, free)
- Emergency: 111

_midweek is not monitored in real time and nobody is alerted. If you are in danger, call 111 now._
"""


def test_export_markdown_exactly_private_and_not_over_an_existing_file(nz, run, tmp_path) -> None:
    _make_plan(run)
    out = tmp_path / "plan.md"
    said = run("safety-plan", "export", "--out", str(out)).stdout
    assert "written to" in said and "not encrypted" in said
    assert out.read_text(encoding="utf-8") == EXPECTED_MD
    assert (out.stat().st_mode & 0o777) == 0o600
    again = run("safety-plan", "export", "--out", str(out), ok=False)
    assert again.exit_code == 2 and "--force" in again.stderr
    run("safety-plan", "export", "--out", str(out), "--force")


def test_export_needs_a_plan(run, tmp_path) -> None:
    r = run("safety-plan", "export", "--out", str(tmp_path / "p.md"), ok=False)
    assert r.exit_code == 2 and "safety-plan edit" in r.stderr
    assert not (tmp_path / "p.md").exists()


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler's pdftoppm")
def test_export_pdf_is_one_page_and_not_blank(nz, run, tmp_path) -> None:
    from PIL import Image

    _make_plan(run)
    pdf = tmp_path / "plan.pdf"
    run("safety-plan", "export", "--format", "pdf", "--out", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    assert (pdf.stat().st_mode & 0o777) == 0o600
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == 1
    with Image.open(pages[0]) as img:
        lo, hi = img.convert("L").getextrema()
    assert lo < 128 < hi  # dark text on a light page


def test_share_and_unshare(run, run_json) -> None:
    r = run("safety-plan", "share", ok=False)
    assert r.exit_code == 2 and "don't have a safety plan yet" in r.stderr
    _make_plan(run)
    assert "shared with your therapist" in run("safety-plan", "share").stdout
    assert run_json("safety-plan", "show")["plan"]["shared"] is True
    run("safety-plan", "edit", "--reason", "Spring")  # editing keeps the choice
    assert run_json("safety-plan", "show")["plan"]["shared"] is True
    assert "private again" in run("safety-plan", "unshare").stdout
    assert run_json("safety-plan", "show")["plan"]["shared"] is False


def test_crisis_puts_own_contacts_first_then_lines_then_the_statement(nz, run, run_json) -> None:
    out = run("crisis").stdout
    assert "midweek safety-plan edit" in out  # no plan yet: how to make one
    _make_plan(run)
    out = run("crisis").stdout
    lines = out.splitlines()
    assert lines[0] == "People you can reach right now"
    ana = lines.index("    • Ana: +64 21 555 0100")
    lines_at = lines.index("Crisis lines (NZ):")
    assert ana < lines_at < lines.index("  • Emergency: 111") < lines.index(NOT_MONITORED_NZ)
    data = run_json("crisis")
    assert data["country"] == "NZ" and data["emergency_number"] == "111"
    assert data["own_contacts"]["people"] == [{"name": "Ana", "phone": "+64 21 555 0100"}]
    assert data["contacts"][0]["phone"] == "1737"
    assert data["not_monitored"] == NOT_MONITORED_NZ


def test_country_show_set_and_env_wins(no_country, run, run_json, monkeypatch) -> None:
    assert "No country set yet" in run("country").stdout
    assert run_json("country") == {"country": None, "chosen": None, "from_env": False}
    assert "shown for GB" in run("country", "gb").stdout
    assert "Crisis lines (GB):" in run("crisis").stdout
    assert "GB (your choice" in run("country").stdout
    assert "no crisis contacts for FR yet" in run("country", "FR").stdout
    bad = run("country", "GBR", ok=False)
    assert bad.exit_code == 2 and "two letters" in bad.stderr
    monkeypatch.setenv("MIDWEEK_COUNTRY", "NZ")
    assert "from MIDWEEK_COUNTRY" in run("country").stdout
    assert "MIDWEEK_COUNTRY is set to NZ" in run("country", "AU").stdout
    assert "Crisis lines (NZ):" in run("crisis").stdout


def test_crisis_on_a_terminal_asks_the_country_once(tty, no_country, run, run_json) -> None:
    out = run("crisis", input="zz9\nnz\n").stdout
    # the international contacts come first; the question only after them
    assert out.index("Crisis lines (international):") < out.index("Which country are you in?")
    assert "two letters" in out
    assert "Crisis lines (NZ):" in out
    out = run("crisis", input="").stdout
    assert "Which country" not in out and "Crisis lines (NZ):" in out


def test_enter_keeps_the_international_list_and_is_not_asked_again(
    tty, no_country, run, run_json
) -> None:
    out = run("crisis", input="\n").stdout
    assert "Crisis lines (international):" in out
    assert run_json("country")["chosen"] == "INTL"


def test_item9_shows_plan_contacts_and_offers_a_note(tty, no_country, run, run_json) -> None:
    _make_plan(run)
    out = run(
        "checkin", "phq9", "--answers", "0,0,0,0,0,0,0,0,1", input="ie\nCan we talk about it?\n"
    ).stdout
    assert out.index("Ana: +64 21 555 0100") < out.index("Crisis lines (IE):")
    assert "call 112 or 999 now" in out
    assert "Would you like to add a note for your therapist?" in out
    assert "Nothing is sent to anyone" in out
    assert [q["text"] for q in run_json("questions")] == ["Can we talk about it?"]
    # Enter skips the note; the country is not asked again.
    out = run("checkin", "phq9", "--answers", "0,0,0,0,0,0,0,0,1", input="\n").stdout
    assert "Which country" not in out
    assert len(run_json("questions")) == 1
    # `today` brings the contacts up again, without asking for a note every time.
    out = run("today", input="").stdout
    assert "Crisis lines (IE):" in out and "add a note" not in out


def test_support_without_a_terminal_asks_nothing(no_country, run, run_json) -> None:
    out = run("checkin", "phq9", "--answers", "0,0,0,0,0,0,0,0,1").stdout
    assert "Which country" not in out and "add a note" not in out
    assert "midweek safety-plan edit" in out  # no plan yet: how to make one
    assert "call your local emergency number now" in out
    assert run_json("questions") == []


def test_prep_leaves_safety_events_out_unless_included(nz, run) -> None:
    run("checkin", "phq9", "--answers", "0,0,0,0,0,0,0,0,1")
    run("checkin", "mood", "5")
    default = run("prep", "--format", "markdown").stdout
    assert "very hard moments" not in default
    included = run("prep", "--format", "markdown", "--include", "safety").stdout
    assert "- You noted some very hard moments this period (1 time)." in included
    items = run("prep", "--list-items", "--include", "safety").stdout
    assert "safety:events" in items
    assert "safety:events" not in run("prep", "--list-items").stdout
    bad = run("prep", "--include", "journal", ok=False)
    assert bad.exit_code == 2 and "what can be added is: safety" in bad.stderr


def test_backup_holds_the_plan_and_the_country(no_country, run, tmp_path) -> None:
    _make_plan(run)
    run("country", "NZ")
    backup = tmp_path / "b.json"
    run("backup", str(backup))
    data = json.loads(backup.read_text())["data"]
    assert len(data["tables"]["safety_plan"]) == 1
    assert data["tables"]["preference"][0]["value"] == "NZ"
    assert "My niece Kai" not in backup.read_text()  # encrypted
    run("safety-plan", "edit", "--reason", "added later")
    run("country", "GB")
    run("restore", str(backup), "--yes")
    assert "added later" not in run("safety-plan", "show").stdout
    assert "NZ" in run("country").stdout
