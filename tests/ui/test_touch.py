"""Touch at the kiosk: the tap that ends the idle warning, the hidden corner gesture at
normal tapping speed, the staff PIN before an override, every visit ending in the kiosk's
own language, cancelling from the review, and a licence's two different sides."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.ui.conftest import PIN
from tests.ui.flow import WAIT_MS, click, confirm, find_button, five_corner_taps, take_by_hand

STAFF_PIN = "2580"


def _open_keypad(qtbot: Any, kiosk: Any) -> Any:
    w = kiosk.window
    click(qtbot, w.start.receipt_tile)
    flow = w.receipt
    assert flow.currentWidget() is flow.customer_page
    return flow


def test_the_tap_that_dismisses_the_idle_warning_presses_nothing_below(
    qtbot: Any, make_kiosk: Any
) -> None:
    kiosk = make_kiosk(idle_timeout_ms=30_000, idle_warning_ms=29_700)
    w = kiosk.window
    flow = _open_keypad(qtbot, kiosk)
    qtbot.waitUntil(lambda: w.overlay.isVisible(), timeout=WAIT_MS)
    zero = find_button(flow.keypad, "key-0")
    # The tap lands where the "0" key is once the warning hides: it only dismisses.
    qtbot.mouseClick(zero, Qt.MouseButton.LeftButton)
    assert not w.overlay.isVisible()
    assert flow.keypad.value == ""
    assert w.current() is flow
    # The next tap is the customer's again.
    qtbot.mouseClick(zero, Qt.MouseButton.LeftButton)
    assert flow.keypad.value == "0"


def test_five_corner_taps_at_normal_speed_open_the_pin_pad(make_kiosk: Any) -> None:
    w = make_kiosk().window
    five_corner_taps(w)
    assert w.current() is w.pin


def test_the_corner_gesture_window_is_configurable(make_kiosk: Any) -> None:
    w = make_kiosk(app={"admin_pin": PIN, "admin_tap_window_s": 1.0}).window
    five_corner_taps(w)  # 1.4 s from first to last: too slow for a 1 s window
    assert w.current() is w.start


def test_an_override_asks_for_the_staff_pin_and_review_can_cancel(
    qtbot: Any, make_kiosk: Any
) -> None:
    kiosk = make_kiosk(app={"admin_pin": PIN, "staff_pin": STAFF_PIN, "prospect_steps": ["face"]})
    w = kiosk.window
    click(qtbot, w.start.customer_tile)
    step = w.customer.capture
    kiosk.services.camera.set_scene("receipt")  # no face: the picture fails its checks
    take_by_hand(qtbot, step)
    step.ask_override()
    assert step.currentWidget() is step.staff_page
    step.staff_page.keypad.type_text(PIN)  # the admin PIN is not the staff PIN here
    click(qtbot, find_button(step.staff_page, "unlock"))
    assert step.currentWidget() is step.staff_page
    assert step.staff_page.message.text() == "Wrong PIN"
    click(qtbot, find_button(step.staff_page, "cancel"))
    assert step.currentWidget() is step.review_page
    step.ask_override()
    step.staff_page.keypad.type_text(STAFF_PIN)
    click(qtbot, find_button(step.staff_page, "unlock"))
    assert step.currentWidget() is step.override_page
    click(qtbot, find_button(step.override_page, "override-back"))
    # The review has its own Cancel: it ends the visit and wipes the picture.
    picture = step.picture
    click(qtbot, step.review_cancel)
    confirm(qtbot, w)  # a picture is on review: Cancel asks before throwing it away
    assert w.current() is w.start
    assert picture.data == b""


def test_every_visit_ends_in_the_kiosks_language(qtbot: Any, make_kiosk: Any) -> None:
    kiosk = make_kiosk(idle_timeout_ms=3_000, idle_warning_ms=1_000)
    w = kiosk.window
    # Cancelled.
    click(qtbot, find_button(w.start, "lang-es"))
    assert w.languages.current == "es"
    click(qtbot, w.start.customer_tile)
    click(qtbot, w.customer.capture.cancel_button)
    assert w.current() is w.start and w.languages.current == "en"
    assert find_button(w.start, "lang-en").isChecked()
    # Timed out in the middle of a visit.
    click(qtbot, find_button(w.start, "lang-es"))
    w.open_receipt()
    w.receipt.keypad.type_text("77")
    qtbot.waitUntil(lambda: w.current() is w.start, timeout=WAIT_MS)
    assert w.languages.current == "en" and w.receipt.keypad.value == ""
    # Chosen on the start screen by someone who then walked away.
    click(qtbot, find_button(w.start, "lang-es"))
    assert w.idle.armed
    qtbot.waitUntil(lambda: w.languages.current == "en", timeout=WAIT_MS)
    assert w.current() is w.start


def test_the_licence_back_may_not_be_the_front_again(qtbot: Any, make_kiosk: Any) -> None:
    kiosk = make_kiosk(app={"admin_pin": PIN, "prospect_steps": ["license_front", "license_back"]})
    w = kiosk.window
    click(qtbot, w.start.customer_tile)
    flow = w.customer
    step = flow.capture
    take_by_hand(qtbot, step)
    assert step.picture.report.get("portrait").passed  # the front shows the holder's photo
    click(qtbot, step.accept_button)
    assert flow.index == 1
    kiosk.services.camera.set_scene("license_front")  # the customer shows the front again
    take_by_hand(qtbot, step)
    same = step.picture.report.get("other_side")
    assert same is not None and not same.passed
    assert not step.accept_button.isVisible()
    layout = step.checks.widget().layout()
    rows = [layout.itemAt(i).widget() for i in range(layout.count())]
    lines = [
        " ".join(lbl.text() for lbl in row.findChildren(type(step.verdict)))
        for row in rows
        if row is not None
    ]
    failed = [n for n, line in enumerate(lines) if line.startswith("✘")]
    assert failed == list(range(len(failed)))  # failing checks head the list
    assert any("That is the same side again" in lines[n] for n in failed)
