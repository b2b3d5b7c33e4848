"""A server that is gone or answers 5xx is not "online" anywhere: the status strip, the admin
Health tab, `kiosk health` and `kiosk queue status` all say so, and "online" again once it
answers. The demo starts its sandbox again when it dies."""

from __future__ import annotations

import os
import signal
from datetime import UTC, datetime
from typing import Any

import cv2
import numpy as np
import pytest

from kiosk.cli.main import main
from kiosk.outbox.jobs import JobState
from kiosk.outbox.plans import Capture
from kiosk.outbox.reach import ReachState
from kiosk.sandbox.child import SandboxProcess
from kiosk.sandbox.server import SandboxOptions, SandboxServer
from tests.ui.flow import WAIT_MS, click, find_button

JPEG = cv2.imencode(".jpg", np.full((480, 640, 3), 128, np.uint8))[1].tobytes()


def _queue(kiosk: Any) -> str:
    plan = kiosk.services.core.submit_prospect(
        {"face": Capture(JPEG, "image/jpeg", datetime.now(UTC))}
    )
    return plan.reference


def _delivered(kiosk: Any, reference: str) -> bool:
    jobs = kiosk.services.core.outbox.store.jobs(submission=reference)
    return {j.state for j in jobs} == {JobState.DONE}


def _surfaces(qtbot: Any, kiosk: Any, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    """What each of the four surfaces says of AmpliFi now."""
    w = kiosk.window
    w.refresh_status()
    health = w.admin.health
    health.health = None
    click(qtbot, find_button(w.admin, "health-again"))
    qtbot.waitUntil(lambda: health.health is not None, timeout=WAIT_MS)
    capsys.readouterr()
    code = main(["health"])
    kiosk_health = f"{code} {capsys.readouterr().out.strip()}"
    assert main(["queue", "status"]) == 0
    status = capsys.readouterr().out.splitlines()[1]
    return {
        "strip": w.strip.network.text(),
        "tab": f"{health.summary.text()} {health.lines['amplifi'].text()}",
        "kiosk health": kiosk_health,
        "queue status": status,
    }


def test_a_failing_or_dead_server_is_not_online_anywhere(
    qtbot: Any, make_kiosk: Any, sandbox: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    kiosk = make_kiosk()
    w = kiosk.window
    w.open_admin()
    w.admin.tabs.setCurrentWidget(w.admin.health)
    qtbot.waitUntil(lambda: w.strip.online is True, timeout=WAIT_MS)

    # The server answers 5xx to every call: degraded, everywhere.
    sandbox.set_faults("5xx=1")
    reference = _queue(kiosk)
    qtbot.waitUntil(lambda: w.strip.state is ReachState.DEGRADED, timeout=WAIT_MS)
    said = _surfaces(qtbot, kiosk, capsys)
    assert "Degraded: the server is failing" in said["strip"] and w.strip.online is False
    assert said["tab"].startswith("Needs attention.")
    assert "AmpliFi: degraded: the server fails or does not reply" in said["tab"]
    assert said["kiosk health"].startswith("1 KIOSK WARNING")
    assert "amplifi: degraded (server errors or no reply)" in said["kiosk health"]
    assert said["queue status"].startswith("amplifi: degraded since")
    assert "503 server error" in said["queue status"]

    # It answers again: the job is delivered and every surface says online.
    sandbox.set_faults("")
    qtbot.waitUntil(lambda: _delivered(kiosk, reference), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: w.strip.state is ReachState.ONLINE, timeout=WAIT_MS)
    said = _surfaces(qtbot, kiosk, capsys)
    assert "Online" in said["strip"]
    assert "AmpliFi: reachable" in said["tab"]
    assert "amplifi: reachable" in said["kiosk health"]
    assert said["queue status"].startswith("amplifi: online since")

    # The server is gone (its process killed): offline, everywhere.
    port = sandbox.port
    sandbox.stop()
    reference = _queue(kiosk)
    qtbot.waitUntil(lambda: w.strip.state is ReachState.OFFLINE, timeout=WAIT_MS)
    said = _surfaces(qtbot, kiosk, capsys)
    assert "Offline" in said["strip"]
    assert said["tab"].startswith("Needs attention.") and "AmpliFi: unreachable" in said["tab"]
    assert said["kiosk health"].startswith("1 KIOSK WARNING")
    assert "amplifi: unreachable" in said["kiosk health"]
    assert said["queue status"].startswith("amplifi: offline since")

    # Back on the same address: delivered, online.
    with SandboxServer(SandboxOptions(port=port, validation_delay=0.0)):
        qtbot.waitUntil(lambda: _delivered(kiosk, reference), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: w.strip.state is ReachState.ONLINE, timeout=WAIT_MS)
        said = _surfaces(qtbot, kiosk, capsys)
        assert "Online" in said["strip"] and "AmpliFi: reachable" in said["tab"]
        assert said["queue status"].startswith("amplifi: online since")


def test_the_demo_starts_its_sandbox_again_when_it_dies(qtbot: Any, make_kiosk: Any) -> None:
    child = SandboxProcess(validation_delay=0.0).start()
    kiosk = make_kiosk(amplifi={"base_url": child.url}, sessionm={"base_url": child.url})
    kiosk.services.sandbox = child  # as build_kiosk("demo") sets it
    strip = kiosk.window.strip
    qtbot.waitUntil(lambda: strip.online is True, timeout=WAIT_MS)
    first = child.pid
    assert first is not None
    os.kill(first, signal.SIGKILL)
    # The app's status timer finds it dead and starts another on the same socket.
    qtbot.waitUntil(lambda: child.pid not in (None, first), timeout=WAIT_MS)
    assert child.restarts == 1
    reference = _queue(kiosk)
    qtbot.waitUntil(lambda: _delivered(kiosk, reference), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: strip.state is ReachState.ONLINE, timeout=WAIT_MS)
    assert "Online" in strip.network.text()
