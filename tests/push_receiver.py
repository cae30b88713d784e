"""A local push service for the tests: an HTTPS server on 127.0.0.1 that plays the part of
a browser's push service, written from the RFCs with ``cryptography`` alone (not with the
libraries midweek sends with), so it checks what midweek really sends.

``Browser`` holds what a browser keeps for one subscription: its P-256 key pair and 16-byte
auth secret. For each POST the receiver checks the VAPID token (RFC 8292: an ES256 JWT whose
signature verifies with the server's public key in ``k``, ``aud`` its own origin, ``exp`` in
the future and at most 24 hours away, ``sub`` a contact) and decrypts the body (RFC 8291 /
RFC 8188 ``aes128gcm``), recording the plaintext; a path can be told to answer 404/410.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import ssl
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, hmac, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.x509.oid import NameOID

#: The push services the tests' subscriptions are on (MIDWEEK_PUSH_SERVICES in the tests):
#: this receiver's host, and the made-up one of the API's examples.
SERVICES = ("localhost", "push.example.org")


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _point(key: ec.EllipticCurvePublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )


def _hmac(key: bytes, data: bytes) -> bytes:
    h = hmac.HMAC(key, hashes.SHA256())
    h.update(data)
    return h.finalize()


def _expand(prk: bytes, info: bytes, length: int) -> bytes:
    # One HKDF-Expand block is enough for every length used here (<= 32 bytes).
    return _hmac(prk, info + b"\x01")[:length]


class Browser:
    """One subscription's secrets, as the browser keeps them."""

    def __init__(self) -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth_secret = os.urandom(16)

    @property
    def p256dh(self) -> str:
        return b64url(_point(self.key.public_key()))

    @property
    def auth(self) -> str:
        return b64url(self.auth_secret)

    def decrypt(self, body: bytes) -> bytes:
        """RFC 8291 section 3.4 and RFC 8188 section 2, for a single record."""
        salt, rs, idlen = body[:16], int.from_bytes(body[16:20], "big"), body[20]
        sender_point = body[21 : 21 + idlen]
        records = body[21 + idlen :]
        assert len(records) <= rs, "one record expected"
        sender = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), sender_point)
        shared = self.key.exchange(ec.ECDH(), sender)
        key_info = b"WebPush: info\x00" + _point(self.key.public_key()) + sender_point
        ikm = _expand(_hmac(self.auth_secret, shared), key_info, 32)
        prk = _hmac(salt, ikm)
        cek = _expand(prk, b"Content-Encoding: aes128gcm\x00", 16)
        nonce = _expand(prk, b"Content-Encoding: nonce\x00", 12)  # sequence number 0
        padded = AESGCM(cek).decrypt(nonce, records, None)
        text = padded.rstrip(b"\x00")
        assert text.endswith(b"\x02"), "the last record ends with the delimiter 2"
        return text[:-1]


def check_vapid(authorization: str, origin: str, server_key: str, *, now: float) -> dict[str, Any]:
    """The JWT's claims, after checking every rule; AssertionError naming the broken one."""
    scheme, _, params = authorization.partition(" ")
    assert scheme == "vapid", authorization
    parts = dict(p.strip().split("=", 1) for p in params.split(","))
    assert parts["k"] == server_key, "k is the server's public key"
    head, claims, sig = parts["t"].split(".")
    assert json.loads(unb64url(head)) == {"typ": "JWT", "alg": "ES256"}
    raw = unb64url(sig)
    assert len(raw) == 64
    signature = encode_dss_signature(int.from_bytes(raw[:32]), int.from_bytes(raw[32:]))
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(server_key))
    try:
        public.verify(signature, f"{head}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature as err:
        raise AssertionError("the VAPID signature does not verify") from err
    body = json.loads(unb64url(claims))
    assert body["aud"] == origin, body
    assert now < body["exp"] <= now + 24 * 3600, body
    assert body["sub"].startswith(("mailto:", "https:")), body
    return dict(body)


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    claims: dict[str, Any]
    text: str


@dataclass
class PushService:
    """The running receiver: its origin, subscriptions by path, what it received."""

    origin: str
    server_key: str
    tls_pem: str
    tls_file: Path
    browsers: dict[str, Browser] = field(default_factory=dict)
    answers: dict[str, int] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def subscribe(self, name: str) -> tuple[str, Browser]:
        """A new browser's endpoint on this service, and the browser."""
        self.browsers[f"/push/{name}"] = browser = Browser()
        return f"{self.origin}/push/{name}", browser

    def client_tls(self) -> ssl.SSLContext:
        return ssl.create_default_context(cadata=self.tls_pem)

    def texts(self) -> list[str]:
        return [r.text for r in self.received]


def _self_signed(folder: Path) -> tuple[Path, Path, str]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    # Valid for years either side, so a test that freezes the clock still trusts it.
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=3650))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    pem = cert.public_bytes(serialization.Encoding.PEM).decode("ascii")
    cert_path, key_path = folder / "push-cert.pem", folder / "push-key.pem"
    cert_path.write_text(pem)
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path, pem


def start(folder: Path, server_key: str) -> tuple[PushService, ThreadingHTTPServer]:
    """Serve on https://localhost:<free port>/push/<name> until ``server.shutdown()``."""
    cert, key, pem = _self_signed(folder)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            try:
                browser = service.browsers[self.path]
                assert self.headers["Content-Encoding"] == "aes128gcm"
                assert int(self.headers["TTL"]) > 0
                claims = check_vapid(
                    self.headers["Authorization"], service.origin, server_key, now=time.time()
                )
                text = browser.decrypt(body).decode("utf-8")
            except Exception as err:  # recorded, so the test fails with the reason
                service.errors.append(f"{self.path}: {err!r}")
                self.send_response(400)
                self.end_headers()
                return
            service.received.append(Received(self.path, dict(self.headers), claims, text))
            self.send_response(service.answers.get(self.path, 201))
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    server.socket = tls.wrap_socket(server.socket, server_side=True)
    service = PushService(f"https://localhost:{server.server_port}", server_key, pem, cert)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return service, server
