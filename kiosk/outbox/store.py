"""The outbox store: jobs with states, leases and dependencies, over SQLite and blob files.

Reads are in queries.py, start-up recovery in recovery.py, forgetting delivered plans in
retention.py, staff actions in staff.py; ``Store`` joins them with enqueueing and the
worker's state changes.
"""

from __future__ import annotations

import json
import math
import sqlite3
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from kiosk.outbox.blobs import BlobError, DiskFullError, SealedBlob
from kiosk.outbox.database import Database
from kiosk.outbox.errors import OutboxError
from kiosk.outbox.jobs import Job, JobKind, JobSpec, JobState
from kiosk.outbox.key_check import open_blobs
from kiosk.outbox.keys import KeyStore
from kiosk.outbox.leases import FENCE, LeaseWatch, fence, require
from kiosk.outbox.modes import PRIVATE_DIR
from kiosk.outbox.permissions import check_data_dir_and_key
from kiosk.outbox.queries import READY as _READY
from kiosk.outbox.queries import StoreReads
from kiosk.outbox.recovery import StoreRecovery, check_database_files, database_opened
from kiosk.outbox.reserve import disk_is_full, release_reserve_if_full
from kiosk.outbox.retention import StoreRetention
from kiosk.outbox.staff import StoreStaffActions

DATABASE_NAME = "outbox.sqlite3"
# The longest a job may wait for its next attempt: the larger of outbox.backoff_cap and
# outbox.retry_after_cap (kiosk.outbox.backoff.RetryPolicy.longest_wait), by default 1 h.
LONGEST_WAIT_S = 3600.0


def refuse_lost_database(data_dir: Path) -> None:
    """OutboxError when blob files exist but the database that holds their keys does not."""
    if (data_dir / DATABASE_NAME).exists():
        return
    blobs = data_dir / "blobs"
    count = sum(1 for _ in blobs.glob("*.blob")) if blobs.is_dir() else 0
    if count:
        raise OutboxError(
            f"{count} encrypted captures in {blobs} have no database ({DATABASE_NAME} is "
            "missing); nothing deleted: restore the database or run `kiosk queue recover`"
        )


