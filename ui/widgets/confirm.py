"""A question over the whole window before something that cannot be undone (discarding the
customer's pictures, closing the kiosk): two large buttons, the safe one first."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from ui.widgets.common import button, label


class ConfirmOverlay(QFrame):
    """Covers its window; ``ask`` shows a question and runs ``on_yes`` only on "yes"."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("idleOverlay")
        self._on_yes: Callable[[], None] | None = None
        outer = QVBoxLayout(self)
        self.panel = QFrame()
        self.panel.setObjectName("dialogPanel")
        box = QVBoxLayout(self.panel)
        box.setContentsMargins(40, 32, 40, 32)
        box.setSpacing(18)
        self.title = label("", "title")
        self.text = label("", "subtitle")
        box.addWidget(self.title)
        box.addWidget(self.text)
        row = QHBoxLayout()
        row.setSpacing(20)
        self.no_button = button("", self.dismiss, "primary", object_id="confirm-no")
        self.yes_button = button("", self._yes, "danger", object_id="confirm-yes")
        row.addWidget(self.yes_button)
        row.addStretch(1)
        row.addWidget(self.no_button)
        box.addLayout(row)
        outer.addStretch(1)
        outer.addWidget(self.panel, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)
        parent.installEventFilter(self)
        self.hide()

    def ask(self, title: str, text: str, yes: str, no: str, on_yes: Callable[[], None]) -> None:
        """Show the question; ``on_yes`` runs if the person confirms."""
        self.title.setText(title)
        self.text.setText(text)
        self.yes_button.setText(yes)
        self.no_button.setText(no)
        self._on_yes = on_yes
        self._fit()
        self.raise_()
        self.show()

    def dismiss(self) -> None:
        """Close without doing anything."""
        self._on_yes = None
        self.hide()

    def _yes(self) -> None:
        action, self._on_yes = self._on_yes, None
        self.hide()
        if action is not None:
            action()

    def _fit(self) -> None:
        parent = self.parentWidget()
        self.setGeometry(parent.rect())
        width = max(320, min(860, parent.width() - 48))
        self.panel.setFixedWidth(width)
        self.panel.setFixedHeight(min(parent.height() - 24, self.panel.heightForWidth(width)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Follow the window's size while shown."""
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._fit()
        return False


def confirm_overlay(widget: QWidget) -> ConfirmOverlay:
    """The one confirmation overlay of ``widget``'s window (made on first use)."""
    window = widget.window()
    found = window.findChild(ConfirmOverlay, options=Qt.FindChildOption.FindDirectChildrenOnly)
    return found if found is not None else ConfirmOverlay(window)
