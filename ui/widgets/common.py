"""Small building blocks every screen uses: labels, big buttons, a page frame."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.capture.result import CheckResult
from ui import texts


def restyle(widget: QWidget, name: str) -> None:
    """Give a widget another style-sheet name (``good``, ``bad``, ``primary``…) and re-apply."""
    widget.setObjectName(name)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def label(text: str = "", name: str = "", wrap: bool = True) -> QLabel:
    """A label with a style name (title, subtitle, hint, ok, warn, bad, big, reference)."""
    widget = QLabel(text)
    if name:
        widget.setObjectName(name)
    widget.setWordWrap(wrap)
    return widget


def button(
    text: str, on_click: Callable[[], object] | None = None, name: str = "", object_id: str = ""
) -> QPushButton:
    """A touch-sized button; ``name`` is its style (primary, tile, danger, staff, key)."""
    widget = QPushButton(text)
    if name:
        widget.setObjectName(name)
    if object_id:
        widget.setAccessibleName(object_id)
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    if on_click is not None:
        widget.clicked.connect(lambda _=False: on_click())
    return widget


class Tile(QPushButton):
    """A large start-screen choice: icon, title and a line of explanation."""

    def __init__(self, icon_name: str, title: str, detail: str, object_id: str = "") -> None:
        super().__init__()
        from PySide6.QtCore import QSize

        from ui import theme

        self.setObjectName("tile")
        self.setAccessibleName(object_id)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        box = QVBoxLayout(self)
        box.setContentsMargins(28, 28, 28, 28)
        box.setSpacing(10)
        icon = QLabel()
        icon.setPixmap(theme.icon(icon_name).pixmap(QSize(84, 84)))
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        head = label(title, "tileTitle")
        head.setAlignment(Qt.AlignmentFlag.AlignCenter)
        sub = label(detail, "tileDetail")
        sub.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for widget in (icon, head, sub):
            widget.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            box.addWidget(widget)


class Page(QWidget):
    """Title, subtitle, a body, and a footer row of buttons (the primary one rightmost)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(48, 20, 48, 16)
        self.outer.setSpacing(12)
        self.title = label("", "title")
        self.subtitle = label("", "subtitle")
        self.outer.addWidget(self.title)
        self.outer.addWidget(self.subtitle)
        self.body = QVBoxLayout()
        self.body.setSpacing(12)
        self.outer.addLayout(self.body, 1)
        self.footer = QHBoxLayout()
        self.footer.setSpacing(20)
        self.outer.addLayout(self.footer)

    def set_heading(self, title: str, subtitle: str = "") -> None:
        """Set the title and subtitle."""
        self.title.setText(title)
        self.subtitle.setText(subtitle)
        self.subtitle.setVisible(bool(subtitle))

    def set_footer(self, left: list[QWidget], right: list[QWidget]) -> None:
        """Replace the footer's buttons: ``left`` then a stretch then ``right``."""
        while self.footer.count():
            item = self.footer.takeAt(0)
            if item.widget() is not None:
                item.widget().setParent(None)
        for widget in left:
            self.footer.addWidget(widget)
        self.footer.addStretch(1)
        for widget in right:
            self.footer.addWidget(widget)


class ChecksList(QScrollArea):
    """The full-resolution check results of a picture, one row per check (scrolls if long)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        inner.setObjectName("checksInner")
        self.setWidget(inner)
        self._layout = QVBoxLayout(inner)
        self._layout.setContentsMargins(16, 12, 16, 12)
        self._layout.setSpacing(2)

    def show_checks(self, checks: list[CheckResult]) -> None:
        """Replace the rows."""
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        # Failed checks first (in their order): the reason to retake is seen without scrolling.
        for check in sorted(checks, key=lambda c: c.passed):
            row = QHBoxLayout()
            row.setContentsMargins(0, 2, 0, 2)
            mark = label("✔" if check.passed else "✘", "okSmall" if check.passed else "badSmall")
            mark.setFixedWidth(30)
            row.addWidget(mark)
            text = texts.check_label(check.name)
            if not check.passed and check.instruction:
                text += " — " + texts.instruction(check.instruction)
            row.addWidget(label(text, "checkRow", True), 1)
            holder = QWidget()
            holder.setLayout(row)
            self._layout.addWidget(holder)
        self._layout.addStretch(1)
