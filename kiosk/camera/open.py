"""Choosing a source from the ``camera.source`` setting: auto, demo, an index or a path."""

from __future__ import annotations

import logging
from pathlib import Path

from kiosk.camera.demo import DemoSource
from kiosk.camera.device import CaptureFactory, DeviceSource, list_devices, opencv_capture
from kiosk.camera.files import IMAGE_SUFFIXES, ImageSource, VideoFileSource
from kiosk.camera.frame import CameraError
from kiosk.camera.source import ThreadedSource
from kiosk.config.camera import CameraSettings

log = logging.getLogger(__name__)


def make_source(
    settings: CameraSettings,
    *,
    capture_factory: CaptureFactory = opencv_capture,
) -> ThreadedSource:
    """The (unopened) source ``settings.source`` names; CameraError if it names nothing usable."""
    spec = settings.source.strip()
    if spec.lower() == "demo":
        return DemoSource(settings)
    if spec.lower() == "auto":
        devices = list_devices(settings, capture_factory=capture_factory)
        if devices:
            return DeviceSource(devices[0].index, settings, capture_factory=capture_factory)
        return DemoSource(settings)
    if spec.isdigit():
        return DeviceSource(int(spec), settings, capture_factory=capture_factory)
    if spec.startswith("/dev/"):
        return DeviceSource(spec, settings, capture_factory=capture_factory)
    path = Path(spec).expanduser()
    if path.is_dir():
        return ImageSource(path, settings)
    if path.is_file():
        if path.suffix.lower() in IMAGE_SUFFIXES:
            return ImageSource(path, settings)
        return VideoFileSource(path, settings)
    raise CameraError(
        f"camera source {spec!r} is not 'auto', 'demo', a device index, "
        "or an existing video file, image or folder"
    )


def open_source(
    settings: CameraSettings,
    *,
    capture_factory: CaptureFactory = opencv_capture,
) -> ThreadedSource:
    """Open the configured source. ``auto`` takes the first camera that opens, else the demo."""
    source = make_source(settings, capture_factory=capture_factory)
    try:
        source.open()
    except CameraError:
        if settings.source.strip().lower() != "auto":
            raise
        log.warning("the camera found could not be opened; using the demo camera")
        source = DemoSource(settings)
        source.open()
    return source
