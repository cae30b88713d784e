"""The risk detector: rule families, negation, idioms, reported speech, levels, never raising."""

from __future__ import annotations

import copy
import time
import tomllib
from importlib.resources import files
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from midweek.domain.errors import ValidationError
from midweek.domain.risk import Assessment, Level, Rules, assess, parse_rules
from midweek.services.risk import risk_rules


@pytest.fixture(scope="module")
def rules() -> Rules:
    return risk_rules()


def _raw() -> dict[str, Any]:
    return tomllib.loads(files("midweek.data").joinpath("risk_rules.toml").read_text("utf-8"))


def level(text: str, rules: Rules) -> Level:
    return assess(text, rules).level


def rule_ids(text: str, rules: Rules) -> list[str]:
    return assess(text, rules).rule_ids


# --------------------------------------------------------------------------- the level type


def test_levels_are_ordered() -> None:
    assert Level.NONE < Level.CONCERN < Level.URGENT
    assert max(Level.CONCERN, Level.URGENT, Level.NONE) is Level.URGENT
    assert Level.URGENT.lowered() is Level.CONCERN
    assert Level.CONCERN.lowered() is Level.NONE
    assert Level.NONE.lowered() is Level.NONE
    assert str(Level.CONCERN) == "concern"


# --------------------------------------------------------------------------- rule families


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("I want to kill myself", "kill-myself"),
        ("thought about killing myself", "kill-myself"),
        ("I want to\nkill   myself", "kill-myself"),  # line breaks and extra spaces
        ("I want to end my life", "end-my-life"),
        ("I thought about how I'd take my own life", "end-my-life"),
        ("I just want to end it all", "end-my-life"),
        ("I want to die", "want-to-die"),
        ("Honestly I just WANT TO DIE.", "want-to-die"),
        ("some days i wanna die", "want-to-die"),
        ("I feel suicidal", "suicidal-now"),
        ("I have a suicide plan", "suicide-plan"),
        ("I wrote a suicide note", "suicide-plan"),
        ("I could take all my pills tonight", "method"),
        ("I've been stockpiling my tablets", "method"),
        ("thinking about hanging myself", "method"),
        ("I want to say goodbye to everyone for good", "saying-goodbye"),
    ],
)
def test_urgent_rules(rules: Rules, text: str, rule: str) -> None:
    a = assess(text, rules)
    assert a.level is Level.URGENT
    assert rule in a.rule_ids


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Everyone would be better off without me", "better-off-without-me"),
        ("I'm such a burden to everyone", "burden"),
        ("I don't want to be here anymore", "not-want-to-be-here"),
        ("I don’t want to be here any more", "not-want-to-be-here"),  # curly apostrophe
        ("i dont want to be here anymore", "not-want-to-be-here"),
        ("I do not want to live like this", "not-want-to-be-here"),
        ("There's no point going on", "no-point-going-on"),
        ("There is no reason to live", "no-point-going-on"),
        ("nothing to live for", "no-point-going-on"),
        ("I wish I could disappear forever", "disappear-forever"),
        ("I keep wishing I was dead. I wish I was dead.", "wish-dead"),
        ("I keep thinking I'd be better off dead", "wish-dead"),
        ("I just want to go to sleep and never wake up", "never-wake-up"),
        ("I hope I don't wake up tomorrow", "never-wake-up"),
        ("I want to hurt myself", "self-harm"),
        ("urge to self-harm was strong", "self-harm"),
        ("the self harm urges came back", "self-harm"),
        ("I cut myself last night", "self-harm"),
        ("reading about suicide again", "suicide-mentioned"),
        ("I thought about an overdose", "suicide-mentioned"),
        ("my uncle killed himself", "someone-else-suicide"),
        ("the suicidal thoughts are back", "thoughts-of-death"),
    ],
)
def test_concern_rules(rules: Rules, text: str, rule: str) -> None:
    a = assess(text, rules)
    assert a.level is Level.CONCERN
    assert rule in a.rule_ids


def test_every_rule_finds_its_own_examples(rules: Rules) -> None:
    for rule in rules.rules:
        assert rule.examples, f"{rule.id} needs at least one example"
        for example in rule.examples:
            assert rule.id in [f.rule_id for f in assess(example, rules).findings], example


