"""The app records its captures, failed checks and camera for the worker's metrics."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.monitoring import logs
from kiosk.monitoring.collector import KioskCollector
from tests.ui.flow import WAIT_MS, click, get_picture

REASON = "Verified in person by staff"


@pytest.fixture(autouse=True)
def _no_log_handlers_left() -> Iterator[None]:
    yield
    logs.reset()


def _samples(collector: KioskCollector) -> dict[tuple[str, tuple], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for m in collector.collect()
        for s in m.samples
    }


def test_a_visit_shows_in_the_capture_and_camera_metrics(
    qtbot: Any, make_kiosk: Any, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    kiosk = make_kiosk()
    services = kiosk.ctx.services
    log_file = tmp_path / "app.log"
    logging_settings = services.settings.logging.model_copy(update={"file": log_file})
    logs.configure(
        services.settings.model_copy(update={"logging": logging_settings}),
        process="run",
        stderr_level=logging.CRITICAL,
    )
    click(qtbot, kiosk.window.start.customer_tile)
    flow = kiosk.window.customer
    kiosk.services.camera.set_scene("receipt")  # no face in view: the face is overridden
    overridden = {}
    caplog.set_level(logging.INFO, logger="kiosk.monitoring")
    for key in flow.steps:
        overridden[key] = get_picture(qtbot, flow.capture, REASON)
    services.core.watch_camera(lambda: services.camera)
    collector = KioskCollector(services.settings.data_dir, services.settings.device_tag)
    qtbot.waitUntil(
        lambda: _samples(collector)[("kiosk_camera_state", (("state", "live"),))] == 1,
        timeout=WAIT_MS,
    )
    samples = _samples(collector)
    assert samples[("kiosk_captures_total", (("kind", "face"), ("outcome", "overridden")))] == 1
    assert (
        samples[("kiosk_capture_check_failures_total", (("check", "face_count"), ("kind", "face")))]
        >= 1
    )
    assert (
        sum(v for (name, _), v in samples.items() if name == "kiosk_capture_step_seconds_count")
        == 4
    )
    assert samples[("kiosk_app_up", ())] == 1
    assert samples[("kiosk_camera_fps", ())] > 0
    # The override is logged by its checks and reason code, never the reason's text.
    code = services.settings.app.override_reasons.index(REASON)
    lines = [r.getMessage() for r in caplog.records if "capture_overridden" in r.getMessage()]
    assert any("kind=face" in line and f"reason_code={code}" in line for line in lines)
    assert not any(REASON in line for line in lines)
    assert overridden["face"] is True
    click(qtbot, flow.submit_button)
    qtbot.waitUntil(lambda: flow.currentWidget() is flow.done_page, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: flow.done_page.delivery.text().startswith("Sent"), timeout=WAIT_MS)
    logs.reset()
    text = log_file.read_text()
    assert f"reference={flow.done_page.reference.text()}" in text
    assert "event=submission_queued" in text and "kinds=face,license_front" in text
    assert f"reason_code={code}" in text
    # The demo card's licence record and the override's text are never in the log.
    assert "SPECIMEN" not in text and "D0000000" not in text and "ANSI 636000" not in text
    assert REASON not in text
    assert not re.search(r"[A-Za-z0-9+/]{64,}", text)
