"""Staff actions on the outbox: send failed (or waiting) jobs again, purge failed ones."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kiosk.outbox.blobs import BlobStore
from kiosk.outbox.database import Database


class StoreStaffActions:
    """``kiosk queue retry`` and ``kiosk queue purge``; ``Store`` adds the rest."""

    db: Database
    blobs: BlobStore
    clock: Callable[[], float]

    def retry(self, job_id: int | None = None) -> int:
        """Send failed jobs again (one, or all when ``job_id`` is None); return how many.

        One job named by id may also be waiting for its next attempt: it is sent now."""
        now = self.clock()
        query = "UPDATE jobs SET state = 'pending', next_attempt_at = 0, updated_at = ? WHERE "
        args: tuple[Any, ...] = (now,)
        if job_id is None:
            query += "state = 'failed'"
        else:
            query += "(state = 'failed' OR (state = 'pending' AND next_attempt_at > ?)) AND id = ?"
            args += (now, job_id)
        with self.db.transaction() as conn:
            return conn.execute(query, args).rowcount

    def purge_failed(self, older_than_days: float | None = None, job_id: int | None = None) -> int:
        """Delete failed jobs, with the jobs that wait on them; return how many went."""
        cutoff = self.clock() - (older_than_days or 0) * 86400
        with self.db.transaction() as conn:
            query = "SELECT id FROM jobs WHERE state = 'failed' AND updated_at <= ?"
            args: tuple[Any, ...] = (cutoff,)
            if job_id is not None:
                query += " AND id = ?"
                args += (job_id,)
            doomed = {row[0] for row in conn.execute(query, args)}
            frontier = set(doomed)
            while frontier:
                marks = ",".join("?" * len(frontier))
                found = {
                    row[0]
                    for row in conn.execute(
                        f"SELECT job_id FROM job_deps WHERE depends_on IN ({marks})",
                        tuple(frontier),
                    )
                }
                frontier = found - doomed
                doomed |= frontier
            if not doomed:
                return 0
            marks = ",".join("?" * len(doomed))
            blob_ids = [
                row[0]
                for row in conn.execute(
                    f"SELECT blob_id FROM jobs WHERE id IN ({marks}) AND blob_id IS NOT NULL",
                    tuple(doomed),
                )
            ]
            conn.execute(f"DELETE FROM jobs WHERE id IN ({marks})", tuple(doomed))
            conn.executemany("DELETE FROM blobs WHERE id = ?", [(b,) for b in blob_ids])
        for blob_id in blob_ids:
            self.blobs.delete(blob_id)
        return len(doomed)
