"""The ``midweek`` command: a root with global options and the command groups."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from midweek import __version__, i18n
from midweek.cli import (
    capture,
    corrections,
    exports,
    imports,
    journal,
    measures,
    plan,
    practice,
    prep,
    safety,
    safety_plan,
    serve,
    system,
    thread,
    users,
    zone,
)
from midweek.cli.console import AppState

app = typer.Typer(
    name="midweek",
    help=(
        "The work between therapy sessions: what you learned, your practice (partly done "
        "counts), your journal, what got in the way, questions for your therapist, and how "
        "you are doing. Everything stays on this machine, encrypted.\n\n"
        "Start with `midweek today`. Not an emergency service."
    ),
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"midweek {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database to use: a file path or a URL (overrides MIDWEEK_DATABASE_URL).",
            metavar="PATH",
        ),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks for internal errors.")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    ctx.obj = AppState(db=db, debug=debug)
    if ctx.invoked_subcommand is None:
        from midweek.cli.system import today

        ctx.invoke(today, ctx=ctx)


system.register_today(app)
capture.register(app)
practice.register(app)
journal.register(app)
measures.register(app)
system.register(app)
# Command groups added later register below, one line each.
safety.register(app)
exports.register(app)
thread.register(app)
prep.register(app)
plan.register(app)
safety_plan.register(app)
users.register(app)
serve.register(app)
zone.register(app)
corrections.register(app)
imports.register(app)


def main() -> None:
    # MIDWEEK_LANG, else the system's language (LANG and friends), else English.
    i18n.choose(i18n.from_environment(os.environ))
    app()
