"""Layouts that reflow with the screen: a wrapping row, a page's footer, a flipping box."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLayout, QLayoutItem, QWidget


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
