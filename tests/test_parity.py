"""Both doors, one visit: ``kiosk submit`` and the app's capture judge and upload alike.

Each kind's frame goes once through the command line (a PNG file whose modification time
is the capture time) and once through the app's capture thread (pytest-qt) in a visit,
with the same fixed capture time; the queued image and the app's picture must be
byte-identical. Several pictures of one visit (a licence's sides, a receipt's parts) get
the same verdicts through both doors, the checks that compare them included.
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
from visit_scenes import licence_back, licence_front, receipt_parts

from kiosk.capture.detect.geometry import ID1
from kiosk.cli.main import main
from kiosk.config import load_settings
from kiosk.kinds import KINDS, prospect_kinds
from kiosk.outbox.outbox import Outbox
from kiosk.outbox.plans import iso_millis
from kiosk.picture import TakenPicture
from kiosk.runtime import Kiosk
from kiosk.visit import Visit
from ui.capture_task import CaptureRunner

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


def taken_in(qtbot: Any, runner: CaptureRunner, visit: Visit, kind: str, image: np.ndarray):
    """The app's capture thread on one frame of a visit, as a capture step starts it."""
    with qtbot.waitSignal(runner.finished, timeout=120_000) as blocker:
        runner.take(visit, kind, image, CAPTURED_AT)
    picture = blocker.args[0]
    assert isinstance(picture, TakenPicture) and picture.error is None, picture.error
    return picture


def through_the_app(qtbot: Any, kind: str, image: np.ndarray) -> TakenPicture:
    """One frame, the first picture of a visit of its own."""
    with Kiosk.for_settings(load_settings()) as kiosk:
        runner = CaptureRunner()
        purpose = "receipt" if kind == "receipt" else "prospect"
        try:
            return taken_in(qtbot, runner, kiosk.visit(purpose, [kind]), kind, image)
        finally:
            runner.shutdown()


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


def visit_scenes() -> dict[str, tuple[str, list[tuple[str, np.ndarray]]]]:
    """Visits of several pictures: (purpose, [(kind, frame)]) in the order taken."""
    front, back = ("license_front", licence_front()), ("license_back", licence_back())
    return {
        "licence": ("prospect", [front, back]),
        "licence back is the front again": ("prospect", [front, ("license_back", front[1])]),
        "receipt parts overlap": ("receipt", [("receipt", f) for f in receipt_parts(True)]),
        "receipt parts with a gap": ("receipt", [("receipt", f) for f in receipt_parts(False)]),
    }


def app_verdicts(qtbot: Any, purpose: str, frames: list[tuple[str, np.ndarray]]) -> dict:
    """The app's visit: each picture's failed checks by step, each kept (staff override
    naming every failed check when one failed) before the next is taken."""
    verdicts: dict[str, set[str]] = {}
    with Kiosk.for_settings(load_settings()) as kiosk:
        runner = CaptureRunner()
        visit = kiosk.visit(purpose, [kind for kind, _ in frames])
        try:
            for kind, frame in frames:
                picture = taken_in(qtbot, runner, visit, kind, frame)
                bad = {c.name for c in picture.report.checks if not c.passed}
                key = visit.override(bad, "staff") if bad else visit.keep(picture)
                verdicts[key] = bad
        finally:
            runner.shutdown()
    return verdicts


@pytest.mark.parametrize(
    "scene",
    [
        "licence",
        "licence back is the front again",
        "receipt parts overlap",
        "receipt parts with a gap",
    ],
)
def test_a_visit_gets_the_same_verdicts_through_both_doors(
    scene: str, qtbot: Any, sandbox_env: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    purpose, frames = visit_scenes()[scene]
    app = app_verdicts(qtbot, purpose, frames)
    # The visit checks are judged by both doors, and tell these scenes apart.
    compared = {"licence": set(), "licence back is the front again": {"other_side"}}
    compared |= {"receipt parts overlap": set(), "receipt parts with a gap": {"part_overlap"}}
    assert set().union(*app.values()) & {"other_side", "part_overlap"} == compared[scene]

    paths = [written(tmp_path, f"{n}-{kind}", frame) for n, (kind, frame) in enumerate(frames)]
    if purpose == "prospect":
        options = [f"--{kind.replace('_', '-')}" for kind, _ in frames]
        argv = [
            "prospect",
            *[a for pair in zip(options, map(str, paths), strict=True) for a in pair],
        ]
    else:
        who = ["--campaign", "sandbox-receipts", "--user-id", "u1"]
        argv = ["receipt", *who, *map(str, paths)]
    refused = {name for bad in app.values() for name in bad}
    capsys.readouterr()
    code = main(["submit", *argv, "--source", "camera"])
    out, err = capsys.readouterr()
    if refused:
        # Refused as the app refuses it: the first failing file named with what failed.
        first = next(n for n, bad in enumerate(app.values()) if bad)
        assert code == 2 and out == "", err
        assert str(paths[first]) in err
        assert all(name in err for name in app[list(app)[first]]), err
        # Queued once every failed check is named, as staff override them in the app.
        queued = submit(capsys, *argv, force=refused)
    else:
        assert code == 0, err
        queued = json.loads(out)
    cli = {o["kind"].replace(" ", ""): set(o["failedChecks"]) for o in queued["overrides"]}
    assert cli == {key: bad for key, bad in app.items() if bad}
