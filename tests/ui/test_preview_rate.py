"""The preview shows every frame but runs the live checks at most LIVE_CHECK_HZ a second."""

from __future__ import annotations

import time
from typing import Any

import ui.preview as preview
from kiosk.config import load_settings
from kiosk.runtime import open_camera
from ui.preview import PreviewWorker


def test_frames_between_checks_are_shown_without_a_result(monkeypatch: Any) -> None:
    monkeypatch.setattr(preview, "LIVE_CHECK_HZ", 1e-3)  # one check in 1000 s: the first
    settings = load_settings(None, device_tag="test", camera={"source": "demo", "demo_fps": 30.0})
    camera, _ = open_camera(settings)
    worker = PreviewWorker(settings)
    worker.set_kind("face")
    worker.set_source(camera)
    worker.start()
    try:
        seen: dict[int, bool] = {}
        deadline = time.monotonic() + 20
        while len(seen) < 8 and time.monotonic() < deadline:
            state = worker.latest()
            if state is not None:
                seen[state.frame.seq] = state.result is not None
            time.sleep(0.005)
    finally:
        worker.stop()
        camera.close()
    # Every frame reached the view; at most the first one came with live checks.
    assert len(seen) >= 6
    checked = [seq for seq, has_result in seen.items() if has_result]
    assert checked in ([], [min(seen)])
    assert sum(not has_result for has_result in seen.values()) >= 5
