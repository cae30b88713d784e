"""The demo: seed a throw-away store, then run a few real commands against it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import typer

from midweek import messages
from midweek.cli.console import say

TOUR: list[tuple[str, list[str]]] = [
    ("What you see when you open midweek:", ["today"]),
    ("Your homework, with how often and how long:", ["homework", "list"]),
    (
        "Partly done counts — log a short practice of homework 1:",
        ["log", "1", "partial", "--minutes", "8", "--quality", "3", "--note", "Short but calm."],
    ),
    ("Search the (encrypted) journal:", ["journal", "search", "sleep"]),
    ("Questions you are keeping for your therapist:", ["questions"]),
    (
        "A PHQ-9 check-in, scored with its severity band:",
        ["checkin", "phq9", "--answers", "1,1,0,1,1,0,1,0,0"],
    ),
    ("The thread of one theme, session after session:", ["thread", "--theme", "worry", "-n", "2"]),
    ("Your prep for the next session (you choose what goes in):", ["prep"]),
]


@contextmanager
def _env(folder: Path) -> Iterator[None]:
    keys = {
        "MIDWEEK_DATA_DIR": str(folder),
        "MIDWEEK_DATABASE_URL": str(folder / "midweek.db"),
        "MIDWEEK_KEY_FILE": str(folder / "midweek.key"),
    }
    saved = {k: os.environ.get(k) for k in keys}
    os.environ.update(keys)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def run(ctx: typer.Context, folder: Path) -> None:
    """Seed ``folder`` and run the tour's commands through the root command that is running
    now (``ctx``'s), so the tour needs no import of ``cli.app``."""
    from midweek.bootstrap import open_store_for
    from midweek.config import load_settings
    from midweek.services import demo
    from midweek.services.library import shipped_templates

    root = ctx.find_root().command
    with _env(folder):
        settings = load_settings()
        store = open_store_for(settings)
        try:
            now = ctx.find_root().obj.now()
            demo.seed(
                store.unit_of_work(),
                now=now,
                thought_record=shipped_templates().get("thought-record"),
            )
        finally:
            store.close()
        say(messages.DEMO_TITLE, bold=True)
        say(messages.demo_where(folder), dim=True)
        for caption, args in TOUR:
            say()
            say(caption, bold=True)
            say(f"$ midweek {' '.join(args)}", dim=True)
            with suppress(typer.Exit):
                root(args, prog_name="midweek", standalone_mode=False)
    say()
    say(messages.DEMO_REAL)
    if not ctx.params.get("keep"):
        say(messages.DEMO_KEEP_HINT, dim=True)
    else:
        say(messages.demo_explore(folder, folder / "midweek.key"), dim=True)


def run_web(ctx: typer.Context, folder: Path, *, host: str, port: int) -> None:
    """Seed a client and a therapist into ``folder``, print how to sign in, serve until Ctrl-C."""
    from midweek.bootstrap import open_store_for
    from midweek.cli.serve import free_port, run_server
    from midweek.config import load_settings
    from midweek.services import demo
    from midweek.services.library import shipped_templates

    # Before seeding or printing anything: sign-ins for an address that will not answer
    # (port taken by another server) were the old failure.
    chosen = free_port(host, port)
    with _env(folder):
        settings = load_settings()
        store = open_store_for(settings)
        try:
            logins = demo.seed_web(
                store.unit_of_work(),
                lambda person_id: store.unit_of_work(person_id=person_id),
                now=ctx.find_root().obj.now(),
                thought_record=shipped_templates().get("thought-record"),
            )
        finally:
            store.close()
        say(messages.DEMO_TITLE, bold=True)
        say(messages.demo_where(folder), dim=True)
        say()
        if chosen != port:
            say(messages.demo_port_taken(port, chosen))
        say(messages.demo_web(f"http://{host}:{chosen}/", logins.client, logins.therapist))
        run_server(host, chosen)
