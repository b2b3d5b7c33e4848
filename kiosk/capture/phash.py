"""Perceptual hashes of submitted receipts, and a small store of them (hashes only, no images)."""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from kiosk.capture.measures import to_gray

# DCT pHash (Zauner 2010): 32x32 grey image, the 8x8 lowest frequencies against their median.
HASH_SIDE = 32
HASH_BITS_SIDE = 8
HASH_BITS = HASH_BITS_SIDE * HASH_BITS_SIDE
STORE_NAME = "receipt_hashes.json"


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
    """Hashes of recent submissions in a 0600 JSON file, pruned to a time window and a count."""

    def __init__(self, path: Path, window_days: float = 30.0, max_entries: int = 2000) -> None:
        self.path = path
        self.window_s = window_days * 86400.0
        self.max_entries = max_entries
        # Live checks ask every frame: re-read the file only when it changed.
        self._cache: tuple[tuple[int, int, int], list[tuple[int, float]]] | None = None

    @classmethod
    def in_data_dir(cls, data_dir: Path, window_days: float, max_entries: int) -> HashStore:
        """The store kept in the kiosk's data directory."""
        return cls(data_dir / STORE_NAME, window_days, max_entries)

    def _load(self) -> list[tuple[int, float]]:
        try:
            st = self.path.stat()
        except OSError:
            return []
        # Every write replaces the file, so a new inode also marks a change.
        stamp = (st.st_mtime_ns, st.st_ino, st.st_size)
        if self._cache is not None and self._cache[0] == stamp:
            return self._cache[1]
        entries = self._read()
        self._cache = (stamp, entries)
        return entries

    def _read(self) -> list[tuple[int, float]]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            # A damaged store only weakens duplicate detection; it must not stop captures.
            return []
        entries = []
        for item in raw.get("hashes", []) if isinstance(raw, dict) else []:
            try:
                entries.append((int(item["hash"], 16), float(item["at"])))
            except (KeyError, TypeError, ValueError):
                continue
        return entries

    def _recent(self, now: float) -> list[tuple[int, float]]:
        return [(h, at) for h, at in self._load() if now - at <= self.window_s]

    def best_match(self, value: int, now: float | None = None) -> Match | None:
        """The most similar remembered hash within the window, if any."""
        now = time.time() if now is None else now
        best: Match | None = None
        for remembered, at in self._recent(now):
            sim = similarity(value, remembered)
            if best is None or sim > best.similarity:
                best = Match(sim, at)
        return best

    def remember(self, value: int, now: float | None = None) -> None:
        """Record a submitted receipt's hash (atomically, file mode 0600)."""
        now = time.time() if now is None else now
        entries = [*self._recent(now), (value, now)][-self.max_entries :]
        body = {"hashes": [{"hash": f"{h:016x}", "at": at} for h, at in entries]}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".hashes.", suffix=".tmp")
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(body, out)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
