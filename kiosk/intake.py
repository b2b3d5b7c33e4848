"""The command line's door to the capture pipeline: read and decode a file, then prepare it.

The capture time of a file is its modification time: when a camera or scanner wrote it,
the closest a file has to the app's shutter moment (see ``kiosk.pipeline``).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from kiosk.capture.evaluator import Evaluator
from kiosk.config import Settings
from kiosk.errors import KioskError
from kiosk.imaging.decode import ImageDecodeError, decode_image
from kiosk.imaging.encode import EncodeError
from kiosk.kinds import CaptureKind
from kiosk.pipeline import ChecksFailed, PreparedCapture, prepare

# Anything larger is not a photo a kiosk camera or scanner produces.
MAX_INPUT_BYTES = 200 * 1024 * 1024


class IntakeError(KioskError, ValueError):
    """An image cannot be queued; the message names the file and what is wrong."""


def _read(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise IntakeError(f"{path}: no such file") from None
    except OSError as exc:
        raise IntakeError(f"{path}: cannot read ({exc.strerror})") from None
    if size > MAX_INPUT_BYTES:
        raise IntakeError(
            f"{path}: {size // (1024 * 1024)} MB is too large to be a photo "
            f"(limit {MAX_INPUT_BYTES // (1024 * 1024)} MB)"
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise IntakeError(f"{path}: cannot read ({exc.strerror})") from None


def captured_at(path: Path) -> datetime:
    """When the file's picture was taken: its modification time, in local time."""
    return datetime.fromtimestamp(os.stat(path).st_mtime, tz=UTC).astimezone()


def prepare_file(
    path: Path,
    kind: CaptureKind | str,
    settings: Settings,
    evaluator: Evaluator | None = None,
    *,
    force: bool = False,
    override_reason: str | None = None,
) -> PreparedCapture:
    """Decode one file and run it through the pipeline; IntakeError with why it is refused."""
    data = _read(path)
    try:
        image = decode_image(data)
    except ImageDecodeError as exc:
        raise IntakeError(f"{path}: {exc}") from None
    try:
        return prepare(
            kind,
            image,
            captured_at(path),
            settings,
            evaluator=evaluator,
            force=force,
            override_reason=override_reason or "forced from the command line",
        )
    except ChecksFailed as exc:
        raise IntakeError(f"{path}: {exc}; use --force to submit anyway") from None
    except EncodeError as exc:
        raise IntakeError(f"{path}: {exc}") from None
