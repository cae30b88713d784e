"""Everything out: one ZIP of all of a person's data, readable without midweek.

Inside: ``README.txt`` (what each file is), ``journal/`` with one Markdown file per entry,
``records.json`` (every record, decrypted, by kind), ``midweek-backup.json`` (the backup
format: restores exactly, with the key file), and, when their libraries are installed, the
FHIR bundle and the current prep report as PDF (the shell renders it: reports are a
sibling layer). The archive is not encrypted: the shells say so and write it privately.
"""

from __future__ import annotations

import dataclasses
import io
import json
import zipfile
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any

from midweek import messages
from midweek.domain.entities import JournalEntry
from midweek.domain.worksheets import Template
from midweek.services.ports import UnitOfWork

#: A fixed time for every member, so the same data gives the same bytes.
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    return value


def records_json(records: dict[str, list[Any]]) -> bytes:
    """Every record by kind as indented JSON (dates in ISO 8601)."""
    return json.dumps(_plain(records), indent=1, ensure_ascii=False, sort_keys=True).encode()


def entry_markdown(entry: JournalEntry) -> str:
    """One journal entry as Markdown: its moment as the heading, then what it holds."""
    lines = [f"# {messages.when(entry.written_at, 'long-time')}", ""]
    if entry.prompt:
        lines += [f"*Prompt: {entry.prompt}*", ""]
    if entry.tags:
        lines += ["Tags: " + ", ".join(f"#{t}" for t in entry.tags), ""]
    if entry.mood is not None:
        lines += [f"Mood: {entry.mood}/10", ""]
    lines += [entry.text.rstrip(), ""]
    return "\n".join(lines)


def entry_name(entry: JournalEntry) -> str:
    return f"journal/{entry.written_at:%Y-%m-%d-%H%M}-{entry.id or 0}.md"


def build_archive(
    *,
    readme: str,
    journal: tuple[JournalEntry, ...],
    records: dict[str, list[Any]],
    backup: bytes,
    fhir: bytes | None,
    prep_pdf: bytes | None,
) -> bytes:
    """The ZIP's bytes; ``fhir`` / ``prep_pdf`` None leave those files out."""
    members: list[tuple[str, bytes]] = [("README.txt", readme.encode())]
    members += [(entry_name(e), entry_markdown(e).encode()) for e in journal]
    members += [("records.json", records_json(records)), ("midweek-backup.json", backup)]
    if fhir is not None:
        members.append(("fhir-bundle.json", fhir))
    if prep_pdf is not None:
        members.append(("prep-report.pdf", prep_pdf))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            zf.writestr(info, data)
    return out.getvalue()


def everything_zip(
    uow: UnitOfWork,
    *,
    now: datetime,
    readme: str,
    templates: Mapping[str, Template],
    prep_pdf: bytes | None,
) -> tuple[bytes, dict[str, int]]:
    """Gather and pack all of the person's data; the ZIP and a count of what is in it.

    The FHIR bundle is left out when ``fhir.resources`` (an extra) is not installed.
    """
    from midweek.services.backup import make_backup
    from midweek.services.export_data import gather_everything, gather_fhir

    everything = gather_everything(uow)
    backup = make_backup(uow, now=now)
    fhir: bytes | None = None
    try:
        from midweek.exports.fhir import to_fhir_bundle

        fhir = to_fhir_bundle(gather_fhir(uow, templates=templates), now=now)
    except ImportError:
        pass
    data = build_archive(
        readme=readme,
        journal=everything.journal,
        records=everything.records,
        backup=backup,
        fhir=fhir,
        prep_pdf=prep_pdf,
    )
    counts = {kind: len(rows) for kind, rows in everything.records.items()}
    return data, counts
