"""The demo camera shows every path: each capture kind auto-captures without an override,
and on request a bad receipt that the sandbox judges invalid."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
import zxingcpp
from sample_data import MODELS

from kiosk.camera.demo import DemoScenePainter, DemoSource
from kiosk.camera.demo_documents import PORTRAIT, demo_td3
from kiosk.camera.demo_scene import demo_barcode_text
from kiosk.camera.demo_scenes import SCENES
from kiosk.capture.autocapture import AutoCapture, Event
from kiosk.capture.evaluator import Evaluator, LiveEvaluator
from kiosk.capture.readers.mrz import parse_mrz
from kiosk.capture.readers.ocr import get_ocr
from kiosk.config import load_settings
from kiosk.config.camera import DEMO_SCENES, CameraSettings
from kiosk.config.capture import CaptureSettings
from kiosk.core import KioskCore
from kiosk.demo_settings import demo_overrides
from kiosk.kinds import KINDS
from kiosk.pipeline import Override, inspect, package
from kiosk.sandbox.server import SandboxServer

FPS = 30.0
FACE_MODEL = MODELS / "yunet_s_dynamic.onnx"
needs_ocr = pytest.mark.skipif(get_ocr() is None, reason="OCR extra not installed")


def _demo_capture_settings() -> CaptureSettings:
    """The capture settings ``kiosk demo`` runs with."""
    return CaptureSettings(**demo_overrides("http://127.0.0.1:1")["capture"])


def _evaluator() -> Evaluator:
    return Evaluator(_demo_capture_settings(), face_model=FACE_MODEL)


def test_the_portrait_ships_with_its_licence() -> None:
    assert PORTRAIT.is_file() and PORTRAIT.stat().st_size < 200_000
    note = (PORTRAIT.parent / "LICENSE.md").read_text(encoding="utf-8")
    assert "public domain" in note and "NASA" in note


def test_the_demo_mrz_is_valid_in_every_digit_and_field() -> None:
    mrz = parse_mrz(demo_td3())
    assert mrz is not None and mrz.valid
    assert mrz.document_type == "P<" and mrz.issuer == "UTO" and mrz.surname == "SPECIMEN"


def test_every_kind_has_its_own_demo_scene() -> None:
    scenes = [k.demo for k in KINDS.values()]
    assert len({id(scene) for scene in scenes}) == len(scenes)
    # The built-in kinds' scenes are also the ones ``camera.demo_scene`` names by kind id.
    assert all(SCENES[k.id] is k.demo for k in KINDS.values())
    assert set(DEMO_SCENES) == set(SCENES)  # the setting names every named scene


@pytest.mark.parametrize("kind_id", list(KINDS))
def test_the_demo_auto_captures_every_kind_without_an_override(kind_id: str) -> None:
    if kind_id == "passport" and get_ocr() is None:
        pytest.skip("OCR extra not installed")
    kind = KINDS[kind_id]
    painter = DemoScenePainter()
    painter.scene = kind.demo
    evaluator = _evaluator()
    live = LiveEvaluator(evaluator, kind)
    auto = AutoCapture(evaluator.settings.autocapture, now=0.0)
    fired_at = None
    for i in range(int(4 * FPS)):  # 4 s of the scene at 30 fps
        t = i / FPS
        result = live.process(painter.render(t)[0])
        events = {tr.event for tr in auto.update(result.report, t)}
        if Event.AUTO_CAPTURE in events:
            fired_at = t
            break
    assert fired_at is not None, f"{kind_id}: auto-capture never fired"
    # The picture taken at that moment passes every full-resolution check, crop checks
    # (barcode, MRZ) included, so the review accepts it with no staff override.
    frame, _ = painter.render(fired_at)
    report = inspect(kind, frame, evaluator).report
    assert report.passed, [c.name for c in report.checks if not c.passed]
    accepted = {tr.event for tr in auto.capture_checked(report, fired_at + 0.2)}
    assert Event.CAPTURE_ACCEPTED in accepted
    assert auto.failed_attempts == 0 and not auto.override_allowed
    if kind_id == "passport":
        assert report.get("mrz").value == "\n".join(demo_td3())  # type: ignore[union-attr]
    if kind_id == "license_back":
        assert report.get("pdf417") is not None


def test_licence_front_and_back_are_different_sides() -> None:
    front = DemoScenePainter(CameraSettings(demo_scene="license_front")).render(1.0)[0]
    back = DemoScenePainter(CameraSettings(demo_scene="license_back")).render(1.0)[0]
    formats = zxingcpp.BarcodeFormat.PDF417
    assert zxingcpp.read_barcodes(front, formats=formats) == []
    texts = [
        b.text
        for b in zxingcpp.read_barcodes(back, formats=formats, text_mode=zxingcpp.TextMode.Plain)
    ]
    assert demo_barcode_text() in texts
    # Only the front shows a face (the portrait printed on it).
    evaluator = _evaluator()
    assert evaluator.evaluate(KINDS["face"], front).get("face_count").value == 1  # type: ignore[union-attr]
    assert evaluator.evaluate(KINDS["face"], back).get("face_count").value == 0  # type: ignore[union-attr]


def test_the_face_moves_within_the_oval() -> None:
    painter = DemoScenePainter(CameraSettings(demo_scene="face"))
    centres = np.array([painter.pose(t).face for t in np.linspace(0, 20, 60)])
    assert np.ptp(centres[:, 0]) > 4 and np.ptp(centres[:, 1]) > 2  # it moves
    assert np.abs(centres - (640, 360)).max() <= 10  # a few px about the centre
    a, b = painter.render(0.0)[0], painter.render(3.0)[0]
    assert not np.array_equal(a, b)


def test_the_scene_follows_the_kind_on_a_running_source() -> None:
    source = DemoSource(CameraSettings(demo_fps=60))
    with source:
        for kind in KINDS.values():
            source.set_scene(kind.demo)
            frame = source.wait_frame(0, timeout=10)
            frame = source.wait_frame(frame.seq, timeout=5)  # type: ignore[union-attr]
            assert frame is not None
            pose = source.pose_for(frame.timestamp)
            assert (pose.face is not None) == (kind.id == "face")
            assert (pose.receipt is not None) == (kind.id == "receipt")
        with pytest.raises(ValueError, match="unknown demo scene"):
            source.set_scene("selfie")  # type: ignore[arg-type]


def test_a_bad_receipt_on_request_is_judged_invalid_by_the_sandbox(
    sandbox: SandboxServer, kiosk_env: Path
) -> None:
    source = DemoSource(CameraSettings(demo_scene="receipt"))
    source.set_bad_receipt(True)
    frame, _ = source.painter.render(2.0)
    settings = load_settings(
        None,
        data_dir=kiosk_env,
        amplifi={"base_url": sandbox.url, "token": "t"},
        sessionm={"base_url": sandbox.url, "api_key": "k"},
        capture=demo_overrides(sandbox.url)["capture"],
    )
    found = inspect("receipt", frame, Evaluator(settings.capture))
    assert not found.report.passed  # the kiosk says so first: staff must override
    failed = frozenset(c.name for c in found.report.checks if not c.passed)
    prepared = package(
        found, datetime.now(UTC), settings, override=Override(failed, "demo: bad receipt")
    )
    with KioskCore(settings, remember_receipts=False) as core:
        customer = core.customer("C-1001")
        assert customer is not None
        submitted = core.submit_receipt([prepared], "sandbox-receipts", customer)
        assert core.drain(timeout=30).ok
        verdict = core.follow(submitted.reference).receipt
    assert verdict is not None and verdict.status == "invalid"
    source.set_bad_receipt(False)
    good, _ = source.painter.render(2.0)
    assert good.mean() > 2 * frame.mean()
