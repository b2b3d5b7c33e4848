"""The submitted receipts' perceptual hashes (hashes only, no images), kept by the outbox.

The hashes live in the outbox database (table ``receipt_hashes``), one transaction per
``remember``: processes that submit at the same time each keep their entry, where a JSON
file rewritten by each of them lost all but the last writer's. The receipt checks read
them through ``recent`` (a ``kiosk.capture.phash.RecentHashes``); the hashing is theirs.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.outbox.database import Database
from kiosk.outbox.errors import OutboxError
from kiosk.outbox.store import DATABASE_NAME, refuse_lost_database

if TYPE_CHECKING:
    from kiosk.config import Settings

log = logging.getLogger(__name__)

# Where earlier versions kept the hashes; imported once into the database, then removed.
LEGACY_NAME = "receipt_hashes.json"


class ReceiptHashes:
    """Hashes of recent submissions in the outbox database, pruned to a window and a count."""

    def __init__(self, path: Path, window_days: float = 30.0, max_entries: int = 2000) -> None:
        self.path = path
        self.window_s = window_days * 86400.0
        self.max_entries = max_entries
        self._lock = threading.Lock()
        self._db: Database | None = None
        # Live checks ask every frame: read the table again only when a commit changed it.
        self._cache: tuple[tuple[int, int], list[tuple[int, float]]] | None = None
        # After a failure the live checks (every frame) do not retry, or log, for a while.
        self._quiet_until = 0.0

    @classmethod
    def for_settings(cls, settings: Settings) -> ReceiptHashes:
        """The kiosk's store: its data directory, the receipt checks' window and count."""
        receipt = settings.capture.receipt
        return cls.in_data_dir(
            settings.data_dir, receipt.duplicate_window_days, receipt.duplicate_max_entries
        )

    @classmethod
    def in_data_dir(cls, data_dir: Path, window_days: float, max_entries: int) -> ReceiptHashes:
        """The store kept in the kiosk's data directory (its outbox database)."""
        return cls(data_dir / DATABASE_NAME, window_days, max_entries)

    def _database(self, create: bool) -> Database | None:
        with self._lock:
            legacy = (self.path.parent / LEGACY_NAME).exists()
            if self._db is None and (create or legacy or self.path.exists()):
                refuse_lost_database(self.path.parent)
                self._db = Database(self.path)
                self._import_legacy(self._db)
            return self._db

    def _import_legacy(self, db: Database) -> None:
        legacy = self.path.parent / LEGACY_NAME
        if not legacy.exists():
            return
        try:
            raw = json.loads(legacy.read_text(encoding="utf-8"))
            rows = [(str(item["hash"]), float(item["at"])) for item in raw.get("hashes", [])]
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            rows = []  # a damaged file only weakens duplicate detection
        with db.transaction() as conn:
            conn.executemany("INSERT INTO receipt_hashes (hash, created_at) VALUES (?, ?)", rows)
        legacy.unlink(missing_ok=True)

    def close(self) -> None:
        """Close the database connections."""
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def _entries(self) -> list[tuple[int, float]]:
        db = self._database(create=False)
        if db is None:
            return []
        conn = db.read()
        stamp = (
            int(conn.execute("PRAGMA data_version").fetchone()[0]),
            conn.total_changes,
        )
        if self._cache is not None and self._cache[0] == stamp:
            return self._cache[1]
        rows = conn.execute("SELECT hash, created_at FROM receipt_hashes").fetchall()
        entries = []
        for text, at in rows:
            with contextlib.suppress(TypeError, ValueError):
                entries.append((int(text, 16), float(at)))
        self._cache = (stamp, entries)
        return entries

    def recent(self, now: float | None = None) -> list[tuple[int, float]]:
        """The (hash, time submitted) pairs within the window; none while the store fails."""
        now = time.time() if now is None else now
        if time.monotonic() < self._quiet_until:
            return []
        try:
            entries = self._entries()
        except OutboxError as exc:
            # An unusable store only weakens duplicate detection; it must not stop captures.
            log.warning("receipt fingerprints unavailable: %s", exc)
            self.close()
            self._quiet_until = time.monotonic() + 60.0
            return []
        return [(value, at) for value, at in entries if now - at <= self.window_s]

    def remember(self, value: int, now: float | None = None) -> None:
        """Record a submitted receipt's hash, dropping those past the window or the count."""
        now = time.time() if now is None else now
        db = self._database(create=True)
        assert db is not None
        with db.transaction() as conn:
            conn.execute(
                "INSERT INTO receipt_hashes (hash, created_at) VALUES (?, ?)",
                (f"{value:016x}", now),
            )
            conn.execute("DELETE FROM receipt_hashes WHERE created_at < ?", (now - self.window_s,))
            conn.execute(
                "DELETE FROM receipt_hashes WHERE id NOT IN (SELECT id FROM receipt_hashes "
                "ORDER BY created_at DESC, id DESC LIMIT ?)",
                (self.max_entries,),
            )
        self._quiet_until = 0.0
