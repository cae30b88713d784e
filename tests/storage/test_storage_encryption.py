"""Encryption at rest: no plaintext on disk, ciphertext bound to its place, the key file."""

from __future__ import annotations

import base64
import json
import os
import stat
import uuid
from pathlib import Path
from typing import Any

import pytest

from midweek.domain.entities import JournalEntry, Question
from midweek.domain.errors import EncryptionKeyError, StorageError
from midweek.storage import Store, crypto, open_store

from .conftest import T0, add_all, full_entities, sql

#: Every column that holds free text a person wrote, and so must be encrypted.
ENCRYPTED = {
    "therapy_session": ["takeaways", "themes"],
    "goal": ["text", "value"],
    "assignment": ["title", "instructions"],
    "practice_log": ["note", "answers"],
    "journal_entry": ["text", "prompt", "tags"],
    "barrier": ["note", "next_step"],
    "question": ["text"],
    "checkin": ["note"],
    "safety_flag": ["detail"],
    "safety_plan": [
        "warning_signs",
        "coping",
        "distractions",
        "people",
        "professionals",
        "safer",
        "reasons",
    ],
}


def _forms(phrase: str) -> list[bytes]:
    """The phrase as it could appear in bytes: UTF-8, UTF-16, JSON-escaped, base64."""
    raw = phrase.encode()
    forms = [
        raw,
        phrase.encode("utf-16-le"),
        phrase.encode("utf-16-be"),
        json.dumps(phrase).encode()[1:-1],
        raw.hex().encode(),
    ]
    for shift in range(3):  # base64 of the phrase at each alignment, minus the ragged ends
        forms.append(base64.b64encode(raw[shift:])[4:-4])
    return forms


def _assert_absent(phrase: str, blob: bytes, where: str) -> None:
    for form in _forms(phrase):
        assert form not in blob, f"the phrase appears in {where} as {form[:20]!r}"


def test_canary_phrase_is_nowhere_in_database_wal_or_backup(
    sqlite_store: Store, sqlite_url: str
) -> None:
    phrase = f"canary-{uuid.uuid4().hex}"
    with sqlite_store.unit_of_work() as uow:
        items = add_all(uow, full_entities(phrase))
        uow.commit()
    # Really written, and readable through the repositories:
    with sqlite_store.unit_of_work() as uow:
        assert phrase in uow.journal.get(items["journal"].id).text
        assert phrase in uow.practice.get(items["practice"].id).answers["situation"]
        dumped = json.dumps(uow.dump()).encode()
    # The columns really are ciphertext (version byte 1, nonce, tag), not empty:
    for table, columns in ENCRYPTED.items():
        for column in columns:
            (value,) = sql(sqlite_store, f"SELECT {column} FROM {table}")[0]
            assert isinstance(value, bytes) and value[0] == 1 and len(value) > 1 + 12 + 16

    uid = sql(sqlite_store, "SELECT uid FROM journal_entry")[0][0]
    wal = Path(sqlite_url + "-wal").read_bytes()
    assert uid.encode() in wal, "the test must look at a WAL that holds the new rows"
    _assert_absent(phrase, wal, "the WAL")
    _assert_absent(phrase, dumped, "the backup dump")
    assert uid.encode() in dumped

    sqlite_store.close()  # checkpoints the WAL into the database file
    main = Path(sqlite_url).read_bytes()
    assert uid.encode() in main
    _assert_absent(phrase, main, "the database file")
    for leftover in (Path(sqlite_url + "-wal"), Path(sqlite_url + "-shm")):
        if leftover.exists():
            _assert_absent(phrase, leftover.read_bytes(), leftover.name)


