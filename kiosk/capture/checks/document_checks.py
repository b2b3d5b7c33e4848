"""The checks licence fronts, backs and passport pages share: where, how big, how clear.

Every check measures the document found by ``detect_document``; appearance checks (exposure,
sharpness, glare) run on a perspective-corrected crop of it, so clutter around the
document never counts. Check names and instructions are part of the CLI's JSON contract.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.capture.detect.document import DocumentQuad, detect_document
from kiosk.capture.detect.geometry import DocumentGeometry
from kiosk.capture.measures import brightness, exposure_check, relative_sharpness
from kiosk.capture.orientation import reading_tilt
from kiosk.capture.result import CheckResult
from kiosk.config.document import DocumentSettings
from kiosk.imaging.crop import warp_document
from kiosk.imaging.pixels import as_bgr8

MM_PER_INCH = 25.4
# Appearance is measured on a crop this wide: enough for text edges, cheap on every frame.
LIVE_CROP_WIDTH = 320
FULL_CROP_WIDTH = 640
LIVE_DETECT_WIDTH = 480


@dataclass
class DocumentEvaluation:
    """The shared checks of one frame, the quad found and the crop they were measured on."""

    quad: DocumentQuad | None
    checks: list[CheckResult]
    crop: np.ndarray | None  # upright, at most LIVE/FULL_CROP_WIDTH wide; None if not found

    @property
    def box(self) -> tuple[float, float, float, float] | None:
        """The quad's bounding box, for the report's subject box."""
        return None if self.quad is None else self.quad.box


def settings_of(settings: object) -> DocumentSettings:
    """DocumentSettings from a CaptureSettings (``.document``), itself, or None (defaults)."""
    if settings is None:
        return DocumentSettings()
    if isinstance(settings, DocumentSettings):
        return settings
    inner = getattr(settings, "document", None)
    if isinstance(inner, DocumentSettings):
        return inner
    capture = getattr(settings, "capture", None)  # the whole kiosk Settings
    return settings_of(getattr(capture, "document", None))


def _region_name(u: float, v: float) -> str:
    rows, cols = ("top", "middle", "bottom"), ("left", "centre", "right")
    row, col = rows[min(int(v * 3), 2)], cols[min(int(u * 3), 2)]
    return "centre" if (row, col) == ("middle", "centre") else f"{row}-{col}"


def measure_glare(crop: np.ndarray, settings: DocumentSettings) -> tuple[float, dict[str, object]]:
    """Share of the crop (inside the margin) that is specular glare, and where it is."""
    h, w = crop.shape[:2]
    mx, my = int(w * settings.glare_margin), int(h * settings.glare_margin)
    inner = crop[my : h - my, mx : w - mx]
    hsv = cv2.cvtColor(inner, cv2.COLOR_BGR2HSV)
    mask: np.ndarray = (hsv[..., 2] >= settings.glare_value) & (
        hsv[..., 1] <= settings.glare_max_saturation
    )
    mask = cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    fraction = float(mask.mean())
    if fraction == 0.0:
        return 0.0, {}
    count, _labels, stats, centroids = cv2.connectedComponentsWithStats(mask)
    biggest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    x, y, bw, bh = (int(v) for v in stats[biggest, :4])
    cx, cy = centroids[biggest]
    u, v = (cx + mx) / w, (cy + my) / h
    return fraction, {
        "region": _region_name(u, v),
        "centre": [round(u, 3), round(v, 3)],  # fractions of the document's width, height
        "box": [round((x + mx) / w, 3), round((y + my) / h, 3), round(bw / w, 3), round(bh / h, 3)],
        "spots": count - 1,
    }


def tilt_degrees(quad: DocumentQuad) -> float:
    """Rotation of the document's long edges from the nearest reading orientation, 0..45°.

    A document lying on its side or upside down is read turned (``kiosk.capture.orientation``):
    a quarter-turned page is about 0° off, not 90°.
    """
    c = quad.corners
    across = (c[1] - c[0], c[2] - c[3])
    down = (c[3] - c[0], c[2] - c[1])
    longer = across if sum(map(np.linalg.norm, across)) >= sum(map(np.linalg.norm, down)) else down
    angles = [math.degrees(math.atan2(float(v[1]), float(v[0]))) for v in longer]
    return float(np.mean([reading_tilt(a) for a in angles]))


def _runs_across(quad: DocumentQuad) -> bool:
    """True when the document's long edges are nearer the frame's horizontal than vertical."""
    c = quad.corners
    top, side = c[1] - c[0], c[3] - c[0]
    long_edge = top if np.hypot(*top) >= np.hypot(*side) else side
    return abs(float(long_edge[0])) >= abs(float(long_edge[1]))


def _dpi(quad: DocumentQuad, spec: DocumentGeometry, scale: float) -> float:
    return quad.width_px * scale / (spec.width_mm / MM_PER_INCH)


def evaluate_document(
    bgr: np.ndarray,
    spec: DocumentGeometry,
    settings: DocumentSettings,
    *,
    live: bool,
    source_scale: float = 1.0,
) -> DocumentEvaluation:
    """Run the shared checks on one frame.

    ``source_scale`` is how many capture pixels one pixel of ``bgr`` stands for (a live
    preview downscaled from 1920 to 640 px has 3.0), so dpi is reported for the capture.
    """
    bgr = as_bgr8(bgr)
    frame_h, frame_w = bgr.shape[:2]
    width = LIVE_DETECT_WIDTH if live else settings.detect_width
    quad = detect_document(bgr, spec.aspect, work_width=width)
    noun = spec.noun
    if quad is None:
        gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY) if bgr.ndim == 3 else bgr
        level = brightness(gray)
        instruction = f"Show the {noun} to the camera"
        if level < settings.min_brightness:
            instruction = "Too dark: add light"
        found = CheckResult(
            "document",
            False,
            {"found": False, "corners": None},
            {"aspect": round(spec.aspect, 3)},
            instruction,
            {"brightness": round(level, 1)},
        )
        return DocumentEvaluation(None, [found], None)

    corners = [[round(float(x), 1), round(float(y), 1)] for x, y in quad.corners]
    checks = [
        CheckResult(
            "document", True, {"found": True, "corners": corners}, {"aspect": round(spec.aspect, 3)}
        )
    ]
    # Inside the frame, with a margin.
    margin = settings.edge_margin * min(frame_w, frame_h)
    c = quad.corners
    room = float(
        min(c[:, 0].min(), c[:, 1].min(), frame_w - 1 - c[:, 0].max(), frame_h - 1 - c[:, 1].max())
    )
    checks.append(
        CheckResult(
            "inside_frame",
            room >= margin,
            round(room / min(frame_w, frame_h), 4),
            settings.edge_margin,
            "" if room >= margin else f"Show the whole {noun}",
        )
    )
    # Aspect ratio of an ID-1 card or an ID-3 page.
    ratio = quad.aspect
    off = abs(ratio / spec.aspect - 1)
    ok = off <= settings.aspect_tolerance
    checks.append(
        CheckResult(
            "aspect_ratio",
            ok,
            round(ratio, 3),
            {"expected": round(spec.aspect, 3), "tolerance": settings.aspect_tolerance},
            "" if ok else f"Show the whole {noun}, flat to the camera",
        )
    )
    # Fill of the frame along the document's width: a page lying on its side fills the
    # frame's height.
    fill = quad.width_px / (frame_w if _runs_across(quad) else frame_h)
    instruction = ""
    if fill < settings.min_fill:
        instruction = f"Move the {noun} closer"
    elif fill > settings.max_fill:
        instruction = f"Move the {noun} back a little"
    checks.append(
        CheckResult(
            "fill",
            not instruction,
            round(fill, 3),
            {"min": settings.min_fill, "max": settings.max_fill},
            instruction,
        )
    )
    # In-plane tilt.
    tilt = tilt_degrees(quad)
    ok = tilt <= settings.max_tilt_deg
    checks.append(
        CheckResult(
            "tilt",
            ok,
            round(tilt, 1),
            settings.max_tilt_deg,
            "" if ok else f"Straighten the {noun}",
        )
    )
    # Never upsample: a small document's crop would look blurred when it is only small.
    crop_width = min(LIVE_CROP_WIDTH if live else FULL_CROP_WIDTH, round(quad.width_px))
    crop = warp_document(bgr, quad.corners, crop_width, spec.aspect)
    # Instruction priority: a dark or blurred frame also spoils the outline, so those come
    # before size and pose; a wrong aspect ratio, the least actionable, comes last:
    # document, inside frame, exposure, sharpness, fill, tilt, glare, aspect, resolution.
    exposure, focus, glare = appearance_checks(crop, spec, settings, live=live)
    document, inside, aspect_check, fill_check, tilt_check = checks
    checks = [document, inside, exposure, focus, fill_check, tilt_check, glare, aspect_check]
    # Effective resolution of the capture, from the known physical width.
    dpi = _dpi(quad, spec, source_scale)
    camera_best = frame_w * source_scale * settings.min_fill / (spec.width_mm / MM_PER_INCH)
    required = min(settings.min_dpi, camera_best)
    ok = dpi >= required - 1e-6
    checks.append(
        CheckResult(
            "resolution_dpi",
            ok,
            round(dpi, 1),
            round(required, 1),
            "" if ok else f"Move the {noun} closer",
            {"camera_limited": required < settings.min_dpi, "target_dpi": settings.min_dpi},
        )
    )
    return DocumentEvaluation(quad, checks, crop)


def appearance_checks(
    crop: np.ndarray, spec: DocumentGeometry, settings: DocumentSettings, *, live: bool
) -> list[CheckResult]:
    """Exposure, sharpness and glare of an upright document crop."""
    gray = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    checks = [
        exposure_check(
            gray,
            settings.min_brightness,
            settings.max_brightness,
            too_dark="Too dark: add light",
            too_bright="Too bright: reduce the light",
        )
    ]
    score = relative_sharpness(gray)
    floor = settings.min_sharpness_live if live else settings.min_sharpness
    ok = score >= floor
    checks.append(CheckResult("sharpness", ok, round(score, 1), floor, "" if ok else "Hold still"))
    fraction, where = measure_glare(crop, settings)
    ok = fraction <= settings.max_glare_fraction
    checks.append(
        CheckResult(
            "glare",
            ok,
            round(fraction, 4),
            settings.max_glare_fraction,
            "" if ok else f"Tilt the {spec.noun} to remove glare",
            where,
        )
    )
    return checks
