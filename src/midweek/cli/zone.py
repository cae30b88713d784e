"""`tz`: the time zone your days are reckoned in (today, the practice week, plan windows,
calendar times)."""

from __future__ import annotations

from typing import Annotated

import typer

from midweek import messages
from midweek.cli.console import JsonFlag, emit_json, handled, say, state


@handled
def tz(
    ctx: typer.Context,
    zone: Annotated[
        str | None,
        typer.Argument(help="An IANA time zone, like Europe/London or America/New_York."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Show your time zone, or choose one (else this machine's zone is used)."""
    from midweek.domain.zones import zone_name
    from midweek.services.zones import local_zone, set_local_zone

    st = state(ctx)
    if zone is not None:
        name = set_local_zone(st.uow(), zone, now=st.now())
        st.forget_zone()
        if as_json:
            emit_json({"time_zone": name, "chosen": True})
            return
        say(messages.tz_set(name, f"{st.now():%H:%M}"))
        return
    chosen = local_zone(st.uow())
    current = zone_name(st.zone()) or f"{st.now():%z}"
    if as_json:
        emit_json({"time_zone": current, "chosen": chosen is not None})
        return
    say(messages.tz_shown(current, chosen=chosen is not None))
