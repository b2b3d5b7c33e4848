"""One capture pipeline for every door (the command line and the app).

full-resolution checks → crop cut from what the checks found (nothing is detected twice) →
the crop turned to reading orientation by its content → checks that read the crop (PDF417,
MRZ) → encode within the byte budget → the outbox's ``Capture``, plus the receipt
fingerprint to remember once the submission is queued.

A camera frame is judged on every check; a scan (``source="scan"``) is not judged on the
checks that guide a person in front of a camera (the kind's ``camera_checks``). Overrides
name the failed checks they override (``package(force=...)``); a receipt seen before is
resubmitted on its own grounds (``resubmit``), never forced.

A check that raises becomes a failed "Checks unavailable" result, logged by exception
type and code location only (never image data or document text). The capture time is
passed in by the door: the moment the picture was taken (the shutter in the app, the
file's modification time on the command line).
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

import numpy as np

from kiosk.capture.evaluator import Evaluator
from kiosk.capture.orientation import Turns, turn, unique
from kiosk.capture.phash import phash
from kiosk.capture.result import CaptureReport, CheckResult, CropReading, unavailable_report
from kiosk.config import Settings
from kiosk.errors import KioskError
from kiosk.imaging.encode import encode_for_upload
from kiosk.imaging.pixels import as_bgr8
from kiosk.kinds import CaptureKind
from kiosk.kinds import kind as lookup_kind
from kiosk.outbox.plans import Capture
from kiosk.outbox.receipt_hashes import ReceiptHashes
from kiosk.private_traceback import log_failure

log = logging.getLogger(__name__)

ExtraCheck = Callable[[np.ndarray], CheckResult]
Source = Literal["camera", "scan"]
SOURCES: tuple[Source, ...] = ("camera", "scan")
# The receipt check SessionM's "submitted twice" (invalid code 3) anticipates: never forced.
DUPLICATE = "duplicate"
# Within this share of the frame's shorter side from a border, a subject touches it.
_EDGE_TOUCH = 0.005


class ChecksFailed(KioskError, ValueError):
    """A capture failed checks no override names; the message names them."""

    def __init__(self, report: CaptureReport, refused: Sequence[str] | None = None) -> None:
        failed = [c for c in report.checks if not c.passed]
        names = list(refused) if refused is not None else [c.name for c in failed]
        first = next((c for c in failed if c.name in names), failed[0])
        super().__init__(
            f"{report.kind} check failed: {first.instruction or first.name} "
            f"(failed: {', '.join(names)})"
        )
        self.report = report
        self.refused = names


class OverrideRefused(KioskError, ValueError):
    """An override names a check that did not fail, or one that cannot be forced."""


@dataclass(frozen=True)
class Override:
    """What a door overrides for one capture: the failed checks it names, and why.

    ``resubmit``: the reason a receipt seen before (the duplicate check) goes again; that
    check is overridden only this way, never by ``checks``.
    """

    checks: frozenset[str] = frozenset()
    reason: str | None = None
    resubmit: str | None = None


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
    # A bug's frames go to the log (its message withheld: it may quote document text); the
    # customer and the command line are told only that the checks could not run.
    log_failure(log, f"{kind.id} {step} raised at {_where(exc)}", exc)
    return "Checks unavailable"


def touches_edges(report: CaptureReport, shape: tuple[int, ...]) -> bool:
    """True when the subject the checks found reaches a border of the frame (a scan or an
    edge-to-edge photo)."""
    box = report.subject_box
    if box is None:
        return False
    h, w = shape[:2]
    x, y, bw, bh = box
    room = min(x, y, w - (x + bw), h - (y + bh))
    return room <= _EDGE_TOUCH * min(w, h)


def for_source(
    report: CaptureReport, k: CaptureKind, source: Source, shape: tuple[int, ...]
) -> CaptureReport:
    """The report as ``source`` is judged: a scan without the kind's camera checks (and
    without the aspect ratio when the outline found is the image's own border)."""
    if source == "camera":
        return report
    dropped = set(k.camera_checks)
    if touches_edges(report, shape):
        dropped.add("aspect_ratio")  # the measured outline is then partly the image's
    return replace(report, checks=[c for c in report.checks if c.name not in dropped])


def _read_crop(
    k: CaptureKind, crop: np.ndarray, image: np.ndarray, report: CaptureReport, ev: Evaluator
) -> tuple[np.ndarray, list[CheckResult], int]:
    """Turn the crop to reading orientation and run the checks that read it.

    The kind's orientation finder proposes turns, likeliest first; the next is read only
    when the content checks fail at the one before (an upright document costs one read).
    """
    turns: Turns = (0,)
    if k.orient is not None:
        try:
            turns = unique(k.orient(crop, report, ev)) or (0,)
        except Exception as exc:
            _unavailable(k, "orientation", exc)  # logged; the crop is read as cut
    if k.crop_checks is None:
        return turn(crop, turns[0]), [], turns[0]
    reader = k.crop_checks
    first: tuple[np.ndarray, list[CheckResult], int] | None = None
    for degrees in turns:
        turned = turn(crop, degrees)
        try:
            reading = reader(turned, image, report, ev.settings)
        except Exception as exc:
            failed = CheckResult("checks", False, None, None, _unavailable(k, "crop checks", exc))
            reading = CropReading([failed])
        total = (degrees + reading.turn) % 360
        result = (turn(turned, reading.turn), reading.checks, total)
        if first is None:
            first = result
        if all(c.passed for c in reading.checks):
            return result
    assert first is not None
    return first


