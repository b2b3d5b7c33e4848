"""The admin screen (behind the PIN): outbox, camera, effective config, exit."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.camera.device import list_devices
from kiosk.camera.health import CameraTestReport, run_camera_test
from kiosk.config import masked_dump
from kiosk.core import KioskCore
from kiosk.outbox.jobs import Job, JobState
from ui import texts
from ui.context import UiContext
from ui.screens.submissions import SubmissionsView
from ui.widgets.common import Page, button, label

log = logging.getLogger(__name__)

HEALTH_SECONDS = 2.0
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
        self.set_heading(self.tr("Admin"), self.tr("Staff tools. Leave with Back to kiosk."))
        self.tabs = QTabWidget()
        self.tabs.addTab(self._outbox_tab(), self.tr("Outbox"))
        self.tabs.addTab(self._camera_tab(), self.tr("Camera"))
        self.tabs.addTab(self._config_tab(), self.tr("Configuration"))
        self.submissions = SubmissionsView(ctx)
        self.tabs.addTab(self.submissions, self.tr("Submissions"))
        self.body.addWidget(self.tabs, 1)
        self.set_footer(
            [button(self.tr("Exit kiosk"), self.exit_requested.emit, "danger", object_id="exit")],
            [button(self.tr("Back to kiosk"), self.back.emit, "primary", object_id="back")],
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
        self.table.verticalHeader().setDefaultSectionSize(48)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAlternatingRowColors(True)
        for col, width in enumerate((70, 170, 250, 120, 110, 120)):
            self.table.setColumnWidth(col, width)
        box.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(button(self.tr("Refresh"), self.refresh, object_id="refresh"))
        row.addWidget(button(self.tr("Retry selected"), self.retry_selected, object_id="retry"))
        row.addWidget(button(self.tr("Retry all failed"), self.retry_all, object_id="retry-all"))
        row.addWidget(
            button(self.tr("Delete selected"), self.delete_selected, "danger", object_id="delete")
        )
        row.addStretch(1)
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
                job.kind.value,
                texts.state_label(job.state),
                str(job.attempts),
                updated,
                job.last_error or "",
            )
            for col, value in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(value))

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

    # -- camera -------------------------------------------------------------------------

    def _camera_tab(self) -> QWidget:
        tab = QWidget()
        box = QHBoxLayout(tab)
        left = QVBoxLayout()
        left.addWidget(label(self.tr("Camera source"), "subtitle"))
        self.sources = QListWidget()
        left.addWidget(self.sources, 1)
        row = QHBoxLayout()
        row.addWidget(button(self.tr("Find cameras"), self.find_cameras, object_id="find"))
        row.addWidget(button(self.tr("Use selected"), self.use_selected, object_id="use"))
        left.addLayout(row)
        box.addLayout(left, 1)
        right = QVBoxLayout()
        right.addWidget(label(self.tr("Health check"), "subtitle"))
        self.health = label(
            self.tr("Hold an ID card in front of the camera, then run the check."), "hint"
        )
        right.addWidget(self.health)
        right.addStretch(1)
        # Meters are for staff tuning the kiosk; customers see only the guide and one line.
        self.meters_toggle = button(
            self.tr("Show staff meters beside the preview"),
            self.toggle_meters,
            "staff",
            object_id="meters",
        )
        self.meters_toggle.setCheckable(True)
        self.meters_toggle.setChecked(bool(self.ctx.prefs and self.ctx.prefs.show_meters))
        right.addWidget(self.meters_toggle)
        # The demo camera can hold up an unreadable (dark) receipt, to show an invalid result.
        self.bad_receipt_button = button("", self.toggle_bad_receipt, object_id="demo-bad-receipt")
        self._bad_receipt = False
        self._show_bad_receipt()
        right.addWidget(self.bad_receipt_button)
        right.addWidget(
            button(self.tr("Run health check"), self.health_check, "primary", object_id="health")
        )
        box.addLayout(right, 1)
        return tab

    def _show_bad_receipt(self) -> None:
        camera = self.ctx.services.camera
        self.bad_receipt_button.setVisible(hasattr(camera, "set_bad_receipt"))
        self.bad_receipt_button.setText(
            self.tr("Demo camera: show the good receipt")
            if self._bad_receipt
            else self.tr("Demo camera: show an unreadable receipt")
        )

    def toggle_bad_receipt(self) -> None:
        """Demo camera: switch between the good receipt and a dark, unreadable one."""
        camera = self.ctx.services.camera
        if hasattr(camera, "set_bad_receipt"):
            self._bad_receipt = not self._bad_receipt
            camera.set_bad_receipt(self._bad_receipt)
        self._show_bad_receipt()

    def toggle_meters(self) -> None:
        """Staff meters on or off in every live preview, remembered in the data dir."""
        if self.ctx.prefs is not None:
            self.ctx.prefs.set_show_meters(self.meters_toggle.isChecked())

    def find_cameras(self) -> None:
        """List the cameras that open (probing is slow: off the UI thread)."""
        camera = self.ctx.services.settings.camera
        self.sources.clear()
        self.sources.addItem(self.tr("Looking for cameras…"))
        self.ctx.background.run(lambda: list_devices(camera), self._show_sources)

    def _show_sources(self, devices: list[Any]) -> None:
        self.sources.clear()
        for device in devices:
            item = QListWidgetItem(
                f"{device.index}: {device.name} ({device.width}×{device.height})"
            )
            item.setData(256, str(device.index))
            self.sources.addItem(item)
        item = QListWidgetItem(self.tr("Demo camera"))
        item.setData(256, "demo")
        self.sources.addItem(item)

    def use_selected(self) -> None:
        """Switch the kiosk to the selected camera."""
        item = self.sources.currentItem()
        source = item.data(256) if item is not None else None
        if not source:
            return
        services = self.ctx.services

        def switch() -> str:
            services.reopen_camera(source)
            return source

        self.ctx.background.run(
            switch, lambda _: self.camera_changed.emit(), lambda e: self.health.setText(str(e))
        )

    def health_check(self) -> None:
        """Read the camera for two seconds and measure what it delivers."""
        camera = self.ctx.services.camera
        if camera is None:
            self.health.setText(self.tr("No camera is open."))
            return
        if hasattr(camera, "set_scene"):
            camera.set_scene("card")  # the demo camera holds up its specimen card
        self.health.setText(self.tr("Measuring…"))
        self.ctx.background.run(lambda: run_camera_test(camera, HEALTH_SECONDS), self._health)

    def _health(self, report: CameraTestReport) -> None:
        info = report.info
        lines = [
            self.tr("Source: %1").replace("%1", info.name),
            self.tr("Resolution: %1 × %2")
            .replace("%1", str(info.width))
            .replace("%2", str(info.height)),
            self.tr("Frames per second: %1").replace("%1", f"{info.fps:.1f}"),
            self.tr("Focus: %1").replace("%1", "–" if report.focus is None else str(report.focus)),
        ]
        if report.card is not None:
            lines.append(self.tr("Card in view: %1 dpi").replace("%1", f"{report.card.dpi:.0f}"))
        else:
            lines.append(self.tr("No ID card in view (needed to measure dpi)"))
        if report.error:
            lines.append(report.error)
        self.health.setText("\n".join(lines))

    # -- config -------------------------------------------------------------------------

    def _config_tab(self) -> QWidget:
        tab = QWidget()
        box = QVBoxLayout(tab)
        self.config_view = QPlainTextEdit()
        self.config_view.setReadOnly(True)
        box.addWidget(self.config_view)
        return tab

    def show_admin(self) -> None:
        """Fill every tab (called each time the screen opens)."""
        dump = masked_dump(self.ctx.services.settings)
        self.config_view.setPlainText(json.dumps(dump, indent=2, default=str))
        self.refresh()
        self.submissions.refresh()
        self._show_bad_receipt()
        if self.sources.count() == 0:
            self._show_sources([])
