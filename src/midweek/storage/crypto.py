"""Encryption at rest: the key file, the wrapped per-person data key, and the text cipher.

Layout (see docs and ``migrations/0001_initial.sql``):

* The **key file** holds the key-encryption key (KEK): 32 random bytes, base64, after a
  comment line. It is created on first use with mode 0600 in a folder with mode 0700.
* Each person has a random 32-byte **data key**, stored in ``person.wrapped_key``
  encrypted with the KEK (AES-256-GCM, associated data ``midweek/v1|person-key|<uid>``).
* Each free-text value is stored as ``0x01 || nonce(12) || AES-256-GCM(data key)``, with
  associated data ``midweek/v1|<table>|<column>|<row uid>`` so a ciphertext copied to
  another row or column no longer opens.
* The journal's **search index** holds, per person, the first 32 bits of
  HMAC-SHA256(search key, term); the search key is HKDF-SHA256 of the data key with the
  info ``midweek/v1|search-index``, so it changes with the data key and opens nothing.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hmac
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from midweek.domain.errors import EncryptionKeyError, StorageError
from midweek.storage.private_files import make_private_dirs

VERSION = 1
_VERSION_BYTE = bytes([VERSION])
_NONCE = 12
_KEY_BYTES = 32
_AD_PREFIX = b"midweek/v1|"
_HEADER = (
    "# midweek encryption key. It unlocks your journal and notes: keep it private, "
    "do not share it, and keep it apart from your backups.\n"
)


def new_key() -> bytes:
    """32 random bytes from the operating system."""
    return os.urandom(_KEY_BYTES)


def associated_data(table: str, column: str, uid: str) -> bytes:
    """What binds a ciphertext to its place: ``midweek/v1|table|column|uid``."""
    return b"%s%s|%s|%s" % (_AD_PREFIX, table.encode(), column.encode(), uid.encode())


def _person_ad(person_uid: str) -> bytes:
    return _AD_PREFIX + b"person-key|" + person_uid.encode()


# --- the key file -------------------------------------------------------------------


def read_key_file(path: Path) -> bytes | None:
    """The KEK in ``path``, or None when there is no such file."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise EncryptionKeyError(
            f"The encryption key file {path} cannot be read ({exc.strerror or exc})."
        ) from None
    lines = [
        line.strip()
        for line in raw.decode("utf-8", "replace").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    try:
        if len(lines) != 1:
            raise ValueError
        key = base64.b64decode(lines[0], validate=True)
    except (ValueError, binascii.Error):
        key = b""
    if len(key) != _KEY_BYTES:
        raise EncryptionKeyError(
            f"The encryption key file {path} is damaged: it does not hold a midweek key."
        )
    return key


def create_key_file(path: Path) -> bytes:
    """Write a new KEK to ``path`` (0600, folder 0700), atomically; never overwrite one.

    If another process created the file first, its key is returned instead.
    """
    key = new_key()
    body = (_HEADER + base64.b64encode(key).decode("ascii") + "\n").encode("ascii")
    try:
        make_private_dirs(path.parent)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.fchmod(fd, 0o600)  # the umask may have removed bits; never added any
            os.write(fd, body)
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            # A hard link publishes the finished file and, unlike rename, refuses to
            # replace a key file another process wrote in the meantime.
            os.link(tmp, path)
        except FileExistsError:
            os.unlink(tmp)
            existing = read_key_file(path)
            if existing is None:  # pragma: no cover - removed again at once
                raise EncryptionKeyError(f"The encryption key file {path} vanished.") from None
            return existing
        except OSError:
            # Filesystems without hard links: rename is still atomic.
            if path.exists():
                os.unlink(tmp)
                existing = read_key_file(path)
                assert existing is not None
                return existing
            os.replace(tmp, path)
        else:
            os.unlink(tmp)
        with contextlib.suppress(OSError):  # make the new name durable too
            dfd = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)
    except OSError as exc:
        raise EncryptionKeyError(
            f"The encryption key file {path} cannot be created ({exc.strerror or exc})."
        ) from None
    return key


# --- keys and ciphertext ------------------------------------------------------------


