"""The staff PIN page between the hidden gesture and the admin screen (and before an override).

The rules (free tries, the growing wait, what is logged) are ``kiosk.pin_lockout``'s; this
page shows the wait and takes no PIN while it runs.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QWidget

from kiosk.pin_lockout import PinLockout, Verdict
from ui.widgets.common import Page, button, label
from ui.widgets.keypad import Keypad

# How often the wait shown is brought up to date.
COUNTDOWN_MS = 1000


class PinPage(Page):
    """A secret keypad; ``unlocked`` on the right PIN, ``cancelled`` otherwise."""

    unlocked = Signal()
    cancelled = Signal()

    def __init__(
        self,
        pin: str,
        parent: QWidget | None = None,
        subtitle: str = "",
        *,
        lockout: PinLockout,
    ) -> None:
        super().__init__(parent)
        self._pin = pin
        self.lockout = lockout
        self.set_heading(self.tr("Staff only"), subtitle or self.tr("Enter the admin PIN"))
        self.keypad = Keypad(secret=True)
        self.body.addWidget(self.keypad, 0, Qt.AlignmentFlag.AlignHCenter)
        self.body.addStretch(1)
        self.message = label("", "bad")
        self.unlock = button(self.tr("Unlock"), self.submit, "primary", object_id="unlock")
        self.set_footer(
            [button(self.tr("Cancel"), self.cancel, object_id="cancel"), self.message],
            [self.unlock],
        )
        self.countdown = QTimer(self, interval=COUNTDOWN_MS)
        self.countdown.timeout.connect(self.show_lock)
        self._showing_wait = False

    @property
    def locked(self) -> bool:
        """True while the pad takes no PIN."""
        return self.lockout.remaining() > 0

    def reset(self) -> None:
        """Clear the field and the message (the count of wrong PINs stays)."""
        self.keypad.clear()
        self.message.setText("")
        self.show_lock()

    def show_lock(self) -> None:
        """Show the wait and refuse input while locked; take input again once it is over."""
        left = self.lockout.remaining()
        self.keypad.setEnabled(left <= 0)
        self.unlock.setEnabled(left <= 0)
        if left > 0:
            seconds = int(left + 0.999)
            wait = f"{seconds // 60}:{seconds % 60:02d}"
            self.message.setText(
                self.tr("Too many wrong PINs. Try again in %1.").replace("%1", wait)
            )
            if not self.countdown.isActive():
                self.countdown.start()
        else:
            self.countdown.stop()
            if self._showing_wait:
                self.message.setText("")
        self._showing_wait = left > 0

    def submit(self) -> None:
        """Check the typed PIN (constant-time compare), unless the pad is locked."""
        typed = self.keypad.value
        self.keypad.clear()
        verdict = self.lockout.check(typed, self._pin)
        if verdict is Verdict.ACCEPTED:
            self.message.setText("")
            self.unlocked.emit()
            return
        if verdict is Verdict.WRONG:
            self.message.setText(self.tr("Wrong PIN"))
        self.show_lock()

    def cancel(self) -> None:
        """Back to the kiosk."""
        self.keypad.clear()
        self.message.setText("")
        self.countdown.stop()
        self.cancelled.emit()
