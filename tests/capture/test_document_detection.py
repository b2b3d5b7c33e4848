"""Document quadrilateral detection and the perspective-corrected crop, with known corners."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from synth_documents import ID1_MM, ID3_MM, Scene, clutter, draw_text, make_scene

from kiosk.capture.checks.document_checks import LIVE_DETECT_WIDTH
from kiosk.capture.detect.document import DocumentQuad, detect_document
from kiosk.imaging.crop import deskew, estimate_skew, order_corners, warp_document

KINDS = ("license_front", "license_back", "passport")
SEEDS = range(8)


def _aspect(kind: str) -> float:
    w, h = ID3_MM if kind == "passport" else ID1_MM
    return w / h


def _corner_error(found: DocumentQuad, scene: Scene) -> float:
    """Mean corner distance as a fraction of the document's diagonal."""
    diagonal = float(np.linalg.norm(scene.corners[0] - scene.corners[2]))
    return float(np.linalg.norm(found.corners - scene.corners, axis=1).mean()) / diagonal


@pytest.fixture(scope="module")
def scenes() -> list[Scene]:
    return [make_scene(kind, seed) for kind in KINDS for seed in SEEDS]


def test_corner_error_on_the_generated_set_is_under_two_percent(scenes: list[Scene]) -> None:
    errors = []
    for scene in scenes:
        found = detect_document(scene.image, _aspect(scene.kind))
        assert found is not None, (scene.kind, "not found")
        errors.append(_corner_error(found, scene))
    errors_arr = np.array(errors)
    assert errors_arr.mean() < 0.02
    assert np.median(errors_arr) < 0.006
    assert (errors_arr < 0.02).mean() >= 0.85


def test_corner_error_on_live_previews_is_under_two_percent(scenes: list[Scene]) -> None:
    errors = []
    for scene in scenes[::2]:
        small = cv2.resize(scene.image, (640, 360), interpolation=cv2.INTER_AREA)
        found = detect_document(small, _aspect(scene.kind), work_width=LIVE_DETECT_WIDTH)
        assert found is not None
        errors.append(_corner_error(found.scaled(3.0), scene))
    assert float(np.mean(errors)) < 0.02


def test_plain_clutter_is_mostly_not_a_document() -> None:
    hits = sum(
        detect_document(clutter(np.random.default_rng(seed), 1920, 1080), ID1_MM[0] / ID1_MM[1])
        is not None
        for seed in range(12)
    )
    assert hits <= 4  # filled rectangles of card shape exist; the other checks reject them


def test_quad_measures() -> None:
    quad = DocumentQuad(np.array([[10, 20], [210, 20], [210, 120], [10, 120]], np.float32))
    assert quad.width_px == pytest.approx(200) and quad.height_px == pytest.approx(100)
    assert quad.area == pytest.approx(20000) and quad.box == (10.0, 20.0, 200.0, 100.0)
    assert quad.scaled(0.5).box == (5.0, 10.0, 100.0, 50.0)
    portrait = DocumentQuad(np.array([[0, 0], [50, 0], [50, 100], [0, 100]], np.float32))
    assert portrait.width_px == pytest.approx(100) and portrait.aspect == pytest.approx(2.0)


def test_corners_are_ordered_clockwise_from_top_left() -> None:
    shuffled = np.array([[200, 110], [10, 20], [15, 100], [210, 15]], np.float32)
    ordered = order_corners(shuffled)
    assert ordered.tolist() == [[10, 20], [210, 15], [200, 110], [15, 100]]


def test_warp_recovers_the_flat_document() -> None:
    rng = np.random.default_rng(3)
    flat = np.full((540, 856, 3), 210, np.uint8)
    draw_text(flat, "SPECIMEN 12345", (60, 200), 60)
    src = np.array([[0, 0], [856, 0], [856, 540], [0, 540]], np.float32)
    dst = np.array([[300, 200], [1500, 260], [1450, 900], [260, 880]], np.float32)
    scene = clutter(rng, 1920, 1080)
    matrix = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(flat, matrix, (1920, 1080))
    mask = cv2.warpPerspective(np.ones((540, 856), np.uint8), matrix, (1920, 1080))
    scene[mask > 0] = warped[mask > 0]
    crop = warp_document(scene, dst, 856, 856 / 540)
    assert crop.shape == (540, 856, 3)
    inner = (slice(20, -20), slice(20, -20))
    diff = np.abs(crop[inner].astype(int) - flat[inner].astype(int)).mean()
    assert diff < 6


def test_deskew_straightens_text_lines() -> None:
    page = np.full((400, 700, 3), 235, np.uint8)
    for row in range(5):
        draw_text(page, "THE QUICK BROWN FOX 0123", (40, 40 + 70 * row), 30)
    assert abs(estimate_skew(page)) < 0.5
    # deskew(image, a) undoes a skew of a degrees, so undoing -6 leaves a skew of +6.
    rotated = deskew(page, -6.0)
    assert estimate_skew(rotated) == pytest.approx(6.0, abs=1.0)
    assert abs(estimate_skew(deskew(rotated))) < 1.0
