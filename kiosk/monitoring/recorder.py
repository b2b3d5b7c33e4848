"""The app's side of the metrics: captures, failed checks and the camera, into telemetry.

The app calls these as things happen; the delivery worker exposes what they stored. A
failure to record is logged once per kind of failure and never stops a capture.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol

from kiosk.monitoring import labels
from kiosk.monitoring.logs import event as log_event
from kiosk.monitoring.telemetry import Telemetry, TelemetryError

log = logging.getLogger(__name__)


class CameraLike(Protocol):
    """What is sampled of a camera source (``kiosk.camera.source.ThreadedSource`` is one)."""

    @property
    def info(self) -> object: ...

    @property
    def state(self) -> str: ...

    @property
    def dropped(self) -> int: ...


class Recorder:
    """Records the app's events for the delivery worker's metrics endpoint."""

    def __init__(self, data_dir: Path) -> None:
        self.telemetry = Telemetry(data_dir)
        self._warned = False

    def _safely(self, action: Callable[[], None]) -> None:
        try:
            action()
        except TelemetryError as exc:
            if not self._warned:
                log_event(log, "telemetry_unavailable", logging.WARNING, error=str(exc))
                self._warned = True

    def capture(
        self,
        kind: str,
        outcome: str,
        step_seconds: float | None,
        failed_checks: Iterable[str] = (),
        reason_code: int | None = None,
    ) -> None:
        """A capture step ended with a kept picture (auto, manual or overridden).

        An override is logged with the failed checks and the reason's position in
        ``app.override_reasons`` (its code), never the reason's text.
        """
        kind_label = labels.identifier(kind)
        outcome_label = labels.one_of(outcome, labels.CAPTURE_OUTCOMES)
        if outcome_label == "overridden":
            checks = ",".join(labels.identifier(c) for c in failed_checks) or "-"
            code = "other" if reason_code is None else str(reason_code)
            log_event(log, "capture_overridden", kind=kind_label, checks=checks, reason_code=code)

        def write() -> None:
            self.telemetry.add(
                "kiosk_captures_total", {"kind": kind_label, "outcome": outcome_label}
            )
            if step_seconds is not None and step_seconds >= 0:
                self.telemetry.observe(
                    "kiosk_capture_step_seconds", {"kind": kind_label}, step_seconds
                )

        self._safely(write)

    def check_failures(self, kind: str, checks: Iterable[str]) -> None:
        """A full-resolution picture failed these checks."""
        items = [
            (
                "kiosk_capture_check_failures_total",
                {"kind": labels.identifier(kind), "check": labels.identifier(name)},
                1.0,
            )
            for name in checks
        ]
        if items:
            self._safely(lambda: self.telemetry.add_many(items))

    def app_started(self) -> None:
        """The app is up: its start time, for the info metrics."""
        self._safely(lambda: self.telemetry.set("kiosk_app_start_time_seconds", {}, time.time()))

    def camera(self, camera: CameraLike | None) -> None:
        """The camera as it is now: state, delivered fps, dropped frames (also a heartbeat)."""
        if camera is None:
            state, fps, dropped = "absent", 0.0, 0.0
        else:
            state = labels.one_of(camera.state, labels.CAMERA_STATES)
            fps = float(getattr(camera.info, "fps", 0.0) or 0.0) if state == "live" else 0.0
            dropped = float(camera.dropped)
        items = [
            ("kiosk_camera_state", {"state": s}, float(s == state)) for s in labels.CAMERA_STATES
        ]
        items += [
            ("kiosk_camera_fps", {}, fps),
            ("kiosk_camera_dropped_frames", {}, dropped),
            ("kiosk_app_heartbeat_seconds", {}, time.time()),
        ]
        self._safely(lambda: self.telemetry.set_many(items))


class CameraWatch:
    """Samples the app's camera every ``interval`` seconds on a daemon thread."""

    def __init__(
        self, recorder: Recorder, camera: Callable[[], CameraLike | None], interval: float
    ) -> None:
        self._recorder = recorder
        self._camera = camera
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="camera-watch", daemon=True)

    def start(self) -> CameraWatch:
        """Begin sampling (the first sample at once)."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop sampling and wait for the thread."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while True:
            try:
                self._recorder.camera(self._camera())
            except Exception:
                log.exception("event=camera_sample_failed")
            if self._stop.wait(self._interval):
                return
