"""The wheel carries the face model and the other resources as package data, and a kiosk
installed from it (not from a checkout) finds them."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from kiosk.capture.models import KNOWN_MODELS

REPO = Path(__file__).resolve().parents[2]
MODEL = "kiosk/resources/models/yunet_s_dynamic.onnx"


def test_the_wheel_carries_the_model_and_an_install_from_it_finds_it(tmp_path: Path) -> None:
    pip = [sys.executable, "-m", "pip"]
    dist = tmp_path / "dist"
    built = subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist), str(REPO)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    (wheel,) = dist.glob("branch_kiosk-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        digest = hashlib.sha256(archive.read(MODEL)).hexdigest()
    assert digest == KNOWN_MODELS["yunet_s_dynamic.onnx"]
    for needed in (
        "kiosk/resources/models/LICENSE-yunet.txt",
        "kiosk/resources/style/kiosk.qss",
        "kiosk/resources/i18n/kiosk_es.qm",
        "kiosk/resources/demo/portrait.jpg",
        "kiosk/resources/icons/app.svg",
    ):
        assert needed in names, needed

    target = tmp_path / "site"
    installed = subprocess.run(
        [*pip, "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert installed.returncode == 0, installed.stderr[-3000:]
    env = {**os.environ, "PYTHONPATH": str(target)}
    env.pop("KIOSK_FACE_MODEL", None)
    script = (
        "import kiosk; from kiosk.capture.models import find_face_model; "
        "from kiosk.resource_files import missing_files; m = find_face_model(); "
        "print(kiosk.__file__); print(m); print(len(missing_files(m)))"
    )
    probe = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert probe.returncode == 0, probe.stderr
    module, model, missing = probe.stdout.split()
    assert Path(module).is_relative_to(target) and Path(model).is_relative_to(target)
    assert missing == "0"
