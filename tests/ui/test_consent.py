"""The privacy notice comes before the camera; declining ends the visit, agreeing is sent
with the submission (when, which wording by its hash, in which language)."""

from __future__ import annotations

from typing import Any

from tests.ui.conftest import PIN
from tests.ui.flow import WAIT_MS, click, find_button, get_picture
from ui.screens.consent import text_version

REASON = "Customer cannot remove glasses (medical)"


def test_declining_the_notice_ends_the_visit_before_any_picture(
    qtbot: Any, make_kiosk: Any
) -> None:
    kiosk = make_kiosk(app={"admin_pin": PIN, "consent_required": True})
    w = kiosk.window
    click(qtbot, w.start.customer_tile)
    flow = w.customer
    assert flow.currentWidget() is flow.consent_page
    assert flow.currentWidget() is not flow.capture  # the camera step has not begun
    click(qtbot, find_button(flow.consent_page, "consent-cancel"))
    qtbot.waitUntil(lambda: w.current() is w.start, timeout=WAIT_MS)
    assert flow.consent is None and flow.visit.kept == {}


def test_the_accepted_notice_is_sent_with_the_submission(qtbot: Any, make_kiosk: Any) -> None:
    kiosk = make_kiosk(app={"admin_pin": PIN, "consent_required": True, "prospect_steps": ["face"]})
    w = kiosk.window
    click(qtbot, find_button(w.start, "lang-es"))
    click(qtbot, w.start.customer_tile)
    flow = w.customer
    shown = flow.consent_page.notice.text()
    click(qtbot, flow.consent_page.agree)
    assert flow.currentWidget() is flow.capture
    get_picture(qtbot, flow.capture, REASON)
    click(qtbot, flow.submit_button)
    qtbot.waitUntil(
        lambda: len(kiosk.sandbox.state.snapshot()["amplifi"]["requests"]) == 1, timeout=WAIT_MS
    )
    (request,) = kiosk.sandbox.state.snapshot()["amplifi"]["requests"].values()
    consent = request["payload"]["consent"]
    assert consent["version"] == text_version(shown)
    assert consent["language"] == "es"
    assert consent["acceptedAt"].startswith("20")
    assert "skipped" not in request["payload"]
