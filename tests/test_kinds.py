"""The capture kinds' registry: every record is complete and usable, and a kind defined in
these tests alone (an ID-1 membership card) works in the CLI, the demo camera, the settings
and a submission, with no edit anywhere else."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import cv2
import numpy as np
import pytest
from sample_data import MODELS

from kiosk.camera.demo import DemoScenePainter, DemoSource
from kiosk.camera.demo_scenes import DemoDocument, HeldUp
from kiosk.capture.detect.geometry import ID1
from kiosk.capture.evaluator import Evaluator
from kiosk.cli.main import main
from kiosk.config import load_settings
from kiosk.config.camera import CameraSettings
from kiosk.config.capture import CaptureSettings
from kiosk.core import KioskCore
from kiosk.kinds import (
    DOCUMENT_CAMERA_CHECKS,
    GUIDES,
    KINDS,
    LIVE_ONLY,
    CaptureKind,
    amplifi_types,
    default_prospect_steps,
    document_check,
    document_crop,
    kind_id,
    prospect_kinds,
    prospect_steps,
    register,
    registered,
    unregister,
)
from kiosk.outbox.plans import Capture
from kiosk.sandbox.server import SandboxServer
from ui.flow_steps import parse_steps

FACE_MODEL = MODELS / "yunet_s_dynamic.onnx"


def _evaluator() -> Evaluator:
    return Evaluator(CaptureSettings(), face_model=FACE_MODEL)


def _demo_frame(kind: CaptureKind, t: float = 1.0) -> np.ndarray:
    painter = DemoScenePainter()
    painter.scene = kind.demo
    return painter.render(t)[0]


@pytest.mark.parametrize("kind_id_", list(KINDS))
def test_every_kind_record_is_complete_and_usable(kind_id_: str) -> None:
    kind = KINDS[kind_id_]
    assert re.fullmatch(r"[a-z][a-z0-9_]*", kind.id) and kind.option == "--" + kind.id.replace(
        "_", "-"
    )
    assert kind.encode_policy in ("document", "portrait")
    assert kind.guide in GUIDES
    # Its thresholds are a section of the capture settings (exposure floor and all).
    assert getattr(CaptureSettings(), kind.thresholds).min_brightness > 0
    if kind.guide == "document":
        assert kind.geometry is not None and kind.geometry.aspect > 0
    # An AmpliFi kind, and only one, names its type label; the settings send it by default.
    if kind.api == "amplifi":
        assert kind.amplifi_type
        assert amplifi_types()[kind.id] == kind.amplifi_type
        assert kind.id in default_prospect_steps()
    else:
        assert kind.api == "sessionm" and kind.amplifi_type is None
        assert kind.id not in default_prospect_steps()
    assert not kind.needs_ocr or kind.crop_checks is not None
    assert kind.camera_checks >= LIVE_ONLY
    # The demo scene draws a frame the kind's checks evaluate: its subject is found, and
    # every camera-only check the kind names is one its checks report.
    frame = _demo_frame(kind)
    assert frame.shape == (720, 1280, 3) and frame.dtype == np.uint8
    evaluator = _evaluator()
    report = evaluator.evaluate(kind, frame)
    names = {c.name for c in report.checks}
    assert report.checks and report.subject is not None, names
    assert kind.camera_checks - LIVE_ONLY <= names
    crop = kind.crop(frame, report, evaluator.settings)
    assert crop is not None and crop.ndim == 3 and min(crop.shape[:2]) > 100
    if kind.orient is not None:
        assert set(kind.orient(crop, report, evaluator)) <= {0, 1, 2, 3}


def test_the_default_steps_are_the_amplifi_kinds_in_registry_order() -> None:
    assert load_settings(None, device_tag="t").app.prospect_steps is None  # unset
    assert default_prospect_steps() == [k.id for k in prospect_kinds()]
    assert default_prospect_steps()[0] == "face"


def test_a_configured_type_label_wins_over_the_kinds_own() -> None:
    settings = load_settings(None, device_tag="t", amplifi={"types": {"face": "Selfie"}})
    own = amplifi_types()
    assert settings.amplifi.type_for("face", own["face"]) == "Selfie"
    assert settings.amplifi.type_for("passport", own["passport"]) == KINDS["passport"].amplifi_type


# --- a kind defined here alone -------------------------------------------------------


def _membership_card_art(painter: object, width: int) -> np.ndarray:
    """A plain loyalty card: light stock, a dark band, a name line and a number."""
    height = round(width / ID1.aspect)
    card = np.full((height, width, 3), (236, 238, 240), np.uint8)
    card[: height // 4] = (120, 60, 20)
    font = cv2.FONT_HERSHEY_SIMPLEX
    scale = width / 900
    cv2.putText(card, "MEMBER", (width // 20, height // 6), font, 1.6 * scale, (255, 255, 255), 3)
    cv2.putText(card, "SPECIMEN DEMO", (width // 20, height // 2), font, scale, (30, 30, 30), 2)
    cv2.putText(
        card, "0000 1234 5678", (width // 20, height * 3 // 4), font, scale, (30, 30, 30), 2
    )
    cv2.rectangle(card, (0, 0), (width - 1, height - 1), (90, 90, 90), 2)
    return card


MEMBERSHIP_CARD = CaptureKind(
    id="membership_card",
    geometry=ID1,
    encode_policy="document",
    api="amplifi",
    amplifi_type="Membership card",
    guide="document",
    thresholds="document",
    demo=HeldUp(DemoDocument("membership_card", ID1, _membership_card_art)),
    check=document_check(ID1),
    crop=document_crop(ID1),
    camera_checks=DOCUMENT_CAMERA_CHECKS,
)


@pytest.fixture
def membership_card() -> Iterator[CaptureKind]:
    with registered(MEMBERSHIP_CARD) as kind:
        yield kind
    assert "membership_card" not in KINDS


def test_registration_refuses_a_taken_or_malformed_kind(membership_card: CaptureKind) -> None:
    assert list(KINDS)[-1] == "membership_card"
    assert kind_id("membership-card") == "membership_card"
    with pytest.raises(ValueError, match="already registered"):
        register(MEMBERSHIP_CARD)
    with pytest.raises(ValueError, match="lowercase"):
        register(CaptureKind(**{**MEMBERSHIP_CARD.__dict__, "id": "Member-Card"}))
    no_label = CaptureKind(**{**MEMBERSHIP_CARD.__dict__, "id": "m2", "amplifi_type": None})
    with pytest.raises(ValueError, match="amplifi_type"):
        register(no_label)
    with pytest.raises(ValueError, match="built-in"):
        unregister("face")


def test_kiosk_check_takes_the_new_kind(
    membership_card: CaptureKind, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "card.png"
    cv2.imwrite(str(path), _demo_frame(membership_card))
    code = main(["check", "--kind", "membership-card", str(path), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "membership_card"
    checks = {c["name"]: c["passed"] for c in data["checks"]}
    # The shared document checks judge it: found, its shape ID-1, sharp and detailed enough.
    assert {"document", "aspect_ratio", "resolution_dpi"} <= set(checks)
    assert code == 0 and data["passed"], checks


def test_kiosk_check_refuses_the_kind_once_removed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "card.png"
    cv2.imwrite(str(path), _demo_frame(MEMBERSHIP_CARD))
    with pytest.raises(SystemExit) as exit_:
        main(["check", "--kind", "membership_card", str(path)])
    assert exit_.value.code == 2
    assert "unknown capture kind" in capsys.readouterr().err


def test_the_demo_camera_holds_up_the_new_kind(membership_card: CaptureKind) -> None:
    source = DemoSource(CameraSettings(demo_fps=60))
    with source:
        source.set_scene(membership_card.demo)
        frame = source.wait_frame(0, timeout=10)
        frame = source.wait_frame(frame.seq, timeout=5)  # type: ignore[union-attr]
        assert frame is not None
        pose = source.pose_for(frame.timestamp)
        assert pose.card is not None and pose.receipt is None and pose.face is None
        report = _evaluator().evaluate(membership_card, frame.image)
    assert report.get("document").passed  # type: ignore[union-attr]
    # Its quad is where the scene put the card (the mean corner within a few px).
    found = np.asarray(report.subject.corners, dtype=float)  # type: ignore[union-attr]
    assert np.abs(found.mean(axis=0) - pose.card.mean(axis=0)).max() < 12


def test_settings_and_a_submission_take_the_new_kind(
    membership_card: CaptureKind, sandbox: SandboxServer, kiosk_env: Path
) -> None:
    settings = load_settings(
        None,
        data_dir=kiosk_env,
        amplifi={"base_url": sandbox.url, "token": "t"},
        sessionm={"base_url": sandbox.url, "api_key": "k"},
        app={"prospect_steps": ["face", "membership_card?"]},
        outbox={"backoff_base": 0.01, "backoff_cap": 0.05, "key_store": "file"},
    )
    assert settings.app.prospect_steps == ["face", "membership_card?"]
    # The app's New customer flow takes it as a step (optional, here).
    steps = parse_steps(prospect_steps(settings.app.prospect_steps))
    assert steps[1].options == (("membership_card",),) and steps[1].optional
    assert default_prospect_steps()[-1] == "membership_card"
    assert amplifi_types()["membership_card"] == "Membership card"
    ok, jpeg = cv2.imencode(".jpg", _demo_frame(membership_card))
    assert ok
    capture = Capture(jpeg.tobytes(), "image/jpeg", datetime.now().astimezone())
    with KioskCore(settings) as core:
        core.submit_prospect({"membership_card": capture})
        assert core.drain(timeout=30).ok
    images = sandbox.snapshot()["amplifi"]["images"]
    assert [i["type"] for i in images.values()] == ["Membership card"]
