"""``kiosk camera list`` and ``kiosk camera test``, run through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import pytest

from kiosk.camera.demo import DemoScenePainter
from kiosk.cli.main import main
from kiosk.imaging.decode import decode_image


def test_camera_list_without_a_camera(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["camera", "list"]) == 0
    out = capsys.readouterr()
    assert "no camera found; the demo camera is available" in out.out
    assert "WARN" not in out.err
    assert main(["camera", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"devices": [], "demo_available": True}


def test_camera_test_demo_reports_resolution_fps_focus_and_card_dpi(
    capsys: pytest.CaptureFixture[str], kiosk_env: Path
) -> None:
    assert main(["camera", "test", "--source", "demo", "--seconds", "0.5", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["is_demo"] is True and report["kind"] == "demo"
    assert (report["width"], report["height"]) == (1280, 720)
    assert report["frames"] >= 1 and report["fps"] > 0
    assert report["focus"] > 100  # a sharp synthetic scene
    card = report["card"]
    assert card is not None, "the demo card must be measured"
    # The demo card is about 62 % of 1280 px wide: ~9.3 px/mm, ~235 dpi.
    assert card["px_per_mm"] == pytest.approx(1280 * 0.62 / 85.6, rel=0.05)
    assert card["dpi"] == pytest.approx(card["px_per_mm"] * 25.4, rel=0.001)
    saved = Path(report["saved"])
    assert saved.parent == kiosk_env and saved.suffix == ".jpg"
    assert decode_image(saved.read_bytes()).shape == (720, 1280, 3)
    assert report["saved_bytes"] == saved.stat().st_size
    # The admin camera tab's verdict: the demo camera is ready, below the recommended width.
    verdict = report["verdict"]
    assert verdict["passed"] is True
    assert verdict["summary"] == "ready for captures (below the recommended resolution)"


def test_camera_test_text_output_and_out_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "frame.png"
    assert main(["camera", "test", "--source", "demo", "--seconds", "0.3", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "DEMO CAMERA" in text and "1280x720" in text and "dpi" in text
    assert "verdict:    PASS: ready for captures" in text
    assert out.read_bytes().startswith(b"\x89PNG")


def test_camera_test_an_image_without_a_card(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    desk = DemoScenePainter().background
    path = tmp_path / "desk.png"
    cv2.imwrite(str(path), desk)
    assert main(["camera", "test", "--source", str(path), "--seconds", "0.3", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["kind"] == "images" and report["is_demo"] is False
    assert report["card"] is None  # nothing card-shaped: no dpi claimed
    blurred = cv2.GaussianBlur(desk, (0, 0), 4)
    cv2.imwrite(str(path), blurred)
    assert main(["camera", "test", "--source", str(path), "--seconds", "0.3", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["focus"] < report["focus"] / 4


def test_camera_test_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["camera", "test", "--source", "7", "--seconds", "0.2"]) == 1
    assert "could not open camera 7" in capsys.readouterr().err
    assert main(["camera", "test", "--source", str(tmp_path / "none.mp4")]) == 1
    assert "is not 'auto', 'demo'" in capsys.readouterr().err
    out = tmp_path / "frame.bmp"
    assert main(["camera", "test", "--source", "demo", "--out", str(out)]) == 2
    assert "use a .jpg, .png, .tif or .pdf" in capsys.readouterr().err
    assert not out.exists()
