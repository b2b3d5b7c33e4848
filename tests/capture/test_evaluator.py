"""The evaluator: checks per kind, live downscaling and motion, and auto-capture on top."""

from __future__ import annotations

from datetime import UTC, datetime

import cv2
import numpy as np
import pytest
from capture_scenes import RECEIPT_A, face_frame, read, receipt_scene
from synth_documents import make_scene

from kiosk.capture.autocapture import AutoCapture, State
from kiosk.capture.checks.face import UNAVAILABLE
from kiosk.capture.evaluator import HOLD_STILL, Evaluator, LiveEvaluator
from kiosk.config import load_settings
from kiosk.config.capture import CaptureSettings
from kiosk.kinds import UnknownKindError, kind
from kiosk.outbox.receipt_hashes import ReceiptHashes
from kiosk.pipeline import evaluator_for, prepare

SETTINGS = CaptureSettings()
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def evaluator() -> Evaluator:
    return Evaluator(SETTINGS)


@pytest.fixture(scope="module")
def full_face() -> np.ndarray:
    return face_frame(size=(1920, 1080), scale=3.0)


def shifted(image: np.ndarray, dx: int) -> np.ndarray:
    m = np.float32([[1, 0, dx], [0, 1, 0]])
    return cv2.warpAffine(image, m, image.shape[1::-1], borderMode=cv2.BORDER_REPLICATE)


def test_each_kind_runs_its_own_checks(evaluator: Evaluator) -> None:
    face = evaluator.evaluate(kind("face"), face_frame())
    assert face.kind == "face" and face.passed
    frame, _ = receipt_scene(read(RECEIPT_A), size=(4000, 3000), fill=0.8)
    receipt = evaluator.evaluate(kind("receipt"), frame)
    assert receipt.kind == "receipt"
    assert receipt.get("document").passed
    with pytest.raises(UnknownKindError, match="unknown capture kind 'selfie'"):
        kind("selfie")
    # The option's spelling is an alias; a near miss is named with the id it resembles.
    assert kind("license-front") is kind("license_front")
    with pytest.raises(UnknownKindError, match=r"did you mean license_back\?.*expected one of"):
        kind("licence_back")


def test_the_kiosk_settings_choose_the_model_and_the_receipt_hashes(tmp_path) -> None:
    settings = load_settings(face_model=tmp_path / "missing.onnx")
    report = evaluator_for(settings).evaluate(kind("face"), face_frame())
    assert [c.instruction for c in report.checks] == [UNAVAILABLE]
    recent = evaluator_for(load_settings()).recent_hashes
    assert isinstance(recent.__self__, ReceiptHashes)  # type: ignore[union-attr]
    assert recent.__self__.path.parent == load_settings().data_dir  # type: ignore[union-attr]


def test_document_kinds_go_to_the_document_checks(evaluator: Evaluator) -> None:
    scene = make_scene("license_front", seed=3)  # a 1080p frame with known corners
    live = LiveEvaluator(evaluator, kind("license_front")).process(scene.image)
    full = evaluator.evaluate(kind("license_front"), scene.image, live=False)
    assert live.report.kind == full.kind == "license_front"
    assert [c.name for c in live.report.checks][-1] == "motion"
    document = live.report.get("document")
    assert document is not None and document.passed
    # The preview is a third of the frame; its dpi is reported at full resolution.
    live_dpi = live.report.get("resolution_dpi").value
    full_dpi = full.get("resolution_dpi").value
    assert live_dpi == pytest.approx(full_dpi, rel=0.05)


def test_live_frames_are_downscaled_once_and_scaled_back(
    evaluator: Evaluator, full_face: np.ndarray
) -> None:
    live = LiveEvaluator(evaluator, kind("face"))
    result = live.process(full_face)
    assert result.scale == pytest.approx(3.0)
    assert result.report.passed, [c.as_json() for c in result.report.checks if not c.passed]
    assert result.report.checks[-1].name == "motion"
    full = evaluator.evaluate(kind("face"), full_face)
    live_box, full_box = np.array(result.subject_box_full), np.array(full.subject_box)
    assert np.abs(live_box - full_box).max() < 15
    assert set(result.timings_ms) == {"resize", "motion", "checks"}


def test_motion_between_frames_asks_to_hold_still(
    evaluator: Evaluator, full_face: np.ndarray
) -> None:
    live = LiveEvaluator(evaluator, kind("face"))
    live.process(full_face)
    assert live.process(full_face).report.get("motion").passed
    moved = live.process(shifted(full_face, 60)).report.get("motion")
    assert not moved.passed
    assert moved.instruction == HOLD_STILL
    live.reset()
    assert live.process(full_face).report.get("motion").value == 0.0


def drive(frames, *, fps: float = 30.0) -> AutoCapture:
    live = LiveEvaluator(Evaluator(SETTINGS), kind("face"))
    machine = AutoCapture(SETTINGS.autocapture, now=0.0)
    for i, frame in enumerate(frames):
        machine.update(live.process(frame).report, i / fps)
    return machine


def test_auto_capture_fires_on_a_steady_good_sequence(full_face: np.ndarray) -> None:
    rng = np.random.default_rng(0)
    # Sensor noise only: the same scene for 0.7 s.
    frames = [
        cv2.add(full_face, rng.integers(0, 3, full_face.shape, dtype=np.uint8)) for _ in range(21)
    ]
    machine = drive(frames)
    assert machine.state is State.CAPTURING


def test_auto_capture_does_not_fire_on_a_shaky_sequence(full_face: np.ndarray) -> None:
    frames = [shifted(full_face, 40 * (i % 2)) for i in range(21)]
    assert drive(frames).state is State.WAITING


def test_auto_capture_does_not_fire_on_a_bad_sequence(full_face: np.ndarray) -> None:
    frames = [cv2.GaussianBlur(full_face, (0, 0), 8)] * 21
    machine = drive(frames)
    assert machine.state is State.WAITING


@pytest.mark.parametrize("scale", [2.0, 4.0])
def test_live_sharpness_passes_sharp_faces_and_fails_gross_blur(scale: float) -> None:
    frame = face_frame(size=(1920, 1080), scale=scale)
    live = LiveEvaluator(Evaluator(SETTINGS), kind("face"))
    assert live.process(frame).report.get("sharpness").passed
    live.reset()
    blurred = live.process(cv2.GaussianBlur(frame, (0, 0), 10)).report.get("sharpness")
    assert blurred is not None and not blurred.passed


def test_a_remembered_receipt_is_flagged_on_the_next_check(tmp_path) -> None:
    settings = load_settings(data_dir=tmp_path)
    evaluator = evaluator_for(settings)
    frame, _ = receipt_scene(read(RECEIPT_A), size=(4000, 3000), fill=0.8)
    assert evaluator.evaluate(kind("receipt"), frame).get("duplicate").passed
    fingerprint = prepare("receipt", frame, NOW, settings, evaluator=evaluator).fingerprint
    assert fingerprint is not None
    ReceiptHashes.for_settings(settings).remember(fingerprint)
    assert not evaluator.evaluate(kind("receipt"), frame).get("duplicate").passed
    assert (tmp_path / "outbox.sqlite3").is_file()  # kept in the outbox database


def test_thresholds_come_from_the_config(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_CAPTURE__FACE__MIN_EYE_DISTANCE_PX", "500")
    report = evaluator_for(load_settings()).evaluate(kind("face"), face_frame())
    eyes = report.get("eye_distance")
    assert eyes.threshold == 500 and not eyes.passed and eyes.instruction == "Move closer"