def test_findings_point_at_the_original_text(rules: Rules) -> None:
    text = "Long day.  I DON’T want to be here anymore."
    (f,) = assess(text, rules).findings
    assert text[f.start : f.end] == "DON’T want to be here anymore"
    assert f.reason == "says they don't want to be here or alive"
    assert f.adjusted is None


def test_highest_level_wins_and_findings_in_text_order(rules: Rules) -> None:
    a = assess("Suicidal thoughts again. I want to die. I want to die.", rules)
    assert a.level is Level.URGENT
    assert [f.rule_id for f in a.findings] == ["thoughts-of-death", "want-to-die", "want-to-die"]
    assert a.rule_ids == ["thoughts-of-death", "want-to-die"]


def test_a_phrase_inside_a_longer_one_is_not_counted_twice(rules: Rules) -> None:
    assert [f.rule_id for f in assess("I wrote a suicide note", rules).findings] == ["suicide-plan"]


# --------------------------------------------------------------------------- negation


@pytest.mark.parametrize(
    "text",
    [
        "I would never hurt myself",
        "I would never, ever hurt myself",
        "I'm not suicidal, just tired",
        "I don't want to die, I was having a panic attack",
        "I wouldn’t hurt myself",  # curly apostrophe in the cue
        "Not that I'd ever hurt myself",
        "I no longer want to die",
        "I have no plans to harm myself",
        "I haven't self-harmed in a year",
        "Two years free of self-harm",
        "I'm not going to kill myself",
    ],
)
def test_negation_cancels(rules: Rules, text: str) -> None:
    a = assess(text, rules)
    assert a.level is Level.NONE
    assert a.findings and all((f.adjusted or "").startswith("negation: ") for f in a.findings)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Phrases that carry their own negation are risk phrases, never cancelled.
        ("I don't want to live anymore", Level.CONCERN),
        ("I don't want to be here anymore", Level.CONCERN),
        ("Not sure I want to be alive", Level.CONCERN),
        # A cue in another clause or sentence does not count.
        ("I'm not okay, I want to die", Level.URGENT),
        ("Not today. I want to kill myself", Level.URGENT),
        ("I never thought this, but I want to die", Level.URGENT),
        # Too far away, or other words between: not a denial.
        ("I don't know why I want to die", Level.URGENT),
        # Part of the struggle, not a denial.
        ("I'm trying not to hurt myself", Level.CONCERN),
        ("I don't trust myself not to hurt myself", Level.CONCERN),
    ],
)
def test_negation_does_not_reach(rules: Rules, text: str, expected: Level) -> None:
    assert level(text, rules) is expected


# --------------------------------------------------------------------------- idioms


@pytest.mark.parametrize(
    "text",
    [
        "this deadline is killing me",
        "my feet are killing me after that walk",
        "the traffic was killing me",
        "I'm dying to see that film",
        "I could kill for a coffee",
        "dead tired today but the walk helped",
        "that cake was to die for",
        "we played cards to kill time",
        "I killed it at the interview",
        "I nearly killed myself laughing",
        "I'm killing myself at work for this promotion",
        "I wanted to die of embarrassment",
        "quitting now would be career suicide",
        "suicide sprints at training",
        "I overdosed on chocolate",
        "I cut myself shaving",
        "I burnt myself on the oven",
        "I cut myself a slice of cake",
        "I need to cut myself some slack",
        "I want to take my life back",
        "I did not wake up until 7",
        "I never wake up before nine on Sundays",
        "I went on a diet; I want to diet properly",
        "the harmony in the choir was lovely",
        "Had a good session, practised the breathing twice.",
    ],
)
def test_idioms_and_everyday_words_are_none(rules: Rules, text: str) -> None:
    assert level(text, rules) is Level.NONE


def test_an_idiom_is_shown_as_the_reason(rules: Rules) -> None:
    (f,) = assess("I nearly killed myself laughing", rules).findings
    assert f.level is Level.NONE
    assert f.adjusted == "idiom: killing-me-everyday"


# --------------------------------------------------------------------------- reported speech


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Someone else's words about wanting to die: still a gentle offer (concern).
        ("In the film the character says he wants to die", Level.CONCERN),
        ("The lyrics go 'I want to kill myself' over and over", Level.CONCERN),
        # Someone else's sadness, quoted: none.
        ("She said she feels like a burden to everyone", Level.NONE),
        ("We watched a documentary about self-harm", Level.NONE),
        ("The article said suicide rates went up", Level.NONE),
        # Someone else's suicide or self-harm is not lowered by being reported.
        ("My friend told me she wants to kill herself", Level.CONCERN),
        # A cue in an earlier sentence does not count.
        ("She said hello. I want to die.", Level.URGENT),
    ],
)
def test_reported_speech(rules: Rules, text: str, expected: Level) -> None:
    assert level(text, rules) is expected


