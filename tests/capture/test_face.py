"""Face checks on real photos: detection, every failure mode and its instruction, the crop."""

from __future__ import annotations

import json

import cv2
import numpy as np
import pytest
from capture_scenes import (
    ASTRONAUT_EYE_DISTANCE,
    MODELS,
    SAMPLES,
    astronaut,
    face_frame,
    read,
    two_faces_frame,
)

from kiosk.capture.checks.face import (
    INSTRUCTIONS,
    UNAVAILABLE,
    Face,
    FaceDetector,
    check_face,
    crop_portrait,
)
from kiosk.config.capture import FaceSettings

SETTINGS = FaceSettings()
LABELS = json.loads((SAMPLES / "labels.json").read_text())


@pytest.fixture(scope="module")
def detector() -> FaceDetector:
    return FaceDetector(MODELS / "yunet_s_dynamic.onnx", SETTINGS)


def first_failure(image: np.ndarray, detector: FaceDetector):
    report = check_face(image, SETTINGS, detector)
    failure = report.first_failure()
    assert failure is not None, [c.as_json() for c in report.checks]
    return failure, report


def test_a_good_frontal_frame_passes_every_check(detector: FaceDetector) -> None:
    report = check_face(face_frame(), SETTINGS, detector)
    assert report.passed, [c.as_json() for c in report.checks if not c.passed]
    names = [c.name for c in report.checks]
    assert names == [
        "face_count",
        "eye_distance",
        "centered",
        "roll",
        "yaw",
        "exposure",
        "highlights",
        "sharpness",
    ]
    assert report.subject_box is not None
    # 2.6x the astronaut's measured eye distance, within the landmark error.
    assert report.get("eye_distance").value == pytest.approx(2.6 * ASTRONAUT_EYE_DISTANCE, rel=0.1)


@pytest.mark.parametrize("name", [k for k in LABELS if k.startswith("faces/")] + ["astronaut"])
def test_face_count_matches_the_labels(name: str, detector: FaceDetector) -> None:
    image = astronaut() if name == "astronaut" else read(SAMPLES / name)
    expected = 1 if name == "astronaut" else LABELS[name]["faces"]
    report = check_face(image, SETTINGS, detector)
    count = report.get("face_count")
    assert count.value == expected
    assert count.passed is (expected == 1)
    if expected == 0:
        assert count.instruction == INSTRUCTIONS["no_face"]
        assert report.subject_box is None
    if expected > 1:
        assert count.instruction == INSTRUCTIONS["many_faces"]


@pytest.mark.parametrize("name", ["receipts/softmatic_A_aldi_18042020_11_00883.jpg"])
def test_no_face_on_a_receipt(name: str, detector: FaceDetector) -> None:
    assert check_face(read(SAMPLES / name), SETTINGS, detector).get("face_count").value == 0


def test_too_far_asks_to_move_closer(detector: FaceDetector) -> None:
    failure, _ = first_failure(face_frame(scale=1.0), detector)
    assert failure.name == "eye_distance"
    assert failure.instruction == "Move closer"
    assert failure.value == pytest.approx(ASTRONAUT_EYE_DISTANCE, rel=0.1)
    assert failure.threshold == 90


@pytest.mark.parametrize("angle", [20.0, -20.0])
def test_a_tilted_head_fails_roll(angle: float, detector: FaceDetector) -> None:
    failure, _ = first_failure(face_frame(angle=angle), detector)
    assert failure.name == "roll"
    assert failure.instruction == INSTRUCTIONS["roll"]
    # The astronaut's own roll (about 4 degrees) adds to or subtracts from the rotation.
    assert 13 <= failure.value <= 27


def test_off_centre_face_fails_centered(detector: FaceDetector) -> None:
    failure, _ = first_failure(face_frame(centre=(0.25, 0.5)), detector)
    assert failure.name == "centered"
    assert failure.instruction == INSTRUCTIONS["centre"]
    assert failure.value[0] == pytest.approx(-0.25, abs=0.05)


def test_dark_face_fails_exposure(detector: FaceDetector) -> None:
    dark = cv2.convertScaleAbs(face_frame(), alpha=0.15)
    failure, _ = first_failure(dark, detector)
    assert failure.name == "exposure"
    assert failure.instruction == INSTRUCTIONS["dark"]
    assert failure.value < 40


def test_overexposed_face_fails_exposure(detector: FaceDetector) -> None:
    bright = cv2.convertScaleAbs(face_frame(), alpha=1.0, beta=120)
    report = check_face(bright, SETTINGS, detector)
    exposure = report.get("exposure")
    assert not exposure.passed
    assert exposure.instruction == INSTRUCTIONS["bright"]


