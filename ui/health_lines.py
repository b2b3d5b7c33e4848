"""The camera health check's lines, as the admin camera tab words them.

The verdict is the core's (kiosk.camera.health.camera_verdict): the tab, ``kiosk camera
test`` and the tests judge a camera the same way.
"""

from __future__ import annotations

from kiosk.camera.health import (
    MIN_FPS,
    CameraTestReport,
    HealthLine,
    camera_verdict,
    card_width_needed,
)
from kiosk.config import Settings

__all__ = ["MIN_FPS", "HealthLine", "card_width_needed", "judge"]


def judge(report: CameraTestReport, settings: Settings) -> list[HealthLine]:
    """Resolution, frame rate, focus and a card's dpi against what captures need."""
    return camera_verdict(report, settings.capture.document).lines
