"""Shared licence/passport checks: every failure mode found, with the right instruction."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from synth_documents import Scene, blurred, darkened, make_scene, with_glare

from kiosk.capture.checks.document_checks import settings_of
from kiosk.capture.checks.license import check_license_front
from kiosk.capture.checks.passport import check_passport
from kiosk.capture.result import CaptureReport
from kiosk.config import load_settings
from kiosk.config.capture import CaptureSettings
from kiosk.config.document import DocumentSettings

SHARED = [
    "document",
    "inside_frame",
    "exposure",
    "sharpness",
    "fill",
    "tilt",
    "glare",
    "aspect_ratio",
    "resolution_dpi",
]


def _live(scene: Scene) -> tuple[np.ndarray, float]:
    h, w = scene.image.shape[:2]
    small = cv2.resize(scene.image, (640, round(640 * h / w)), interpolation=cv2.INTER_AREA)
    return small, w / 640


def _first(report: CaptureReport) -> tuple[str, str]:
    failure = report.first_failure()
    assert failure is not None, "expected a failed check"
    return failure.name, failure.instruction


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("live", [False, True])
def test_a_good_card_passes_every_check(seed: int, live: bool) -> None:
    scene = make_scene("license_front", seed)
    image, scale = _live(scene) if live else (scene.image, 1.0)
    report = check_license_front(image, CaptureSettings(), live=live, full_scale=scale)
    assert [c.name for c in report.checks] == SHARED
    assert report.passed, report.first_failure()
    found = report.get("document")
    assert found is not None and found.value["found"] and len(found.value["corners"]) == 4
    assert report.subject_box is not None


@pytest.mark.parametrize(
    ("make", "check", "instruction"),
    [
        (lambda: make_scene("license_front", 10, fill=0.35), "fill", "Move the card closer"),
        (
            lambda: make_scene("license_front", 11, centre=(0.78, 0.5), keep_inside=None),
            "inside_frame",
            "Show the whole card",
        ),
        (
            lambda: make_scene(
                "license_front",
                12,
                rotation_deg=18.0,
                fill=0.62,
                frame=(1920, 1440),
                keep_inside=0.02,
            ),
            "tilt",
            "Straighten the card",
        ),
        (
            lambda: with_glare(make_scene("license_front", 13), at=(0.8, 0.25)),
            "glare",
            "Tilt the card to remove glare",
        ),
        (lambda: blurred(make_scene("license_front", 14), 4.0), "sharpness", "Hold still"),
        (lambda: darkened(make_scene("license_front", 15)), "exposure", "Too dark: add light"),
    ],
    ids=["far", "cropped", "tilted", "glare", "blurred", "dark"],
)
@pytest.mark.parametrize("live", [False, True])
def test_each_failure_is_found_with_its_instruction(
    make: object, check: str, instruction: str, live: bool
) -> None:
    scene = make()  # type: ignore[operator]
    image, scale = _live(scene) if live else (scene.image, 1.0)
    report = check_license_front(image, None, live=live, full_scale=scale)
    assert _first(report) == (check, instruction)


def test_glare_location_is_reported() -> None:
    scene = with_glare(make_scene("license_front", 13), at=(0.8, 0.25))
    glare = check_license_front(scene.image, None, live=False).get("glare")
    assert glare is not None and not glare.passed and glare.value > 0.01
    assert glare.detail["region"] == "top-right"
    u, v = glare.detail["centre"]
    assert abs(u - 0.8) < 0.1 and abs(v - 0.25) < 0.12
    clean = check_license_front(make_scene("license_front", 13).image, None, live=False)
    assert clean.get("glare").value == 0.0  # type: ignore[union-attr]


def test_passport_too_far_says_passport() -> None:
    scene = make_scene("passport", 3, fill=0.4)
    report = check_passport(scene.image, None, live=True)
    assert _first(report) == ("fill", "Move the passport closer")


def test_nothing_in_view() -> None:
    grey = np.full((720, 1280, 3), 128, np.uint8)
    report = check_license_front(grey, None, live=False)
    assert [c.name for c in report.checks] == ["document"]
    assert _first(report) == ("document", "Show the card to the camera")
    assert report.get("document").value == {"found": False, "corners": None}  # type: ignore[union-attr]
    dark = check_license_front(np.full((720, 1280, 3), 12, np.uint8), None, live=True)
    assert _first(dark) == ("document", "Too dark: add light")
    assert dark.subject_box is None


@pytest.mark.parametrize("live", [False, True])
def test_dpi_is_measured_from_the_card_width(live: bool) -> None:
    scene = make_scene("license_front", 20, fill=0.7)
    c = scene.corners
    true_width = (np.linalg.norm(c[1] - c[0]) + np.linalg.norm(c[2] - c[3])) / 2
    true_dpi = true_width / (85.60 / 25.4)
    image, scale = _live(scene) if live else (scene.image, 1.0)
    dpi = check_license_front(image, None, live=live, full_scale=scale).get("resolution_dpi")
    assert dpi is not None and dpi.passed
    assert dpi.value == pytest.approx(true_dpi, rel=0.03)
    assert dpi.threshold == 300.0 and not dpi.detail["camera_limited"]


def test_dpi_requirement_follows_what_the_camera_can_do() -> None:
    # 1280 px wide: a card filling 60 % of the width is 228 dpi, so 300 is out of reach.
    scene = make_scene("license_front", 21, frame=(1280, 720), fill=0.7)
    dpi = check_license_front(scene.image, None, live=False).get("resolution_dpi")
    assert dpi is not None and dpi.passed and dpi.detail["camera_limited"]
    assert dpi.threshold == pytest.approx(1280 * 0.6 / (85.60 / 25.4), abs=0.1)
    assert 240 < dpi.value < 300


def test_thresholds_come_from_config(monkeypatch: pytest.MonkeyPatch) -> None:
    scene = make_scene("license_front", 10, fill=0.35)
    monkeypatch.setenv("KIOSK_CAPTURE__DOCUMENT__MIN_FILL", "0.3")
    settings = load_settings(None)
    assert settings.capture.document.min_fill == 0.3
    fill = check_license_front(scene.image, settings.capture, live=False).get("fill")
    assert fill is not None and fill.passed and fill.threshold["min"] == 0.3


def test_settings_of_accepts_every_level() -> None:
    doc = DocumentSettings(min_fill=0.5)
    capture = CaptureSettings(document=doc)
    assert settings_of(doc) is doc and settings_of(capture) is doc
    assert settings_of(None) == DocumentSettings()
    assert settings_of(load_settings(None)) == DocumentSettings()


def test_grey_and_bgra_frames_are_checked_like_colour_ones() -> None:
    scene = make_scene("license_front", 1)
    colour = check_license_front(scene.image, None, live=False)
    grey = check_license_front(cv2.cvtColor(scene.image, cv2.COLOR_BGR2GRAY), None, live=False)
    bgra = check_license_front(cv2.cvtColor(scene.image, cv2.COLOR_BGR2BGRA), None, live=False)
    assert colour.passed and bgra.passed
    assert [c.name for c in grey.checks] == SHARED
    assert grey.get("fill").value == pytest.approx(colour.get("fill").value, abs=0.02)  # type: ignore[union-attr]
