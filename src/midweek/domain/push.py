"""Web Push reminders, the plain part: a browser's subscription, and which of the week's
planned practices are due to be reminded of at a moment (PRODUCT.md: "Reminders are the
ones the person set, at the times they chose").

A reminder is due from ``lead`` minutes before the planned start (the same moment the
calendar file's alarm rings) until ``late`` after that, so a timer that runs every minute,
or missed a few runs, still sends it, and one that was stopped for hours does not ring
stale reminders. Each reminder is named by its local start, which stays the same however
often the week is planned again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from midweek.domain.planner import PlannedPractice

#: Minutes before a planned practice that its reminder comes: the web app's calendar file
#: rings then, and so does a Web Push reminder.
REMINDER_MINUTES = 10
#: How long after its moment a reminder that was not sent yet is still worth sending.
LATE = timedelta(minutes=15)
#: The browsers' push services (Chrome and Android: Firebase Cloud Messaging; Firefox:
#: Mozilla's autopush; Safari: Apple's; Edge: Windows' notification service). A
#: subscription's address must be one of these hosts or below one: the server posts to it,
#: so an address a browser did not get from a push service (an internal host) is refused.
PUSH_SERVICES = (
    "fcm.googleapis.com",
    "push.services.mozilla.com",
    "push.apple.com",
    "notify.windows.com",
)


def on_push_service(endpoint: str, services: Iterable[str]) -> bool:
    """Whether ``endpoint``'s host is one of ``services`` or below one (``a.b`` covers
    ``x.a.b``; case and a final dot do not matter)."""
    from urllib.parse import urlsplit

    try:
        host = (urlsplit(endpoint).hostname or "").rstrip(".").lower()
    except ValueError:
        return False
    names = (s.strip().rstrip(".").lower() for s in services)
    return bool(host) and any(n and (host == n or host.endswith("." + n)) for n in names)


@dataclass
class PushSubscription:
    """One browser that asked for the person's reminders (the Push API's subscription)."""

    endpoint: str  # the push service's address for this browser (https)
    p256dh: str  # the browser's P-256 public key, base64url
    auth: str  # the browser's 16-byte auth secret, base64url
    created_at: datetime
    id: int | None = None


@dataclass(frozen=True)
class Due:
    """A reminder to send now: the practice, and its name (``reminder``)."""

    practice: PlannedPractice
    reminder: str


def reminder_name(p: PlannedPractice) -> str:
    """The reminder's stable name: its practice's local start, "2026-12-08T18:30"."""
    return f"{p.day.isoformat()}T{p.start:%H:%M}"


def due_reminders(
    items: Iterable[PlannedPractice],
    now: datetime,
    *,
    lead: timedelta,
    late: timedelta = LATE,
) -> list[Due]:
    """The planned practices whose reminder moment (start − ``lead``, in ``now``'s zone) is
    in ``(now − late, now]``; one per start time, earliest first."""
    local = now.replace(tzinfo=None)
    due: dict[str, Due] = {}
    for p in items:
        at = datetime.combine(p.day, p.start) - lead
        if local - late < at <= local:
            name = reminder_name(p)
            due.setdefault(name, Due(practice=p, reminder=name))
    return sorted(due.values(), key=lambda d: d.reminder)
