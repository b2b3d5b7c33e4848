"""The ``FrameSource`` interface and the threaded one-slot buffer every source is built on.

A source reads on its own daemon thread and keeps only the newest frame: a slow consumer
sees fewer frames, never older ones, and memory never grows. Frames replaced before anyone
read them are counted in ``dropped``. Its ``state`` is polled, not pushed: the app's status
strip reads it every 2 s (ui/window.py), the metrics every ``metrics.camera_sample_s``
(kiosk/monitoring/recorder.py).

A source still open when the interpreter exits is closed first (``atexit``). CPython ends a
daemon thread that wants the interpreter back during finalization with ``pthread_exit``;
a reader inside OpenCV is then unwound through OpenCV's GIL-restoring destructor, and the
C++ runtime aborts the whole process ("terminate called without an active exception",
exit status 134) after everything else went right.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
import weakref
from collections import deque
from typing import Protocol, runtime_checkable

import numpy as np

from kiosk.camera.frame import (
    CameraError,
    Frame,
    SourceInfo,
    SourceKind,
    SourceState,
)

log = logging.getLogger(__name__)

# Delivered fps is measured over this many recent arrivals (one second at 30 fps).
_FPS_WINDOW = 30

# Sources with a reader thread, closed at exit (module docstring).
_open_sources: weakref.WeakSet[ThreadedSource] = weakref.WeakSet()


@atexit.register
def _close_open_sources() -> None:
    for source in list(_open_sources):
        source.close()


@runtime_checkable
class FrameSource(Protocol):
    """Anything that delivers frames: a camera, a video, images, the demo scene."""

    @property
    def info(self) -> SourceInfo: ...

    @property
    def state(self) -> SourceState: ...

    @property
    def error(self) -> str | None: ...

    @property
    def dropped(self) -> int: ...

    def open(self) -> None: ...

    def close(self) -> None: ...

    def latest(self) -> Frame | None: ...

    def wait_frame(self, after_seq: int, timeout: float) -> Frame | None: ...


class ThreadedSource:
    """Base of every source: reader thread, latest-frame slot and state (callers poll it).

    Subclasses implement ``_open_backend`` (synchronous; raise CameraError if it cannot
    start), ``_read_loop`` (runs on the thread until ``self._stop`` is set, calling
    ``_publish`` per frame) and ``_close_backend``.
    """

    def __init__(self, name: str, kind: SourceKind, *, is_demo: bool = False) -> None:
        self._name = name
        self._kind: SourceKind = kind
        self._is_demo = is_demo
        self._cond = threading.Condition()
        self._slot: Frame | None = None
        self._slot_read = True
        self._seq = 0
        self._dropped = 0
        self._arrivals: deque[float] = deque(maxlen=_FPS_WINDOW)
        self._nominal_fps = 0.0
        self._state: SourceState = "closed"
        self._error: str | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- public interface -------------------------------------------------------------

    @property
    def info(self) -> SourceInfo:
        """Name, kind and the resolution and fps actually delivered."""
        with self._cond:
            frame = self._slot
            fps = self._measured_fps_locked() or self._nominal_fps
        width, height = (frame.width, frame.height) if frame is not None else (0, 0)
        return SourceInfo(self._name, self._kind, width, height, round(fps, 2), self._is_demo)

    @property
    def state(self) -> SourceState:
        """opening, live, reconnecting, closed or failed."""
        return self._state

    @property
    def error(self) -> str | None:
        """Why the source is failed or reconnecting; None when it is fine."""
        return self._error

    @property
    def dropped(self) -> int:
        """Frames replaced in the slot before anyone read them."""
        with self._cond:
            return self._dropped

    def open(self) -> None:
        """Start delivering frames; raise CameraError (state ``failed``) if it cannot."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._set_state("opening", None)
        try:
            self._open_backend()
        except CameraError as exc:
            self._set_state("failed", str(exc))
            raise
        self._thread = threading.Thread(target=self._run, name=f"camera-{self._kind}", daemon=True)
        self._thread.start()
        _open_sources.add(self)

    def close(self) -> None:
        """Stop the reader thread and release the source; safe to call twice."""
        self._stop.set()
        _open_sources.discard(self)
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5.0)
            if thread.is_alive():
                log.warning("camera reader thread did not stop within 5 s")
        with self._cond:
            self._cond.notify_all()
        self._close_backend()
        if self._state != "failed":
            self._set_state("closed", None)

    def latest(self) -> Frame | None:
        """The newest frame, without waiting; None before the first one."""
        with self._cond:
            self._slot_read = True
            return self._slot

    def wait_frame(self, after_seq: int, timeout: float) -> Frame | None:
        """The newest frame whose seq is above ``after_seq``, waiting up to ``timeout`` s."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._slot is None or self._slot.seq <= after_seq:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._stop.is_set() or self._state in ("failed", "closed"):
                    return None
                self._cond.wait(remaining)
            self._slot_read = True
            return self._slot

    def __enter__(self) -> ThreadedSource:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- for subclasses ---------------------------------------------------------------

    def _open_backend(self) -> None:
        """Open the underlying device or file (synchronously)."""

    def _read_loop(self) -> None:
        """Produce frames until ``self._stop`` is set."""
        raise NotImplementedError

    def _close_backend(self) -> None:
        """Release the underlying device or file."""

    def _publish(self, image: np.ndarray, timestamp: float | None = None) -> Frame:
        """Put a new frame in the slot, replacing (and counting as dropped) an unread one."""
        image.flags.writeable = False  # frames are shared between threads: never drawn on
        now = time.monotonic() if timestamp is None else timestamp
        with self._cond:
            self._seq += 1
            frame = Frame(image=image, timestamp=now, seq=self._seq)
            if self._slot is not None and not self._slot_read:
                self._dropped += 1
            self._slot = frame
            self._slot_read = False
            self._arrivals.append(now)
            self._cond.notify_all()
        if self._state != "live" and not self._stop.is_set():
            self._set_state("live", None)
        return frame

    def _set_state(self, state: SourceState, error: str | None) -> None:
        if state == self._state and error == self._error:
            return
        self._state, self._error = state, error
        with self._cond:
            self._cond.notify_all()

    def _sleep(self, seconds: float) -> bool:
        """Sleep unless asked to stop; True if the source should keep going."""
        return not self._stop.wait(max(0.0, seconds))

    # -- internals --------------------------------------------------------------------

    def _measured_fps_locked(self) -> float:
        if len(self._arrivals) < 2:
            return 0.0
        span = self._arrivals[-1] - self._arrivals[0]
        return (len(self._arrivals) - 1) / span if span > 0 else 0.0

    def _run(self) -> None:
        try:
            self._read_loop()
        except Exception as exc:
            log.exception("camera source %s stopped", self._name)
            self._set_state("failed", f"{type(exc).__name__}: {exc}")


class Pacer:
    """Wakes a producer at a fixed rate without bursting to catch up after a stall."""

    def __init__(self, fps: float, stop: threading.Event) -> None:
        self.period = 1.0 / fps
        self._stop = stop
        self._next = time.monotonic()

    def wait(self) -> bool:
        """Sleep until the next tick; False when the source is stopping."""
        now = time.monotonic()
        if self._next < now - self.period:
            self._next = now  # fell behind: skip missed ticks rather than burst
        if self._stop.wait(max(0.0, self._next - now)):
            return False
        self._next += self.period
        return True
