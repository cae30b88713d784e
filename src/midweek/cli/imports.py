"""`import`: bring in a journal from jrnl, Day One, Daylio or FreeCBT/Quirk."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from midweek import messages
from midweek.cli.console import JsonFlag, emit_json, fmt_when, handled, lazy_module, say, state

if TYPE_CHECKING:
    from midweek.services import imports as imp
else:  # loaded on first use, so other commands do not pay for the parsers
    imp = lazy_module("midweek.services.imports")


@handled
def import_cmd(
    ctx: typer.Context,
    fmt: Annotated[
        str, typer.Argument(metavar="FORMAT", help="jrnl, dayone, daylio or freecbt (Quirk).")
    ],
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="The export file (Day One: its .zip).")
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would come in; write nothing.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Import a journal from another app; importing the same file again adds nothing twice."""
    from midweek.domain.errors import ValidationError
    from midweek.domain.imports import MAX_FILE_BYTES, parse_format

    form = parse_format(fmt)
    try:
        if file.stat().st_size > MAX_FILE_BYTES:
            raise ValidationError(
                "This file is larger than 20 MB, which is more than I can import at once."
            )
        data = file.read_bytes()
    except OSError:
        raise ValidationError(messages.IMPORT_FILE_UNREADABLE, field="file") from None
    st = state(ctx)
    summary = imp.import_file(st.uow(), form, data, zone=st.zone(), now=st.now(), dry_run=dry_run)
    if as_json:
        emit_json(summary)
        return
    counts = {k.value: n for k, n in summary.new.items()}
    say(messages.import_headline(counts, written=summary.written), bold=True)
    for line in summary.first:
        say(
            f"  {fmt_when(line.at)}  {messages.import_kind(line.kind.value) + ':':<16} {line.title}"
        )
    if summary.total > len(summary.first):
        say(f"  … and {summary.total - len(summary.first)} more")
    if summary.duplicates:
        say(messages.import_duplicates(summary.duplicates))
    if summary.photos_left_out:
        say(messages.import_photos(summary.photos_left_out))
    for note in summary.notes:
        say(note)
    if not summary.written and summary.total:
        say(messages.IMPORT_DRY_RUN, dim=True)
