"""The capture pipeline: one detection per capture, crops that never enlarge, checks that
raise become "Checks unavailable", and refusals that name the failed checks."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent / "capture"))
from capture_scenes import RECEIPT_A, SAMPLES, face_frame, read, receipt_scene
from synth_documents import make_scene

import kiosk.capture.checks.document_checks as document_checks
from kiosk.capture.checks.face import FaceDetector
from kiosk.capture.detect.geometry import ID1
from kiosk.capture.evaluator import Evaluator
from kiosk.capture.phash import phash
from kiosk.cli.main import main
from kiosk.config import load_settings
from kiosk.intake import IntakeError, camera_exif, inspect_file, prepare_file
from kiosk.kinds import KINDS, CaptureKind, UnknownKindError, kind
from kiosk.monitoring.logs import PrivateFormatter
from kiosk.outbox.receipt_hashes import ReceiptHashes
from kiosk.pipeline import (
    ChecksFailed,
    Override,
    OverrideRefused,
    evaluator_for,
    inspect,
    prepare,
    staff_override,
)

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
    found = inspect("receipt", frame, evaluator_for(settings))
    prepared = prepare("receipt", frame, NOW, settings)
    assert prepared.fingerprint == phash(found.crop)
    assert found.crop.shape[0] > found.crop.shape[1]  # upright
    assert prepare("face", face_frame(), NOW, settings).fingerprint is None


# Kept out of the raising line, so the traceback's quoted source line does not carry it.
QUOTED = "P<UTOERIKSSON<<ANNA"


def test_a_check_that_raises_is_a_failed_check_logged_without_data(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(bgr: np.ndarray, ev: Evaluator, *, live: bool, full_scale: float = 1.0):
        raise RuntimeError(QUOTED)  # as if a reader quoted document text

    faulty = CaptureKind(**{**KINDS["passport"].__dict__, "check": broken})
    caplog.set_level(logging.DEBUG)
    caplog.handler.setFormatter(PrivateFormatter())  # the app's log formatters' tracebacks
    scene = make_scene("passport", 43)
    found = inspect(faulty, scene.image, Evaluator(load_settings().capture))
    first = found.report.first_failure()
    assert first is not None and first.name == "checks"
    # The customer is told the checks could not run, never the name of a bug's class.
    assert first.instruction == "Checks unavailable"
    # The log keeps the bug: its type and frames (down to the check that raised), not its words.
    assert "builtins.RuntimeError" in caplog.text and "in broken" in caplog.text
    assert "ERIKSSON" not in caplog.text
    # Nothing was found, so the whole frame would go, and only if forced.
    assert found.crop.shape == scene.image.shape
    with pytest.raises(ChecksFailed, match=r"passport check failed: Checks unavailable"):
        prepare(faulty, scene.image, NOW, load_settings())


def test_the_command_line_refuses_a_failed_check_unless_forced_by_name(tmp_path: Path) -> None:
    path = tmp_path / "far.png"
    cv2.imwrite(str(path), make_scene("license_front", 44, fill=0.35).image)
    settings = load_settings()
    with pytest.raises(IntakeError, match=r"far.png: license_front check failed: .*fill"):
        prepare_file(path, "license_front", settings, source="camera")
    failed = ["fill", "resolution_dpi"]
    # A failed check left unnamed is still refused, naming it.
    with pytest.raises(IntakeError, match=r"failed: resolution_dpi\); name it in --force"):
        prepare_file(
            path, "license_front", settings, source="camera", override=Override(frozenset({"fill"}))
        )
    # A check that did not fail (or does not exist) is refused, listing the failed ones.
    for wrong in ("glare", "no_such_check"):
        with pytest.raises(
            OverrideRefused, match=rf"names {wrong}, which did not fail; failed: fill"
        ):
            prepare_file(
                path, "license_front", settings, source="camera",
                override=Override(frozenset({*failed, wrong})),
            )  # fmt: skip
    forced = prepare_file(
        path, "license_front", settings, source="camera",
        override=Override(frozenset(failed), "forced from the command line"),
    )  # fmt: skip
    assert not forced.capture.checks_passed and forced.capture.failed_checks == failed
    assert forced.capture.override_reason == "forced from the command line"


def test_a_scan_is_not_judged_on_camera_framing(tmp_path: Path) -> None:
    """An edge-to-edge passport scan: framing and glare fail as a camera frame, not as a scan;
    the content checks are the same either way."""
    name = "mrz/imagejs_id2_est_passport.jpg"
    image = read(SAMPLES / name)
    ev = Evaluator(load_settings().capture)
    camera = inspect("passport", image, ev).report
    scan = inspect("passport", image, ev, source="scan").report
    assert {"inside_frame", "fill"} <= {c.name for c in camera.checks if not c.passed}
    assert scan.passed, scan.first_failure()
    assert not {c.name for c in scan.checks} & KINDS["passport"].camera_checks
    assert scan.get("mrz") == camera.get("mrz")
    # A file is a scan unless its EXIF says camera: the subject reaches the edges here.
    path = tmp_path / "scan.jpg"
    path.write_bytes((SAMPLES / name).read_bytes())
    found = inspect_file(path, "passport", load_settings(), ev)
    assert found.source == "scan" and found.inspection.report.passed


def test_exif_exposure_fields_make_a_file_a_camera_frame(tmp_path: Path) -> None:
    from PIL import Image

    frame = make_scene("license_front", 45).image  # well inside the frame
    rgb = Image.fromarray(cv2.cvtColor(frame, cv2.COLOR_BGR2RGB))
    plain, shot = tmp_path / "plain.jpg", tmp_path / "shot.jpg"
    rgb.save(plain, quality=92)
    exif = Image.Exif()
    exif[0x010F] = "Kiosk test"  # Make
    exif.get_ifd(0x8769)[0x829A] = (1, 60)  # ExposureTime 1/60 s
    rgb.save(shot, quality=92, exif=exif)
    assert camera_exif(shot.read_bytes()) and not camera_exif(plain.read_bytes())
    settings = load_settings()
    assert inspect_file(plain, "license_front", settings).source == "scan"
    camera = inspect_file(shot, "license_front", settings)
    assert camera.source == "camera" and camera.inspection.report.get("fill") is not None


def test_a_receipt_seen_before_is_resubmitted_never_forced(tmp_path: Path) -> None:
    settings = load_settings()
    frame, _ = receipt_scene(read(RECEIPT_A), size=(2400, 1800), fill=0.8)
    path = tmp_path / "receipt.png"
    cv2.imwrite(str(path), frame)
    first = prepare_file(path, "receipt", settings)
    assert first.report.passed and first.fingerprint is not None
    ReceiptHashes.for_settings(settings).remember(first.fingerprint)
    with pytest.raises(IntakeError, match=r"failed: duplicate\).*--resubmit --reason TEXT"):
        prepare_file(path, "receipt", settings)
    with pytest.raises(OverrideRefused, match="not forced: resubmit it with --resubmit"):
        prepare_file(path, "receipt", settings, override=Override(frozenset({"duplicate"})))
    again = prepare_file(
        path, "receipt", settings, override=Override(resubmit="the till printed it twice")
    )
    assert again.capture.failed_checks == ["duplicate"]
    assert again.capture.override_reason == "the till printed it twice"
    # Upside down it is still the receipt seen before.
    turned = tmp_path / "turned.png"
    cv2.imwrite(str(turned), cv2.rotate(frame, cv2.ROTATE_180))
    with pytest.raises(IntakeError, match=r"failed: duplicate\)"):
        prepare_file(turned, "receipt", settings)


def test_a_kind_is_named_by_its_id_or_its_option(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert kind("license-front") is KINDS["license_front"]
    with pytest.raises(UnknownKindError, match=r"did you mean license_front\?"):
        kind("licence-front")
    assert [k.option for k in KINDS.values()] == [
        "--face",
        "--license-front",
        "--license-back",
        "--passport",
        "--receipt",
    ]
    path = tmp_path / "card.png"
    cv2.imwrite(str(path), make_scene("license_front", 45).image)
    for spelling in ("license_front", "license-front"):
        assert main(["check", "--kind", spelling, "--source", "camera", str(path)]) == 0
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_:
        main(["check", "--kind", "licence-front", str(path)])
    assert exit_.value.code == 2
    assert "did you mean license_front?" in capsys.readouterr().err


def test_the_app_records_exactly_the_checks_staff_overrode() -> None:
    ev = Evaluator(load_settings().capture)
    report = inspect("license_front", make_scene("license_front", 44, fill=0.35).image, ev).report
    assert staff_override(report, ["fill", "resolution_dpi"]) == ["fill", "resolution_dpi"]
    with pytest.raises(ChecksFailed, match=r"failed: resolution_dpi\)"):
        staff_override(report, ["fill"])
    with pytest.raises(OverrideRefused, match="names tilt, which did not fail"):
        staff_override(report, ["fill", "resolution_dpi", "tilt"])


def _submit(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, str]:
    capsys.readouterr()
    code = main(["submit", *argv])
    out, err = capsys.readouterr()
    return code, json.loads(out) if code == 0 else None, err


def test_submit_records_exactly_what_was_overridden(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    face = tmp_path / "face.png"
    cv2.imwrite(str(face), face_frame(size=(1920, 1080), scale=3.0, centre=(0.3, 0.5)))
    # A file is a scan by default: centring is a camera's guide, so nothing fails.
    code, out, err = _submit(capsys, "prospect", "--face", str(face))
    assert code == 0 and out["overrides"] == [], err
    camera = ["prospect", "--face", str(face), "--source", "camera"]
    code, _, err = _submit(capsys, *camera)
    assert code == 2 and "(failed: centered); name it in --force centered" in err
    code, _, err = _submit(capsys, *camera, "--force", "centered,yaw")
    assert code == 2 and err.count("\n") == 1
    assert "--force names yaw, which did not fail; failed: centered" in err
    code, out, err = _submit(capsys, *camera, "--force", "centered", "--override-reason", "staff")
    assert code == 0, err
    assert out["overrides"] == [{"kind": "face", "failedChecks": ["centered"], "reason": "staff"}]

    receipt = tmp_path / "receipt.png"
    cv2.imwrite(str(receipt), receipt_scene(read(RECEIPT_A), size=(2400, 1800), fill=0.8)[0])
    who = ["receipt", "--campaign", "sandbox-receipts", "--external-id", "cust-42"]
    code, out, err = _submit(capsys, *who, str(receipt))
    assert code == 0, err
    assert out["externalId"] == "cust-42" and out["sessionmExternalId"] != "cust-42"
    code, _, err = _submit(capsys, *who, "--force", "duplicate", str(receipt))
    assert code == 2 and "not forced: resubmit it with --resubmit --reason TEXT" in err
    code, _, err = _submit(capsys, *who, str(receipt))
    assert code == 2 and "(failed: duplicate); a receipt seen before goes again only" in err
    code, _, err = _submit(capsys, *who, "--resubmit", str(receipt))
    assert code == 2 and "--resubmit needs --reason TEXT" in err
    again = [*who, "--resubmit", "--reason", "the till printed it twice", str(receipt)]
    code, out, err = _submit(capsys, *again)
    assert code == 0, err
    assert out["overrides"] == [
        {"kind": "part 1", "failedChecks": ["duplicate"], "reason": "the till printed it twice"}
    ]
