"""The live preview: the newest frame, a guide that turns green, one instruction.

Staff meters sit beside it in their own panel (ui.widgets.meters), never over the subject.
"""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.capture.result import CheckResult
from kiosk.kinds import KINDS
from ui import theme


def as_qimage(bgr: np.ndarray) -> QImage:
    """A QImage viewing a contiguous BGR array (the caller keeps the array alive)."""
    h, w = bgr.shape[:2]
    return QImage(bgr.data, w, h, int(bgr.strides[0]), QImage.Format.Format_BGR888)


class PreviewView(QWidget):
    """Paints the latest preview frame and its overlay; all inputs are set from the UI thread."""

    resized = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 240)
        self._array: np.ndarray | None = None
        self._image: QImage | None = None
        self._frame_size = (0, 0)
        self.kind: str | None = None
        self.passed: bool | None = None
        self.instruction = ""
        self.countdown: float | None = None  # 0..1 of the hold time done
        self.checks: list[CheckResult] = []
        self.subject_box: tuple[float, float, float, float] | None = None
        self.message = ""  # shown when there is no frame (camera off, opening)
        # Set while the picture is being taken: a large progress state over the preview.
        self.busy_text = ""
        self.busy_detail = ""

    def resizeEvent(self, event: object) -> None:
        """Tell the preview thread the new size, so it resizes frames for us."""
        super().resizeEvent(event)  # type: ignore[arg-type]
        self.resized.emit(self.width(), self.height())

    def set_frame(self, display: np.ndarray, full_size: tuple[int, int]) -> None:
        """Show this display-sized BGR frame of a ``full_size`` (w, h) camera frame."""
        self._array = display
        self._image = as_qimage(display)
        self._frame_size = full_size
        self.update()

    @property
    def has_frame(self) -> bool:
        """True while a frame is shown."""
        return self._image is not None

    def clear(self, message: str = "") -> None:
        """Show no frame, only ``message``."""
        self._array = self._image = None
        self.message = message
        self.passed, self.instruction, self.countdown = None, "", None
        self.busy_text = self.busy_detail = ""
        self.checks, self.subject_box = [], None
        self.update()

    # -- painting -----------------------------------------------------------------------

    def _image_rect(self) -> QRectF:
        if self._image is None:
            return QRectF(self.rect())
        iw, ih = self._image.width(), self._image.height()
        scale = min(self.width() / iw, self.height() / ih)
        w, h = iw * scale, ih * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def paintEvent(self, event: object) -> None:
        """Draw the frame, then the overlay (about 1 ms at 720p)."""
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("#000000"))
        rect = self._image_rect()
        if self._image is None:
            p.setPen(theme.GUIDE)
            p.setFont(QFont(self.font().family(), 26))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.message)
            p.end()
            return
        p.drawImage(rect, self._image)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = theme.GUIDE if self.passed is None else (theme.PASS if self.passed else theme.WAIT)
        self._paint_guide(p, rect, colour)
        self._paint_subject(p, rect, colour)
        if self.countdown is not None:
            self._paint_countdown(p, rect)
        if self.busy_text:
            self._paint_busy(p, rect)
        elif self.instruction:
            self._paint_instruction(p, rect)
        p.end()

    def set_busy(self, text: str, detail: str = "") -> None:
        """Show (or, with "", end) the large "taking the picture" state over the frame."""
        self.busy_text, self.busy_detail = text, detail
        self.update()

    def _paint_busy(self, p: QPainter, rect: QRectF) -> None:
        # The frame stays visible, dimmed, so the customer sees they are still in view.
        p.fillRect(rect, QColor(0, 0, 0, 150))
        size = min(rect.width(), rect.height()) * 0.22
        ring = QRectF(rect.center().x() - size / 2, rect.center().y() - size, size, size)
        p.setPen(QPen(QColor(255, 255, 255, 60), 12))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(ring)
        # An indeterminate arc that turns with the clock (frames keep repainting the view).
        start = int((time.monotonic() * 360.0) % 360.0 * 16)
        p.setPen(QPen(theme.PASS, 12, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawArc(ring, -start, 100 * 16)
        p.setPen(QColor("#ffffff"))
        p.setFont(QFont(self.font().family(), 34, QFont.Weight.Bold))
        text_box = QRectF(rect.left(), ring.bottom() + 24, rect.width(), 70)
        p.drawText(text_box, Qt.AlignmentFlag.AlignCenter, self.busy_text)
        if self.busy_detail:
            p.setPen(QColor("#c9d3dd"))
            p.setFont(QFont(self.font().family(), 22))
            detail_box = QRectF(rect.left(), text_box.bottom() + 4, rect.width(), 50)
            p.drawText(detail_box, Qt.AlignmentFlag.AlignCenter, self.busy_detail)

    def guide_rect(self, rect: QRectF) -> QRectF:
        """Where the guide sits in the image rectangle."""
        if self.kind == "face":
            h = rect.height() * 0.72
            w = h * 0.75
        elif self.kind == "receipt":
            h = rect.height() * 0.9
            w = h * 0.45
        else:
            known = KINDS.get(self.kind or "")
            aspect = known.geometry.aspect if known and known.geometry else 1.5
            w = rect.width() * 0.7
            h = w / aspect
            if h > rect.height() * 0.85:
                h = rect.height() * 0.85
                w = h * aspect
        return QRectF(rect.center().x() - w / 2, rect.center().y() - h / 2, w, h)

    def _paint_guide(self, p: QPainter, rect: QRectF, colour: QColor) -> None:
        if self.kind is None:
            return
        g = self.guide_rect(rect)
        hole = QPainterPath()
        if self.kind == "face":
            hole.addEllipse(g)
        else:
            hole.addRoundedRect(g, 18, 18)
        shade = QPainterPath()
        shade.setFillRule(Qt.FillRule.OddEvenFill)
        shade.addRect(rect)
        shade.addPath(hole)
        p.fillPath(shade, QColor(0, 0, 0, 140))
        pen = QPen(colour, 6)
        pen.setStyle(Qt.PenStyle.SolidLine if self.passed else Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(hole)

    def _paint_subject(self, p: QPainter, rect: QRectF, colour: QColor) -> None:
        if self.subject_box is None or not self._frame_size[0]:
            return
        sx = rect.width() / self._frame_size[0]
        sy = rect.height() / self._frame_size[1]
        x, y, w, h = self.subject_box
        p.setPen(QPen(QColor(colour.red(), colour.green(), colour.blue(), 160), 2))
        p.drawRect(QRectF(rect.x() + x * sx, rect.y() + y * sy, w * sx, h * sy))

    def _paint_countdown(self, p: QPainter, rect: QRectF) -> None:
        size = 120.0
        guide = self.guide_rect(rect)
        # Beside the guide, so the subject stays visible.
        x = max(float(self.rect().left()) + 16, guide.left() - size - 32)
        box = QRectF(x, guide.center().y() - size / 2, size, size)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(0, 0, 0, 170))
        p.drawEllipse(box)
        p.setPen(QPen(theme.PASS, 10))
        p.drawArc(box.adjusted(8, 8, -8, -8), 90 * 16, -int(360 * 16 * (self.countdown or 0.0)))
        p.setPen(theme.PASS)
        p.setFont(QFont(self.font().family(), 22, QFont.Weight.Bold))
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, self.tr("Hold"))

    def _paint_instruction(self, p: QPainter, rect: QRectF) -> None:
        font = QFont(self.font().family(), 30, QFont.Weight.Bold)
        p.setFont(font)
        metrics = p.fontMetrics()
        text_w = min(metrics.horizontalAdvance(self.instruction) + 60, self.width() - 40)
        box = QRectF(self.width() / 2 - text_w / 2, rect.bottom() - 110, text_w, 80)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(0, 0, 0, 190))
        p.drawRoundedRect(box, 20, 20)
        p.setPen(theme.PASS if self.passed else QColor("#ffffff"))
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, self.instruction)
