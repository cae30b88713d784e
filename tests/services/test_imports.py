"""Importing from jrnl, Day One, Daylio and FreeCBT: each format, no duplicates, damage."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from midweek.domain.entities import CheckinKind
from midweek.domain.errors import ValidationError
from midweek.domain.imports import DAYLIO_MOODS, Format, ItemKind, parse, parse_format
from midweek.services.imports import import_file
from midweek.storage import Store

DATA = Path(__file__).resolve().parents[1] / "data" / "import"
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def _file(name: str) -> bytes:
    return (DATA / name).read_bytes()


def _run(store: Store, fmt: str, data: bytes, *, dry_run: bool = False):  # type: ignore[no-untyped-def]
    return import_file(
        store.unit_of_work(), parse_format(fmt), data, zone=LONDON, now=NOW, dry_run=dry_run
    )


def _counts(store: Store) -> tuple[int, int, int]:
    with store.unit_of_work() as uow:
        return uow.journal.count(), len(uow.checkins.list()), len(uow.practice.list())


def test_jrnl_text_entries_with_their_tags_stars_and_local_times(store: Store) -> None:
    summary = _run(store, "jrnl", _file("jrnl.txt"))
    assert summary.new[ItemKind.JOURNAL] == 3 and summary.duplicates == 0
    with store.unit_of_work() as uow:
        entries = sorted(uow.journal.list(), key=lambda e: e.written_at)
    assert entries[0].text.startswith("Slept badly again, but got up for the walk anyway.\nOnly")
    assert entries[0].tags == ["walk", "sleep"]
    assert entries[1].tags == ["boundaries", "starred"]
    assert entries[0].written_at == datetime(2026, 10, 5, 7, 45, tzinfo=LONDON)
    assert entries[2].text == "Lunch outside."


def test_jrnl_json_export(store: Store) -> None:
    summary = _run(store, "jrnl", _file("jrnl.json"))
    assert summary.new[ItemKind.JOURNAL] == 2
    with store.unit_of_work() as uow:
        tags = sorted(tuple(e.tags) for e in uow.journal.list())
    assert tags == [("boundaries", "starred"), ("walk",)]


def test_day_one_zip_keeps_zones_and_tags_and_counts_photos_left_out(store: Store) -> None:
    summary = _run(store, "dayone", _file("dayone.zip"))
    # The third entry is a photo alone: nothing is left of it once the photo is left out.
    assert summary.new[ItemKind.JOURNAL] == 2
    assert summary.photos_left_out == 2
    with store.unit_of_work() as uow:
        first = min(uow.journal.list(), key=lambda e: e.written_at)
    assert first.written_at == datetime(2026, 9, 14, 6, 30, tzinfo=UTC)
    assert "dayone-moment" not in first.text and first.text.startswith("Morning pages")
    assert first.tags == ["morning", "gratitude", "starred"]
    # Read in the zone it was written in (02:30 in New York), whatever the person's zone.
    parsed = parse(Format.DAYONE, _file("dayone.zip"), zone=LONDON)
    assert parsed.items[0].at.utcoffset().total_seconds() == -4 * 3600  # type: ignore[union-attr]


def test_daylio_moods_become_check_ins_and_notes_journal_entries(store: Store) -> None:
    summary = _run(store, "daylio", _file("daylio.csv"))
    assert summary.new[ItemKind.CHECKIN] == 4
    assert summary.new[ItemKind.JOURNAL] == 2  # the two rows with a note
    with store.unit_of_work() as uow:
        checkins = sorted(uow.checkins.list(), key=lambda c: c.at)
        entries = sorted(uow.journal.list(), key=lambda e: e.written_at)
    assert [c.mood for c in checkins] == [9, 1, 5, 7]  # rad, awful, meh, good
    assert all(c.kind is CheckinKind.MOOD for c in checkins)
    assert checkins[0].at == datetime(2026, 10, 5, 19, 30, tzinfo=LONDON)
    assert checkins[2].note == "Activities: work, bad sleep"
    assert entries[1].text == "Dinner with Sam\nLaughed more than I have in weeks.\nHome by ten."
    assert entries[1].tags == ["friends", "walk", "good meal"] and entries[1].mood == 7


def test_daylio_scale_is_five_equal_bands_of_zero_to_ten() -> None:
    assert list(DAYLIO_MOODS.values()) == [1, 3, 5, 7, 9]


def test_daylio_moods_of_ones_own_naming_are_left_out_and_said(store: Store) -> None:
    data = b"full_date,date,weekday,time,mood,activities,note_title,note\n" + (
        b'2026-10-07,October 7,Wednesday,21:15,sleepy,"",,""\n'
        b'2026-10-08,October 8,Thursday,21:15,good,"",,""\n'
    )
    summary = _run(store, "daylio", data)
    assert summary.new[ItemKind.CHECKIN] == 1
    assert "sleepy" in summary.notes[0]


def test_freecbt_thought_records_fill_the_thought_record_worksheet(store: Store) -> None:
    summary = _run(store, "freecbt", _file("freecbt.json"))
    assert summary.new[ItemKind.WORKSHEET] == 2
    with store.unit_of_work() as uow:
        logs = sorted(uow.practice.list(), key=lambda p: p.at)
    assert logs[0].worksheet == "thought-record"
    assert logs[0].answers is not None
    assert logs[0].answers["automatic_thought"] == (
        "Everyone at the meeting thought my idea was stupid."
    )
    assert logs[0].answers["balanced_thought"].startswith("Some liked it")  # type: ignore[union-attr]
    assert logs[0].answers["evidence_against"].startswith("Two people")  # type: ignore[union-attr]
    # Only the distortions chosen in the app, named in the note.
    assert logs[0].note == "Thinking traps: Mind Reading, Catastrophizing"
    assert logs[0].at == datetime(2026, 10, 2, 17, 20, tzinfo=UTC)


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("jrnl", "jrnl.txt"),
        ("jrnl", "jrnl.json"),
        ("dayone", "dayone.zip"),
        ("daylio", "daylio.csv"),
        ("freecbt", "freecbt.json"),
    ],
)
def test_a_second_run_imports_nothing(store: Store, fmt: str, name: str) -> None:
    first = _run(store, fmt, _file(name))
    before = _counts(store)
    again = _run(store, fmt, _file(name))
    assert first.total > 0
    assert again.total == 0 and again.duplicates == first.total
    assert _counts(store) == before


def test_a_later_export_brings_in_only_the_new_entries(store: Store) -> None:
    _run(store, "jrnl", _file("jrnl.txt"))
    later = _file("jrnl.txt") + b"\n[2026-10-09 18:00] A new one.\n"
    summary = _run(store, "jrnl", later)
    assert summary.new[ItemKind.JOURNAL] == 1 and summary.duplicates == 3


def test_a_dry_run_writes_nothing_and_previews_what_would_come(store: Store) -> None:
    summary = _run(store, "daylio", _file("daylio.csv"), dry_run=True)
    assert _counts(store) == (0, 0, 0)
    assert not summary.written and summary.total == 6
    assert [line.at for line in summary.first] == sorted(line.at for line in summary.first)
    # and the real run afterwards still imports everything
    assert _run(store, "daylio", _file("daylio.csv")).total == 6


def test_fingerprints_are_keyed_per_person_not_plain_hashes(store: Store) -> None:
    import hashlib

    _run(store, "jrnl", _file("jrnl.txt"))
    rows = store.db.execute_sql("SELECT fingerprint FROM import_mark").fetchall()
    assert len(rows) == 3
    prints = {r[0] for r in rows}
    identity = "midweek-import/v1|jrnl|journal|2026-10-08 12:30|Lunch outside."
    assert hashlib.sha256(identity.encode()).hexdigest() not in prints
    with store.unit_of_work() as uow:
        assert uow.imports.fingerprint(identity) in prints
    other = store.unit_of_work(_second_person(store))
    with other as uow:
        assert uow.imports.fingerprint(identity) not in prints


def _second_person(store: Store) -> int:
    with store.unit_of_work() as uow:
        pid = uow.create_person()  # type: ignore[attr-defined]
        uow.commit()
    return pid


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, body in files.items():
            z.writestr(name, body)
    return buf.getvalue()


DAMAGED = [
    ("jrnl", b"just some words\nwith no dates\n", "first entry should start with a date"),
    ("jrnl", b'{"entries": [{"title": "x"}]}', "entry 1 has no date"),
    ("jrnl", b'{"entries": [', "JSON is damaged"),
    ("jrnl", b"\xff\xfe\x00garbage", "not UTF-8"),
    ("dayone", b"PK\x03\x04 broken zip", "zip does not open"),
    ("dayone", b'{"entries": []}', "should be the .zip"),
    ("dayone", _zip({"photos/a.jpeg": b"x"}), "holds no Journal.json"),
    ("dayone", _zip({"Journal.json": b"{not json"}), "JSON is damaged"),
    (
        "dayone",
        _zip({"Journal.json": b'{"entries": [{"text": "hi", "creationDate": "soon"}]}'}),
        "entry 1 has no date",
    ),
    ("daylio", b"date,mood\n1,2\n", "should have the columns full_date"),
    (
        "daylio",
        b"full_date,date,weekday,time,mood,activities,note_title,note\n"
        b"2026-10-07,October 7,Wednesday,9:15 pm,good,,,\n"
        b"2026-13-40,x,y,9:15 pm,good,,,\n",
        "line 3 does not read",
    ),
    ("freecbt", b'[{"createdAt": "2026-10-02T17:20:00Z"}]', "record 1 has no automatic thought"),
    ("freecbt", b"[]", "holds no thought records"),
    ("freecbt", b"", "empty"),
]


@pytest.mark.parametrize(("fmt", "data", "words"), DAMAGED)
def test_a_damaged_file_is_refused_with_one_sentence_and_nothing_written(
    store: Store, fmt: str, data: bytes, words: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        _run(store, fmt, data)
    assert words in str(caught.value)
    assert str(caught.value).count(". ") == 0 and str(caught.value).endswith(".")
    assert _counts(store) == (0, 0, 0)
    assert store.db.execute_sql("SELECT count(*) FROM import_mark").fetchone()[0] == 0


def test_an_unknown_format_names_the_known_ones() -> None:
    with pytest.raises(ValidationError, match="jrnl, dayone, daylio and freecbt"):
        parse_format("evernote")
    assert parse_format("Day One") is Format.DAYONE and parse_format("quirk") is Format.FREECBT


def test_an_entry_too_long_refuses_the_whole_file(store: Store) -> None:
    data = _file("jrnl.txt") + b"[2026-10-09 18:00] Long.\n" + b"word " * 5000
    with pytest.raises(ValidationError, match="longer than 20,000 characters"):
        _run(store, "jrnl", data)
    assert _counts(store) == (0, 0, 0)


def test_a_restored_backup_keeps_the_marks_so_a_re_import_adds_nothing(store: Store) -> None:
    _run(store, "freecbt", _file("freecbt.json"))
    with store.unit_of_work() as uow:
        dumped = uow.dump()
    assert len(dumped["tables"]["import_mark"]) == 2
    with store.unit_of_work() as uow:
        uow.load(dumped)
        uow.commit()
    assert _run(store, "freecbt", _file("freecbt.json")).total == 0


def test_erasing_the_person_erases_their_marks(store: Store) -> None:
    _run(store, "jrnl", _file("jrnl.txt"))
    with store.unit_of_work() as uow:
        uow.erase_person()
        uow.commit()
    assert store.db.execute_sql("SELECT count(*) FROM import_mark").fetchone()[0] == 0


def test_freecbt_thoughts_stored_by_key_beside_other_settings(store: Store) -> None:
    data = (
        b'{"@Quirk:thoughts:1": {"automaticThought": "I ruin everything.", '
        b'"challenge": "I fixed the leak.", "alternativeThought": "Some things go wrong.", '
        b'"cognitiveDistortions": [], "createdAt": "2026-10-01T10:00:00Z", "uuid": "1"}, '
        b'"@Quirk:settings": {"theme": "dark"}}'
    )
    summary = _run(store, "freecbt", data)
    assert summary.new[ItemKind.WORKSHEET] == 1
    with store.unit_of_work() as uow:
        assert uow.practice.list()[0].note is None


def test_imported_words_and_a_staged_upload_are_never_stored_in_plain_text(
    sqlite_store: Store, sqlite_url: str
) -> None:
    from midweek.services.imports import stage_upload

    canary = "Zebracanary walked the quiet harbour"
    data = f"[2026-10-08 12:30] {canary}.\n".encode()
    stage_upload(sqlite_store.unit_of_work(), Format.JRNL, data, zone=LONDON, now=NOW)
    _run(sqlite_store, "jrnl", data)
    files = [Path(sqlite_url), Path(sqlite_url + "-wal")]
    for f in files:
        if f.exists():
            body = f.read_bytes()
            assert canary.encode() not in body, f.name
            assert canary.encode("utf-16-le") not in body, f.name
    with sqlite_store.unit_of_work() as uow:
        assert [e.text for e in uow.journal.list()] == [f"{canary}."]