def test_reported_is_shown_as_the_reason(rules: Rules) -> None:
    # "he wants to die" is read as someone else's wish (someone-else-suicide, concern);
    # the character's own words in the first person are lowered one step as reported.
    (f,) = assess("In the film the character says: I want to die", rules).findings
    assert f.level is Level.CONCERN
    assert f.adjusted == "reported: in the film"


# --------------------------------------------------------------------------- robustness


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_on_any_text(text: str) -> None:
    a = assess(text, risk_rules())
    assert isinstance(a, Assessment)
    for f in a.findings:
        assert 0 <= f.start < f.end <= len(text)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "I",
                "never",
                "want",
                "to",
                "die",
                "kill",
                "myself",
                "not",
                ",",
                ".",
                "she said",
                "don't",
                "be",
                "here",
                "anymore",
                "laughing",
                "in the film",
                "\n",
                "’",
                "suicide",
            ]
        ),
        max_size=30,
    )
)
def test_never_raises_on_risky_word_soup(words: list[str]) -> None:
    assert isinstance(assess(" ".join(words), risk_rules()), Assessment)


def test_empty_and_blank_text(rules: Rules) -> None:
    assert assess("", rules) == Assessment(Level.NONE)
    assert assess("   \n", rules) == Assessment(Level.NONE)


def test_a_long_entry_never_makes_the_reading_run_away(rules: Rules) -> None:
    """A guard against a pattern that backtracks without end (seconds, then minutes), not a
    speed target: 20,000 characters read in ~80 ms on a busy machine, so 5 s is far off
    anything but a runaway. The per-entry target (5 ms for 300 words) is bench/risk.py's,
    as performance targets live in benchmarks, not in timed unit tests."""
    text = ("Work was long and the traffic was killing me, but I did the breathing. " * 300)[
        :20_000
    ]
    start = time.perf_counter()
    assert assess(text, rules).level is Level.NONE
    assert time.perf_counter() - start < 5.0


# --------------------------------------------------------------------------- parsing rules


