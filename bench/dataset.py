"""Deterministic, realistic data for the benchmarks, and the stores built from it.

Four stores, each in its own folder under ``bench/.work/stores/`` with its own key file:

* ``five-year``   — five years of weekly therapy: 250 sessions, 1,800 journal entries of
  50–300 words, 5,000 practice logs (done/partial/skipped) with barriers, 200 check-ins
  (mood, PHQ-9, GAD-7), questions and goals;
* ``one-month``   — the same generators over four weeks: four weekly sessions, three
  assignments with their practice logs and barriers, 28 journal entries, check-ins with a
  PHQ-9 and a GAD-7, open questions. About as dense as the last month of ``five-year``, so
  the two compare the cost of a report on a short and a long history (``thread``, ``prep``);
* ``journal-1k`` and ``journal-10k`` — journals of 1,000 and 10,000 entries with a few
  recent sessions and homework, so ``today`` and ``log`` have something to show.

Everything comes from ``random.Random(seed)``: the same generator version, seed and day
give the same data. The history ends on the day the store is built (``today`` looks at the
real clock), so a store older than ``MAX_AGE_DAYS`` is rebuilt.

Rows are written through the repositories in one unit of work per store: the services
commit (and fsync) once per call, which would take minutes for 20,000 rows.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

from midweek.domain.entities import (
    Assignment,
    Barrier,
    BarrierKind,
    Checkin,
    CheckinKind,
    Goal,
    GoalStatus,
    HomeworkKind,
    JournalEntry,
    Outcome,
    PracticeLog,
    Question,
    QuestionStatus,
    Source,
    TherapySession,
    Visibility,
)

#: Bump when the generated data changes: stores built by another version are rebuilt.
GENERATOR_VERSION = 1
MAX_AGE_DAYS = 7
DB_NAME = "midweek.db"
KEY_NAME = "midweek.key"
MANIFEST_NAME = "manifest.json"
#: The same journal in jrnl's plain-text format, for the comparison with jrnl.
JRNL_NAME = "journal.jrnl.txt"

#: A word in about a third of the entries (a search for it stops after ~60 entries).
COMMON_WORD = "sleep"
#: A word in about 1 % of the entries (a search for it scans most of the journal).
RARE_WORD = "kayak"
#: Probability that an entry mentions the rare word.
RARE_RATE = 0.01
#: A session theme that ``five-year`` and ``one-month`` both hold (for ``thread --theme``).
THREAD_THEME = "boundaries"
#: The recent span whose rows the manifest counts, to compare the stores' density.
RECENT_DAYS = 28


@dataclass(frozen=True)
class Spec:
    """How much of each record a store holds."""

    name: str
    journal: int
    sessions: int
    practice: int
    checkins: int
    questions: int
    goals: int
    seed: int
    #: The span of the history, ending on the build day.
    days: int = 5 * 365
    #: A new assignment every this many sessions; 0: every 2nd over 40 sessions, else every 4th.
    homework_step: int = 0


SPECS: dict[str, Spec] = {
    "five-year": Spec(
        "five-year",
        journal=1800,
        sessions=250,
        practice=5000,
        checkins=200,
        questions=150,
        goals=8,
        seed=5_2026,
    ),
    "one-month": Spec(
        "one-month",
        journal=28,
        sessions=4,
        practice=32,
        checkins=4,
        questions=4,
        goals=2,
        seed=8_2026,
        days=28,
        homework_step=2,
    ),
    "journal-1k": Spec(
        "journal-1k",
        journal=1000,
        sessions=12,
        practice=100,
        checkins=12,
        questions=8,
        goals=2,
        seed=1_2026,
    ),
    "journal-10k": Spec(
        "journal-10k",
        journal=10000,
        sessions=12,
        practice=100,
        checkins=12,
        questions=8,
        goals=2,
        seed=10_2026,
    ),
}

# --- vocabulary ---------------------------------------------------------------------------
# Slots filled per sentence, so entries do not repeat word for word.
_SLOTS: dict[str, tuple[str, ...]] = {
    "person": (
        "my sister",
        "my mother",
        "my partner",
        "Sam",
        "my manager",
        "a colleague",
        "my dad",
        "my friend Lena",
        "the neighbour",
        "my brother",
        "Priya",
        "Tom",
    ),
    "day": (
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "this morning",
        "yesterday",
        "last night",
        "this afternoon",
    ),
    "place": (
        "the park",
        "the river",
        "the canal path",
        "the office",
        "the supermarket",
        "the bus",
        "the kitchen",
        "the station",
        "the library",
        "the garden",
    ),
    "path": (
        "the park",
        "the river",
        "the canal path",
        "the seafront",
        "the woods",
        "the old railway line",
    ),
    "feeling": (
        "anxious",
        "flat",
        "restless",
        "calm",
        "irritable",
        "hopeful",
        "tense",
        "relieved",
        "sad",
        "ashamed",
        "lighter",
        "on edge",
        "content",
        "numb",
    ),
    "n": ("two", "three", "four", "five", "ten", "twenty", "forty"),
}

# (theme, share of entries that touch it, sentences). Each sentence of the "sleep" theme
# contains the common search word; no other sentence does.
_THEMES: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    (
        "sleep",
        0.32,
        (
            "I could not get to sleep until after one, my head replaying the meeting.",
            "Kept the sleep diary again: in bed at eleven, awake at {n} past three.",
            "Got up at the same time even after poor sleep, like we agreed in session.",
            "The wind-down hour helped; I was asleep before midnight for once.",
            "Woke at four, did the breathing instead of checking my phone, and got back to sleep.",
            "Sleep is better on the days I walk, which is annoying and also useful to know.",
            "I noticed I reach for the phone when I can't sleep, then feel worse.",
            "Too tired to think straight after a short sleep; I kept tonight's plans small.",
        ),
    ),
    (
        "work",
        0.45,
        (
            "Work was a lot today: {n} emails before nine and a deadline moved forward.",
            "I said I would finish the report by Friday and then worried I had promised too much.",
            "At work {person} asked for help again and I said yes before thinking.",
            "The meeting went better than I predicted; nobody noticed my voice shaking.",
            "I took a proper lunch break away from the desk for the first time this week.",
            "I kept rewriting one paragraph for an hour: the perfectionism thing again.",
            "My manager gave feedback and I heard only the one critical sentence.",
            "I left the office on time and the world did not end.",
        ),
    ),
    (
        "worry",
        0.30,
        (
            "The worry came back around {day}: what if I lose the job, what if I can't cope.",
            "I felt {feeling} most of the evening without a clear reason.",
            "I tried postponing the worry to the fifteen-minute worry slot and it mostly waited.",
            "My chest was tight on {place}, and I named it: anxiety, not danger.",
            "I caught the thought 'I always mess this up' and wrote down the evidence against it.",
            "Checked the door twice and decided not to go back a third time.",
            "Catastrophising about a message that turned out to be nothing.",
        ),
    ),
    (
        "family",
        0.25,
        (
            "Phoned {person}; the call was shorter and kinder than I feared.",
            "Sunday lunch at my parents' was tense; I noticed the old role of peacemaker.",
            "{person} and I talked about Christmas plans without an argument.",
            "I felt guilty for not visiting my mother this weekend.",
            "My brother's news brought up a lot of old feelings about growing up.",
            "The kids were loud and I was short with them, then I apologised.",
        ),
    ),
    (
        "boundaries",
        0.14,
        (
            "I practised saying no to {person} without a long explanation, and it held.",
            "Boundaries again: I turned my work phone off at seven.",
            "I told {person} I needed an evening to myself, and felt guilty, and kept it anyway.",
            "Used the script from session: 'I can't this week, maybe next month.'",
        ),
    ),
    (
        "walk",
        0.22,
        (
            "Walked along {path} for {n} minutes and my head felt clearer afterwards.",
            "A short walk in the rain was better than no walk at all.",
            "Noticed the trees on my walk instead of planning the next day.",
            "I went for the walk even though I didn't feel like it, which counts.",
        ),
    ),
    (
        "therapy",
        0.20,
        (
            "Something from therapy stayed with me: thoughts are not facts.",
            "I want to bring up the pattern with {person} in the next session.",
            "I noticed I downplay things when I talk about them in session.",
            "Did the thought record; the hot thought was 'they think I'm useless'.",
            "The homework felt pointless at first, then useful by the end of the week.",
            "Partly did the practice: ten minutes instead of twenty, and that still counts.",
        ),
    ),
    (
        "body",
        0.18,
        (
            "Headache most of the afternoon; I drank water and took a break from the screen.",
            "Did {n} minutes of stretching before bed.",
            "My shoulders were up by my ears all day; I kept dropping them.",
            "Ate properly today, three actual meals.",
        ),
    ),
    (
        "friends",
        0.15,
        (
            "Met {person} for coffee and laughed more than I expected to.",
            "I cancelled plans with {person} and then felt lonely all evening.",
            "A friend sent a kind message out of the blue.",
        ),
    ),
)

_RARE_SENTENCES = (
    "My cousin talked me into renting a kayak on the lake, and for an hour I forgot to worry.",
    "We took the kayak out at {place}; paddling kept my mind on the water.",
)

_FILLER = (
    "I made tea and sat by the window for a while.",
    "Not much to say today, just writing so the habit stays.",
    "It rained all day and the flat felt small.",
    "I cooked something simple and ate it without my phone.",
    "The evening was quiet, which I needed.",
    "Spent too long scrolling, then put the phone in the other room.",
    "I felt {feeling} on {day} and could not say why.",
    "Cleaned the kitchen; small tasks help when everything feels big.",
    "Read a few pages of a novel before bed.",
    "I noticed I was hungry, tired and annoyed all at once.",
    "One good moment: the light on {place} around five.",
    "Listened to an album I loved at twenty.",
    "Today was ordinary, and ordinary is fine.",
    "I wrote a list of three things that went all right.",
    "Tomorrow I want to start the day a little slower.",
)

_TAGS = (
    "work",
    "family",
    "anxiety",
    "boundaries",
    "walk",
    "progress",
    "hard-day",
    "gratitude",
    "body",
    "friends",
    "therapy",
    "insomnia",
)
_PROMPTS = (
    "What is one thing that went a little better than expected this week?",
    "What felt heavy today, and what helped, even a little?",
    "What would you like your therapist to know about this week?",
)
_TAKEAWAYS = (
    "Thoughts are not facts.",
    "Partly done still counts.",
    "Say no without over-explaining.",
    "Notice the urge, name it, let it pass.",
    "Worry at the worry time, not all day.",
    "Same wake-up time every day, even after a bad night.",
    "Be as kind to yourself as to a friend.",
    "Small steps up the ladder, not leaps.",
    "Check the evidence before the conclusion.",
    "Rest is not a reward you have to earn.",
    "Plan the walk, don't wait for the mood.",
    "Name three things you can see when the panic rises.",
)
_SESSION_THEMES = (
    "sleep",
    "work stress",
    "boundaries",
    "worry",
    "family",
    "self-criticism",
    "avoidance",
    "relationships",
    "values",
    "perfectionism",
)
_HOMEWORK: tuple[tuple[str, HomeworkKind, int, int, str | None], ...] = (
    # title, kind, per week, minutes, worksheet
    ("Thought record when the mood drops", HomeworkKind.WORKSHEET, 3, 15, "thought-record"),
    ("Sleep diary every morning", HomeworkKind.WORKSHEET, 7, 5, "sleep-diary"),
    ("Twenty-minute walk", HomeworkKind.SKILL, 4, 20, None),
    ("Worry time at 18:00", HomeworkKind.SKILL, 5, 15, None),
    ("Say no once, kindly", HomeworkKind.EXPERIMENT, 2, 5, None),
    ("Exposure: supermarket at a busy hour", HomeworkKind.EXPOSURE, 3, 30, "exposure"),
    ("Values writing", HomeworkKind.JOURNALING, 2, 20, None),
    ("Read the chapter on self-compassion", HomeworkKind.READING, 2, 25, None),
    ("Activity log", HomeworkKind.WORKSHEET, 5, 10, "activity-log"),
)
_BASE_HOMEWORK = ("Ten minutes of slow breathing", HomeworkKind.SKILL, 7, 10, None)
_PRACTICE_NOTES = (
    "Hard to start, easier after five minutes.",
    "Did it on the bus.",
    "Got interrupted.",
    "Felt silly, did it anyway.",
    "Calmer afterwards.",
    "Only half, but I did it.",
    "Forgot until bedtime.",
    "Better than last week.",
    "Noticed my breathing speed up first.",
)
_BARRIER_KINDS = (
    (BarrierKind.TIME, 35),
    (BarrierKind.OTHERS_FIRST, 15),
    (BarrierKind.PERFECTIONISM, 12),
    (BarrierKind.FEAR, 12),
    (BarrierKind.AMBIVALENCE, 10),
    (BarrierKind.CONFUSION, 6),
    (BarrierKind.OTHER, 10),
)
_BARRIER_NOTES = (
    "Worked late.",
    "The kids were ill.",
    "It felt pointless today.",
    "I wanted to do it perfectly or not at all.",
    "Too anxious to start.",
    None,
)
_NEXT_STEPS = (
    "Do five minutes instead of the full practice.",
    "Put it in the calendar.",
    "Do it right after breakfast.",
    None,
)
_QUESTIONS = (
    "Why do I feel worse after seeing my family?",
    "Is it normal that the worry gets louder before it gets quieter?",
    "How do I say no to my manager?",
    "Can we talk about the dream I keep having?",
    "What should I do when I wake at four?",
    "Should I try the exposure ladder again?",
    "How do I know if the medication helps?",
    "Why is resting so hard for me?",
)
_GOALS = (
    ("Sleep through most nights", "health"),
    ("Leave work on time", "balance"),
    ("Go to the supermarket without panic", "freedom"),
    ("See friends every fortnight", "connection"),
    ("Be kinder to myself after mistakes", "self-respect"),
    ("Say no when I need to", "honesty"),
    ("Walk four times a week", "health"),
    ("Call my mother without dread", "family"),
)


def _fill(rng: random.Random, sentence: str) -> str:
    if "{" not in sentence:
        return sentence
    return sentence.format(**{k: rng.choice(v) for k, v in _SLOTS.items()})


def _journal_text(rng: random.Random) -> str:
    """One entry of 50–300 words, built from theme sentences and everyday filler."""
    target = int(rng.triangular(50, 300, 110))
    themes = [t for t in _THEMES if rng.random() < t[1]]
    pool: list[str] = [s for t in themes for s in t[2]]
    sentences: list[str] = []
    if themes:  # an entry that touches a theme says so at least once
        sentences.extend(_fill(rng, rng.choice(t[2])) for t in themes)
        rng.shuffle(sentences)
    if rng.random() < RARE_RATE:
        sentences.insert(rng.randrange(len(sentences) + 1), _fill(rng, rng.choice(_RARE_SENTENCES)))
    words = sum(len(s.split()) for s in sentences)
    while words < target:
        source = pool if pool and rng.random() < 0.45 else _FILLER
        s = _fill(rng, rng.choice(source))
        sentences.append(s)
        words += len(s.split())
    while words > 300 and len(sentences) > 1:  # keep the rare sentence if there is one
        drop = next(
            (i for i in range(len(sentences) - 1, -1, -1) if RARE_WORD not in sentences[i]), None
        )
        if drop is None:
            break
        words -= len(sentences.pop(drop).split())
    # Paragraphs of two to five sentences, as people write.
    paragraphs: list[str] = []
    i = 0
    while i < len(sentences):
        step = rng.randint(2, 5)
        paragraphs.append(" ".join(sentences[i : i + step]))
        i += step
    return "\n\n".join(paragraphs)


def _moments(
    rng: random.Random, n: int, start: date, end: date, tz: tzinfo, hours: Sequence[int]
) -> list[datetime]:
    """``n`` sorted moments between ``start`` and ``end`` (inclusive), at plausible hours."""
    days = (end - start).days + 1
    out = []
    for _ in range(n):
        d = start + timedelta(days=rng.randrange(days))
        out.append(datetime.combine(d, time(rng.choice(hours), rng.randrange(60)), tz))
    out.sort()
    return out


def journal_entries(
    rng: random.Random, n: int, start: date, end: date, tz: tzinfo
) -> list[JournalEntry]:
    """``n`` entries, oldest first, spread over ``start``..``end``; mostly evenings."""
    hours = (7, 8, 12, 19, 20, 21, 21, 22, 22, 23)
    out = []
    for at in _moments(rng, n, start, end, tz, hours):
        tags = rng.sample(_TAGS, rng.choice((0, 0, 1, 1, 1, 2, 2, 3)))
        out.append(
            JournalEntry(
                text=_journal_text(rng),
                written_at=at,
                prompt=rng.choice(_PROMPTS) if rng.random() < 0.2 else None,
                tags=tags,
                mood=rng.randint(2, 9) if rng.random() < 0.7 else None,
                bring=rng.random() < 0.03,
                visibility=Visibility.SHARED if rng.random() < 0.1 else Visibility.PRIVATE,
            )
        )
    return out


# --- the whole history -----------------------------------------------------------------


@dataclass
class History:
    """Entities in insertion order, with references as list indexes (ids come on insert)."""

    goals: list[Goal] = field(default_factory=list)
    sessions: list[TherapySession] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    assignment_session: list[int | None] = field(default_factory=list)
    assignment_goal: list[int | None] = field(default_factory=list)
    practice: list[PracticeLog] = field(default_factory=list)
    practice_assignment: list[int] = field(default_factory=list)
    barriers: list[Barrier] = field(default_factory=list)
    barrier_practice: list[int] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    checkins: list[Checkin] = field(default_factory=list)
    journal: list[JournalEntry] = field(default_factory=list)


def _session_days(rng: random.Random, spec: Spec, first: date, last: date) -> list[date]:
    """``spec.sessions`` weekly session days ending on ``last``; holidays are the gaps."""
    weeks = [last - timedelta(weeks=w) for w in range((last - first).days // 7 + 1)]
    weeks.reverse()
    if len(weeks) < spec.sessions:
        raise ValueError(f"{spec.name}: {spec.sessions} sessions do not fit in the span")
    recent, older = weeks[-1], weeks[:-1]  # the latest session always happened
    keep = sorted(rng.sample(range(len(older)), spec.sessions - 1))
    return [older[i] for i in keep] + [recent]


def history(spec: Spec, anchor: datetime) -> History:
    """The store's content for a history that ends just before ``anchor``."""
    rng = random.Random(spec.seed * 1000 + GENERATOR_VERSION)
    tz = anchor.tzinfo
    assert tz is not None
    end = anchor.date() - timedelta(days=1)
    start = anchor.date() - timedelta(days=spec.days)
    h = History()

    # Sessions: weekly on the weekday of the last one (two days before the anchor).
    last_session = anchor.date() - timedelta(days=2)
    first_session = last_session - timedelta(weeks=spec.sessions * 53 // 50)
    if spec.sessions * 1.1 > spec.days / 7:
        first_session = start
    days = _session_days(rng, spec, max(first_session, start), last_session)
    for i, d in enumerate(days):
        nxt = days[i + 1] if i + 1 < len(days) else d + timedelta(weeks=1)
        h.sessions.append(
            TherapySession(
                date=d,
                takeaways=rng.sample(_TAKEAWAYS, rng.randint(1, 3)),
                themes=rng.sample(_SESSION_THEMES, rng.randint(1, 3)),
                next_appointment=datetime.combine(nxt, time(17, 0), tz),
                created_at=datetime.combine(d, time(18, 30), tz),
            )
        )

    # Goals: spread over the span, the older ones mostly settled.
    for i in range(spec.goals):
        text, value = _GOALS[i % len(_GOALS)]
        created = datetime.combine(days[(i * len(days)) // max(spec.goals, 1)], time(18, 0), tz)
        old = i < spec.goals - 3
        status = (
            rng.choice((GoalStatus.ACHIEVED, GoalStatus.NOT_PURSUING, GoalStatus.PAUSED))
            if old
            else GoalStatus.ACTIVE
        )
        h.goals.append(
            Goal(
                text=text,
                value=value,
                importance=rng.randint(6, 10),
                confidence=rng.randint(3, 8),
                status=status,
                created_at=created,
                updated_at=created,
            )
        )

    # Homework: one open-ended daily practice, plus a new assignment every few sessions.
    def assign(
        item: tuple[str, HomeworkKind, int, int, str | None],
        first: date,
        last: date | None,
        session: int | None,
    ) -> None:
        title, kind, per_week, minutes, worksheet = item
        h.assignments.append(
            Assignment(
                title=title,
                per_week=per_week,
                minutes=minutes,
                start=first,
                end=last,
                instructions="As agreed in session; partly done counts."
                if rng.random() < 0.5
                else None,
                kind=kind,
                source=Source.THERAPIST if rng.random() < 0.85 else Source.SELF,
                worksheet=worksheet,
                created_at=datetime.combine(first, time(18, 45), tz),
            )
        )
        h.assignment_session.append(session)
        h.assignment_goal.append(rng.randrange(spec.goals) if spec.goals else None)

    assign(_BASE_HOMEWORK, days[0], None, 0)
    step = spec.homework_step or (2 if len(days) > 40 else 4)
    for si in range(0, len(days), step):
        recent = si >= len(days) - 2 * step
        weeks = rng.randint(4, 12)
        last = None if recent else days[si] + timedelta(weeks=weeks)
        assign(rng.choice(_HOMEWORK), days[si], last, si)

    # Practice logs: every planned practice is a candidate; sample down to the target.
    candidates: list[tuple[datetime, int]] = []
    for ai, a in enumerate(h.assignments):
        d = a.start
        stop = min(a.end or end, end)
        while d <= stop:
            if rng.random() < a.per_week / 7:
                at = datetime.combine(
                    d, time(rng.choice((7, 8, 12, 18, 19, 20, 21)), rng.randrange(60)), tz
                )
                candidates.append((at, ai))
            d += timedelta(days=1)
    if len(candidates) < spec.practice:
        raise ValueError(f"{spec.name}: only {len(candidates)} practice candidates")
    chosen = sorted(rng.sample(candidates, spec.practice))
    outcomes = (Outcome.DONE,) * 62 + (Outcome.PARTIAL,) * 24 + (Outcome.SKIPPED,) * 14
    for at, ai in chosen:
        a = h.assignments[ai]
        outcome = rng.choice(outcomes)
        minutes = {
            Outcome.DONE: a.minutes + rng.randint(-2, 5),
            Outcome.PARTIAL: max(1, a.minutes // 2 + rng.randint(-2, 2)),
            Outcome.SKIPPED: None,
        }[outcome]
        h.practice.append(
            PracticeLog(
                assignment_id=None,
                at=at,
                outcome=outcome,
                minutes=minutes,
                quality=rng.randint(0, 4)
                if outcome is not Outcome.SKIPPED and rng.random() < 0.7
                else None,
                note=rng.choice(_PRACTICE_NOTES) if rng.random() < 0.25 else None,
                created_at=at + timedelta(minutes=rng.randint(0, 600)),
            )
        )
        h.practice_assignment.append(ai)
        if outcome is Outcome.SKIPPED and rng.random() < 0.5:
            kinds, weights = zip(*_BARRIER_KINDS, strict=True)
            h.barriers.append(
                Barrier(
                    kind=rng.choices(kinds, weights)[0],
                    at=at,
                    note=rng.choice(_BARRIER_NOTES),
                    next_step=rng.choice(_NEXT_STEPS),
                )
            )
            h.barrier_practice.append(len(h.practice) - 1)

    # Questions: asked between sessions, discussed at the next one (the last few still open).
    asked = _moments(rng, spec.questions, days[0], end, tz, (9, 13, 20, 21, 22))
    for i, at in enumerate(asked):
        nxt = next((d for d in days if d > at.date()), None)
        open_ = nxt is None or i >= len(asked) - 3 or rng.random() < 0.02
        h.questions.append(
            Question(
                text=rng.choice(_QUESTIONS),
                created_at=at,
                status=QuestionStatus.OPEN if open_ else QuestionStatus.DISCUSSED,
                discussed_at=None
                if open_ or nxt is None
                else datetime.combine(nxt, time(17, 30), tz),
            )
        )

    # Check-ins: half mood, a quarter each PHQ-9 and GAD-7, improving slowly over time.
    span = (end - days[0]).days or 1
    for at in _moments(rng, spec.checkins, days[0], end, tz, (8, 9, 20, 21)):
        progress = (at.date() - days[0]).days / span  # 0 at the start, 1 now
        kind = rng.choice((CheckinKind.MOOD, CheckinKind.MOOD, CheckinKind.PHQ9, CheckinKind.GAD7))
        note = (
            rng.choice(("Rough week.", "Steadier.", "Busy but okay."))
            if rng.random() < 0.2
            else None
        )
        if kind is CheckinKind.MOOD:
            mood = max(0, min(10, round(rng.gauss(4 + 3 * progress, 1.5))))
            h.checkins.append(Checkin(kind=kind, at=at, mood=mood, note=note))
            continue
        items = 9 if kind is CheckinKind.PHQ9 else 7
        level = 1.8 - 1.1 * progress  # mean item score
        answers = [max(0, min(3, round(rng.gauss(level, 0.7)))) for _ in range(items)]
        if kind is CheckinKind.PHQ9:
            answers[8] = 0  # item 9 raises a safety flag; the benchmark keeps clear of it
        h.checkins.append(Checkin(kind=kind, at=at, answers=answers, total=sum(answers), note=note))

    h.journal = journal_entries(rng, spec.journal, start, end, tz)
    return h


def recent_counts(h: History, since: date) -> dict[str, int]:
    """Rows dated ``since`` or later: how dense the recent history is."""
    return {
        "sessions": sum(s.date >= since for s in h.sessions),
        "assignments_active": sum((a.end or date.max) >= since for a in h.assignments),
        "practice_logs": sum(p.at.date() >= since for p in h.practice),
        "barriers": sum(b.at.date() >= since for b in h.barriers),
        "journal": sum(e.written_at.date() >= since for e in h.journal),
        "checkins": sum(c.at.date() >= since for c in h.checkins),
        "measures": sum(
            c.at.date() >= since and c.kind is not CheckinKind.MOOD for c in h.checkins
        ),
        "questions": sum(q.created_at.date() >= since for q in h.questions),
    }


def search_stats(entries: Iterable[JournalEntry], words: Sequence[str]) -> dict[str, Any]:
    """How many entries contain each word, and how many (newest first) a 20-hit search reads.

    Matches what ``services.journal.search`` does: every query word is a word of the text,
    tags or prompt, or begins one (folded).
    """
    from midweek.domain import search as sq

    newest_first = sorted(entries, key=lambda e: e.written_at, reverse=True)
    hay = [sq.entry_words(e.text, e.tags, e.prompt) for e in newest_first]
    out: dict[str, Any] = {}
    for w in words:
        query = sq.query_words(w)
        hits = [i for i, h in enumerate(hay) if sq.matches(h, query)]
        scanned = hits[19] + 1 if len(hits) >= 20 else len(hay)
        out[w] = {
            "entries": len(hits),
            "share": round(len(hits) / max(len(hay), 1), 4),
            "scanned_for_20": scanned,
        }
    words_per_entry = [len(e.text.split()) for e in newest_first]
    out["_words"] = {
        "min": min(words_per_entry),
        "max": max(words_per_entry),
        "mean": round(sum(words_per_entry) / len(words_per_entry), 1),
    }
    return out


# --- building stores -----------------------------------------------------------------------


@dataclass(frozen=True)
class BuiltStore:
    spec: Spec
    folder: Path
    manifest: dict[str, Any]

    @property
    def db(self) -> Path:
        return self.folder / DB_NAME

    @property
    def key(self) -> Path:
        return self.folder / KEY_NAME

    @property
    def jrnl_journal(self) -> Path:
        return self.folder / JRNL_NAME


def _insert(store: Any, h: History) -> dict[str, int]:
    """Write the history in one transaction; the id of the active daily practice."""
    uow = store.unit_of_work()
    with uow:
        for g in h.goals:
            uow.goals.add(g)
        for s in h.sessions:
            uow.sessions.add(s)
        for a, si, gi in zip(h.assignments, h.assignment_session, h.assignment_goal, strict=True):
            a.session_id = h.sessions[si].id if si is not None else None
            a.goal_id = h.goals[gi].id if gi is not None else None
            uow.homework.add(a)
        for p, ai in zip(h.practice, h.practice_assignment, strict=True):
            p.assignment_id = h.assignments[ai].id
            uow.practice.add(p)
        for b, pi in zip(h.barriers, h.barrier_practice, strict=True):
            b.practice_id = h.practice[pi].id
            b.assignment_id = h.practice[pi].assignment_id
            uow.barriers.add(b)
        for q in h.questions:
            uow.questions.add(q)
        for c in h.checkins:
            uow.checkins.add(c)
        for e in h.journal:
            uow.journal.add(e)
        uow.commit()
    base = h.assignments[0].id
    assert base is not None
    return {"log_assignment_id": base}


def fingerprint() -> str:
    """Generator version and a hash of this file and of the schema's migrations.

    Any edit to the generator, or to the schema while it is still being written, rebuilds.
    """
    from midweek.storage import migrations

    digest = hashlib.sha256(Path(__file__).read_bytes())
    for sql in sorted(Path(migrations.__file__).parent.glob("*.sql")):
        digest.update(sql.read_bytes())
    return f"{GENERATOR_VERSION}-{digest.hexdigest()[:12]}"


def _manifest_ok(folder: Path, spec: Spec, today: date) -> dict[str, Any] | None:
    try:
        manifest: dict[str, Any] = json.loads((folder / MANIFEST_NAME).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if manifest.get("generator") != fingerprint() or manifest.get("spec") != asdict(spec):
        return None
    if not all((folder / n).exists() for n in (DB_NAME, KEY_NAME, JRNL_NAME)):
        return None
    age = (today - date.fromisoformat(manifest["anchor_day"])).days
    return manifest if 0 <= age <= MAX_AGE_DAYS else None


def ensure_store(spec: Spec, root: Path, *, rebuild: bool = False, log: Any = print) -> BuiltStore:
    """The store for ``spec`` under ``root``, built unless a current one is already there."""
    import time as clock

    from midweek.storage import open_store

    folder = root / spec.name
    now = datetime.now().astimezone()
    manifest = None if rebuild else _manifest_ok(folder, spec, now.date())
    if manifest is not None:
        log(f"  {spec.name}: reusing the store built on {manifest['anchor_day']}")
        return BuiltStore(spec, folder, manifest)

    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    log(
        f"  {spec.name}: building ({spec.journal:,} journal entries, "
        f"{spec.practice:,} practice logs)…"
    )
    started = clock.perf_counter()
    anchor = datetime.combine(now.date(), time(6, 0), now.tzinfo)
    h = history(spec, anchor)
    store = open_store(str(folder / DB_NAME), folder / KEY_NAME)
    try:
        ids = _insert(store, h)
    finally:
        store.close()
    manifest = {
        "generator": fingerprint(),
        "spec": asdict(spec),
        "anchor_day": now.date().isoformat(),
        "built_in_s": round(clock.perf_counter() - started, 1),
        "db_bytes": (folder / DB_NAME).stat().st_size,
        "counts": {
            "sessions": len(h.sessions),
            "goals": len(h.goals),
            "assignments": len(h.assignments),
            "practice_logs": len(h.practice),
            "barriers": len(h.barriers),
            "questions": len(h.questions),
            "open_questions": sum(q.status is QuestionStatus.OPEN for q in h.questions),
            "checkins": len(h.checkins),
            "journal": len(h.journal),
        },
        "recent": recent_counts(h, anchor.date() - timedelta(days=RECENT_DAYS)),
        "session_themes": dict(sorted(Counter(t for s in h.sessions for t in s.themes).items())),
        "search": search_stats(h.journal, (COMMON_WORD, RARE_WORD)),
        **ids,
    }
    (folder / JRNL_NAME).write_text(jrnl_text(h.journal), "utf-8")
    (folder / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2), "utf-8")
    log(f"  {spec.name}: built in {manifest['built_in_s']} s")
    return BuiltStore(spec, folder, manifest)


def jrnl_text(entries: Iterable[JournalEntry]) -> str:
    """The entries in jrnl's plain-text format: ``[YYYY-MM-DD HH:MM] title`` then the body.

    Tags become jrnl ``@tags`` on the last line, the way jrnl users write them.
    """
    chunks = []
    for e in sorted(entries, key=lambda x: x.written_at):
        text = e.text.strip()
        cut = text.find(". ")
        title, body = (text[: cut + 1], text[cut + 2 :]) if 0 <= cut < 200 else (text, "")
        if e.tags:
            body = f"{body}\n" if body else ""
            body += " ".join(f"@{t}" for t in e.tags)
        stamp = e.written_at.strftime("%Y-%m-%d %H:%M")
        chunks.append(f"[{stamp}] {title}\n{body}\n" if body else f"[{stamp}] {title}\n")
    return "\n".join(chunks)
