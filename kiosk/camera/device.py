"""A real camera through OpenCV: requested format, measured delivery, reconnect after unplug."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np

from kiosk.camera.frame import CameraError
from kiosk.camera.source import ThreadedSource
from kiosk.config.camera import CameraSettings
from kiosk.imaging.pixels import as_bgr8

log = logging.getLogger(__name__)

BACKENDS: dict[str, int] = {
    "any": cv2.CAP_ANY,
    "v4l2": cv2.CAP_V4L2,
    "dshow": cv2.CAP_DSHOW,
    "msmf": cv2.CAP_MSMF,
    "avfoundation": cv2.CAP_AVFOUNDATION,
}


class VideoCaptureLike(Protocol):
    """The part of ``cv2.VideoCapture`` a device source uses (a test injects a fake)."""

    def isOpened(self) -> bool: ...

    def read(self) -> tuple[bool, np.ndarray | None]: ...

    def set(self, prop: int, value: float) -> bool: ...

    def get(self, prop: int) -> float: ...

    def release(self) -> None: ...


CaptureFactory = Callable[[int | str, int], VideoCaptureLike]


def opencv_capture(target: int | str, api: int) -> VideoCaptureLike:
    """A real ``cv2.VideoCapture`` (the default factory)."""
    return cv2.VideoCapture(target, api)


@contextmanager
def quiet_opencv() -> Iterator[None]:
    """Silence OpenCV's own log while probing: absent cameras are expected, not news."""
    previous = cv2.utils.logging.getLogLevel()
    cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_SILENT)
    try:
        yield
    finally:
        cv2.utils.logging.setLogLevel(previous)


def backoff_delay(attempt: int, base: float, cap: float) -> float:
    """Seconds to wait before reconnect attempt ``attempt`` (0-based): base * 2^n, capped."""
    return min(cap, base * (2.0 ** min(attempt, 30)))


@dataclass(frozen=True)
class DeviceInfo:
    """A camera found by ``list_devices``: index, a name, and its default resolution."""

    index: int
    name: str
    width: int
    height: int


def _linux_node_absent(index: int) -> bool:
    # On Linux a missing /dev/videoN means nothing to open; skipping it avoids OpenCV's
    # slow failed open on every absent index.
    return sys.platform.startswith("linux") and not Path(f"/dev/video{index}").exists()


def _linux_name(index: int) -> str:
    try:
        return Path(f"/sys/class/video4linux/video{index}/name").read_text().strip()
    except OSError:
        return f"camera {index}"


def list_devices(
    settings: CameraSettings | None = None,
    *,
    capture_factory: CaptureFactory = opencv_capture,
    check_node: bool | None = None,
) -> list[DeviceInfo]:
    """Cameras that open, probing indexes 0..probe_max_index quietly; [] when there are none.

    ``check_node`` (default: when probing through OpenCV) skips Linux indexes with no
    /dev/videoN node instead of asking OpenCV to open them.
    """
    settings = settings or CameraSettings()
    if check_node is None:
        check_node = capture_factory is opencv_capture
    api = BACKENDS[settings.backend]
    found: list[DeviceInfo] = []
    with quiet_opencv():
        for index in range(settings.probe_max_index + 1):
            if check_node and _linux_node_absent(index):
                continue
            cap = capture_factory(index, api)
            try:
                if not cap.isOpened():
                    continue
                width = int(cap.get(cv2.CAP_PROP_FRAME_WIDTH))
                height = int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT))
            finally:
                cap.release()
            name = _linux_name(index) if sys.platform.startswith("linux") else f"camera {index}"
            found.append(DeviceInfo(index, name, width, height))
    return found


class DeviceSource(ThreadedSource):
    """An OpenCV camera by index or path, reopened with exponential backoff after an unplug."""

    def __init__(
        self,
        device: int | str,
        settings: CameraSettings | None = None,
        *,
        capture_factory: CaptureFactory = opencv_capture,
    ) -> None:
        self._settings = settings or CameraSettings()
        label = f"camera {device}" if isinstance(device, int) else str(device)
        super().__init__(label, "device")
        self._device = device
        self._api = BACKENDS[self._settings.backend]
        self._factory = capture_factory
        self._cap: VideoCaptureLike | None = None
        # Every backoff delay used, newest last (bounded), for status pages and tests.
        self.reconnect_delays: list[float] = []
        self.reconnects = 0

    def _open_capture(self) -> VideoCaptureLike | None:
        s = self._settings
        with quiet_opencv():
            cap = self._factory(self._device, self._api)
            if not cap.isOpened():
                cap.release()
                return None
            # Order matters on V4L2: the pixel format first, then size, then rate.
            if s.fourcc:
                cap.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter.fourcc(*s.fourcc))
            cap.set(cv2.CAP_PROP_FRAME_WIDTH, s.width)
            cap.set(cv2.CAP_PROP_FRAME_HEIGHT, s.height)
            cap.set(cv2.CAP_PROP_FPS, s.fps)
            # A one-frame driver queue keeps latency at one frame where the backend honours it.
            cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)
            reported = cap.get(cv2.CAP_PROP_FPS)
        self._nominal_fps = reported if 0 < reported < 1000 else s.fps
        return cap

    def _open_backend(self) -> None:
        self._cap = self._open_capture()
        if self._cap is None:
            raise CameraError(
                f"could not open {self._name} (backend {self._settings.backend}); "
                "is it connected and not in use by another program?"
            )

    def _close_backend(self) -> None:
        # The reader thread releases its capture on exit; this covers a thread never started.
        if self._thread is None and self._cap is not None:
            self._cap.release()
            self._cap = None

    def _read_loop(self) -> None:
        failures = 0
        try:
            while not self._stop.is_set():
                cap = self._cap
                ok, image = cap.read() if cap is not None else (False, None)
                if ok and image is not None and image.size:
                    failures = 0
                    self._publish(as_bgr8(image))
                    continue
                failures += 1
                if failures < self._settings.read_failures_to_reconnect:
                    self._sleep(0.01)
                    continue
                failures = 0
                if not self._reconnect():
                    return
        finally:
            if self._cap is not None:
                self._cap.release()
                self._cap = None

    def _reconnect(self) -> bool:
        """Release and reopen with backoff; False when stopping or out of attempts."""
        s = self._settings
        if self._cap is not None:
            self._cap.release()
            self._cap = None
        attempt = 0
        while not self._stop.is_set():
            delay = backoff_delay(attempt, s.reconnect_base_s, s.reconnect_cap_s)
            self._set_state(
                "reconnecting",
                f"{self._name} stopped delivering frames; reconnect attempt {attempt + 1} "
                f"in {delay:.1f} s",
            )
            self.reconnect_delays = [*self.reconnect_delays[-63:], delay]
            if not self._sleep(delay):
                return False
            self._cap = self._open_capture()
            if self._cap is not None:
                self.reconnects += 1
                log.info("%s reconnected after %d attempt(s)", self._name, attempt + 1)
                return True
            attempt += 1
            if s.reconnect_max_attempts and attempt >= s.reconnect_max_attempts:
                self._set_state(
                    "failed", f"{self._name} did not come back after {attempt} reconnect attempts"
                )
                return False
        return False
