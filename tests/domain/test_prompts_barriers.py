from datetime import date

from midweek import messages
from midweek.domain.barriers import SUGGESTED_STEPS, NextStep, suggested_steps
from midweek.domain.entities import BarrierKind
from midweek.domain.prompts import choose_prompt


def test_every_barrier_kind_has_matching_steps_with_wording() -> None:
    assert set(SUGGESTED_STEPS) == set(BarrierKind)
    assert suggested_steps(BarrierKind.OTHERS_FIRST)[0] is NextStep.PLAN_BOUNDARY
    assert suggested_steps(BarrierKind.AMBIVALENCE)[0] is NextStep.CHECK_VALUES
    assert suggested_steps(BarrierKind.FEAR)[0] is NextStep.SLOW_PACE
    assert suggested_steps(BarrierKind.CONFUSION)[0] is NextStep.ASK_THERAPIST
    for kind in BarrierKind:
        assert messages.BARRIER_REFLECTIONS[kind]
        assert messages.BARRIER_LABELS[kind]
    assert set(messages.NEXT_STEP_LABELS) == set(NextStep)


def _prompt(day: date, themes=(), takeaways=()) -> str:
    return choose_prompt(
        day=day,
        themes=themes,
        takeaways=takeaways,
        theme_prompts=messages.THEME_PROMPTS,
        takeaway_prompts=messages.TAKEAWAY_PROMPTS,
        general_prompts=messages.GENERAL_PROMPTS,
    )


def test_prompt_is_tied_to_themes_and_takeaways_and_stable_within_a_day() -> None:
    day = date(2026, 11, 27)
    seen = {
        _prompt(day.replace(day=d), ["sleep"], ["Thoughts are not facts"]) for d in range(1, 28)
    }
    assert all("sleep" in p or "Thoughts are not facts" in p for p in seen)
    assert len(seen) > 2  # varies across days
    assert _prompt(day, ["sleep"]) == _prompt(day, ["sleep"])


def test_a_takeaway_ending_in_a_full_stop_reads_as_one_sentence_inside_a_prompt() -> None:
    seen = {
        _prompt(date(2026, 11, d), [], ["Ask for help earlier, before the week is overwhelming."])
        for d in range(1, 28)
    }
    assert any("“Ask for help earlier, before the week is overwhelming”. Where" in p for p in seen)
    assert not any(".”" in p for p in seen)
    # An ellipsis is the person's own and stays.
    assert any("“Slow down...”" in p for p in {_prompt(date(2026, 11, 1), [], ["Slow down..."])})


def test_without_a_session_a_general_prompt_is_given() -> None:
    assert _prompt(date(2026, 11, 27)) in messages.GENERAL_PROMPTS


SHAME_WORDS = ("missed", "failed", "failure", "streak", "lazy", "should have", "broke your")


def test_messages_are_free_of_shame_words() -> None:
    texts: list[str] = []
    for name in dir(messages):
        if name.startswith("__"):
            continue
        value = getattr(messages, name)
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            texts.extend(v for v in value.values() if isinstance(v, str))
        elif isinstance(value, tuple):
            texts.extend(v for v in value if isinstance(v, str))
    assert len(texts) > 40
    for text in texts:
        lowered = text.lower()
        for word in SHAME_WORDS:
            if word == "failure" and "not a failure" in lowered:
                continue
            assert word not in lowered, (word, text)


def test_progress_wording_counts_partial_and_welcomes_extra_practice() -> None:
    assert (
        messages.progress_line(1.5, 3, 25, 60, done=1, partial=1)
        == "1 done and 1 partly — about 1½ of 3 practices this week, 25 of 60 minutes"
    )
    assert messages.progress_line(1, 1, 10, 10) == "1 of 1 practice this week, 10 of 10 minutes"
    extra = messages.progress_line(3, 2, 15, 10)
    assert extra == "3 practices this week — more than the 2 planned, 15 minutes"


def test_validation_sentences_in_the_domain_are_free_of_shame_words() -> None:
    """Validation sentences live beside their rules; the same tone rule applies to them."""
    import ast
    from pathlib import Path

    import midweek

    root = Path(midweek.__file__).parent
    checked = 0
    for path in [
        *sorted((root / "domain").glob("*.py")),
        *sorted((root / "services").glob("*.py")),
    ]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(n.body[0].value)
            for n in ast.walk(tree)
            if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef)
            and n.body
            and isinstance(n.body[0], ast.Expr)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
            ):
                lowered = node.value.lower()
                checked += 1
                for word in ("missed", "failed", "streak", "lazy", "you should have"):
                    assert word not in lowered, (path.name, node.value)
    assert checked > 200
