"""`serve`: run the web app (needs ``midweek[server]``).

The CLI never imports ``midweek.web`` (the two shells stay independent): uvicorn is given
the app factory by name and imports it in this process only when ``serve`` runs.

Logs: the server runs with umask 077, so every file it creates (a ``--log-file``, the
generated secret) is readable by its owner only, and a log file that already exists is
made 0600 before anything is written to it. The app factory strips query strings from
uvicorn's access log (``midweek.web.access_log``), so search words and invitation codes
never reach a log line.
"""

from __future__ import annotations

import copy
import os
import socket
from pathlib import Path
from typing import Annotated, Any

import typer

from midweek import messages
from midweek.cli import collector
from midweek.cli.console import handled, state
from midweek.domain.errors import MidweekError

APP_FACTORY = "midweek.web.app:app_from_environment"


@handled
def serve(
    ctx: typer.Context,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (this machine only by default).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    log_file: Annotated[
        Path | None,
        typer.Option(
            "--log-file",
            help="Append the server's log (errors and requests, never query strings) to "
            "this file, created readable only by you; without it the log goes to the terminal.",
        ),
    ] = None,
) -> None:
    """Run the midweek web app (sign in, today, crisis contacts) until Ctrl-C."""
    collector.for_a_server()  # main tuned it for a short command; a server runs for days
    st = state(ctx)
    st.settings  # noqa: B018 - refuse bad settings before starting the server
    if st.db:
        # The app builds its settings from the environment; --db wins as everywhere else.
        os.environ["MIDWEEK_DATABASE_URL"] = st.db
    run_server(host, port, log_file=log_file)


def private_log_file(path: Path) -> Path:
    """``path`` created (or made) mode 0600, ready to append to; MidweekError if it cannot be."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.fchmod(fd, 0o600)  # an existing file keeps its old mode otherwise
        finally:
            os.close(fd)
    except OSError as exc:
        raise MidweekError(messages.server_log_unwritable(path, exc.strerror)) from None
    return path


def log_config(log_file: Path | None) -> dict[str, Any]:
    """uvicorn's own logging set-up, with every handler writing to ``log_file`` if given."""
    from uvicorn.config import LOGGING_CONFIG

    config: dict[str, Any] = copy.deepcopy(LOGGING_CONFIG)
    if log_file is not None:
        for handler in config["handlers"].values():
            handler.pop("stream", None)
            handler.update({"class": "logging.FileHandler", "filename": str(log_file)})
        for formatter in config["formatters"].values():
            formatter["use_colors"] = False
    return config


def _can_bind(host: str, port: int) -> bool:
    """Whether a server could listen on ``host:port`` right now (checked, then let go)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        # The same option uvicorn sets, so a port left in TIME_WAIT by the last run is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def free_port(host: str, port: int) -> int:
    """``port`` if it can be listened on, else one the system says is free.

    Checked before anything is printed, so the sign-ins shown name the address that will
    answer. MidweekError (one sentence, exit 2) if not even a free port can be had.
    """
    if _can_bind(host, port):
        return port
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.bind((host, 0))
            chosen: int = probe.getsockname()[1]
    except OSError:
        raise MidweekError(messages.port_unavailable(host, port)) from None
    return chosen


def run_server(host: str, port: int, *, log_file: Path | None = None) -> None:
    """uvicorn on the app factory, settings from the environment, until Ctrl-C."""
    try:
        import uvicorn
    except ImportError:
        raise MidweekError(messages.SERVER_EXTRA_MISSING) from None
    os.umask(0o077)  # whatever the server writes is its owner's alone
    if log_file is not None:
        log_file = private_log_file(log_file.expanduser())
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=host,
        port=port,
        log_level="info",
        log_config=log_config(log_file),
        # No "Server: uvicorn" on any answer: it tells an attacker what to look up.
        server_header=False,
        # The app decides which proxies to believe (MIDWEEK_TRUSTED_PROXIES), not uvicorn's
        # FORWARDED_ALLOW_IPS default of 127.0.0.1.
        proxy_headers=False,
    )
