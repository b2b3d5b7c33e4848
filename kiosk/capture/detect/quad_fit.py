"""Fit a quadrilateral to a document's outline: sides as straight lines, corners where
they meet.

Rounded card corners (ISO/IEC 7810: r = 3.18 mm) and clutter touching the edge spoil an
outline's convex hull; fitting each side through its middle, and building quads from the
outline's longest straight runs, recovers the card's true corners.
"""

from __future__ import annotations

from itertools import combinations

import cv2
import numpy as np

from kiosk.imaging.crop import order_corners, quad_size

# Grow a quad more elongated than expected by this much, to an edge this well supported.
GROW_FROM = 0.08
GROW_SUPPORT = 0.7


def line_intersection(a: np.ndarray, b: np.ndarray) -> np.ndarray | None:
    """Intersection of lines given as (vx, vy, x0, y0)."""
    (vx1, vy1, x1, y1), (vx2, vy2, x2, y2) = a, b
    det = vx1 * (-vy2) - vy1 * (-vx2)
    if abs(det) < 1e-6:
        return None
    t = ((x2 - x1) * (-vy2) - (y2 - y1) * (-vx2)) / det
    return np.array([x1 + t * vx1, y1 + t * vy1], np.float32)


def refine_sides(quad: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Re-fit each side as a line through the outline points along its middle 70 %."""
    lines = []
    for i in range(4):
        p, q = quad[i], quad[(i + 1) % 4]
        side = q - p
        length = float(np.linalg.norm(side))
        if length < 4:
            return quad
        direction = side / length
        normal = np.array([-direction[1], direction[0]], np.float32)
        rel = points - p
        along = rel @ direction
        across = np.abs(rel @ normal)
        tol = max(2.0, 0.02 * length)
        near = points[(along > 0.15 * length) & (along < 0.85 * length) & (across < tol)]
        if len(near) < 5:
            lines.append(np.array([direction[0], direction[1], p[0], p[1]], np.float32))
            continue
        fitted = cv2.fitLine(near.astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01)
        lines.append(fitted.reshape(4))
    corners = []
    for i in range(4):
        point = line_intersection(lines[i - 1], lines[i])
        if point is None:
            return quad
        corners.append(point)
    refined = np.array(corners, np.float32)
    # A refit that moved a corner far means the side fit grabbed clutter: keep the original.
    if np.max(np.linalg.norm(refined - quad, axis=1)) > 0.08 * max(quad_size(quad)):
        return quad
    return refined


def hull_quad(contour: np.ndarray) -> np.ndarray | None:
    """The outline's convex hull simplified to four corners (TL, TR, BR, BL), if it can be."""
    hull = cv2.convexHull(contour)
    perimeter = cv2.arcLength(hull, True)
    for eps in (0.01, 0.02, 0.03, 0.045, 0.06):
        approx = cv2.approxPolyDP(hull, eps * perimeter, True)
        if len(approx) == 4:
            return order_corners(approx.reshape(4, 2))
        if len(approx) < 4:
            return None
    return None


def _side_lines(contour: np.ndarray, max_lines: int) -> list[tuple[np.ndarray, np.ndarray, float]]:
    """The outline's longest straight runs, collinear pieces merged: (point, dir, length)."""
    perimeter = cv2.arcLength(contour, True)
    poly = cv2.approxPolyDP(contour, 0.006 * perimeter, True).reshape(-1, 2).astype(np.float32)
    segments = []
    for i in range(len(poly)):
        p, q = poly[i], poly[(i + 1) % len(poly)]
        length = float(np.linalg.norm(q - p))
        if length >= 0.04 * perimeter:
            segments.append((p, q, length))
    segments.sort(key=lambda seg: -seg[2])
    groups: list[list[tuple[np.ndarray, np.ndarray, float]]] = []
    tol = 0.012 * perimeter
    for p, q, length in segments:
        for group in groups:
            a, b, _ = group[0]
            d = (b - a) / np.linalg.norm(b - a)
            if all(abs(d[0] * (r - a)[1] - d[1] * (r - a)[0]) < tol for r in (p, q)):
                group.append((p, q, length))
                break
        else:
            groups.append([(p, q, length)])
    lines = []
    for group in groups[:max_lines]:
        # The longest piece fixes the line; _refine re-fits the winning quad's sides anyway.
        p, q, _ = group[0]
        direction = (q - p) / np.linalg.norm(q - p)
        lines.append((p, direction.astype(np.float32), sum(seg[2] for seg in group)))
    return lines


def quads_from_sides(contour: np.ndarray, max_lines: int = 6) -> list[np.ndarray]:
    """Quads made of two near-parallel pairs of the outline's long straight runs.

    Unlike the convex hull, this ignores spurs where clutter touches the document's edge.
    """
    lines = _side_lines(contour, max_lines)
    quads = []
    as_vec = [np.array([d[0], d[1], p[0], p[1]], np.float32) for p, d, _ in lines]
    pairs = []
    for i, j in combinations(range(len(lines)), 2):
        if abs(float(lines[i][1] @ lines[j][1])) > 0.97:  # within ~14 degrees
            pairs.append((i, j))
    for (a, b), (c, d) in combinations(pairs, 2):
        if abs(float(lines[a][1] @ lines[c][1])) > 0.5:  # the pairs must cross at > 60 deg
            continue
        pts = [line_intersection(as_vec[x], as_vec[y]) for x, y in ((a, c), (c, b), (b, d), (d, a))]
        if any(pt is None for pt in pts):
            continue
        quad = order_corners(np.array(pts, np.float32))
        if cv2.isContourConvex(quad.reshape(-1, 1, 2)):
            quads.append(quad)
    return quads


def segment_support(p: np.ndarray, q: np.ndarray, edges: np.ndarray, samples: int = 32) -> float:
    """Share of points on the segment p-q that lie on an edge pixel."""
    t = (np.arange(samples, dtype=np.float32) + 0.5) / samples
    pts = p[None, :] + (q - p)[None, :] * t[:, None]
    h, w = edges.shape
    inside = (pts[:, 0] >= 0) & (pts[:, 0] < w) & (pts[:, 1] >= 0) & (pts[:, 1] < h)
    xs = np.clip(pts[:, 0].astype(np.int32), 0, w - 1)
    ys = np.clip(pts[:, 1].astype(np.int32), 0, h - 1)
    return float(((edges[ys, xs] > 0) & inside).mean())


def grow_to_aspect(quad: np.ndarray, edges: np.ndarray, aspect: float) -> np.ndarray:
    """Push a long side outwards to a supported edge when the quad is too elongated.

    A card's coloured header band on a desk of the same grey hides the true edge behind
    the band's lower border; the quad then stops short and looks too long. Where a
    parallel edge runs at the distance the expected aspect ratio predicts, take it.
    """
    w, h = quad_size(quad)
    want = w / aspect
    if w < h or want <= h * (1 + GROW_FROM):
        return quad
    tl, tr, br, bl = quad
    up_l = (tl - bl) / max(float(np.linalg.norm(tl - bl)), 1e-6)
    up_r = (tr - br) / max(float(np.linalg.norm(tr - br)), 1e-6)
    missing = want - h
    best, best_support = quad, GROW_SUPPORT
    for offset in np.linspace(0.8 * missing, 1.25 * missing, 10):
        grown_top = np.array([tl + up_l * offset, tr + up_r * offset, br, bl], np.float32)
        grown_bottom = np.array([tl, tr, br - up_r * offset, bl - up_l * offset], np.float32)
        for cand, (a, b) in ((grown_top, (0, 1)), (grown_bottom, (3, 2))):
            support = segment_support(cand[a], cand[b], edges)
            if support > best_support:
                best, best_support = cand, support
    return best
