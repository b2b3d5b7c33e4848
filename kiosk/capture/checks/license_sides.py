"""A licence's two pictures are its two sides: the front carries the holder's portrait, the
back is not the front shown again.

The back's own checks already demand its PDF417 (``license.read_barcode``); these checks
run on the flattened card crop once the front is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from kiosk.capture.phash import phash, similarity
from kiosk.capture.result import CheckResult

SAME_SIDE_INSTRUCTION = "That is the same side again"
NO_PORTRAIT_INSTRUCTION = "Show the front of the licence, with the photo"
# Two crops whose 64-bit pHashes differ in at most 10 bits are one picture (the usual
# near-duplicate cut-off for DCT pHash, Zauner 2010): 1 - 10/64 similarity.
SAME_SIDE_SIMILARITY = 1.0 - 10 / 64

FaceFinder = Callable[[np.ndarray], int | None]


@dataclass
class LicenseSides:
    """Remembers the kept front's hash; checks that a back is another side."""

    max_similarity: float = SAME_SIDE_SIMILARITY
    front_hash: int | None = None

    def remember_front(self, crop: np.ndarray) -> None:
        """Keep the front crop's perceptual hash (the hash only, no pixels)."""
        self.front_hash = phash(crop)

    def forget(self) -> None:
        """A new visit: no front yet."""
        self.front_hash = None

    def check_back(self, crop: np.ndarray) -> CheckResult:
        """Refuse a back whose picture matches the front's."""
        if self.front_hash is None:
            return CheckResult("other_side", True, None, round(self.max_similarity, 3))
        alike = similarity(self.front_hash, phash(crop))
        ok = alike < self.max_similarity
        return CheckResult(
            "other_side",
            ok,
            round(alike, 3),
            round(self.max_similarity, 3),
            "" if ok else SAME_SIDE_INSTRUCTION,
        )


def check_front_portrait(crop: np.ndarray, count_faces: FaceFinder) -> CheckResult:
    """The front carries the holder's portrait: at least one face on the card crop.

    ``count_faces`` returns how many faces it found, or None when no face model is
    installed (the check then passes: it cannot be judged, and says so by its value).
    """
    found = count_faces(crop)
    if found is None:
        return CheckResult("portrait", True, None, 1)
    ok = found >= 1
    return CheckResult("portrait", ok, found, 1, "" if ok else NO_PORTRAIT_INSTRUCTION)
