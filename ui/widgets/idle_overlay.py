"""The "Are you still there?" overlay shown before an idle session is wiped."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from ui.widgets.common import button, label


class IdleOverlay(QFrame):
    """ "Are you still there?" over the whole window; any tap extends."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("idleOverlay")
        outer = QVBoxLayout(self)
        panel = QFrame()
        panel.setObjectName("dialogPanel")
        # Sized on show (fit_panel): a centring layout gives a wrapped label the height of its
        # size hint, not of its text at the panel's width, and cut off a longer language.
        self.panel = panel
        box = QVBoxLayout(panel)
        box.setContentsMargins(48, 40, 48, 40)
        box.setSpacing(20)
        self.title = label(self.tr("Are you still there?"), "title")
        self.countdown = label("", "subtitle")
        box.addWidget(self.title)
        box.addWidget(self.countdown)
        box.addWidget(
            button(self.tr("I'm still here"), lambda: None, "primary", object_id="still-here")
        )
        outer.addStretch(1)
        outer.addWidget(panel, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)
        self.hide()

    def show_seconds(self, seconds: int) -> None:
        """Update the countdown and show the overlay."""
        self.countdown.setText(
            self.tr(
                "For your privacy this session ends in %1 s. Touch the screen to continue."
            ).replace("%1", str(seconds))
        )
        self.setGeometry(self.parentWidget().rect())
        self.fit_panel()
        self.raise_()
        self.show()

    def fit_panel(self) -> None:
        """Size the panel for its wrapped text at the window's width (no line cut off)."""
        width = max(480, min(900, self.width() - 96))
        self.panel.setFixedWidth(width)
        self.panel.setFixedHeight(self.panel.heightForWidth(width))