def inspect(
    kind: CaptureKind | str,
    image: np.ndarray,
    evaluator: Evaluator,
    *,
    extra: ExtraCheck | None = None,
    source: Source = "camera",
) -> Inspection:
    """Check the full frame, crop the subject the checks found, turn it upright, read it."""
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
    crop, read, turned = _read_crop(k, np.ascontiguousarray(crop), image, report, ev)
    report.checks.extend(read)
    report.turned = turned
    if extra is not None:
        try:
            report.checks.append(extra(crop))
        except Exception as exc:
            report.checks.append(
                CheckResult("checks", False, None, None, _unavailable(k, "extra check", exc))
            )
    report = for_source(report, k, source, image.shape)
    return Inspection(k, report, crop)


def failed_names(report: CaptureReport) -> list[str]:
    """The names of the checks that failed, in the report's order, once each."""
    return list(dict.fromkeys(c.name for c in report.checks if not c.passed))


def authorise(report: CaptureReport, override: Override) -> list[str]:
    """The failed checks ``override`` overrides: exactly the failed ones, each named.

    OverrideRefused when it names a check that did not fail (or is unknown), or forces the
    duplicate check; ChecksFailed naming each failed check it does not name.
    """
    failed = failed_names(report)
    listed = ", ".join(failed) or "none"
    if DUPLICATE in override.checks:
        raise OverrideRefused(
            "a receipt seen before is not forced: resubmit it with --resubmit --reason TEXT"
        )
    wrong = sorted(override.checks - set(failed))
    if wrong:
        raise OverrideRefused(
            f"--force names {', '.join(wrong)}, which did not fail; failed: {listed}"
        )
    granted = set(override.checks) | ({DUPLICATE} if override.resubmit else set())
    refused = [name for name in failed if name not in granted]
    if refused:
        raise ChecksFailed(report, refused)
    return failed


def _reason(override: Override, overridden: Sequence[str]) -> str | None:
    # The duplicate check in the failed checks says it was a resubmission; the reasons are
    # kept as given (the app's fixed reasons are logged by their code).
    parts = []
    if any(name != DUPLICATE for name in overridden):
        parts.append(override.reason or "override")
    if DUPLICATE in overridden and override.resubmit:
        parts.append(override.resubmit)
    return "; ".join(dict.fromkeys(parts)) or None


def package(
    inspection: Inspection,
    captured_at: datetime,
    settings: Settings,
    *,
    override: Override | None = None,
    review: bool = False,
) -> PreparedCapture:
    """Encode the crop within the budget, if every failed check is overridden.

    ``override`` names the failed checks to override (see ``authorise``); ``review``
    encodes whatever failed, for staff to judge (the app then records the checks staff
    overrode). EncodeError (kiosk.imaging.encode) when the crop cannot be encoded within
    the budget.
    """
    k, report = inspection.kind, inspection.report
    failed = failed_names(report)
    reason = None
    if not review:
        if failed and override is None:
            raise ChecksFailed(report)
        if override is not None:
            failed = authorise(report, override)
            reason = _reason(override, failed)
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
        override_reason=(reason or "override") if failed and not review else None,
        failed_checks=failed,
    )
    fingerprint = phash(inspection.crop) if k.remembers_fingerprint else None
    return PreparedCapture(k, report, capture, fingerprint, encoded.width, encoded.height)


def staff_override(report: CaptureReport, checks: Collection[str]) -> list[str]:
    """The checks staff overrode in the app, validated against the picture's report: each
    must have failed, and every failed check must be among them (the app's staff override
    may include a receipt seen before: staff judged it, with a recorded reason)."""
    named = frozenset(checks)
    resubmit = "staff override" if DUPLICATE in named else None
    return authorise(report, Override(named - {DUPLICATE}, resubmit=resubmit))


def evaluator_for(settings: Settings) -> Evaluator:
    """An evaluator for the kiosk's settings: its face model, and the duplicate check
    reading the receipt hashes the outbox keeps in the data directory."""
    hashes = ReceiptHashes.for_settings(settings)
    return Evaluator(settings.capture, face_model=settings.face_model, recent_hashes=hashes.recent)


def prepare(
    kind: CaptureKind | str,
    image: np.ndarray,
    captured_at: datetime,
    settings: Settings,
    *,
    evaluator: Evaluator | None = None,
    override: Override | None = None,
    extra: ExtraCheck | None = None,
    source: Source = "camera",
) -> PreparedCapture:
    """Check, crop, read and encode one frame: ``inspect`` then ``package``."""
    ev = evaluator if evaluator is not None else evaluator_for(settings)
    found = inspect(kind, image, ev, extra=extra, source=source)
    return package(found, captured_at, settings, override=override)
