"""Sources that play files as if they were a camera: a video, an image, a folder of images."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import cv2
import numpy as np

from kiosk.camera.device import VideoCaptureLike, quiet_opencv
from kiosk.camera.frame import CameraError
from kiosk.camera.source import Pacer, ThreadedSource
from kiosk.config.camera import CameraSettings
from kiosk.imaging.decode import ImageDecodeError, read_image
from kiosk.imaging.pixels import as_bgr8

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp"})
VIDEO_SUFFIXES = frozenset({".avi", ".mp4", ".mkv", ".mov", ".webm", ".m4v", ".mjpg", ".mjpeg"})


def _unopened_reason() -> str:
    # The installed kiosk switches OpenCV's FFmpeg back end off (its bundle carries no
    # FFmpeg); OpenCV's own MJPEG reader still plays Motion-JPEG .avi files.
    if os.environ.get("OPENCV_VIDEOIO_PRIORITY_FFMPEG") == "0":
        return "missing, or not a Motion-JPEG .avi, the one video format this kiosk plays"
    return "missing or unsupported"


class VideoFileSource(ThreadedSource):
    """A video file played in a loop at its own frame rate (or ``video_fps``)."""

    def __init__(self, path: Path | str, settings: CameraSettings | None = None) -> None:
        self._path = Path(path)
        super().__init__(self._path.name, "video")
        self._settings = settings or CameraSettings()
        self._cap: VideoCaptureLike | None = None
        self.loops = 0

    def _open_capture(self) -> VideoCaptureLike:
        with quiet_opencv():
            cap = cv2.VideoCapture(str(self._path))
        if not cap.isOpened():
            cap.release()
            raise CameraError(f"cannot open video file {self._path} ({_unopened_reason()})")
        return cap

    def _open_backend(self) -> None:
        if not self._path.is_file():
            raise CameraError(f"video file {self._path} does not exist")
        self._cap = self._open_capture()
        file_fps = self._cap.get(cv2.CAP_PROP_FPS)
        fps = self._settings.video_fps or (file_fps if 0 < file_fps < 1000 else 30.0)
        self._nominal_fps = fps

    def _close_backend(self) -> None:
        if self._thread is None and self._cap is not None:
            self._cap.release()
            self._cap = None

    def _read_loop(self) -> None:
        pacer = Pacer(self._nominal_fps, self._stop)
        try:
            while pacer.wait():
                image = self._next_image()
                if image is None:
                    self._set_state(
                        "failed", f"video file {self._path.name} has no readable frames"
                    )
                    return
                self._publish(as_bgr8(image))
        finally:
            if self._cap is not None:
                self._cap.release()
                self._cap = None

    def _next_image(self) -> np.ndarray | None:
        assert self._cap is not None
        ok, image = self._cap.read()
        if ok and image is not None:
            return image
        # End of file: start again. Seeking is unreliable in some containers, so reopen.
        self._cap.release()
        self._cap = self._open_capture()
        self.loops += 1
        ok, image = self._cap.read()
        return image if ok and image is not None else None


def image_files(folder: Path) -> list[Path]:
    """The images in a folder (not recursive), in name order."""
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)


class ImageSource(ThreadedSource):
    """One image or a folder of images, looped: frames at ``fps``, each image held a while."""

    def __init__(self, path: Path | str, settings: CameraSettings | None = None) -> None:
        self._path = Path(path)
        super().__init__(self._path.name or str(self._path), "images")
        self._settings = settings or CameraSettings()
        self._files: list[Path] = []
        self._index = 0
        self.loops = 0
        self.skipped = 0

    @property
    def files(self) -> list[Path]:
        """The image files played, in order."""
        return list(self._files)

    def _open_backend(self) -> None:
        if self._path.is_dir():
            self._files = image_files(self._path)
            if not self._files:
                raise CameraError(
                    f"folder {self._path} has no images ({', '.join(sorted(IMAGE_SUFFIXES))})"
                )
        elif self._path.is_file():
            self._files = [self._path]
        else:
            raise CameraError(f"{self._path} does not exist")
        self._nominal_fps = self._settings.fps
        current = self._load_next()
        if current is None:
            raise CameraError(f"no readable image in {self._path}")
        self._current = current

    def _load_next(self) -> np.ndarray | None:
        """Decode the next readable image in order (looping); None if none is readable."""
        for _ in range(len(self._files)):
            path = self._files[self._index]
            self._index += 1
            if self._index == len(self._files):
                self._index = 0
                self.loops += 1
            try:
                image = read_image(path)
            except ImageDecodeError as exc:
                self.skipped += 1
                log.warning("skipping unreadable image: %s", exc)
                continue
            image.flags.writeable = False
            return image
        return None

    def _read_loop(self) -> None:
        pacer = Pacer(self._settings.fps, self._stop)
        hold = max(1, round(self._settings.image_hold_s * self._settings.fps))
        shown = 0
        while pacer.wait():
            if shown >= hold:
                shown = 0
                if len(self._files) > 1:
                    image = self._load_next()
                    if image is None:
                        self._set_state("failed", f"no readable image left in {self._path}")
                        return
                    self._current = image
            # The same read-only array is published again: no copy per frame.
            self._publish(self._current)
            shown += 1
