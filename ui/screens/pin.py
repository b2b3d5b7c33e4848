"""The staff PIN page between the hidden gesture and the admin screen."""

from __future__ import annotations

import hmac

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

from ui.widgets.common import Page, button, label
from ui.widgets.keypad import Keypad

MAX_TRIES = 5


class PinPage(Page):
    """A secret keypad; ``unlocked`` on the right PIN, ``cancelled`` otherwise."""

    unlocked = Signal()
    cancelled = Signal()

    def __init__(self, pin: str, parent: QWidget | None = None, subtitle: str = "") -> None:
        super().__init__(parent)
        self._pin = pin
        self.tries = 0
        self.set_heading(self.tr("Staff only"), subtitle or self.tr("Enter the admin PIN"))
        self.keypad = Keypad(secret=True)
        self.body.addWidget(self.keypad, 0, Qt.AlignmentFlag.AlignHCenter)
        self.body.addStretch(1)
        self.message = label("", "bad")
        self.set_footer(
            [button(self.tr("Cancel"), self.cancel, object_id="cancel"), self.message],
            [button(self.tr("Unlock"), self.submit, "primary", object_id="unlock")],
        )

    def reset(self) -> None:
        """Clear the field and the message."""
        self.keypad.clear()
        self.message.setText("")

    def submit(self) -> None:
        """Check the typed PIN (constant-time compare)."""
        typed = self.keypad.value
        self.keypad.clear()
        if hmac.compare_digest(typed.encode(), self._pin.encode()):
            self.tries = 0
            self.message.setText("")
            self.unlocked.emit()
            return
        self.tries += 1
        if self.tries >= MAX_TRIES:
            self.tries = 0
            self.cancel()
            return
        self.message.setText(self.tr("Wrong PIN"))

    def cancel(self) -> None:
        """Back to the kiosk."""
        self.reset()
        self.cancelled.emit()
