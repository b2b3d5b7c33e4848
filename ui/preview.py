"""The preview pipeline off the UI thread: read the newest frame, run the live checks, resize.

The UI polls ``latest()`` on a timer; the slot holds one value, so a slow UI sees fewer
frames, never a backlog.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.camera.frame import Frame
from kiosk.camera.source import FrameSource
from kiosk.capture.evaluator import Evaluator, LiveEvaluator, LiveResult
from kiosk.capture.result import unavailable_report
from kiosk.config import Settings
from kiosk.kinds import kind as capture_kind
from kiosk.pipeline import evaluator_for
from kiosk.private_traceback import log_failure

log = logging.getLogger(__name__)

# Live checks run at most this often; frames in between are shown with the last result.
# The face detector is most of the preview's CPU (YuNet ~25 ms a 640 px frame on the
# 2-core test machine, profiled with cProfile): checking every frame of a 30 fps camera
# spent a core's half on it, while guidance and the auto-capture hold need far fewer: at
# 10 a second the guide and the instruction still change within 0.1 s of the customer.
LIVE_CHECK_HZ = 10.0


@dataclass(frozen=True)
class PreviewState:
    """One processed preview frame: the frame, its display copy and its live result."""

    frame: Frame
    display: np.ndarray  # BGR, already sized for the view (contiguous)
    result: LiveResult | None
    kind: str | None
    processed_at: float
    checks_ms: float


def fit_size(width: int, height: int, box_w: int, box_h: int) -> tuple[int, int]:
    """The largest size with the frame's aspect ratio that fits the box."""
    scale = min(box_w / max(width, 1), box_h / max(height, 1))
    return max(1, int(width * scale)), max(1, int(height * scale))


class PreviewWorker:
    """A thread: newest frame → live checks of the current kind → display-sized copy → slot."""

    def __init__(self, settings: Settings, evaluator: Evaluator | None = None) -> None:
        self._settings = settings
        self._evaluator = evaluator
        self._lock = threading.Lock()
        self._source: FrameSource | None = None
        self._kind: str | None = None
        self._live: LiveEvaluator | None = None
        self._display = (960, 540)
        self._latest: PreviewState | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.processed = 0

    # -- control, from the UI thread --------------------------------------------------

    def start(self) -> None:
        """Start the thread (once)."""
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="preview", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop the thread and wait for it."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout=5)

    def set_source(self, source: FrameSource | None) -> None:
        """Read from this source (None: show nothing)."""
        with self._lock:
            self._source = source
            self._latest = None
            if self._live is not None:
                self._live.reset()

    def set_kind(self, kind: str | None) -> None:
        """Check frames as this capture kind (None: preview only)."""
        with self._lock:
            if kind != self._kind:
                self._kind = kind
                self._live = None
            self._latest = None

    def set_display_size(self, width: int, height: int) -> None:
        """The view's size, so frames are resized here and not on the UI thread."""
        with self._lock:
            self._display = (max(16, width), max(16, height))

    def latest(self) -> PreviewState | None:
        """The newest processed frame (never waits)."""
        with self._lock:
            return self._latest

    # -- the thread -------------------------------------------------------------------

    def _evaluator_here(self) -> Evaluator:
        # The face detector is not thread-safe: this thread owns its own evaluator.
        if self._evaluator is None:
            self._evaluator = evaluator_for(self._settings)
        return self._evaluator

    def _run(self) -> None:
        last_seq = 0
        last_source: FrameSource | None = None
        last_check = 0.0
        while not self._stop.is_set():
            with self._lock:
                source, kind, display = self._source, self._kind, self._display
                live = self._live
            if source is None:
                self._stop.wait(0.05)
                continue
            if source is not last_source:
                last_source, last_seq = source, 0
            frame = source.wait_frame(last_seq, 0.2)
            if frame is None:
                if source.state == "failed":
                    self._stop.wait(0.2)
                continue
            last_seq = frame.seq
            t0 = time.perf_counter()
            result = None
            due = t0 - last_check >= 1.0 / LIVE_CHECK_HZ
            if kind is not None and due:
                last_check = t0
                if live is None:
                    live = LiveEvaluator(self._evaluator_here(), capture_kind(kind))
                    with self._lock:
                        if self._kind == kind:
                            self._live = live
                result = self._check(live, kind, frame.image)
            checks_ms = (time.perf_counter() - t0) * 1000
            w, h = fit_size(frame.width, frame.height, *display)
            # Linear, not area: near 1:1 for the view, and a quarter of the cost per frame.
            shown = cv2.resize(frame.image, (w, h), interpolation=cv2.INTER_LINEAR)
            state = PreviewState(frame, shown, result, kind, time.monotonic(), checks_ms)
            with self._lock:
                if self._source is source and self._kind == kind:
                    self._latest = state
                    self.processed += 1

    @staticmethod
    def _check(live: LiveEvaluator, kind: str, image: np.ndarray) -> LiveResult:
        try:
            return live.process(image)
        except Exception as exc:
            # A check that breaks must not stop the preview; staff can still capture by hand.
            log_failure(log, f"live checks of {kind} failed", exc)
            return LiveResult(unavailable_report(kind, "Checks unavailable"), 1.0)
