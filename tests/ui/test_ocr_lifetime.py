"""The OCR engine is loaded on the capture thread when the passport step begins and dropped
when it ends, so the rest of the visit does not carry it."""

from __future__ import annotations

from typing import Any

from kiosk.capture.readers.ocr import get_ocr
from tests.ui.conftest import PIN
from tests.ui.flow import WAIT_MS, click


def test_ocr_lives_only_for_the_passport_step(qtbot: Any, make_kiosk: Any) -> None:
    get_ocr.cache_clear()
    kiosk = make_kiosk(app={"admin_pin": PIN, "prospect_steps": ["face", "passport"]})
    w = kiosk.window
    click(qtbot, w.start.customer_tile)
    step = w.customer.capture
    assert step.kind == "face"
    assert get_ocr.cache_info().currsize == 0  # not at start-up, not for the face
    w.customer.index = 1
    w.customer._begin_step()  # the passport step begins
    assert step.kind == "passport"
    qtbot.waitUntil(lambda: get_ocr.cache_info().currsize == 1, timeout=WAIT_MS)
    click(qtbot, step.cancel_button)  # the visit ends in the passport step
    assert w.current() is w.start
    qtbot.waitUntil(lambda: get_ocr.cache_info().currsize == 0, timeout=WAIT_MS)
