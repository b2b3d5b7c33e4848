"""The capture kinds: one record per kind, read by everything that depends on the kind.

A kind's id is its spelling everywhere: the ``kiosk check --kind`` value, the ``kiosk
submit`` option (``license_front`` → ``--license-front``), the key under ``amplifi.types``
and in the app's texts. The option's hyphenated spelling (``license-front``) is accepted
as an alias where a kind is named. Adding a kind means one record here, its checks module
and its texts.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

import numpy as np

from kiosk.capture.checks.document_checks import evaluate_document, settings_of
from kiosk.capture.checks.face import Face, check_face, crop_portrait
from kiosk.capture.checks.license import check_license_back, read_barcode
from kiosk.capture.checks.passport import check_passport, mrz_turns, read_passport_mrz
from kiosk.capture.checks.receipt import ReceiptOutline, check_receipt, upright_crop
from kiosk.capture.detect.document import DocumentQuad
from kiosk.capture.detect.geometry import ID1, TD3, DocumentGeometry
from kiosk.capture.evaluator import Evaluator
from kiosk.capture.orientation import Turns, portrait_turns, receipt_turns
from kiosk.capture.result import CaptureReport, CropReading
from kiosk.capture.settings import CaptureSettings
from kiosk.errors import KioskError
from kiosk.imaging.crop import warp_document
from kiosk.imaging.pixels import as_bgr8

Check = Callable[..., CaptureReport]  # (bgr, Evaluator, *, live, full_scale)
Crop = Callable[[np.ndarray, CaptureReport, CaptureSettings], np.ndarray | None]
CropChecks = Callable[[np.ndarray, np.ndarray, CaptureReport, CaptureSettings], CropReading]
# Which way up the crop reads: the clockwise turns to try, in order (crop, report, evaluator).
Orient = Callable[[np.ndarray, CaptureReport, Evaluator], Turns]
# Checks that guide a person in front of a live camera: a scan has no frame to be inside.
LIVE_ONLY = frozenset({"motion"})
DOCUMENT_CAMERA_CHECKS = LIVE_ONLY | {"inside_frame", "fill", "tilt", "glare"}
# "document" keeps the encoder's floor below which small print blurs; "portrait" has none.
EncodePolicy = Literal["document", "portrait"]


class UnknownKindError(KioskError, ValueError):
    """A capture kind id that is not in the registry; the message lists the known ones."""


@dataclass(frozen=True)
class CaptureKind:
    """Everything that depends on what is being captured."""

    id: str
    label: str  # English; the app shows it through its translations (ui.texts)
    geometry: DocumentGeometry | None  # documents only
    encode_policy: EncodePolicy
    api: Literal["amplifi", "sessionm"]
    amplifi_type_setting: str | None  # the key under ``amplifi.types`` (AmpliFi kinds)
    demo_scene: str | None  # what the demo camera holds up (kiosk.camera.settings.DemoScene)
    # Full-resolution (and live) checks; the report carries the subject they found.
    check: Check
    # The part of the frame that is uploaded, cut from the report's subject; None: the
    # subject was not found and the whole frame goes.
    crop: Crop
    # Checks that read the crop (barcode, MRZ): (crop, frame, report, settings).
    crop_checks: CropChecks | None = None
    # Remember the upload's perceptual hash once queued, to flag a re-submission.
    remembers_fingerprint: bool = False
    # Turn the crop to reading orientation by its content (None: uploaded as cut).
    orient: Orient | None = None
    # Checks a scan is not judged on (framing a person does in front of a camera; for
    # documents also glare: a scanner's white paper is clipped white, and lit evenly).
    camera_checks: frozenset[str] = LIVE_ONLY
    # The check that compares this picture with the visit's others (kiosk.visit runs it on
    # the crop): the licence front's portrait, the back not the front again, a receipt part
    # overlapping the one before.
    visit_check: str | None = None

    @property
    def option(self) -> str:
        """The ``kiosk submit prospect`` option for this kind (``--license-front``)."""
        return "--" + self.id.replace("_", "-")


def document_crop(geometry: DocumentGeometry) -> Crop:
    """The flattened document, at most as wide as it appears (``crop_width_px`` caps it)."""

    def crop(image: np.ndarray, report: CaptureReport, settings: CaptureSettings):
        quad = report.subject
        if not isinstance(quad, DocumentQuad):
            return None
        width = round(quad.width_px)  # never upsample: the crop is at most the card's pixels
        if settings.document.crop_width_px:
            width = min(width, settings.document.crop_width_px)
        return warp_document(as_bgr8(image), quad.corners, width, geometry.aspect)

    return crop


def document_check(geometry: DocumentGeometry) -> Check:
    """The shared document checks for a document that has no checks of its own."""

    def check(bgr: np.ndarray, ev: Evaluator, *, live: bool, full_scale: float = 1.0):
        found = evaluate_document(
            as_bgr8(bgr), geometry, settings_of(ev.settings), live=live, source_scale=full_scale
        )
        return CaptureReport("", found.checks, subject_box=found.box, subject=found.quad)

    return check


def _face(bgr: np.ndarray, ev: Evaluator, *, live: bool, full_scale: float = 1.0):
    return check_face(bgr, ev.settings.face, ev.face_detector, live=live, full_scale=full_scale)


def _portrait(image: np.ndarray, report: CaptureReport, settings: CaptureSettings):
    face = report.subject
    return crop_portrait(image, face, settings.face) if isinstance(face, Face) else None


def _license_back(bgr: np.ndarray, ev: Evaluator, *, live: bool, full_scale: float = 1.0):
    return check_license_back(bgr, ev.settings, live=live, full_scale=full_scale)


def _passport(bgr: np.ndarray, ev: Evaluator, *, live: bool, full_scale: float = 1.0):
    return check_passport(bgr, ev.settings, live=live, full_scale=full_scale)


def _receipt(bgr: np.ndarray, ev: Evaluator, *, live: bool, full_scale: float = 1.0):
    return check_receipt(
        bgr, ev.settings.receipt, live=live, full_scale=full_scale, store=ev.hash_store
    )


def _passport_turns(crop: np.ndarray, report: CaptureReport, ev: Evaluator) -> Turns:
    return mrz_turns(crop) if report.subject is not None else (0,)


def _portrait_turns(crop: np.ndarray, report: CaptureReport, ev: Evaluator) -> Turns:
    return portrait_turns(crop, ev.face_detector) if report.subject is not None else (0,)


def _receipt_turns(crop: np.ndarray, report: CaptureReport, ev: Evaluator) -> Turns:
    return receipt_turns(crop) if report.subject is not None else (0,)


def _upright(image: np.ndarray, report: CaptureReport, settings: CaptureSettings):
    outline = report.subject
    return upright_crop(image, outline) if isinstance(outline, ReceiptOutline) else None


_ALL = (
    CaptureKind(
        "face",
        "Face photo",
        None,
        "portrait",
        "amplifi",
        "face",
        "face",
        check=_face,
        crop=_portrait,
        camera_checks=LIVE_ONLY | {"centered"},
    ),
    CaptureKind(
        "license_front",
        "Driver's licence – front",
        ID1,
        "document",
        "amplifi",
        "license_front",
        "license_front",
        check=document_check(ID1),
        crop=document_crop(ID1),
        orient=_portrait_turns,
        camera_checks=DOCUMENT_CAMERA_CHECKS,
        visit_check="portrait",
    ),
    CaptureKind(
        "license_back",
        "Driver's licence – back",
        ID1,
        "document",
        "amplifi",
        "license_back",
        "license_back",
        check=_license_back,
        crop=document_crop(ID1),
        crop_checks=read_barcode,  # its reading turns the card upright by the PDF417
        camera_checks=DOCUMENT_CAMERA_CHECKS,
        visit_check="other_side",
    ),
    CaptureKind(
        "passport",
        "Passport photo page",
        TD3,
        "document",
        "amplifi",
        "passport",
        "passport",
        check=_passport,
        crop=document_crop(TD3),
        crop_checks=read_passport_mrz,
        orient=_passport_turns,
        camera_checks=DOCUMENT_CAMERA_CHECKS,
    ),
    CaptureKind(
        "receipt",
        "Receipt",
        None,
        "document",
        "sessionm",
        None,
        "receipt",
        check=_receipt,
        crop=_upright,
        remembers_fingerprint=True,
        orient=_receipt_turns,
        camera_checks=LIVE_ONLY | {"inside_frame"},
        visit_check="part_overlap",
    ),
)

KINDS: Mapping[str, CaptureKind] = MappingProxyType({k.id: k for k in _ALL})


def kind_id(name: str) -> str:
    """The kind id a name stands for: the id, or its option spelling (``license-back``).

    UnknownKindError otherwise, with the nearest id when there is one; never a default.
    """
    canonical = name.strip().lower().replace("-", "_")
    if canonical in KINDS:
        return canonical
    known = ", ".join(KINDS)
    near = difflib.get_close_matches(canonical, list(KINDS), n=1)
    hint = f"; did you mean {near[0]}?" if near else ""
    raise UnknownKindError(f"unknown capture kind {name!r}{hint} (expected one of {known})")


def kind(kind_id_or_kind: str | CaptureKind) -> CaptureKind:
    """The kind with this id or alias (a kind is returned as is); UnknownKindError, never a
    default."""
    if isinstance(kind_id_or_kind, CaptureKind):
        return kind_id_or_kind
    return KINDS[kind_id(kind_id_or_kind)]


def prospect_kinds() -> list[CaptureKind]:
    """The kinds a prospect session uploads to AmpliFi, in the registry's order."""
    return [k for k in KINDS.values() if k.api == "amplifi"]
