"""`export`: your data in formats other systems read (FHIR R4B), or all of it as a ZIP."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from midweek import messages
from midweek.cli.console import (
    AppState,
    JsonFlag,
    emit_json,
    handled,
    say,
    state,
    write_private,
)
from midweek.domain.errors import ValidationError

export_app = typer.Typer(
    help="Export your data: all of it as a ZIP, or FHIR for health records.",
    no_args_is_help=True,
)


@export_app.command("fhir")
@handled
def export_fhir(
    ctx: typer.Context,
    out: Annotated[
        Path, typer.Option("--out", help="Where to write the bundle (JSON).", metavar="FILE")
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    patient_id: Annotated[
        str | None,
        typer.Option(
            "--patient-id",
            help="A UUID to use for you in the bundle (default: a fixed pseudonym).",
            metavar="UUID",
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Write homework, worksheets and PHQ-9/GAD-7 check-ins as a FHIR R4B bundle."""
    import uuid

    st = state(ctx)
    if out.exists() and not force:
        raise ValidationError(messages.file_exists(out))
    try:
        import fhir.resources.R4B.bundle  # noqa: F401  (fail before reading anything)
    except ImportError:
        raise ValidationError(messages.FHIR_NOT_INSTALLED) from None
    from midweek.exports.fhir import DEFAULT_PATIENT_ID, resource_counts, to_fhir_bundle
    from midweek.services.export_data import gather_fhir
    from midweek.services.library import load_templates

    patient = DEFAULT_PATIENT_ID
    if patient_id is not None:
        try:
            patient = str(uuid.UUID(patient_id))
        except ValueError:
            raise ValidationError(messages.not_a_uuid(patient_id), field="patient_id") from None
    data = gather_fhir(st.uow(), templates=load_templates(st.settings.templates_dir))
    payload = to_fhir_bundle(data, now=st.now(), patient_id=patient)
    write_private(out, payload, what="export")
    counts = resource_counts(payload)
    if as_json:
        emit_json({"file": out, "bytes": len(payload), "plaintext": True, "resources": counts})
        return
    say(messages.fhir_written(out, counts))
    say(messages.EXPORT_PLAINTEXT, dim=True)


def prep_pdf_or_none(st: AppState) -> bytes | None:
    """The current prep report as PDF (risk items out, as always by default), or None when
    there is nothing to report or WeasyPrint (an extra) is not installed."""
    try:
        from midweek.reports.pdf import render_pdf
    except ImportError:
        return None
    from midweek.reports.view import build_view
    from midweek.services.prep import build_prep

    data = build_prep(st.uow(), now=st.now())
    if data.is_empty:
        return None
    try:
        return render_pdf(build_view(data))
    except ImportError:
        return None


@export_app.command("all")
@handled
def export_all(
    ctx: typer.Context,
    out: Annotated[
        Path, typer.Option("--out", help="Where to write the archive (ZIP).", metavar="FILE")
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Everything you have in midweek as one ZIP: journal as Markdown, every record as
    JSON, a backup, the FHIR bundle and your prep report as PDF."""
    from midweek.exports.archive import everything_zip
    from midweek.services.library import load_templates

    st = state(ctx)
    if out.exists() and not force:
        raise ValidationError(messages.file_exists(out))
    now = st.now()
    data, counts = everything_zip(
        st.uow(),
        now=now,
        readme=messages.ARCHIVE_README.format(day=messages.when(now, "date")),
        templates=load_templates(st.settings.templates_dir),
        prep_pdf=prep_pdf_or_none(st),
    )
    write_private(out, data, what="export")
    if as_json:
        emit_json({"file": out, "bytes": len(data), "plaintext": True, "records": counts})
        return
    say(messages.archive_written(out, counts))
    say(messages.EXPORT_PLAINTEXT, dim=True)
