"""``kiosk check`` and ``kiosk models``: output shape, exit codes, masking of document data."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import cv2
import pytest
from capture_scenes import MODELS, SAMPLES, face_frame

from kiosk.capture.models import KNOWN_MODELS, find_face_model, install_model
from kiosk.capture.result import CaptureReport, CheckResult
from kiosk.cli.check_cmd import mask_text, report_json
from kiosk.cli.main import main

TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    code = main(["check", *argv, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


def assert_shape(data: dict, kind: str) -> None:
    assert set(data) == {"kind", "source", "passed", "turned", "checks"}
    assert data["kind"] == kind and data["source"] in ("camera", "scan")
    assert data["turned"] in (0, 90, 180, 270)
    assert data["passed"] is all(c["passed"] for c in data["checks"])
    for check in data["checks"]:
        assert {"name", "passed", "value", "threshold", "instruction"} <= set(check)
        assert check["passed"] is (check["instruction"] == "")


def test_a_good_face_passes_with_exit_0(tmp_path: Path, capsys) -> None:
    path = tmp_path / "face.png"
    cv2.imwrite(str(path), face_frame())
    code, data = run_json(capsys, "--kind", "face", str(path))
    assert code == 0
    assert_shape(data, "face")
    assert data["passed"] is True
    count = next(c for c in data["checks"] if c["name"] == "face_count")
    assert count["value"] == 1


def test_two_faces_fail_with_exit_1(capsys) -> None:
    code, data = run_json(capsys, "--kind", "face", str(SAMPLES / "faces" / "fr_two_people.jpg"))
    assert code == 1
    assert_shape(data, "face")
    count = data["checks"][0]
    assert count["name"] == "face_count" and count["value"] == 2 and not count["passed"]


def test_receipt_json_names_the_sessionm_codes(capsys) -> None:
    path = SAMPLES / "receipts" / "softmatic_A_aldi_18042020_11_00883.jpg"
    code, data = run_json(capsys, "--kind", "receipt", "--source", "camera", str(path))
    assert code == 1  # judged as a camera frame: cropped to the paper, no visible edges
    assert_shape(data, "receipt")
    assert data["source"] == "camera"
    document = next(c for c in data["checks"] if c["name"] == "document")
    assert document["value"]["found"] is True and len(document["value"]["corners"]) == 4
    codes = {c["name"]: c.get("anticipates_invalid_code") for c in data["checks"]}
    assert codes["inside_frame"] == 2 and codes["receipt_like"] == 5 and codes["duplicate"] == 3


def test_plain_output_lists_every_check(capsys) -> None:
    code = main(["check", "--kind", "face", str(SAMPLES / "faces" / "dlib_dog_porch.jpg")])
    out = capsys.readouterr().out
    assert code == 1
    assert out.splitlines()[0] == "face (camera): FAILED"  # its EXIF names the camera
    assert "FAIL  face_count" in out and "Look at the camera" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b"hello, not an image\n", "not an image"), (b"\xff\xd8\xff\xe0junk", "")],
)
def test_a_bad_file_exits_2_with_one_line(tmp_path: Path, capsys, content, message) -> None:
    path = tmp_path / "bad.jpg"
    path.write_bytes(content)
    code = main(["check", "--kind", "receipt", str(path), "--json"])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"kiosk: error: {path}: ")
    assert message in lines[0]


def test_a_missing_file_exits_2(tmp_path: Path, capsys) -> None:
    assert main(["check", "--kind", "face", str(tmp_path / "nope.png")]) == 2
    assert "nope.png" in capsys.readouterr().err


def masked_report() -> CaptureReport:
    return CaptureReport(
        kind="passport",
        checks=[
            CheckResult("document", True, {"found": True}, True),
            CheckResult("mrz", True, TD3, "check digits", detail={"lines": TD3.split("\n")}),
            CheckResult("pdf417", False, "@\n\x1e\rANSI 636000100001DL", True, "x"),
        ],
    )


def test_document_data_is_masked_unless_revealed() -> None:
    masked = report_json(masked_report(), reveal=False)
    mrz = masked["checks"][1]
    assert mrz["value"].startswith("P<UTO*")
    assert "ERIKSSON" not in json.dumps(masked) and "L898902C3" not in json.dumps(masked)
    assert mrz["value"].count("\n") == 1 and len(mrz["value"]) == len(TD3)
    assert set(mrz["value"][5:].replace("\n", "")) == {"*"}
    assert "636000" not in masked["checks"][2]["value"]
    shown = report_json(masked_report(), reveal=True)
    assert shown["checks"][1]["value"] == TD3
    assert mask_text("abc") == "abc"


LABELS = json.loads((SAMPLES / "labels.json").read_text())


def named(data: dict, name: str) -> dict:
    return next(c for c in data["checks"] if c["name"] == name)


def test_passport_mrz_is_masked_unless_revealed(capsys) -> None:
    name = "mrz/passporteye_passport-td3.jpg"
    _, masked = run_json(capsys, "--kind", "passport", str(SAMPLES / name))
    assert_shape(masked, "passport")
    assert named(masked, "document")["value"]["found"] is True
    mrz = named(masked, "mrz")
    assert mrz["value"].startswith("P<UTO*") and "ERIKSSON" not in json.dumps(masked)
    _, shown = run_json(capsys, "--kind", "passport", str(SAMPLES / name), "--reveal")
    assert named(shown, "mrz")["value"] == LABELS[name]["mrz"]
    assert named(shown, "mrz")["passed"] is True


def test_licence_barcode_text_is_masked_unless_revealed(capsys) -> None:
    name = "pdf417/zxingcpp_pdf417-2_08.png"
    _, masked = run_json(capsys, "--kind", "license_back", str(SAMPLES / name))
    assert_shape(masked, "license_back")
    value = named(masked, "pdf417")["value"]
    assert value.startswith("A PDF*") and "ASCII" not in json.dumps(masked)
    _, shown = run_json(capsys, "--kind", "license_back", str(SAMPLES / name), "--reveal")
    assert named(shown, "pdf417")["value"] == LABELS[name]["pdf417"]


def test_models_install_verifies_and_copies(tmp_path: Path, capsys) -> None:
    source = MODELS / "yunet_s_dynamic.onnx"
    code = main(["models", "install", str(source), "--dest", str(tmp_path)])
    assert code == 0
    target = tmp_path / "yunet_s_dynamic.onnx"
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    assert digest == KNOWN_MODELS["yunet_s_dynamic.onnx"]
    capsys.readouterr()
    bogus = tmp_path / "bogus.onnx"
    bogus.write_bytes(b"not a model")
    assert main(["models", "install", str(bogus), "--dest", str(tmp_path / "x")]) == 2
    assert "matches none of the known models" in capsys.readouterr().err
    assert not (tmp_path / "x" / "bogus.onnx").exists()


def test_a_configured_model_is_used_and_a_missing_one_is_not_replaced(tmp_path: Path) -> None:
    installed = install_model(MODELS / "yunet_s_dynamic.onnx", tmp_path)
    assert find_face_model(installed) == installed
    assert find_face_model(tmp_path / "missing.onnx") is None
    assert find_face_model(None) is not None  # resources/models/ of the project


def test_models_show_names_the_model_in_use(tmp_path: Path, capsys, monkeypatch) -> None:
    assert main(["models", "show"]) == 0
    assert "checksum verified" in capsys.readouterr().out
    monkeypatch.setenv("KIOSK_FACE_MODEL", str(tmp_path / "missing.onnx"))
    assert main(["models", "show"]) == 1
    assert "Face checks unavailable: face model not found" in capsys.readouterr().out
