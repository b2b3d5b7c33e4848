"""Small building blocks every screen uses: labels, big buttons, a page frame."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.layouts import FooterRow


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


def touch_scrolling(area: QAbstractScrollArea) -> None:
    """A finger drag scrolls the list (kinetic, as on a phone) instead of selecting rows."""
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)


def keyboard_focus(root: QWidget) -> None:
    """Let every button under ``root`` take focus from the Tab key (a staff screen); the
    style sheet draws the focus ring. Customer screens stay touch-only."""
    for widget in root.findChildren(QPushButton):
        widget.setFocusPolicy(Qt.FocusPolicy.TabFocus)


class IconLabel(QLabel):
    """An icon drawn at one size on a roomy screen and a smaller one on a compact one."""

    def __init__(self, icon_name: str, size: int, compact_size: int) -> None:
        super().__init__()
        self._icon_name = icon_name
        self._sizes = (size, compact_size)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.set_compact(False)

    def set_compact(self, compact: bool) -> None:
        """Draw the icon at the size for this screen class."""
        from ui import theme

        side = self._sizes[1 if compact else 0]
        self.setVisible(side > 0)
        if side > 0:
            self.setPixmap(theme.icon(self._icon_name).pixmap(QSize(side, side)))


class Tile(QPushButton):
    """A large start-screen choice: icon, title and a line of explanation."""

    def __init__(self, icon_name: str, title: str, detail: str, object_id: str = "") -> None:
        super().__init__()
        self.setObjectName("tile")
        self.setAccessibleName(object_id)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._box = QVBoxLayout(self)
        self._box.setContentsMargins(28, 28, 28, 28)
        self._box.setSpacing(10)
        icon = IconLabel(icon_name, 84, 48)
        head = label(title, "tileTitle")
        head.setAlignment(Qt.AlignmentFlag.AlignCenter)
        sub = label(detail, "tileDetail")
        sub.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for widget in (icon, head, sub):
            widget.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            self._box.addWidget(widget)

    def set_compact(self, compact: bool) -> None:
        """Tighter margins on a low screen (the icon shrinks on its own)."""
        margin = 12 if compact else 28
        self._box.setContentsMargins(margin, margin, margin, margin)
        self._box.setSpacing(4 if compact else 10)


class ScrollTabs(QTabWidget):
    """Tabs whose pages scroll on their own when the screen is too low for one of them: the
    tallest tab no longer sets the height of all (nor pushes the window past the screen)."""

    def add(self, page: QWidget, title: str) -> int:
        """Add ``page`` inside a frameless scroll area."""
        area = QScrollArea()
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidgetResizable(True)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setWidget(page)
        return self.addTab(area, title)

    def widget(self, index: int) -> QWidget:
        area = super().widget(index)
        return area.widget() if isinstance(area, QScrollArea) else area

    def indexOf(self, page: QWidget) -> int:
        for index in range(self.count()):
            if self.widget(index) is page:
                return index
        return super().indexOf(page)

    def setCurrentWidget(self, page: QWidget) -> None:
        self.setCurrentIndex(self.indexOf(page))

    def currentWidget(self) -> QWidget:
        return self.widget(self.currentIndex())


class Page(QWidget):
    """A stepper, title, subtitle, a body, and a footer row of buttons (the primary one
    rightmost).

    The body scrolls when a screen is too small for it, so the title and the footer's
    buttons are always on screen and a page never makes the window grow past the screen.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(48, 20, 48, 16)
        self.outer.setSpacing(12)
        self.stepper = label("", "stepper")
        self.stepper.hide()
        self.title = label("", "title")
        self.subtitle = label("", "subtitle")
        self.outer.addWidget(self.stepper)
        self.outer.addWidget(self.title)
        self.outer.addWidget(self.subtitle)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("pageBody")
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        inner.setObjectName("pageInner")
        self.scroll.setWidget(inner)
        self.body = QVBoxLayout(inner)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(12)
        self.outer.addWidget(self.scroll, 1)
        self.footer = FooterRow()
        self.outer.addWidget(self.footer)

    def set_compact(self, compact: bool) -> None:
        """Tighter margins on a low screen (1024×600: every pixel of height counts)."""
        if compact:
            self.outer.setContentsMargins(24, 8, 24, 8)
            self.outer.setSpacing(6)
            self.body.setSpacing(8)
            self.footer.setSpacing(12)
        else:
            self.outer.setContentsMargins(48, 20, 48, 16)
            self.outer.setSpacing(12)
            self.body.setSpacing(12)
            self.footer.setSpacing(20)

    def set_step(self, text: str) -> None:
        """The flow's progress above the title ("" hides it)."""
        self.stepper.setText(text)
        self.stepper.setVisible(bool(text))

    def set_heading(self, title: str, subtitle: str = "") -> None:
        """Set the title and subtitle."""
        self.title.setText(title)
        self.subtitle.setText(subtitle)
        self.subtitle.setVisible(bool(subtitle))

    def set_footer(self, left: list[QWidget], right: list[QWidget]) -> None:
        """Replace the footer's buttons: ``left`` then a stretch then ``right``."""
        self.footer.set_buttons(left, right)
