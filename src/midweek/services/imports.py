"""Use case: bring in what a person wrote in another app (jrnl, Day One, Daylio, FreeCBT).

One call reads the whole file first (a damaged file changes nothing), then, unless it is a
dry run, writes every new item and its fingerprint in one transaction. Each item's
fingerprint is an HMAC, keyed by the person's own key, of the format, the kind and the
item's identity in its file, so importing the same export again brings in nothing twice.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from midweek import messages
from midweek.domain import rules
from midweek.domain.entities import (
    Checkin,
    CheckinKind,
    FlagSource,
    JournalEntry,
    Outcome,
    PracticeLog,
)
from midweek.domain.errors import ValidationError
from midweek.domain.imports import THOUGHT_RECORD, Format, Item, ItemKind, parse, parse_format
from midweek.services.ports import UnitOfWork
from midweek.services.risk import assess_all, assess_text, record_flag

#: How many of the new items a preview lists.
PREVIEW_ITEMS = 5


@dataclass(frozen=True)
class PreviewLine:
    kind: ItemKind
    at: datetime
    title: str


@dataclass(frozen=True)
class ImportSummary:
    format: Format
    #: New items per kind (what was, or on a dry run would be, brought in).
    new: dict[ItemKind, int]
    #: Items already imported before (or twice in the file), skipped.
    duplicates: int
    photos_left_out: int
    first: list[PreviewLine]
    notes: list[str] = field(default_factory=list)
    written: bool = False

    @property
    def total(self) -> int:
        return sum(self.new.values())


def _key(fmt: Format, item: Item) -> str:
    return f"midweek-import/v1|{fmt.value}|{item.kind.value}|{item.identity}"


def import_file(
    uow: UnitOfWork,
    fmt: Format,
    data: bytes,
    *,
    zone: tzinfo,
    now: datetime,
    dry_run: bool = False,
    _then: Callable[[UnitOfWork], None] | None = None,
) -> ImportSummary:
    """Read ``data`` (an export in ``fmt``) and, unless ``dry_run``, keep its new items.

    ValidationError (one sentence) when the file does not read; then nothing is written.
    """
    parsed = parse(fmt, data, zone=zone)
    for item in parsed.items:  # the same limit as typing it in, before anything is written
        texts = [item.text, *(v for v in (item.answers or {}).values() if isinstance(v, str))]
        if any(len(text) > rules.MAX_TEXT for text in texts):
            raise ValidationError(messages.import_too_long(item.at, rules.MAX_TEXT), field="file")
    with uow:
        prints = [uow.imports.fingerprint(_key(fmt, item)) for item in parsed.items]
        seen = uow.imports.known(prints)
        fresh: list[tuple[Item, str]] = []
        for item, fp in zip(parsed.items, prints, strict=True):
            if fp in seen:
                continue
            seen.add(fp)
            fresh.append((item, fp))
        if not dry_run:
            for item, fp in fresh:
                uow.imports.add(fp, item.kind.value, _write(uow, item, now), at=now)
            if _then is not None:
                _then(uow)
            uow.commit()
    counts = Counter(item.kind for item, _ in fresh)
    ordered = sorted((item for item, _ in fresh), key=lambda i: i.at)
    return ImportSummary(
        format=fmt,
        new={kind: counts.get(kind, 0) for kind in ItemKind},
        duplicates=len(parsed.items) - len(fresh),
        photos_left_out=parsed.photos_left_out,
        first=[PreviewLine(i.kind, i.at, i.title) for i in ordered[:PREVIEW_ITEMS]],
        notes=parsed.notes,
        written=not dry_run,
    )


def _write(uow: UnitOfWork, item: Item, now: datetime) -> int | None:
    """Add one item inside the open unit of work; its id. Text that suggests risk records
    a flag at the item's own time, as when it is typed in."""
    if item.kind is ItemKind.JOURNAL:
        entry = JournalEntry(
            text=item.text, written_at=item.at, tags=list(item.tags), mood=item.mood
        )
        uow.journal.add(entry)
        risk = assess_text(entry.text)
        record_flag(uow, risk, source=FlagSource.JOURNAL_TEXT, at=item.at, ref_id=entry.id)
        return entry.id
    if item.kind is ItemKind.CHECKIN:
        c = Checkin(kind=CheckinKind.MOOD, at=item.at, mood=item.mood, note=item.text or None)
        uow.checkins.add(c)
        risk = assess_text(c.note)
        record_flag(uow, risk, source=FlagSource.CHECKIN_NOTE, at=item.at, ref_id=c.id)
        return c.id
    log = PracticeLog(
        assignment_id=None,
        at=item.at,
        outcome=Outcome.DONE,
        note=item.text or None,
        answers=dict(item.answers or {}),
        worksheet=THOUGHT_RECORD,
        created_at=now,
    )
    uow.practice.add(log)
    texts = [v for v in (log.answers or {}).values() if isinstance(v, str)]
    risk = assess_all([*texts, log.note])
    record_flag(uow, risk, source=FlagSource.WORKSHEET_TEXT, at=item.at, ref_id=log.id)
    return log.id


# --- the web's two steps: a preview of an uploaded file, then "Import" ------------------

#: The draft kind that holds an uploaded file between its preview and "Import" (encrypted
#: like every draft; one at a time; removed by the import or a new upload).
STAGED = "import"


def stage_upload(
    uow: UnitOfWork, fmt: Format, data: bytes, *, zone: tzinfo, now: datetime
) -> ImportSummary:
    """Preview ``data`` and keep it (encrypted) until :func:`import_staged`; a file that
    does not read is refused (ValidationError) and nothing is kept."""
    summary = import_file(uow, fmt, data, zone=zone, now=now, dry_run=True)
    body = json.dumps({"format": fmt.value, "data": base64.b64encode(data).decode("ascii")})
    with uow:
        uow.drafts.put(STAGED, body, now=now)
        uow.commit()
    return summary


def import_staged(uow: UnitOfWork, *, zone: tzinfo, now: datetime) -> ImportSummary:
    """Import the file kept by :func:`stage_upload`, and forget it in the same transaction.
    ValidationError when there is none (already imported, or never uploaded)."""
    with uow:
        draft = uow.drafts.get_kind(STAGED)
    try:
        staged = json.loads(draft.body) if draft is not None else {}
        fmt = parse_format(str(staged["format"]))
        data = base64.b64decode(staged["data"], validate=True)
    except (ValueError, KeyError, TypeError, binascii.Error, ValidationError):
        raise ValidationError(messages.IMPORT_NOTHING_STAGED, field="file") from None
    return import_file(uow, fmt, data, zone=zone, now=now, _then=lambda u: u.drafts.remove(STAGED))


def forget_staged(uow: UnitOfWork) -> None:
    with uow:
        uow.drafts.remove(STAGED)
        uow.commit()
