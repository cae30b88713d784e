"""Use cases for Web Push reminders (issue #10): a browser subscribes from Settings, is
listed and revoked there, and ``midweek reminders send`` (a timer, every minute or few)
sends each due reminder once to each of the person's browsers.

Only the reminders the person set are sent: those of the week's plan, fitted into the time
windows they chose, at the moment the calendar file's alarm rings (``REMINDER_MINUTES``
before the practice), in the person's own time zone. The title is generic ("midweek
practice") unless the person chose to show the practice's name; a notification never
carries anything else they wrote. Imports nothing that sends: the sender is a port
(``Sender``), whose real one lives in :mod:`midweek.services.push_delivery`.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Protocol
from urllib.parse import urlsplit

from midweek import messages
from midweek.domain.errors import ValidationError
from midweek.domain.push import (
    PUSH_SERVICES,
    REMINDER_MINUTES,
    Due,
    PushSubscription,
    due_reminders,
    on_push_service,
)
from midweek.services import plan as planning
from midweek.services.ports import AccountsUnitOfWork, ServerUnitOfWork, UnitOfWork

#: The preference that says the person wants the practice's name in their reminders.
SHOW_TITLES = "reminder_titles"
SHOWN = "shown"
#: What a push service's address may be at most (Chromium's and Firefox's are ~200-400).
ENDPOINT_MAX = 2000
#: Push services answer 404 or 410 for a subscription the browser has given up.
GONE = frozenset({404, 410})
#: How long a reminder stays a reminder: older records of what was sent are dropped.
_KEEP_SENT = timedelta(days=2)


class Sender(Protocol):
    """Delivers one encrypted message to one subscription."""

    def send(self, subscription: PushSubscription, payload: bytes) -> int:
        """The push service's HTTP status; OSError when it cannot be reached."""
        ...


def _b64(value: str, *, size: int, what: str) -> str:
    text = value.strip()
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != size or (size == 65 and raw[0] != 4):
        raise ValidationError(messages.PUSH_BAD_KEYS, field=what)
    return text.rstrip("=")


def push_services(configured: Sequence[str]) -> tuple[str, ...]:
    """The push services reminders may go to: the configured hosts, else the browsers'."""
    return tuple(configured) or PUSH_SERVICES


def subscribe(
    uow: UnitOfWork,
    endpoint: str,
    p256dh: str,
    auth: str,
    *,
    now: datetime,
    services: Sequence[str],
) -> PushSubscription:
    """Keep this browser's subscription (the same endpoint again: its keys are replaced).

    ValidationError (nothing saved) for an endpoint that is not an https address on one of
    ``services`` (see :func:`push_services`), or keys that are not a P-256 public key and a
    16-byte secret in base64url.
    """
    address = endpoint.strip()
    try:
        parts = urlsplit(address)
        usable = parts.scheme == "https" and bool(parts.hostname) and parts.port != 0
    except ValueError:  # "https://[" or a port past 65535
        usable = False
    if len(address) > ENDPOINT_MAX or not usable:
        raise ValidationError(messages.PUSH_BAD_ENDPOINT, field="endpoint")
    if not on_push_service(address, services):
        raise ValidationError(messages.PUSH_UNKNOWN_SERVICE, field="endpoint")
    sub = PushSubscription(
        endpoint=address,
        p256dh=_b64(p256dh, size=65, what="p256dh"),
        auth=_b64(auth, size=16, what="auth"),
        created_at=now,
    )
    with uow:
        saved = uow.push.save(sub)
        uow.commit()
    return saved


def subscriptions(uow: UnitOfWork) -> list[PushSubscription]:
    """The person's browsers that get reminders, oldest first."""
    with uow:
        return uow.push.all()


def unsubscribe(uow: UnitOfWork, ident: int) -> None:
    """Stop reminders to that browser (revoking = deleting); NotFound if not theirs."""
    with uow:
        uow.push.remove(ident)
        uow.commit()


def titles_shown(uow: UnitOfWork) -> bool:
    """True when the person chose to see the practice's name in their reminders."""
    with uow:
        return uow.preferences.value(SHOW_TITLES) == SHOWN


def show_titles(uow: UnitOfWork, shown: bool, *, now: datetime) -> None:
    with uow:
        if shown:
            uow.preferences.put(SHOW_TITLES, SHOWN, now=now)
        else:
            uow.preferences.remove(SHOW_TITLES)
        uow.commit()


