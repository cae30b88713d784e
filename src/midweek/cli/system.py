"""`today`, `where`, `backup`, `restore`, `erase` and `demo`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from midweek import messages
from midweek.cli.console import (
    JsonFlag,
    emit_json,
    handled,
    say,
    shown,
    state,
    write_private,
)
from midweek.cli.support import show_support
from midweek.domain.errors import BackupError, ValidationError


def render_today(view: object) -> None:
    from midweek.services.today import Today

    assert isinstance(view, Today)
    if view.is_empty:
        say(messages.TODAY_EMPTY)
        say()
        say(f"{messages.PROMPT_HEADER}: {view.prompt}", dim=True)
        return
    last = view.last_session
    if last is not None and last.takeaways:
        say(f"{messages.LAST_TIME} ({last.date}):", bold=True)
        for t in last.takeaways:
            say(f"  • {t}")
        say()
    say(messages.THIS_WEEK, bold=True)
    if not view.practice:
        say(f"  {messages.NO_PRACTICE_DUE}")
    for due in view.practice:
        a = due.assignment
        say(f"  [{a.id}] {a.title} — {messages.progress_of(due.week)}")
    if view.open_questions:
        say()
        say(messages.OPEN_QUESTIONS, bold=True)
        for q in view.open_questions:
            say(f"  [{q.id}] {q.text}")
    say()
    say(f"{messages.PROMPT_HEADER}:", bold=True)
    say(f"  {view.prompt}")
    if last is not None and last.next_appointment is not None:
        say()
        say(
            f"{messages.NEXT_SESSION}: {messages.when(shown(last.next_appointment), 'long-time')}",
            dim=True,
        )


@handled
def today(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """What matters today: last time's takeaways, practice, questions, a prompt."""
    from midweek.services.today import today as build

    st = state(ctx)
    view = build(st.uow(), now=st.now())
    if as_json:
        emit_json(view)
        return
    render_today(view)
    if view.recent_flags:
        say()
        # A reminder of what was noticed earlier: the note was offered at the time.
        show_support(st, offer_note=False)


@handled
def where(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Where your data, key file and own worksheet templates live, and every setting."""
    from midweek.config import describe, without_password

    st = state(ctx)
    s = st.settings
    listed = describe(s)
    info = {
        "database": without_password(s.database_url),
        "key_file": str(s.key_file),
        "key_file_exists": s.key_file.exists(),
        "templates_dir": str(s.templates_dir),
        "data_dir": str(s.data_dir),
        "settings": [
            {"name": x.env, "value": x.value, "source": x.source, "hidden": x.hidden}
            for x in listed
        ],
    }
    if as_json:
        emit_json(info)
        return
    say(f"Database:        {info['database']}")
    say(
        f"Key file:        {info['key_file']}"
        + ("" if info["key_file_exists"] else "  (created on first use)")
    )
    say(f"Your templates:  {info['templates_dir']}")
    say(
        messages.KEY_FILE_ADVICE,
        dim=True,
    )
    say()
    say(messages.WHERE_SETTINGS_HEADING, bold=True)
    width = max(len(x.env) for x in listed) + 2
    for x in listed:
        value = messages.SETTING_HIDDEN if x.hidden else x.value or messages.SETTING_NOT_SET
        say(f"  {x.env:<{width}}{value}  ({messages.SETTING_SOURCES[x.source]})")


@handled
def backup(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Where to write the backup.")],
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Write a complete backup (the text in it stays encrypted)."""
    from midweek.services.backup import make_backup

    st = state(ctx)
    if file.exists() and not force:
        raise ValidationError(messages.file_exists(file))
    data = make_backup(st.uow(), now=st.now())
    write_private(file, data, what="backup")
    if as_json:
        emit_json({"file": file, "bytes": len(data)})
        return
    say(f"{messages.BACKUP_WRITTEN} ({file}, {len(data):,} bytes)")


@handled
def restore(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A backup written by `midweek backup`.")],
    yes: Annotated[bool, typer.Option("--yes", help="Don't ask before replacing.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Replace everything with a backup — all or nothing."""
    from midweek.cli.console import interactive
    from midweek.services.backup import read_backup, restore_backup

    st = state(ctx)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise BackupError(messages.unreadable_file("backup", file, exc.strerror)) from None
    read_backup(raw)  # refuse a damaged file before asking anything
    if not yes:
        if not interactive():
            raise ValidationError(messages.RESTORE_NEEDS_YES)
        typer.confirm(messages.RESTORE_CONFIRM, abort=True)
    restore_backup(st.uow(), raw)
    if as_json:
        emit_json({"restored": str(file)})
        return
    say(messages.RESTORED)


@handled
def erase(
    ctx: typer.Context,
    confirm: Annotated[
        str | None,
        typer.Option(
            "--confirm",
            help='The words "erase my data", to erase without being asked (scripts).',
            metavar="WORDS",
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Erase everything you have written here, and the key that opens it. Cannot be undone."""
    from midweek.cli.console import interactive
    from midweek.services.erasure import erase_here
    from midweek.storage.dialect import SQLITE, parse_url

    st = state(ctx)
    uow = st.uow()
    with uow:
        if uow.accounts.list():  # type: ignore[attr-defined]
            raise ValidationError(messages.ERASE_HAS_ACCOUNTS)
    if confirm is None:
        if not interactive():
            raise ValidationError(messages.ERASE_NOT_CONFIRMED)
        say(messages.ERASE_WARNING)
        confirm = typer.prompt(messages.ERASE_CONFIRM_HINT, default="", show_default=False)
    erase_here(uow, confirmation=confirm)
    st.close()
    # The key file opens only this machine's person: with it gone, no older backup opens.
    settings = st.settings
    dialect, target = parse_url(settings.database_url)
    if dialect == SQLITE and target != ":memory:":
        for suffix in ("", "-wal", "-shm"):
            Path(target + suffix).unlink(missing_ok=True)
    settings.key_file.unlink(missing_ok=True)
    if as_json:
        emit_json({"erased": True})
        return
    say(messages.ERASED_HERE)


@handled
def demo(
    ctx: typer.Context,
    keep: Annotated[
        Path | None, typer.Option("--keep", help="Keep the demo data in this folder to explore.")
    ] = None,
    web: Annotated[
        bool, typer.Option("--web", help="Run the web app with a demo client and therapist.")
    ] = False,
    port: Annotated[int, typer.Option("--port", help="Port for --web (on 127.0.0.1).")] = 8000,
) -> None:
    """Try midweek on a realistic demo history, in a throw-away database.

    With --web: a demo client and their therapist in the web app, served until Ctrl-C.
    """
    import tempfile

    from midweek.cli import demo_tour

    if web:
        if keep is not None:
            keep.mkdir(parents=True, exist_ok=True)
            demo_tour.run_web(ctx, keep, host="127.0.0.1", port=port)
            return
        with tempfile.TemporaryDirectory(prefix="midweek-demo-") as tmp:
            demo_tour.run_web(ctx, Path(tmp), host="127.0.0.1", port=port)
        return
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        demo_tour.run(ctx, keep)
        return
    with tempfile.TemporaryDirectory(prefix="midweek-demo-") as tmp:
        demo_tour.run(ctx, Path(tmp))
