"""Taking the picture shows a large progress state until the review appears."""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtGui import QImage

from tests.ui.flow import WAIT_MS, click, wait_review


def _grey(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_Grayscale8)
    raw = np.frombuffer(image.constBits(), np.uint8, image.bytesPerLine() * image.height())
    return raw.reshape(image.height(), image.bytesPerLine())[:, : image.width()].copy()


def test_taking_the_picture_shows_a_large_progress_state(qtbot: Any, make_kiosk: Any) -> None:
    kiosk = make_kiosk(capture={"autocapture": {"stable_ms": 1e9, "manual_after_s": 0.1}})
    w = kiosk.window
    click(qtbot, w.start.customer_tile)
    step = w.customer.capture
    kiosk.services.camera.set_scene("receipt")  # nothing passes: only the manual capture
    qtbot.waitUntil(lambda: step.manual_button.isVisible(), timeout=WAIT_MS)
    click(qtbot, step.manual_button)
    # The picture is taken on another thread; until its result arrives the view says so.
    view = step.view
    assert view.busy_text == "Taking the picture…"
    during = _grey(view.grab().toImage())
    text, detail = view.busy_text, view.busy_detail
    view.set_busy("")
    plain = _grey(view.grab().toImage())  # the same frame without the progress state
    view.set_busy(text, detail)
    # The whole frame is dimmed behind a ring and large text, not one small line.
    changed = (np.abs(during.astype(int) - plain.astype(int)) > 20).mean()
    assert changed > 0.5
    wait_review(qtbot, step)
    assert step.view.busy_text == ""
    click(qtbot, step.retake_button)
    assert step.view.busy_text == ""
