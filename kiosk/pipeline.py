"""One capture pipeline for every door (the command line and the app).

full-resolution checks → crop cut from what the checks found (nothing is detected twice) →
checks that read the crop (PDF417, MRZ) → encode within the byte budget → the outbox's
``Capture``, plus the receipt fingerprint to remember once the submission is queued.

A check that raises becomes a failed "Checks unavailable" result, logged by exception
type and code location only (never image data or document text). The capture time is
passed in by the door: the moment the picture was taken (the shutter in the app, the
file's modification time on the command line).
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from kiosk.capture.evaluator import Evaluator
from kiosk.capture.phash import phash
from kiosk.capture.result import CaptureReport, CheckResult, unavailable_report
from kiosk.config import Settings
from kiosk.errors import KioskError
from kiosk.imaging.encode import encode_for_upload
from kiosk.imaging.pixels import as_bgr8
from kiosk.kinds import CaptureKind
from kiosk.kinds import kind as lookup_kind
from kiosk.outbox.plans import Capture

log = logging.getLogger(__name__)

ExtraCheck = Callable[[np.ndarray], CheckResult]


class ChecksFailed(KioskError, ValueError):
    """A capture failed a check and was not forced; the message names the checks."""

    def __init__(self, report: CaptureReport) -> None:
        failed = [c for c in report.checks if not c.passed]
        first = failed[0]
        super().__init__(
            f"{report.kind} check failed: {first.instruction or first.name} "
            f"(failed: {', '.join(c.name for c in failed)})"
        )
        self.report = report


@dataclass(frozen=True)
class Inspection:
    """A frame checked and cropped, before encoding."""

    kind: CaptureKind
    report: CaptureReport  # full-resolution checks, then the crop's checks
    crop: np.ndarray  # BGR pixels to upload: the subject, or the whole frame if not found


@dataclass(frozen=True)
class PreparedCapture:
    """A capture ready to queue, and the checks it went through."""

    kind: CaptureKind
    report: CaptureReport
    capture: Capture
    # Receipts: the perceptual hash to remember once the submission is queued.
    fingerprint: int | None
    width: int  # of the uploaded image
    height: int


def _where(exc: BaseException) -> str:
    """File and line an exception came from: enough to find it, no values."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return "?"
    last = frames[-1]
    return f"{last.filename.rsplit('/', 1)[-1]}:{last.lineno}"


def _unavailable(kind: CaptureKind, step: str, exc: BaseException) -> str:
    log.error(
        "%s %s raised %s at %s", kind.id, step, type(exc).__name__, _where(exc)
    )  # no message: it may quote document text
    return f"Checks unavailable ({type(exc).__name__})"


def inspect(
    kind: CaptureKind | str,
    image: np.ndarray,
    evaluator: Evaluator,
    *,
    extra: ExtraCheck | None = None,
) -> Inspection:
    """Check the full frame, crop the subject the checks found, run the crop's checks."""
    k = lookup_kind(kind)
    ev = evaluator
    settings = ev.settings
    image = as_bgr8(image)
    try:
        report = ev.evaluate(k, image, live=False)
    except Exception as exc:
        report = unavailable_report(k.id, _unavailable(k, "checks", exc))
    try:
        crop = k.crop(image, report, settings)
    except Exception as exc:
        # A subject that cannot be cut out fails the capture; forced, the whole frame goes.
        report.checks.append(CheckResult("crop", False, None, None, _unavailable(k, "crop", exc)))
        crop = None
    if crop is None:
        crop = image
    crop = np.ascontiguousarray(crop)
    steps: list[tuple[str, Callable[[], list[CheckResult]]]] = []
    if k.crop_checks is not None:
        reader = k.crop_checks
        steps.append(("crop checks", lambda: reader(crop, image, report, settings)))
    if extra is not None:
        steps.append(("extra check", lambda: [extra(crop)]))
    for step, run in steps:
        try:
            report.checks.extend(run())
        except Exception as exc:
            report.checks.append(
                CheckResult("checks", False, None, None, _unavailable(k, step, exc))
            )
    return Inspection(k, report, crop)


def package(
    inspection: Inspection,
    captured_at: datetime,
    settings: Settings,
    *,
    force: bool = False,
    override_reason: str | None = None,
) -> PreparedCapture:
    """Encode the crop within the budget; ChecksFailed if a check failed and not ``force``.

    EncodeError (kiosk.imaging.encode) when the crop cannot be encoded within the budget.
    """
    k, report = inspection.kind, inspection.report
    failed = [c.name for c in report.checks if not c.passed]
    if failed and not force:
        raise ChecksFailed(report)
    encoded = encode_for_upload(
        inspection.crop,
        settings.encode,
        max_bytes=settings.max_image_bytes,
        document=k.encode_policy == "document",
    )
    capture = Capture(
        data=encoded.data,
        mime_type=encoded.mime_type,
        captured_at=captured_at,
        checks_passed=not failed,
        override_reason=(override_reason or "override") if failed else None,
        failed_checks=failed,
    )
    fingerprint = phash(inspection.crop) if k.remembers_fingerprint else None
    return PreparedCapture(k, report, capture, fingerprint, encoded.width, encoded.height)


def prepare(
    kind: CaptureKind | str,
    image: np.ndarray,
    captured_at: datetime,
    settings: Settings,
    *,
    evaluator: Evaluator | None = None,
    force: bool = False,
    override_reason: str | None = None,
    extra: ExtraCheck | None = None,
) -> PreparedCapture:
    """Check, crop, read and encode one frame: ``inspect`` then ``package``."""
    ev = evaluator if evaluator is not None else Evaluator.from_settings(settings)
    found = inspect(kind, image, ev, extra=extra)
    return package(found, captured_at, settings, force=force, override_reason=override_reason)
