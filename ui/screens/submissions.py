"""The admin "Submissions" view: each submission's delivery and what the server said of it."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.outbox.verdicts import SubmissionView
from ui.context import UiContext
from ui.widgets.common import button, label, touch_scrolling

COLUMNS = (
    QT_TRANSLATE_NOOP("SubmissionsView", "Reference"),
    QT_TRANSLATE_NOOP("SubmissionsView", "Kind"),
    QT_TRANSLATE_NOOP("SubmissionsView", "Time"),
    QT_TRANSLATE_NOOP("SubmissionsView", "Delivery"),
    QT_TRANSLATE_NOOP("SubmissionsView", "Verdict"),
    QT_TRANSLATE_NOOP("SubmissionsView", "Reason"),
)
WORDS = {
    "receipt": QT_TRANSLATE_NOOP("SubmissionsView", "receipt"),
    "prospect": QT_TRANSLATE_NOOP("SubmissionsView", "new customer"),
    "queued": QT_TRANSLATE_NOOP("SubmissionsView", "queued"),
    "sending": QT_TRANSLATE_NOOP("SubmissionsView", "sending"),
    "sent": QT_TRANSLATE_NOOP("SubmissionsView", "sent"),
    "failed": QT_TRANSLATE_NOOP("SubmissionsView", "failed"),
    "purged": QT_TRANSLATE_NOOP("SubmissionsView", "deleted"),
    "valid": QT_TRANSLATE_NOOP("SubmissionsView", "valid"),
    "invalid": QT_TRANSLATE_NOOP("SubmissionsView", "invalid"),
    "pending": QT_TRANSLATE_NOOP("SubmissionsView", "pending"),
    "incomplete": QT_TRANSLATE_NOOP("SubmissionsView", "incomplete"),
    "received": QT_TRANSLATE_NOOP("SubmissionsView", "received"),
    "received (duplicate)": QT_TRANSLATE_NOOP("SubmissionsView", "received (duplicate)"),
}


class SubmissionsView(QWidget):
    """A table of the newest submissions, read through the core off the UI thread."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.views: list[SubmissionView] = []
        box = QVBoxLayout(self)
        self.summary = label("", "subtitle")
        box.addWidget(self.summary)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(48)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        # Short fields as wide as their content, the reason takes what is left.
        for col in range(len(COLUMNS) - 1):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        touch_scrolling(self.table)
        box.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(button(self.tr("Refresh"), self.refresh, object_id="refresh-submissions"))
        row.addStretch(1)
        box.addLayout(row)

    def refresh(self) -> None:
        """Reload the list (a local read, still kept off the UI thread)."""
        core = self.ctx.core
        self.ctx.background.run(lambda: core.submissions(100), self.show_views)

    def _word(self, text: str) -> str:
        return self.tr(WORDS[text]) if text in WORDS else text

    def show_views(self, views: list[SubmissionView]) -> None:
        """Fill the table: reference, kind, time, delivery, verdict and reason."""
        self.views = views
        judged = sum(1 for v in views if v.verdict is not None and v.verdict.final)
        self.summary.setText(
            self.tr("%1 submissions, %2 with a final verdict")
            .replace("%1", str(len(views)))
            .replace("%2", str(judged))
        )
        self.table.setRowCount(len(views))
        for row, view in enumerate(views):
            verdict = view.verdict
            if verdict is None:
                said, why = "", ""
            else:
                said, why = self._word(verdict.summary), verdict.reason
                if not why and verdict.points is not None:
                    why = self.tr("%1 points").replace("%1", str(verdict.points))
                elif not why and verdict.request_id:
                    why = f"requestId {verdict.request_id}"
            values = (
                view.reference,
                self._word(view.kind),
                datetime.fromtimestamp(view.created_at).strftime("%Y-%m-%d %H:%M"),
                self._word(view.delivery),
                said,
                why,
            )
            for col, value in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(value))
