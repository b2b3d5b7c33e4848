"""Which way print runs: lines are found inside the crop, and a receipt's middle decides.

On the project's own images: a generated licence front with the desk showing along one
edge of its crop, and the real receipt scan on a desk, cut as the pipeline cuts them.
"""

from __future__ import annotations

import numpy as np
import pytest
from capture_scenes import RECEIPT_A, read, receipt_scene
from synth_documents import make_scene

from kiosk.capture.evaluator import Evaluator
from kiosk.capture.orientation import receipt_turns, turn
from kiosk.capture.readers.text_direction import Print, classifier
from kiosk.config.capture import CaptureSettings
from kiosk.kinds import KINDS

pytestmark = pytest.mark.skipif(classifier() is None, reason="OCR extra not installed")


@pytest.fixture(scope="module")
def evaluator() -> Evaluator:
    return Evaluator(CaptureSettings())


def cut(kind: str, frame: np.ndarray, evaluator: Evaluator) -> np.ndarray:
    k = KINDS[kind]
    report = evaluator.evaluate(k, frame, live=False)
    crop = k.crop(frame, report, evaluator.settings)
    assert crop is not None
    return crop


def test_a_dark_band_along_the_crop_edge_is_not_taken_for_a_line(evaluator: Evaluator) -> None:
    card = cut("license_front", make_scene("license_front", 45).image, evaluator)
    rows = card.shape[0]
    # The desk showing along the bottom edge, as a loosely cut crop has it: darker and
    # longer than any line of print on the card.
    edged = card.copy()
    edged[rows - rows // 40 :, 2:-2] = 30
    lines = Print(edged).strips()
    assert lines, "no line of print found"
    # Strips are views of the crop: the longest must not lie in the band.
    assert not np.shares_memory(lines[0], edged[rows - rows // 40 :])
    # The first line then decides at once, both ways up.
    assert Print(edged).upside_down(lines=1) < 0.1
    assert Print(turn(edged, 180)).upside_down(lines=1) > 0.9


@pytest.mark.parametrize("degrees", [0, 180])
def test_a_receipt_with_a_blank_middle_is_read_whole(degrees: int, evaluator: Evaluator) -> None:
    scene, _ = receipt_scene(read(RECEIPT_A), size=(1920, 1080), fill=0.85)
    crop = cut("receipt", scene, evaluator)
    h = crop.shape[0]
    assert h >= 1.5 * crop.shape[1]  # tall: its middle third is asked first
    assert receipt_turns(turn(crop, degrees)) == ((360 - degrees) % 360,)
    # Paper with no print in the middle third: the whole receipt is read instead.
    blank = crop.copy()
    paper = np.median(crop.reshape(-1, 3), axis=0).astype(np.uint8)
    blank[h // 3 : 2 * h // 3] = paper
    assert Print(blank[h // 3 : 2 * h // 3]).upside_down(lines=1) is None
    assert receipt_turns(turn(blank, degrees)) == ((360 - degrees) % 360,)
