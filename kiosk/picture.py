"""A picture as a visit holds it: the pipeline's verdict, a review copy and the upload.

Every door takes a picture the same way: ``take_picture`` runs the capture pipeline on one
frame (its own checks plus the visit's check on the crop) and encodes the crop whatever
failed, so staff (or an override on the command line) can judge it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import cv2
import numpy as np

from kiosk.capture.evaluator import Evaluator
from kiosk.capture.result import CaptureReport, unavailable_report
from kiosk.config import Settings
from kiosk.imaging.encode import EncodeError
from kiosk.pipeline import ExtraCheck, Inspection, Source, inspect, package

REVIEW_WIDTH = 900


@dataclass
class TakenPicture:
    """A picture as the review screen shows it and the outbox will queue it."""

    kind: str
    report: CaptureReport
    preview: np.ndarray  # BGR, at most REVIEW_WIDTH wide, for the review screen
    data: bytes
    mime_type: str
    captured_at: datetime
    error: str | None = None
    # Receipts: the perceptual hash of the upload, remembered once the receipt is queued.
    fingerprint: int | None = None

    @property
    def passed(self) -> bool:
        """Every check passed and the picture could be encoded."""
        return self.error is None and self.report.passed

    def wipe(self) -> None:
        """Drop the image bytes (idle timeout, visit end)."""
        self.data = b""
        self.preview = np.zeros((1, 1, 3), np.uint8)


def review_copy(image: np.ndarray) -> np.ndarray:
    """The picture at most REVIEW_WIDTH px on its longer side, for the review screen."""
    h, w = image.shape[:2]
    scale = min(1.0, REVIEW_WIDTH / max(w, 1), REVIEW_WIDTH / max(h, 1))
    if scale >= 1.0:
        return image.copy()
    size = (max(1, int(w * scale)), max(1, int(h * scale)))
    return np.ascontiguousarray(cv2.resize(image, size, interpolation=cv2.INTER_AREA))


def picture_of(found: Inspection, settings: Settings, captured_at: datetime) -> TakenPicture:
    """An inspected frame encoded for review: kept for staff to judge even when it failed."""
    preview = review_copy(found.crop)
    kind = found.kind.id
    try:
        prepared = package(found, captured_at, settings, review=True)
    except EncodeError as exc:
        return TakenPicture(kind, found.report, preview, b"", "", captured_at, str(exc))
    capture = prepared.capture
    return TakenPicture(
        kind,
        found.report,
        preview,
        capture.data,
        capture.mime_type,
        captured_at,
        fingerprint=prepared.fingerprint,
    )


def take_picture(
    kind: str,
    image: np.ndarray,
    settings: Settings,
    evaluator: Evaluator,
    extra: ExtraCheck | None = None,
    captured_at: datetime | None = None,
    *,
    source: Source = "camera",
) -> TakenPicture:
    """The pipeline on one frame; a picture that fails a check is kept for staff to judge."""
    when = captured_at or datetime.now().astimezone()
    found = inspect(kind, image, evaluator, extra=extra, source=source)
    return picture_of(found, settings, when)


def unusable_picture(kind: str) -> TakenPicture:
    """What the review shows when taking the picture itself failed: nothing to keep."""
    return TakenPicture(
        kind,
        unavailable_report(kind, "Capture failed"),
        np.zeros((2, 2, 3), np.uint8),
        b"",
        "",
        datetime.now().astimezone(),
        "it could not be processed; please take it again",
    )
