"""What became of each submission, kept for staff: the receipt's SessionM verdict and the
prospect session's AmpliFi ``requestId``, beside the delivery state of its jobs.

Rows are made from the results of delivered jobs (a receipt once all its parts are in,
a prospect session once its generic request is answered) and a receipt's row is then kept
up to date by the worker (``kiosk.outbox.follow``) until SessionM says ``valid`` or
``invalid``. Nothing here names a customer: no user id, external id or token is stored.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from kiosk.api.sessionm_models import ImageValidation, code_description
from kiosk.outbox.database import Database

# A receipt is followed once every job of its submission is delivered.
_ADOPT_RECEIPTS = """
    INSERT INTO verdicts (submission, api, create_job, validation_id, status, follow,
                          next_check_at, created_at, updated_at)
    SELECT j.submission, 'sessionm', j.id,
           CAST(json_extract(j.result, '$.validation_id') AS TEXT),
           (SELECT json_extract(o.result, '$.status') FROM jobs o
            WHERE o.submission = j.submission ORDER BY o.seq DESC LIMIT 1),
           'following', :now, :now, :now
    FROM jobs j
    WHERE j.kind = 'sessionm.create' AND j.state = 'done'
      AND NOT EXISTS (SELECT 1 FROM verdicts v WHERE v.submission = j.submission)
      AND NOT EXISTS (SELECT 1 FROM jobs o WHERE o.submission = j.submission
                      AND o.state != 'done')
"""
# AmpliFi has nothing to follow: its answer is final when the generic request is.
_ADOPT_SESSIONS = """
    INSERT INTO verdicts (submission, api, status, request_id, is_duplicate, follow,
                          created_at, updated_at)
    SELECT j.submission, 'amplifi', 'received',
           CAST(json_extract(j.result, '$.requestId') AS TEXT),
           COALESCE(json_extract(j.result, '$.isDuplicate'), 0), 'final', :now, :now
    FROM jobs j
    WHERE j.kind = 'amplifi.generic_request' AND j.state = 'done'
      AND NOT EXISTS (SELECT 1 FROM verdicts v WHERE v.submission = j.submission)
"""
# The same conditions as the two adoptions, so that a receipt whose last part failed does
# not take the write lock on every idle turn.
_ANYTHING_TO_DO = """
    SELECT EXISTS (SELECT 1 FROM verdicts WHERE follow = 'following' AND next_check_at <= :now)
        OR EXISTS (SELECT 1 FROM jobs j WHERE j.state = 'done'
                   AND j.kind IN ('sessionm.create', 'amplifi.generic_request')
                   AND NOT EXISTS (SELECT 1 FROM verdicts v WHERE v.submission = j.submission)
                   AND NOT EXISTS (SELECT 1 FROM jobs o WHERE o.submission = j.submission
                                   AND o.state != 'done'))
