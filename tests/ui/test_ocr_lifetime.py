"""Heavy models live only as long as the work that needs them: the OCR engine in a child
process from the passport step's start to its end, the capture thread's face detector for
one picture (the live preview keeps its own)."""

from __future__ import annotations

from typing import Any

from tests.processes import alive
from tests.ui.conftest import PIN
from tests.ui.flow import WAIT_MS, click, confirm, take_by_hand


def test_the_ocr_process_lives_for_the_passport_step(qtbot: Any, make_kiosk: Any) -> None:
    kiosk = make_kiosk(app={"admin_pin": PIN, "prospect_steps": ["face", "passport"]})
    w = kiosk.window
    runner = w.ctx.runner
    click(qtbot, w.start.customer_tile)
    step = w.customer.capture
    assert step.kind == "face"
    assert runner.ocr_pid is None  # not at start-up, not for the face
    w.customer.index = 1
    w.customer._begin_step()  # the passport step begins
    assert step.kind == "passport"
    qtbot.waitUntil(lambda: runner.ocr_pid is not None, timeout=WAIT_MS)
    pid = runner.ocr_pid
    take_by_hand(qtbot, step)
    mrz = next(c for c in step.picture.report.checks if c.name == "mrz")
    assert mrz.passed  # the demo page's MRZ, read and verified in the child
    assert runner.ocr_pid == pid
    click(qtbot, step.review_cancel)  # the visit ends in the passport step
    confirm(qtbot, w)  # a picture is on review: Cancel asks first
    assert w.current() is w.start
    qtbot.waitUntil(lambda: runner.ocr_pid is None and not alive(pid), timeout=WAIT_MS)


def test_the_capture_detector_is_dropped_after_each_picture(qtbot: Any, make_kiosk: Any) -> None:
    kiosk = make_kiosk(app={"admin_pin": PIN, "prospect_steps": ["face"]})
    w = kiosk.window
    click(qtbot, w.start.customer_tile)
    step = w.customer.capture
    take_by_hand(qtbot, step)
    # The picture was checked with a detector (a face was found and measured)...
    names = {c.name for c in step.picture.report.checks}
    assert "face_count" in names and step.picture.report.subject is not None
    # ...that the capture thread no longer holds; the preview's own is untouched.
    # (the visit's: the kiosk's evaluator, used on the capture thread only)
    visit_evaluator = w.customer.visit.evaluator
    assert visit_evaluator is w.ctx.services.evaluator and visit_evaluator._detector is None
    assert visit_evaluator is not step.preview._evaluator
