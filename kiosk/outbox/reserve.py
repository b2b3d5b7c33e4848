"""A few megabytes held back on the outbox's disk, released when the disk fills up.

On a full disk SQLite cannot open its WAL or commit, so the worker could neither deliver
nor delete what it delivered: the disk would stay full. The worker keeps a reserve file
while there is room; any process that opens the outbox on a full disk deletes it, which
gives SQLite room to commit the deliveries that free the space. New captures are refused
while less than the reserve is free, so they never eat into it.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

from kiosk.outbox.modes import file_mode

log = logging.getLogger(__name__)

RESERVE_NAME = "disk-reserve"
RESERVE_BYTES = 4 * 1024 * 1024
# Below this much free space the disk counts as full: a WAL commit needs a few pages.
FULL_BELOW = 1024 * 1024


def free_bytes(folder: Path) -> int:
    """Bytes an unprivileged writer may still use on the disk holding ``folder``."""
    info = os.statvfs(folder)
    return info.f_bavail * info.f_frsize


def disk_is_full(folder: Path) -> bool:
    """True when there is no room for new captures: less than twice the reserve free, so
    a released reserve (now free space) is never taken by them."""
    try:
        return free_bytes(folder) < 2 * RESERVE_BYTES
    except OSError:
        return False


def release_reserve_if_full(data_dir: Path) -> bool:
    """Delete the reserve file when the disk is full; True when it was released."""
    reserve = data_dir / RESERVE_NAME
    try:
        if not reserve.exists() or free_bytes(data_dir) >= FULL_BELOW:
            return False
        reserve.unlink()
    except OSError:
        return False
    log.warning(
        "the disk holding %s is full: released the %d-byte reserve", data_dir, RESERVE_BYTES
    )
    return True


def ensure_reserve(data_dir: Path) -> bool:
    """Write the reserve file when it is missing and there is room; True when it exists."""
    reserve = data_dir / RESERVE_NAME
    if reserve.exists():
        return True
    try:
        if free_bytes(data_dir) < 2 * RESERVE_BYTES:
            return False
        fd = os.open(reserve, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    except OSError:
        return False
    try:
        os.fchmod(fd, file_mode(data_dir))
        # Allocated blocks, not a sparse file: a sparse file would reserve nothing.
        os.posix_fallocate(fd, 0, RESERVE_BYTES)
        os.fsync(fd)
    except OSError:
        os.close(fd)
        with contextlib.suppress(OSError):
            reserve.unlink()
        return False
    os.close(fd)
    return True
