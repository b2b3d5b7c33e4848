"""The capture kinds: one record per kind, read by everything that depends on the kind.

A kind's id is its spelling everywhere: the ``kiosk check --kind`` value, the ``kiosk
submit`` option (``license_front`` → ``--license-front``), the key under ``amplifi.types``,
in ``app.prospect_steps`` and in the app's texts (``ui.texts`` keys its title, hint and
choice words by the id). The option's hyphenated spelling (``license-front``) is accepted
as an alias where a kind is named. Adding a kind means one record here (or ``register``),
its checks module and its texts with their translations.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal, get_args

import numpy as np

from kiosk.camera.demo_scenes import (
    FACE_SCENE,
    LICENSE_BACK_SCENE,
    LICENSE_FRONT_SCENE,
    PASSPORT_SCENE,
    RECEIPT_SCENE,
    SceneRenderer,
)
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
from kiosk.config.capture import CaptureSettings
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
# The outline the live view draws for the subject: an oval for a face, the document's own
# shape (its geometry's aspect, rounded corners), a tall strip for a receipt.
Guide = Literal["oval", "document", "receipt"]
GUIDES: tuple[str, ...] = get_args(Guide)
# The section of the capture settings (``capture.face`` …) holding the kind's thresholds.
Thresholds = Literal["face", "document", "receipt"]
THRESHOLDS: tuple[str, ...] = get_args(Thresholds)


class UnknownKindError(KioskError, ValueError):
    """A capture kind id that is not in the registry; the message lists the known ones."""


@dataclass(frozen=True, kw_only=True)
class CaptureKind:
    """Everything that depends on what is being captured."""

    id: str
    geometry: DocumentGeometry | None  # documents only
    encode_policy: EncodePolicy
    api: Literal["amplifi", "sessionm"]
    # The ``type`` label AmpliFi receives for this kind unless ``amplifi.types.<id>`` sets
    # another; None for a kind that is not sent to AmpliFi.
    amplifi_type: str | None
    guide: Guide
    thresholds: Thresholds
    # What the demo camera holds up during this kind's step (kiosk.camera.demo_scenes).
    demo: SceneRenderer
    # Full-resolution (and live) checks; the report carries the subject they found.
    check: Check
    # The part of the frame that is uploaded, cut from the report's subject; None: the
    # subject was not found and the whole frame goes.
    crop: Crop
    # Checks that read the crop (barcode, MRZ): (crop, frame, report, settings).
    crop_checks: CropChecks | None = None
    # The crop checks read text by OCR: the app keeps its OCR child running for the step.
    needs_ocr: bool = False
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

    def crop(
        image: np.ndarray, report: CaptureReport, settings: CaptureSettings
    ) -> np.ndarray | None:
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

    def check(
        bgr: np.ndarray, ev: Evaluator, *, live: bool, full_scale: float = 1.0
    ) -> CaptureReport:
        found = evaluate_document(
            as_bgr8(bgr), geometry, settings_of(ev.settings), live=live, source_scale=full_scale
        )
        return CaptureReport("", found.checks, subject_box=found.box, subject=found.quad)

    return check


def _face(bgr: np.ndarray, ev: Evaluator, *, live: bool, full_scale: float = 1.0) -> CaptureReport:
    return check_face(bgr, ev.settings.face, ev.face_detector, live=live, full_scale=full_scale)


def _portrait(
    image: np.ndarray, report: CaptureReport, settings: CaptureSettings
) -> np.ndarray | None:
    face = report.subject
    return crop_portrait(image, face, settings.face) if isinstance(face, Face) else None


def _license_back(
    bgr: np.ndarray, ev: Evaluator, *, live: bool, full_scale: float = 1.0
) -> CaptureReport:
    return check_license_back(bgr, ev.settings, live=live, full_scale=full_scale)


def _passport(
    bgr: np.ndarray, ev: Evaluator, *, live: bool, full_scale: float = 1.0
) -> CaptureReport:
    return check_passport(bgr, ev.settings, live=live, full_scale=full_scale)


def _receipt(
    bgr: np.ndarray, ev: Evaluator, *, live: bool, full_scale: float = 1.0
) -> CaptureReport:
    return check_receipt(
        bgr, ev.settings.receipt, live=live, full_scale=full_scale, recent=ev.recent_hashes
    )


def _passport_turns(crop: np.ndarray, report: CaptureReport, ev: Evaluator) -> Turns:
    return mrz_turns(crop) if report.subject is not None else (0,)


def _portrait_turns(crop: np.ndarray, report: CaptureReport, ev: Evaluator) -> Turns:
    return portrait_turns(crop, ev.face_detector) if report.subject is not None else (0,)


def _receipt_turns(crop: np.ndarray, report: CaptureReport, ev: Evaluator) -> Turns:
    return receipt_turns(crop) if report.subject is not None else (0,)


def _upright(
    image: np.ndarray, report: CaptureReport, settings: CaptureSettings
) -> np.ndarray | None:
    outline = report.subject
    return upright_crop(image, outline) if isinstance(outline, ReceiptOutline) else None


_BUILT_IN = (
    CaptureKind(
        id="face",
        geometry=None,
        encode_policy="portrait",
        api="amplifi",
        amplifi_type="Face image",
        guide="oval",
        thresholds="face",
        demo=FACE_SCENE,
        check=_face,
        crop=_portrait,
        camera_checks=LIVE_ONLY | {"centered"},
    ),
    CaptureKind(
        id="license_front",
        geometry=ID1,
        encode_policy="document",
        api="amplifi",
        amplifi_type="Driver license front",
        guide="document",
        thresholds="document",
        demo=LICENSE_FRONT_SCENE,
        check=document_check(ID1),
        crop=document_crop(ID1),
        orient=_portrait_turns,
        camera_checks=DOCUMENT_CAMERA_CHECKS,
        visit_check="portrait",
    ),
    CaptureKind(
        id="license_back",
        geometry=ID1,
        encode_policy="document",
        api="amplifi",
        amplifi_type="Driver license back",
        guide="document",
        thresholds="document",
        demo=LICENSE_BACK_SCENE,
        check=_license_back,
        crop=document_crop(ID1),
        crop_checks=read_barcode,  # its reading turns the card upright by the PDF417
        camera_checks=DOCUMENT_CAMERA_CHECKS,
        visit_check="other_side",
    ),
    CaptureKind(
        id="passport",
        geometry=TD3,
        encode_policy="document",
        api="amplifi",
        amplifi_type="Passport",
        guide="document",
        thresholds="document",
        demo=PASSPORT_SCENE,
        check=_passport,
        crop=document_crop(TD3),
        crop_checks=read_passport_mrz,
        needs_ocr=True,  # the MRZ is read by OCR (kiosk.capture.readers.ocr)
        orient=_passport_turns,
        camera_checks=DOCUMENT_CAMERA_CHECKS,
    ),
    CaptureKind(
        id="receipt",
        geometry=None,
        encode_policy="document",
        api="sessionm",
        amplifi_type=None,
        guide="receipt",
        thresholds="receipt",
        demo=RECEIPT_SCENE,
        check=_receipt,
        crop=_upright,
        remembers_fingerprint=True,
        orient=_receipt_turns,
        camera_checks=LIVE_ONLY | {"inside_frame"},
        visit_check="part_overlap",
    ),
)

_REGISTRY: dict[str, CaptureKind] = {k.id: k for k in _BUILT_IN}
# Every kind, in registration order (the built-in ones first); read-only, always current.
KINDS: Mapping[str, CaptureKind] = MappingProxyType(_REGISTRY)
_ID = re.compile(r"^[a-z][a-z0-9_]*$")  # the spelling kiosk.config accepts in prospect_steps


def register(new: CaptureKind) -> CaptureKind:
    """Add a kind to the registry (after the built-in ones); ValueError for a malformed
    record or an id already taken."""
    if not _ID.match(new.id):
        raise ValueError(f"a kind id is lowercase words joined by underscores: {new.id!r}")
    if new.id in _REGISTRY:
        raise ValueError(f"capture kind {new.id} is already registered")
    if new.guide not in GUIDES:
        raise ValueError(f"{new.id}: guide must be one of {', '.join(GUIDES)}")
    if (new.api == "amplifi") != (new.amplifi_type is not None):
        raise ValueError(f"{new.id}: an AmpliFi kind, and only one, has an amplifi_type")
    if new.thresholds not in THRESHOLDS:
        raise ValueError(f"{new.id}: thresholds must be one of {', '.join(THRESHOLDS)}")
    if new.guide == "document" and new.geometry is None:
        raise ValueError(f"{new.id}: a document guide needs the document's geometry")
    if not isinstance(new.demo, SceneRenderer):
        raise ValueError(f"{new.id}: demo must be a demo scene (kiosk.camera.demo_scenes)")
    _REGISTRY[new.id] = new
    return new


def unregister(kind_id_: str) -> None:
    """Remove a kind added by ``register`` (the built-in ones stay); KeyError if absent."""
    if any(k.id == kind_id_ for k in _BUILT_IN):
        raise ValueError(f"{kind_id_} is a built-in kind")
    del _REGISTRY[kind_id_]


@contextmanager
def registered(new: CaptureKind) -> Iterator[CaptureKind]:
    """The kind registered for the ``with`` block, removed after it."""
    register(new)
    try:
        yield new
    finally:
        unregister(new.id)


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


def amplifi_types() -> dict[str, str]:
    """Each AmpliFi kind's own ``type`` label, by kind id (``amplifi.types`` overrides it)."""
    return {k.id: k.amplifi_type for k in prospect_kinds() if k.amplifi_type is not None}


def default_prospect_steps() -> list[str]:
    """The New customer steps when ``app.prospect_steps`` is not set: one per AmpliFi kind."""
    return [k.id for k in prospect_kinds()]


def prospect_steps(configured: list[str] | None) -> list[str]:
    """The configured ``app.prospect_steps``, or the registry's default when unset."""
    return list(configured) if configured else default_prospect_steps()
