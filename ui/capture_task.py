"""Taking the picture off the UI thread: the capture pipeline, and its result as a Qt signal.

Runs on one dedicated thread (the face detector is not thread-safe); the result comes back
to the UI as a queued Qt signal.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

import cv2
import numpy as np
from PySide6.QtCore import QObject, Signal

from kiosk.capture.evaluator import Evaluator
from kiosk.capture.readers.ocr import OcrEngine, ocr_installed, provide_ocr_on_this_thread
from kiosk.capture.readers.ocr_process import OcrProcess
from kiosk.capture.result import CaptureReport, unavailable_report
from kiosk.config import Settings
from kiosk.imaging.encode import EncodeError
from kiosk.imaging.pixels import as_bgr8
from kiosk.memory import give_back_freed_memory
from kiosk.pipeline import ExtraCheck, evaluator_for, inspect, package
from kiosk.private_traceback import log_failure

log = logging.getLogger(__name__)

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

    def wipe(self) -> None:
        """Drop the image bytes (idle timeout, session end)."""
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


def take_picture(
    kind: str,
    image: np.ndarray,
    settings: Settings,
    evaluator: Evaluator,
    extra: ExtraCheck | None = None,
    captured_at: datetime | None = None,
) -> TakenPicture:
    """The pipeline on one frame; a picture that fails a check is kept for staff to judge."""
    when = captured_at or datetime.now().astimezone()
    found = inspect(kind, image, evaluator, extra=extra)
    preview = review_copy(found.crop)
    try:
        prepared = package(found, when, settings, review=True)
    except EncodeError as exc:
        return TakenPicture(kind, found.report, preview, b"", "", when, str(exc))
    capture = prepared.capture
    return TakenPicture(
        kind,
        found.report,
        preview,
        capture.data,
        capture.mime_type,
        when,
        fingerprint=prepared.fingerprint,
    )


class CaptureRunner(QObject):
    """Runs ``take_picture`` on its own thread; ``finished`` arrives on the UI thread."""

    finished = Signal(object)  # TakenPicture

    def __init__(self, settings: Settings, evaluator: Evaluator | None = None) -> None:
        super().__init__()
        self._settings = settings
        self._evaluator = evaluator
        self._ocr: OcrProcess | None = None
        # The capture thread reads passports through a child process (see ocr_process.py).
        self._pool = ThreadPoolExecutor(
            max_workers=1,
            thread_name_prefix="capture",
            initializer=provide_ocr_on_this_thread,
            initargs=(self._ocr_engine,),
        )
        self.busy = False

    def _evaluator_here(self) -> Evaluator:
        if self._evaluator is None:
            self._evaluator = evaluator_for(self._settings)
        return self._evaluator

    def _ocr_engine(self) -> OcrEngine | None:
        """The OCR child process, started on first use (on the capture thread)."""
        if self._ocr is None and ocr_installed():
            self._ocr = OcrProcess().start()
        return self._ocr

    def _close_ocr(self) -> None:
        ocr, self._ocr = self._ocr, None
        if ocr is not None:
            ocr.close()

    @property
    def ocr_pid(self) -> int | None:
        """The OCR child process's id while one runs."""
        ocr = self._ocr  # one read: the pool thread may clear it meanwhile
        return None if ocr is None else ocr.pid

    def warm_ocr(self) -> None:
        """Start the OCR child now (the passport step began): it loads its engine, about a
        second, while the customer places the passport, in its own process."""
        self._pool.submit(self._ocr_engine)

    def release_ocr(self) -> None:
        """End the OCR child once the passport step ends, after any picture in hand; all its
        memory goes back to the system."""
        self._pool.submit(self._close_ocr)

    def count_faces(self, image: np.ndarray) -> int | None:
        """Faces in ``image`` (None without a face model); call it on the capture thread."""
        detector = self._evaluator_here().face_detector
        return None if detector is None else len(detector.detect(as_bgr8(image)))

    def take(
        self,
        kind: str,
        image: np.ndarray,
        extra: ExtraCheck | None = None,
        captured_at: datetime | None = None,
    ) -> None:
        """Start taking a picture of ``image`` (a frame the camera will not change).

        ``captured_at`` defaults to now, the shutter moment.
        """
        self.busy = True
        self._pool.submit(self._work, kind, image, extra, captured_at)

    def _work(
        self,
        kind: str,
        image: np.ndarray,
        extra: ExtraCheck | None,
        captured_at: datetime | None,
    ) -> None:
        try:
            picture = take_picture(
                kind, image, self._settings, self._evaluator_here(), extra, captured_at
            )
        except Exception as exc:
            log_failure(log, f"taking the {kind} picture failed", exc)
            report = unavailable_report(kind, "Capture failed")
            picture = TakenPicture(
                kind,
                report,
                np.zeros((2, 2, 3), np.uint8),
                b"",
                "",
                datetime.now().astimezone(),
                "it could not be processed; please take it again",
            )
        # The full-size detection's buffers are not kept for the next picture: the live
        # preview has its own detector, and reloading this one costs about 5 ms.
        self._evaluator_here().release_detector()
        give_back_freed_memory()
        self.busy = False
        self.finished.emit(picture)

    def shutdown(self) -> None:
        """Finish the picture in hand, end the OCR child and stop the thread."""
        self._pool.submit(self._close_ocr)
        self._pool.shutdown(wait=True)
