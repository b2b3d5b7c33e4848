"""Staff screens: plain call names, drag-to-scroll lists, short columns first, Tab focus, a
meters panel as wide as it will ever be from the start, Exit asked before it closes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QPushButton, QScroller

from kiosk.outbox.plans import Capture
from tests.ui.flow import WAIT_MS


def test_outbox_calls_in_plain_words_and_lists_scroll_by_dragging(
    qtbot: Any, make_kiosk: Any
) -> None:
    kiosk = make_kiosk()
    kiosk.ctx.delivery.stop()
    kiosk.services.core.submit_prospect(
        {"face": Capture(b"\xff\xd8jpeg", "image/jpeg", datetime.now(UTC))}
    )
    w = kiosk.window
    w.open_admin()
    admin = w.admin
    qtbot.waitUntil(lambda: admin.table.rowCount() == 2, timeout=WAIT_MS)
    calls = {admin.table.item(row, 2).text() for row in range(2)}
    assert calls == {"AmpliFi image", "AmpliFi session"}
    for view in (admin.table, admin.submissions.table, admin.config.tree, admin.camera.sources):
        assert QScroller.hasScroller(view.viewport()), view
    header = admin.submissions.table.horizontalHeader()
    modes = [header.sectionResizeMode(c) for c in range(header.count())]
    assert modes[:-1] == [QHeaderView.ResizeMode.ResizeToContents] * (header.count() - 1)
    assert modes[-1] is QHeaderView.ResizeMode.Stretch  # the reason gets the room left
    # A keyboard reaches every staff button (the style sheet rings the focused one).
    buttons = admin.findChildren(QPushButton)
    assert buttons and all(b.focusPolicy() & Qt.FocusPolicy.TabFocus for b in buttons)


def test_the_meters_panel_has_its_width_before_the_first_frame(qtbot: Any, make_kiosk: Any) -> None:
    w = make_kiosk().window
    panel = w.customer.capture.meters
    before = panel.width()
    assert panel.minimumWidth() == panel.maximumWidth() == before > 200
    from kiosk.capture.result import CheckResult

    checks = [
        CheckResult("centered", False, (0.123, -0.456), (0.1, 0.1)),
        CheckResult("exposure", True, 128.0, (40.0, 215.0)),
    ]
    panel.show()
    panel.show_checks(checks, force=True)
    assert panel.width() == before
    for row in panel.rows[:2]:
        for text_label in row.labels:
            assert text_label.sizeHint().width() <= before