def test_blurred_face_fails_sharpness(detector: FaceDetector) -> None:
    failure, _ = first_failure(cv2.GaussianBlur(face_frame(), (0, 0), 4), detector)
    assert failure.name == "sharpness"
    assert failure.instruction == INSTRUCTIONS["blur"]


def test_two_faces_fail_face_count(detector: FaceDetector) -> None:
    failure, _ = first_failure(two_faces_frame(), detector)
    assert failure.name == "face_count"
    assert failure.value == 2


def test_a_specular_highlight_on_the_face_fails(detector: FaceDetector) -> None:
    frame = face_frame()
    # A clipped hot spot on the forehead/cheek: about 4 % of the face box.
    cv2.ellipse(frame, (640, 330), (40, 28), 0, 0, 360, (255, 255, 255), -1)
    failure, _ = first_failure(frame, detector)
    assert failure.name == "highlights"
    assert failure.instruction == INSTRUCTIONS["highlights"]
    assert failure.value > SETTINGS.max_highlight_fraction


def _face(right_eye, left_eye, nose) -> Face:
    marks = np.array([right_eye, left_eye, nose, (40, 80), (60, 80)], dtype=np.float64)
    return Face(box=(20, 20, 60, 80), landmarks=marks, score=0.9)


def test_yaw_from_landmark_symmetry() -> None:
    assert _face((30, 50), (70, 50), (50, 65)).yaw_deg == pytest.approx(0.0, abs=1e-6)
    # Nose a quarter of the eye distance to the side: atan(0.25 / 0.55) = 24.4 degrees.
    turned = _face((30, 50), (70, 50), (60, 65))
    assert turned.yaw_deg == pytest.approx(24.4, abs=0.2)
    # Roll does not leak into yaw: the same face rotated by 30 degrees.
    c, s = np.cos(np.radians(30)), np.sin(np.radians(30))
    rot = np.array([[c, -s], [s, c]])
    pts = [tuple(rot @ np.array(p)) for p in ((30, 50), (70, 50), (60, 65))]
    rolled = _face(*pts)
    assert rolled.yaw_deg == pytest.approx(24.4, abs=0.2)
    assert rolled.roll_deg == pytest.approx(30.0, abs=0.1)


def test_yaw_over_the_limit_fails() -> None:
    from kiosk.capture.checks.face import face_checks

    frame = face_frame()
    face = _face((600, 300), (700, 300), (680, 340))
    yaw = next(c for c in face_checks(frame, face, SETTINGS) if c.name == "yaw")
    assert not yaw.passed
    assert yaw.instruction == INSTRUCTIONS["yaw"]


def test_live_frames_judge_eye_distance_at_full_resolution(detector: FaceDetector) -> None:
    full = face_frame(size=(1920, 1080), scale=3.0)
    small = cv2.resize(full, (640, 360), interpolation=cv2.INTER_AREA)
    live = check_face(small, SETTINGS, detector, live=True, full_scale=3.0)
    whole = check_face(full, SETTINGS, detector)
    assert live.get("eye_distance").value == pytest.approx(whole.get("eye_distance").value, rel=0.1)
    assert live.get("eye_distance").passed


def test_without_a_model_face_checks_say_they_are_unavailable() -> None:
    report = check_face(face_frame(), SETTINGS, None)
    assert len(report.checks) == 1
    assert not report.passed
    assert report.checks[0].instruction == UNAVAILABLE


def test_the_portrait_crop_is_icao_shaped(detector: FaceDetector) -> None:
    frame = face_frame(size=(1920, 1080), scale=3.0)
    face = detector.detect(frame)[0]
    portrait = crop_portrait(frame, face)
    h, w = portrait.shape[:2]
    assert w / h == pytest.approx(0.75, abs=0.01)
    again = detector.detect(portrait)
    assert len(again) == 1
    # The head (box height x 1.3, crown to chin) fills about 70-80 % of the height.
    head = again[0].box[3] * 1.3 / h
    assert 0.68 <= head <= 0.82
    # Centred: the eye midpoint in the middle of the width.
    eyes_x = (again[0].landmarks[0][0] + again[0].landmarks[1][0]) / 2
    assert eyes_x / w == pytest.approx(0.5, abs=0.05)


def test_the_portrait_crop_pads_at_the_frame_edge(detector: FaceDetector) -> None:
    frame = face_frame(size=(1280, 720), scale=2.6, centre=(0.5, 0.3))
    face = detector.detect(frame)[0]
    portrait = crop_portrait(frame, face)
    assert portrait.shape[1] / portrait.shape[0] == pytest.approx(0.75, abs=0.01)
    assert len(detector.detect(portrait)) == 1
