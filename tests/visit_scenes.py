"""Frames for the visit tests: a licence's two sides held up on a desk, and a real receipt
in parts (overlapping, or with a gap), each part laid on a desk.

The licence is the demo camera's card (its portrait is a real photo); the receipt is a
Softmatic scan from tests/data.
"""

from __future__ import annotations

import sys
from pathlib import Path

import cv2
import numpy as np
from sample_data import SAMPLES

sys.path.insert(0, str(Path(__file__).parent / "capture"))
from capture_scenes import receipt_scene
from synth_documents import place

from kiosk.camera.demo_documents import render_license_back, render_license_front
from kiosk.camera.demo_scene import demo_barcode_text

RECEIPT = SAMPLES / "receipts" / "softmatic_A_aldi_18042020_11_00883.jpg"


def licence_front() -> np.ndarray:
    """The licence front held flat on a desk, as the camera sees it."""
    frame, _ = place(
        render_license_front(1400), np.random.default_rng(5), fill=0.7, rotation_deg=2.0,
        keep_inside=0.05,
    )  # fmt: skip
    return frame


def licence_back() -> np.ndarray:
    """The licence back (its PDF417 readable) on a desk."""
    frame, _ = place(
        render_license_back(1400, demo_barcode_text()), np.random.default_rng(6), fill=0.7,
        rotation_deg=-2.0, keep_inside=0.05,
    )  # fmt: skip
    return frame


def receipt_parts(overlapping: bool) -> list[np.ndarray]:
    """The receipt's top 60 %, then the rest from 45 % down (15 % repeats) or from 65 %
    down (a gap: nothing repeats), each on a desk."""
    receipt = cv2.imread(str(RECEIPT))
    assert receipt is not None, f"missing sample {RECEIPT}"
    h = receipt.shape[0]
    second = int((0.45 if overlapping else 0.65) * h)
    parts = [receipt[: int(0.6 * h)], receipt[second:]]
    return [receipt_scene(part, size=(2400, 1800), fill=0.8)[0] for part in parts]


def whole_receipt() -> np.ndarray:
    """The whole receipt on a desk (one part)."""
    receipt = cv2.imread(str(RECEIPT))
    assert receipt is not None, f"missing sample {RECEIPT}"
    return receipt_scene(receipt, size=(2400, 1800), fill=0.8)[0]


def failed(report: object) -> set[str]:
    """The names of a report's failed checks."""
    return {c.name for c in report.checks if not c.passed}  # type: ignore[attr-defined]
