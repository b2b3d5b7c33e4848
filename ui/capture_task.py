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

from kiosk.capture.readers.ocr import OcrEngine, ocr_installed, provide_ocr_on_this_thread
from kiosk.capture.readers.ocr_process import OcrProcess
from kiosk.memory import give_back_freed_memory
from kiosk.picture import unusable_picture
from kiosk.private_traceback import log_failure
from kiosk.visit import Visit

log = logging.getLogger(__name__)


class CaptureRunner(QObject):
    """Runs a visit's ``take`` on its own thread; ``finished`` arrives on the UI thread."""

    finished = Signal(object)  # TakenPicture

    def __init__(self) -> None:
        super().__init__()
        self._ocr: OcrProcess | None = None
        # The capture thread reads passports through a child process (see ocr_process.py).
        self._pool = ThreadPoolExecutor(
            max_workers=1,
            thread_name_prefix="capture",
            initializer=provide_ocr_on_this_thread,
            initargs=(self._ocr_engine,),
        )
        self.busy = False

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

    def take(
        self, visit: Visit, kind: str, image: np.ndarray, captured_at: datetime | None = None
    ) -> None:
        """Start taking a picture of ``image`` (a frame the camera will not change) for
        ``visit``, whose checks compare it with the pictures it kept; ``captured_at``
        defaults to now, the shutter moment."""
        self.busy = True
        self._pool.submit(self._work, visit, kind, image, captured_at)

    def _work(
        self, visit: Visit, kind: str, image: np.ndarray, captured_at: datetime | None
    ) -> None:
        try:
            picture = visit.take(kind, image, captured_at)
        except Exception as exc:
            log_failure(log, f"taking the {kind} picture failed", exc)
            picture = unusable_picture(kind)
        # The full-size detection's buffers are not kept for the next picture: the live
        # preview has its own detector, and reloading this one costs about 5 ms.
        visit.evaluator.release_detector()
        give_back_freed_memory()
        self.busy = False
        self.finished.emit(picture)

    def shutdown(self) -> None:
        """Finish the picture in hand, end the OCR child and stop the thread."""
        self._pool.submit(self._close_ocr)
        self._pool.shutdown(wait=True)
