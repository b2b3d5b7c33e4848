"""Small building blocks every screen uses: labels, big buttons, a page frame."""

from __future__ import annotations

from collections.abc import Callable, Collection

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QPushButton,
    QScrollArea,
    QScroller,
    QTabWidget,
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


class FlowLayout(QLayout):
    """Widgets left to right, wrapping onto the next line when the width runs out (a row of
    staff tools on a narrow screen), after Qt's Flow Layout example."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 12) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        """Qt's hook: keep the item."""
        self._items.append(item)

    def count(self) -> int:
        """Qt's hook: how many items."""
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        """Qt's hook: the item at ``index``."""
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        """Qt's hook: remove the item at ``index``."""
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        """It never asks for more room than its lines."""
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        """Its height depends on its width (the lines it wraps onto)."""
        return True

    def heightForWidth(self, width: int) -> int:
        """The height of the lines at ``width``."""
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        """Place the widgets in lines."""
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        """Everything on one line."""
        visible = [i for i in self._items if not i.isEmpty()]
        width = sum(i.sizeHint().width() for i in visible) + self._gap * max(0, len(visible) - 1)
        height = max((i.sizeHint().height() for i in visible), default=0)
        return QSize(width, height)

    def minimumSize(self) -> QSize:
        """The widest single widget (everything else wraps)."""
        size = QSize()
        for item in self._items:
            if not item.isEmpty():
                size = size.expandedTo(item.minimumSize())
        return size

    def _place(self, rect: QRect, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            if x > rect.x() and x + hint.width() > rect.right() + 1:
                x, y, line = rect.x(), y + line + self._gap, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._gap
            line = max(line, hint.height())
        return y + line - rect.y()


class FooterRow(QWidget):
    """A page's buttons: those on the left, a gap, the primary ones on the right; on a screen
    too narrow for one row, the primary ones go on a row of their own below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.left = FlowLayout(spacing=20)
        self.right = QHBoxLayout()
        self.right.setSpacing(20)
        self.box.addLayout(self.left, 1)
        self.box.addLayout(self.right, 0)
        self.setSpacing(20)

    def setSpacing(self, spacing: int) -> None:
        """The gap between buttons."""
        self.box.setSpacing(spacing)
        self.right.setSpacing(spacing)
        self.left._gap = spacing

    def widgets(self) -> list[QWidget]:
        """The buttons, left ones first."""
        out = []
        for layout in (self.left, self.right):
            for n in range(layout.count()):
                item = layout.itemAt(n)
                if item is not None and item.widget() is not None:
                    out.append(item.widget())
        return out

    def set_buttons(self, left: list[QWidget], right: list[QWidget]) -> None:
        """Replace the buttons."""
        for layout in (self.left, self.right):
            while layout.count():
                item = layout.takeAt(0)
                if item is not None and item.widget() is not None:
                    item.widget().setParent(None)
        for widget in left:
            self.left.addWidget(widget)
        self.right.addStretch(1)
        for widget in right:
            self.right.addWidget(widget)
        self._arrange()

    def _arrange(self) -> None:
        one_row = self.left.sizeHint().width() + self.box.spacing() + self.right.sizeHint().width()
        stacked = one_row > self.width() > 0
        direction = (
            QBoxLayout.Direction.TopToBottom if stacked else QBoxLayout.Direction.LeftToRight
        )
        if self.box.direction() != direction:
            self.box.setDirection(direction)

    def resizeEvent(self, event: object) -> None:
        """One row or two, by the room there is."""
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._arrange()

    def minimumSizeHint(self) -> QSize:
        """Never wider than its widest button: the rest wraps."""
        widest = max((w.minimumSizeHint().width() for w in self.widgets() if not w.isHidden()),
                     default=0)  # fmt: skip
        return QSize(widest, super().minimumSizeHint().height())


class FlipBox(QWidget):
    """Children side by side on a landscape area, stacked on a portrait one."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 24) -> None:
        super().__init__(parent)
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(spacing)

    def resizeEvent(self, event: object) -> None:
        """Stack the children when the area is taller than wide."""
        super().resizeEvent(event)  # type: ignore[arg-type]
        self.flip(self.height() > self.width())

    def flip(self, stacked: bool) -> None:
        """Stack (or not) the children."""
        direction = (
            QBoxLayout.Direction.TopToBottom if stacked else QBoxLayout.Direction.LeftToRight
        )
        if self.box.direction() != direction:
            self.box.setDirection(direction)


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


# Checks whose value is None when there was nothing to judge (a receipt's first part).
UNJUDGED = ("part_overlap",)


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
        touch_scrolling(self)
        self._layout = QVBoxLayout(inner)
        self._layout.setContentsMargins(16, 12, 16, 12)
        self._layout.setSpacing(2)

    def show_checks(self, checks: list[CheckResult], hidden: Collection[str] = ()) -> None:
        """Replace the rows (``hidden``: checks not to list)."""
        from ui.guidance import in_cause_order

        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        # A check that judged nothing is not listed: the overlap of a first part, which has
        # nothing to overlap.
        shown = [
            c
            for c in checks
            if c.name not in hidden and not (c.name in UNJUDGED and c.value is None)
        ]
        # Failed checks first, the root cause on top: the reason to retake is seen first.
        for check in in_cause_order(shown):
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