class Store(StoreReads, StoreRecovery, StoreRetention, StoreStaffActions):
    """Durable jobs and their encrypted images in one data directory."""

    def __init__(
        self,
        data_dir: Path,
        key_store: KeyStore = "auto",
        keep_done_days: float = 7.0,
        seal_to: Path | None = None,
        *,
        longest_wait_s: float = LONGEST_WAIT_S,
        clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        # Wall time (stored, shared between processes) and this process's monotonic time
        # (lease expiry); both injectable so a test can run one worker's clock ahead.
        self.clock = clock
        self.monotonic = monotonic
        self.longest_wait_s = longest_wait_s
        self._watch = LeaseWatch()
        # How long the audit rows of a delivered plan stay (reference, kinds, times, outcome).
        self.keep_done_s = keep_done_days * 86400.0
        try:
            data_dir.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
        except OSError as exc:
            raise OutboxError(
                f"cannot create the data directory {data_dir} ({exc.strerror})"
            ) from None
        self.data_dir = data_dir
        # Another user's data dir or planted key refused; a database missing or empty where
        # one was refused (kiosk/outbox/permissions.py, recovery.py).
        check_data_dir_and_key(data_dir, key_store, seals_only=seal_to is not None)
        check_database_files(data_dir, DATABASE_NAME)
        release_reserve_if_full(data_dir)
        self.db = Database(data_dir / DATABASE_NAME)
        database_opened(data_dir)  # its marker, and the disk reserve while there is room
        # The device key, checked against the outbox (kiosk/outbox/key_check.py); with
        # ``seal_to`` only the delivery side's public key (this process cannot decrypt).
        try:
            self.blobs, self.key_source = open_blobs(data_dir, self.db, key_store, seal_to)
        except BaseException:
            self.db.close()
            raise

    def close(self) -> None:
        """Close the database connections."""
        self.db.close()

    # -- enqueue ---------------------------------------------------------------

    def enqueue(
        self, submission: str, kind: str, summary: dict[str, Any], specs: list[JobSpec]
    ) -> list[int]:
        """Store a plan atomically: every job (with its blob) or none; return the job ids."""
        if disk_is_full(self.data_dir):
            # The last megabytes are the delivery worker's reserve (kiosk/outbox/reserve.py).
            raise DiskFullError(
                f"the disk holding {self.data_dir} is full; nothing was queued: free space "
                "there (the delivery worker frees what it delivers)"
            )
        written: list[SealedBlob | None] = []
        try:
            now = self.clock()
            with self.db.transaction() as conn:
                # Files are written under the write lock: a start-up sweep (which takes the
                # same lock) in another process can never see them before their rows.
                for spec in specs:
                    image = spec.image
                    written.append(
                        None if image is None else self.blobs.write(image, sync_directory=False)
                    )
                if any(written):
                    # Every fsync is a disk barrier: one directory sync covers all the plan's
                    # renames, and it comes before the rows that name the files commit.
                    self.blobs.sync_directory()
                conn.execute(
                    "INSERT INTO submissions (id, kind, summary, created_at) VALUES (?, ?, ?, ?)",
                    (submission, kind, json.dumps(summary), now),
                )
                ids: list[int] = []
                for seq, (spec, blob) in enumerate(zip(specs, written, strict=True)):
                    if blob is not None:
                        conn.execute(
                            "INSERT INTO blobs (id, wrapped_key, size, mime_type, "
                            "created_at) VALUES (?, ?, ?, ?, ?)",
                            (
                                blob.id,
                                blob.wrapped_key,
                                blob.size,
                                spec.mime_type or "application/octet-stream",
                                now,
                            ),
                        )
                    sealed = (
                        self.blobs.seal(json.dumps(spec.secret).encode(), spec.identity)
                        if spec.secret is not None
                        else None
                    )
                    cur = conn.execute(
                        "INSERT INTO jobs (submission, kind, identity, seq, payload, sealed, "
                        "blob_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            submission,
                            spec.kind.value,
                            spec.identity,
                            seq,
                            json.dumps(spec.payload),
                            sealed,
                            blob.id if blob else None,
                            now,
                            now,
                        ),
                    )
                    job_id = int(cur.lastrowid or 0)
                    ids.append(job_id)
                    conn.executemany(
                        "INSERT INTO job_deps (job_id, depends_on) VALUES (?, ?)",
                        [(job_id, ids[i]) for i in spec.after],
                    )
        except BaseException:
            for blob in written:
                if blob is not None:
                    self.blobs.delete(blob.id)
            raise
        return ids

    # -- the worker's side -----------------------------------------------------

    def claim(
        self,
        owner: str,
        lease_seconds: float,
        skip_apis: Iterable[str] = (),
        now: float | None = None,
    ) -> Job | None:
        """Lease the next ready job whose API is not skipped, or None."""
        now = self.clock() if now is None else now
        with self.db.transaction() as conn:
            return self._claim_in(conn, owner, lease_seconds, skip_apis, now)

    def _claim_in(
        self,
        conn: sqlite3.Connection,
        owner: str,
        lease_seconds: float,
        skip_apis: Iterable[str],
        now: float,
    ) -> Job | None:
        skip = [k.value for k in JobKind if k.api in set(skip_apis)]
        marks = ",".join("?" * len(skip))
        where = _READY + (f" AND kind NOT IN ({marks})" if skip else "")
        self._watch.silent(conn, lease_seconds, self.monotonic())
        # A wait set by a clock that was ahead (or a Retry-After from before the cap) ends
        # no later than now + the longest wait, so a corrected clock takes effect here.
        clamp_waits(conn, now, self.longest_wait_s)
        row = conn.execute(
            f"SELECT * FROM jobs WHERE {where.replace(':now', '?')} "
            "ORDER BY next_attempt_at, id LIMIT 1",
            (now, *skip),
        ).fetchone()
        if row is None:
            return None
        conn.execute(
            "UPDATE jobs SET state = 'in_flight', lease_owner = ?, "
            "lease_token = lease_token + 1, lease_beat = 0, "
            "lease_expires = ?, updated_at = ? WHERE id = ?",
            (owner, now + lease_seconds, now, row["id"]),
        )
        job = Job.from_row(row)
        job.state = JobState.IN_FLIGHT
        job.lease_owner = owner
        job.lease_token = row["lease_token"] + 1
        return job

    def renew(self, job: Job, lease_seconds: float) -> bool:
        """Prove the holder alive (its request still in flight); False when the lease is lost."""
        now = self.clock()
        with self.db.transaction() as conn:
            cur = conn.execute(
                f"UPDATE jobs SET lease_beat = lease_beat + 1, lease_expires = ? WHERE {FENCE}",
                (now + lease_seconds, *fence(job)),
            )
            return cur.rowcount == 1

    def release(self, job: Job) -> None:
        """Give back a claimed job that was never attempted (a worker stopping)."""
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE jobs SET state = 'pending', lease_owner = NULL, lease_expires = NULL "
                f"WHERE {FENCE}",
                fence(job),
            )

    def clamp_waits(self, now: float | None = None) -> int:
        """End every wait beyond now + the longest wait there; how many were clamped."""
        with self.db.transaction() as conn:
            return clamp_waits(conn, self.clock() if now is None else now, self.longest_wait_s)

    def image(self, job: Job) -> bytes:
        """The decrypted image of a job."""
        if job.blob_id is None:
            raise ValueError(f"job {job.id} has no image")
        row = (
            self.db.read()
            .execute("SELECT wrapped_key FROM blobs WHERE id = ?", (job.blob_id,))
            .fetchone()
        )
        if row is None:
            raise BlobError(f"job {job.id}: its image key is missing")
        return self.blobs.read(job.blob_id, row["wrapped_key"])

    def secret(self, job: Job) -> dict[str, Any]:
        """The decrypted secret fields of a job (empty when it has none)."""
        if job.sealed is None:
            return {}
        fields: dict[str, Any] = json.loads(self.blobs.unseal(job.sealed, job.identity))
        return fields

    def dependency_results(self, job: Job) -> list[dict[str, Any]]:
        """Results of the jobs this one waits for, in plan order."""
        rows = (
            self.db.read()
            .execute(
                "SELECT j.result FROM job_deps d JOIN jobs j ON j.id = d.depends_on "
                "WHERE d.job_id = ? ORDER BY j.seq",
                (job.id,),
            )
            .fetchall()
        )
        return [json.loads(r["result"]) if r["result"] else {} for r in rows]

    def complete(
        self,
        job: Job,
        result: dict[str, Any] | None = None,
        *,
        then_claim: tuple[str, float, Iterable[str]] | None = None,
    ) -> Job | None:
        """Mark delivered and forget the image's key, then delete its file.

        With ``then_claim`` (owner, lease seconds, APIs to skip) the next job is leased in
        the same transaction and returned: one disk barrier per job instead of two. Raises
        ``LeaseLost`` (nothing changed) when the job is no longer this claim's.
        """
        now = self.clock()
        following = None
        with self.db.transaction() as conn:
            cur = conn.execute(
                "UPDATE jobs SET state = 'done', result = ?, attempts = attempts + 1, "
                "lease_owner = NULL, lease_expires = NULL, last_error = NULL, "
                f"error_class = NULL, updated_at = ?, done_at = ? WHERE {FENCE}",
                (json.dumps(result or {}), now, now, *fence(job)),
            )
            require(cur, job, "completed")
            if job.blob_id:
                conn.execute("DELETE FROM blobs WHERE id = ?", (job.blob_id,))
            if then_claim is not None:
                following = self._claim_in(conn, *then_claim, now)
        if job.blob_id:
            # No directory fsync: should the unlink be lost to a power cut, the file is an
            # orphan whose key is already gone; the start-up sweep removes it.
            self.blobs.delete(job.blob_id)
        return following

    def retry_later(
        self,
        job: Job,
        *,
        delay: float,
        error: str,
        error_class: str,
        ambiguous: bool = False,
        counted: bool = True,
    ) -> None:
        """Back to pending after ``delay`` seconds (at most the longest wait), remembering
        why; ``LeaseLost`` when the job is no longer this claim's."""
        now = self.clock()
        # NaN would be stored as NULL and break the row; inf would park the job for ever.
        if not math.isfinite(delay):
            delay = self.longest_wait_s if delay > 0 else 0.0
        delay = min(max(0.0, delay), self.longest_wait_s)
        with self.db.transaction() as conn:
            cur = conn.execute(
                "UPDATE jobs SET state = 'pending', attempts = attempts + ?, "
                "ambiguous = MAX(ambiguous, ?), next_attempt_at = ?, last_error = ?, "
                "error_class = ?, lease_owner = NULL, lease_expires = NULL, "
                f"updated_at = ? WHERE {FENCE}",
                (
                    1 if counted else 0,
                    int(ambiguous),
                    now + delay,
                    error[:500],
                    error_class,
                    now,
                    *fence(job),
                ),
            )
            require(cur, job, "rescheduled")

    def fail(self, job: Job, reason: str, error_class: str) -> None:
        """Dead-letter a job with a human-readable reason; its image is kept for a retry.

        ``LeaseLost`` when the job is no longer this claim's."""
        now = self.clock()
        with self.db.transaction() as conn:
            cur = conn.execute(
                "UPDATE jobs SET state = 'failed', attempts = attempts + 1, "
                "last_error = ?, error_class = ?, lease_owner = NULL, "
                f"lease_expires = NULL, updated_at = ? WHERE {FENCE}",
                (reason[:500], error_class, now, *fence(job)),
            )
            require(cur, job, "dead-lettered")

    def record_connectivity(self, api: str, online: bool, reason: str) -> None:
        """Remember what the worker learned of an API (read by every process's status)."""
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO connectivity (api, online, reason, since) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (api) DO UPDATE SET reason = excluded.reason, "
                "since = CASE WHEN online = excluded.online THEN since ELSE excluded.since END, "
                "online = excluded.online",
                (api, int(online), reason[:500], self.clock()),
            )


def clamp_waits(conn: sqlite3.Connection, now: float, longest_wait: float) -> int:
    """Bring every pending job's next attempt to at most ``now + longest_wait``; how many."""
    # Inf compares greater than any limit; a NULL (a NaN some older build stored) is due now.
    limit = now + longest_wait
    return conn.execute(
        "UPDATE jobs SET next_attempt_at = CASE WHEN next_attempt_at IS NULL THEN ? ELSE ? END "
        "WHERE state = 'pending' AND (next_attempt_at > ? OR next_attempt_at IS NULL)",
        (now, limit, limit),
    ).rowcount
