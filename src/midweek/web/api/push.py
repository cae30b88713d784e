"""A client's devices that get reminders (Web Push): the server's public key to subscribe
with, the subscriptions, and revoking one (deleting it). Settings' script uses these; so
may an app. Each person sees and deletes only their own; another's id is a plain 404.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import Request, Response
from pydantic import Field

from midweek import messages
from midweek.domain.errors import Conflict
from midweek.domain.push import PushSubscription
from midweek.services import push
from midweek.web.api.problems import api_router
from midweek.web.api.schemas import _In, _Out
from midweek.web.deps import Client, person_uow
from midweek.web.params import Ident
from midweek.web.push_pages import server_key

router = api_router()


class PushKey(_Out):
    #: Whether this server sends reminders to devices (MIDWEEK_PUSH).
    available: bool
    #: The VAPID public key to subscribe with (``applicationServerKey``), base64url; null
    #: when the server sends none.
    public_key: str | None


class Keys(_In):
    #: The browser's P-256 public key: 65 bytes (uncompressed point), base64url.
    p256dh: str = Field(pattern=r"^B[A-P][A-Za-z0-9_-]{85}$")
    #: The browser's auth secret: 16 bytes, base64url.
    auth: str = Field(pattern=r"^[A-Za-z0-9_-]{22}$")


class SubscriptionIn(_In):
    """What the browser's ``PushSubscription.toJSON()`` gives."""

    #: The push service's https address for this browser.
    endpoint: str = Field(
        max_length=push.ENDPOINT_MAX, pattern=r"^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[!-~]*)?$"
    )
    keys: Keys
    #: Sent by some browsers; midweek does not use it.
    expirationTime: float | None = None  # the Push API's own name for it


class Subscription(_Out):
    id: int
    endpoint: str
    created_at: datetime


def _out(s: PushSubscription) -> Subscription:
    assert s.id is not None
    return Subscription(id=s.id, endpoint=s.endpoint, created_at=s.created_at)


@router.get("/push/key", response_model=PushKey)
def push_key(request: Request, viewer: Client) -> PushKey:
    key = server_key(request)
    return PushKey(available=key is not None, public_key=key)


@router.get("/push/subscriptions", response_model=list[Subscription])
def list_subscriptions(request: Request, viewer: Client) -> list[Subscription]:
    return [_out(s) for s in push.subscriptions(person_uow(request, viewer.person_id))]


@router.post("/push/subscriptions", response_model=Subscription, status_code=201)
def subscribe(request: Request, viewer: Client, body: SubscriptionIn) -> Subscription:
    """This browser gets the person's reminders (the same endpoint again: keys replaced)."""
    if server_key(request) is None:
        raise Conflict(messages.PUSH_SERVER_OFF)
    saved = push.subscribe(
        person_uow(request, viewer.person_id),
        body.endpoint,
        body.keys.p256dh,
        body.keys.auth,
        now=viewer.now,
        services=push.push_services(request.app.state.settings.push_services),
    )
    return _out(saved)


@router.delete("/push/subscriptions/{subscription_id}", status_code=204, response_class=Response)
def unsubscribe(request: Request, viewer: Client, subscription_id: Ident) -> Response:
    """No more reminders to that browser."""
    push.unsubscribe(person_uow(request, viewer.person_id), subscription_id)
    return Response(status_code=204)
