"""Find a document's quadrilateral in a frame, despite clutter around it.

Three cheap segmentations propose outlines -- Canny edges (per colour channel), the same
edges filled and opened (cutting off clutter that touches the card), and a brightness split
(Otsu). Each outline gives quads (its hull's, or pairs of its straight runs), whose sides
are re-fitted in quad_fit.py. A quad must be solid, lie on image edges along its sides,
carry print inside, and have the expected aspect; the largest and best-shaped one wins.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.capture.detect.quad_fit import grow_to_aspect, hull_quad, quads_from_sides, refine_sides
from kiosk.capture.orientation import long_edge_first
from kiosk.imaging.crop import bounding_box, quad_size

_MIN_AREA = 0.04  # of the frame: smaller outlines are text blocks or clutter
_MIN_SOLIDITY = 0.88  # outline area / quad area
_MIN_SUPPORT = 0.5  # share of the second weakest side that must lie on an image edge
_MIN_MEAN_SUPPORT = 0.55
_KEEP = 2  # candidates that pass the full score before the search stops
_MAX_REFINE = 8
_CLEAN_SOLIDITY = 0.97
# With an expected aspect, outlines off it by more than this are not that document.
_MAX_ASPECT_OFF = 0.25
# A document carries print: at least this share of its inside lies on edges.
_MIN_INK = 0.02


@dataclass(frozen=True)
class DocumentQuad:
    """A document's corners (clockwise, float32 pixels; from ``detect_document`` its long
    edge first, so the flattened crop is landscape) and derived sizes."""

    corners: np.ndarray
    score: float = 1.0

    @property
    def width_px(self) -> float:
        """Mean length of the two long edges."""
        return max(quad_size(self.corners))

    @property
    def height_px(self) -> float:
        """Mean length of the two short edges."""
        return min(quad_size(self.corners))

    @property
    def area(self) -> float:
        """Area of the quadrilateral in square pixels."""
        return float(cv2.contourArea(self.corners.astype(np.float32)))

    @property
    def box(self) -> tuple[float, float, float, float]:
        """Axis-aligned bounding box (x, y, w, h)."""
        return bounding_box(self.corners)

    @property
    def aspect(self) -> float:
        """Long edge over short edge."""
        return self.width_px / max(self.height_px, 1e-6)

    def scaled(self, factor: float) -> DocumentQuad:
        """The same quad in a frame scaled by ``factor``."""
        return DocumentQuad((self.corners * factor).astype(np.float32), self.score)


def _support(quad: np.ndarray, edges: np.ndarray, samples: int = 24) -> tuple[float, float]:
    """(mean, second weakest) over the four sides of the share of side points on an edge.

    The second weakest side, because one side may lack contrast (a dark card band on a
    dark desk) while an outline joined with clutter leaves two or more sides unsupported.
    """
    h, w = edges.shape
    t = ((np.arange(samples, dtype=np.float32) + 0.5) / samples)[None, :, None]
    start = quad[:, None, :]
    pts = start + (np.roll(quad, -1, axis=0)[:, None, :] - start) * t  # 4 x samples x 2
    inside = (pts[..., 0] >= 0) & (pts[..., 0] < w) & (pts[..., 1] >= 0) & (pts[..., 1] < h)
    xs = np.clip(pts[..., 0].astype(np.int32), 0, w - 1)
    ys = np.clip(pts[..., 1].astype(np.int32), 0, h - 1)
    # A document running off the frame is outlined by the frame's border, where no edge can
    # be seen: count the border as support, so it is found and told to come fully in view.
    x, y = pts[..., 0], pts[..., 1]
    on_border = (np.minimum(x, w - 1 - x) <= 2) | (np.minimum(y, h - 1 - y) <= 2)
    hits = ((edges[ys, xs] > 0) & inside) | (on_border & inside)
    per_side = hits.mean(axis=1)
    return float(per_side.mean()), float(np.sort(per_side)[1])


def _ink(quad: np.ndarray, edges: np.ndarray) -> float:
    """Share of edge pixels inside the quad's inner 80 %: print, unlike a plain box."""
    centre = quad.mean(axis=0)
    inner = (centre + 0.8 * (quad - centre)).astype(np.int32)
    x, y, w, h = cv2.boundingRect(inner)
    x, y = max(x, 0), max(y, 0)
    roi = edges[y : y + h, x : x + w]
    if roi.size == 0:
        return 0.0
    mask = np.zeros(roi.shape, np.uint8)
    cv2.fillConvexPoly(mask, inner - np.array([x, y], np.int32), 1)
    return float(np.count_nonzero(roi & (mask * 255))) / max(int(mask.sum()), 1)


