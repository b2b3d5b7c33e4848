"""Perceptual hashes of submitted receipts, and a store of them (hashes only, no images).

The hashes live in the outbox database (table ``receipt_hashes``), one transaction per
``remember``: processes that submit at the same time each keep their entry, where a JSON
file rewritten by each of them lost all but the last writer's.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from kiosk.capture.measures import to_gray
from kiosk.outbox.database import Database
from kiosk.outbox.errors import OutboxError
from kiosk.outbox.store import DATABASE_NAME, refuse_lost_database

log = logging.getLogger(__name__)

# DCT pHash (Zauner 2010): 32x32 grey image, the 8x8 lowest frequencies against their median.
HASH_SIDE = 32
HASH_BITS_SIDE = 8
HASH_BITS = HASH_BITS_SIDE * HASH_BITS_SIDE
# Where earlier versions kept the hashes; imported once into the database, then removed.
LEGACY_NAME = "receipt_hashes.json"


def phash(image: np.ndarray) -> int:
    """The 64-bit DCT perceptual hash of an image."""
    gray = to_gray(image)
    small = cv2.resize(gray, (HASH_SIDE, HASH_SIDE), interpolation=cv2.INTER_AREA)
    freq = cv2.dct(small.astype(np.float32))[:HASH_BITS_SIDE, :HASH_BITS_SIDE].ravel()
    # The DC term is the mean brightness: leave it out so lighting does not move the hash.
    median = float(np.median(freq[1:]))
    bits = freq > median
    bits[0] = False
    return int("".join("1" if b else "0" for b in bits), 2)


def similarity(a: int, b: int) -> float:
    """1 minus the normalised Hamming distance of two hashes (1.0: identical)."""
    return 1.0 - (a ^ b).bit_count() / HASH_BITS


@dataclass(frozen=True)
class Match:
    """A remembered hash close to the queried one."""

    similarity: float
    remembered_at: float


class HashStore:
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
    def in_data_dir(cls, data_dir: Path, window_days: float, max_entries: int) -> HashStore:
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

    def best_match(self, value: int, now: float | None = None) -> Match | None:
        """The most similar remembered hash within the window, if any."""
        now = time.time() if now is None else now
        if time.monotonic() < self._quiet_until:
            return None
        try:
            entries = self._entries()
        except OutboxError as exc:
            # An unusable store only weakens duplicate detection; it must not stop captures.
            log.warning("receipt fingerprints unavailable: %s", exc)
            self.close()
            self._quiet_until = time.monotonic() + 60.0
            return None
        best: Match | None = None
        for remembered, at in entries:
            if now - at > self.window_s:
                continue
            sim = similarity(value, remembered)
            if best is None or sim > best.similarity:
                best = Match(sim, at)
        return best

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