def test_ciphertext_is_bound_to_its_row(store: Store) -> None:
    with store.unit_of_work() as uow:
        a = uow.journal.add(JournalEntry(text="first", written_at=T0, prompt="p1"))
        b = uow.journal.add(JournalEntry(text="second", written_at=T0))
        uow.commit()
    sql(
        store,
        f"UPDATE journal_entry SET text = (SELECT text FROM journal_entry WHERE id = {b.id}) "
        f"WHERE id = {a.id}",
    )
    with store.unit_of_work() as uow:
        assert uow.journal.get(b.id).text == "second"  # the original place still opens
        with pytest.raises(StorageError, match=r"journal_entry\.text.*changed or moved"):
            uow.journal.get(a.id)


def test_ciphertext_is_bound_to_its_column(store: Store) -> None:
    with store.unit_of_work() as uow:
        a = uow.journal.add(JournalEntry(text="text", written_at=T0, prompt="prompt"))
        uow.commit()
    sql(store, f"UPDATE journal_entry SET text = prompt WHERE id = {a.id}")
    with store.unit_of_work() as uow, pytest.raises(StorageError, match="cannot be decrypted"):
        uow.journal.get(a.id)


def test_ciphertext_is_bound_to_its_table(store: Store) -> None:
    with store.unit_of_work() as uow:
        e = uow.journal.add(JournalEntry(text="text", written_at=T0))
        q = uow.questions.add(Question(text="question", created_at=T0))
        uow.commit()
    uid = sql(store, f"SELECT uid FROM journal_entry WHERE id = {e.id}")[0][0]
    sql(
        store,
        f"UPDATE question SET uid = '{uid}', text = (SELECT text FROM journal_entry "
        f"WHERE id = {e.id}) WHERE id = {q.id}",
    )
    with store.unit_of_work() as uow, pytest.raises(StorageError, match="cannot be decrypted"):
        uow.questions.get(q.id)


def test_a_flipped_bit_is_detected(store: Store) -> None:
    with store.unit_of_work() as uow:
        e = uow.journal.add(JournalEntry(text="text", written_at=T0))
        uow.commit()
    (blob,) = sql(store, f"SELECT text FROM journal_entry WHERE id = {e.id}")[0]
    damaged = bytearray(bytes(blob))
    damaged[-1] ^= 1
    sql(store, "UPDATE journal_entry SET text = ? WHERE id = ?", (bytes(damaged), e.id))
    with store.unit_of_work() as uow, pytest.raises(StorageError):
        uow.journal.get(e.id)


