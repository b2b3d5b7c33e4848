"""Perspective-corrected document crops and deskewing."""

from __future__ import annotations

import math

import cv2
import numpy as np


def order_corners(points: np.ndarray) -> np.ndarray:
    """Four points ordered TL, TR, BR, BL (clockwise in image coordinates), float32 4x2."""
    pts = np.asarray(points, dtype=np.float32).reshape(4, 2)
    centre = pts.mean(axis=0)
    angles = np.arctan2(pts[:, 1] - centre[1], pts[:, 0] - centre[0])
    pts = pts[np.argsort(angles)]  # clockwise from the left-ish point, since y grows down
    # Start at the corner nearest the top-left (smallest x + y).
    start = int(np.argmin(pts.sum(axis=1)))
    return np.roll(pts, -start, axis=0).astype(np.float32)


def bounding_box(corners: np.ndarray) -> tuple[float, float, float, float]:
    """Axis-aligned bounding box (x, y, w, h) of a quadrilateral."""
    c = np.asarray(corners, dtype=np.float32).reshape(4, 2)
    x0, y0 = c.min(axis=0)
    x1, y1 = c.max(axis=0)
    return float(x0), float(y0), float(x1 - x0), float(y1 - y0)


def quad_size(corners: np.ndarray) -> tuple[float, float]:
    """(mean of top and bottom edge lengths, mean of left and right edge lengths)."""
    c = np.asarray(corners, dtype=np.float32).reshape(4, 2)
    edges = np.linalg.norm(c - np.roll(c, -1, axis=0), axis=1)  # top, right, bottom, left
    return float((edges[0] + edges[2]) / 2), float((edges[1] + edges[3]) / 2)


def warp_document(
    bgr: np.ndarray, corners: np.ndarray, out_width_px: int, aspect: float | None = None
) -> np.ndarray:
    """The quad TL, TR, BR, BL mapped to an upright ``out_width_px``-wide image.

    ``aspect`` (width / height, e.g. 85.60 / 53.98) fixes the output's shape; without it
    the shape follows the quad's measured edge lengths.
    """
    c = np.asarray(corners, dtype=np.float32).reshape(4, 2)
    if aspect is None:
        w, h = quad_size(c)
        aspect = w / max(h, 1e-6)
    out_w = max(int(out_width_px), 2)
    out_h = max(round(out_w / aspect), 2)
    dst = np.array([[0, 0], [out_w - 1, 0], [out_w - 1, out_h - 1], [0, out_h - 1]], np.float32)
    matrix = cv2.getPerspectiveTransform(c, dst)
    # warpPerspective has no area filter; linear is what INTER_AREA would fall back to.
    return cv2.warpPerspective(
        bgr, matrix, (out_w, out_h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )


def estimate_skew(gray: np.ndarray, max_angle: float = 15.0) -> float:
    """Angle in degrees (counter-clockwise positive) of the dominant text lines.

    Text rows are joined into bars by a wide closing; the median angle of the bars'
    minimum-area rectangles is the skew. Returns 0.0 when nothing line-like is found.
    """
    if gray.ndim == 3:
        gray = cv2.cvtColor(gray, cv2.COLOR_BGR2GRAY)
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    width = gray.shape[1]
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (max(width // 40, 3), 1))
    bars = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, kernel)
    contours, _ = cv2.findContours(bars, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    angles, weights = [], []
    for contour in contours:
        (_, _), (w, h), angle = cv2.minAreaRect(contour)
        if w < h:
            w, h, angle = h, w, angle - 90
        if w < width / 8 or w < 4 * h:
            continue
        angle = (angle + 90) % 180 - 90
        if abs(angle) <= max_angle:
            angles.append(-angle)
            weights.append(w)
    if not angles:
        return 0.0
    order = np.argsort(angles)
    cum = np.cumsum(np.asarray(weights)[order])
    return float(np.asarray(angles)[order][np.searchsorted(cum, cum[-1] / 2)])


def deskew(bgr: np.ndarray, angle_deg: float | None = None) -> np.ndarray:
    """Rotate so text lines are horizontal (angle estimated when not given); canvas grows."""
    if angle_deg is None:
        angle_deg = estimate_skew(bgr)
    if abs(angle_deg) < 0.05:
        return bgr.copy()
    h, w = bgr.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), -angle_deg, 1.0)
    rad = math.radians(angle_deg)
    new_w = int(abs(w * math.cos(rad)) + abs(h * math.sin(rad)) + 0.5)
    new_h = int(abs(h * math.cos(rad)) + abs(w * math.sin(rad)) + 0.5)
    matrix[0, 2] += (new_w - w) / 2
    matrix[1, 2] += (new_h - h) / 2
    return cv2.warpAffine(
        bgr, matrix, (new_w, new_h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
