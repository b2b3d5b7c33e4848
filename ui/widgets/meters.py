"""Staff meters beside the live preview: one row per check with its verdict and measurement.

Each row is a short plain label with a verdict mark, and under it the measurement against
its threshold in words (kiosk.capture.meters). Labels never wrap or elide: the panel is as
wide as the longest line any meter can show, from the start, so the preview beside it never
jumps when the first frame's meters arrive.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from kiosk.capture.meters import TEMPLATES, Meter, meters
from kiosk.capture.result import CheckResult
from ui import texts
from ui.widgets.common import label, restyle

# The numbers change every frame; people read them a few times a second at most, and each
# change costs a relayout of the panel.
UPDATE_INTERVAL_S = 0.25


class MeterRow:
    """The labels of one meter: mark and name on one line, the measurement under them."""

    def __init__(self, grid: QGridLayout, row: int) -> None:
        self.mark = label("", "okSmall", wrap=False)
        self.mark.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.mark.setFixedWidth(26)
        self.name = label("", "meterName", wrap=False)
        self.value = label("", "meterValue", wrap=False)
        grid.addWidget(self.mark, row * 2, 0)
        grid.addWidget(self.name, row * 2, 1)
        grid.addWidget(self.value, row * 2 + 1, 1)

    def show(self, meter: Meter) -> None:
        """Show this meter."""
        mark, style = ("✔", "okSmall") if meter.passed else ("✘", "badSmall")
        if self.mark.text() != mark:
            self.mark.setText(mark)
            restyle(self.mark, style)
        name = texts.check_label(meter.name)
        value = texts.meter(meter)
        if self.name.text() != name:
            self.name.setText(name)
        if self.value.text() != value:
            self.value.setText(value)
        for widget in (self.mark, self.name, self.value):
            widget.show()

    def hide(self) -> None:
        """Not used by the current kind."""
        for widget in (self.mark, self.name, self.value):
            widget.hide()

    @property
    def labels(self) -> list[QLabel]:
        """The text labels (for the no-elision tests)."""
        return [self.name, self.value]


class MetersPanel(QFrame):
    """The meters of the newest preview frame; shown only when staff turned them on."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("meters")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 6, 12, 6)
        outer.setSpacing(2)
        outer.addWidget(label(self.tr("Staff meters"), "meterTitle", wrap=False))
        self._grid = QGridLayout()
        self._grid.setHorizontalSpacing(6)
        self._grid.setVerticalSpacing(1)
        outer.addLayout(self._grid)
        outer.addStretch(1)
        self.rows: list[MeterRow] = []
        self._last = 0.0
        self.setFixedWidth(self.widest_line() + 12 + 12 + 26 + 6 + 4)

    def widest_line(self) -> int:
        """The widest meter line in this language, with three-digit numbers (the meters
        round to whole numbers or one decimal)."""
        probe = label("", "meterValue", wrap=False)
        name = label("", "meterName", wrap=False)
        probe.setParent(self)
        name.setParent(self)
        probe.ensurePolished()
        name.ensurePolished()
        values = QFontMetrics(probe.font())
        names = QFontMetrics(name.font())
        widest = 0
        for template in TEMPLATES:
            text = texts.translate("Meters", template)
            for n in range(9, 0, -1):
                text = text.replace(f"%{n}", "100")
            widest = max(widest, values.horizontalAdvance(text))
        for check in texts.CHECK_NAMES:
            widest = max(widest, names.horizontalAdvance(texts.check_label(check)))
        probe.deleteLater()
        name.deleteLater()
        return widest

    def show_checks(self, checks: list[CheckResult], force: bool = False) -> None:
        """Show these checks' meters (at most a few times a second unless ``force``)."""
        now = time.monotonic()
        if not force and now - self._last < UPDATE_INTERVAL_S:
            return
        self._last = now
        shown = meters(checks)
        while len(self.rows) < len(shown):
            self.rows.append(MeterRow(self._grid, len(self.rows)))
        for row, meter in zip(self.rows, shown, strict=False):
            row.show(meter)
        for row in self.rows[len(shown) :]:
            row.hide()

    def clear(self) -> None:
        """No frame: no meters."""
        for row in self.rows:
            row.hide()
        self._last = 0.0