def test_ciphertext_format_and_associated_data(store: Store, key_file: Path) -> None:
    """1 version byte, 12-byte nonce, AES-256-GCM; AD = midweek/v1|table|column|uid."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    with store.unit_of_work() as uow:
        e = uow.journal.add(JournalEntry(text="hello", written_at=T0, tags=["a", "b"]))
        uow.commit()
    uid, blob, tags = sql(store, f"SELECT uid, text, tags FROM journal_entry WHERE id = {e.id}")[0]
    person_uid, wrapped = sql(store, "SELECT uid, wrapped_key FROM person")[0]
    kek = crypto.read_key_file(key_file)
    assert kek is not None and len(kek) == 32
    wrapped = bytes(wrapped)
    data_key = AESGCM(kek).decrypt(
        wrapped[1:13], wrapped[13:], b"midweek/v1|person-key|" + person_uid.encode()
    )
    assert len(data_key) == 32
    blob, tags = bytes(blob), bytes(tags)
    assert blob[0] == 1 and len(blob) == 1 + 12 + len("hello") + 16
    ad = f"midweek/v1|journal_entry|text|{uid}".encode()
    assert AESGCM(data_key).decrypt(blob[1:13], blob[13:], ad) == b"hello"
    tags_ad = f"midweek/v1|journal_entry|tags|{uid}".encode()
    assert json.loads(AESGCM(data_key).decrypt(tags[1:13], tags[13:], tags_ad)) == ["a", "b"]
    # Two encryptions of the same text differ (random nonce).
    with store.unit_of_work() as uow:
        e2 = uow.journal.add(JournalEntry(text="hello", written_at=T0))
        uow.commit()
    (blob2,) = sql(store, f"SELECT text FROM journal_entry WHERE id = {e2.id}")[0]
    assert bytes(blob2)[1:] != blob[1:]


# --- the key file ---------------------------------------------------------------------


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o077])
def test_key_file_is_private_whatever_the_umask(
    tmp_path: Path, store_factory: Any, umask: int
) -> None:
    key = tmp_path / "conf" / "deeper" / "midweek.key"
    old = os.umask(umask)
    try:
        store_factory(str(tmp_path / "db" / "m.db"), key)
    finally:
        os.umask(old)
    assert _mode(key) == 0o600
    assert _mode(key.parent) == 0o700
    assert _mode(key.parent.parent) == 0o700
    assert _mode(tmp_path / "db") == 0o700
    assert _mode(tmp_path / "db" / "m.db") == 0o600
    text = key.read_text()
    assert text.startswith("# midweek encryption key") and "do not share" in text
    assert not [p for p in key.parent.iterdir() if p.name != key.name]  # no temp files left


def test_the_key_file_is_created_once_and_reused(
    sqlite_url: str, key_file: Path, store_factory: Any
) -> None:
    store_factory(sqlite_url).close()
    first = key_file.read_bytes()
    store_factory(sqlite_url)
    assert key_file.read_bytes() == first


def test_missing_key_file_with_existing_data(
    db_url: str, key_file: Path, store_factory: Any
) -> None:
    s = store_factory(db_url)
    with s.unit_of_work() as uow:
        uow.journal.add(JournalEntry(text="secret", written_at=T0))
        uow.commit()
    s.close()
    key_file.unlink()
    before = Path(db_url).read_bytes() if not db_url.startswith("postgresql") else None
    with pytest.raises(EncryptionKeyError) as caught:
        open_store(db_url, key_file)
    assert str(caught.value) == (
        f"The encryption key file {key_file} is missing. Your data cannot be read without it; "
        "if you moved it, point MIDWEEK_KEY_FILE at it."
    )
    assert not key_file.exists(), "a new key file must never be made for existing data"
    if before is not None:
        assert Path(db_url).read_bytes() == before


def test_wrong_key_file(db_url: str, key_file: Path, tmp_path: Path, store_factory: Any) -> None:
    store_factory(db_url).close()
    other = tmp_path / "other" / "midweek.key"
    crypto.create_key_file(other)
    with pytest.raises(EncryptionKeyError, match="does not open the database"):
        open_store(db_url, other)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not base64 at all\n",
        b"# header only\n",
        base64.b64encode(b"short") + b"\n",
        b"\xff\xfe garbage",
    ],
)
def test_damaged_key_file(
    sqlite_url: str, key_file: Path, store_factory: Any, content: bytes
) -> None:
    store_factory(sqlite_url).close()
    key_file.write_bytes(content)
    with pytest.raises(EncryptionKeyError, match="is damaged"):
        open_store(sqlite_url, key_file)
    assert key_file.read_bytes() == content


def test_unreadable_key_file(sqlite_url: str, key_file: Path) -> None:
    key_file.mkdir(parents=True)  # a folder where the file should be
    with pytest.raises(EncryptionKeyError, match="cannot be read"):
        open_store(sqlite_url, key_file)


def test_one_key_file_serves_two_databases_with_their_own_data_keys(
    tmp_path: Path, key_file: Path, store_factory: Any
) -> None:
    a = store_factory(str(tmp_path / "a.db"))
    b = store_factory(str(tmp_path / "b.db"))
    (wa,) = sql(a, "SELECT wrapped_key FROM person")[0]
    (wb,) = sql(b, "SELECT wrapped_key FROM person")[0]
    assert bytes(wa) != bytes(wb)
    with a.unit_of_work() as uow:
        uow.journal.add(JournalEntry(text="in a", written_at=T0))
        uow.commit()
    with a.unit_of_work() as uow:
        assert uow.journal.list()[0].text == "in a"
