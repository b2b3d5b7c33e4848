"""The modes of what the outbox creates, following its data dir: private or group-shared.

On the installed kiosk two users share the queue: the screen (``branch-kiosk-screen``)
enqueues, the delivery service (``branch-kiosk``) claims and delivers. The data dir is then
``branch-kiosk:branch-kiosk`` mode 2770 (setgid: what is created inside keeps the group),
and the database, its WAL and shared memory, the blobs and the outbox's own files must be
group read-write (0660, directories 2770) or one of the two cannot open the database.
Any other data dir stays private to its one user: 0600 files, 0700 directories.

The setgid bit of a directory is never set here: Linux gives it to every directory made in
a setgid one (mkdir(2)), and the units' ``RestrictSUIDSGID=yes`` (systemd.exec(5)) refuses
a mkdir or chmod that asks for it (EPERM).
``keys/`` and the device key are never shared (kiosk/outbox/keys.py).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_FILE, PRIVATE_DIR = 0o600, 0o700
SHARED_FILE, SHARED_DIR = 0o660, 0o770  # directories: 2770 through the data dir's setgid


def is_shared(data_dir: Path) -> bool:
    """True when ``data_dir`` is setgid, group read-write-search and not writable by others."""
    try:
        mode = stat.S_IMODE(data_dir.stat().st_mode)
    except OSError:
        return False
    return bool(mode & stat.S_ISGID) and mode & 0o070 == 0o070 and not mode & stat.S_IWOTH


def file_mode(data_dir: Path) -> int:
    """The mode of a file the outbox creates in ``data_dir`` (or below it)."""
    return SHARED_FILE if is_shared(data_dir) else PRIVATE_FILE


def dir_mode(data_dir: Path) -> int:
    """The mode of a directory the outbox creates in ``data_dir``."""
    return SHARED_DIR if is_shared(data_dir) else PRIVATE_DIR


def umask_for(data_dir: Path) -> int:
    """The umask under which SQLite creates the database in ``data_dir``."""
    return 0o007 if is_shared(data_dir) else 0o077


def set_mode(path: Path | str, mode: int) -> None:
    """chmod ``path`` to ``mode`` when this user owns it and its permission bits differ.

    The other user of a shared outbox may not chmod this user's files (EPERM), and need
    not: the owner gave them their mode when it created them. A directory's setgid bit is
    kept as it is.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return
    current = stat.S_IMODE(info.st_mode)
    if info.st_uid == os.geteuid() and current & 0o777 != mode & 0o777:
        os.chmod(path, (mode & 0o777) | (current & stat.S_ISGID))
