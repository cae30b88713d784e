"""`prep`: the report for the next session — preview it, leave things out, then write it."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from midweek import messages
from midweek.cli.console import (
    AppState,
    JsonFlag,
    day,
    emit_json,
    handled,
    interactive,
    say,
    state,
    to_jsonable,
    write_private,
)
from midweek.domain.errors import ValidationError
from midweek.domain.safety import CrisisResources


class Format(StrEnum):
    TERMINAL = "terminal"
    MARKDOWN = "markdown"
    HTML = "html"
    PDF = "pdf"


def _support(st: AppState) -> CrisisResources:
    from midweek.cli.support import support_for

    resources: CrisisResources = support_for(st)
    return resources


def _render(view: object, fmt: Format) -> str | bytes:
    if fmt is Format.MARKDOWN:
        from midweek.reports.markdown import render_markdown

        return render_markdown(view)  # type: ignore[arg-type]
    if fmt is Format.HTML:
        from midweek.reports.html import render_html

        return render_html(view)  # type: ignore[arg-type]
    if fmt is Format.PDF:
        from midweek.reports.pdf import render_pdf

        return render_pdf(view)  # type: ignore[arg-type]
    from midweek.reports.terminal import render_terminal

    return render_terminal(view)  # type: ignore[arg-type]


@handled
def prep(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Start of the report (default: your last session day)."),
    ] = None,
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="terminal, markdown, html or pdf.")
    ] = Format.TERMINAL,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write to this file (needed for pdf).")
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude",
            "-x",
            help=(
                "Leave out a section (journal), one item (journal:45) or a kind wherever it "
                "shows (phq9, gad7, mood); repeat for more."
            ),
        ),
    ] = None,
    include: Annotated[
        list[str] | None,
        typer.Option(
            "--include",
            "-i",
            help=(
                "Add what is left out unless you ask: safety (your answers to the PHQ-9 "
                "question about hurting yourself, and how often you noted very hard moments)."
            ),
        ),
    ] = None,
    list_items: Annotated[
        bool, typer.Option("--list-items", help="Show what is in the report, with ids.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing --out file.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Your prep for the next session: practice, small wins, what got in the way, journal
    entries to bring, insights, questions, scores and mood. You choose what stays in."""
    from midweek.reports.view import build_view, item_ids, kind_ids
    from midweek.services.prep import build_prep

    st = state(ctx)
    if fmt is Format.PDF and out is None and not list_items:
        raise ValidationError(messages.PREP_PDF_NEEDS_OUT, field="out")
    if out is not None and out.exists() and not force and not list_items:
        raise ValidationError(messages.file_exists(out), field="out")
    data = build_prep(st.uow(), now=st.now(), since=day(st, since, what="--since date"))
    if data.is_empty:
        if as_json:
            emit_json({"empty": True, "message": messages.PREP_EMPTY})
        else:
            say(messages.PREP_EMPTY)
        return
    # Crisis contacts stand beside the risk items, which are in only when added.
    support = _support(st) if include else None
    view = build_view(data, exclude=exclude or (), support=support, include=include or ())

    if list_items:
        ids = item_ids(view) | kind_ids(view)
        if as_json:
            emit_json({"items": [{"id": k, "label": v} for k, v in ids.items()]})
            return
        say(messages.PREP_PREVIEW)
        for ident, label in ids.items():
            say(f"  {ident:<24} {label}")
        return

    if fmt is not Format.TERMINAL and not exclude and not as_json and interactive():
        say(messages.PREP_PREVIEW)
        for ident, label in (item_ids(view) | kind_ids(view)).items():
            say(f"  {ident:<24} {label}")
        while True:
            answer = typer.prompt(messages.PREP_LEAVE_OUT, default="", show_default=False)
            try:
                view = build_view(
                    data, exclude=answer.split(), support=support, include=include or ()
                )
                break
            except ValidationError as err:
                say(str(err))

    if as_json and out is None:
        emit_json(
            {
                "title": view.title,
                "period": view.period,
                "excluded": sorted(view.excluded),
                "sections": to_jsonable(list(view.sections)),
            }
        )
        return
    rendered = _render(view, fmt)
    if out is None:
        typer.echo(rendered, nl=False)
        return
    payload = rendered if isinstance(rendered, bytes) else rendered.encode("utf-8")
    write_private(out, payload, what="report")  # plain text: 0600
    if as_json:
        emit_json({"written": str(out), "format": fmt.value, "excluded": sorted(view.excluded)})
    else:
        say(messages.prep_written(out))
