"""Private files and folders: what midweek creates on disk only its owner may read.

Folders are made with mode 0700 and files with 0600, whatever the umask (the database, its
folder, the key file's folder). Standard library only; any storage room may import it.
"""

from __future__ import annotations

import os
from pathlib import Path

from midweek.domain.errors import StorageError


def make_private_dirs(folder: Path) -> None:
    """Create ``folder`` and its missing parents with mode 0700, whatever the umask.

    Raises OSError.
    """
    missing: list[Path] = []
    p = folder
    while not p.exists():
        missing.append(p)
        if p.parent == p:
            break
        p = p.parent
    for d in reversed(missing):
        try:
            os.mkdir(d, 0o700)
        except FileExistsError:
            continue
        os.chmod(d, 0o700)


def ensure_folder(folder: Path) -> None:
    """The database's folder, created (0700) if missing; StorageError if that fails."""
    if folder.is_dir():
        return
    try:
        make_private_dirs(folder)
    except OSError as exc:
        raise StorageError(
            f"The folder {folder} for the database cannot be created ({exc.strerror or exc})."
        ) from None
    if not folder.is_dir():
        raise StorageError(f"{folder} is not a folder, so the database cannot be kept there.")


def create_private_file(path: Path) -> None:
    """An empty database file only its owner can read (SQLite gives -wal/-shm the same mode)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # another process was first; fine
    except OSError as exc:
        raise StorageError(
            f"The database file {path} cannot be created ({exc.strerror or exc})."
        ) from None
    os.fchmod(fd, 0o600)
    os.close(fd)
