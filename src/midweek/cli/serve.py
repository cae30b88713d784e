"""`serve`: run the web app (needs ``midweek[server]``).

The CLI never imports ``midweek.web`` (the two shells stay independent): uvicorn is given
the app factory by name and imports it in this process only when ``serve`` runs.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer

from midweek import messages
from midweek.cli.console import handled, state
from midweek.domain.errors import MidweekError

APP_FACTORY = "midweek.web.app:app_from_environment"


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


@handled
def serve(
    ctx: typer.Context,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (this machine only by default).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
) -> None:
    """Run the midweek web app (sign in, today, crisis contacts) until Ctrl-C."""
    st = state(ctx)
    st.settings  # noqa: B018 - refuse bad settings before starting the server
    if st.db:
        # The app builds its settings from the environment; --db wins as everywhere else.
        os.environ["MIDWEEK_DATABASE_URL"] = st.db
    run_server(host, port)


def run_server(host: str, port: int) -> None:
    """uvicorn on the app factory, settings from the environment, until Ctrl-C."""
    try:
        import uvicorn
    except ImportError:
        raise MidweekError(messages.SERVER_EXTRA_MISSING) from None
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=host,
        port=port,
        log_level="info",
        # No "Server: uvicorn" on any answer: it tells an attacker what to look up.
        server_header=False,
        # The app decides which proxies to believe (MIDWEEK_TRUSTED_PROXIES), not uvicorn's
        # FORWARDED_ALLOW_IPS default of 127.0.0.1.
        proxy_headers=False,
    )
