"""What a delivered plan leaves behind, and when it goes.

A plan is through when every job is delivered and its verdict is no longer being
followed. Its payloads, results and sealed customer identifiers go at once; its audit
rows (reference, kinds, times, outcome) after ``keep_done_days``.
"""

from __future__ import annotations

import time

from kiosk.outbox.database import Database

# Plans whose every job is delivered and whose verdict is settled (not being followed).
_THROUGH = """
    SELECT v.submission FROM verdicts v WHERE v.follow != 'following'
      AND NOT EXISTS (SELECT 1 FROM jobs o WHERE o.submission = v.submission
                      AND o.state != 'done')
"""
_SCRUB = f"""
    UPDATE jobs SET payload = '{{}}', sealed = NULL, result = NULL
    WHERE submission IN ({_THROUGH})
      AND (payload != '{{}}' OR sealed IS NOT NULL OR result IS NOT NULL)
"""
_EXPIRED = f"""
    SELECT s.id FROM submissions s
    WHERE s.id IN ({_THROUGH})
      AND (SELECT MAX(done_at) FROM jobs j WHERE j.submission = s.id) < :before
"""
_ANYTHING_TO_FORGET = f"""
    SELECT EXISTS (SELECT 1 FROM jobs WHERE submission IN ({_THROUGH})
                   AND (payload != '{{}}' OR sealed IS NOT NULL OR result IS NOT NULL))
        OR EXISTS ({_EXPIRED})
"""


class StoreRetention:
    """Forgetting delivered plans; ``Store`` adds the rest."""

    db: Database
    # How long the audit rows of a delivered plan stay (reference, kinds, times, outcome).
    keep_done_s: float

    def forget_delivered(self, now: float | None = None) -> int:
        """Delete what a fully delivered plan no longer needs; the rows changed.

        A plan is through when every job is delivered and its verdict is no longer being
        followed (a receipt's record is read with the customer's sealed identifier until
        SessionM judges it). Its payloads, results and sealed customer identifiers go at
        once; its audit rows (reference, kinds, times, outcome) after ``keep_done_days``.
        The WAL is then checkpointed and truncated, so deleted keys do not linger in it.
        """
        now = time.time() if now is None else now
        if (
            not self.db.read()
            .execute(_ANYTHING_TO_FORGET, {"before": now - self.keep_done_s})
            .fetchone()[0]
        ):
            return 0
        with self.db.transaction() as conn:
            changed = conn.execute(_SCRUB).rowcount
            old = [(row[0],) for row in conn.execute(_EXPIRED, {"before": now - self.keep_done_s})]
            conn.executemany("DELETE FROM verdicts WHERE submission = ?", old)
            conn.executemany("DELETE FROM jobs WHERE submission = ?", old)
            conn.executemany("DELETE FROM submissions WHERE id = ?", old)
        self.checkpoint()
        return changed + len(old)

    def checkpoint(self) -> None:
        """Copy the WAL into the database and truncate it (best effort under readers)."""
        self.db.connection().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
