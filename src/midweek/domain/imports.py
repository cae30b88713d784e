"""Reading other apps' exports: jrnl, Day One, Daylio and FreeCBT/Quirk.

Plain Python (standard library only) over the bytes of a file: no I/O, no storage. Each
reader turns a file into a list of :class:`Item` (a journal entry, a mood check-in or a
thought record) with an ``identity``: what makes the item the same item the next time
the same file (or a later export of the same journal) is imported. The services key a
fingerprint of it with the person's own key.

A file that is not what it claims to be raises ``ValidationError`` with one sentence;
nothing is half-read: either the whole file reads, or none of it is used.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, tzinfo
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from midweek.domain.errors import ValidationError


class Format(StrEnum):
    JRNL = "jrnl"
    DAYONE = "dayone"
    DAYLIO = "daylio"
    FREECBT = "freecbt"


class ItemKind(StrEnum):
    JOURNAL = "journal"
    CHECKIN = "checkin"
    WORKSHEET = "worksheet"


#: The largest file accepted (the web upload page says the same), and the largest JSON
#: inside a Day One zip once unpacked: a guard against a zip that unpacks to gigabytes.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024

#: Daylio's five default moods onto midweek's 0–10 mood: the 0–10 scale cut into five equal
#: bands, each mood at its band's middle (awful 1, bad 3, meh 5, good 7, rad 9).
DAYLIO_MOODS: dict[str, int] = {"awful": 1, "bad": 3, "meh": 5, "good": 7, "rad": 9}

#: The tag a starred entry (jrnl, Day One) gets: midweek has no star of its own.
STARRED_TAG = "starred"

#: The thought-record worksheet the FreeCBT/Quirk records fill.
THOUGHT_RECORD = "thought-record"


@dataclass(frozen=True)
class Item:
    kind: ItemKind
    at: datetime  # aware
    identity: str  # stable across re-imports of the same export
    text: str = ""  # journal text; the check-in's note; the worksheet's note
    tags: tuple[str, ...] = ()
    mood: int | None = None
    answers: dict[str, object] | None = None  # a worksheet's answers by field name

    @property
    def title(self) -> str:
        """A short line to show in a preview: the first line, cut at 60 characters."""
        source = self.text
        if self.answers:
            source = str(self.answers.get("automatic_thought") or "")
        first = source.strip().splitlines()[0] if source.strip() else ""
        return first if len(first) <= 60 else first[:59].rstrip() + "…"


@dataclass(frozen=True)
class Parsed:
    format: Format
    items: list[Item]
    #: Photos in the export that are not imported (Day One), counted for the summary.
    photos_left_out: int = 0
    #: Other notes for the summary, e.g. Daylio moods outside the five defaults.
    notes: list[str] = field(default_factory=list)


def _refuse(what: str) -> ValidationError:
    return ValidationError(what, field="file")


def parse_format(name: str) -> Format:
    """The format named (any case); ValidationError naming the four known ones."""
    key = name.strip().lower().replace("-", "").replace(" ", "")
    aliases = {"dayone": Format.DAYONE, "quirk": Format.FREECBT}
    try:
        return aliases.get(key) or Format(key)
    except ValueError:
        raise _refuse(
            f"I don't know the format “{name}”; I can read jrnl, dayone, daylio and freecbt."
        ) from None


def parse(fmt: Format, data: bytes, *, zone: tzinfo) -> Parsed:
    """Every item in ``data``, an export in ``fmt``; times without a zone are read in
    ``zone`` (the person's). ValidationError with one sentence when the file does not read."""
    if len(data) > MAX_FILE_BYTES:
        raise _refuse("This file is larger than 20 MB, which is more than I can import at once.")
    if not data.strip():
        raise _refuse("This file is empty, so there is nothing to import.")
    readers = {
        Format.JRNL: _jrnl,
        Format.DAYONE: _dayone,
        Format.DAYLIO: _daylio,
        Format.FREECBT: _freecbt,
    }
    return readers[fmt](data, zone)


def _text(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refuse(f"This file is not a {what} export: it is not UTF-8 text.") from None


def _json(text: str, what: str) -> Any:
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        raise _refuse(f"This file is not a {what} export: its JSON is damaged.") from None


def _str(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _clean_tags(raw: object, *, starred: bool = False) -> tuple[str, ...]:
    out: list[str] = []
    for tag in raw if isinstance(raw, list) else []:
        name = _str(tag).lstrip("@#").strip().lower()
        if name and name not in out:
            out.append(name)
    if starred and STARRED_TAG not in out:
        out.append(STARRED_TAG)
    return tuple(out)


# --- jrnl -----------------------------------------------------------------------------

# jrnl's text export: "[2024-03-01 08:30] The title" (a trailing "*" marks a star), then
# the body on the following lines.
_JRNL_HEADER = re.compile(r"^\[(\d{4}-\d{2}-\d{2}) (\d{1,2}:\d{2})(?::\d{2})?\] ?(.*)$")
_JRNL_TAG = re.compile(r"(?<![\w@])@([\w-]+)")


def _jrnl(data: bytes, zone: tzinfo) -> Parsed:
    text = _text(data, "jrnl")
    if text.lstrip().startswith("{"):
        return _jrnl_json(_json(text, "jrnl"), zone)
    items: list[Item] = []
    head: tuple[str, str, str] | None = None
    body: list[str] = []

    def flush() -> None:
        if head is None:
            return
        day, clock, title = head
        starred = title.endswith("*")
        title = title.removesuffix("*").rstrip()
        items.append(_jrnl_item(day, clock, title, "\n".join(body).strip(), None, starred, zone))

    for line in text.splitlines():
        match = _JRNL_HEADER.match(line)
        if match:
            flush()
            head, body = (match[1], match[2], match[3].strip()), []
        elif head is None:
            if line.strip():
                raise _refuse(
                    "This file is not a jrnl export: its first entry should start with a "
                    "date like [2024-03-01 08:30]."
                )
        else:
            body.append(line)
    flush()
    if not items:
        raise _refuse("This jrnl file holds no entries, so there is nothing to import.")
    return Parsed(Format.JRNL, items)


def _jrnl_json(doc: Any, zone: tzinfo) -> Parsed:
    entries = doc.get("entries") if isinstance(doc, dict) else None
    if not isinstance(entries, list):
        raise _refuse("This file is not a jrnl export: it has no list of entries.")
    items = []
    for n, e in enumerate(entries, start=1):
        if not isinstance(e, dict) or not _str(e.get("date")) or not _str(e.get("time")):
            raise _refuse(f"This jrnl file is damaged: entry {n} has no date and time.")
        items.append(
            _jrnl_item(
                _str(e.get("date")),
                _str(e.get("time")),
                _str(e.get("title")),
                _str(e.get("body")),
                e.get("tags"),
                e.get("starred") is True,
                zone,
                n,
            )
        )
    return Parsed(Format.JRNL, items)


def _jrnl_item(
    day: str,
    clock: str,
    title: str,
    body: str,
    tags: object,
    starred: bool,
    zone: tzinfo,
    n: int | None = None,
) -> Item:
    at = _local(day, clock, zone, f"jrnl entry {n}" if n else f"jrnl entry of {day}")
    text = f"{title}\n{body}".strip() if body else title
    if not text:
        raise _refuse(f"This jrnl file is damaged: its entry of {day} {clock} has no words.")
    found = tags if isinstance(tags, list) else _JRNL_TAG.findall(text)
    # jrnl's own identity for an entry is its moment and its words.
    return Item(
        ItemKind.JOURNAL,
        at,
        identity=f"{at:%Y-%m-%d %H:%M}|{text}",
        text=text,
        tags=_clean_tags(found, starred=starred),
    )


def _local(day: str, clock: str, zone: tzinfo, where: str) -> datetime:
    try:
        d = date.fromisoformat(day)
        c = _clock(clock)
    except ValueError:
        raise _refuse(f"This file is damaged: the date of {where} does not read.") from None
    return datetime.combine(d, c, tzinfo=zone)


_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::\d{2})?\s*([ap]\.?m\.?)?$", re.IGNORECASE)


def _clock(text: str) -> time:
    match = _CLOCK.match(text.strip())
    if not match:
        raise ValueError(text)
    hour, minute = int(match[1]), int(match[2])
    if match[3]:
        if not 1 <= hour <= 12:
            raise ValueError(text)
        hour = hour % 12 + (12 if match[3].lower().startswith("p") else 0)
    return time(hour, minute)


# --- Day One --------------------------------------------------------------------------

# A photo or other attachment in Day One's Markdown: ![](dayone-moment://UUID)
_MOMENT = re.compile(r"!\[[^\]]*\]\(dayone-moment:/*[^)]*\)")


def _dayone(data: bytes, zone: tzinfo) -> Parsed:
    if not data.startswith(b"PK"):
        raise _refuse("This file is not a Day One export: it should be the .zip Day One made.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        docs = []
        for info in archive.infolist():
            if "/" in info.filename.strip("/") or not info.filename.endswith(".json"):
                continue  # photos/, videos/ … are left out
            if info.file_size > MAX_UNPACKED_BYTES:
                raise _refuse("This Day One export unpacks to more than I can import at once.")
            docs.append(_json(_text(archive.read(info), "Day One"), "Day One"))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as err:
        if isinstance(err, ValidationError):
            raise
        raise _refuse("This Day One export is damaged: the zip does not open.") from None
    entries: list[Any] = []
    for doc in docs:
        if isinstance(doc, dict) and isinstance(doc.get("entries"), list):
            entries.extend(doc["entries"])
    if not docs or not any(isinstance(d, dict) and "entries" in d for d in docs):
        raise _refuse("This zip is not a Day One export: it holds no Journal.json.")
    items, photos = [], 0
    for n, e in enumerate(entries, start=1):
        if not isinstance(e, dict):
            raise _refuse(f"This Day One export is damaged: entry {n} is not an entry.")
        photos += len(e["photos"]) if isinstance(e.get("photos"), list) else 0
        at = _dayone_moment(e, n)
        text = _MOMENT.sub("", _str(e.get("text"))).strip()
        if not text:
            continue  # a photo-only entry: nothing to import once its photos are left out
        uuid = _str(e.get("uuid"))
        items.append(
            Item(
                ItemKind.JOURNAL,
                at,
                identity=uuid or f"{at.isoformat()}|{text}",
                text=text,
                tags=_clean_tags(e.get("tags"), starred=e.get("starred") is True),
            )
        )
    return Parsed(Format.DAYONE, items, photos_left_out=photos)


def _dayone_moment(e: dict[str, Any], n: int) -> datetime:
    raw = _str(e.get("creationDate"))
    try:
        at = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise _refuse(f"This Day One export is damaged: entry {n} has no date.") from None
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    try:  # shown in the zone it was written in
        return at.astimezone(ZoneInfo(_str(e.get("timeZone")))) if e.get("timeZone") else at
    except (ZoneInfoNotFoundError, ValueError):
        return at


# --- Daylio ---------------------------------------------------------------------------


def _daylio(data: bytes, zone: tzinfo) -> Parsed:
    text = _text(data, "Daylio")
    try:
        rows = list(csv.DictReader(io.StringIO(text)))
    except csv.Error:
        raise _refuse("This file is not a Daylio export: its CSV is damaged.") from None
    if not rows:
        raise _refuse("This Daylio file holds no entries, so there is nothing to import.")
    if not {"full_date", "time", "mood"} <= set(rows[0]):
        raise _refuse(
            "This file is not a Daylio export: it should have the columns full_date, time and mood."
        )
    items: list[Item] = []
    other_moods: list[str] = []
    for n, row in enumerate(rows, start=2):  # line 1 is the header
        if None in row:  # more cells than the header has columns
            raise _refuse(f"This Daylio file is damaged: line {n} has extra cells.")
        at = _local(_str(row.get("full_date")), _str(row.get("time")), zone, f"line {n}")
        mood_name = _str(row.get("mood")).lower()
        if mood_name not in DAYLIO_MOODS:
            if mood_name and mood_name not in other_moods:
                other_moods.append(mood_name)
            continue
        mood = DAYLIO_MOODS[mood_name]
        activities = tuple(
            a for a in (_str(x) for x in _str(row.get("activities")).split("|")) if a
        )
        note = "\n".join(p for p in (_str(row.get("note_title")), _note(row.get("note"))) if p)
        identity = f"{at:%Y-%m-%d %H:%M}|{mood_name}|{'|'.join(activities)}|{note}"
        check_note = "\n".join(p for p in (note, _activities_line(activities)) if p)
        items.append(Item(ItemKind.CHECKIN, at, identity=identity, text=check_note, mood=mood))
        if note:
            items.append(
                Item(
                    ItemKind.JOURNAL,
                    at,
                    identity=identity,
                    text=note,
                    tags=_clean_tags(list(activities)),
                    mood=mood,
                )
            )
    notes = []
    if other_moods:
        notes.append(
            "Moods of your own naming were left out, as I can't place them on the 0–10 "
            f"scale: {', '.join(other_moods)}."
        )
    return Parsed(Format.DAYLIO, items, notes=notes)


def _note(value: object) -> str:
    # Daylio keeps a little formatting in notes as HTML (<br>, <b>).
    text = re.sub(r"<br\s*/?>", "\n", _str(value), flags=re.IGNORECASE)
    return re.sub(r"<[^>]+>", "", text).strip()


def _activities_line(activities: tuple[str, ...]) -> str:
    return f"Activities: {', '.join(activities)}" if activities else ""


# --- FreeCBT / Quirk ------------------------------------------------------------------


def _freecbt(data: bytes, zone: tzinfo) -> Parsed:
    doc = _json(_text(data, "FreeCBT"), "FreeCBT")
    # An array of thoughts, or (as the app's storage holds them) an object by key.
    if isinstance(doc, dict) and isinstance(doc.get("thoughts"), list):
        doc = doc["thoughts"]
    if isinstance(doc, dict):  # stored by key, beside the app's other settings: only thoughts
        doc = [v for v in doc.values() if isinstance(v, dict) and "automaticThought" in v]
    thoughts = doc
    if not isinstance(thoughts, list) or not thoughts:
        raise _refuse("This file is not a FreeCBT export: it holds no thought records.")
    items = []
    for n, th in enumerate(thoughts, start=1):
        if not isinstance(th, dict) or "automaticThought" not in th:
            raise _refuse(f"This FreeCBT file is damaged: record {n} has no automatic thought.")
        at = _moment(th.get("createdAt"), n)
        distortions = [
            _str(d.get("label")) if isinstance(d, dict) else _str(d)
            for d in th.get("cognitiveDistortions") or []
            if not isinstance(d, dict) or d.get("selected", True)
        ]
        answers: dict[str, object] = {
            "situation": None,
            "automatic_thought": _str(th.get("automaticThought")) or None,
            "emotion": None,
            "intensity_before": None,
            "evidence_for": None,
            "evidence_against": _str(th.get("challenge")) or None,
            "balanced_thought": _str(th.get("alternativeThought")) or None,
            "intensity_after": None,
        }
        note = f"Thinking traps: {', '.join(d for d in distortions if d)}" if distortions else ""
        uuid = _str(th.get("uuid"))
        items.append(
            Item(
                ItemKind.WORKSHEET,
                at,
                identity=uuid or f"{at.isoformat()}|{answers['automatic_thought']}",
                text=note,
                answers=answers,
            )
        )
    return Parsed(Format.FREECBT, items)


def _moment(raw: object, n: int) -> datetime:
    try:
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            return datetime.fromtimestamp(raw / 1000, UTC)  # JavaScript milliseconds
        at = datetime.fromisoformat(_str(raw).replace("Z", "+00:00"))
    except (ValueError, OverflowError, OSError):
        raise _refuse(f"This FreeCBT file is damaged: record {n} has no date.") from None
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)
