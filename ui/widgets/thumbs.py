"""Thumbnails of kept pictures, for the summary and the receipt parts page."""

from __future__ import annotations

import cv2
import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.widgets.common import label
from ui.widgets.preview_view import as_qimage

THUMB_HEIGHT = 220


def pixmap_of(bgr: np.ndarray, height: int = THUMB_HEIGHT) -> QPixmap:
    """A pixmap of a BGR image scaled to ``height`` (resized with OpenCV, then copied)."""
    h, w = bgr.shape[:2]
    width = max(1, round(w * height / max(h, 1)))
    small = np.ascontiguousarray(cv2.resize(bgr, (width, height), interpolation=cv2.INTER_AREA))
    return QPixmap.fromImage(as_qimage(small).copy())


class ThumbRow(QWidget):
    """A row of captioned thumbnails."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
            box = QVBoxLayout(card)
            picture = QLabel()
            picture.setPixmap(pixmap_of(image))
            picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box.addWidget(picture)
            box.addWidget(label(caption, style))
            self._layout.addWidget(card)
        self._layout.addStretch(1)
