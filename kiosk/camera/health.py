"""The camera start-up health check: what a source delivers, how sharp, how many dpi on a card."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

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


# -- the verdict --------------------------------------------------------------------------
# One verdict for the admin camera tab, `kiosk camera test` and anything else that judges a
# camera: the capture's own rules, so a camera is never "failing" where captures pass.

# The live preview and the hold before auto-capture are tuned for 30 fps; below 15 the
# guide lags the hand and the hold has too few frames to tell still from moving.
MIN_FPS = 15.0


@dataclass(frozen=True)
class HealthLine:
    """One measured property: its value, what captures need, the verdict.

    ``advice`` marks a line that passes but below what is recommended (a camera narrower
    than 300 dpi on a card needs: captures then ask what its width gives, and pass).
    """

    name: str  # resolution, fps, focus, dpi
    passed: bool
    value: float | tuple[int, int] | None
    need: float
    advice: bool = False


@dataclass(frozen=True)
class CameraVerdict:
    """Every line, and whether the camera is ready for captures."""

    lines: list[HealthLine]

    @property
    def passed(self) -> bool:
        """Ready for captures: no line failed (advice does not fail)."""
        return all(line.passed for line in self.lines)

    @property
    def failed(self) -> list[HealthLine]:
        """The lines that failed."""
        return [line for line in self.lines if not line.passed]

    def summary(self) -> str:
        """One English line: ``ready for captures`` or what failed."""
        if self.passed:
            advice = [line.name for line in self.lines if line.advice]
            return "ready for captures" + (
                f" (below the recommended {', '.join(advice)})" if advice else ""
            )
        return f"{len(self.failed)} of {len(self.lines)} checks failed: " + ", ".join(
            line.name for line in self.failed
        )


def card_width_needed(doc: Any) -> float:
    """Frame width in px at which a card filling min_fill of it reaches min_dpi."""
    return float(doc.min_dpi * (ID1_WIDTH_MM / MM_PER_INCH) / doc.min_fill)


def camera_verdict(report: CameraTestReport, doc: Any) -> CameraVerdict:
    """Resolution, frame rate, focus and a card's dpi judged by the document capture's rules
    (``doc``: the ``capture.document`` settings)."""
    info = report.info
    width_needed = card_width_needed(doc)
    # The capture's own rule (kiosk.capture.checks.document_checks): min_dpi, or what
    # min_fill gives at this camera's width. A narrower camera passes, with advice.
    camera_best = info.width * doc.min_fill / (ID1_WIDTH_MM / MM_PER_INCH)
    required = min(doc.min_dpi, camera_best)
    dpi = report.card.dpi if report.card is not None else None
    lines = [
        HealthLine(
            "resolution",
            info.width > 0,
            (info.width, info.height),
            width_needed,
            advice=0 < info.width < width_needed,
        ),
        HealthLine("fps", info.fps >= MIN_FPS and report.frames > 0, info.fps, MIN_FPS),
        # The focus measure runs at 640 px wide, the live width the documents' live
        # sharpness floor was measured at (kiosk.config.document).
        HealthLine(
            "focus",
            report.focus is not None and report.focus >= doc.min_sharpness_live,
            report.focus,
            doc.min_sharpness_live,
        ),
        HealthLine("dpi", dpi is not None and dpi >= required - 1e-6, dpi, required),
    ]
    return CameraVerdict(lines)
