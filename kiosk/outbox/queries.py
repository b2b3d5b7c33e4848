"""The outbox's read-only views: one job, job lists, queue status, what is left to do."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from typing import Any

from kiosk.outbox.database import Database
from kiosk.outbox.jobs import ErrorLine, Job, JobKind, JobState, QueueStatus, Reachability

READY = """
    state = 'pending' AND next_attempt_at <= :now
    AND NOT EXISTS (SELECT 1 FROM job_deps d JOIN jobs j ON j.id = d.depends_on
                    WHERE d.job_id = jobs.id AND j.state != 'done')
"""


class StoreReads:
    """Queries over the jobs table; ``Store`` adds the state changes."""

    db: Database

    def get(self, job_id: int) -> Job | None:
        """One job by id."""
        row = self.db.read().execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return Job.from_row(row) if row else None

    def jobs(
        self, *, states: Iterable[JobState] = (), submission: str | None = None, limit: int = 200
    ) -> list[Job]:
        """Jobs, newest first, optionally filtered."""
        clauses: list[str] = []
        args: list[str] = []
        values = [s.value for s in states]
        if values:
            clauses.append(f"state IN ({','.join('?' * len(values))})")
            args += values
        if submission is not None:
            clauses.append("submission = ?")
            args.append(submission)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = (
            self.db.read()
            .execute(f"SELECT * FROM jobs {where} ORDER BY id DESC LIMIT ?", (*args, limit))
            .fetchall()
        )
        return [Job.from_row(r) for r in rows]

    def submission_summary(self, submission: str) -> dict[str, Any] | None:
        """The summary stored with a submission."""
        row = (
            self.db.read()
            .execute("SELECT summary FROM submissions WHERE id = ?", (submission,))
            .fetchone()
        )
        return json.loads(row[0]) if row else None

    def status(self, now: float | None = None, errors: int = 5) -> QueueStatus:
        """Counts per state, blocked jobs, oldest pending age and the latest errors."""
        now = time.time() if now is None else now
        conn = self.db.read()
        counts = {s.value: 0 for s in JobState}
        for row in conn.execute("SELECT state, COUNT(*) FROM jobs GROUP BY state"):
            counts[row[0]] = row[1]
        blocked = conn.execute(
            "SELECT COUNT(*) FROM jobs WHERE state = 'pending' AND EXISTS ("
            "SELECT 1 FROM job_deps d JOIN jobs j ON j.id = d.depends_on "
            "WHERE d.job_id = jobs.id AND j.state = 'failed')"
        ).fetchone()[0]
        oldest = conn.execute(
            "SELECT MIN(created_at) FROM jobs WHERE state IN ('pending', 'in_flight')"
        ).fetchone()[0]
        upcoming = conn.execute(
            f"SELECT MIN(next_attempt_at) FROM jobs WHERE {READY.replace(':now', '1e18')}"
        ).fetchone()[0]
        lines = [
            ErrorLine(
                r["id"], r["kind"], r["state"], r["attempts"], r["last_error"], r["updated_at"]
            )
            for r in conn.execute(
                "SELECT * FROM jobs WHERE last_error IS NOT NULL ORDER BY updated_at DESC LIMIT ?",
                (errors,),
            )
        ]
        return QueueStatus(
            counts=counts,
            blocked=blocked,
            oldest_pending_age=None if oldest is None else max(0.0, now - oldest),
            next_attempt_in=None if upcoming is None else max(0.0, upcoming - now),
            last_errors=lines,
        )

    def outstanding(self) -> int:
        """Jobs still to deliver (pending or in flight)."""
        return int(
            self.db.read()
            .execute("SELECT COUNT(*) FROM jobs WHERE state IN ('pending', 'in_flight')")
            .fetchone()[0]
        )

    def waiting_kinds(self) -> set[str]:
        """The kinds of the jobs still to deliver."""
        rows = self.db.read().execute(
            "SELECT DISTINCT kind FROM jobs WHERE state IN ('pending', 'in_flight')"
        )
        return {str(row[0]) for row in rows}

    def deliverable(self) -> int:
        """Jobs still to deliver that do not wait, directly or not, on a failed job."""
        return int(
            self.db.read()
            .execute(
                "WITH RECURSIVE stuck(id) AS ("
                " SELECT d.job_id FROM job_deps d JOIN jobs j ON j.id = d.depends_on"
                " WHERE j.state = 'failed'"
                " UNION SELECT d.job_id FROM job_deps d JOIN stuck s ON d.depends_on = s.id)"
                " SELECT COUNT(*) FROM jobs WHERE state IN ('pending', 'in_flight')"
                " AND id NOT IN (SELECT id FROM stuck)"
            )
            .fetchone()[0]
        )

    def wait_hint(self, now: float | None = None) -> float | None:
        """Seconds until the next ready pending job is due, or None if none is waiting."""
        now = time.time() if now is None else now
        row = (
            self.db.read()
            .execute(f"SELECT MIN(next_attempt_at) FROM jobs WHERE {READY.replace(':now', '1e18')}")
            .fetchone()
        )
        return None if row[0] is None else max(0.0, row[0] - now)

    def connectivity(self) -> dict[str, Reachability]:
        """Per API, what the delivery worker last learned (``online`` None: nothing yet)."""
        known = {
            row["api"]: Reachability(row["api"], bool(row["online"]), row["reason"], row["since"])
            for row in self.db.read().execute("SELECT * FROM connectivity")
        }
        apis = sorted({kind.api for kind in JobKind})
        return {api: known.get(api, Reachability(api, None)) for api in apis}