"""


@dataclass(frozen=True)
class Line:
    """One result line of a valid receipt, as staff see it."""

    description: str
    quantity: int | float | None
    price: int | float | None
    points: int | float | None


@dataclass(frozen=True)
class Verdict:
    """What the server made of one submission."""

    submission: str
    api: str  # "sessionm" (a receipt) or "amplifi" (a prospect session)
    status: str | None  # SessionM's status as sent (valid, invalid, pending, …) or "received"
    follow: str  # following | final | gave_up
    validation_id: str | None = None
    invalid_code: int | None = None
    invalid_reason: str | None = None
    points: int | float | None = None
    lines: tuple[Line, ...] = ()
    store_name: str | None = None
    receipt_date: str | None = None
    request_id: str | None = None
    is_duplicate: bool = False
    checks: int = 0
    last_error: str | None = None
    updated_at: float = 0.0

    @property
    def final(self) -> bool:
        """True once the verdict will not change (valid, invalid, or AmpliFi's answer)."""
        return self.follow == "final"

    @property
    def reason(self) -> str:
        """Why a receipt is invalid: SessionM's own ``invalid_reason``, else the page's
        description of the code (``code N`` for one its table does not list)."""
        if self.status != "invalid":
            return ""
        return self.invalid_reason or code_description(self.invalid_code)

    @property
    def summary(self) -> str:
        """One word or two for a staff list: valid, invalid, pending, received (duplicate)…"""
        if self.api == "amplifi":
            return "received (duplicate)" if self.is_duplicate else "received"
        if self.follow == "gave_up":
            return f"not judged ({self.status or 'unknown'})"
        return self.status or "unknown"

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Verdict:
        """Build from a ``verdicts`` row."""
        lines = tuple(Line(**item) for item in json.loads(row["results"] or "[]"))
        points = row["points"]
        if isinstance(points, float) and points.is_integer():
            points = int(points)
        return cls(
            submission=row["submission"],
            api=row["api"],
            status=row["status"],
            follow=row["follow"],
            validation_id=row["validation_id"],
            invalid_code=row["invalid_code"],
            invalid_reason=row["invalid_reason"],
            points=points,
            lines=lines,
            store_name=row["store_name"],
            receipt_date=row["receipt_date"],
            request_id=row["request_id"],
            is_duplicate=bool(row["is_duplicate"]),
            checks=row["checks"],
            last_error=row["last_error"],
            updated_at=row["updated_at"],
        )


@dataclass(frozen=True)
class SubmissionView:
    """One submission as the staff list shows it."""

    reference: str
    kind: str  # receipt | prospect
    created_at: float
    delivery: str  # queued | sending | sent | failed | purged
    verdict: Verdict | None = field(default=None)

    def to_json(self) -> dict[str, Any]:
        """Plain data for ``--json`` output (times as ISO 8601 UTC)."""
        out: dict[str, Any] = {
            "reference": self.reference,
            "kind": self.kind,
            "created_at": datetime.fromtimestamp(self.created_at, UTC).isoformat(),
            "delivery": self.delivery,
            "verdict": None,
            "reason": "",
        }
        v = self.verdict
        if v is not None:
            detail = asdict(v)
            detail.pop("submission")
            detail["lines"] = [asdict(line) for line in v.lines]
            detail["final"] = v.final
            detail["updated_at"] = datetime.fromtimestamp(v.updated_at, UTC).isoformat()
            out |= {"verdict": v.summary, "reason": v.reason, "detail": detail}
        return out


@dataclass(frozen=True)
class DueCheck:
    """A receipt whose record is due to be read again (leased to one worker)."""

    submission: str
    validation_id: str | None
    create_job: int
    checks: int
    created_at: float


def _delivery(total: int, done: int, failed: int, in_flight: int) -> str:
    if total == 0:
        return "purged"
    if failed:
        return "failed"
    if done == total:
        return "sent"
    return "sending" if in_flight or done else "queued"


class Verdicts:
    """The ``verdicts`` table of one outbox database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- the worker's side -----------------------------------------------------------

    def claim_check(self, lease_seconds: float, now: float | None = None) -> DueCheck | None:
        """Make rows for newly delivered submissions, then lease the receipt whose record is
        due to be read first, or None. A cheap read comes first: idle workers call this."""
        now = time.time() if now is None else now
        if not self.db.read().execute(_ANYTHING_TO_DO, {"now": now}).fetchone()[0]:
            return None
        with self.db.transaction() as conn:
            conn.execute(_ADOPT_RECEIPTS, {"now": now})
            conn.execute(_ADOPT_SESSIONS, {"now": now})
            row = conn.execute(
                "SELECT * FROM verdicts WHERE follow = 'following' AND next_check_at <= ? "
                "ORDER BY next_check_at LIMIT 1",
                (now,),
            ).fetchone()
            if row is None:
                return None
            # Leased by pushing the next check out; a worker that dies lets it come due again.
            conn.execute(
                "UPDATE verdicts SET next_check_at = ? WHERE submission = ?",
                (now + lease_seconds, row["submission"]),
            )
        return DueCheck(
            row["submission"], row["validation_id"], row["create_job"], row["checks"],
            row["created_at"],
        )  # fmt: skip

    def record(
        self,
        due: DueCheck,
        record: ImageValidation | None,
        *,
        next_in: float,
        follow_until: float,
        error: str | None = None,
        now: float | None = None,
    ) -> Verdict:
        """Store what one read of the record showed (or why it could not be read), and when
        to read it next; past ``follow_until`` an undecided receipt is given up on."""
        now = time.time() if now is None else now
        follow = "following"
        if record is not None and record.is_final:
            follow = "final"
        elif now + next_in > follow_until:
            follow = "gave_up"
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE verdicts SET checks = checks + 1, follow = ?, next_check_at = ?, "
                "last_error = ?, updated_at = ? WHERE submission = ?",
                (
                    follow,
                    now + next_in if follow == "following" else None,
                    error[:300] if error else None,
                    now,
                    due.submission,
                ),
            )
            if record is not None:
                self._store_record(conn, due.submission, record)
            row = conn.execute(
                "SELECT * FROM verdicts WHERE submission = ?", (due.submission,)
            ).fetchone()
        return Verdict.from_row(row)

    @staticmethod
    def _store_record(conn: sqlite3.Connection, submission: str, record: ImageValidation) -> None:
        # Only what staff need: never user_id, external_id, data or image URLs.
        lines = [
            asdict(Line(r.description or r.name or "", r.quantity, r.price, r.points))
            for r in record.results or []
        ]
        code = record.invalid_code
        conn.execute(
            "UPDATE verdicts SET status = ?, invalid_code = ?, invalid_reason = ?, points = ?, "
            "results = ?, store_name = ?, receipt_date = ? WHERE submission = ?",
            (
                record.status_text,
                None if code is None else int(code),
                record.invalid_reason,
                record.total_points() if record.results else None,
                json.dumps(lines) if lines else None,
                record.store_name,
                record.receipt_date,
                submission,
            ),
        )

    # -- what staff and the result screen read ----------------------------------------

    def get(self, reference: str) -> Verdict | None:
        """The stored verdict of one submission, if there is one yet."""
        row = (
            self.db.read()
            .execute("SELECT * FROM verdicts WHERE submission = ?", (reference,))
            .fetchone()
        )
        return Verdict.from_row(row) if row else None

    def submissions(self, limit: int = 100) -> list[SubmissionView]:
        """The latest submissions, newest first, with delivery state and verdict."""
        rows = (
            self.db.read()
            .execute(
                "SELECT s.id, s.kind, s.created_at, COUNT(j.id) AS total, "
                "COALESCE(SUM(j.state = 'done'), 0) AS done, "
                "COALESCE(SUM(j.state = 'failed'), 0) AS failed, "
                "COALESCE(SUM(j.state = 'in_flight'), 0) AS in_flight "
                "FROM submissions s LEFT JOIN jobs j ON j.submission = s.id "
                "GROUP BY s.id ORDER BY s.created_at DESC, s.rowid DESC LIMIT ?",
                (limit,),
            )
            .fetchall()
        )
        found = {
            r["submission"]: Verdict.from_row(r)
            for r in self.db.read().execute(
                f"SELECT * FROM verdicts WHERE submission IN ({','.join('?' * len(rows))})",
                [r["id"] for r in rows],
            )
        }
        return [
            SubmissionView(
                r["id"],
                r["kind"],
                r["created_at"],
                _delivery(r["total"], r["done"], r["failed"], r["in_flight"]),
                found.get(r["id"]),
            )
            for r in rows
        ]
