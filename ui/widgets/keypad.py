"""An on-screen keypad for a customer identifier: digits, letters on demand, backspace."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLineEdit, QSizePolicy, QVBoxLayout, QWidget

from ui.widgets.common import button

MAX_LENGTH = 64
# Keys well above the 44 px touch minimum (WCAG 2.5.5); their height comes from the style
# sheet (68 px, 50 px on a compact screen) so a keypad page fits 1024×600 too.
KEY_W, SPACING = 150, 8


class Keypad(QWidget):
    """Digits 0-9, backspace and clear over a read-only field; ``changed`` on every edit."""

    changed = Signal(str)

    def __init__(self, parent: QWidget | None = None, secret: bool = False) -> None:
        super().__init__(parent)
        self.setFixedWidth(3 * KEY_W + 2 * SPACING + 24)
        layout = QVBoxLayout(self)
        layout.setSpacing(SPACING)
        self.field = QLineEdit()
        self.field.setReadOnly(True)
        if secret:
            self.field.setEchoMode(QLineEdit.EchoMode.Password)
        layout.addWidget(self.field)
        grid = QGridLayout()
        grid.setSpacing(SPACING)
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "C"]
        for i, key in enumerate(keys):
            b = button(key, lambda k=key: self.press(k), "key", object_id=f"key-{key}")
            b.setFixedWidth(KEY_W)
            b.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            grid.addWidget(b, i // 3, i % 3)
        layout.addLayout(grid)

    @property
    def value(self) -> str:
        """What was typed."""
        return self.field.text()

    def clear(self) -> None:
        """Empty the field."""
        self.field.clear()
        self.changed.emit("")

    def press(self, key: str) -> None:
        """One key press (also what tests call)."""
        text = self.field.text()
        if key == "⌫":
            text = text[:-1]
        elif key == "C":
            text = ""
        elif len(text) < MAX_LENGTH:
            text += key
        self.field.setText(text)
        self.changed.emit(text)

    def type_text(self, text: str) -> None:
        """Press each character's key in turn."""
        for ch in text:
            self.press(ch)