def server_key(kek: bytes, purpose: str) -> bytes:
    """A 32-byte key for one server-side purpose, derived from the KEK (HMAC-SHA256).

    The server's own tables (access-token names, login-failure keys) belong to no person,
    so they have no data key; a key derived per purpose keeps them unreadable without the
    key file, and different purposes never share a key.
    """
    import hmac

    return hmac.new(kek, _AD_PREFIX + b"server|" + purpose.encode(), "sha256").digest()


def wrap_data_key(kek: bytes, data_key: bytes, person_uid: str) -> bytes:
    """The data key encrypted with the KEK, bound to the person."""
    nonce = os.urandom(_NONCE)
    return _VERSION_BYTE + nonce + AESGCM(kek).encrypt(nonce, data_key, _person_ad(person_uid))


def unwrap_data_key(kek: bytes, wrapped: bytes, person_uid: str) -> bytes | None:
    """The data key, or None if this KEK does not open it."""
    if len(wrapped) < 1 + _NONCE + 16 or wrapped[0] != VERSION:
        return None
    nonce, body = wrapped[1 : 1 + _NONCE], wrapped[1 + _NONCE :]
    try:
        key = AESGCM(kek).decrypt(nonce, body, _person_ad(person_uid))
    except InvalidTag:
        return None
    return key if len(key) == _KEY_BYTES else None


def hkdf_sha256(key: bytes, info: bytes, length: int = 32) -> bytes:
    """HKDF (RFC 5869) with SHA-256 and an all-zero salt: a key for ``info`` from ``key``."""
    prk = hmac.digest(b"\0" * 32, key, "sha256")
    out, block, counter = b"", b"", 1
    while len(out) < length:
        block = hmac.digest(prk, block + info + bytes([counter]), "sha256")
        out += block
        counter += 1
    return out[:length]


_SEARCH_INFO = _AD_PREFIX + b"search-index"
_IMPORT_INFO = _AD_PREFIX + b"import-fingerprint"


class Cipher:
    """AES-256-GCM with one data key; one ``AESGCM`` object reused for every value.

    It also makes two keyed digests under keys derived (HKDF) from the same data key, so
    the data key itself is used for one purpose only: the search index's (:meth:`blind`)
    and the import fingerprints (:meth:`fingerprint`), never a plain hash of a person's words.
    """

    __slots__ = ("_aead", "_import_key", "_search_key")

    def __init__(self, data_key: bytes) -> None:
        self._aead = AESGCM(data_key)
        self._search_key = hkdf_sha256(data_key, _SEARCH_INFO)
        self._import_key = hkdf_sha256(data_key, _IMPORT_INFO)

    def blind(self, term: str) -> int:
        """The search index's digest of ``term``: a signed 32-bit number, keyed."""
        mac = hmac.digest(self._search_key, term.encode("utf-8"), "sha256")
        return int.from_bytes(mac[:4], "big", signed=True)

    def fingerprint(self, text: str) -> str:
        """HMAC-SHA256 of ``text`` under this person's import key, as hex."""
        return hmac.new(self._import_key, text.encode("utf-8"), "sha256").hexdigest()

    def encrypt(self, table: str, column: str, uid: str, plaintext: str) -> bytes:
        nonce = os.urandom(_NONCE)
        ad = associated_data(table, column, uid)
        return _VERSION_BYTE + nonce + self._aead.encrypt(nonce, plaintext.encode("utf-8"), ad)

    def decrypt(self, table: str, column: str, uid: str, blob: bytes) -> str:
        """The plaintext; StorageError if the value was changed or moved."""
        blob = bytes(blob)
        if len(blob) >= 1 + _NONCE + 16 and blob[0] == VERSION:
            try:
                plain = self._aead.decrypt(
                    blob[1 : 1 + _NONCE], blob[1 + _NONCE :], associated_data(table, column, uid)
                )
                return plain.decode("utf-8")
            except (InvalidTag, UnicodeDecodeError):
                pass
        raise StorageError(
            f"A stored value ({table}.{column}) cannot be decrypted: it was changed or moved "
            "outside midweek, so the database may be damaged."
        )

    def check(self, table: str, column: str, uid: str, blob: bytes) -> bool:
        """True if ``blob`` opens at this place (used to vet a backup before restoring)."""
        try:
            self.decrypt(table, column, uid, blob)
        except StorageError:
            return False
        return True
