"""Which addresses are on a push service: the server posts to them, so only there."""

from __future__ import annotations

import pytest

from midweek.domain.push import PUSH_SERVICES, on_push_service


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://fcm.googleapis.com/fcm/send/dXJ1",  # Chrome, Android
        "https://updates.push.services.mozilla.com/wpush/v2/gAAA",  # Firefox
        "https://web.push.apple.com/QGuQ",  # Safari
        "https://wns2-par02p.notify.windows.com/w/?token=BQYA",  # Edge
        "https://FCM.googleapis.com./fcm/send/x",  # case and a final dot
    ],
)
def test_the_browsers_own_services_are_on_the_list(endpoint: str) -> None:
    assert on_push_service(endpoint, PUSH_SERVICES)


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://127.0.0.1/x",
        "https://10.0.0.7:8443/admin",
        "https://[::1]/x",
        "https://localhost/x",
        "https://fcm.googleapis.com.attacker.net/x",  # the name, then someone else's domain
        "https://evilfcm.googleapis.com/x",  # not below the name: a different host
        "https://googleapis.com/x",  # above the name
        "https://user@/x",
        "https://[/x",  # not a URL
        "",
    ],
)
def test_anything_else_is_not(endpoint: str) -> None:
    assert not on_push_service(endpoint, PUSH_SERVICES)


def test_an_empty_name_never_matches_everything() -> None:
    assert not on_push_service("https://anything.example/x", ["", " ", "."])
