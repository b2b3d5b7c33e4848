"""The admin screen (behind the PIN): outbox, camera, effective config, submissions, health,
exit."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.core import KioskCore
from kiosk.outbox.jobs import Job, JobState
from ui import texts
from ui.context import UiContext
from ui.screens.admin_camera import CameraTab
from ui.screens.admin_config import ConfigTab
from ui.screens.admin_health import HealthTab
from ui.screens.submissions import SubmissionsView
from ui.widgets.common import (
    Page,
    ScrollTabs,
    button,
    keyboard_focus,
    label,
    touch_scrolling,
)
from ui.widgets.confirm import confirm_overlay
from ui.widgets.layouts import FlowLayout

log = logging.getLogger(__name__)

# The outbox's calls as staff read them (JobKind values are internal names).
CALLS = {
    "amplifi.prospect_image": QT_TRANSLATE_NOOP("AdminScreen", "AmpliFi image"),
    "amplifi.generic_request": QT_TRANSLATE_NOOP("AdminScreen", "AmpliFi session"),
    "sessionm.create": QT_TRANSLATE_NOOP("AdminScreen", "SessionM receipt"),
    "sessionm.add_image": QT_TRANSLATE_NOOP("AdminScreen", "SessionM receipt part"),
}

JOB_COLUMNS = (
    QT_TRANSLATE_NOOP("AdminScreen", "Job"),
    QT_TRANSLATE_NOOP("AdminScreen", "Reference"),
    QT_TRANSLATE_NOOP("AdminScreen", "Call"),
    QT_TRANSLATE_NOOP("AdminScreen", "State"),
    QT_TRANSLATE_NOOP("AdminScreen", "Attempts"),
    QT_TRANSLATE_NOOP("AdminScreen", "Updated"),
    QT_TRANSLATE_NOOP("AdminScreen", "Reason"),
)


class AdminScreen(Page):
    """Staff tools; ``back`` returns to the kiosk, ``exit_requested`` closes it."""

    back = Signal()
    exit_requested = Signal()
    camera_changed = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.jobs: list[Job] = []
        # No subtitle: the tabs need the height on a 1280×800 screen.
        self.set_heading(self.tr("Admin"))
        self.tabs = ScrollTabs()
        self.tabs.add(self._outbox_tab(), self.tr("Outbox"))
        self.camera = CameraTab(ctx)
        self.camera.camera_changed.connect(self.camera_changed.emit)
        self.tabs.add(self.camera, self.tr("Camera"))
        self.config = ConfigTab(ctx.services.settings)
        self.tabs.add(self.config, self.tr("Configuration"))
        self.submissions = SubmissionsView(ctx)
        self.tabs.add(self.submissions, self.tr("Submissions"))
        self.health = HealthTab(ctx)
        self.tabs.add(self.health, self.tr("Health"))
        self.body.addWidget(self.tabs, 1)
        self.set_footer(
            [button(self.tr("Exit kiosk"), self.ask_exit, "danger", object_id="exit")],
            [button(self.tr("Back to kiosk"), self.back.emit, "primary", object_id="back")],
        )
        # Staff may use a keyboard here: every control takes Tab focus and shows it.
        keyboard_focus(self)

    def ask_exit(self) -> None:
        """Close the kiosk once staff confirm (customers cannot use it until it is started)."""
        confirm_overlay(self).ask(
            self.tr("Exit the kiosk?"),
            self.tr(
                "The kiosk closes and customers cannot use it until it is started again. "
                "Pictures already sent or waiting in the outbox are kept."
            ),
            self.tr("Exit kiosk"),
            self.tr("Stay"),
            self.exit_requested.emit,
        )

    # -- outbox --------------------------------------------------------------------------

    def _outbox_tab(self) -> QWidget:
        tab = QWidget()
        box = QVBoxLayout(tab)
        self.queue_summary = label("", "subtitle")
        box.addWidget(self.queue_summary)
        self.table = QTableWidget(0, len(JOB_COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in JOB_COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(40)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        # Every column as wide as its content; the reason takes what is left (elided there,
        # in full below the table once its row is selected).
        for col in range(len(JOB_COLUMNS) - 1):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(JOB_COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._show_reason)
        touch_scrolling(self.table)
        box.addWidget(self.table, 1)
        self.reason = label("", "hint")
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(self.reason)
        row = FlowLayout()
        row.addWidget(button(self.tr("Refresh"), self.refresh, object_id="refresh"))
        row.addWidget(button(self.tr("Retry selected"), self.retry_selected, object_id="retry"))
        row.addWidget(button(self.tr("Retry all failed"), self.retry_all, object_id="retry-all"))
        row.addWidget(
            button(self.tr("Delete selected"), self.delete_selected, "danger", object_id="delete")
        )
        box.addLayout(row)
        return tab

    def refresh(self) -> None:
        """Reload the job list (off the UI thread)."""
        core = self.ctx.core
        self.ctx.background.run(
            lambda: (core.jobs(limit=200), core.status(errors=0)), self._show_jobs
        )

    def _show_jobs(self, answer: tuple[list[Job], Any]) -> None:
        self.jobs, status = answer
        counts = status.counts
        self.queue_summary.setText(
            self.tr("Waiting %1 · sending %2 · delivered %3 · failed %4")
            .replace("%1", str(counts.get("pending", 0)))
            .replace("%2", str(counts.get("in_flight", 0)))
            .replace("%3", str(counts.get("done", 0)))
            .replace("%4", str(counts.get("failed", 0)))
        )
        self.table.setRowCount(len(self.jobs))
        for row, job in enumerate(self.jobs):
            updated = datetime.fromtimestamp(job.updated_at).strftime("%H:%M:%S")
            values = (
                str(job.id),
                job.submission,
                self.tr(CALLS[job.kind.value]) if job.kind.value in CALLS else job.kind.value,
                texts.state_label(job.state),
                str(job.attempts),
                updated,
                job.last_error or "",
            )
            for col, value in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(value))

    def _show_reason(self) -> None:
        """The selected job's reason in full (the table's column may cut it)."""
        job = self._selected()
        if job is None:
            self.reason.setText("")
            return
        self.reason.setText(
            self.tr("Job %1: %2")
            .replace("%1", str(job.id))
            .replace("%2", job.last_error or self.tr("no problem recorded"))
        )

    def _selected(self) -> Job | None:
        rows = self.table.selectionModel().selectedRows()
        return self.jobs[rows[0].row()] if rows and rows[0].row() < len(self.jobs) else None

    def retry_selected(self) -> None:
        """Send the selected failed job again."""
        job = self._selected()
        if job is not None and job.state is JobState.FAILED:
            self._queue_action(lambda core: core.retry(job.id))

    def retry_all(self) -> None:
        """Send every failed job again."""
        self._queue_action(lambda core: core.retry())

    def delete_selected(self) -> None:
        """Delete the selected failed job (and what waits on it)."""
        job = self._selected()
        if job is not None and job.state is JobState.FAILED:
            self._queue_action(lambda core: core.purge_failed(job_id=job.id))

    def _queue_action(self, action: Callable[[KioskCore], int]) -> None:
        core = self.ctx.core
        self.ctx.background.run(lambda: action(core), lambda _: self.refresh())

    def show_admin(self) -> None:
        """Fill every tab (called each time the screen opens)."""
        self.config.refresh()
        self.refresh()
        self.health.refresh()
        self.submissions.refresh()
        self.camera.show_bad_receipt()
        if self.camera.sources.count() == 0:
            self.camera.show_sources([])

    # The camera tab's tools, as the screen's own (screenshots, tests).
    @property
    def bad_receipt_button(self) -> QPushButton:
        """The demo camera's good/bad receipt switch."""
        return self.camera.bad_receipt_button

    def toggle_bad_receipt(self) -> None:
        """Demo camera: switch between the good receipt and a dark, unreadable one."""
        self.camera.toggle_bad_receipt()

    def health_check(self) -> None:
        """Run the camera health check."""
        self.camera.health_check()
