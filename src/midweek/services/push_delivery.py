"""Sending Web Push for real: the installation's VAPID key pair (RFC 8292) and one message
encrypted for one browser (RFC 8291, ``aes128gcm``), posted to its push service.

Built on ``py-vapid`` (the signed JWT) and ``http-ece`` (the payload encryption), both of
which need only ``cryptography``, and the standard library's HTTP client; see
docs/DEPENDENCIES.md for why not ``pywebpush``. They are imported only here, and this
module only by the code that sends or shows the public key, so the CLI's start-up never
pays for them.

The key pair is made once per installation into the data folder, next to the web app's
secret (``push-vapid-key.pem``, 0600): every process of one site shares it, and the
browsers' subscriptions are bound to its public key, so it must stay the same.
"""

from __future__ import annotations

import base64
import http.client
import os
import ssl
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from midweek import messages
from midweek.domain.errors import ValidationError
from midweek.domain.push import PushSubscription

KEY_FILE = "push-vapid-key.pem"
#: How long a push service may hold a reminder for a phone that is offline (seconds): a
#: reminder is no use once its practice has begun.
TTL = 15 * 60
#: How long the signed VAPID token is good for (the RFC allows at most 24 hours).
TOKEN_LIFETIME = 12 * 60 * 60


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _new_pem() -> bytes:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def vapid_pem(data_dir: Path) -> bytes:
    """The installation's VAPID private key (PEM), made once into ``data_dir`` (0600).

    ValidationError with one sentence when the folder or the file cannot be written or read.
    """
    from midweek.services.secret_files import made_once

    try:
        return made_once(data_dir, KEY_FILE, _new_pem)
    except OSError as exc:
        path = data_dir / KEY_FILE
        raise ValidationError(messages.push_key_unwritable(path, exc.strerror)) from exc


def public_key(pem: bytes) -> str:
    """The key browsers subscribe with (``applicationServerKey``): the uncompressed P-256
    point, base64url without padding."""
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_pem_private_key(pem, password=None)
    point = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return _b64url(point)


def encrypt(subscription: PushSubscription, payload: bytes) -> bytes:
    """``payload`` encrypted for that browser alone (RFC 8291, a fresh key and salt each)."""
    import http_ece
    from cryptography.hazmat.primitives.asymmetric import ec

    return bytes(
        http_ece.encrypt(
            payload,
            salt=os.urandom(16),
            private_key=ec.generate_private_key(ec.SECP256R1()),
            dh=_unb64url(subscription.p256dh),
            auth_secret=_unb64url(subscription.auth),
            version="aes128gcm",
        )
    )


class WebPushSender:
    """Implements ``services.push.Sender``: VAPID-signed, encrypted, one POST per message."""

    def __init__(
        self,
        pem: bytes,
        *,
        contact: str,
        timeout: float = 10.0,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        from py_vapid import Vapid02

        self._vapid = Vapid02.from_pem(pem)
        self._contact = contact
        self._timeout = timeout
        self._tls = tls

    def headers(self, endpoint: str, *, now: float | None = None) -> dict[str, str]:
        """The VAPID ``Authorization`` header for the endpoint's push service (its origin)."""
        parts = urlsplit(endpoint)
        claims = {
            "aud": f"{parts.scheme}://{parts.netloc}",
            "exp": int(now if now is not None else time.time()) + TOKEN_LIFETIME,
            "sub": self._contact,
        }
        signed: dict[str, str] = self._vapid.sign(claims)
        return signed

    def send(self, subscription: PushSubscription, payload: bytes) -> int:
        body = encrypt(subscription, payload)
        request = urllib.request.Request(
            subscription.endpoint,
            data=body,
            method="POST",
            headers={
                **self.headers(subscription.endpoint),
                "Content-Encoding": "aes128gcm",
                "Content-Type": "application/octet-stream",
                "TTL": str(TTL),
                "Urgency": "normal",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self._timeout, context=self._tls) as r:
                return int(r.status)
        except urllib.error.HTTPError as answer:
            answer.close()
            return int(answer.code)
        except http.client.HTTPException as garbled:  # not HTTP at all: as unreachable
            raise ConnectionError(str(garbled)) from garbled
