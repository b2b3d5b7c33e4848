"""Turning an image file into a checked, encoded capture ready for the outbox.

Data flows one way: decode → capture checks (full resolution) → encode within the
byte budget → ``outbox.plans.Capture``. A failed check refuses the image unless the
caller forces it, in which case the override and the failed checks go with it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kiosk.capture.evaluator import Evaluator
from kiosk.capture.receipt import receipt_hash
from kiosk.capture.result import CaptureKindName, CaptureReport
from kiosk.config import Settings
from kiosk.errors import KioskError
from kiosk.imaging.decode import ImageDecodeError, decode_image
from kiosk.imaging.encode import EncodeError, encode_for_upload
from kiosk.outbox.plans import Capture

# Anything larger is not a photo a kiosk camera or scanner produces.
MAX_INPUT_BYTES = 200 * 1024 * 1024


class IntakeError(KioskError, ValueError):
    """An image cannot be queued; the message names the file and what is wrong."""


@dataclass
class PreparedImage:
    """A capture ready to queue, and the checks it went through."""

    capture: Capture
    report: CaptureReport | None
    width: int
    height: int
    # Receipts only: the perceptual hash remembered once the receipt is queued.
    fingerprint: int | None = None


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


def _captured_at(path: Path) -> datetime:
    # A file's capture time is its modification time: the closest thing a file has.
    return datetime.fromtimestamp(os.stat(path).st_mtime, tz=UTC).astimezone()


class Intake:
    """Prepares files for one submission with one evaluator (face model, receipt hashes)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.evaluator = Evaluator.from_settings(settings)

    def prepare(
        self,
        path: Path,
        kind: CaptureKindName,
        *,
        force: bool = False,
        override_reason: str | None = None,
    ) -> PreparedImage:
        """Decode, check and encode one file; raise IntakeError with the reason it is refused."""
        return prepare_file(
            path, kind, self.settings, self.evaluator, force=force, override_reason=override_reason
        )

    def remember_receipts(self, parts: list[PreparedImage]) -> None:
        """Record queued receipt parts so a re-submission is flagged as a near-duplicate."""
        store = self.evaluator.hash_store
        if store is None:
            return
        for part in parts:
            if part.fingerprint is not None:
                store.remember(part.fingerprint)


def prepare_file(
    path: Path,
    kind: CaptureKindName,
    settings: Settings,
    evaluator: Evaluator,
    *,
    force: bool = False,
    override_reason: str | None = None,
) -> PreparedImage:
    """Decode, check (full resolution) and encode one file; IntakeError when refused."""
    data = _read(path)
    try:
        image = decode_image(data)
    except ImageDecodeError as exc:
        raise IntakeError(f"{path}: {exc}") from None
    report = evaluator.evaluate(kind, image, live=False)
    failed = [c for c in report.checks if not c.passed]
    if failed and not force:
        first = failed[0]
        names = ", ".join(c.name for c in failed)
        raise IntakeError(
            f"{path}: {kind} check failed: {first.instruction or first.name} "
            f"(failed: {names}); use --force to submit anyway"
        )
    try:
        encoded = encode_for_upload(
            image, settings.encode, max_bytes=settings.max_image_bytes, document=kind != "face"
        )
    except EncodeError as exc:
        raise IntakeError(f"{path}: {exc}") from None
    capture = Capture(
        data=encoded.data,
        mime_type=encoded.mime_type,
        captured_at=_captured_at(path),
        checks_passed=not failed,
        override_reason=(override_reason or "forced from the command line") if failed else None,
        failed_checks=[c.name for c in failed],
    )
    height, width = image.shape[:2]
    fingerprint = receipt_hash(image, settings.capture.receipt) if kind == "receipt" else None
    return PreparedImage(capture, report, width, height, fingerprint)
