"""A realistic six-week history for the demo: weekly sessions, homework, practice with
partial credit, barriers, journal entries, questions and check-ins that improve slowly.

Deterministic for a given ``now`` and ``seed`` so the demo and tests can rely on it.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from midweek.domain.entities import BarrierKind, CheckinKind, GoalStatus, Outcome, Visibility
from midweek.domain.worksheets import Template
from midweek.services import checkins, goals, journal, questions, therapy_sessions
from midweek.services import homework as hw
from midweek.services.ports import AccountsUnitOfWork, ServerUnitOfWork, UnitOfWork

WEEKS = 6

_SESSIONS = [
    (
        ["Worry shrinks when I give it a set time instead of fighting it all day."],
        ["worry", "sleep"],
    ),
    (
        ["Thoughts are not facts: I can write the thought down and weigh the evidence."],
        ["self-criticism", "worry"],
    ),
    (
        [
            "Saying no to extra work is a boundary, not a failure.",
            "I can notice the guilt and still keep the boundary.",
        ],
        ["boundaries", "work"],
    ),
    (["Five imperfect minutes of practice still count."], ["self-criticism", "perfectionism"]),
    (["My sleep improves when the evening has a wind-down routine."], ["sleep", "worry"]),
    (
        [
            "I get to choose the pace. Small steps are still steps.",
            "Ask for help earlier, before the week is overwhelming.",
        ],
        ["boundaries", "self-care"],
    ),
]

_JOURNAL = [
    (
        "Worry time at six felt odd at first. By the end I had written the same worry three "
        "times, which was almost funny.",
        ["worry"],
        5,
    ),
    (
        "Couldn't sleep again. Kept replaying the meeting. Tried the breathing for a few "
        "minutes and it helped a little.",
        ["sleep", "work"],
        3,
    ),
    (
        "Said no to covering for Sam on Friday. My heart was racing, but nothing terrible "
        "happened. I want to talk about the guilt afterwards.",
        ["boundaries", "work"],
        6,
    ),
    (
        "Thought record: 'I always mess things up.' Evidence against: I finished the report "
        "early and my manager thanked me.",
        ["self-criticism"],
        6,
    ),
    ("Long walk with my sister. First time in weeks I wasn't checking my phone.", ["self-care"], 7),
    (
        "A heavy day. Everything felt like too much and I skipped everything. Tomorrow I'll "
        "try just five minutes.",
        ["perfectionism"],
        3,
    ),
    (
        "Noticed I was waiting for the perfect evening to do the exercise. Did a short version "
        "instead.",
        ["perfectionism"],
        6,
    ),
    ("Slept seven hours. The wind-down routine seems to be doing something.", ["sleep"], 7),
]

_QUESTIONS = [
    "How do I handle the guilt after saying no?",
    "Is it okay to do worry time on the bus?",
    "What should I do when the thought record makes me feel worse?",
]


def seed(
    uow: UnitOfWork, *, now: datetime, thought_record: Template | None = None, seed: int = 7
) -> None:
    """Fill an empty store with the demo history ending at ``now``."""
    rng = random.Random(seed)
    tz = now.tzinfo
    first_day = now.date() - timedelta(weeks=WEEKS) + timedelta(days=1)

    sleep_goal = goals.add_goal(
        uow,
        text="Sleep before midnight on weeknights",
        value="health",
        importance=8,
        confidence=5,
        now=now,
    )
    boundary_goal = goals.add_goal(
        uow,
        text="Say no to extra work without apologising",
        value="self-respect",
        importance=9,
        confidence=4,
        now=now,
    )
    friends = goals.add_goal(
        uow, text="Run a half marathon", value="fitness", importance=4, confidence=3, now=now
    )
    goals.set_goal_status(uow, friends.id or 0, GoalStatus.NOT_PURSUING, now=now)

    assignments = []
    for week, (takeaways, themes) in enumerate(_SESSIONS):
        day = first_day + timedelta(weeks=week)
        at = datetime.combine(day, time(17, 0), tz)
        therapy_sessions.add_session(
            uow,
            day=day,
            takeaways=takeaways,
            themes=themes,
            next_appointment=at + timedelta(weeks=1),
            now=at,
        )
        if week == 0:
            assignments.append(
                hw.add_homework(
                    uow,
                    title="Worry time: 15 minutes at 18:00",
                    per_week=5,
                    minutes=15,
                    now=at,
                    start=day,
                    goal_id=sleep_goal.id,
                    instructions="Write worries down during worry time; postpone them otherwise.",
                )
            )
        if week == 1 and thought_record is not None:
            assignments.append(
                hw.add_homework(
                    uow,
                    title="Thought record when self-critical",
                    per_week=3,
                    minutes=10,
                    now=at,
                    start=day,
                    worksheet=thought_record,
                )
            )
        if week == 2:
            assignments.append(
                hw.add_homework(
                    uow,
                    title="Say no once, kindly and clearly",
                    per_week=2,
                    minutes=5,
                    now=at,
                    start=day,
                    goal_id=boundary_goal.id,
                )
            )
        if week == 4:
            assignments.append(
                hw.add_homework(
                    uow,
                    title="Evening wind-down routine",
                    per_week=4,
                    minutes=20,
                    now=at,
                    start=day,
                    goal_id=sleep_goal.id,
                )
            )

    for a in assignments:
        d = a.start + timedelta(days=1)
        while d < now.date():
            if rng.random() < 0.8 * a.per_week / 7:
                at = datetime.combine(d, time(rng.choice([7, 12, 18, 21]), rng.choice([0, 30])), tz)
                r = rng.random()
                outcome = (
                    Outcome.DONE if r < 0.6 else Outcome.PARTIAL if r < 0.85 else Outcome.SKIPPED
                )
                minutes = (
                    a.minutes
                    if outcome is Outcome.DONE
                    else rng.randint(3, max(4, a.minutes - 1))
                    if outcome is Outcome.PARTIAL
                    else None
                )
                logged = hw.log_practice(
                    uow,
                    a.id or 0,
                    outcome,
                    at=at,
                    now=now,
                    minutes=minutes,
                    quality=None if outcome is Outcome.SKIPPED else rng.randint(1, 4),
                )
                if outcome is not Outcome.DONE and rng.random() < 0.6:
                    kind = rng.choice(
                        [
                            BarrierKind.TIME,
                            BarrierKind.PERFECTIONISM,
                            BarrierKind.OTHERS_FIRST,
                            BarrierKind.FEAR,
                        ]
                    )
                    hw.add_barrier(
                        uow,
                        kind,
                        at=at,
                        assignment_id=a.id,
                        practice_id=logged.log.id,
                        note="Long day at work." if kind is BarrierKind.TIME else None,
                        next_step="Shrink it: a smaller, shorter version",
                    )
            d += timedelta(days=1)

    for i, (text, tags, mood) in enumerate(_JOURNAL):
        at = datetime.combine(first_day + timedelta(days=2 + i * 5), time(21, 15), tz)
        if at < now:
            journal.write_entry(
                uow, text, at=at, tags=tags, mood=mood, bring=i in (2, 5), shared=i in (2, 3, 7)
            )

    for i, q in enumerate(_QUESTIONS):
        asked = questions.ask(uow, q, now=now - timedelta(days=20 - i * 8)).question
        if i == 0:
            questions.mark_discussed(uow, asked.id or 0, now=now - timedelta(days=6))

    phq = ["2,2,1,2,1,1,1,1,0", "1,2,1,2,1,1,1,0,0", "1,1,1,1,1,0,1,0,0"]
    gad = ["2,2,2,1,1,2,1", "1,2,1,1,1,1,1", "1,1,1,1,0,1,1"]
    for i, (p, g) in enumerate(zip(phq, gad, strict=True)):
        at = datetime.combine(first_day + timedelta(weeks=i * 2), time(16, 45), tz)
        checkins.checkin_instrument(uow, CheckinKind.PHQ9, p, note=None, at=at)
        checkins.checkin_instrument(uow, CheckinKind.GAD7, g, note=None, at=at)
    for offset in range(0, WEEKS * 7, 2):
        at = datetime.combine(first_day + timedelta(days=offset), time(20, 0), tz)
        if at < now:
            mood = min(10, 3 + offset // 8 + rng.randint(0, 2))
            checkins.checkin_mood(uow, mood, note=None, at=at)


# --- the web demo: a client with the history above and their therapist -------------------

#: Demo sign-ins printed by `make demo` (throw-away database only).
DEMO_CLIENT = ("demo-client", "tuesday evening walk")
DEMO_THERAPIST = ("demo-therapist", "quiet office hours")


@dataclass(frozen=True)
class WebDemo:
    client: tuple[str, str]
    therapist: tuple[str, str]


def seed_web(
    server_uow: AccountsUnitOfWork,
    client_uow: Callable[[int], ServerUnitOfWork],
    *,
    now: datetime,
    thought_record: Template | None = None,
) -> WebDemo:
    """Two accounts: a client with the demo history who shares practice, check-ins,
    questions, goals, session notes and the journal entries marked shared; the rest
    stays private."""
    from midweek.domain.sharing import ShareKind
    from midweek.services import accounts, care_links, consent

    client = accounts.create_account(server_uow, *DEMO_CLIENT, "client", now)
    therapist = accounts.create_account(server_uow, *DEMO_THERAPIST, "therapist", now)
    assert client.person_id is not None
    seed(client_uow(client.person_id), now=now, thought_record=thought_record)
    code = care_links.invite(server_uow, therapist, now=now).code
    kinds = (
        ShareKind.PRACTICE,
        ShareKind.CHECKIN,
        ShareKind.QUESTIONS,
        ShareKind.GOALS,
        ShareKind.SESSIONS,
    )
    care_links.accept_invite(server_uow, client, code, share=kinds, now=now)
    with client_uow(client.person_id) as uow:
        marked = [e.id for e in uow.journal.list() if e.visibility is Visibility.SHARED]
    for entry_id in marked:  # as if written on the server while linked
        assert entry_id is not None
        consent.share_new_entry(client_uow(client.person_id), client, entry_id, now=now)
    return WebDemo(client=DEMO_CLIENT, therapist=DEMO_THERAPIST)
