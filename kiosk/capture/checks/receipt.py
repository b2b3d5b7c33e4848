"""Receipt checks, each naming the SessionM invalid code it anticipates."""

from __future__ import annotations

import time
from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.capture.measures import (
    exposure_check,
    glare_blobs,
    normalised_sharpness,
    percentile_u8,
    resize_to_width,
    to_gray,
)
from kiosk.capture.phash import RecentHashes, best_match, phash
from kiosk.capture.result import CaptureReport, CheckResult
from kiosk.config.capture import ReceiptSettings
from kiosk.imaging.crop import bounding_box, order_corners, quad_size

# SessionM image-validation invalid codes (api-docs/sessionm-image-validation.txt).
CANNOT_READ, CROPPED, SUBMITTED_TWICE, NOT_A_RECEIPT = 1, 2, 3, 5
# The outline is found on a copy this wide: paper edges need no more detail.
FIND_WIDTH = 480
# Sharpness is compared at these widths (live previews are too small for the full one).
SHARPNESS_WIDTH_FULL = 512
SHARPNESS_WIDTH_LIVE = 128
# A paper outline must fill this much of its rotated bounding box to count as a sheet.
MIN_RECTANGULARITY = 0.75

INSTRUCTIONS = {
    "not_found": "Place the receipt flat on a dark surface in view",
    "cropped": "Fit the whole receipt in the frame",
    "small": "Move closer; capture a long receipt in parts",
    "dark": "Too dark: more light on the receipt, please",
    "bright": "Too bright: move the receipt out of the direct light",
    "glare": "Tilt the receipt to remove glare",
    "blur": "Hold still, the receipt is blurred",
    "not_receipt": "This does not look like a receipt",
    "duplicate": "This receipt was already submitted",
}


@dataclass(frozen=True)
class ReceiptOutline:
    """Where the receipt is: its rotated rectangle's corners (TL, TR, BR, BL) in frame px."""

    corners: np.ndarray
    area_fraction: float

    @property
    def box(self) -> tuple[float, float, float, float]:
        """Axis-aligned bounding box (x, y, w, h)."""
        return bounding_box(self.corners)

    @property
    def short_side(self) -> float:
        """The receipt's width (its shorter side), px."""
        return min(quad_size(self.corners))


