"""`safety check`: the level, each phrase and why; from an argument or standard input."""

from __future__ import annotations

from midweek import messages


def test_check_text_argument_shows_level_reason_and_adjustment(run) -> None:
    out = run("safety", "check", "I would never hurt myself, but I don't want to be here anymore.")
    lines = out.stdout.splitlines()
    assert lines[0] == messages.RISK_LEVELS["concern"]
    assert "“hurt myself” — mentions hurting themselves" in lines[1]
    assert "not counted: “never” comes just before it" in lines[1]
    assert "“don't want to be here anymore”" in lines[2] and "not counted" not in lines[2]
    assert messages.RISK_CHECK_LIMITS in out.stdout
    assert messages.RISK_CHECK_SUPPORT in out.stdout


def test_check_reads_standard_input(run) -> None:
    out = run("safety", "check", input="This traffic is killing me.\n").stdout
    assert out.splitlines()[0] == messages.RISK_LEVELS["none"]
    assert messages.RISK_NOTHING_MATCHED in out
    assert messages.RISK_CHECK_SUPPORT not in out


def test_check_json(run_json) -> None:
    data = run_json("safety", "check", "In the film he says: I want to die")
    assert data["level"] == "concern"
    (f,) = data["findings"]
    assert f["rule"] == "want-to-die"
    assert (f["level"], f["adjusted"]) == ("concern", "reported: in the film")
    assert "In the film he says: I want to die"[f["start"] : f["end"]] == "want to die"
    assert run_json("safety", "check", "I killed it at work")["findings"] == []


def test_check_saves_nothing(run, run_json) -> None:
    run("safety", "check", "I want to kill myself")
    assert run_json("journal", "list") == []


def test_hard_words_in_a_journal_entry_bring_up_support(run, run_json) -> None:
    e = run_json("journal", "write", "I wish I could disappear forever.")
    assert e["support"] is True
    calm = run_json("journal", "write", "I could kill for a coffee.")
    assert calm["support"] is False
    out = run("journal", "write", "No point going on.").stdout
    assert messages.SAFETY_HEADER in out


def test_hard_words_in_a_question_bring_up_support(run) -> None:
    out = run("ask", "Why do I keep wanting to hurt myself?").stdout
    assert messages.SAFETY_HEADER in out
    assert messages.SAFETY_HEADER not in run("ask", "How do I handle Sundays?").stdout


def test_check_shows_why_a_finding_was_cleared_or_lowered(run) -> None:
    over = run("safety", "check", "I self-harmed years ago, but not anymore.").stdout
    assert over.splitlines()[0] == messages.RISK_LEVELS["none"]
    assert "not counted: it reads as over, in the past" in over
    earlier = run("safety", "check", "I tried to kill myself when I was 16").stdout
    assert earlier.splitlines()[0] == messages.RISK_LEVELS["concern"]
    assert "counted one step lower: it reads as something in the past" in earlier


def test_check_reads_slang_and_shows_the_words_written(run_json) -> None:
    data = run_json("safety", "check", "honestly might ctb this weekend")
    assert data["level"] == "urgent"
    (f,) = data["findings"]
    assert f["phrase"] == "ctb"


def test_check_shows_the_learned_layer_and_why(run, run_json) -> None:
    # Written for this test; the rules have no phrase for it, the learned layer reads it.
    text = "everything is packed away and the letters are written. sunday is the day."
    out = run("safety", "check", text).stdout
    assert out.splitlines()[0] == messages.RISK_LEVELS["urgent"]
    assert "a learned model (trained on 4,360 blind lines) read this as urgent, p=0." in out
    assert "most from: '" in out and "[learned-model, urgent]" in out
    data = run_json("safety", "check", "In the film she says " + text)
    (f,) = data["findings"]
    assert (f["rule"], f["level"], f["adjusted"]) == (
        "learned-model",
        "concern",
        "reported: in the film",
    )
