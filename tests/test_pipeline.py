"""The capture pipeline: one detection per capture, crops that never enlarge, checks that
raise become "Checks unavailable", and refusals that name the failed checks."""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent / "capture"))
from capture_scenes import RECEIPT_A, face_frame, read, receipt_scene
from synth_documents import make_scene

import kiosk.capture.checks.document_checks as document_checks
from kiosk.capture.checks.face import FaceDetector
from kiosk.capture.detect.geometry import ID1
from kiosk.capture.evaluator import Evaluator
from kiosk.capture.phash import phash
from kiosk.cli.main import main
from kiosk.config import load_settings
from kiosk.intake import IntakeError, prepare_file
from kiosk.kinds import KINDS, CaptureKind, UnknownKindError, kind
from kiosk.pipeline import ChecksFailed, inspect, prepare

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def decoded(data: bytes) -> np.ndarray:
    return cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)


def counting(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[int]:
    """Count the calls of ``owner.name`` (still calling through)."""
    calls: list[int] = []
    real = getattr(owner, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls


def test_the_document_is_found_once_and_the_crop_is_cut_from_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scene = make_scene("license_front", 41)
    calls = counting(monkeypatch, document_checks, "detect_document")
    prepared = prepare("license_front", scene.image, NOW, load_settings())
    assert len(calls) == 1
    assert prepared.report.passed, prepared.report.first_failure()
    quad = prepared.report.subject
    assert quad is not None
    # The crop is the card as the check found it: its width, ID-1's shape.
    assert prepared.width == round(quad.width_px)
    assert abs(prepared.width / prepared.height / ID1.aspect - 1) < 0.01
    card = decoded(prepared.capture.data)
    assert card.shape[:2] == (prepared.height, prepared.width)


def test_the_face_is_detected_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = counting(monkeypatch, FaceDetector, "detect")
    prepared = prepare("face", face_frame(size=(1920, 1080), scale=3.0), NOW, load_settings())
    assert len(calls) == 1 and prepared.report.passed
    # An ICAO-style 3:4 portrait, not the 16:9 frame.
    assert prepared.width / prepared.height == pytest.approx(0.75, abs=0.01)


def test_crops_are_never_enlarged_and_crop_width_px_caps_them() -> None:
    small = make_scene("license_front", 42, fill=0.35)  # a card far from the camera
    ev = Evaluator(load_settings().capture)
    found = inspect("license_front", small.image, ev)
    assert not found.report.get("fill").passed  # type: ignore[union-attr]
    native = round(found.report.subject.width_px)  # type: ignore[union-attr]
    assert found.crop.shape[1] == native < 0.4 * small.image.shape[1]

    capped = load_settings(None, capture={"document": {"crop_width_px": 500}})
    assert inspect("license_front", small.image, Evaluator(capped.capture)).crop.shape[1] == 500
    wide = load_settings(None, capture={"document": {"crop_width_px": 4000}})
    assert inspect("license_front", small.image, Evaluator(wide.capture)).crop.shape[1] == native


def test_the_receipt_fingerprint_is_the_hash_of_the_upload() -> None:
    frame, _ = receipt_scene(read(RECEIPT_A), size=(2400, 1800), fill=0.8)
    settings = load_settings()
    found = inspect("receipt", frame, Evaluator.from_settings(settings))
    prepared = prepare("receipt", frame, NOW, settings)
    assert prepared.fingerprint == phash(found.crop)
    assert found.crop.shape[0] > found.crop.shape[1]  # upright
    assert prepare("face", face_frame(), NOW, settings).fingerprint is None


def test_a_check_that_raises_is_a_failed_check_logged_without_data(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(bgr: np.ndarray, ev: Evaluator, *, live: bool, full_scale: float = 1.0):
        raise RuntimeError("P<UTOERIKSSON<<ANNA")  # as if a reader quoted document text

    faulty = CaptureKind(**{**KINDS["passport"].__dict__, "check": broken})
    caplog.set_level(logging.DEBUG)
    scene = make_scene("passport", 43)
    found = inspect(faulty, scene.image, Evaluator(load_settings().capture))
    first = found.report.first_failure()
    assert first is not None and first.name == "checks"
    assert first.instruction == "Checks unavailable (RuntimeError)"
    assert "RuntimeError" in caplog.text and "ERIKSSON" not in caplog.text
    # Nothing was found, so the whole frame would go, and only if forced.
    assert found.crop.shape == scene.image.shape
    with pytest.raises(ChecksFailed, match=r"passport check failed: Checks unavailable"):
        prepare(faulty, scene.image, NOW, load_settings())


def test_the_command_line_refuses_a_failed_check_unless_forced(tmp_path: Path) -> None:
    path = tmp_path / "far.png"
    cv2.imwrite(str(path), make_scene("license_front", 44, fill=0.35).image)
    settings = load_settings()
    with pytest.raises(IntakeError, match=r"far.png: license_front check failed: .*fill"):
        prepare_file(path, "license_front", settings)
    forced = prepare_file(path, "license_front", settings, force=True)
    assert not forced.capture.checks_passed and "fill" in forced.capture.failed_checks
    assert forced.capture.override_reason == "forced from the command line"


def test_a_kind_has_one_spelling(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(UnknownKindError, match="expected one of face, license_front"):
        kind("license-front")
    assert [k.option for k in KINDS.values()] == [
        "--face",
        "--license-front",
        "--license-back",
        "--passport",
        "--receipt",
    ]
    path = tmp_path / "card.png"
    cv2.imwrite(str(path), make_scene("license_front", 45).image)
    assert main(["check", "--kind", "license_front", str(path)]) == 0
    with pytest.raises(SystemExit) as exit_:
        main(["check", "--kind", "license-front", str(path)])
    assert exit_.value.code == 2
    assert "invalid choice: 'license-front'" in capsys.readouterr().err
