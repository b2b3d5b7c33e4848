"""The list of a picture's check results, failed ones first."""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from kiosk.capture.result import CheckResult
from ui import texts
from ui.widgets.common import label, touch_scrolling

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
