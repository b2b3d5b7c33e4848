"""Fenced leases: who holds an in-flight job, and when another worker may take it over.

A claim writes the worker's id (host, pid and a random part, so two workers in one process
differ) and the job's next ``lease_token``. Every later change of that job — renewal,
completion, retry, dead-letter, release — is one ``UPDATE … WHERE lease_owner = ? AND
lease_token = ?`` inside ``BEGIN IMMEDIATE``: a worker whose lease was taken over changes
nothing, and learns so (``LeaseLost``) instead of marking another worker's job done.

Expiry is judged by the worker that wants the job, on its own monotonic clock: the holder
bumps ``lease_beat`` every quarter lease while its request is in flight, and a lease is
taken over only once the same beat has been seen for ``lease_seconds`` by the claimer. Two
wall clocks never meet in that rule, so a worker whose clock runs an hour ahead (or one
stepped by NTP mid-upload) sees a live lease as live. ``lease_expires`` is still written
(wall time, for people reading the table); a process on this host whose pid is gone loses
its leases at once, at the next claim or start-up (kiosk/outbox/recovery.py).
"""

from __future__ import annotations

import secrets
import sqlite3
import threading
from dataclasses import dataclass

from kiosk.outbox.errors import OutboxError
from kiosk.outbox.jobs import Job
from kiosk.outbox.recovery import lease_owner, owner_is_dead

# The holder renews this many times per lease: three renewals can be missed (a write lock
# held by another process, busy_timeout 30 s, takes about one with the default lease)
# before anyone may take the job.
RENEWALS_PER_LEASE = 4


class LeaseLost(OutboxError):
    """The job's lease now belongs to another worker (or was returned): nothing changed."""


def worker_id() -> str:
    """A new worker's name on its leases: ``host:pid:random``."""
    return f"{lease_owner()}:{secrets.token_hex(4)}"


FENCE = "id = ? AND state = 'in_flight' AND lease_owner = ? AND lease_token = ?"


def fence(job: Job) -> tuple[int, str | None, int]:
    """The arguments of ``FENCE`` for a claimed job."""
    return (job.id, job.lease_owner, job.lease_token)


def require(cursor: sqlite3.Cursor, job: Job, doing: str) -> None:
    """Raise ``LeaseLost`` when a fenced UPDATE changed no row (inside the transaction)."""
    if cursor.rowcount == 0:
        raise LeaseLost(
            f"job {job.id}: not {doing}: its lease was taken over or returned (another "
            "worker reconciles it)"
        )


@dataclass
class _Seen:
    owner: str | None
    token: int
    beat: int
    since: float  # monotonic seconds of the observer


class LeaseWatch:
    """What one worker has seen of other workers' leases, on its own monotonic clock."""

    def __init__(self) -> None:
        self._seen: dict[int, _Seen] = {}
        self._lock = threading.Lock()

    def silent(self, conn: sqlite3.Connection, lease_seconds: float, mono: float) -> int:
        """Return to pending (ambiguous) every in-flight job whose lease has not been renewed
        for ``lease_seconds`` as this watcher saw it, or whose holder was a process on this
        host that no longer runs (a drain killed mid-upload); how many. Call inside a
        transaction."""
        rows = conn.execute(
            "SELECT id, lease_owner, lease_token, lease_beat FROM jobs WHERE state = 'in_flight'"
        ).fetchall()
        stale = []
        with self._lock:
            current = {}
            for job_id, owner, token, beat in rows:
                seen = self._seen.get(job_id)
                if owner_is_dead(owner):
                    stale.append((job_id, owner, token, beat))
                    continue
                if seen is None or (seen.owner, seen.token, seen.beat) != (owner, token, beat):
                    seen = _Seen(owner, token, beat, mono)
                elif mono - seen.since >= lease_seconds:
                    stale.append((job_id, owner, token, beat))
                    continue
                current[job_id] = seen
            self._seen = current
        returned = 0
        for job_id, owner, token, beat in stale:
            # A silent holder may have sent its request: reconcile before any resend.
            returned += conn.execute(
                "UPDATE jobs SET state = 'pending', ambiguous = 1, lease_owner = NULL, "
                "lease_expires = NULL WHERE id = ? AND state = 'in_flight' "
                "AND lease_owner IS ? AND lease_token = ? AND lease_beat = ?",
                (job_id, owner, token, beat),
            ).rowcount
        return returned
