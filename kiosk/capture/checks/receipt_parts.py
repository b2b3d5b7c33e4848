"""A long receipt captured in several overlapping parts, top to bottom."""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from kiosk.capture.measures import resize_to_width, to_gray
from kiosk.capture.result import CheckResult
from kiosk.config.capture import ReceiptSettings

# Parts are compared as grey images this wide; enough to match print lines.
MATCH_WIDTH = 256
# The top strip of a new part searched for in the previous part, as a fraction of its height.
STRIP_FRACTION = 0.04
# Normalised cross-correlation needed to call the strip found.
MIN_MATCH = 0.6

OVERLAP_INSTRUCTION = "Overlap this part with the end of the previous one"
FULL_INSTRUCTION = "No more parts can be added"


@dataclass
class ReceiptParts:
    """Tracks the parts of one receipt and how each overlaps the one before it."""

    settings: ReceiptSettings
    _parts: list[np.ndarray] = field(default_factory=list)
    overlaps: list[float] = field(default_factory=list)

    @property
    def count(self) -> int:
        """How many parts were accepted."""
        return len(self._parts)

    @property
    def can_add(self) -> bool:
        """True while another part may be added."""
        return self.count < self.settings.max_parts

    def check_next(self, crop: np.ndarray) -> CheckResult:
        """Would this upright receipt crop join the previous part? (does not add it)."""
        if not self.can_add:
            return CheckResult(
                "part_overlap", False, None, self.settings.min_part_overlap, FULL_INSTRUCTION
            )
        if not self._parts:
            return CheckResult("part_overlap", True, None, self.settings.min_part_overlap)
        overlap = estimate_overlap(self._parts[-1], _prepare(crop))
        ok = overlap >= self.settings.min_part_overlap
        return CheckResult(
            "part_overlap",
            ok,
            round(overlap, 3),
            self.settings.min_part_overlap,
            "" if ok else OVERLAP_INSTRUCTION,
            anticipates=2,
        )

    def add(self, crop: np.ndarray) -> CheckResult:
        """Add the next part if it overlaps the previous one; the check says whether it did."""
        result = self.check_next(crop)
        if result.passed:
            self._parts.append(_prepare(crop))
            self.overlaps.append(0.0 if result.value is None else float(result.value))
        return result


def _prepare(crop: np.ndarray) -> np.ndarray:
    # A light blur makes the match tolerate the pixel or two two photographs of the same
    # print differ by; thin print lines at this width otherwise decorrelate (NCC 0.96 for
    # a 0 px shift fell to 0.46 for a 1 px one, measured on the demo receipt).
    return cv2.GaussianBlur(resize_to_width(to_gray(crop), MATCH_WIDTH), (0, 0), 1.5)


def estimate_overlap(previous: np.ndarray, current: np.ndarray) -> float:
    """Fraction of ``current``'s height that repeats the bottom of ``previous`` (0 if none)."""
    strip_h = max(8, round(current.shape[0] * STRIP_FRACTION))
    if strip_h * 2 >= previous.shape[0] or strip_h * 2 >= current.shape[0]:
        return 0.0
    # Anchor on the most printed strip near the top: blank paper would match anywhere.
    search = current[: max(strip_h + 1, current.shape[0] // 3)]
    row_std = np.array([search[i : i + strip_h].std() for i in range(0, len(search) - strip_h, 4)])
    offset = int(np.argmax(row_std)) * 4
    if row_std.max() < 5.0:
        return 0.0
    strip = current[offset : offset + strip_h]
    scores = cv2.matchTemplate(previous, strip, cv2.TM_CCOEFF_NORMED)
    _, best, _, (_, y) = cv2.minMaxLoc(scores)
    # The strip may sit a little above its own place when the same stretch is photographed
    # again (a full overlap); well above it, the part would precede the previous one.
    if best < MIN_MATCH or y + strip_h // 2 < offset:
        return 0.0
    return min(1.0, max(0.0, float((previous.shape[0] - y + offset) / current.shape[0])))
