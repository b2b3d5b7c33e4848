"""``kiosk demo --windowed`` until its face step shows a review; prints that review as JSON.

Run as a script by tests/clone/test_clone_alone.py, in a copy of the repository with nothing
beside it: the app on its embedded defaults (demo camera, the demo's own sandbox), a person
tapping "New customer" and, if auto-capture has not fired, "Take photo now".
"""

from __future__ import annotations

import json
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from ui.app import make_application, run
from ui.window import KioskWindow

WAIT_S = 120.0  # a deadline for a loaded CI machine, not a speed requirement
MANUAL_AFTER_S = 20.0  # a person presses the button if the picture has not been taken by then


def main() -> int:
    """Drive the demo to the face review; print {"passed": ..., "checks": {...}}."""
    app = make_application()
    review: dict[str, object] = {}
    begun: list[float] = []
    deadline = time.monotonic() + WAIT_S
    poll = QTimer(interval=100)

    def tap(widget: object) -> None:
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]

    def tick() -> None:
        found = [w for w in QApplication.topLevelWidgets() if isinstance(w, KioskWindow)]
        window = found[0] if found else None
        if window is not None and not begun and window.start.customer_tile.isVisible():
            tap(window.start.customer_tile)
            begun.append(time.monotonic())
        elif window is not None and begun:
            step = window.customer.capture
            consent = window.customer.consent_page
            if window.customer.currentWidget() is consent and consent.agree.isVisible():
                tap(consent.agree)  # the privacy notice before the camera opens
            elif step.currentWidget() is step.review_page and step.picture is not None:
                report = step.picture.report
                review["kind"] = window.customer.steps[window.customer.index]
                review["passed"] = bool(report.passed) and step.picture.error is None
                review["checks"] = {c.name: bool(c.passed) for c in report.checks}
                review["accept_visible"] = step.accept_button.isVisible()
            elif time.monotonic() - begun[0] > MANUAL_AFTER_S and step.manual_button.isVisible():
                tap(step.manual_button)
        if review or time.monotonic() > deadline:
            poll.stop()
            if window is not None:
                window.allow_close = True
            app.exit(0)  # quit() would first ask the kiosk window, which refuses to close

    poll.timeout.connect(tick)
    poll.start()
    code = run("demo", None, windowed=True)
    print(json.dumps({"exit": code, "review": review}))
    return 0 if review else 1


if __name__ == "__main__":
    sys.exit(main())