def reminder_title(title: str, *, shown: bool) -> str:
    """What a reminder is called: the practice's name only if the person chose so."""
    return title if shown else messages.PUSH_GENERIC_TITLE


def payload(due: Due, title: str, *, shown: bool) -> bytes:
    """The notification as JSON for the service worker: title, body, tag, the page to open."""
    body = {
        "title": reminder_title(title, shown=shown),
        "body": messages.push_reminder_body(f"{due.practice.start:%H:%M}"),
        "tag": "midweek-" + due.reminder,
        "url": "/",
    }
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


@dataclass
class SendReport:
    """What one run did: reminders sent, subscriptions removed as expired, sends that
    failed (tried again on the next run while the reminder is still due)."""

    sent: int = 0
    removed: int = 0
    failed: int = 0


def _zones(uow: AccountsUnitOfWork) -> dict[int, tuple[str | None, bool]]:
    """person id -> (their account's zone name, whether the account may get reminders)."""
    with uow:
        return {
            a.person_id: (a.time_zone, not a.disabled)
            for a in uow.accounts.list()
            if a.person_id is not None
        }


def send_due(
    any_uow: Callable[[], ServerUnitOfWork],
    person_uow: Callable[[int], UnitOfWork],
    sender: Sender,
    *,
    now: datetime,
    default_zone: tzinfo,
    services: Sequence[str],
) -> SendReport:
    """Send every reminder due at ``now`` (aware) to each browser not sent it yet.

    A reminder is claimed (recorded) before it is sent, so two runs never send it twice; a
    send that fails for the network or the push service's own trouble is un-claimed, to be
    tried on the next run; a 404/410 removes that subscription, and so does an address no
    longer on one of ``services`` (nothing is posted to it). Disabled accounts get none.
    """
    from midweek.domain.zones import zone_or_none

    report = SendReport()
    with any_uow() as uow:
        people = uow.push.people()
    zones = _zones(any_uow())
    for person_id in people:
        zone_name, allowed = zones.get(person_id, (None, True))
        if not allowed:
            continue
        local = now.astimezone(zone_or_none(zone_name) or default_zone)
        _send_for(person_uow, person_id, sender, local, report, services)
    return report


def _send_for(
    person_uow: Callable[[int], UnitOfWork],
    person_id: int,
    sender: Sender,
    local: datetime,
    report: SendReport,
    services: Sequence[str],
) -> None:
    # The day's plan as it stands from the day's start (no ``now``): a window that began
    # before this run is kept, so a practice later in it is still reminded of.
    week = planning.plan_for_week(person_uow(person_id), start=local.date())
    due = due_reminders(week.plan.items, local, lead=timedelta(minutes=REMINDER_MINUTES))
    if not due:
        return
    titles = {a.id: a.title for a in week.assignments}
    with person_uow(person_id) as uow:
        uow.push.forget_sent(local - _KEEP_SENT)
        shown = uow.preferences.value(SHOW_TITLES) == SHOWN
        claimed: list[tuple[PushSubscription, Due]] = []
        gone: set[int] = set()
        for sub in uow.push.all():
            assert sub.id is not None
            if not on_push_service(sub.endpoint, services):
                gone.add(sub.id)  # a push service this server no longer sends to
                continue
            done = uow.push.sent(sub.id, [d.reminder for d in due])
            for d in due:
                if d.reminder not in done:
                    uow.push.mark_sent(sub.id, d.reminder, at=local)
                    claimed.append((sub, d))
        uow.commit()
    if not claimed and not gone:
        return
    retry: list[tuple[int, str]] = []
    for sub, d in claimed:
        assert sub.id is not None
        if sub.id in gone:
            continue
        body = payload(d, titles.get(d.practice.assignment_id, ""), shown=shown)
        try:
            status = sender.send(sub, body)
        except OSError:
            status = 0
        if 200 <= status < 300:
            report.sent += 1
        elif status in GONE:
            gone.add(sub.id)
        else:
            report.failed += 1
            retry.append((sub.id, d.reminder))
    with person_uow(person_id) as uow:
        for ident in gone:
            uow.push.remove(ident)
        for ident, reminder in retry:
            uow.push.unmark(ident, reminder)
        uow.commit()
    report.removed += len(gone)
