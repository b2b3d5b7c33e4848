"""Taking the picture, off the UI thread: full-resolution checks, crop, encode.

Runs on one dedicated thread (the face detector is not thread-safe); the result comes back
to the UI as a queued Qt signal.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

import cv2
import numpy as np
from PySide6.QtCore import QObject, Signal

from kiosk.capture.evaluator import Evaluator
from kiosk.capture.result import CaptureKindName, CaptureReport, CheckResult
from kiosk.config import Settings
from kiosk.imaging.encode import EncodeError, encode_for_upload
from ui.preview import unavailable

log = logging.getLogger(__name__)

DOCUMENT_ASPECT = {"license-front": 85.60 / 53.98, "license-back": 85.60 / 53.98}
REVIEW_WIDTH = 900


@dataclass
class TakenPicture:
    """A picture as the review screen shows it and the outbox will queue it."""

    kind: CaptureKindName
    report: CaptureReport
    preview: np.ndarray  # BGR, at most REVIEW_WIDTH wide, for the review screen
    data: bytes
    mime_type: str
    captured_at: datetime
    error: str | None = None

    def wipe(self) -> None:
        """Drop the image bytes (idle timeout, session end)."""
        self.data = b""
        self.preview = np.zeros((1, 1, 3), np.uint8)


def crop_subject(kind: CaptureKindName, image: np.ndarray, evaluator: Evaluator) -> np.ndarray:
    """The part of the frame worth sending: a portrait, a flattened card, an upright receipt."""
    try:
        if kind == "face":
            from kiosk.capture.face import crop_portrait, detect_for_check

            detector = evaluator.face_detector
            faces = (
                detect_for_check(detector, image, evaluator.settings.face, live=False)
                if detector
                else []
            )
            return crop_portrait(image, faces[0], evaluator.settings.face) if faces else image
        if kind == "receipt":
            from kiosk.capture.receipt import find_receipt, upright_crop

            outline = find_receipt(image, evaluator.settings.receipt)
            return upright_crop(image, outline) if outline is not None else image
        from kiosk.capture.document import detect_document
        from kiosk.imaging.crop import warp_document

        aspect = DOCUMENT_ASPECT.get(kind, 125.0 / 88.0)
        quad = detect_document(image, aspect)
        if quad is None:
            return image
        width = round(max(quad.width_px, 1011))
        return warp_document(image, quad.corners, width, aspect)
    except Exception:
        # A crop that fails still leaves a usable (whole-frame) picture.
        log.exception("cropping the %s capture failed; sending the whole frame", kind)
        return image


ExtraCheck = Callable[[np.ndarray], CheckResult]


def take_picture(
    kind: CaptureKindName,
    image: np.ndarray,
    settings: Settings,
    evaluator: Evaluator,
    extra: ExtraCheck | None = None,
) -> TakenPicture:
    """Check the full frame, crop it, run ``extra`` on the crop, encode within the budget."""
    captured_at = datetime.now().astimezone()
    try:
        report = evaluator.evaluate(kind, image, live=False)
    except Exception as exc:
        log.exception("full checks of %s failed", kind)
        report = unavailable(kind, f"Checks unavailable ({type(exc).__name__})")
    subject = crop_subject(kind, image, evaluator)
    if extra is not None:
        try:
            report.checks.append(extra(subject))
        except Exception as exc:
            log.exception("extra check of %s failed", kind)
            report.checks.append(
                CheckResult(
                    "checks", False, None, None, f"Checks unavailable ({type(exc).__name__})"
                )
            )
    try:
        encoded = encode_for_upload(
            subject, settings.encode, max_bytes=settings.max_image_bytes, document=kind != "face"
        )
        data, mime, error = encoded.data, encoded.mime_type, None
    except EncodeError as exc:
        data, mime, error = b"", "", str(exc)
    h, w = subject.shape[:2]
    scale = min(1.0, REVIEW_WIDTH / max(w, 1), REVIEW_WIDTH / max(h, 1))
    preview = (
        cv2.resize(
            subject, (max(1, int(w * scale)), max(1, int(h * scale))), interpolation=cv2.INTER_AREA
        )
        if scale < 1.0
        else subject.copy()
    )
    return TakenPicture(kind, report, np.ascontiguousarray(preview), data, mime, captured_at, error)


class CaptureRunner(QObject):
    """Runs ``take_picture`` on its own thread; ``finished`` arrives on the UI thread."""

    finished = Signal(object)  # TakenPicture

    def __init__(self, settings: Settings, evaluator: Evaluator | None = None) -> None:
        super().__init__()
        self._settings = settings
        self._evaluator = evaluator
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="capture")
        self.busy = False

    def _evaluator_here(self) -> Evaluator:
        if self._evaluator is None:
            self._evaluator = Evaluator.from_settings(self._settings)
        return self._evaluator

    def take(
        self, kind: CaptureKindName, image: np.ndarray, extra: ExtraCheck | None = None
    ) -> None:
        """Start taking a picture of ``image`` (a frame the camera will not change)."""
        self.busy = True
        self._pool.submit(self._work, kind, image, extra)

    def _work(self, kind: CaptureKindName, image: np.ndarray, extra: ExtraCheck | None) -> None:
        try:
            picture = take_picture(kind, image, self._settings, self._evaluator_here(), extra)
        except Exception as exc:
            log.exception("taking the %s picture failed", kind)
            report = unavailable(kind, f"Capture failed ({type(exc).__name__})")
            picture = TakenPicture(
                kind,
                report,
                np.zeros((2, 2, 3), np.uint8),
                b"",
                "",
                datetime.now().astimezone(),
                str(type(exc).__name__),
            )
        self.busy = False
        self.finished.emit(picture)

    def shutdown(self) -> None:
        """Finish the picture in hand and stop the thread."""
        self._pool.shutdown(wait=True)
