"""Staff meters: off for customers until staff turn them on (remembered), beside the preview
and never over it, and every line in full in both languages on both kiosk screens."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication

from kiosk.capture.meters import KNOWN_CHECKS, meter
from kiosk.capture.result import CheckResult
from tests.ui.flow import WAIT_MS, click, find_button
from ui.prefs import StaffPrefs

# The live checks of each kind, with long values that fail (the longest text each can show).
_BOX = {"found": True, "share": 0.0412}
_LIVE = {
    "face": [
        CheckResult("face_count", False, 3, 1),
        CheckResult("eye_distance", False, 1234.5, 90.0),
        CheckResult("centered", False, [-0.384, 0.271], [0.1, 0.15]),
        CheckResult("roll", False, 28.44, 8.0),
        CheckResult("yaw", False, 38.41, 10.0),
        CheckResult("exposure", False, 253.7, [40.0, 215.0]),
        CheckResult("highlights", False, 0.3456, 0.01),
        CheckResult("sharpness", False, 12345.6, 100.0),
        CheckResult("motion", False, 123.45, 4.0),
    ],
    "license_back": [
        CheckResult("document", True, {"found": True}, {"aspect": 1.586}),
        CheckResult("inside_frame", False, 0.0012, 0.03),
        CheckResult("aspect_ratio", False, 1.234, {"expected": 1.586, "tolerance": 0.055}),
        CheckResult("fill", False, 0.987, {"min": 0.6, "max": 0.95}),
        CheckResult("tilt", False, 44.44, 10.0),
        CheckResult("glare", False, 0.4567, 0.01),
        CheckResult("resolution_dpi", False, 123.4, 227.9),
        CheckResult("sharpness", False, 12.3, 100.0),
        CheckResult("exposure", False, 253.7, [40.0, 215.0]),
        CheckResult("barcode", False, _BOX, {"min_share": 0.1, "min_width": 0.45}),
        CheckResult("motion", False, 123.45, 4.0),
    ],
    "receipt": [
        CheckResult("document", False, {"found": False}, True),
        CheckResult("receipt_like", False, {"paper": 0.123}, {"paper_min": 0.45}),
        CheckResult("resolution", False, 319.2, 470.0),
        CheckResult("exposure", False, 3.7, [40.0, 215.0]),
        CheckResult("glare", False, 0.4567, 0.01),
        CheckResult("sharpness", False, 12.3, 100.0),
        CheckResult("duplicate", False, 0.987, 0.9),
        CheckResult("motion", False, 123.45, 4.0),
    ],
    # What only the full-resolution picture checks, and the unavailable ones.
    "picture": [
        CheckResult("pdf417", False, None, "decoded"),
        CheckResult("aamva", False, {}, {}),
        CheckResult("mrz_band", False, {"found": False}, "located"),
        CheckResult("mrz", False, None, "ICAO 9303"),
        CheckResult("part_overlap", False, 0.123, 0.2),
        CheckResult("other_side", False, 0.987, 0.844),
        CheckResult("portrait", False, 0, 1),
        CheckResult("face_model", False, None, "yunet"),
        CheckResult("checks", False, None, None),
        CheckResult("some_new_check", False, 1.0, 2.0),
    ],
}


def test_the_samples_cover_every_check_with_a_meter() -> None:
    named = {c.name for checks in _LIVE.values() for c in checks}
    assert set(KNOWN_CHECKS) <= named


def _open_meters(qtbot: Any, make_kiosk: Any) -> Any:
    kiosk = make_kiosk()
    kiosk.ctx.prefs.set_show_meters(True)
    return kiosk


def test_meters_are_off_until_staff_turn_them_on_and_the_kiosk_remembers(
    qtbot: Any, make_kiosk: Any
) -> None:
    kiosk = make_kiosk()
    w = kiosk.window
    click(qtbot, w.start.customer_tile)
    step = w.customer.capture
    qtbot.waitUntil(lambda: step.view.has_frame, timeout=WAIT_MS)
    assert not step.meters.isVisible()  # a customer sees no meters
    click(qtbot, step.cancel_button)
    w.open_admin()
    toggle = find_button(w.admin, "meters")
    w.admin.tabs.setCurrentIndex(1)
    click(qtbot, toggle)
    assert toggle.isChecked()
    # Remembered in the data dir: a restarted kiosk shows them too.
    assert StaffPrefs.load(kiosk.services.settings.data_dir).show_meters
    w.go_start()
    click(qtbot, w.start.customer_tile)
    qtbot.waitUntil(
        lambda: bool(step.meters.rows) and step.meters.rows[0].name.isVisible(), timeout=WAIT_MS
    )
    assert step.meters.isVisible()
    # Beside the preview, never over it.
    view = step.view.geometry()
    panel = step.meters.geometry()
    assert step.view.parentWidget() is step.meters.parentWidget()
    assert not view.intersects(panel) and panel.left() >= view.right()


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
@pytest.mark.parametrize("language", ["en", "es"])
def test_no_meter_is_elided_or_cut_off(
    qtbot: Any, make_kiosk: Any, language: str, size: tuple[int, int]
) -> None:
    kiosk = _open_meters(qtbot, make_kiosk)
    w = kiosk.window
    if language != "en":
        w.set_language(language)
    w.resize(*size)
    w.open_customer()
    step = w.customer.capture
    assert step.meters.isVisible()
    for kind, checks in _LIVE.items():
        step.meters.show_checks(checks, force=True)
        for _ in range(4):  # each layout level asks its parent to lay out again
            QApplication.processEvents()
        assert w.width() == size[0] and w.height() == size[1], "the window had to grow"
        panel = step.meters
        for row in panel.rows[: len(checks)]:
            for lbl in row.labels:
                text = lbl.text()
                need = QFontMetrics(lbl.font()).horizontalAdvance(text)
                assert lbl.contentsRect().width() >= need, (kind, text)
                bottom = lbl.mapTo(panel, lbl.rect().bottomLeft()).y()
                assert bottom <= panel.height(), (kind, text, "below the panel")
        if language == "es":
            # Really in Spanish: the measurements are translated, not the English fallback.
            english = [meter(c).text for c in checks]
            shown = [r.value.text() for r in panel.rows[: len(checks)]]
            assert sum(a != b for a, b in zip(shown, english, strict=True)) >= len(checks) - 1


def test_unreadable_preferences_fall_back_to_meters_off(tmp_path: Any) -> None:
    (tmp_path / "staff_prefs.json").write_text("{not json", encoding="utf-8")
    prefs = StaffPrefs.load(tmp_path)
    assert prefs.show_meters is False
    prefs.set_show_meters(True)  # and saving replaces the damaged file
    assert StaffPrefs.load(tmp_path).show_meters is True
