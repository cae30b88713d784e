"""The journal's search index (schema 13): keyed digests of word beginnings beside the
ciphertext. Search gives what a scan of every entry gives, on SQLite and PostgreSQL, and
stays right through edits, deletion, undo, restore, erasure and the upgrade; the database
holds no word and no unkeyed hash of one."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import unicodedata
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from midweek.domain import search as sq
from midweek.domain.corrections import RecordKind
from midweek.domain.entities import JournalEntry
from midweek.services import journal
from midweek.storage import Store, crypto, open_store, search_index
from midweek.storage.migrations import LATEST
from midweek.storage.repositories import SqlJournalRepo

from .conftest import T0, sql
from .test_storage_encryption import _assert_absent

# --- a brute-force reference, written apart from the code under test --------------------


def _plain_words(entry: JournalEntry) -> set[str]:
    hay = " ".join((entry.text, " ".join(entry.tags), entry.prompt or "")).casefold()
    hay = "".join(c for c in unicodedata.normalize("NFKD", hay) if not unicodedata.combining(c))
    return set(re.findall(r"\w+", hay))


def _brute_force(entries: list[JournalEntry], query: str) -> list[int]:
    q = query.casefold()
    q = "".join(c for c in unicodedata.normalize("NFKD", q) if not unicodedata.combining(c))
    wanted = set(re.findall(r"\w+", q))
    if not wanted:
        return []
    newest = sorted(entries, key=lambda e: (e.written_at, e.id or 0), reverse=True)
    return [
        e.id or 0
        for e in newest
        if all(any(w.startswith(x) for w in _plain_words(e)) for x in wanted)
    ]


def _ids(store: Store, query: str, *, person_id: int | None = None) -> list[int]:
    uow = store.unit_of_work(person_id=person_id) if person_id else store.unit_of_work()
    return [e.id or 0 for e in journal.search(uow, query, limit=None).entries]


def _all(store: Store, person_id: int | None = None) -> list[JournalEntry]:
    uow = store.unit_of_work(person_id=person_id) if person_id else store.unit_of_work()
    with uow:
        return uow.journal.list()


def _write(store: Store, text: str, minutes: int = 0, **kw: Any) -> JournalEntry:
    with store.unit_of_work() as uow:
        e = uow.journal.add(
            JournalEntry(text=text, written_at=T0 + timedelta(minutes=minutes), **kw)
        )
        uow.commit()
    return e


# --- what a search matches ------------------------------------------------------------


def test_a_word_finds_words_it_begins_not_words_it_is_inside(store: Store) -> None:
    walking = _write(store, "Walking by the river helped.", 1)
    sidewalk = _write(store, "A long sidewalk, nothing else.", 2)
    cafe = _write(store, "Coffee at the Café with Sam.", 3, tags=["weekend"])
    prompt = _write(store, "Nothing much.", 4, prompt="What went well today?")
    assert _ids(store, "walk") == [walking.id]
    assert _ids(store, "WALKING river") == [walking.id]
    assert _ids(store, "walk sidewalk") == []
    assert _ids(store, "cafe") == [cafe.id]
    assert _ids(store, "week") == [cafe.id]  # tags are searched
    assert _ids(store, "well") == [prompt.id]  # and the prompt
    assert _ids(store, "alk") == []  # no longer a substring search
    assert sidewalk.id in _ids(store, "side")


def test_long_words_and_short_words(store: Store) -> None:
    rel = _write(store, "Relationships take work.", 1)
    rels = _write(store, "Relations with my sister.", 2)
    go = _write(store, "Going out is hard, I go anyway.", 3)
    # Both share their first MAX_PREFIX letters; the plaintext tells them apart.
    assert _ids(store, "relationship") == [rel.id]
    assert _ids(store, "relation") == [rels.id, rel.id]
    # A word shorter than MIN_PREFIX is not in the index: checked on the text alone.
    assert _ids(store, "go") == [go.id]
    assert _ids(store, "go out") == [go.id]
    assert _ids(store, "i") == [go.id]
    assert _ids(store, "!!") == []


def test_limit_and_completeness(store: Store) -> None:
    for i in range(30):
        _write(store, f"entry {i} about sleep" if i % 2 else f"entry {i} about work", i)
    limited = journal.search(store.unit_of_work(), "sleep", limit=5)
    assert [e.text for e in limited.entries][:2] == ["entry 29 about sleep", "entry 27 about sleep"]
    assert not limited.complete
    assert journal.search(store.unit_of_work(), "sle", limit=None).complete


def test_an_absent_word_decrypts_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(60):
        _write(store, f"entry {i} about sleep and {'kayak' if i == 7 else 'walks'}", i)
    opened: list[str] = []
    real = crypto.Cipher.decrypt

    def counting(self: crypto.Cipher, table: str, column: str, uid: str, blob: bytes) -> str:
        opened.append(table)
        return real(self, table, column, uid, blob)

    monkeypatch.setattr(crypto.Cipher, "decrypt", counting)
    assert _ids(store, "zebra") == []
    assert opened == []
    assert len(_ids(store, "kayak")) == 1
    assert 0 < len(opened) <= 3  # the one candidate's text, prompt and tags


# --- equal to a scan of every entry -----------------------------------------------------

_VOCAB = [
    "sleep", "sleeping", "sleepless", "slept", "walk", "walked", "sidewalk", "go", "going",
    "i", "a", "relationship", "relationships", "relations", "café", "CAFE", "naïve",
    "Straße", "strasse", "kayak", "anxious", "anxiety", "work", "worked", "homework",
    "don't", "well-being", "2024", "x1", "überall", "über",
]  # fmt: skip

_words = st.lists(st.sampled_from(_VOCAB), min_size=1, max_size=8).map(" ".join)
_entry = st.tuples(
    _words, st.lists(st.sampled_from(["work", "sleep-log", "Family"]), max_size=2),
    st.one_of(st.none(), _words),
)  # fmt: skip
_query_word = st.one_of(
    st.sampled_from(_VOCAB),
    st.sampled_from(_VOCAB).map(lambda w: w[: max(1, len(w) // 2)]),
    st.sampled_from(["zebra", "alk", "xylophone", "sleepy", "relationshipsx", "ü", "caf"]),
)
_query = st.lists(_query_word, min_size=1, max_size=3).map(" ".join)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    entries=st.lists(_entry, min_size=0, max_size=14),
    queries=st.lists(_query, min_size=1, max_size=5),
    edits=st.lists(st.tuples(st.integers(0, 13), _words), max_size=3),
    deletes=st.lists(st.integers(0, 13), max_size=3),
    undo=st.booleans(),
    chunks=st.sampled_from([SqlJournalRepo.CHUNKS, (1, 2), (3,)]),
)
def test_search_equals_a_scan_of_every_entry(
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    entries: list[tuple[str, list[str], str | None]],
    queries: list[str],
    edits: list[tuple[int, str]],
    deletes: list[int],
    undo: bool,
    chunks: tuple[int, ...],
) -> None:
    # Tiny pages make the search walk the index page by page, across moments that tie.
    monkeypatch.setattr(SqlJournalRepo, "CHUNKS", chunks)
    with store.unit_of_work() as uow:
        pid = uow.create_person()
        uow.commit()
    with store.unit_of_work(person_id=pid) as uow:
        written = [
            uow.journal.add(
                JournalEntry(
                    text=text, tags=tags, prompt=prompt, written_at=T0 + timedelta(hours=i % 5)
                )
            )
            for i, (text, tags, prompt) in enumerate(entries)
        ]
        for i, text in edits:
            if i < len(written):
                e = uow.journal.get(written[i].id)
                e.text = text
                uow.journal.update(e)
        trashed = []
        for i in sorted(set(deletes)):
            if i < len(written):
                trashed.append(uow.trash.put(RecordKind.JOURNAL, written[i].id, now=T0))
        if undo and trashed:
            uow.trash.restore(trashed[0].id)
        uow.commit()
    now = _all(store, pid)
    for q in queries:
        assert _ids(store, q, person_id=pid) == _brute_force(now, q), q


# --- the index stays right ------------------------------------------------------------


def test_edit_delete_undo_and_restore_keep_the_index_right(store: Store) -> None:
    e = _write(store, "A walk in the park.", 1)
    other = _write(store, "Rain all day.", 2)
    with store.unit_of_work() as uow:
        entry = uow.journal.get(e.id)
        entry.text = "A swim in the lake."
        entry.tags = ["holiday"]
        uow.journal.update(entry)
        uow.commit()
    assert _ids(store, "walk") == []
    assert _ids(store, "swim lake") == [e.id]
    with store.unit_of_work() as uow:  # a new moment moves every row of the entry
        entry = uow.journal.get(e.id)
        entry.written_at = T0 + timedelta(minutes=5)
        entry.text = "A swim in the lake, later."
        uow.journal.update(entry)
        uow.commit()
    assert _ids(store, "in") == [e.id]  # a short word: read on the text, not "rain"
    assert _ids(store, "swim later") == [e.id]
    stale = sql(
        store,
        f"SELECT count(*) FROM search_term WHERE entry_id = {e.id} AND written_at != ?",
        (search_index.micros(T0 + timedelta(minutes=5)),),
    )
    assert stale == [(0,)]
    assert _ids(store, "holi") == [e.id]
    with store.unit_of_work() as uow:
        item = uow.trash.put(RecordKind.JOURNAL, e.id, now=datetime.now(UTC))
        uow.commit()
    assert _ids(store, "swim") == []
    assert sql(store, f"SELECT count(*) FROM search_term WHERE entry_id = {e.id}") == [(0,)]
    with store.unit_of_work() as uow:
        uow.trash.restore(item.id)
        uow.commit()
    assert _ids(store, "swim") == [e.id]
    with store.unit_of_work() as uow:
        dumped = uow.dump()
    assert "search_term" not in json.dumps(dumped)  # derived data: never backed up
    _write(store, "Swimming again, later.", 3)
    with store.unit_of_work() as uow:
        uow.load(dumped)
        uow.commit()
    assert _ids(store, "swim") == [e.id]
    assert _ids(store, "rain") == [other.id]
    # Every row of the index belongs to a current entry, and each entry has its rows.
    with store.unit_of_work() as uow:
        ids = {x.id for x in uow.journal.list()}
    assert {r[0] for r in sql(store, "SELECT DISTINCT entry_id FROM search_term")} == ids


def test_erasure_leaves_no_digest(store: Store) -> None:
    with store.unit_of_work() as uow:
        pid = uow.create_person()
        uow.commit()
    with store.unit_of_work(person_id=pid) as uow:
        uow.journal.add(JournalEntry(text="Something private.", written_at=T0))
        uow.commit()
    assert sql(store, f"SELECT count(*) FROM search_term WHERE person_id = {pid}")[0][0] > 0
    with store.unit_of_work(person_id=pid) as uow:
        uow.erase_person()
        uow.commit()
    assert sql(store, f"SELECT count(*) FROM search_term WHERE person_id = {pid}") == [(0,)]


def test_the_upgrade_indexes_the_journals_written_before_it(
    db_url: str, key_file: Path, store_factory: Any
) -> None:
    old = store_factory(db_url)
    e = _write(old, "Written before the index existed: kayaking.", 1)
    # As schema 12 left it: no index tables (nor anything later), version 12.
    sql(old, "DROP TABLE search_term")
    sql(old, "DROP TABLE search_backlog")
    sql(old, "DROP TABLE import_mark")
    sql(old, "DROP TABLE push_sent")
    sql(old, "DROP TABLE push_subscription")
    sql(old, "DELETE FROM schema_version WHERE version > 12")
    old.close()
    upgraded = open_store(db_url, key_file)
    try:
        assert upgraded.schema_version() == LATEST
        assert sql(upgraded, "SELECT count(*) FROM search_backlog") == [(0,)]
        assert _ids(upgraded, "kayak") == [e.id]
    finally:
        upgraded.close()


def test_a_journal_left_in_the_backlog_is_still_searched(store: Store) -> None:
    e = _write(store, "Kayaking on the lake.", 1)
    pid = store.default_person_id
    sql(store, f"DELETE FROM search_term WHERE person_id = {pid}")
    sql(store, f"INSERT INTO search_backlog (person_id) VALUES ({pid})")
    assert _ids(store, "kayak") == [e.id]  # read entry by entry, as before the index


# --- what the database holds ----------------------------------------------------------


def test_no_word_and_no_unkeyed_hash_of_one_is_stored(sqlite_store: Store, sqlite_url: str) -> None:
    word = "canary" + uuid.uuid4().hex[:10]
    e = _write(sqlite_store, f"Today {word} and Zanzibar.", 1, tags=["tagcanary"])
    assert _ids(sqlite_store, word) == [e.id]
    stored = {int(r[0]) for r in sql(sqlite_store, "SELECT digest FROM search_term")}
    terms = sq.terms({word, "zanzibar", "today", "and", "tagcanary"})
    assert len(stored) == len(terms)

    def int32(digest: bytes) -> int:
        return int.from_bytes(digest[:4], "big", signed=True)

    for term in terms:
        raw = term.encode()
        for name in ("sha256", "sha1", "md5", "blake2b", "sha512"):
            full = hashlib.new(name, raw).digest()
            assert int32(full) not in stored and int32(full[-4:]) not in stored
            assert int.from_bytes(full[:4], "little", signed=True) not in stored
        assert int32(hmac.digest(b"", raw, "sha256")) not in stored
    sqlite_store.close()
    main = Path(sqlite_url).read_bytes()
    _assert_absent(word, main, "the database file")
    for term in ("zanzibar", "tagcanary", word[:8]):
        assert term.encode() not in main and term.encode("utf-16-le") not in main
        _assert_absent(hashlib.sha256(term.encode()).hexdigest()[:16], main, "the database file")
        assert hashlib.sha256(term.encode()).digest()[:8] not in main


def test_each_person_has_their_own_digests(store: Store) -> None:
    with store.unit_of_work() as uow:
        pid = uow.create_person()
        uow.commit()
    _write(store, "Kayak", 1)
    with store.unit_of_work(person_id=pid) as uow:
        uow.journal.add(JournalEntry(text="Kayak", written_at=T0))
        uow.commit()
    mine = {
        r[0]
        for r in sql(
            store, f"SELECT digest FROM search_term WHERE person_id = {store.default_person_id}"
        )
    }
    theirs = {r[0] for r in sql(store, f"SELECT digest FROM search_term WHERE person_id = {pid}")}
    assert mine and theirs and not (mine & theirs)
