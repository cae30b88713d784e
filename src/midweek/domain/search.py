"""What a journal search matches: words and the beginnings of words, folded.

A query is split into words the same way an entry is; an entry matches when every query
word is a word of the entry (its text, tags or prompt) or the beginning of one: "walk"
finds "walk" and "walking", not "sidewalk". Case and accents do not count ("cafe" finds
"Café").

The search index (storage) stores keyed digests of each entry's *terms*: every beginning,
from ``MIN_PREFIX`` to ``MAX_PREFIX`` letters, of each of its words. A query word is looked
up by its own beginning of at most ``MAX_PREFIX`` letters, then every candidate is
confirmed on its plaintext with :func:`matches`, so the index only narrows, it never
decides. Words shorter than ``MIN_PREFIX`` are not in the index and are checked on the
plaintext alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

#: The shortest word beginning that is indexed (shorter query words narrow nothing).
MIN_PREFIX = 3
#: The longest word beginning that is indexed; a longer query word is looked up by this
#: many letters and confirmed on the plaintext.
MAX_PREFIX = 8

_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Case- and accent-insensitive form, so 'cafe' finds 'Café' (fast path for ASCII)."""
    folded = text.casefold()
    if folded.isascii():
        return folded
    return _COMBINING.sub("", unicodedata.normalize("NFKD", folded))


def words(text: str) -> list[str]:
    """The folded words of ``text`` (runs of letters and digits), in order."""
    return _WORD.findall(fold(text))


def entry_words(text: str, tags: Iterable[str], prompt: str | None) -> frozenset[str]:
    """Every folded word an entry holds, in its text, tags and prompt."""
    return frozenset(words(" ".join((text, " ".join(tags), prompt or ""))))


def query_words(query: str) -> list[str]:
    """The query's folded words, each once, in order."""
    return list(dict.fromkeys(words(query)))


def terms(entry: Iterable[str]) -> set[str]:
    """What the index holds for an entry's words: each word's beginnings of
    ``MIN_PREFIX``..``MAX_PREFIX`` letters (a word shorter than ``MIN_PREFIX`` gives none)."""
    out: set[str] = set()
    for w in entry:
        for k in range(MIN_PREFIX, min(len(w), MAX_PREFIX) + 1):
            out.add(w[:k])
    return out


def lookup_term(query_word: str) -> str | None:
    """The term the index is asked for a query word; None when it is too short."""
    if len(query_word) < MIN_PREFIX:
        return None
    return query_word[:MAX_PREFIX]


def matches(entry: frozenset[str] | set[str], query: Sequence[str]) -> bool:
    """True when every query word is one of the entry's words or begins one."""
    for q in query:
        if q in entry:
            continue
        if not any(w.startswith(q) for w in entry):
            return False
    return True
