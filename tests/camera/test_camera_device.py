"""The OpenCV device source, driven through a fake ``cv2.VideoCapture`` (no camera exists here)."""

from __future__ import annotations

import threading
import time

import cv2
import numpy as np
import pytest

from kiosk.camera.demo import DemoSource
from kiosk.camera.device import DeviceSource, backoff_delay, list_devices
from kiosk.camera.frame import CameraError
from kiosk.camera.open import make_source, open_source
from kiosk.config.camera import CameraSettings


class FakeCamera:
    """A USB camera that can be unplugged and plugged back; hands out capture objects."""

    def __init__(self, width: int = 640, height: int = 480, indexes: tuple[int, ...] = (0,)):
        self.width, self.height = width, height
        self.indexes = indexes
        self.plugged = True
        self.opens: list[tuple[int | str, int]] = []
        self.sets: list[tuple[int, float]] = []
        self.released = 0
        self._n = 0
        self._lock = threading.Lock()

    def factory(self, target: int | str, api: int) -> FakeCapture:
        self.opens.append((target, api))
        return FakeCapture(self, opened=self.plugged and target in self.indexes)

    def next_image(self) -> np.ndarray:
        with self._lock:
            self._n += 1
            n = self._n
        image = np.zeros((self.height, self.width, 3), np.uint8)
        image[:, :, 1] = n % 256
        return image


class FakeCapture:
    """The ``cv2.VideoCapture`` surface the device source uses."""

    def __init__(self, camera: FakeCamera, opened: bool) -> None:
        self.camera = camera
        self.opened = opened

    def isOpened(self) -> bool:
        return self.opened

    def read(self) -> tuple[bool, np.ndarray | None]:
        time.sleep(0.005)  # a frame period, so the reader does not spin
        if not (self.opened and self.camera.plugged):
            return False, None
        return True, self.camera.next_image()

    def set(self, prop: int, value: float) -> bool:
        self.camera.sets.append((prop, value))
        return True

    def get(self, prop: int) -> float:
        return {
            cv2.CAP_PROP_FRAME_WIDTH: self.camera.width,
            cv2.CAP_PROP_FRAME_HEIGHT: self.camera.height,
            cv2.CAP_PROP_FPS: 30.0,
        }.get(prop, 0.0)

    def release(self) -> None:
        self.camera.released += 1
        self.opened = False


def wait_for_state(source: DeviceSource, state: str, timeout: float = 10.0) -> None:
    """Poll the source's state, as the app does, until it is ``state``."""
    deadline = time.monotonic() + timeout
    while source.state != state and time.monotonic() < deadline:
        time.sleep(0.005)
    assert source.state == state, f"state {state!r} not reached; it is {source.state!r}"


def fast_settings(**kw: object) -> CameraSettings:
    base = {"reconnect_base_s": 0.01, "reconnect_cap_s": 0.04, "read_failures_to_reconnect": 2}
    return CameraSettings(**{**base, **kw})


def test_requested_format_is_asked_and_delivered_format_reported() -> None:
    camera = FakeCamera(640, 480)
    source = DeviceSource(0, fast_settings(width=1920, height=1080, fps=30, backend="v4l2"),
                          capture_factory=camera.factory)  # fmt: skip
    with source:
        frame = source.wait_frame(0, timeout=5)
        assert frame is not None
        for _ in range(5):
            frame = source.wait_frame(frame.seq, timeout=5)
        info = source.info
    asked = dict(camera.sets)
    assert asked[cv2.CAP_PROP_FRAME_WIDTH] == 1920
    assert asked[cv2.CAP_PROP_FRAME_HEIGHT] == 1080
    assert asked[cv2.CAP_PROP_FPS] == 30
    assert asked[cv2.CAP_PROP_FOURCC] == cv2.VideoWriter_fourcc(*"MJPG")
    assert camera.opens[0] == (0, cv2.CAP_V4L2)
    # What the camera delivers, not what was asked.
    assert (info.width, info.height) == (640, 480)
    assert info.kind == "device" and not info.is_demo
    assert info.fps > 0
    assert source.state == "closed"
    assert camera.released >= 1


