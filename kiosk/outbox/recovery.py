"""Start-up recovery of the outbox: leases whose holder is gone, and orphan blob files.

A job is leased to one worker while it is in flight. A lease whose holder on this machine
no longer runs goes back to pending, marked ambiguous (its request may have been sent); a
lease whose holder went silent is taken over at claim time (kiosk/outbox/leases.py); blob
files no row names are swept.

Before the database is opened, ``check_database_files`` refuses a data dir whose database
is gone or truncated to nothing while it still has work: blob files without it, or the
marker each outbox leaves once its database exists (a job without an image, such as a
session's closing request, would otherwise vanish without a word).
"""

from __future__ import annotations

import logging
import os
import socket
import time
from pathlib import Path

from kiosk.outbox.blobs import BlobStore
from kiosk.outbox.database import Database
from kiosk.outbox.errors import OutboxError
from kiosk.outbox.modes import file_mode
from kiosk.outbox.reserve import ensure_reserve

log = logging.getLogger(__name__)

# Written once the database exists; a data dir with it and without the database lost one.
MARKER_NAME = "outbox.expected"


def _blob_files(data_dir: Path) -> int:
    blobs = data_dir / "blobs"
    return sum(1 for _ in blobs.glob("*.blob")) if blobs.is_dir() else 0


def check_database_files(data_dir: Path, database_name: str) -> None:
    """OutboxError when the database is missing or empty (0 bytes) where one held work."""
    database = data_dir / database_name
    try:
        size = database.stat().st_size
    except FileNotFoundError:
        size = None
    if size:
        return
    count = _blob_files(data_dir)
    had_one = (data_dir / MARKER_NAME).exists()
    if size is None and count:
        raise OutboxError(
            f"{count} encrypted captures in {data_dir / 'blobs'} have no database "
            f"({database_name} is missing); nothing deleted: restore the database or run "
            "`kiosk queue recover`"
        )
    if size is None and had_one:
        raise OutboxError(
            f"the outbox database {database} is missing though this data dir had one: the "
            "jobs it held are lost, those without an image too (a session's closing "
            "request); nothing deleted: restore the database, or run `kiosk queue recover` "
            "to start a new one"
        )
    if size == 0 and (count or had_one):
        held = f"{count} encrypted captures wait in {data_dir / 'blobs'}"
        held = held if count else "it held jobs"
        raise OutboxError(
            f"the outbox database {database} is empty (0 bytes) though {held}: it was "
            "truncated; nothing deleted: restore it, or run `kiosk queue recover`"
        )


def database_opened(data_dir: Path) -> None:
    """After the database opened: leave the marker, and the disk reserve while there is room.

    Every process that opens the outbox keeps the reserve, not only the worker: a
    ``kiosk queue drain`` on a disk that filled up before any worker ran must find one to
    release (kiosk/outbox/reserve.py).
    """
    marker = data_dir / MARKER_NAME
    if not marker.exists():
        try:
            fd = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC, 0o600)
            os.fchmod(fd, file_mode(data_dir))
            os.write(fd, b"an outbox database was created in this directory\n")
            os.fsync(fd)
            os.close(fd)
        except OSError as exc:
            log.warning("cannot write %s (%s)", marker, exc.strerror)
    ensure_reserve(data_dir)


def lease_owner() -> str:
    """This process's name on a lease: host and pid."""
    return f"{socket.gethostname()}:{os.getpid()}"


def owner_is_dead(owner: str | None) -> bool:
    """True when a lease belongs to a process on this host that is no longer running."""
    # "host:pid", or "host:pid:random" (kiosk.outbox.leases.worker_id).
    host, _, pid = (owner or "").rpartition(":")
    if not pid.isdigit():
        host, _, pid = host.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


class StoreRecovery:
    """The worker's start-up pass over the store; ``Store`` adds the rest."""

    db: Database
    blobs: BlobStore
    data_dir: Path

    def recover(self, now: float | None = None) -> tuple[int, int]:
        """Return dead workers' leases to pending and sweep orphan blob files; (leases, files)."""
        now = time.time() if now is None else now
        with self.db.transaction() as conn:
            # Leases of workers on this machine that no longer run need not wait to expire.
            # A lease is never returned here for its wall-clock expiry: this process's clock
            # may be ahead of the holder's (kiosk/outbox/leases.py judges silence instead).
            dead = [
                (row[0],)
                for row in conn.execute(
                    "SELECT id, lease_owner FROM jobs WHERE state = 'in_flight'"
                )
                if owner_is_dead(row[1])
            ]
            conn.executemany(
                "UPDATE jobs SET state = 'pending', ambiguous = 1, lease_owner = NULL, "
                "lease_expires = NULL, updated_at = ? WHERE id = ?",
                [(now, job_id) for (job_id,) in dead],
            )
            leases = len(dead)
            # Rows of delivered jobs should have gone with them; finish what a crash cut short.
            conn.execute(
                "DELETE FROM blobs WHERE id IN (SELECT blob_id FROM jobs "
                "WHERE state = 'done' AND blob_id IS NOT NULL)"
            )
            known = {row[0] for row in conn.execute("SELECT id FROM blobs")}
            # Still under the write lock, so no enqueue is between its files and its rows.
            # This database passed quick_check when it was opened; a file older than the
            # database is not its orphan (it belonged to a database lost before it) and stays.
            # File times come from a coarse clock (and FAT's are 2 s steps): allow for it.
            files = self.blobs.sweep(known, newer_than=self.db.created_at() - 2.0)
        # Only the worker recovers: it keeps the reserve it may need on a full disk.
        ensure_reserve(self.data_dir)
        if leases or files:
            log.info(
                "outbox recovery: %d lease(s) returned, %d orphan file(s) removed", leases, files
            )
        return leases, files
