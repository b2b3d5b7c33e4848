"""Taking the picture off the UI thread: the visit's ``take`` (the capture pipeline with the
visit's checks), and its result as a Qt signal.

Runs on one dedicated thread (the face detector is not thread-safe); the result comes back
to the UI as a queued Qt signal.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import numpy as np
from PySide6.QtCore import QObject, Signal

from kiosk.capture.evaluator import Evaluator
from kiosk.capture.readers.ocr import OcrEngine, ocr_installed, provide_ocr_on_this_thread
from kiosk.capture.readers.ocr_process import OcrProcess
from kiosk.capture.result import unavailable_report
from kiosk.config import Settings
from kiosk.imaging.pixels import as_bgr8
from kiosk.memory import give_back_freed_memory
from kiosk.picture import TakenPicture, take_picture
from kiosk.pipeline import ExtraCheck
from kiosk.private_traceback import log_failure
from kiosk.visit import Visit

log = logging.getLogger(__name__)


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
            self._evaluator = Evaluator.from_settings(self._settings)
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
        *,
        visit: Visit | None = None,
    ) -> None:
        """Start taking a picture of ``image`` (a frame the camera will not change).

        With a ``visit`` the visit takes it (its checks compare it with the pictures it
        kept); ``captured_at`` defaults to now, the shutter moment.
        """
        self.busy = True
        self._pool.submit(self._work, kind, image, extra, captured_at, visit)

    def _work(
        self,
        kind: str,
        image: np.ndarray,
        extra: ExtraCheck | None,
        captured_at: datetime | None,
        visit: Visit | None,
    ) -> None:
        try:
            if visit is not None:
                picture = visit.take(kind, image, captured_at)
            else:
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
