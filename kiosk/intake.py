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
from kiosk.imaging.decode import ImageDecodeError, decode_image, read_file
from kiosk.imaging.encode import EncodeError
from kiosk.kinds import CaptureKind
from kiosk.pipeline import ChecksFailed, PreparedCapture, prepare


class IntakeError(KioskError, ValueError):
    """An image cannot be queued; the message names the file and what is wrong."""


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
    try:
        # Regular files within intake.max_file_bytes only, the header checked before decoding.
        image = decode_image(read_file(path, settings.intake), settings.intake)
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