def _edge_masks(image: np.ndarray) -> list[np.ndarray]:
    """Binary images whose contours may outline the document."""
    colour = cv2.GaussianBlur(image, (5, 5), 0)
    blur = cv2.cvtColor(colour, cv2.COLOR_BGR2GRAY) if colour.ndim == 3 else colour
    # Edges per colour channel: a coloured card band on a background of equal grey level
    # has no grey edge but a strong one in some channel.
    edges: np.ndarray = np.zeros(blur.shape, np.uint8)
    channels = cv2.split(colour) if colour.ndim == 3 else [colour]
    for channel in channels:
        median = float(np.median(channel[::4, ::4]))  # a sample is as good, and 16x cheaper
        lo, hi = int(max(10, 0.5 * median)), int(min(255, max(30, 1.2 * median)))
        edges |= cv2.Canny(channel, lo, hi)
    edges = cv2.dilate(edges, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    k = max(3, blur.shape[1] // 100) | 1
    kernel = np.ones((k, k), np.uint8)  # square kernels: separable, so cheap
    # Outlines filled solid, then opened: a cable or pen touching the card edge joins its
    # outline to the card's, and the opening cuts such thin attachments off again.
    closed = cv2.morphologyEx(edges, cv2.MORPH_CLOSE, kernel)
    outer, _ = cv2.findContours(closed, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    filled: np.ndarray = np.zeros_like(edges)
    cv2.drawContours(filled, outer, -1, 255, cv2.FILLED)
    big_k = max(5, blur.shape[1] // 24) | 1
    big = np.ones((big_k, big_k), np.uint8)
    filled = cv2.morphologyEx(filled, cv2.MORPH_OPEN, big)
    _, bright = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    bright = cv2.morphologyEx(bright, cv2.MORPH_OPEN, kernel)
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, kernel)
    return [edges, filled, bright]


def _candidates(image: np.ndarray, aspect: float | None) -> list[DocumentQuad]:
    frame_area = float(image.shape[0] * image.shape[1])
    raw: list[tuple[float, np.ndarray, np.ndarray]] = []
    masks = _edge_masks(image)
    # Support is judged with +-2 px of slack: an outline traced on the dilated edge ring
    # runs a pixel or two outside the true edge.
    edges = cv2.dilate(masks[0], np.ones((3, 3), np.uint8))
    for mask in masks:
        contours, _ = cv2.findContours(mask, cv2.RETR_LIST, cv2.CHAIN_APPROX_NONE)
        for contour in contours:
            area = cv2.contourArea(contour)
            if area < _MIN_AREA * frame_area:
                continue
            from_hull = hull_quad(contour)
            quads = [from_hull] if from_hull is not None else []
            # A clean outline is its hull's quad; only a spoilt one (clutter touching the
            # edge) needs the costlier search among its straight runs.
            if from_hull is None or area < _CLEAN_SOLIDITY * cv2.contourArea(from_hull):
                quads += quads_from_sides(contour)
            for quad in quads:
                # First ranking without edge support: unrefined corners sit a few pixels
                # off (rounded corners), which would make a good quad look unsupported.
                score = _score(quad, area, None, aspect, frame_area)
                if score > 0:
                    raw.append((score, quad, contour))
    raw.sort(key=lambda item: -item[0])
    # Refining is the costly step: walk the distinct quads best first and stop once a few
    # survive the full score (edge support, print inside).
    tried: list[np.ndarray] = []
    found: list[DocumentQuad] = []
    for _, quad, contour in raw:
        if len(found) == _KEEP or len(tried) == _MAX_REFINE:
            break
        if any(np.abs(quad - other).max() <= 1.0 for other in tried):
            continue
        tried.append(quad)
        better = refine_sides(quad, contour.reshape(-1, 2).astype(np.float32))
        score = _score(better, cv2.contourArea(contour), edges, aspect, frame_area)
        if score > 0 and _ink(better, edges) >= _MIN_INK:
            if aspect is not None:
                grown = grow_to_aspect(better, edges, aspect)
                if grown is not better:
                    # The outline no longer covers the grown quad: judge it as solid.
                    grown_score = _score(grown, cv2.contourArea(grown), edges, aspect, frame_area)
                    if grown_score > 0:
                        better, score = grown, grown_score
            found.append(DocumentQuad(better, score))
    return found


def _score(
    quad: np.ndarray,
    outline_area: float,
    edges: np.ndarray | None,
    aspect: float | None,
    frame_area: float,
) -> float:
    """How document-like the quad is (0 when it is not): big, solid, on edges, right shape.

    Without ``edges`` the edge support is left out (the cheap first ranking).
    """
    if not cv2.isContourConvex(quad.reshape(-1, 1, 2)):
        return 0.0
    quad_area = cv2.contourArea(quad)
    if quad_area < _MIN_AREA * frame_area:
        return 0.0
    solidity = min(outline_area / max(quad_area, 1.0), 1.0)
    if solidity < _MIN_SOLIDITY:
        return 0.0
    support, weak = (1.0, 1.0) if edges is None else _support(quad, edges)
    if weak < _MIN_SUPPORT or support < _MIN_MEAN_SUPPORT:
        return 0.0
    w, h = quad_size(quad)
    ratio = max(w, h) / max(min(w, h), 1e-6)
    if aspect is not None:
        if abs(ratio / aspect - 1) > _MAX_ASPECT_OFF:
            return 0.0
        fit = max(0.0, 1.0 - 5.0 * abs(ratio / aspect - 1))
    else:
        fit = 1.0 if 1.2 <= ratio <= 1.9 else 0.3
    return float((quad_area / frame_area) * solidity**4 * (0.1 + fit) * support**2)


def detect_document(
    bgr: np.ndarray, aspect: float | None = None, *, work_width: int = 640
) -> DocumentQuad | None:
    """The most document-like quadrilateral in the frame, corners in the frame's pixels.

    ``aspect`` (long edge / short edge, e.g. 85.60 / 53.98) favours outlines of that shape;
    detection runs on a copy ``work_width`` px wide. None when nothing card-like is found.
    The corners start with a long edge at any in-plane rotation (``long_edge_first``).
    """
    _h, w = bgr.shape[:2]
    factor = min(1.0, work_width / float(w))
    small = (
        cv2.resize(bgr, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
        if factor < 1.0
        else bgr
    )
    candidates = _candidates(small, aspect)
    if not candidates:
        return None
    best = max(candidates, key=lambda c: c.score)
    if best.score <= 0:
        return None
    return DocumentQuad(long_edge_first(best.corners), best.score).scaled(1.0 / factor)
