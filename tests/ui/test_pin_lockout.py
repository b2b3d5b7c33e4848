"""The admin PIN pad locks after wrong PINs, on real widgets, and stays locked over a restart."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QPoint, Qt

from kiosk.pin_lockout import FREE_TRIES
from tests.ui.conftest import PIN
from tests.ui.flow import WAIT_MS, click, find_button


class Clock:
    """Wall-clock seconds that move only when the test says."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def _gesture(qtbot: Any, w: Any) -> None:
    target = w.stack.currentWidget()
    for _ in range(5):
        qtbot.mouseClick(target, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))


def _wrong(qtbot: Any, w: Any, times: int) -> None:
    for _ in range(times):
        w.pin.keypad.type_text("0000")
        click(qtbot, find_button(w.pin, "unlock"))


def test_wrong_pins_lock_the_pad_and_the_right_one_waits_for_the_clock(
    qtbot: Any, make_kiosk: Any
) -> None:
    kiosk = make_kiosk()
    w = kiosk.window
    clock = Clock()
    kiosk.services.pin_lockout.clock = clock
    _gesture(qtbot, w)
    assert w.current() is w.pin
    _wrong(qtbot, w, FREE_TRIES - 1)
    assert w.pin.message.text() == "Wrong PIN" and not w.pin.locked
    _wrong(qtbot, w, 1)
    assert w.pin.locked
    assert w.pin.message.text() == "Too many wrong PINs. Try again in 0:30."
    assert not w.pin.keypad.isEnabled() and not find_button(w.pin, "unlock").isEnabled()
    # Leaving and reopening the pad with the gesture does not clear the count.
    click(qtbot, find_button(w.pin, "cancel"))
    assert w.current() is w.start
    _gesture(qtbot, w)
    assert w.current() is w.pin and w.pin.locked
    assert "Try again in 0:30" in w.pin.message.text()
    # The right PIN is refused unread while the pad is locked.
    w.pin.keypad.type_text(PIN)
    w.pin.submit()
    assert w.current() is w.pin
    clock.now += 29
    qtbot.waitUntil(lambda: "Try again in 0:01" in w.pin.message.text(), timeout=WAIT_MS)
    clock.now += 1.5
    qtbot.waitUntil(lambda: find_button(w.pin, "unlock").isEnabled(), timeout=WAIT_MS)
    assert w.pin.message.text() == "" and w.pin.keypad.isEnabled()
    # One more wrong PIN doubles the wait.
    _wrong(qtbot, w, 1)
    assert "Try again in 1:00" in w.pin.message.text()
    clock.now += 61
    qtbot.waitUntil(lambda: find_button(w.pin, "unlock").isEnabled(), timeout=WAIT_MS)
    w.pin.keypad.type_text(PIN)
    click(qtbot, find_button(w.pin, "unlock"))
    assert w.current() is w.admin
    assert kiosk.services.pin_lockout.state().failures == 0  # the right PIN clears the count


def test_a_restarted_kiosk_keeps_the_lockout(qtbot: Any, make_kiosk: Any) -> None:
    first = make_kiosk()
    w = first.window
    _gesture(qtbot, w)
    _wrong(qtbot, w, FREE_TRIES)
    assert w.pin.locked
    first.ctx.delivery.stop()
    # A new window on the same data dir, as after the app was restarted.
    again = make_kiosk()
    w2 = again.window
    assert again.services.pin_lockout is not first.services.pin_lockout
    _gesture(qtbot, w2)
    assert w2.current() is w2.pin and w2.pin.locked
    assert "Too many wrong PINs" in w2.pin.message.text()
    assert not find_button(w2.pin, "unlock").isEnabled()
    w2.pin.keypad.type_text(PIN)
    w2.pin.submit()
    assert w2.current() is w2.pin
    # The clock passes the lock: the right PIN opens the admin screen.
    clock = Clock()
    clock.now += 31
    again.services.pin_lockout.clock = clock
    w2.pin.show_lock()
    w2.pin.keypad.type_text(PIN)
    click(qtbot, find_button(w2.pin, "unlock"))
    assert w2.current() is w2.admin


def test_wrong_staff_pins_count_towards_the_same_lockout(qtbot: Any, make_kiosk: Any) -> None:
    kiosk = make_kiosk()
    lockout = kiosk.services.pin_lockout
    w = kiosk.window
    step = w.customer.capture
    assert step.staff_page.lockout is lockout is w.pin.lockout
    for _ in range(FREE_TRIES):
        step.staff_page.keypad.type_text("0000")
        step.staff_page.submit()
    assert step.staff_page.locked and w.pin.locked
