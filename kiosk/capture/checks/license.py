"""Driver's licence checks: the front (an ID-1 card) and the back (its AAMVA PDF417).

Barcode text is personal data: it lives only in the ``pdf417`` check's value (the CLI masks
it unless --reveal) and is never logged.
"""

from __future__ import annotations

import cv2
import numpy as np

from kiosk.capture.checks.document_checks import evaluate_document, settings_of
from kiosk.capture.detect.geometry import ID1
from kiosk.capture.measures import resize_to_width
from kiosk.capture.orientation import quarter_turn_of
from kiosk.capture.readers.aamva import AamvaError, parse_aamva
from kiosk.capture.result import CaptureReport, CheckResult, CropReading
from kiosk.config.document import DocumentSettings
from kiosk.imaging.pixels import as_bgr8

# Below this width (px) a licence-width PDF417 has under ~1 px per module: do not decode.
_MIN_DECODE_WIDTH = 700
# A licence PDF417 covers a wide, dense block of vertical bars: on generated backs the block
# is 38-41 % of the card and 92 % of its width; fronts and passport pages stay under 4 %.
_BARCODE_MIN_AREA = 0.10
_BARCODE_MIN_WIDTH = 0.45
_BARCODE_WORK_WIDTH = 320
TURN_OVER = "Turn the card over to show the barcode"


def check_license_front(
    bgr: np.ndarray, settings: object = None, *, live: bool, full_scale: float = 1.0
) -> CaptureReport:
    """Every check of a licence front (``full_scale``: capture px per px of ``bgr``)."""
    doc = settings_of(settings)
    bgr = as_bgr8(bgr)
    ev = evaluate_document(bgr, ID1, doc, live=live, source_scale=full_scale)
    return CaptureReport("license_front", ev.checks, subject_box=ev.box, subject=ev.quad)


def decode_pdf417(bgr: np.ndarray) -> str | None:
    """The text of the first PDF417 in the image (control characters kept), or None."""
    found = find_pdf417(bgr)
    return None if found is None else found[0]


def find_pdf417(bgr: np.ndarray) -> tuple[str, int] | None:
    """(text, clockwise turn that sets the symbol upright) of the first PDF417, or None.

    An AAMVA card's PDF417 runs along the card, read left to right (AAMVA DL/ID Card Design
    Standard 2020, Annex D): wherever the layout puts it, the card is upright when it is.
    """
    import zxingcpp  # loading it takes ~25 ms: only when a licence back is read

    found = zxingcpp.read_barcodes(
        bgr,
        formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.PDF417),
        text_mode=zxingcpp.TextMode.Plain,
    )
    for barcode in found:
        if barcode.valid:
            return barcode.text, quarter_turn_of(barcode.orientation)
    return None


def barcode_region(crop: np.ndarray) -> tuple[float, list[float] | None]:
    """(share of the card, box as fractions) of the densest block of vertical bars.

    Cheap enough for every preview frame: gradients, two box filters, one labelling.
    """
    scale = _BARCODE_WORK_WIDTH / crop.shape[1]
    small = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY).astype(np.float32)
    across = cv2.blur(np.abs(cv2.Sobel(gray, cv2.CV_32F, 1, 0, ksize=3)), (21, 9))
    down = cv2.blur(np.abs(cv2.Sobel(gray, cv2.CV_32F, 0, 1, ksize=3)), (21, 9))
    # Bars: strong left-right change, much stronger than top-bottom change (text has both).
    mask = (across > max(8.0, 0.35 * float(gray.mean()))) & (across > 1.8 * down)
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8))
    if count <= 1:
        return 0.0, None
    i = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    x, y, w, h, area = (int(v) for v in stats[i])
    rows, cols = mask.shape
    box = [round(x / cols, 3), round(y / rows, 3), round(w / cols, 3), round(h / rows, 3)]
    return area / mask.size, box


def _barcode_check(crop: np.ndarray) -> CheckResult:
    share, box = barcode_region(crop)
    found = share >= _BARCODE_MIN_AREA and box is not None and box[2] >= _BARCODE_MIN_WIDTH
    return CheckResult(
        "barcode",
        found,
        {"found": found, "share": round(share, 3), "box": box},
        {"min_share": _BARCODE_MIN_AREA, "min_width": _BARCODE_MIN_WIDTH},
        "" if found else TURN_OVER,
    )


def _aamva_check(text: str, doc: DocumentSettings) -> CheckResult:
    """Validation of the AAMVA record: value holds only structure, never field values."""
    try:
        record = parse_aamva(text)
    except AamvaError:
        return CheckResult(
            "aamva",
            False,
            {"aamva": False},
            {"required": doc.aamva_required},
            "This barcode is not from a driver's licence",
        )
    missing = record.missing(doc.aamva_required)
    expired = record.expired()
    value = {
        "aamva": True,
        "iin": record.iin,
        "version": record.version,
        "subfile": record.subfile_type,
        "missing": missing,
        "expired": expired,
    }
    instruction = ""
    if missing:
        instruction = "The licence barcode is incomplete: ask a member of staff"
    elif expired is None:
        instruction = "The licence expiry date cannot be read: ask a member of staff"
    elif expired and doc.reject_expired:
        instruction = "This licence has expired"
    return CheckResult(
        "aamva",
        not instruction,
        value,
        {"required": doc.aamva_required, "reject_expired": doc.reject_expired},
        instruction,
    )


def check_license_back(
    bgr: np.ndarray, settings: object = None, *, live: bool, full_scale: float = 1.0
) -> CaptureReport:
    """The card checks of a licence back and whether its barcode block is in view.

    Decoding the PDF417 is ``read_barcode``'s job, on the card's crop: at preview size a
    licence PDF417 has about one pixel per module, too few to decode.
    """
    doc = settings_of(settings)
    bgr = as_bgr8(bgr)
    ev = evaluate_document(bgr, ID1, doc, live=live, source_scale=full_scale)
    checks = list(ev.checks)
    if ev.crop is not None:
        checks.append(_barcode_check(ev.crop))
    return CaptureReport("license_back", checks, subject_box=ev.box, subject=ev.quad)


def read_barcode(
    crop: np.ndarray, frame: np.ndarray, report: CaptureReport, settings: object = None
) -> CropReading:
    """Decode and validate the PDF417 on the card's crop (the whole frame if it is not there);
    the reading's turn sets the card upright by its symbol."""
    doc = settings_of(settings)
    found, turn = None, 0
    if report.subject is not None:
        # Reading only: a small crop is enlarged for the decoder, never for the upload.
        width = max(crop.shape[1], _MIN_DECODE_WIDTH)
        found = find_pdf417(resize_to_width(as_bgr8(crop), width))
        if found is not None:
            turn = found[1]
    if found is None:  # not found, or the crop cut the symbol: try the whole frame
        found = find_pdf417(as_bgr8(frame))
    if found is None:
        barcode = report.get("barcode")
        seen = barcode is not None and barcode.passed
        instruction = "Hold the card still and flat" if seen else TURN_OVER
        return CropReading([CheckResult("pdf417", False, None, "decoded", instruction)])
    text = found[0]
    checks = [CheckResult("pdf417", True, text, "decoded"), _aamva_check(text, doc)]
    return CropReading(checks, turn)
