"""A licence's two pictures must be its two sides: the back is not the front again, and the
front carries the holder's portrait."""

from __future__ import annotations

import numpy as np

from kiosk.camera.demo_documents import render_license_back, render_license_front
from kiosk.camera.demo_scene import demo_barcode_text
from kiosk.capture.checks.face import FaceDetector
from kiosk.capture.checks.license_sides import (
    SAME_SIDE_INSTRUCTION,
    LicenseSides,
    check_front_portrait,
)
from kiosk.config.capture import CaptureSettings


def test_the_front_shown_again_as_the_back_is_refused() -> None:
    front = render_license_front(860)
    sides = LicenseSides()
    sides.remember_front(front)
    # The same side, taken again a little darker and at another size, is still the front.
    again = np.clip(render_license_front(640).astype(np.int16) - 25, 0, 255).astype(np.uint8)
    refused = sides.check_back(again)
    assert not refused.passed
    assert refused.instruction == SAME_SIDE_INSTRUCTION
    back = sides.check_back(render_license_back(860, demo_barcode_text()))
    assert back.passed and back.value < back.threshold


def test_a_back_before_any_front_passes_and_forget_starts_over() -> None:
    front = render_license_front(860)
    sides = LicenseSides()
    assert sides.check_back(front).passed
    sides.remember_front(front)
    sides.forget()
    assert sides.check_back(front).passed


def test_the_front_must_show_a_face() -> None:
    detector = FaceDetector.load(None, CaptureSettings().face)
    assert detector is not None, "the YuNet model ships in resources"

    def count(image: np.ndarray) -> int:
        return len(detector.detect(image))

    assert check_front_portrait(render_license_front(860), count).passed
    back = check_front_portrait(render_license_back(860, demo_barcode_text()), count)
    assert not back.passed and back.value == 0 and back.instruction
    # Without a face model the check cannot judge, and passes saying so by its value.
    unknown = check_front_portrait(render_license_front(860), lambda _: None)
    assert unknown.passed and unknown.value is None
