"""Use cases for the journal: write (with a risk check), list, search, show."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from midweek.domain import rules
from midweek.domain.entities import FlagSource, JournalEntry, Visibility
from midweek.domain.risk import Assessment
from midweek.services.ports import UnitOfWork
from midweek.services.risk import assess_text, record_flag


@dataclass(frozen=True)
class Written:
    entry: JournalEntry
    #: What the risk detector noticed; truthy (concern or urgent) means offer support.
    risk: Assessment


def _norm_tags(tags: Sequence[str]) -> list[str]:
    out: list[str] = []
    for t in tags:
        tag = t.strip().lstrip("#").strip().lower()
        if tag and tag not in out:
            out.append(rules.check_text(tag, label="A tag", field="tag", limit=60))
    return out


def write_entry(
    uow: UnitOfWork,
    text: str,
    *,
    at: datetime,
    tags: Sequence[str] = (),
    mood: int | None = None,
    bring: bool = False,
    shared: bool = False,
    prompt: str | None = None,
) -> Written:
    """Save a journal entry. Text that suggests risk also records a safety flag (the level
    and rule ids, not the words); it never stops the entry being saved."""
    rules.check_mood(mood)
    entry = JournalEntry(
        text=rules.check_text(text, label="The entry", field="text"),
        written_at=at,
        prompt=rules.optional_text(prompt, label="The prompt", field="prompt"),
        tags=_norm_tags(tags),
        mood=mood,
        bring=bring,
        visibility=Visibility.SHARED if shared else Visibility.PRIVATE,
    )
    risk = assess_text(entry.text)
    with uow:
        uow.journal.add(entry)
        record_flag(uow, risk, source=FlagSource.JOURNAL_TEXT, at=at, ref_id=entry.id)
        uow.commit()
    return Written(entry=entry, risk=risk)


def list_entries(
    uow: UnitOfWork,
    *,
    since: datetime | None = None,
    tag: str | None = None,
    limit: int | None = None,
) -> list[JournalEntry]:
    """Entries newest first, optionally from a moment on and with a tag."""
    wanted = tag.strip().lstrip("#").lower() if tag else None
    out: list[JournalEntry] = []
    with uow:
        for e in uow.journal.iter_newest_first(since=since):
            if wanted is None or wanted in e.tags:
                out.append(e)
                if limit is not None and len(out) >= limit:
                    break
    return out


_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def _fold(text: str) -> str:
    """Case- and accent-insensitive form, so 'cafe' finds 'Café' (fast path for ASCII)."""
    folded = text.casefold()
    if folded.isascii():
        return folded
    return _COMBINING.sub("", unicodedata.normalize("NFKD", folded))


@dataclass(frozen=True)
class SearchResult:
    entries: list[JournalEntry]
    complete: bool  # False when the limit was reached and older matches may exist


def search(uow: UnitOfWork, words: str, *, limit: int | None = 20) -> SearchResult:
    """Entries containing every word (in text, tags or prompt), newest first.

    The text is encrypted at rest, so this decrypts and matches; it stops once ``limit``
    matches are found, which keeps everyday searches quick at any journal size.
    """
    terms = [_fold(w) for w in words.split() if w.strip()]
    rules.check_text(words, label="The search", field="words", limit=500)
    found: list[JournalEntry] = []
    with uow:
        for e in uow.journal.iter_newest_first():
            hay = _fold(" ".join((e.text, " ".join(e.tags), e.prompt or "")))
            if all(t in hay for t in terms):
                found.append(e)
                if limit is not None and len(found) >= limit:
                    return SearchResult(found, complete=False)
    return SearchResult(found, complete=True)


def get_entry(uow: UnitOfWork, ident: int) -> JournalEntry:
    with uow:
        return uow.journal.get(ident)
