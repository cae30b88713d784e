"""Secrets made once per installation into the data folder (the web app's form secret, the
Web Push key pair): written by whichever process comes first, read by every one after."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def made_once(folder: Path, name: str, make: Callable[[], bytes]) -> bytes:
    """The bytes of ``folder/name``, written by ``make()`` if the file does not exist yet
    (the file 0600, the folder 0700). Raises OSError when it cannot be written or read."""
    path = folder / name
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass  # made before, or by another process just now
    else:
        with os.fdopen(fd, "wb") as out:
            out.write(make())
    return path.read_bytes()
