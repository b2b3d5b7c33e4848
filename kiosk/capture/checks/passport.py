"""Passport data page checks: the page (ID-3), its MRZ band, and the MRZ read and verified.

MRZ text is personal data: it lives only in the ``mrz`` check's value (the CLI masks it
unless --reveal) and is never logged.
"""

from __future__ import annotations

import numpy as np

from kiosk.capture.checks.document_checks import evaluate_document, settings_of
from kiosk.capture.detect.geometry import TD3
from kiosk.capture.measures import resize_to_width
from kiosk.capture.orientation import Turns, turn
from kiosk.capture.readers.mrz_reader import MrzReading, find_mrz_band, read_mrz
from kiosk.capture.readers.ocr import get_ocr
from kiosk.capture.result import CaptureReport, CheckResult, CropReading
from kiosk.imaging.pixels import as_bgr8

# On a page crop the MRZ spans ~90 % of the width; in a whole frame (page not found) the
# page may fill only part of it.
_BAND_ON_PAGE = 0.55
_BAND_IN_FRAME = 0.3
_MIN_OCR_WIDTH = 1000  # px of the page crop handed to OCR
# Character marks per MRZ line on the live crop (about 320 px wide, where neighbouring
# characters touch): 19-42 measured on generated pages; no generated licence passes.
_LIVE_MARKS = 15
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
    detail = {"format": mrz.format.value, "checks": dict(mrz.checks), "fields": dict(mrz.fields)}
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
    """The page checks of a passport data page; live, also whether its MRZ band is in view.

    Reading and verifying the MRZ is ``read_passport_mrz``'s job, on the page's crop.
    """
    doc = settings_of(settings)
    bgr = as_bgr8(bgr)
    ev = evaluate_document(bgr, TD3, doc, live=live, source_scale=full_scale)
    checks = list(ev.checks)
    if live and ev.crop is not None:
        # The live crop is small; searching it at 320 px misses thin MRZ lines. The same
        # test as the full-resolution read: a licence's text or barcode is no MRZ. The page
        # may lie upside down: its MRZ is then in the crop's top half.
        for degrees in (0, 180):
            page = turn(ev.crop, degrees)
            band = find_mrz_band(page, _BAND_ON_PAGE, on_page=True, min_marks=_LIVE_MARKS)
            if band is not None:
                break
        checks.append(_band_check(band, ev.crop.shape))
    return CaptureReport("passport", checks, subject_box=ev.box, subject=ev.quad)


def mrz_turns(crop: np.ndarray) -> Turns:
    """Which way up the page crop reads: the MRZ band in its bottom half (ICAO 9303).

    Upright is looked at first, so an upright page costs one band search.
    """
    page = as_bgr8(crop)
    if find_mrz_band(page, _BAND_ON_PAGE, on_page=True) is not None:
        return (0,)
    if find_mrz_band(turn(page, 180), _BAND_ON_PAGE, on_page=True) is not None:
        return (180,)
    return (0,)


def read_passport_mrz(
    crop: np.ndarray, frame: np.ndarray, report: CaptureReport, settings: object = None
) -> CropReading:
    """Locate, read and verify the MRZ on the page's crop (the whole frame if it is not there)."""
    engine = get_ocr()
    if report.subject is not None:
        # Reading only: a small crop is enlarged for OCR, never for the upload.
        page = resize_to_width(as_bgr8(crop), max(crop.shape[1], _MIN_OCR_WIDTH))
        reading = read_mrz(page, engine, min_width_fraction=_BAND_ON_PAGE, on_page=True)
    else:
        page, reading = as_bgr8(frame), MrzReading(None)
    if reading.band is None:  # no page, or a wrong quad: look at the whole frame
        page = as_bgr8(frame)
        reading = read_mrz(page, engine, min_width_fraction=_BAND_IN_FRAME, thorough=False)
        if engine is not None and reading.mrz is None:
            # Off the page nothing says where the MRZ should be, and a line of large print
            # can have its make-up: there, only text read in the MRZ's shape makes it one.
            reading = MrzReading(None)
    return CropReading(
        [_band_check(reading.band, page.shape), _mrz_check(reading, engine is not None)]
    )
