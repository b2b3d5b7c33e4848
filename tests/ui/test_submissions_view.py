"""The admin screen's Submissions tab: every submission's delivery and the server's verdict,
read from what the delivery worker stored; no customer identifier is shown."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import cv2
import numpy as np

from kiosk.api.sessionm import Customer
from kiosk.outbox.plans import Capture
from tests.ui.flow import WAIT_MS


def _jpeg(value: int, seed: int) -> bytes:
    rng = np.random.default_rng(seed)
    pixels = np.clip(value + rng.integers(-20, 21, (240, 320, 3)), 0, 255).astype(np.uint8)
    ok, buf = cv2.imencode(".jpg", pixels)
    assert ok
    return buf.tobytes()


def _capture(data: bytes) -> Capture:
    return Capture(data=data, mime_type="image/jpeg", captured_at=datetime.now().astimezone())


def test_submissions_tab_lists_each_verdict_and_reason(qtbot: Any, make_kiosk: Any) -> None:
    kiosk = make_kiosk()
    core = kiosk.services.core
    good = core.submit_receipt(
        [_capture(_jpeg(130, 1))], "sandbox-receipts", Customer("external_id", "cust-77001")
    )
    dark = core.submit_receipt(
        [_capture(_jpeg(15, 2))], "sandbox-receipts", Customer("external_id", "cust-77002")
    )
    session = core.submit_prospect({"face": _capture(_jpeg(120, 3))})

    def judged() -> bool:
        views = core.submissions()
        return len(views) == 3 and all(v.verdict is not None and v.verdict.final for v in views)

    qtbot.waitUntil(judged, timeout=WAIT_MS)
    window = kiosk.window
    window.open_admin()
    view = window.admin.submissions
    table = view.table
    qtbot.waitUntil(lambda: table.rowCount() == 3, timeout=WAIT_MS)
    rows = {
        table.item(r, 0).text(): [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    }
    assert rows[good.reference][1] == "receipt"
    assert rows[good.reference][3:5] == ["sent", "valid"]
    assert rows[good.reference][5].endswith("points")
    assert rows[dark.reference][4] == "invalid"
    assert rows[dark.reference][5] == "Receipt cannot be read clearly"
    assert rows[session.reference][1] == "new customer"
    assert rows[session.reference][4] == "received"
    assert rows[session.reference][5].startswith("requestId sandboxreq")
    shown = " ".join(" ".join(cells) for cells in rows.values())
    assert "cust-77001" not in shown and "cust-77002" not in shown
    assert "3 submissions, 3 with a final verdict" in view.summary.text()