def _with(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(_raw())
    data.update(changes)
    return data


def test_shipped_rules_parse() -> None:
    parsed = parse_rules(_raw())
    assert {r.level for r in parsed.rules} == {Level.CONCERN, Level.URGENT}
    assert len({r.id for r in parsed.rules}) == len(parsed.rules)


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"colour": "red"}, "settings I don't know: colour"),
        ({"rules": []}, "at least one rule"),
        ({"rules": "kill"}, "list of tables"),
        ({"rules": [{"id": "x", "level": "high", "reason": "r", "patterns": ["a"]}]}, "high"),
        ({"rules": [{"id": "X Y", "level": "concern", "reason": "r", "patterns": ["a"]}]}, "id"),
        ({"rules": [{"id": "x", "level": "concern", "reason": "", "patterns": ["a"]}]}, "reason"),
        ({"rules": [{"id": "x", "level": "concern", "reason": "r", "patterns": []}]}, "patterns"),
        ({"rules": [{"id": "x", "level": "concern", "reason": "r", "patterns": ["(a"]}]}, "valid"),
        (
            {"rules": [{"id": "x", "level": "concern", "reason": "r", "patterns": ["{nope}"]}]},
            "nope",
        ),
        (
            {
                "rules": [
                    {
                        "id": "x",
                        "level": "concern",
                        "reason": "r",
                        "patterns": ["a"],
                        "examples": ["b"],
                    }
                ]
            },
            "finds “b”",
        ),
        (
            {"rules": [{"id": "x", "level": "concern", "reason": "r", "patterns": ["a"]}] * 2},
            "twice",
        ),
        (
            {
                "rules": [
                    {
                        "id": "x",
                        "level": "concern",
                        "reason": "r",
                        "patterns": ["a"],
                        "negatable": "yes",
                    }
                ]
            },
            "true or false",
        ),
        ({"negation": {"cues": ["not"], "max_gap": 99}}, "max_gap"),
        ({"negation": {"cues": []}}, "cues"),
        ({"reported": {"cues": ["said"], "extra": 1}}, "extra"),
    ],
)
def test_bad_rules_are_refused(change: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_rules(_with(**change))
    assert fragment in str(err.value)
    assert str(err.value).startswith("The risk rules ")


def test_every_phrase_support_messages_avoid_is_noticed(rules: Rules) -> None:
    from midweek.domain.safety import RISK_PHRASES

    for phrase in RISK_PHRASES:
        assert assess(f"lately: {phrase}.", rules).level is not Level.NONE, phrase


# --------------------------------------------------------------------------- issue 9's sentences

# Every sentence quoted in issue 9 ("Safety that holds on words it has never seen"), and the
# short forms its text names, with the level a person writing it needs.
ISSUE_9 = [
    ("I am planning to shoot myself", Level.URGENT),
    ("I relapsed and cut again", Level.CONCERN),
    ("I want to unalive myself", Level.URGENT),
    ("I wrote a note for my family, just in case", Level.URGENT),
    ("The meeting was a total overdose of information", Level.NONE),
    ("i think im gonna kms", Level.URGENT),
    ("honestly might ctb this weekend", Level.URGENT),
    ("thinking about sewerslide again", Level.CONCERN),
    ("I just want to go to sleep and not wake up", Level.CONCERN),
    ("i feel suicidel", Level.URGENT),
    ("i want to kil myself", Level.URGENT),
    ("what's the point of going on?", Level.CONCERN),
    ("Hurt myself? Never.", Level.NONE),
    ("I have no wish to die", Level.NONE),
    ("I cut the onions and cried", Level.NONE),
    ("I killed the boss in level 3", Level.NONE),
    ("my phone died on the bus", Level.NONE),
    ("I self-harmed years ago, but not anymore.", Level.NONE),
    ("I want to destroy this body", Level.URGENT),
    ("I wouldn't mind if I died", Level.CONCERN),
    ("I don't care if I live or die", Level.CONCERN),
    ("there's no reason to keep going", Level.CONCERN),
    ("I want to disappear forever", Level.CONCERN),
    ("they'd be better off without me", Level.CONCERN),
    ("I'm a burden to everyone", Level.CONCERN),
    ("I looked up how many pills it would take", Level.URGENT),
    ("I have enough pills saved", Level.URGENT),
    ("I bought a rope", Level.URGENT),
    ("I've lined up the pills on my desk", Level.URGENT),
    ("I gave away my guitar, I won't need it anymore", Level.URGENT),
    ("I scratched until it bled", Level.CONCERN),
    ("I burned myself again last night", Level.CONCERN),
    ("I'm not going to kill myself", Level.NONE),
]


@pytest.mark.parametrize(("text", "expected"), ISSUE_9)
def test_issue_9_sentences(rules: Rules, text: str, expected: Level) -> None:
    a = assess(text, rules)
    assert a.level is expected, a.findings
    # Every answer is explained: a level above none names its phrase and reason, and a
    # cleared finding says why it was cleared.
    for f in a.findings:
        assert f.reason and f.phrase
        assert f.level is not Level.NONE or f.adjusted


@pytest.mark.parametrize(
    ("text", "adjusted"),
    [
        ("Hurt myself? Never.", "negation: never"),
        ("I have no wish to die", "negation: no"),
        ("The meeting was a total overdose of information", "idiom: other-senses"),
        ("I self-harmed years ago, but not anymore.", "past: years ago … not anymore"),
        ("The psychiatrist asked if I felt suicidal and I said no", "negation: and i said no"),
    ],
)
def test_cleared_findings_show_the_reason(rules: Rules, text: str, adjusted: str) -> None:
    (f,) = assess(text, rules).findings
    assert (f.level, f.adjusted) == (Level.NONE, adjusted)


def test_a_misspelt_or_slang_word_points_at_what_was_written(rules: Rules) -> None:
    text = "thinking about sewerslide again"
    (f,) = assess(text, rules).findings
    assert text[f.start : f.end] == "thinking about sewerslide"


def test_risk_buried_in_a_long_lowercase_entry(rules: Rules) -> None:
    filler = "work was long and i did the washing up then watched telly with my flatmate "
    text = filler * 15 + "i have enough pills saved and i know when " + filler * 15
    assert assess(text, rules).level is Level.URGENT


# Everyday sentences that hold the concepts' words (pills, rope, bridge, going to, tonight,
# cut, again, a note) without any risk: a combo must not complete on them.
@pytest.mark.parametrize(
    "text",
    [
        "I picked up my prescription today, I have enough pills for the month now",
        "got my meds sorted, I have enough tablets till friday",
        "I bought a new belt and a knife for camping",
        "we walked over the bridge and I got a coffee",
        "I'm going to take my pills at 8 like the doctor said",
        "I finally decided to quit my job after friday",
        "I looked up the train times to Leeds",
        "I googled how far the bridge walk is",
        "I'm planning to jump on the trampoline with the kids tonight",
        "I wrote a letter to my mum for her birthday, just in case she forgets the party",
        "I gave away my old clothes to the charity shop, I won't need them after the move",
        "I want to end it with my boyfriend tonight",
        "I'm ending it with Sam this weekend",
        "I'll be gone for good from that job soon",
        "I think I'm going to die of boredom in this meeting tomorrow",
        "the knife slipped and I cut my finger again",
        "I cut my hair again last night",
        "I burned the toast again this morning",
        "I have enough rope for the tent",
        "I got a gun license for clay shooting",
        "what's the point of going on about it",
        "would anyone notice if I skipped the party",
        "I'm going to shoot some hoops tonight",
        "I'll hang myself a hammock in the garden",
        "I jumped off the balcony into the pool on holiday",
        "I stepped off the train at my stop",
        "I picked the bridge photo for my project and I'm going to print it tomorrow",
        "I'm going to do it tonight, the essay has to be in by nine",
        "I found the perfect spot by the river for the picnic tomorrow",
        "I tested the new blender and I'll make soup tomorrow",
        "I counted the pills in my organiser so I don't miss a dose",
        "I will finally do it, sign up for the marathon",
        "I'm ready to jump back into work on monday",
        "I tied the rope to the boat before the storm tonight",
        "I've saved up enough money for the trip, going on friday",
        "my last entry was about the holiday",
        "I said my goodbyes to the old house before we moved",
        "I gave away the puppies to good homes",
        "I'm so done with this day",
    ],
)
def test_everyday_look_alikes_stay_none(rules: Rules, text: str) -> None:
    assert level(text, rules) is Level.NONE, assess(text, rules).findings


# New wordings written while building the concepts (not from any evaluation set).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("i'm going to take all my sertraline tonight", Level.URGENT),
        ("i took a bunch of pills last night and woke up anyway", Level.URGENT),
        ("i have the rope in my car", Level.URGENT),
        ("i searched for painless ways to die", Level.URGENT),
        ("its my last night on earth", Level.URGENT),
        ("im honestly suicidal rn", Level.URGENT),
        ("i just want it all to be over", Level.CONCERN),
        ("i dont see the point in anything anymore", Level.CONCERN),
        ("I might as well be dead", Level.CONCERN),
        ("i keep imagining my own funeral", Level.CONCERN),
        ("sometimes i think about just not existing", Level.CONCERN),
        ("I can't keep living like this", Level.CONCERN),
        ("i keep thinking everyone would be better off if i just wasnt here", Level.CONCERN),
        ("ive been hoarding my meds for weeks", Level.URGENT),
        ("thinking about driving my car into a wall on the way home", Level.URGENT),
        ("i've got a gun in the house and i keep thinking about it", Level.URGENT),
        ("should i just end it?", Level.URGENT),
        ("what if i just didn't wake up tomorrow", Level.CONCERN),
        ("why can't i just die", Level.CONCERN),
        ("is there any point in me being here", Level.CONCERN),
        ("should i tell my therapist that i've been cutting?", Level.CONCERN),
        ("I never want to wake up again", Level.CONCERN),
        ("no one cares if I live or die", Level.CONCERN),
        ("I'm not scared of dying anymore, I'm ready", Level.CONCERN),
    ],
)
def test_wordings_made_of_known_concepts(rules: Rules, text: str, expected: Level) -> None:
    assert level(text, rules) is expected, assess(text, rules).findings


