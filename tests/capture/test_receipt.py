"""Receipt checks on the real receipt scans: finding, cropping, legibility, duplicates."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from capture_scenes import RECEIPT_A, RECEIPT_C, SAMPLES, astronaut, read, receipt_scene

from kiosk.capture.checks.receipt import (
    CANNOT_READ,
    CROPPED,
    INSTRUCTIONS,
    NOT_A_RECEIPT,
    SUBMITTED_TWICE,
    check_receipt,
    find_receipt,
    upright_crop,
)
from kiosk.capture.checks.receipt_parts import OVERLAP_INSTRUCTION, ReceiptParts
from kiosk.capture.phash import phash, similarity
from kiosk.config.capture import ReceiptSettings
from kiosk.outbox.receipt_hashes import ReceiptHashes

SETTINGS = ReceiptSettings()
BIG = (4000, 3000)  # a 12 MP capture


@pytest.fixture(scope="module")
def aldi() -> np.ndarray:
    return read(RECEIPT_A)


@pytest.fixture(scope="module")
def rossmann_receipt() -> np.ndarray:
    # The Rossmann scan is a receipt on a dark scanner lid: crop the receipt itself.
    return read(RECEIPT_C)[0:1940, 1612:2546]


def failed(report, name: str):
    check = report.get(name)
    assert check is not None, [c.name for c in report.checks]
    assert not check.passed, check
    return check


@pytest.mark.parametrize("angle", [0.0, 7.0, -12.0])
def test_a_receipt_on_a_desk_is_found_with_its_corners(aldi: np.ndarray, angle: float) -> None:
    frame, truth = receipt_scene(aldi, size=BIG, fill=0.8, angle=angle)
    outline = find_receipt(frame, SETTINGS)
    assert outline is not None
    # Corner order may start at any corner of a rotated sheet; match each true corner.
    diagonal = float(np.hypot(*(truth[2] - truth[0])))
    errors = [np.min(np.hypot(*(outline.corners - c).T)) for c in truth]
    assert max(errors) < 0.02 * diagonal
    report = check_receipt(frame, SETTINGS)
    assert report.passed, [c.as_json() for c in report.checks if not c.passed]
    assert report.get("document").value["found"] is True


@pytest.mark.parametrize("name", sorted(p.name for p in (SAMPLES / "receipts").iterdir()))
def test_the_receipt_samples_are_found_and_look_like_receipts(name: str) -> None:
    report = check_receipt(read(SAMPLES / "receipts" / name), SETTINGS)
    assert report.get("document").passed
    assert report.get("receipt_like").passed
    assert report.get("sharpness").passed
    # Both scans run to the image edge (one is cropped to the paper, the other touches the
    # scanner's top edge): the kiosk cannot see the receipt's edges, so it says so.
    inside = failed(report, "inside_frame")
    assert inside.anticipates == CROPPED


def test_a_receipt_running_off_the_frame_is_cropped(aldi: np.ndarray) -> None:
    frame, _ = receipt_scene(aldi, size=BIG, fill=0.8, shift=(0.0, 0.2))
    check = failed(check_receipt(frame, SETTINGS), "inside_frame")
    assert check.instruction == INSTRUCTIONS["cropped"]
    assert check.anticipates == CROPPED


def test_a_receipt_too_small_to_read_asks_for_parts(aldi: np.ndarray) -> None:
    # A long receipt held so that all of it fits: 1080 px tall, about 400 px wide.
    frame, _ = receipt_scene(aldi, size=(1920, 1080), fill=0.85)
    check = failed(check_receipt(frame, SETTINGS), "resolution")
    assert check.instruction == INSTRUCTIONS["small"]
    assert check.anticipates == CANNOT_READ


def test_a_blurred_receipt_cannot_be_read(aldi: np.ndarray) -> None:
    frame, _ = receipt_scene(aldi, size=BIG, fill=0.8)
    check = failed(check_receipt(cv2.GaussianBlur(frame, (0, 0), 5), SETTINGS), "sharpness")
    assert check.instruction == INSTRUCTIONS["blur"]
    assert check.anticipates == CANNOT_READ


def test_a_dark_receipt_cannot_be_read(aldi: np.ndarray) -> None:
    frame, _ = receipt_scene(aldi, size=BIG, fill=0.8)
    report = check_receipt(cv2.convertScaleAbs(frame, alpha=0.22), SETTINGS)
    assert report.get("document").passed
    check = failed(report, "exposure")
    assert check.instruction == INSTRUCTIONS["dark"]
    assert check.anticipates == CANNOT_READ


def test_glare_on_a_receipt_is_located(aldi: np.ndarray) -> None:
    # Paper under room light (grey, not clipped) with a specular hot spot on it.
    frame, truth = receipt_scene(cv2.convertScaleAbs(aldi, alpha=0.8), size=BIG, fill=0.8)
    centre = truth.mean(axis=0).astype(int)
    cv2.circle(frame, (int(centre[0]), int(centre[1])), 180, (255, 255, 255), -1)
    check = failed(check_receipt(frame, SETTINGS), "glare")
    assert check.instruction == INSTRUCTIONS["glare"]
    assert check.anticipates == CANNOT_READ
    _, _, w, h = check.detail["regions"][0]
    assert 300 <= w <= 420 and 300 <= h <= 420  # the 360 px spot, in crop pixels


@pytest.mark.parametrize("which", ["astronaut", "faces/fr_biden.jpg", "faces/dlib_dog_porch.jpg"])
def test_a_photo_is_not_a_receipt(which: str) -> None:
    image = astronaut() if which == "astronaut" else read(SAMPLES / which)
    check = failed(check_receipt(image, SETTINGS), "receipt_like")
    assert check.instruction == INSTRUCTIONS["not_receipt"]
    assert check.anticipates == NOT_A_RECEIPT


def changed_copy(receipt: np.ndarray) -> np.ndarray:
    """Another photo of the same receipt: moved, turned 4°, dimmer, noisy, JPEG again."""
    frame, _ = receipt_scene(
        cv2.convertScaleAbs(receipt, alpha=0.9, beta=-5), size=BIG, fill=0.75, angle=4,
        shift=(0.03, 0.01), seed=5,
    )  # fmt: skip
    noisy = np.clip(frame + np.random.default_rng(1).normal(0, 4, frame.shape), 0, 255)
    ok, jpeg = cv2.imencode(".jpg", noisy.astype(np.uint8), [cv2.IMWRITE_JPEG_QUALITY, 70])
    assert ok
    return cv2.imdecode(jpeg, cv2.IMREAD_COLOR)


def test_a_resubmitted_receipt_is_flagged(
    aldi: np.ndarray, rossmann_receipt: np.ndarray, tmp_path
) -> None:
    store = ReceiptHashes(tmp_path / "outbox.sqlite3")
    first, _ = receipt_scene(aldi, size=BIG, fill=0.8)
    before = check_receipt(first, SETTINGS, recent=store.recent)
    assert before.get("duplicate").passed
    # What the pipeline remembers: the hash of the upright crop the check found.
    store.remember(phash(upright_crop(first, before.subject)))

    for again in (first, changed_copy(aldi)):
        check = failed(check_receipt(again, SETTINGS, recent=store.recent), "duplicate")
        assert check.value > 0.9
        assert check.instruction == INSTRUCTIONS["duplicate"]
        assert check.anticipates == SUBMITTED_TWICE

    other, _ = receipt_scene(rossmann_receipt, size=BIG, fill=0.8)
    assert check_receipt(other, SETTINGS, recent=store.recent).get("duplicate").passed


def test_phash_tells_receipts_apart(aldi: np.ndarray, rossmann_receipt: np.ndarray) -> None:
    assert similarity(phash(aldi), phash(aldi)) == 1.0
    assert similarity(phash(aldi), phash(rossmann_receipt)) < 0.75


def test_parts_of_a_long_receipt_must_overlap(aldi: np.ndarray) -> None:
    h = aldi.shape[0]
    parts = ReceiptParts(SETTINGS)
    assert parts.add(aldi[: int(0.6 * h)]).passed
    joined = parts.add(aldi[int(0.45 * h) :])
    assert joined.passed
    # 15 % of the receipt repeats, which is 0.15 / 0.55 of the second part.
    assert joined.value == pytest.approx(0.15 / 0.55, abs=0.03)
    assert parts.count == 2

    gap = ReceiptParts(SETTINGS)
    gap.add(aldi[: int(0.5 * h)])
    missed = gap.add(aldi[int(0.55 * h) :])
    assert not missed.passed
    assert missed.instruction == OVERLAP_INSTRUCTION
    assert gap.count == 1


def test_parts_stop_at_the_limit(aldi: np.ndarray) -> None:
    parts = ReceiptParts(ReceiptSettings(max_parts=1))
    assert parts.add(aldi).passed
    assert not parts.can_add
    assert not parts.add(aldi).passed


def test_live_receipt_checks_run_on_a_preview(aldi: np.ndarray) -> None:
    frame, _ = receipt_scene(aldi, size=BIG, fill=0.8)
    small = cv2.resize(frame, (640, 480), interpolation=cv2.INTER_AREA)
    report = check_receipt(small, SETTINGS, live=True, full_scale=BIG[0] / 640)
    assert report.passed, [c.as_json() for c in report.checks if not c.passed]
    # Legibility is judged at the capture's resolution, not the preview's.
    assert report.get("resolution").value > SETTINGS.min_width_px
    blurred = check_receipt(
        cv2.GaussianBlur(small, (0, 0), 3), SETTINGS, live=True, full_scale=BIG[0] / 640
    )
    assert not blurred.get("sharpness").passed
