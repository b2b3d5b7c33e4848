"""Perceptual hashes of receipts, and how close one comes to those already submitted.

The submitted receipts' hashes are the outbox's (``kiosk.outbox.receipt_hashes``); the
checks read them through a ``RecentHashes`` callable passed in, so capturing never opens
the outbox database itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import cv2
import numpy as np

from kiosk.capture.measures import to_gray

# DCT pHash (Zauner 2010): 32x32 grey image, the 8x8 lowest frequencies against their median.
HASH_SIDE = 32
HASH_BITS_SIDE = 8
HASH_BITS = HASH_BITS_SIDE * HASH_BITS_SIDE


class RecentHashes(Protocol):
    """The submitted receipts' hashes a duplicate check compares against."""

    def __call__(self, now: float) -> Sequence[tuple[int, float]]:
        """The (hash, time submitted) pairs within the duplicate window at ``now``."""
        ...


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


def best_match(value: int, remembered: Iterable[tuple[int, float]]) -> Match | None:
    """The most similar of the remembered (hash, time) pairs, if any."""
    best: Match | None = None
    for hashed, at in remembered:
        sim = similarity(value, hashed)
        if best is None or sim > best.similarity:
            best = Match(sim, at)
    return best
