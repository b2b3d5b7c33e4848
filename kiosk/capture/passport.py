"""Passport data page checks: the page (ID-3), its MRZ band, and the MRZ read and verified.

MRZ text is personal data: it lives only in the ``mrz`` check's value (the CLI masks it
unless --reveal) and is never logged.
"""

from __future__ import annotations

import numpy as np

from kiosk.capture.document_checks import PASSPORT_PAGE, as_bgr, evaluate_document, settings_of
from kiosk.capture.mrz_reader import MrzReading, locate_mrz_band, read_mrz
from kiosk.capture.ocr import get_ocr
from kiosk.capture.result import CaptureReport, CheckResult
from kiosk.imaging.crop import warp_document

# On a page crop the MRZ spans ~90 % of the width; in a whole frame (page not found) the
# page may fill only part of it.
_BAND_ON_PAGE = 0.55
_BAND_IN_FRAME = 0.3
_MIN_OCR_WIDTH = 1000  # px of the page crop handed to OCR
SHOW_PAGE = "Show the passport photo page"


def _band_check(band: tuple[int, int, int, int] | None, shape: tuple[int, ...]) -> CheckResult:
    h, w = shape[:2]
    if band is None:
        return CheckResult("mrz_band", False, {"found": False}, "located", SHOW_PAGE)
    x, y, bw, bh = band
    box = [round(x / w, 3), round(y / h, 3), round(bw / w, 3), round(bh / h, 3)]
    return CheckResult("mrz_band", True, {"found": True, "box": box}, "located")


def _mrz_check(reading: MrzReading, ocr_installed: bool) -> CheckResult:
    threshold = "ICAO 9303 check digits"
    if not ocr_installed:
        # Without OCR no check digit can hold, so the check fails (the contract: passed only
        # on valid digits), and says why instead of asking the customer for something.
        located = reading.band is not None
        status = "MRZ located; OCR not installed" if located else "MRZ not found"
        instruction = "MRZ not verified: OCR not installed" if located else SHOW_PAGE
        return CheckResult("mrz", False, None, threshold, instruction, {"status": status})
    mrz = reading.mrz
    if mrz is None:
        return CheckResult(
            "mrz",
            False,
            None,
            threshold,
            "Hold the passport still and flat",
            {"status": "not read" if reading.band else "MRZ not found"},
        )
    detail = {"format": mrz.format.value, "checks": dict(mrz.checks)}
    return CheckResult(
        "mrz",
        mrz.valid,
        mrz.text,
        threshold,
        "" if mrz.valid else "Hold the passport still and flat",
        detail,
    )


def check_passport(
    bgr: np.ndarray, settings: object = None, *, live: bool, full_scale: float = 1.0
) -> CaptureReport:
    """Every check of a passport data page; the full check also reads and verifies the MRZ."""
    doc = settings_of(settings)
    bgr = as_bgr(bgr)
    ev = evaluate_document(bgr, PASSPORT_PAGE, doc, live=live, source_scale=full_scale)
    checks = list(ev.checks)
    if live:
        if ev.crop is not None:
            # The live crop is small; searching it at 320 px misses thin MRZ lines.
            band = locate_mrz_band(ev.crop, _BAND_ON_PAGE)
            checks.append(_band_check(band, ev.crop.shape))
        return CaptureReport("passport", checks, subject_box=ev.box)
    if ev.quad is not None:
        width = max(int(ev.quad.width_px), _MIN_OCR_WIDTH)
        page = warp_document(bgr, ev.quad.corners, width, PASSPORT_PAGE.aspect)
        min_width = _BAND_ON_PAGE
    else:
        page, min_width = bgr, _BAND_IN_FRAME
    engine = get_ocr()
    reading = read_mrz(page, engine, min_width_fraction=min_width)
    if reading.band is None and ev.quad is not None:  # a wrong quad: look at the whole frame
        page = bgr
        reading = read_mrz(page, engine, min_width_fraction=_BAND_IN_FRAME)
    checks.append(_band_check(reading.band, page.shape))
    checks.append(_mrz_check(reading, engine is not None))
    return CaptureReport("passport", checks, subject_box=ev.box)
