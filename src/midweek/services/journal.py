"""Use cases for the journal: write (with a risk check), list, search, show."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from midweek.domain import rules
from midweek.domain import search as search_words
from midweek.domain.entities import FlagSource, JournalEntry, Visibility
from midweek.services.ports import UnitOfWork

if TYPE_CHECKING:
    from midweek.domain.risk import Assessment

# The risk detector is imported where text is written, not when the module is: reading
# the journal (list, search, show) never needs it (about 35 ms of a start).


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
    from midweek.services.risk import assess_text, record_flag

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


@dataclass(frozen=True)
class SearchResult:
    entries: list[JournalEntry]
    complete: bool  # False when the limit was reached and older matches may exist


def search(uow: UnitOfWork, words: str, *, limit: int | None = 20) -> SearchResult:
    """Entries in which every word of ``words`` is a word, or the beginning of one (in the
    text, tags or prompt; case and accents aside), newest first.

    The text is encrypted at rest; the search index (keyed digests of word beginnings)
    names the candidate entries, and only those are decrypted and confirmed, so a search
    for a rare or absent word costs about the same at any journal size.
    """
    rules.check_text(words, label="The search", field="words", limit=500)
    query = search_words.query_words(words)
    if not query:
        return SearchResult([], complete=True)
    terms = [t for q in query if (t := search_words.lookup_term(q)) is not None]
    found: list[JournalEntry] = []
    with uow:
        candidates = uow.journal.matching(terms)
        if candidates is None:  # only short words, or a journal not indexed yet
            candidates = uow.journal.iter_newest_first()
        for e in candidates:
            if search_words.matches(search_words.entry_words(e.text, e.tags, e.prompt), query):
                found.append(e)
                if limit is not None and len(found) >= limit:
                    return SearchResult(found, complete=False)
    return SearchResult(found, complete=True)


def get_entry(uow: UnitOfWork, ident: int) -> JournalEntry:
    with uow:
        return uow.journal.get(ident)
