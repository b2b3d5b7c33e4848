"""The camera health check judged against the capture thresholds, one verdict per line.

Qt-free: the admin screen words each line; tests judge reports directly.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.camera.demo_scene import ID1_WIDTH_MM
from kiosk.camera.health import CameraTestReport
from kiosk.config import Settings

MM_PER_INCH = 25.4
# The live preview and the hold before auto-capture are tuned for 30 fps; below 15 the
# guide lags the hand and the hold has too few frames to tell still from moving.
MIN_FPS = 15.0


@dataclass(frozen=True)
class HealthLine:
    """One measured property: what it is, its value, what the capture needs, the verdict."""

    name: str  # resolution, fps, focus, dpi
    passed: bool
    value: float | tuple[int, int] | None
    need: float


def card_width_needed(settings: Settings) -> float:
    """Frame width in px at which a card filling min_fill of it reaches min_dpi."""
    doc = settings.capture.document
    return doc.min_dpi * (ID1_WIDTH_MM / MM_PER_INCH) / doc.min_fill


def judge(report: CameraTestReport, settings: Settings) -> list[HealthLine]:
    """Resolution, frame rate, focus and a card's dpi against what captures need."""
    doc = settings.capture.document
    info = report.info
    width_needed = card_width_needed(settings)
    lines = [
        HealthLine(
            "resolution", info.width >= width_needed, (info.width, info.height), width_needed
        ),
        HealthLine("fps", info.fps >= MIN_FPS and report.frames > 0, info.fps, MIN_FPS),
        # The focus measure runs at 640 px wide, the live width the documents' live
        # sharpness floor was measured at (kiosk.capture.document_settings).
        HealthLine(
            "focus",
            report.focus is not None and report.focus >= doc.min_sharpness_live,
            report.focus,
            doc.min_sharpness_live,
        ),
    ]
    # The capture's own rule: min_dpi, or what min_fill gives at this camera's width.
    camera_best = info.width * doc.min_fill / (ID1_WIDTH_MM / MM_PER_INCH)
    required = min(doc.min_dpi, camera_best)
    dpi = report.card.dpi if report.card is not None else None
    lines.append(HealthLine("dpi", dpi is not None and dpi >= required - 1e-6, dpi, required))
    return lines
