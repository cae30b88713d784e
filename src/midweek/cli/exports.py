"""`export`: your data in formats other systems read (FHIR R4B)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from midweek import messages
from midweek.cli.console import JsonFlag, emit_json, handled, say, state, write_private
from midweek.domain.errors import ValidationError

export_app = typer.Typer(
    help="Export your data for other systems (FHIR for health records).", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(export_app, name="export")


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
    from midweek.services.interop import gather_fhir
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
