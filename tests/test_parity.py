"""Both doors, one pipeline: ``kiosk submit`` and the app's capture upload the same bytes.

Each kind's frame goes once through the command line (a PNG file whose modification time
is the capture time) and once through the app's capture thread (pytest-qt), with the same
fixed capture time; the queued image and the app's picture must be byte-identical.
"""

from __future__ import annotations

import json
import os
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

from kiosk.capture.detect.geometry import ID1
from kiosk.cli.main import main
from kiosk.config import load_settings
from kiosk.kinds import KINDS, prospect_kinds
from kiosk.outbox.outbox import Outbox
from kiosk.outbox.plans import iso_millis
from ui.capture_task import CaptureRunner, TakenPicture

CAPTURED_AT = datetime(2026, 11, 30, 9, 30, 15, 250000, tzinfo=UTC)


def frames() -> dict[str, np.ndarray]:
    """A frame per kind: a real face and receipt, generated documents on a cluttered desk."""
    receipt, _ = receipt_scene(read(RECEIPT_A), size=(2400, 1800), fill=0.8)
    return {
        "face": face_frame(size=(1920, 1080), scale=3.0),
        "license_front": make_scene("license_front", 31).image,
        "license_back": make_scene("license_back", 32).image,
        "passport": make_scene("passport", 33).image,
        "receipt": receipt,
    }


def through_the_app(qtbot: Any, kind: str, image: np.ndarray) -> TakenPicture:
    """The app's capture thread on one frame, as a capture step starts it."""
    runner = CaptureRunner(load_settings())
    try:
        with qtbot.waitSignal(runner.finished, timeout=120_000) as blocker:
            runner.take(kind, image, None, CAPTURED_AT)
    finally:
        runner.shutdown()
    picture = blocker.args[0]
    assert isinstance(picture, TakenPicture) and picture.error is None, picture.error
    return picture


def written(folder: Path, kind: str, image: np.ndarray) -> Path:
    """The frame as a lossless file taken at CAPTURED_AT (its modification time)."""
    path = folder / f"{kind}.png"
    assert cv2.imwrite(str(path), image)
    stamp = CAPTURED_AT.timestamp()
    os.utime(path, (stamp, stamp))
    return path


def submit(capsys: pytest.CaptureFixture[str], *argv: str, force: set[str]) -> dict[str, Any]:
    """Submit as camera frames (as the app judges them), overriding the checks named."""
    capsys.readouterr()
    named = ["--force", ",".join(sorted(force))] if force else []
    code = main(["submit", *argv, "--source", "camera", *named])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def queued_images(reference: str) -> dict[str, tuple[bytes, dict[str, Any]]]:
    """The queued jobs' decrypted images by image id, with their payloads."""
    with Outbox(load_settings()) as outbox:
        jobs = outbox.store.jobs(submission=reference)
        return {
            job.payload.get("AFiImageId") or job.payload["image_id"]: (
                outbox.store.image(job),
                job.payload,
            )
            for job in jobs
            if job.blob_id is not None
        }


def test_every_kind_uploads_the_same_bytes_through_both_doors(
    qtbot: Any, sandbox_env: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    images = frames()
    assert set(images) == set(KINDS)
    app = {kind: through_the_app(qtbot, kind, image) for kind, image in images.items()}

    files = {kind: written(tmp_path, kind, image) for kind, image in images.items()}
    options = [a for k in prospect_kinds() for a in (k.option, str(files[k.id]))]
    failed = {k: {c.name for c in p.report.checks if not c.passed} for k, p in app.items()}
    prospect_failed = set().union(*(failed[k.id] for k in prospect_kinds()))
    prospect = submit(capsys, "prospect", *options, force=prospect_failed)
    receipt = submit(
        capsys, "receipt", "--campaign", "sandbox-receipts", "--user-id", "u1",
        str(files["receipt"]), force=failed["receipt"],
    )  # fmt: skip

    cli: dict[str, bytes] = {}
    queued = queued_images(prospect["reference"])
    for image in prospect["images"]:
        data, payload = queued[image["AFiImageId"]]
        cli[image["kind"]] = data
        assert payload["dtsCreated"] == iso_millis(CAPTURED_AT)
        assert image["checksPassed"] == app[image["kind"]].report.passed, image["kind"]
    [(data, _)] = queued_images(receipt["reference"]).values()
    cli["receipt"] = data

    for kind, picture in app.items():
        assert picture.captured_at == CAPTURED_AT
        assert cli[kind] == picture.data, f"{kind}: the doors uploaded different bytes"


def test_a_licence_on_a_desk_is_uploaded_as_the_flattened_card(
    qtbot: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scene = make_scene("license_front", 34, fill=0.62)  # a card on a cluttered desk
    frame_h, frame_w = scene.image.shape[:2]
    picture = through_the_app(qtbot, "license_front", scene.image)
    path = written(tmp_path, "desk", scene.image)
    out = submit(
        capsys, "prospect", "--license-front", str(path),
        force={c.name for c in picture.report.checks if not c.passed},
    )  # fmt: skip
    [(cli_bytes, _)] = queued_images(out["reference"]).values()
    for door, data in (("app", picture.data), ("cli", cli_bytes)):
        card = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
        h, w = card.shape[:2]
        assert abs((w / h) / ID1.aspect - 1) <= 0.02, (door, w, h)
        # The card, not the desk: no wider than the card appears in the frame.
        assert w <= 0.7 * frame_w and h < frame_h, (door, w, h)
