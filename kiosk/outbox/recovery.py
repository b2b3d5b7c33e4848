"""Start-up recovery of the outbox: leases whose holder is gone, and orphan blob files.

A job is leased to one worker while it is in flight. A lease whose holder on this machine
no longer runs goes back to pending, marked ambiguous (its request may have been sent); a
lease whose holder went silent is taken over at claim time (kiosk/outbox/leases.py); blob
files no row names are swept.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from pathlib import Path

from kiosk.outbox.blobs import BlobStore
from kiosk.outbox.database import Database
from kiosk.outbox.reserve import ensure_reserve

log = logging.getLogger(__name__)


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
