"""Settings' part for reminders on a device (Web Push): what the page shows, and the two
forms that work without a script (stop reminders to a listed device; show the practice's
name in reminders or not). Turning reminders on needs the browser's Push API, so that is
``static/push.js`` with the JSON API in ``web/api/push.py``.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from midweek.services import push
from midweek.web.deps import Client, Viewer, person_uow
from midweek.web.idempotency import IdempotentRoute
from midweek.web.params import Ident

router = APIRouter(include_in_schema=False, route_class=IdempotentRoute)


def server_key(request: Request) -> str | None:
    """The installation's VAPID public key, made on first use; None when push is off."""
    settings = request.app.state.settings
    if not settings.push:
        return None
    key: str | None = getattr(request.app.state, "push_key", None)
    if key is None:
        from midweek.services.push_delivery import public_key, vapid_pem

        key = request.app.state.push_key = public_key(vapid_pem(settings.data_dir))
    return key


def settings_context(request: Request, viewer: Viewer) -> dict[str, Any]:
    """What Settings shows about reminders (a client only): the key, their devices, the
    title choice."""
    if viewer.account.person_id is None:
        return {"push_shown": False}
    devices = [
        (s, urlsplit(s.endpoint).hostname or "")
        for s in push.subscriptions(person_uow(request, viewer.person_id))
    ]
    return {
        "push_shown": True,
        "push_key": server_key(request),
        "push_devices": devices,
        "push_titles": push.titles_shown(person_uow(request, viewer.person_id)),
    }


@router.post("/settings/push/{subscription_id}/delete")
def stop_device(request: Request, viewer: Client, subscription_id: Ident) -> Response:
    push.unsubscribe(person_uow(request, viewer.person_id), subscription_id)
    return RedirectResponse("/settings?done=push-stopped#push-heading", status_code=303)


@router.post("/settings/push/titles")
def choose_titles(
    request: Request, viewer: Client, titles: Annotated[str, Form(max_length=10)] = ""
) -> Response:
    push.show_titles(person_uow(request, viewer.person_id), titles == push.SHOWN, now=viewer.now)
    return RedirectResponse("/settings?done=push-titles#push-heading", status_code=303)
