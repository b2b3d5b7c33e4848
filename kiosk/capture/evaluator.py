"""Runs a capture kind's checks: once on a full frame, or live on downscaled previews."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from kiosk.capture.checks.face import FaceDetector
from kiosk.capture.measures import motion, motion_thumbnail, resize_to_width, to_gray
from kiosk.capture.phash import RecentHashes
from kiosk.capture.result import CaptureReport, CheckResult
from kiosk.config.capture import CaptureSettings, LiveSettings

HOLD_STILL = "Hold still"


class KindChecks(Protocol):
    """What checking needs of a capture kind (``kiosk.kinds.CaptureKind`` provides it)."""

    @property
    def id(self) -> str: ...

    @property
    def check(self) -> Callable[..., CaptureReport]: ...


class Evaluator:
    """What checks need besides the frame: the settings, the face detector (one per
    thread) and the submitted receipts' hashes (``kiosk.pipeline.evaluator_for`` reads
    them from the outbox)."""

    def __init__(
        self,
        settings: CaptureSettings,
        *,
        face_model: Path | None = None,
        recent_hashes: RecentHashes | None = None,
    ) -> None:
        self.settings = settings
        self.face_model = face_model
        self.recent_hashes = recent_hashes
        self._detector: FaceDetector | None = None
        self._detector_loaded = False

    @property
    def face_detector(self) -> FaceDetector | None:
        """The YuNet detector, created on first use; None when no model is installed."""
        if not self._detector_loaded:
            self._detector = FaceDetector.load(self.face_model, self.settings.face)
            self._detector_loaded = True
        return self._detector

    def release_detector(self) -> None:
        """Drop the face detector (reloaded on next use, about 5 ms): a YuNet net keeps the
        buffers of its largest input, about 75 MB after one 1280 px detection (measured)."""
        self._detector = None
        self._detector_loaded = False

    def evaluate(
        self, kind: KindChecks, bgr: np.ndarray, *, live: bool = False, full_scale: float = 1.0
    ) -> CaptureReport:
        """Every check of ``kind`` on this frame (``full_scale``: full width / this width)."""
        report = kind.check(bgr, self, live=live, full_scale=full_scale)
        report.kind = kind.id
        return report


@dataclass
class LiveResult:
    """One preview frame's report; the subject box is in preview px (``scale`` to full)."""

    report: CaptureReport
    scale: float
    timings_ms: dict[str, float] = field(default_factory=dict)

    @property
    def subject_box_full(self) -> tuple[float, float, float, float] | None:
        """The subject box in the full frame's pixels."""
        box = self.report.subject_box
        if box is None:
            return None
        x, y, w, h = box
        return (x * self.scale, y * self.scale, w * self.scale, h * self.scale)


class LiveEvaluator:
    """Live checks of one kind: downscale each frame once, check it, and measure motion.

    Runs on the checking thread; the full-resolution check of a captured frame on another
    thread needs its own Evaluator (a YuNet net must not be shared between threads).
    """

    def __init__(self, evaluator: Evaluator, kind: KindChecks, live: LiveSettings | None = None):
        self.evaluator = evaluator
        self.kind = kind
        self.live = live or evaluator.settings.live
        self._previous: np.ndarray | None = None

    def reset(self) -> None:
        """Forget the previous frame (after the camera or the kind changed)."""
        self._previous = None

    def process(self, image: np.ndarray) -> LiveResult:
        """Check one full-size preview frame."""
        t0 = time.perf_counter()
        width = min(self.live.width, image.shape[1])
        small = resize_to_width(image, width)
        t1 = time.perf_counter()
        thumb = motion_thumbnail(to_gray(small))
        moved = motion(self._previous, thumb)
        self._previous = thumb
        t2 = time.perf_counter()
        scale = image.shape[1] / small.shape[1]
        report = self.evaluator.evaluate(self.kind, small, live=True, full_scale=scale)
        t3 = time.perf_counter()
        still = moved <= self.live.max_motion
        report.checks.append(
            CheckResult(
                "motion", still, round(moved, 2), self.live.max_motion, "" if still else HOLD_STILL
            )
        )
        timings: dict[str, Any] = {
            "resize": (t1 - t0) * 1000,
            "motion": (t2 - t1) * 1000,
            "checks": (t3 - t2) * 1000,
        }
        return LiveResult(report=report, scale=scale, timings_ms=timings)
