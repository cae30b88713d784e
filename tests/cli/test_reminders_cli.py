"""`midweek reminders send`, as a timer runs it: the due reminder reaches the person's
browser (a local push service that checks and decrypts it), a second run sends nothing,
and a server with push turned off says so and sends nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from tests import personas
from tests.cli.conftest import NOW, Run
from tests.push_receiver import SERVICES, PushService, start

from midweek.bootstrap import open_store_for
from midweek.config import load_settings
from midweek.services import homework, push
from midweek.services import plan as planning
from midweek.services.ports import UnitOfWork
from midweek.services.push_delivery import public_key, vapid_pem


@pytest.fixture
def receiver(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PushService]:
    settings = load_settings()
    svc, server = start(tmp_path, public_key(vapid_pem(settings.data_dir)))
    # The sender trusts the system's certificates; here, the local service's own.
    monkeypatch.setenv("SSL_CERT_FILE", str(svc.tls_file))
    monkeypatch.setenv("MIDWEEK_PUSH_SERVICES", ",".join(SERVICES))
    for name in ("https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    try:
        yield svc
    finally:
        server.shutdown()
        server.server_close()


def _planned_with_a_browser(svc: PushService) -> None:
    """alice on the server, with a practice at 18:05 today (NOW is 18:00) and her phone."""
    store: Any = open_store_for(load_settings())
    try:
        alice = personas.create(store, personas.ALICE, NOW)

        def uow() -> UnitOfWork:
            return cast(UnitOfWork, store.unit_of_work(person_id=alice.person_id))

        homework.add_homework(
            uow(), title="Evening walk", per_week=5, minutes=15, now=NOW, start=NOW.date()
        )
        day = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[NOW.weekday()]
        planning.add_windows(uow(), [f"{day} 18:05-18:30"], now=NOW)
        endpoint, browser = svc.subscribe("alice")
        push.subscribe(uow(), endpoint, browser.p256dh, browser.auth, now=NOW, services=SERVICES)
    finally:
        store.close()


def test_a_due_reminder_is_sent_once(run: Run, receiver: PushService) -> None:
    _planned_with_a_browser(receiver)
    first = run("reminders", "send")
    assert first.stdout == "1 reminder sent.\n"
    assert receiver.errors == []
    (got,) = receiver.received
    assert json.loads(got.text)["body"] == "A practice you planned starts at 18:05."
    assert json.loads(got.text)["title"] == "midweek practice"
    again = run("reminders", "send", "--json")
    assert json.loads(again.stdout) == {"sent": 0, "removed": 0, "failed": 0}
    assert len(receiver.received) == 1


def test_with_push_turned_off_nothing_is_sent(
    run: Run, receiver: PushService, monkeypatch: pytest.MonkeyPatch
) -> None:
    _planned_with_a_browser(receiver)
    monkeypatch.setenv("MIDWEEK_PUSH", "0")
    out = run("reminders", "send")
    assert out.stdout.strip() == (
        "Reminders to devices are turned off on this server (MIDWEEK_PUSH=0), so none were sent."
    )
    assert receiver.received == []
