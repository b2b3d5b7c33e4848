"""Which failed check the customer is told about first: the root cause.

The checks come from the pipeline in the order it runs them; a customer fixes one thing at
a time, and a hint about framing or content is useless while the light or the focus is
wrong (a dark receipt is not found as a document and then "does not look like a receipt").
So the hint names the first failed check in this order of causes: light, then focus, then
framing, then content. When no document was found at all, the frame itself is measured:
if even its brightest part is below the kind's exposure floor, the light is the cause.
"""

from __future__ import annotations

import cv2
import numpy as np

from kiosk.capture.result import CheckResult
from kiosk.config.capture import CaptureSettings, FaceSettings, ReceiptSettings
from kiosk.config.document import DocumentSettings
from kiosk.kinds import kind as capture_kind

# Checks that say the checks themselves could not run: nothing else is meaningful.
UNAVAILABLE = ("checks", "face_model")
LIGHT = ("exposure", "highlights", "glare")
FOCUS = ("sharpness", "motion")
FRAMING = (
    "document",
    "found",
    "face_count",
    "inside_frame",
    "corners",
    "fill",
    "eye_distance",
    "centered",
    "roll",
    "yaw",
    "tilt",
    "aspect",
    "aspect_ratio",
    "resolution",
    "resolution_dpi",
    "mrz_band",
)
# Everything else is content (is it a receipt, the codes read, sent before, the other side).
CAUSES = (UNAVAILABLE, LIGHT, FOCUS, FRAMING)
ORDER = {name: rank for rank, names in enumerate(CAUSES) for name in names}
CONTENT_RANK = len(CAUSES)

# The core's own sentences for a dark scene, by the kind's thresholds (translated under
# "Instructions", ui.texts).
TOO_DARK = {
    "face": "Too dark: more light on your face, please",
    "receipt": "Too dark: more light on the receipt, please",
}
TOO_DARK_OTHER = "Too dark: add light"
# The brightest part of the frame: the 98th percentile, so a few specular pixels do not count.
PEAK_PERCENTILE = 98


def rank(name: str) -> int:
    """A check's place in the order of causes (lower is told first)."""
    return ORDER.get(name, CONTENT_RANK)


def in_cause_order(checks: list[CheckResult]) -> list[CheckResult]:
    """Failed checks first, by cause, then the passed ones; the pipeline's order within."""
    return sorted(checks, key=lambda c: (c.passed, rank(c.name) if not c.passed else 0))


def scene_peak(bgr: np.ndarray) -> float:
    """How bright the brightest part of a (display-sized) frame is, 0-255."""
    small = cv2.resize(bgr, (160, 90), interpolation=cv2.INTER_AREA) if bgr.shape[1] > 160 else bgr
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY) if small.ndim == 3 else small
    return float(np.percentile(gray, PEAK_PERCENTILE))


def root_cause(
    checks: list[CheckResult], kind: str, peak: float | None = None, dark_below: float = 0.0
) -> tuple[str, str] | None:
    """(check name, instruction) of the cause to fix first; None when every check passed."""
    failed = [c for c in checks if not c.passed]
    if not failed:
        return None
    first = min(failed, key=lambda c: rank(c.name))
    if rank(first.name) > ORDER["exposure"] and peak is not None and peak < dark_below:
        return "exposure", TOO_DARK.get(capture_kind(kind).thresholds, TOO_DARK_OTHER)
    return first.name, first.instruction


def dark_floor(capture: CaptureSettings, kind: str) -> float:
    """The exposure floor of ``kind``'s checks (a scene darker than this everywhere is dark)."""
    section: FaceSettings | DocumentSettings | ReceiptSettings = getattr(
        capture, capture_kind(kind).thresholds
    )
    return section.min_brightness
