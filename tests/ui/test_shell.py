"""The kiosk shell: auto-capture only on good frames, idle timeout, PIN-gated exit, admin."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt

from kiosk.capture.autocapture import State
from kiosk.outbox.jobs import JobState
from tests.ui.conftest import PIN
from tests.ui.flow import WAIT_MS, click, confirm, find_button, wait_review


def _to_receipt_capture(qtbot: Any, w: Any) -> Any:
    click(qtbot, w.start.receipt_tile)
    w.receipt.keypad.type_text("5")
    click(qtbot, w.receipt.next_button)
    return w.receipt.capture


def test_autocapture_does_not_fire_on_bad_frames(qtbot: Any, make_kiosk: Any, dark_image: Path):
    kiosk = make_kiosk(camera={"source": str(dark_image), "fps": 15.0})
    step = _to_receipt_capture(qtbot, kiosk.window)
    processed = kiosk.ctx.preview.processed
    # Ten frames judged, and the latest verdict drawn (the view polls it on its own tick).
    qtbot.waitUntil(
        lambda: kiosk.ctx.preview.processed >= processed + 10 and step.view.passed is not None,
        timeout=WAIT_MS,
    )
    assert step.currentWidget() is step.preview_page
    assert step.auto.state is State.WAITING
    assert step.view.passed is False
    assert step.view.instruction  # one instruction telling the customer what to do
    assert not kiosk.ctx.runner.busy


def test_autocapture_fires_on_good_frames(qtbot: Any, make_kiosk: Any):
    kiosk = make_kiosk()
    step = _to_receipt_capture(qtbot, kiosk.window)
    wait_review(qtbot, step)
    assert step.auto.outcome is not None and not step.auto.outcome.manual
    assert step.accept_button.isVisible()


def test_idle_warns_one_tap_extends_then_it_wipes(qtbot: Any, make_kiosk: Any):
    kiosk = make_kiosk()
    w = kiosk.window
    step = _to_receipt_capture(qtbot, w)
    wait_review(qtbot, step)
    picture = step.picture
    assert picture is not None and picture.data
    # Short timeouts only once the picture is taken: on a loaded machine the capture
    # alone can outlast them, and the session would be wiped before it is checked.
    w.idle.timeout_ms, w.idle.warning_ms = 900, 500
    w.idle.poke()
    qtbot.waitUntil(lambda: w.overlay.isVisible(), timeout=WAIT_MS)
    assert w.current() is w.receipt  # warned, not yet wiped
    qtbot.mouseClick(w.overlay, Qt.MouseButton.LeftButton, pos=QPoint(600, 600))
    assert not w.overlay.isVisible()
    assert w.current() is w.receipt and picture.data
    qtbot.waitUntil(lambda: w.overlay.isVisible(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: w.current() is w.start, timeout=WAIT_MS)
    assert not w.overlay.isVisible()
    assert picture.data == b""
    assert w.receipt.visit.kept == {} and w.receipt.customer is None


def _five_taps(qtbot: Any, w: Any) -> None:
    target = w.stack.currentWidget()
    for _ in range(5):
        qtbot.mouseClick(target, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))


def test_pin_gates_exit(qtbot: Any, make_kiosk: Any):
    kiosk = make_kiosk()
    w = kiosk.window
    w.close()
    assert w.isVisible()  # closing without the PIN is refused
    for _ in range(4):
        qtbot.mouseClick(w.start, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    assert w.current() is w.start  # four taps are not the gesture
    qtbot.mouseClick(w.start, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    assert w.current() is w.pin
    w.pin.keypad.type_text("0000")
    w.pin.submit()
    assert w.current() is w.pin and w.pin.message.text() == "Wrong PIN"
    w.pin.keypad.type_text(PIN)
    w.pin.submit()
    assert w.current() is w.admin
    assert w.idle.armed  # an admin screen left open times out like a customer session
    click(qtbot, find_button(w.admin, "exit"))
    confirm(qtbot, w, yes=False)  # staff are asked first; "Stay" keeps the kiosk open
    assert not w.exited and w.current() is w.admin
    click(qtbot, find_button(w.admin, "exit"))
    confirm(qtbot, w)
    assert w.exited and not w.isVisible()


def test_admin_lists_failed_job_and_retries_it(qtbot: Any, make_kiosk: Any):
    kiosk = make_kiosk()
    w = kiosk.window
    store = kiosk.services.core.outbox.store
    _five_taps(qtbot, w)
    w.pin.keypad.type_text(PIN)
    w.pin.submit()
    assert w.current() is w.admin
    kiosk.ctx.delivery.stop()  # hold delivery still while the job is marked failed by hand
    from datetime import UTC, datetime

    from kiosk.outbox.plans import Capture

    plan = kiosk.services.core.submit_prospect(
        {"face": Capture(b"\xff\xd8jpeg", "image/jpeg", datetime.now(UTC))}
    )
    job = store.claim("test", 60)
    assert job is not None and job.submission == plan.reference
    store.fail(job, "AmpliFi refused the image (400)", "PermanentError")
    w.admin.refresh()
    qtbot.waitUntil(lambda: w.admin.table.rowCount() == 2, timeout=WAIT_MS)
    states = {w.admin.table.item(r, 3).text() for r in range(2)}
    assert "failed" in states
    reasons = [w.admin.table.item(r, 6).text() for r in range(2)]
    assert "AmpliFi refused the image (400)" in reasons
    row = reasons.index("AmpliFi refused the image (400)")
    w.admin.table.selectRow(row)
    w.admin.retry_selected()
    qtbot.waitUntil(lambda: store.get(job.id).state is JobState.PENDING, timeout=WAIT_MS)
    config = w.admin.config.as_text()
    assert "device_tag = test-device" in config
    assert "test-token" not in config and "test-key" not in config  # secrets masked
    assert PIN not in config
    assert "[amplifi]" in config and "token = **********" in config  # grouped, masked


def test_preview_says_when_the_camera_stops(qtbot: Any, make_kiosk: Any):
    kiosk = make_kiosk(capture={"autocapture": {"stable_ms": 1e9}})  # stay on the preview
    w = kiosk.window
    step = _to_receipt_capture(qtbot, w)
    qtbot.waitUntil(lambda: step.view.has_frame, timeout=WAIT_MS)
    kiosk.services.camera.close()  # as if unplugged for good
    qtbot.waitUntil(lambda: not step.view.has_frame, timeout=WAIT_MS)
    assert "camera is not available" in step.view.message
    qtbot.waitUntil(lambda: "Camera off" in w.strip.camera.text(), timeout=WAIT_MS)