@pytest.mark.parametrize(
    "text",
    [
        "i took a handful of ibuprofen for my headache",
        "I took all my tablets this morning like the doctor said",
        "I've got the rope ladder for the treehouse",
        "i want it all to be over with so i can relax, exams are hell",
        "I bought a bottle of paracetamol for the kids",
        "i'm not feeling suicidal at all",
        "I don't see the point of this meeting",
        "I keep thinking about my grandad's funeral",
        "I bought some paracetamol at the shop",
        "I ordered extra insulin",
        "I got the pills from the cupboard for mum",
        "I got a gun for hunting season",
        "should i just end it with him?",
        "what if i didn't come home late tonight, would mum notice",
        "i've been cutting back on sugar",
        "I never want to wake up before nine on a Sunday",
        "done with life admin for today",
        "I hung myself upside down on the monkey bars",
        "I'm so tired I could sleep forever",
        "I was dying of laughter at the pub",
        "I'd rather die than go to that party",
        "the pills I take for my blood pressure make me tired",
        "we went to the bridge to watch the fireworks tonight",
        "I ended it with Jake last night, feeling free",
        "I'm planning to end my membership at the gym",
        "I wrote my will with the solicitor today, feels grown up",
        "Gave away my old bike to my nephew since I got a new one",
    ],
)
def test_more_everyday_look_alikes_stay_none(rules: Rules, text: str) -> None:
    assert level(text, rules) is Level.NONE, assess(text, rules).findings


