"""Thumbnails of kept pictures, for the summary and the receipt parts page.

Each thumbnail scales to the room it gets (it never sets the window's width: four pictures
fit a 1024 px wide tablet as they fit a 1920 px screen) and is a button: tapping it asks to
retake that picture.
"""

from __future__ import annotations

import math

import cv2
import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QGridLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from ui.widgets.common import label
from ui.widgets.preview_view import as_qimage

THUMB_HEIGHT = 200
THUMB_MAX_WIDTH = 240
# A compact (1024×600) screen's preferred thumbnail height: the receipt parts page's 340 px
# made its page scroll there, hiding the caption under the picture.
COMPACT_THUMB_HEIGHT = 240
# Smallest thumbnail that still shows which picture it is; below it the row scrolls.
MIN_SIDE = 96


def pixmap_of(
    bgr: np.ndarray, height: int = THUMB_HEIGHT, max_width: int = THUMB_MAX_WIDTH
) -> QPixmap:
    """A pixmap of a BGR image fitting ``max_width`` × ``height`` (resized with OpenCV)."""
    h, w = bgr.shape[:2]
    scale = min(height / max(h, 1), max_width / max(w, 1))
    width, height = max(1, round(w * scale)), max(1, round(h * scale))
    small = np.ascontiguousarray(cv2.resize(bgr, (width, height), interpolation=cv2.INTER_AREA))
    return QPixmap.fromImage(as_qimage(small).copy())


class Picture(QWidget):
    """A pixmap drawn as large as its rectangle allows, keeping its shape."""

    def __init__(self, pixmap: QPixmap, preferred: int) -> None:
        super().__init__()
        self.pixmap = pixmap
        self._preferred = preferred
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def set_preferred(self, height: int) -> None:
        """The height the picture asks for when there is room."""
        self._preferred = height
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        """The pixmap at its preferred height."""
        w, h = max(1, self.pixmap.width()), max(1, self.pixmap.height())
        return QSize(round(self._preferred * w / h), self._preferred)

    def minimumSizeHint(self) -> QSize:
        """Small: the picture shrinks to the room it gets."""
        return QSize(MIN_SIDE, MIN_SIDE)

    def paintEvent(self, event: QPaintEvent) -> None:
        """The pixmap scaled to fit, centred."""
        w, h = self.pixmap.width(), self.pixmap.height()
        if not w or not h:
            return
        scale = min(self.width() / w, self.height() / h)
        sw, sh = w * scale, h * scale
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        p.drawPixmap(
            QRectF((self.width() - sw) / 2, (self.height() - sh) / 2, sw, sh),
            self.pixmap,
            QRectF(self.pixmap.rect()),
        )
        p.end()


class Thumb(QPushButton):
    """One captioned picture; a tap on it emits the row's ``chosen``."""

    def __init__(self, image: np.ndarray, caption: str, style: str, height: int) -> None:
        super().__init__()
        self.setObjectName("thumb")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        box = QVBoxLayout(self)
        box.setContentsMargins(10, 10, 10, 10)
        box.setSpacing(6)
        # Drawn from a copy at twice the preferred size: sharp when the row has room.
        self.picture = Picture(pixmap_of(image, height * 2, THUMB_MAX_WIDTH * 4), height)
        box.addWidget(self.picture, 1)
        mark = "✔ " if style == "ok" else "⚠ "
        self.caption = label(mark + caption, style)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.caption.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        box.addWidget(self.caption)
        self.action = label("", "thumbAction")
        self.action.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.action.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.action.hide()
        box.addWidget(self.action)

    def sizeHint(self) -> QSize:
        """As large as the layout's preference (the picture's)."""
        return self.layout().sizeHint()

    def minimumSizeHint(self) -> QSize:
        """As small as the layout allows."""
        return self.layout().minimumSize()


class ThumbRow(QWidget):
    """Captioned thumbnails in a row, in two rows on a portrait screen; ``chosen(index)``
    when one is tapped (only when ``tappable``)."""

    chosen = Signal(int)

    def __init__(
        self, parent: QWidget | None = None, height: int = THUMB_HEIGHT, action: str = ""
    ) -> None:
        super().__init__(parent)
        self.thumb_height = height
        # What a tap does, under each caption ("Tap to retake"); "" when tapping does nothing.
        self.action_text = action
        self.thumbs: list[Thumb] = []
        self.compact = False
        self._columns = 0
        self._layout = QGridLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(20)

    def show_items(self, items: list[tuple[np.ndarray, str, str]]) -> None:
        """(image, caption, style) per thumbnail; style is ok, warn or bad."""
        for thumb in self.thumbs:
            self._layout.removeWidget(thumb)
            thumb.hide()
            thumb.deleteLater()
        self.thumbs = []
        for index, (image, caption, style) in enumerate(items):
            thumb = Thumb(image, caption, style, self.thumb_height)
            thumb.picture.set_preferred(self._preferred_height())
            thumb.clicked.connect(lambda _=False, i=index: self._tapped(i))
            thumb.action.setText(self.action_text)
            thumb.action.setVisible(bool(self.action_text))
            self.thumbs.append(thumb)
        self._columns = 0
        self._arrange()

    def set_compact(self, compact: bool) -> None:
        """Smaller preferred thumbnails on a compact screen (the window tells every widget)."""
        self.compact = compact
        for thumb in self.thumbs:
            thumb.picture.set_preferred(self._preferred_height())

    def _preferred_height(self) -> int:
        return min(self.thumb_height, COMPACT_THUMB_HEIGHT) if self.compact else self.thumb_height

    def _tapped(self, index: int) -> None:
        if self.action_text:
            self.chosen.emit(index)

    def _arrange(self) -> None:
        count = len(self.thumbs)
        if not count:
            return
        window = self.window()
        portrait = window.height() > window.width()
        columns = math.ceil(count / 2) if portrait and count > 2 else count
        if columns == self._columns:
            return
        self._columns = columns
        for thumb in self.thumbs:
            self._layout.removeWidget(thumb)
        for index, thumb in enumerate(self.thumbs):
            self._layout.addWidget(thumb, index // columns, index % columns)
            thumb.show()
        for column in range(self._layout.columnCount()):
            self._layout.setColumnStretch(column, 1 if column < columns else 0)

    def resizeEvent(self, event: object) -> None:
        """Two rows on a portrait screen."""
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._arrange()
