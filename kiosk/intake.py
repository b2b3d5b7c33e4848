"""The command line's door to the capture pipeline: read and decode a file, then prepare it.

The capture time of a file is its modification time: when a camera or scanner wrote it,
the closest a file has to the app's shutter moment (see ``kiosk.pipeline``).

A file is judged as a scan unless it is known to be a camera's frame (``--source``, else
from the file): a subject that reaches the image's edges is a scan or an edge-to-edge
photo, with no frame to be inside; otherwise EXIF exposure fields (exposure time,
f-number, ISO, focal length: what only a camera writes) mean a camera. Make and Model alone
do not: flatbed scanners write them too.
"""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from kiosk.capture.evaluator import Evaluator
from kiosk.config import Settings
from kiosk.errors import KioskError
from kiosk.imaging.decode import ImageDecodeError, decode_image, read_file
from kiosk.imaging.encode import EncodeError
from kiosk.kinds import CaptureKind
from kiosk.pipeline import (
    DUPLICATE,
    ChecksFailed,
    ExtraCheck,
    Inspection,
    Override,
    OverrideRefused,
    PreparedCapture,
    Source,
    evaluator_for,
    failed_names,
    for_source,
    inspect,
    package,
    touches_edges,
)

log = logging.getLogger(__name__)

SourceChoice = Source | Literal["auto"]
# EXIF tags only a camera writes (EXIF 2.32, Exif IFD): ExposureTime, FNumber,
# ISOSpeedRatings, FocalLength.
_EXIF_IFD = 0x8769
_CAMERA_TAGS = (0x829A, 0x829D, 0x8827, 0x920A)


class IntakeError(KioskError, ValueError):
    """An image cannot be queued; the message names the file and what is wrong."""


def captured_at(path: Path) -> datetime:
    """When the file's picture was taken: its modification time, in local time."""
    return datetime.fromtimestamp(os.stat(path).st_mtime, tz=UTC).astimezone()


def camera_exif(data: bytes) -> bool:
    """True when the file's EXIF carries a camera's exposure fields (read with Pillow)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            exif = image.getexif()
            fields = dict(exif.get_ifd(_EXIF_IFD)) if exif else {}
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return False
    return any(tag in fields for tag in _CAMERA_TAGS)


@dataclass(frozen=True)
class FileInspection:
    """One file checked and cropped, judged as the source it is, before encoding."""

    path: Path
    inspection: Inspection
    source: Source
    captured_at: datetime

    @property
    def failed(self) -> list[str]:
        """The failed checks' names."""
        return failed_names(self.inspection.report)


def inspect_file(
    path: Path,
    kind: CaptureKind | str,
    settings: Settings,
    evaluator: Evaluator | None = None,
    *,
    source: SourceChoice = "auto",
    extra: ExtraCheck | None = None,
) -> FileInspection:
    """Decode one file and check it (``extra``: the visit's check on the crop); IntakeError
    when it cannot be read."""
    try:
        # Regular files within intake.max_file_bytes only, the header checked before decoding.
        data = read_file(path, settings.intake)
        image = decode_image(data, settings.intake)
    except ImageDecodeError as exc:
        raise IntakeError(f"{path}: {exc}") from None
    ev = evaluator if evaluator is not None else evaluator_for(settings)
    found = inspect(kind, image, ev, extra=extra, source="camera")
    judged: Source = source if source != "auto" else "camera"
    if source == "auto":
        touching = touches_edges(found.report, image.shape)
        judged = "camera" if camera_exif(data) and not touching else "scan"
    if judged == "scan":
        report = for_source(found.report, found.kind, "scan", image.shape)
        found = Inspection(found.kind, report, found.crop)
    return FileInspection(Path(path), found, judged, captured_at(path))


def _refused(path: Path, exc: ChecksFailed) -> IntakeError:
    forced = [name for name in exc.refused if name != DUPLICATE]
    hints = []
    if forced:
        hints.append(f"name it in --force {','.join(forced)} to submit anyway")
    if DUPLICATE in exc.refused:
        hints.append("a receipt seen before goes again only with --resubmit --reason TEXT")
    return IntakeError(f"{path}: {exc}; {'; '.join(hints)}")


def check_overrides(files: Collection[FileInspection], override: Override) -> None:
    """Refuse an override that names a check no file failed (OverrideRefused, listing
    the failed ones)."""
    failed = list(dict.fromkeys(name for f in files for name in f.failed))
    wrong = sorted(set(override.checks) - set(failed))
    if DUPLICATE in override.checks:
        raise OverrideRefused(
            "a receipt seen before is not forced: resubmit it with --resubmit --reason TEXT"
        )
    if wrong:
        listed = ", ".join(failed) or "none"
        raise OverrideRefused(
            f"--force names {', '.join(wrong)}, which did not fail; failed: {listed}"
        )


def package_file(
    found: FileInspection, settings: Settings, override: Override | None = None
) -> PreparedCapture:
    """Encode a checked file; IntakeError naming a failed check no override names.

    The override applies to this file's failed checks among those it names (a submission's
    ``--force`` names every check to override across its files).
    """
    mine = None
    if override is not None:
        failed = set(found.failed)
        mine = Override(override.checks & failed, override.reason, override.resubmit)
    try:
        return package(found.inspection, found.captured_at, settings, override=mine)
    except ChecksFailed as exc:
        raise _refused(found.path, exc) from None
    except OverrideRefused as exc:
        raise IntakeError(f"{found.path}: {exc}") from None
    except EncodeError as exc:
        raise IntakeError(f"{found.path}: {exc}") from None


def prepare_file(
    path: Path,
    kind: CaptureKind | str,
    settings: Settings,
    evaluator: Evaluator | None = None,
    *,
    override: Override | None = None,
    source: SourceChoice = "auto",
) -> PreparedCapture:
    """Decode one file and run it through the pipeline; IntakeError with why it is refused."""
    found = inspect_file(path, kind, settings, evaluator, source=source)
    if override is not None:
        check_overrides([found], override)
    return package_file(found, settings, override)
