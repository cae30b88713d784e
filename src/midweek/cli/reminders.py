"""`reminders send`: the Web Push reminders that are due now, each sent once.

Meant for a timer (cron, a systemd timer) every minute or few on the server that runs
`midweek serve`, with the same settings (data folder, database, key file): see README.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

import typer

from midweek import messages
from midweek.cli.console import JsonFlag, emit_json, handled, say, state

reminders_app = typer.Typer(
    help="Reminders on people's devices (Web Push), for the times they set in their plan.",
    no_args_is_help=True,
)


@reminders_app.command("send")
@handled
def send(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Send the reminders due now to every device that asked for them (each once)."""
    st = state(ctx)
    settings = st.settings
    if not settings.push:
        if as_json:
            emit_json({"sent": 0, "removed": 0, "failed": 0, "push": False})
            return
        say(messages.PUSH_SWITCHED_OFF)
        return
    from midweek.bootstrap import machine_zone, open_store_for
    from midweek.services import push
    from midweek.services.ports import ServerUnitOfWork, UnitOfWork
    from midweek.services.push_delivery import WebPushSender, vapid_pem

    sender = WebPushSender(vapid_pem(settings.data_dir), contact=settings.push_contact)
    store: Any = open_store_for(settings)
    try:
        report = push.send_due(
            lambda: cast(ServerUnitOfWork, store.unit_of_work()),
            lambda person_id: cast(UnitOfWork, store.unit_of_work(person_id=person_id)),
            sender,
            now=datetime.now(UTC),
            default_zone=machine_zone(),
            services=push.push_services(settings.push_services),
        )
    finally:
        store.close()
    if as_json:
        emit_json({"sent": report.sent, "removed": report.removed, "failed": report.failed})
        return
    say(messages.push_sent_report(report.sent, report.removed, report.failed))
