"""The review screen's list of checks: the failed check heads it, seen without scrolling."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kiosk.capture.result import CheckResult
from ui.widgets.checks_list import ChecksList


def test_failed_checks_head_the_review_list(qtbot: QtBot) -> None:
    checks = [
        CheckResult("found", True, True, True),
        CheckResult("aspect_ratio", True, 1.42, [1.3, 1.5]),
        CheckResult("mrz_band", True, {"found": True}, "located"),
        CheckResult("mrz", False, None, "ICAO 9303", "Hold the passport still and flat"),
    ]
    view = ChecksList()
    qtbot.addWidget(view)
    view.show_checks(checks)
    rows = [w.text() for w in view.widget().findChildren(QLabel) if w.objectName() == "checkRow"]
    assert len(rows) == 4
    assert rows[0].startswith("Passport code read")
    assert "Hold the passport still and flat" in rows[0]
    marks = [w.text() for w in view.widget().findChildren(QLabel) if w.text() in ("✔", "✘")]
    assert marks == ["✘", "✔", "✔", "✔"]