def find_receipt(bgr: np.ndarray, settings: ReceiptSettings) -> ReceiptOutline | None:
    """The largest sheet of bright, unsaturated paper in view, or None."""
    h, w = bgr.shape[:2]
    # Live previews (640 px) are searched as they are: a second resample costs more than it saves.
    small = bgr if w <= FIND_WIDTH * 1.5 else resize_to_width(bgr, FIND_WIDTH)
    scale = w / small.shape[1]
    hsv = cv2.cvtColor(small, cv2.COLOR_BGR2HSV)
    value = cv2.GaussianBlur(hsv[:, :, 2], (5, 5), 0)
    level, _ = cv2.threshold(value, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    paper: np.ndarray = ((value > max(level, 40)) & (hsv[:, :, 1] < 70)).astype(np.uint8) * 255
    # Close the gaps printed text leaves in the paper.
    paper = cv2.morphologyEx(paper, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    contours, _ = cv2.findContours(paper, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    contour = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(contour)
    rect = cv2.minAreaRect(contour)
    rect_area = rect[1][0] * rect[1][1]
    fraction = area / (small.shape[0] * small.shape[1])
    if fraction < settings.min_area_fraction or rect_area <= 0:
        return None
    if area / rect_area < MIN_RECTANGULARITY:
        return None
    corners = order_corners(cv2.boxPoints(rect)) * scale
    np.clip(corners[:, 0], 0, w - 1, out=corners[:, 0])
    np.clip(corners[:, 1], 0, h - 1, out=corners[:, 1])
    return ReceiptOutline(corners=corners, area_fraction=float(fraction))


def upright_crop(bgr: np.ndarray, outline: ReceiptOutline) -> np.ndarray:
    """The receipt warped to an upright rectangle, long side vertical."""
    c = outline.corners
    width = max(np.hypot(*(c[1] - c[0])), np.hypot(*(c[2] - c[3])))
    height = max(np.hypot(*(c[3] - c[0])), np.hypot(*(c[2] - c[1])))
    w, h = max(1, round(width)), max(1, round(height))
    target = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], dtype=np.float32)
    crop = cv2.warpPerspective(bgr, cv2.getPerspectiveTransform(c, target), (w, h))
    if w > h:
        crop = cv2.rotate(crop, cv2.ROTATE_90_CLOCKWISE)
    return crop


@dataclass(frozen=True)
class ReceiptLikeness:
    """The "is this a receipt" measures of a region."""

    paper: float
    colour: float
    text_rows: float

    def passes(self, s: ReceiptSettings) -> bool:
        """True when the region looks like printed paper."""
        return (
            self.paper >= s.min_paper_fraction
            and self.colour <= s.max_colour_fraction
            and self.text_rows >= s.min_text_rows_fraction
        )


def receipt_likeness(region: np.ndarray) -> ReceiptLikeness:
    """Bright-paper fraction, strongly coloured fraction and fraction of rows with print."""
    small = resize_to_width(region, min(256, region.shape[1]))
    hsv = cv2.cvtColor(small, cv2.COLOR_BGR2HSV)
    sat, val = hsv[:, :, 1], hsv[:, :, 2]
    paper_level = max(120.0, percentile_u8(val, 90) * 0.8)
    paper = float(np.mean((val >= paper_level) & (sat < 60)))
    colour = float(np.mean((sat > 90) & (val > 60)))
    gray = to_gray(small)
    ink = cv2.adaptiveThreshold(gray, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 15, 15)
    row_ink = ink.mean(axis=1)
    # Print lines: a little ink across a row, never a solid dark band.
    text_rows = float(np.mean((row_ink > 0.02) & (row_ink < 0.6)))
    return ReceiptLikeness(round(paper, 3), round(colour, 3), round(text_rows, 3))


def check_receipt(
    bgr: np.ndarray,
    settings: ReceiptSettings,
    *,
    live: bool = False,
    full_scale: float = 1.0,
    recent: RecentHashes | None = None,
    now: float | None = None,
) -> CaptureReport:
    """All receipt checks of one frame; ``full_scale`` is full width over this frame's width."""
    s = settings
    h, w = bgr.shape[:2]
    outline = find_receipt(bgr, s)
    if outline is None:
        checks = [
            CheckResult(
                "document",
                False,
                {"found": False},
                True,
                INSTRUCTIONS["not_found"],
                anticipates=CROPPED,
            ),
            _likeness_check(receipt_likeness(bgr), s),
        ]
        return CaptureReport(kind="receipt", checks=checks)

    corners = [[round(float(x), 1), round(float(y), 1)] for x, y in outline.corners]
    checks = [CheckResult("document", True, {"found": True, "corners": corners}, True)]
    x, y, bw, bh = outline.box
    margin = min(x, y, w - 1 - (x + bw), h - 1 - (y + bh)) / max(w, h)
    inside = margin >= s.min_margin_fraction
    checks.append(
        CheckResult(
            "inside_frame",
            inside,
            round(margin, 4),
            s.min_margin_fraction,
            "" if inside else INSTRUCTIONS["cropped"],
            anticipates=CROPPED,
        )
    )
    width_px = outline.short_side * full_scale
    wide = width_px >= s.min_width_px
    checks.append(
        CheckResult(
            "resolution",
            wide,
            round(width_px, 1),
            s.min_width_px,
            "" if wide else INSTRUCTIONS["small"],
            anticipates=CANNOT_READ,
        )
    )
    crop = upright_crop(bgr, outline)
    gray = to_gray(crop)
    checks.append(
        exposure_check(
            gray,
            s.min_brightness,
            s.max_brightness,
            too_dark=INSTRUCTIONS["dark"],
            too_bright=INSTRUCTIONS["bright"],
            anticipates=CANNOT_READ,
        )
    )
    glare, boxes = receipt_glare(gray, s)
    no_glare = glare <= s.max_glare_fraction
    checks.append(
        CheckResult(
            "glare",
            no_glare,
            round(glare, 4),
            s.max_glare_fraction,
            "" if no_glare else INSTRUCTIONS["glare"],
            detail={"regions": boxes[:5]} if boxes else {},
            anticipates=CANNOT_READ,
        )
    )
    if live:
        sharp, limit = normalised_sharpness(gray, SHARPNESS_WIDTH_LIVE), s.min_sharpness_live
    else:
        sharp, limit = normalised_sharpness(gray, SHARPNESS_WIDTH_FULL), s.min_sharpness
    sharp_ok = sharp >= limit
    checks.append(
        CheckResult(
            "sharpness",
            sharp_ok,
            round(sharp, 1),
            limit,
            "" if sharp_ok else INSTRUCTIONS["blur"],
            anticipates=CANNOT_READ,
        )
    )
    checks.append(_likeness_check(receipt_likeness(crop), s))
    if recent is not None:
        checks.append(duplicate_check(crop, s, recent, now))
    return CaptureReport(kind="receipt", checks=checks, subject_box=outline.box, subject=outline)


def receipt_glare(gray: np.ndarray, s: ReceiptSettings) -> tuple[float, list[list[int]]]:
    """Glare fraction and blob boxes (in the upright crop's px) on the receipt."""
    small = resize_to_width(gray, min(256, gray.shape[1]))
    level = max(s.glare_level, percentile_u8(small, 50) + s.glare_above_paper)
    if level > 255:
        return 0.0, []
    fraction, boxes = glare_blobs(small, round(level), min_area=9)
    k = gray.shape[1] / small.shape[1]
    return fraction, [[round(v * k) for v in box] for box in boxes]


def _likeness_check(like: ReceiptLikeness, s: ReceiptSettings) -> CheckResult:
    ok = like.passes(s)
    return CheckResult(
        "receipt_like", ok,
        {"paper": like.paper, "colour": like.colour, "text_rows": like.text_rows},
        {
            "paper_min": s.min_paper_fraction,
            "colour_max": s.max_colour_fraction,
            "text_rows_min": s.min_text_rows_fraction,
        },
        "" if ok else INSTRUCTIONS["not_receipt"], anticipates=NOT_A_RECEIPT,
    )  # fmt: skip


def duplicate_check(
    crop: np.ndarray, s: ReceiptSettings, recent: RecentHashes, now: float | None = None
) -> CheckResult:
    """Flag a receipt whose perceptual hash matches a recent submission (SessionM code 3).

    The crop is compared both ways up: the remembered hash is of the upload, turned to
    reading orientation, and the same receipt may lie the other way round this time.
    """
    remembered = recent(time.time() if now is None else now)
    matches = [best_match(phash(c), remembered) for c in (crop, cv2.rotate(crop, cv2.ROTATE_180))]
    sim = max((round(m.similarity, 3) for m in matches if m is not None), default=0.0)
    ok = sim <= s.duplicate_similarity
    return CheckResult(
        "duplicate", ok, sim, s.duplicate_similarity,
        "" if ok else INSTRUCTIONS["duplicate"], anticipates=SUBMITTED_TWICE,
    )  # fmt: skip
