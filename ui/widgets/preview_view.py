"""The live preview: the newest frame, a guide that turns green, one instruction.

Staff meters sit beside it in their own panel (ui.widgets.meters), never over the subject.
"""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.capture.result import CheckResult
from kiosk.kinds import KINDS
from ui import theme

# Qt's QWIDGETSIZE_MAX: no maximum.
QWIDGETSIZE_MAX = 16777215
# The instruction's point sizes: as large as its band allows, never below legible.
INSTRUCTION_MAX_PT = 30
INSTRUCTION_MIN_PT = 12
MAX_LINES = 3
# Room between a band's edge and the text's backing, and inside the backing.
BAND_PAD, TEXT_PAD_X, TEXT_PAD_Y = 4.0, 10.0, 3.0


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
        self._placed: tuple[object, tuple[QRectF, int]] | None = None
        # Where the instruction and the hold ring were last drawn (empty: not drawn).
        self.instruction_rect = QRectF()
        self.ring_rect = QRectF()

    def resizeEvent(self, event: object) -> None:
        """Tell the preview thread the new size, so it resizes frames for us; on a portrait
        screen, no taller than the picture (no black bands above and below it)."""
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit_height()
        self.resized.emit(self.width(), self.height())

    def _fit_height(self) -> None:
        w, h = self._frame_size if self._frame_size[0] else (16, 9)
        if self._image is not None:
            w, h = self._image.width(), self._image.height()
        limit = max(self.minimumHeight(), round(self.width() * h / max(w, 1)) + 2)
        window = self.window()
        portrait = window is not None and window.height() > window.width()
        wanted = limit if portrait else QWIDGETSIZE_MAX
        if self.maximumHeight() != wanted:
            self.setMaximumHeight(wanted)

    def set_frame(self, display: np.ndarray, full_size: tuple[int, int]) -> None:
        """Show this display-sized BGR frame of a ``full_size`` (w, h) camera frame."""
        shape_changed = self._image is None or (
            self._image.width() * display.shape[0] != self._image.height() * display.shape[1]
        )
        self._array = display
        self._image = as_qimage(display)
        self._frame_size = full_size
        if shape_changed:
            self._fit_height()
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
        self.ring_rect = self.instruction_rect = QRectF()
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
        # The hold ring belongs to holding: while the picture is taken, only the progress shows.
        if self.countdown is not None and not self.busy_text:
            self._paint_countdown(p, rect)
        if self.busy_text:
            self._paint_busy(p, rect)
        elif self.instruction:
            self._paint_instruction(p, rect)
        p.end()

    def set_busy(self, text: str, detail: str = "") -> None:
        """Show (or, with "", end) the large "taking the picture" state over the frame."""
        self.busy_text, self.busy_detail = text, detail
        if text:
            self.countdown = None
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
        known = KINDS.get(self.kind or "")
        guide = known.guide if known else "document"
        if guide == "oval":
            h = rect.height() * 0.72
            w = h * 0.75
        elif guide == "receipt":
            h = rect.height() * 0.9
            w = min(h * 0.45, rect.width() * 0.6)
        else:
            aspect = known.geometry.aspect if known and known.geometry else 1.5
            # At most 72 % of the height: a band above and below stays free for the
            # instruction, off the document (its MRZ lines and barcode are at its edges).
            w = rect.width() * 0.7
            h = w / aspect
            if h > rect.height() * 0.72:
                h = rect.height() * 0.72
                w = h * aspect
        return QRectF(rect.center().x() - w / 2, rect.center().y() - h / 2, w, h)

    def _paint_guide(self, p: QPainter, rect: QRectF, colour: QColor) -> None:
        if self.kind is None:
            return
        g = self.guide_rect(rect)
        hole = QPainterPath()
        known = KINDS.get(self.kind)
        if known is not None and known.guide == "oval":
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

    def _countdown_rect(self, rect: QRectF) -> QRectF:
        """The hold ring: in the band left of the guide when it fits there, else its corner."""
        size = min(120.0, max(64.0, min(rect.width(), rect.height()) * 0.18))
        guide = self.guide_rect(rect)
        room = guide.left() - rect.left()
        if room >= size + 24:
            x = rect.left() + (room - size) / 2
            return QRectF(x, guide.center().y() - size / 2, size, size)
        return QRectF(rect.left() + 12, rect.top() + 12, size, size)

    def _paint_countdown(self, p: QPainter, rect: QRectF) -> None:
        box = self.ring_rect = self._countdown_rect(rect)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(0, 0, 0, 170))
        p.drawEllipse(box)
        pen = max(4.0, box.width() / 12)
        p.setPen(QPen(theme.PASS, pen))
        inset = pen * 0.8
        p.drawArc(
            box.adjusted(inset, inset, -inset, -inset),
            90 * 16,
            -int(360 * 16 * (self.countdown or 0.0)),
        )
        p.setPen(theme.PASS)
        p.setFont(QFont(self.font().family(), max(12, round(box.width() / 5.5)), QFont.Weight.Bold))
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, self.tr("Hold"))

    def instruction_box(self, rect: QRectF) -> tuple[QRectF, int]:
        """Where the instruction goes and at what point size: inside the picture, in the band
        beside the guide where it fits largest (below it when as good), never over the
        document unless no band can hold it at the smallest size."""
        # Frames repaint 30 times a second; the place changes only with the text or the size.
        key = (
            self.instruction,
            rect.getRect(),
            self.kind,
            self.countdown is not None,
            # The found document moves a little every frame: the place follows in 8 px steps.
            None if self.subject_box is None else tuple(round(v / 8) for v in self.subject_box),
        )
        if self._placed is not None and self._placed[0] == key:
            return self._placed[1]
        placed = self._place_instruction(rect)
        self._placed = (key, placed)
        return placed

    def _subject_rect(self, rect: QRectF) -> QRectF | None:
        """The detected document or face, in the view's coordinates."""
        if self.subject_box is None or not self._frame_size[0]:
            return None
        sx = rect.width() / self._frame_size[0]
        sy = rect.height() / self._frame_size[1]
        x, y, w, h = self.subject_box
        return QRectF(rect.x() + x * sx, rect.y() + y * sy, w * sx, h * sy)

    def _place_instruction(self, rect: QRectF) -> tuple[QRectF, int]:
        # Off the document: the guide, and the document where it was found (it may be held
        # larger than the guide).
        avoid = self.guide_rect(rect)
        found = self._subject_rect(rect)
        if found is not None:
            avoid = avoid.united(found).intersected(rect)
        bands = [
            QRectF(rect.left(), avoid.bottom(), rect.width(), rect.bottom() - avoid.bottom()),
            QRectF(rect.left(), rect.top(), rect.width(), avoid.top() - rect.top()),
            QRectF(avoid.right(), rect.top(), rect.right() - avoid.right(), rect.height()),
            QRectF(rect.left(), rect.top(), avoid.left() - rect.left(), rect.height()),
        ]
        if self.countdown is not None:
            ring = self._countdown_rect(rect)
            bands = [b for b in bands if not b.intersects(ring)]
        best: tuple[QRectF, int] | None = None
        for band in bands:
            inner = band.adjusted(BAND_PAD, BAND_PAD, -BAND_PAD, -BAND_PAD)
            if inner.width() < 60 or inner.height() < 24:
                continue
            size = self._fitting_size(inner)
            if size and (best is None or size > best[1]):
                best = (inner, size)
        if best is not None:
            return best
        # No band holds it: the bottom of the picture, over the document's edge, small.
        height = min(rect.height() / 3, 90.0)
        box = QRectF(
            rect.left() + BAND_PAD,
            rect.bottom() - height - BAND_PAD,
            rect.width() - 2 * BAND_PAD,
            height,
        )
        return box, self._fitting_size(box) or INSTRUCTION_MIN_PT

    def _fitting_size(self, box: QRectF) -> int:
        """The largest point size at which the instruction, wrapped, fits ``box``."""
        flags = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        room = box.adjusted(TEXT_PAD_X, TEXT_PAD_Y, -TEXT_PAD_X, -TEXT_PAD_Y)
        for size in range(INSTRUCTION_MAX_PT, INSTRUCTION_MIN_PT - 1, -2):
            metrics = QFontMetricsF(QFont(self.font().family(), size, QFont.Weight.Bold))
            need = metrics.boundingRect(room, flags, self.instruction)
            lines = need.height() / metrics.lineSpacing()
            # At most three lines: a tall column of single words reads worse than smaller type.
            if (
                need.width() <= room.width() + 0.5
                and need.height() <= room.height() + 0.5
                and lines <= MAX_LINES + 0.5
            ):
                return size
        return 0

    def _paint_instruction(self, p: QPainter, rect: QRectF) -> None:
        box, size = self.instruction_box(rect)
        font = QFont(self.font().family(), size, QFont.Weight.Bold)
        p.setFont(font)
        flags = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        text = self.instruction
        metrics = QFontMetricsF(font)
        room = box.adjusted(TEXT_PAD_X, TEXT_PAD_Y, -TEXT_PAD_X, -TEXT_PAD_Y)
        need = metrics.boundingRect(room, flags, text)
        if need.height() > room.height() + 0.5 or need.width() > room.width() + 0.5:
            # Still too long at the smallest size: one line, elided, rather than off the picture.
            text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room.width())
            need = metrics.boundingRect(room, flags, text)
        back = QRectF(0, 0, need.width() + 2 * TEXT_PAD_X, need.height() + 2 * TEXT_PAD_Y)
        back.moveCenter(box.center())
        self.instruction_rect = back
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(0, 0, 0, 190))
        p.drawRoundedRect(back, 12, 12)
        p.setPen(theme.PASS if self.passed else QColor("#ffffff"))
        p.drawText(back.adjusted(TEXT_PAD_X, TEXT_PAD_Y, -TEXT_PAD_X, -TEXT_PAD_Y), flags, text)