def test_unplug_reconnects_with_exponential_backoff() -> None:
    camera = FakeCamera()
    source = DeviceSource(0, fast_settings(), capture_factory=camera.factory)
    source.open()
    try:
        first = source.wait_frame(0, timeout=5)
        assert first is not None
        wait_for_state(source, "live")
        camera.plugged = False
        wait_for_state(source, "reconnecting")
        # Let it fail to reopen a few times: delays double up to the cap.
        deadline = time.monotonic() + 10
        while len(source.reconnect_delays) < 4 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert source.reconnect_delays[:4] == [0.01, 0.02, 0.04, 0.04]
        assert source.state == "reconnecting"
        assert "reconnect" in (source.error or "")
        camera.plugged = True
        wait_for_state(source, "live")
        after = source.wait_frame(first.seq, timeout=5)
        assert after is not None and after.seq > first.seq
        assert source.reconnects == 1
        assert source.error is None
    finally:
        source.close()
    assert source.state == "closed"


def test_gives_up_after_max_attempts() -> None:
    camera = FakeCamera()
    source = DeviceSource(
        0, fast_settings(reconnect_max_attempts=2), capture_factory=camera.factory
    )
    with source:
        assert source.wait_frame(0, timeout=5) is not None
        camera.plugged = False
        wait_for_state(source, "failed")
        assert "2 reconnect attempts" in (source.error or "")
        assert source.wait_frame(10**9, timeout=0.5) is None
    assert source.state == "failed"


def test_open_failure_raises_and_sets_failed() -> None:
    camera = FakeCamera(indexes=(0,))
    source = DeviceSource(2, fast_settings(), capture_factory=camera.factory)
    with pytest.raises(CameraError, match="could not open camera 2"):
        source.open()
    assert source.state == "failed"
    assert "camera 2" in (source.error or "")


def test_backoff_delay_doubles_to_cap() -> None:
    assert [backoff_delay(n, 0.5, 10.0) for n in range(7)] == [0.5, 1, 2, 4, 8, 10, 10]
    assert backoff_delay(10_000, 0.5, 10.0) == 10.0


def test_list_devices_with_fake_cameras() -> None:
    camera = FakeCamera(800, 600, indexes=(1, 3))
    found = list_devices(CameraSettings(probe_max_index=4), capture_factory=camera.factory,
                         check_node=False)  # fmt: skip
    assert [(d.index, d.width, d.height) for d in found] == [(1, 800, 600), (3, 800, 600)]
    assert [t for t, _ in camera.opens] == [0, 1, 2, 3, 4]
    assert camera.released == 5  # every probe released, found or not


def test_list_devices_here_is_empty_and_quiet(capfd: pytest.CaptureFixture[str]) -> None:
    # Probing OpenCV itself (no node check): no camera exists here, and nothing is printed.
    assert list_devices(CameraSettings(probe_max_index=2), check_node=False) == []
    assert list_devices() == []
    err = capfd.readouterr().err
    assert "WARN" not in err and "can't open camera" not in err


def test_auto_prefers_a_device_and_falls_back_to_demo() -> None:
    camera = FakeCamera(indexes=(0,))
    chosen = make_source(CameraSettings(source="auto"), capture_factory=camera.factory)
    assert isinstance(chosen, DeviceSource)
    nothing = FakeCamera(indexes=())
    fallback = make_source(CameraSettings(source="auto"), capture_factory=nothing.factory)
    assert isinstance(fallback, DemoSource)


def test_open_source_names() -> None:
    camera = FakeCamera(indexes=(1,))
    source = open_source(fast_settings(source="1"), capture_factory=camera.factory)
    try:
        assert isinstance(source, DeviceSource) and source.info.name == "camera 1"
        assert source.wait_frame(0, timeout=5) is not None
    finally:
        source.close()
    with pytest.raises(CameraError, match="not 'auto', 'demo'"):
        make_source(CameraSettings(source="no/such/file.mp4"))
    with pytest.raises(CameraError):
        open_source(fast_settings(source="5"), capture_factory=camera.factory)
