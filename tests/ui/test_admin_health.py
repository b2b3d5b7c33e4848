"""The admin screen's health tab: ``kiosk health``'s verdict, one worded line per check."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.monitoring.health import Status
from kiosk.outbox.plans import Capture
from tests.ui.flow import WAIT_MS, click, find_button

VERDICTS = {Status.OK: "Pass", Status.WARNING: "Warn", Status.CRITICAL: "Fail"}


def _shown(health: Any) -> dict[str, str]:
    return {name: line.text() for name, line in health.lines.items()}


def test_admin_screen_shows_each_health_line_and_checks_again(qtbot: Any, make_kiosk: Any) -> None:
    kiosk = make_kiosk()
    w = kiosk.window
    core = kiosk.services.core
    w.open_admin()
    health = w.admin.health
    qtbot.waitUntil(lambda: health.health is not None, timeout=WAIT_MS)
    lines = _shown(health)
    assert "Outbox: nothing waiting, 0 failed" in lines["outbox"]
    assert "AmpliFi: " in lines["amplifi"] and "SessionM: " in lines["sessionm"]
    assert "Camera: " in lines["camera"]
    assert "Disk: " in lines["disk"] and "% free (" in lines["disk"]
    assert "Last delivery: never" in lines["last delivery"]
    assert "Files: all present" in lines["files"]
    # Each line carries the verdict kiosk health gives that check.
    for check in health.health.checks:
        assert VERDICTS[check.status] in lines[check.name], (check, lines[check.name])
    assert "Pass" in lines["outbox"] and "Pass" in lines["disk"]

    # Something goes wrong; the lines say so after "Check again".
    kiosk.ctx.delivery.stop()  # its probes would record the sandbox reachable again
    core.outbox.store.record_connectivity("amplifi", False, "server unreachable (test)")
    core.submit_prospect({"face": Capture(b"\xff\xd8jpeg", "image/jpeg", datetime.now(UTC))})
    store = core.outbox.store
    job = store.claim("test", 60)
    assert job is not None
    store.fail(job, "400 not a JPEG", "PermanentError")
    w.admin.tabs.setCurrentWidget(health)
    click(qtbot, find_button(w.admin, "health-again"))
    qtbot.waitUntil(lambda: "unreachable" in health.lines["amplifi"].text(), timeout=WAIT_MS)
    lines = _shown(health)
    assert "Warn" in lines["amplifi"] and "AmpliFi: unreachable" in lines["amplifi"]
    # The failed job's session request waits on it: one waiting, one failed.
    assert "Warn" in lines["outbox"] and "1 waiting (oldest" in lines["outbox"]
    assert lines["outbox"].endswith("1 failed")
    assert health.summary.text() == "Needs attention."
    assert [c.status for c in health.health.checks] == [c.status for c in core.health().checks]


def test_health_lines_in_spanish(qtbot: Any, make_kiosk: Any) -> None:
    kiosk = make_kiosk()
    w = kiosk.window
    click(qtbot, find_button(w.start, "lang-es"))
    w.open_admin()
    health = w.admin.health
    assert w.admin.tabs.tabText(w.admin.tabs.indexOf(health)) == "Diagnóstico"
    qtbot.waitUntil(lambda: health.health is not None, timeout=WAIT_MS)
    lines = _shown(health)
    assert "Correcto</span> · Bandeja de salida: nada en espera, 0 fallidos" in lines["outbox"]
    assert "Último envío: nunca" in lines["last delivery"]
    assert "Disco: " in lines["disk"] and "% libre (" in lines["disk"]
    assert find_button(w.admin, "health-again").text() == "Comprobar de nuevo"


def test_a_missing_face_model_shows_on_the_health_tab_before_any_customer(
    qtbot: Any, make_kiosk: Any, tmp_path: Path
) -> None:
    missing = tmp_path / "yunet_s_dynamic.onnx"
    kiosk = make_kiosk(face_model=missing)
    w = kiosk.window
    click(qtbot, find_button(w.start, "lang-es"))
    w.open_admin()
    health = w.admin.health
    qtbot.waitUntil(lambda: health.health is not None, timeout=WAIT_MS)
    line = _shown(health)["files"]
    assert "Falla" in line, line
    assert f"Archivos: falta modelo facial en {missing} (controles faciales no disponibles)" in line
    assert health.health.status.name == "CRITICAL"
