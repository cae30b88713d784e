"""The thread: session after session, what was learned, practised, met and written.

Related journal entries are found two ways: by theme (an entry tagged with one of the
session's themes) and by text similarity to the session's takeaways and themes, ranked
with Okapi BM25 over the entries of that interval only. The text is encrypted at rest, so
ranking happens here, on decrypted text, not in a database full-text index that would
store the words in the clear.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from midweek.domain.adherence import Totals, adherence, summarise
from midweek.domain.entities import (
    Assignment,
    Barrier,
    JournalEntry,
    PracticeLog,
    TherapySession,
)

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
#: Words too common to say anything about what an entry is about.
_STOPWORD_TEXT = """
    a about after again all also am an and any are as at be because been before being but
    by can could did do does doing don't down during each even every few for from get got had
    has have having he her here hers him his how i i'm if in into is it it's its just me more
    most my myself no nor not now of off on once only or other our out over own really same
    she should so some still such than that the their them then there these they this those
    through to too under until up very was we were what when where which while who why will
    with would you your"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def tokenize(text: str) -> list[str]:
    """Lower-cased words of three or more letters, without stopwords."""
    words = (w.casefold().replace("’", "'") for w in _WORD.findall(text))
    return [w for w in words if len(w) > 2 and w not in STOPWORDS]


def bm25(
    query: Sequence[str], docs: Sequence[tuple[int, str]], *, k1: float = 1.5, b: float = 0.75
) -> list[tuple[int, float]]:
    """Documents (id, text) scored against the query terms, best first; zero scores dropped."""
    tokenized = [(ident, tokenize(text)) for ident, text in docs]
    if not tokenized or not query:
        return []
    avg_len = sum(len(words) for _, words in tokenized) / len(tokenized) or 1.0
    doc_freq: Counter[str] = Counter()
    for _, words in tokenized:
        doc_freq.update(set(words))
    n = len(tokenized)
    terms = set(query)
    scored: list[tuple[int, float]] = []
    for ident, words in tokenized:
        counts = Counter(words)
        score = 0.0
        for term in terms:
            tf = counts.get(term, 0)
            if not tf:
                continue
            idf = math.log(1 + (n - doc_freq[term] + 0.5) / (doc_freq[term] + 0.5))
            score += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len(words) / avg_len))
        if score > 0:
            scored.append((ident, score))
    scored.sort(key=lambda pair: (-pair[1], -pair[0]))
    return scored


@dataclass(frozen=True)
class ThreadPractice:
    assignment: Assignment
    totals: Totals | None  # None when nothing was planned or logged in the interval


@dataclass(frozen=True)
class ThreadStep:
    """One session and what followed it, up to the next session (or today)."""

    session: TherapySession
    until: date  # the last day of the interval (inclusive)
    practice: list[ThreadPractice] = field(default_factory=list)
    barriers: list[Barrier] = field(default_factory=list)
    by_theme: list[JournalEntry] = field(default_factory=list)
    similar: list[JournalEntry] = field(default_factory=list)


def _matches_theme(s: TherapySession, theme: str) -> bool:
    wanted = theme.casefold()
    return any(wanted in t.casefold() for t in s.themes)


def select_sessions(
    sessions: Sequence[TherapySession],
    assignments: Sequence[Assignment],
    *,
    theme: str | None = None,
    goal_id: int | None = None,
) -> list[TherapySession]:
    """Sessions on a theme, or those whose homework serves a goal; all without a filter."""
    chosen = list(sessions)
    if theme:
        chosen = [s for s in chosen if _matches_theme(s, theme)]
    if goal_id is not None:
        linked = {a.session_id for a in assignments if a.goal_id == goal_id}
        chosen = [s for s in chosen if s.id in linked]
    return sorted(chosen, key=lambda s: (s.date, s.id or 0))


def build_thread(
    chosen: Sequence[TherapySession],
    *,
    all_session_dates: Sequence[date],
    assignments: Sequence[Assignment],
    logs: Sequence[PracticeLog],
    barriers: Sequence[Barrier],
    entries: Sequence[JournalEntry],
    today: date,
    goal_id: int | None = None,
    similar_limit: int = 3,
    tz: tzinfo | None = None,
) -> list[ThreadStep]:
    """For each chosen session (oldest first): its homework and how practice went until the
    next session, the barriers met, and the journal entries that relate to it."""
    dates = sorted(set(all_session_dates))
    steps: list[ThreadStep] = []
    for s in chosen:
        later = [d for d in dates if d > s.date]
        # The interval runs to the day before the next session, or through today.
        last_day = min(later[0] - timedelta(days=1), today) if later else today
        homework = [
            a
            for a in assignments
            if a.session_id == s.id and (goal_id is None or a.goal_id == goal_id)
        ]
        weeks = adherence(homework, logs, session_dates=dates, start=s.date, end=last_day, tz=tz)
        totals = summarise(weeks).by_assignment
        practice = [ThreadPractice(a, totals.get(a.id or -1)) for a in homework]

        def within(moment: datetime, first: date = s.date, last: date = last_day) -> bool:
            return first <= moment.astimezone(tz).date() <= last

        met = [b for b in barriers if within(b.at)]
        window = [e for e in entries if within(e.written_at)]
        themes = {t.casefold() for t in s.themes}
        by_theme = [e for e in window if themes & {t.casefold() for t in e.tags}]
        taken = {e.id for e in by_theme}
        query = tokenize(" ".join([*s.takeaways, *s.themes]))
        ranked = bm25(query, [(e.id or 0, e.text) for e in window if e.id not in taken])
        by_id = {e.id: e for e in window}
        similar = [by_id[i] for i, _ in ranked[:similar_limit]]
        steps.append(ThreadStep(s, last_day, practice, met, by_theme, similar))
    return steps
