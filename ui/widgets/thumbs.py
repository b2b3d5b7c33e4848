"""Thumbnails of kept pictures, for the summary and the receipt parts page."""

from __future__ import annotations

import cv2
import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.widgets.common import label
from ui.widgets.preview_view import as_qimage

THUMB_HEIGHT = 200
THUMB_MAX_WIDTH = 240


def pixmap_of(
    bgr: np.ndarray, height: int = THUMB_HEIGHT, max_width: int = THUMB_MAX_WIDTH
) -> QPixmap:
    """A pixmap of a BGR image fitting ``max_width`` × ``height`` (resized with OpenCV)."""
    h, w = bgr.shape[:2]
    scale = min(height / max(h, 1), max_width / max(w, 1))
    width, height = max(1, round(w * scale)), max(1, round(h * scale))
    small = np.ascontiguousarray(cv2.resize(bgr, (width, height), interpolation=cv2.INTER_AREA))
    return QPixmap.fromImage(as_qimage(small).copy())


class ThumbRow(QWidget):
    """A row of captioned thumbnails."""

    def __init__(self, parent: QWidget | None = None, height: int = THUMB_HEIGHT) -> None:
        super().__init__(parent)
        self.thumb_height = height
        self._layout = QHBoxLayout(self)
        self._layout.setSpacing(20)

    def show_items(self, items: list[tuple[np.ndarray, str, str]]) -> None:
        """(image, caption, style) per thumbnail; style is ok, warn or bad."""
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for image, caption, style in items:
            card = QFrame()
            card.setObjectName("card")
            card.setFixedWidth(THUMB_MAX_WIDTH + 30)
            box = QVBoxLayout(card)
            picture = QLabel()
            picture.setPixmap(pixmap_of(image, self.thumb_height))
            picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box.addWidget(picture)
            mark = "✔ " if style == "ok" else "⚠ "
            text = label(mark + caption, style)
            text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            box.addWidget(text)
            box.addStretch(1)
            self._layout.addWidget(card)
        self._layout.addStretch(1)