# British and Australian wording, questions and answered check-lists (written while building).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("thinking of topping myself tbh", Level.URGENT),
        ("i reckon i'll neck the lot tonight", Level.URGENT),
        ("do you think anyone would care if i was gone?", Level.CONCERN),
        ("would it hurt to jump from the 10th floor?", Level.URGENT),
        ("why am i even alive", Level.CONCERN),
        ("the thoughts of suicide are gone now thankfully", Level.NONE),
        ("Suicidal thoughts: none this week", Level.NONE),
        ("i'm starving myself again", Level.CONCERN),
        ("my mate said he wanted to top himself", Level.CONCERN),
        ("I keep picturing myself hanging", Level.CONCERN),
        ("Maybe I'll just walk into the sea", Level.URGENT),
        ("would it hurt to get my ears pierced", Level.NONE),
        ("how long does it take to get to the bridge", Level.NONE),
        ("I'm starving myself until dinner", Level.NONE),
        ("why am i even here at this party", Level.NONE),
        ("we walked into the sea for a paddle", Level.NONE),
    ],
)
def test_regional_wording_and_questions(rules: Rules, text: str, expected: Level) -> None:
    assert level(text, rules) is expected, assess(text, rules).findings


def test_the_quick_first_look_never_changes_an_answer(
    rules: Rules, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Patterns are skipped when none of the words they start with is in the text; the
    # answers must be the same as scanning every pattern on every text.
    from pathlib import Path

    import midweek.domain.risk.reading as engine
    from midweek.services.risk import parse_labelled

    data = Path(__file__).resolve().parents[1] / "data"
    texts = [
        line.text
        for name in ("risk_labelled.tsv", "risk_dev.tsv")
        for line in parse_labelled((data / name).read_text("utf-8"))
    ]
    texts += [t for t, _ in ISSUE_9]
    quick = [assess(t, rules) for t in texts]
    monkeypatch.setattr(engine, "_may_match", lambda pattern, low: True)
    assert [assess(t, rules) for t in texts] == quick


# ------------------------------------------------- wordings added for issue 9's list (own lines)


@pytest.mark.parametrize(
    ("text", "expected", "rule"),
    [
        # slang and misspellings of the key phrases
        ("honestly some nights i want too die", Level.URGENT, "want-to-die"),
        ("i want 2 die", Level.URGENT, "want-to-die"),
        ("sewer slide thoughts again on the bus", Level.CONCERN, "suicide-mentioned"),
        ("looked up sewer-slide stuff at 2am", Level.CONCERN, "suicide-mentioned"),
        # the clinical phrase for not being safe right now
        ("I don't think I can keep myself safe tonight", Level.URGENT, "cannot-keep-safe"),
        ("i cant really keep myself safe", Level.URGENT, "cannot-keep-safe"),
        ("not sure i can keep myself safe this weekend", Level.URGENT, "cannot-keep-safe"),
    ],
)
def test_added_wordings(rules: Rules, text: str, expected: Level, rule: str) -> None:
    a = assess(text, rules)
    assert a.level is expected
    assert rule in a.rule_ids


@pytest.mark.parametrize(
    "text",
    [
        "I want too much from people, my sister says",
        "I can keep myself safe tonight, I have my plan",
    ],
)
def test_added_wordings_leave_look_alikes_alone(rules: Rules, text: str) -> None:
    assert assess(text, rules).level is Level.NONE


@pytest.mark.parametrize(
    ("text", "expected", "adjusted"),
    [
        # negation: "no way" before the phrase, fillers between
        ("no way I'd ever kill myself", Level.NONE, "negation: no way"),
        # the past clearly resolved, said in the writer's own words
        (
            "I tried to kill myself in 2015 and I'm in a much better place now",
            Level.NONE,
            "past: in 2015 … i'm in a much better place",
        ),
        # reported speech: a song's words, one step lower
        ('the song goes "I want to end it all" and it is stuck in my head', Level.CONCERN, None),
    ],
)
def test_added_adjustments(rules: Rules, text: str, expected: Level, adjusted: str | None) -> None:
    a = assess(text, rules)
    assert a.level is expected
    (f,) = a.findings
    if adjusted is not None:
        assert f.adjusted == adjusted
    else:
        assert (f.adjusted or "").startswith("reported: the song goes")


def test_cannot_keep_safe_is_not_cancelled_by_its_own_negation(rules: Rules) -> None:
    # "can't" and "don't think" are the phrase itself, not a denial of it
    (f,) = assess("I really can't keep myself safe", rules).findings
    assert f.adjusted is None and f.level is Level.URGENT


def test_i_will_be_in_a_better_place_is_not_read_as_a_resolved_past(rules: Rules) -> None:
    # only "I'm in a better place" says it is over; someone else's better place does not
    a = assess("When I was 16 I tried to kill myself. They'd be in a better place now.", rules)
    assert a.level is Level.CONCERN
    assert a.findings[0].adjusted == "earlier: when i was 16"


# ------------------------------------------ round five: look-alikes and denials (own lines)


@pytest.mark.parametrize(
    ("text", "adjusted"),
    [
        # something else doing the "killing": an everyday complaint
        ("this heatwave is honestly going to kill me", "idiom: other-senses"),
        ("my back is killing me, I will rest tonight", "idiom: other-senses"),
        ("you will die when you see my new flat", "idiom: other-senses"),
        # "an overdose of" something that is not a medicine
        ("an overdose of tinsel in the hallway this year", "idiom: other-senses"),
        # a bare "nah" answering the question
        ("Thoughts of ending it? Nah.", "negation: nah"),
        # a denial later in the sentence, said as an answer
        (
            "The nurse asked whether I'd thought about suicide and I could honestly say no",
            "negation: could honestly say no",
        ),
        (
            "he asked me if I ever want to die and I told him the truth, which is no",
            "negation: which is no",
        ),
        # the past, said to be over in other words
        (
            "Years ago I wanted to die. I'm a different person now.",
            "past: years ago … a different person now",
        ),
        (
            "When I first started uni I cut myself. Still here and glad about it.",
            "past: when i first … still here and glad",
        ),
    ],
)
def test_round_five_adjustments(rules: Rules, text: str, adjusted: str) -> None:
    a = assess(text, rules)
    assert a.level is Level.NONE, a.findings
    assert adjusted in [f.adjusted for f in a.findings]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the self doing it is still read, and so is a medicine's overdose
        ("I'm going to kill myself tonight", Level.URGENT),
        ("this is killing me and I want to die", Level.URGENT),
        ("I took an overdose of my tablets last night", Level.URGENT),
        # "at once" is all together, not "once" in the past
        ("would it be quick if I took all my tablets at once", Level.URGENT),
        # the past without anything saying it is over stays a gentle offer
        ("When I first started uni I cut myself", Level.CONCERN),
    ],
)
def test_round_five_adjustments_leave_risk_alone(rules: Rules, text: str, expected: Level) -> None:
    assert assess(text, rules).level is expected


def test_every_public_name_of_the_package_is_found_in_its_room() -> None:
    """The package loads its rooms on first use (``_ROOMS``): each name it offers resolves
    there, and it offers no name without a room."""
    import midweek.domain.risk as package

    assert set(package._ROOMS) == set(package.__all__)
    for name, room in package._ROOMS.items():
        module = __import__(f"midweek.domain.risk.{room}", fromlist=[name])
        assert getattr(package, name) is getattr(module, name), name
    with pytest.raises(AttributeError):
        _ = package.no_such_name
