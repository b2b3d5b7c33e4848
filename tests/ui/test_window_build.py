"""The start screen is built first; the flows and the admin screen follow on their own once
it is up, or at once when a tap needs them."""

from __future__ import annotations

from typing import Any

from tests.ui.flow import WAIT_MS, click
from ui.window import BUILD_REST_AFTER_MS


def test_the_other_screens_follow_the_start_screen(qtbot: Any, make_kiosk: Any) -> None:
    w = make_kiosk().window
    assert w.current() is w.start and w.stack.count() == 2  # start and PIN only
    assert w._rest is None
    qtbot.waitUntil(lambda: w._rest is not None, timeout=BUILD_REST_AFTER_MS + WAIT_MS)
    assert w.stack.count() == 5
    assert w.current() is w.start  # built in the background, not shown


def test_a_tap_before_they_are_built_still_opens_the_flow(qtbot: Any, make_kiosk: Any) -> None:
    w = make_kiosk().window
    assert w._rest is None
    click(qtbot, w.start.customer_tile)
    assert w.current() is w.customer
    assert w.customer.capture.kind == "face"
