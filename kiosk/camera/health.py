"""The camera start-up health check: what a source delivers, how sharp, how many dpi on a card."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.camera.demo_scene import ID1_HEIGHT_MM, ID1_WIDTH_MM
from kiosk.camera.frame import Frame, SourceInfo, SourceState
from kiosk.camera.source import FrameSource

log = logging.getLogger(__name__)

# Focus is measured on a copy this wide so values compare across camera resolutions.
FOCUS_WIDTH = 640
# A detected quadrilateral counts as an ID-1 card when its side ratio is within this
# fraction of 85.60 / 53.98; a few degrees of tilt change the ratio by a few %.
CARD_ASPECT_TOLERANCE = 0.12
MM_PER_INCH = 25.4


def focus_measure(image: np.ndarray, width: int = FOCUS_WIDTH) -> float:
    """Variance of the Laplacian of the gray image resized to ``width`` px (Pech-Pacheco
    et al. 2000): higher is sharper."""
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    h, w = gray.shape[:2]
    if w > width:
        gray = cv2.resize(gray, (width, max(1, round(h * width / w))), interpolation=cv2.INTER_AREA)
    return float(cv2.Laplacian(gray, cv2.CV_64F).var())


@dataclass(frozen=True)
class CardResolution:
    """An ID-1 card seen in a frame: its corners and the resolution it is captured at."""

    corners: list[list[float]]
    width_px: float
    px_per_mm: float
    dpi: float


def card_resolution(image: np.ndarray) -> CardResolution | None:
    """Pixels per mm and dpi of an ID-1 card in view, from its known 85.60 mm width; None
    if no card-shaped document is found (or document detection is not installed)."""
    try:
        from kiosk.capture.detect.document import detect_document
    except ImportError:
        log.info("document detection is not available; card resolution not measured")
        return None
    found = detect_document(image, ID1_WIDTH_MM / ID1_HEIGHT_MM)
    if found is None:
        return None
    corners = np.asarray(found.corners, dtype=np.float64).reshape(4, 2)
    edges = np.linalg.norm(corners - np.roll(corners, -1, axis=0), axis=1)
    long_px = max((edges[0] + edges[2]) / 2, (edges[1] + edges[3]) / 2)
    short_px = min((edges[0] + edges[2]) / 2, (edges[1] + edges[3]) / 2)
    card_ratio = ID1_WIDTH_MM / ID1_HEIGHT_MM
    if short_px <= 0 or abs(long_px / short_px / card_ratio - 1) > CARD_ASPECT_TOLERANCE:
        return None  # a receipt or page, not a card: its width in mm is unknown
    width_px = float(found.width_px)
    px_per_mm = width_px / ID1_WIDTH_MM
    return CardResolution(
        corners=[[round(float(x), 1), round(float(y), 1)] for x, y in corners],
        width_px=round(width_px, 1),
        px_per_mm=round(px_per_mm, 2),
        dpi=round(px_per_mm * MM_PER_INCH, 1),
    )


@dataclass(frozen=True)
class CameraTestReport:
    """What ``kiosk camera test`` found."""

    info: SourceInfo
    state: SourceState
    error: str | None
    frames: int
    dropped: int
    focus: float | None
    card: CardResolution | None
    frame: Frame | None


def run_camera_test(source: FrameSource, seconds: float) -> CameraTestReport:
    """Read an opened source for ``seconds``, then measure the last frame."""
    deadline = time.monotonic() + seconds
    frames = 0
    last: Frame | None = None
    while (remaining := deadline - time.monotonic()) > 0:
        frame = source.wait_frame(last.seq if last else 0, timeout=min(remaining, 1.0))
        if frame is not None:
            frames += 1
            last = frame
        elif source.state == "failed":
            break
    focus = card = None
    if last is not None:
        focus = round(focus_measure(last.image), 1)
        card = card_resolution(last.image)
    return CameraTestReport(
        info=source.info,
        state=source.state,
        error=source.error,
        frames=frames,
        dropped=source.dropped,
        focus=focus,
        card=card,
        frame=last,
    )
