"""Web Push reminders, sent for real to a local push service (tests/push_receiver.py) that
checks the VAPID token and decrypts the RFC 8291 payload: what arrives, when, how often,
and what never does."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

import pytest
from tests import personas
from tests.push_receiver import SERVICES, PushService, start

from midweek.domain.errors import NotFound, ValidationError
from midweek.domain.push import PUSH_SERVICES
from midweek.services import homework, journal, push, zones
from midweek.services import plan as planning
from midweek.services.ports import ServerUnitOfWork, UnitOfWork
from midweek.services.push_delivery import WebPushSender, public_key, vapid_pem
from midweek.storage import Store

BERLIN = ZoneInfo("Europe/Berlin")
# A Tuesday; the window is Tue 18:30-19:00 Berlin time, so the reminder is due at 18:20.
DAY = date(2026, 12, 8)
DUE = datetime(2026, 12, 8, 18, 20, tzinfo=BERLIN)
SECRET_WORDS = "my sister's wedding and the argument"


@pytest.fixture
def service(tmp_path: Path) -> Iterator[tuple[PushService, WebPushSender]]:
    pem = vapid_pem(tmp_path / "data")
    svc, server = start(tmp_path, public_key(pem))
    sender = WebPushSender(pem, contact="mailto:admin@example.org", tls=svc.client_tls())
    try:
        yield svc, sender
    finally:
        server.shutdown()
        server.server_close()


def _client(store: Store, name: str = personas.ALICE, *, title: str = "Worry time") -> int:
    account = personas.create(store, name, DUE - timedelta(days=3))
    zones.set_account_zone(store.unit_of_work(), account.id or 0, "Europe/Berlin")
    assert account.person_id is not None
    uow = _person(store, account.person_id)
    homework.add_homework(uow, title=title, per_week=3, minutes=20, now=DUE, start=DAY)
    planning.add_windows(_person(store, account.person_id), ["Tue 18:30-19:00"], now=DUE)
    return account.person_id


def _person(store: Store, person_id: int) -> UnitOfWork:
    return cast(UnitOfWork, store.unit_of_work(person_id=person_id))


def _send(store: Store, sender: Any, now: datetime) -> push.SendReport:
    return push.send_due(
        lambda: cast(ServerUnitOfWork, store.unit_of_work()),
        lambda pid: _person(store, pid),
        sender,
        now=now.astimezone(UTC),
        default_zone=UTC,
        services=SERVICES,
    )


def _subscribe(store: Store, svc: PushService, person_id: int, name: str) -> int:
    endpoint, browser = svc.subscribe(name)
    sub = push.subscribe(
        _person(store, person_id),
        endpoint,
        browser.p256dh,
        browser.auth,
        now=DUE,
        services=SERVICES,
    )
    assert sub.id is not None
    return sub.id


def test_a_due_reminder_arrives_decrypted_with_a_valid_vapid_token_and_only_once(
    store: Store, service: tuple[PushService, WebPushSender]
) -> None:
    svc, sender = service
    alice = _client(store)
    journal.write_entry(_person(store, alice), SECRET_WORDS, at=DUE - timedelta(hours=1))
    _subscribe(store, svc, alice, "alice-phone")

    report = _send(store, sender, DUE)

    assert svc.errors == []
    assert (report.sent, report.removed, report.failed) == (1, 0, 0)
    (got,) = svc.received
    assert json.loads(got.text) == {
        "title": "midweek practice",
        "body": "A practice you planned starts at 18:30.",
        "tag": "midweek-2026-12-08T18:30",
        "url": "/",
    }
    assert got.claims["aud"] == svc.origin
    assert SECRET_WORDS not in got.text and "Worry time" not in got.text
    # The same minute again, and a few minutes later: nothing is sent twice.
    assert _send(store, sender, DUE).sent == 0
    assert _send(store, sender, DUE + timedelta(minutes=4)).sent == 0
    assert len(svc.received) == 1


def test_nothing_is_sent_before_the_reminder_time_or_long_after_it(
    store: Store, service: tuple[PushService, WebPushSender]
) -> None:
    svc, sender = service
    alice = _client(store)
    _subscribe(store, svc, alice, "alice-phone")
    assert _send(store, sender, DUE - timedelta(minutes=1)).sent == 0
    assert _send(store, sender, DUE + timedelta(hours=1)).sent == 0
    assert svc.received == []


def test_the_reminder_follows_the_persons_zone_not_the_servers(
    store: Store, service: tuple[PushService, WebPushSender]
) -> None:
    svc, sender = service
    alice = _client(store)
    _subscribe(store, svc, alice, "alice-phone")
    # 18:20 in UTC is 19:20 in Berlin: not the moment Alice chose.
    assert _send(store, sender, datetime(2026, 12, 8, 18, 20, tzinfo=UTC)).sent == 0
    assert _send(store, sender, DUE).sent == 1


def test_the_practice_name_shows_only_when_the_person_chose_it(
    store: Store, service: tuple[PushService, WebPushSender]
) -> None:
    svc, sender = service
    alice = _client(store, title="Walk after work")
    push.show_titles(_person(store, alice), True, now=DUE)
    _subscribe(store, svc, alice, "alice-phone")
    assert _send(store, sender, DUE).sent == 1
    assert json.loads(svc.received[0].text)["title"] == "Walk after work"


def test_a_gone_subscription_is_removed_and_the_others_still_get_theirs(
    store: Store, service: tuple[PushService, WebPushSender]
) -> None:
    svc, sender = service
    alice = _client(store)
    old = _subscribe(store, svc, alice, "old-laptop")
    _subscribe(store, svc, alice, "phone")
    svc.answers["/push/old-laptop"] = 410

    report = _send(store, sender, DUE)

    assert (report.sent, report.removed) == (1, 1)
    remaining = push.subscriptions(_person(store, alice))
    assert [s.endpoint for s in remaining] == [f"{svc.origin}/push/phone"]
    with pytest.raises(NotFound):
        push.unsubscribe(_person(store, alice), old)


def test_a_failed_send_is_tried_again_on_the_next_run(
    store: Store, service: tuple[PushService, WebPushSender]
) -> None:
    svc, sender = service
    alice = _client(store)
    _subscribe(store, svc, alice, "phone")
    svc.answers["/push/phone"] = 503
    assert _send(store, sender, DUE).failed == 1
    del svc.answers["/push/phone"]
    assert _send(store, sender, DUE + timedelta(minutes=1)).sent == 1
    assert _send(store, sender, DUE + timedelta(minutes=2)).sent == 0


def test_each_person_gets_only_their_own_reminders(
    store: Store, service: tuple[PushService, WebPushSender]
) -> None:
    svc, sender = service
    alice = _client(store)
    bob = personas.create(store, personas.BOB, DUE).person_id
    assert bob is not None
    _subscribe(store, svc, alice, "alice-phone")
    _subscribe(store, svc, bob, "bob-phone")  # Bob planned nothing
    assert _send(store, sender, DUE).sent == 1
    assert [r.path for r in svc.received] == ["/push/alice-phone"]
    assert push.subscriptions(_person(store, bob))[0].endpoint.endswith("/push/bob-phone")


def test_a_disabled_account_gets_no_reminders(
    store: Store, service: tuple[PushService, WebPushSender]
) -> None:
    from midweek.services import accounts

    svc, sender = service
    alice = _client(store)
    _subscribe(store, svc, alice, "alice-phone")
    accounts.disable_account(store.unit_of_work(), personas.ALICE, now=DUE)
    assert _send(store, sender, DUE).sent == 0


def test_subscribing_the_same_browser_again_keeps_one_subscription(store: Store) -> None:
    from tests.push_receiver import Browser

    alice = _client(store)
    first, second = Browser(), Browser()
    url = "https://push.example.org/send/abc"
    one = push.subscribe(
        _person(store, alice), url, first.p256dh, first.auth, now=DUE, services=SERVICES
    )
    two = push.subscribe(
        _person(store, alice), url, second.p256dh, second.auth, now=DUE, services=SERVICES
    )
    assert one.id == two.id
    (kept,) = push.subscriptions(_person(store, alice))
    assert (kept.p256dh, kept.auth) == (second.p256dh, second.auth)


@pytest.mark.parametrize(
    ("endpoint", "p256dh", "auth", "field"),
    [
        ("http://push.example.org/x", None, None, "endpoint"),
        ("https:///nohost", None, None, "endpoint"),
        ("https://push.example.org/x", "AAAA", None, "p256dh"),
        ("https://push.example.org/x", None, "not base64 at all!", "auth"),
        # Not on a push service this server sends to: an internal host, a look-alike.
        ("https://10.0.0.7/admin/reset", None, None, "endpoint"),
        ("https://metadata.internal/latest", None, None, "endpoint"),
        ("https://push.example.org.attacker.net/x", None, None, "endpoint"),
        ("https://notpush.example.org/x", None, None, "endpoint"),
    ],
)
def test_a_bad_subscription_is_refused_and_nothing_is_saved(
    store: Store, endpoint: str, p256dh: str | None, auth: str | None, field: str
) -> None:
    from tests.push_receiver import Browser

    alice = _client(store)
    b = Browser()
    with pytest.raises(ValidationError) as caught:
        push.subscribe(
            _person(store, alice),
            endpoint,
            p256dh or b.p256dh,
            auth or b.auth,
            now=DUE,
            services=SERVICES,
        )
    assert caught.value.field == field
    assert push.subscriptions(_person(store, alice)) == []


def test_the_subscription_is_encrypted_at_rest(sqlite_store: Store) -> None:
    from tests.push_receiver import Browser

    alice = _client(sqlite_store)
    b = Browser()
    url = "https://push.example.org/send/very-unique-endpoint-token"
    push.subscribe(_person(sqlite_store, alice), url, b.p256dh, b.auth, now=DUE, services=SERVICES)
    sqlite_store.close()
    raw = Path(sqlite_store.location).read_bytes()
    for wal in Path(sqlite_store.location).parent.glob("*-wal"):
        raw += wal.read_bytes()
    for plain in ("very-unique-endpoint-token", b.p256dh, b.auth):
        assert plain.encode() not in raw


def test_the_vapid_key_is_made_once_and_kept_private(tmp_path: Path) -> None:
    folder = tmp_path / "secrets"
    first = vapid_pem(folder)
    assert vapid_pem(folder) == first
    assert (folder / "push-vapid-key.pem").stat().st_mode & 0o777 == 0o600
    assert len(public_key(first)) == 87  # 65 bytes, base64url without padding


def test_an_unreachable_push_service_keeps_the_subscription_and_tries_again(
    store: Store, service: tuple[PushService, WebPushSender]
) -> None:
    from tests.push_receiver import Browser

    _, sender = service
    alice = _client(store)
    b = Browser()
    closed = "https://localhost:9/push/nobody-listens"  # the discard port: nothing answers
    push.subscribe(_person(store, alice), closed, b.p256dh, b.auth, now=DUE, services=SERVICES)
    assert _send(store, sender, DUE).failed == 1
    assert _send(store, sender, DUE + timedelta(minutes=1)).failed == 1  # tried again
    assert [s.endpoint for s in push.subscriptions(_person(store, alice))] == [closed]


def test_erasing_the_person_deletes_their_subscriptions_and_what_was_sent(
    store: Store, service: tuple[PushService, WebPushSender]
) -> None:
    svc, sender = service
    alice = _client(store)
    _subscribe(store, svc, alice, "alice-phone")
    assert _send(store, sender, DUE).sent == 1
    with _person(store, alice) as uow:
        uow.erase_person()
        uow.commit()
    for table in ("push_subscription", "push_sent"):
        assert store.db.execute_sql(f"SELECT count(*) FROM {table}").fetchone()[0] == 0


def test_a_subscription_off_the_push_services_is_removed_and_nothing_is_posted(
    store: Store, service: tuple[PushService, WebPushSender]
) -> None:
    """The services a server sends to may shrink after a browser subscribed: its next run
    removes that subscription and posts nothing to it."""
    svc, sender = service
    alice = _client(store)
    _subscribe(store, svc, alice, "alice-phone")
    report = push.send_due(
        lambda: cast(ServerUnitOfWork, store.unit_of_work()),
        lambda pid: _person(store, pid),
        sender,
        now=DUE.astimezone(UTC),
        default_zone=UTC,
        services=("fcm.googleapis.com",),
    )
    assert (report.sent, report.removed, report.failed) == (0, 1, 0)
    assert svc.received == [] and push.subscriptions(_person(store, alice)) == []


def test_the_browsers_push_services_are_the_default() -> None:
    assert push.push_services(()) == PUSH_SERVICES
    assert push.push_services(("localhost",)) == ("localhost",)
