"""The admin screen's camera tab: find and choose a camera, its health against the capture
thresholds, staff meters on or off, and the demo camera's bad receipt."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.camera.device import list_devices
from kiosk.camera.health import CameraTestReport, HealthLine, camera_verdict, run_camera_test
from ui.context import UiContext
from ui.widgets.common import button, label, restyle, touch_scrolling
from ui.widgets.layouts import FlowLayout

HEALTH_SECONDS = 2.0
SOURCE_ROLE = 256  # Qt.UserRole: the source string an item opens


class CameraTab(QWidget):
    """Camera tools for staff; ``camera_changed`` after a switch."""

    camera_changed = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        outer = QVBoxLayout(self)
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.box.setSpacing(24)
        self._toggles()
        self.box.addLayout(self._sources_column(), 2)
        self.box.addLayout(self._health_column(), 3)
        outer.addLayout(self.box, 1)
        # The staff switches under both columns, wrapping: their labels are long.
        toggles = FlowLayout()
        toggles.addWidget(self.meters_toggle)
        toggles.addWidget(self.bad_receipt_button)
        outer.addLayout(toggles)

    def set_compact(self, compact: bool) -> None:
        """A shorter camera list on a low screen (it still shows three cameras)."""
        self.sources.setMinimumHeight(100 if compact else 150)

    def resizeEvent(self, event: object) -> None:
        """Sources above the health check on a portrait screen, beside it otherwise."""
        super().resizeEvent(event)  # type: ignore[arg-type]
        window = self.window()
        stacked = self.width() < 800 or window.height() > window.width()
        direction = (
            QBoxLayout.Direction.TopToBottom if stacked else QBoxLayout.Direction.LeftToRight
        )
        if self.box.direction() != direction:
            self.box.setDirection(direction)

    # -- finding cameras ----------------------------------------------------------------

    def _sources_column(self) -> QVBoxLayout:
        left = QVBoxLayout()
        left.addWidget(label(self.tr("Camera source"), "subtitle"))
        self.sources = QListWidget()
        # Three rows at least (a list squashed to one row hides the demo camera); the page
        # scrolls on a screen too low for the tab, with its buttons still in view.
        self.sources.setMinimumHeight(150)
        touch_scrolling(self.sources)
        left.addWidget(self.sources, 1)
        self.find_progress = QProgressBar()
        self.find_progress.setRange(0, 0)  # busy: probing has no known length
        self.find_progress.setTextVisible(False)
        self.find_progress.hide()
        left.addWidget(self.find_progress)
        self.find_status = label("", "hint")
        left.addWidget(self.find_status)
        row = FlowLayout()
        self.find_button = button(
            self.tr("Find cameras"), self.find_cameras, "tool", object_id="find"
        )
        row.addWidget(self.find_button)
        row.addWidget(button(self.tr("Use selected"), self.use_selected, "tool", object_id="use"))
        left.addLayout(row)
        return left

    def find_cameras(self) -> None:
        """List the cameras that open (probing takes seconds: off the UI thread, with progress)."""
        camera = self.ctx.services.settings.camera
        self.find_button.setEnabled(False)
        self.find_progress.show()
        self.find_status.setText(self.tr("Looking for cameras…"))
        self.ctx.background.run(lambda: list_devices(camera), self._found, self._find_failed)

    def _found(self, devices: list[Any]) -> None:
        self.show_sources(devices)
        self.find_button.setEnabled(True)
        self.find_progress.hide()
        self.find_status.setText(
            self.tr("Found %n cameras; the demo camera is always listed.", "", len(devices))
            if devices
            else self.tr("No camera found; only the demo camera is listed.")
        )

    def _find_failed(self, error: BaseException) -> None:
        self.find_button.setEnabled(True)
        self.find_progress.hide()
        self.find_status.setText(self.tr("Looking for cameras failed; see the kiosk log."))

    def show_sources(self, devices: list[Any]) -> None:
        """Fill the list: each camera that opened, then the demo camera."""
        self.sources.clear()
        for device in devices:
            item = QListWidgetItem(
                f"{device.index}: {device.name} ({device.width}×{device.height})"
            )
            item.setData(SOURCE_ROLE, str(device.index))
            self.sources.addItem(item)
        item = QListWidgetItem(self.tr("Demo camera"))
        item.setData(SOURCE_ROLE, "demo")
        self.sources.addItem(item)

    def use_selected(self) -> None:
        """Switch the kiosk to the selected camera."""
        item = self.sources.currentItem()
        source = item.data(SOURCE_ROLE) if item is not None else None
        if not source:
            return
        services = self.ctx.services

        def switch() -> str:
            services.reopen_camera(source)
            return source

        self.ctx.background.run(
            switch,
            lambda _: self.camera_changed.emit(),
            lambda e: self.find_status.setText(str(e)),
        )

    # -- health ---------------------------------------------------------------------------

    def _health_column(self) -> QVBoxLayout:
        right = QVBoxLayout()
        head = QHBoxLayout()
        head.addWidget(label(self.tr("Health check"), "subtitle"), 1)
        head.addWidget(
            button(self.tr("Run health check"), self.health_check, "tool", object_id="health")
        )
        right.addLayout(head)
        self.health = label(
            self.tr("Hold an ID card in front of the camera, then run the check."), "hint"
        )
        right.addWidget(self.health)
        self.health_table = QTableWidget(0, 3)
        self.health_table.setHorizontalHeaderLabels(
            [self.tr("Measured"), self.tr("Captures need"), self.tr("Verdict")]
        )
        self.health_table.verticalHeader().hide()
        self.health_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.health_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.health_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.health_table.setWordWrap(True)
        self.health_table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.health_table.hide()
        right.addWidget(self.health_table)
        right.addStretch(1)
        return right

    def _toggles(self) -> None:
        # Meters are for staff tuning the kiosk; customers see only the guide and one line.
        self.meters_toggle = button(
            self.tr("Show staff meters beside the preview"),
            self.toggle_meters,
            "tool",
            object_id="meters",
        )
        self.meters_toggle.setCheckable(True)
        self.meters_toggle.setChecked(bool(self.ctx.prefs and self.ctx.prefs.show_meters))
        # The demo camera can hold up an unreadable (dark) receipt, to show an invalid result.
        self.bad_receipt_button = button(
            "", self.toggle_bad_receipt, "tool", object_id="demo-bad-receipt"
        )
        self._bad_receipt = False
        self.show_bad_receipt()

    def health_check(self) -> None:
        """Read the camera for two seconds and judge what it delivers."""
        camera = self.ctx.services.current_camera()
        if camera is None:
            self.health.setText(self.tr("No camera is open."))
            self.health_table.hide()
            return
        if hasattr(camera, "set_scene"):
            camera.set_scene("card")  # the demo camera holds up its specimen card
        self.health.setText(self.tr("Measuring…"))
        self.ctx.background.run(lambda: run_camera_test(camera, HEALTH_SECONDS), self.show_health)

    def show_health(self, report: CameraTestReport) -> None:
        """One row per measured property with its verdict against the capture thresholds."""
        verdict = camera_verdict(report, self.ctx.services.settings.capture.document)
        lines = verdict.lines
        self.health_lines = lines
        failed = verdict.failed
        summary = (
            self.tr("%1: ready for captures.")
            if not failed
            else self.tr("%1: %2 of %3 checks failed.")
            .replace("%2", str(len(failed)))
            .replace("%3", str(len(lines)))
        ).replace("%1", report.info.name)
        if report.error:
            summary += " " + report.error
        self.health.setText(summary)
        restyle(self.health, "ok" if not failed else "warn")
        self.health_table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            measured, need = self._words(line)
            # A line below the recommendation passes (captures pass), in amber; its "needs"
            # cell says what is recommended.
            mark = QTableWidgetItem(self.tr("Pass") if line.passed else self.tr("Fail"))
            colour = "#f87171" if not line.passed else "#fbbf24" if line.advice else "#4ade80"
            mark.setForeground(QColor(colour))
            self.health_table.setItem(row, 0, QTableWidgetItem(measured))
            self.health_table.setItem(row, 1, QTableWidgetItem(need))
            self.health_table.setItem(row, 2, mark)
        self.health_table.resizeRowsToContents()
        # All four lines in view, no scrolling.
        rows = sum(self.health_table.rowHeight(r) for r in range(len(lines)))
        self.health_table.setFixedHeight(rows + self.health_table.horizontalHeader().height() + 4)
        self.health_table.show()

    def _words(self, line: HealthLine) -> tuple[str, str]:
        """What was measured and what captures need, in words with units."""
        none = self.tr("not measured")
        if line.name == "resolution":
            w, h = line.value if isinstance(line.value, tuple) else (0, 0)
            return (
                self.tr("Resolution %1 × %2").replace("%1", str(w)).replace("%2", str(h)),
                self.tr("%1 px wide recommended (%2 dpi on a card)")
                .replace("%1", f"{line.need:.0f}")
                .replace("%2", f"{self.ctx.services.settings.capture.document.min_dpi:.0f}"),
            )
        if line.name == "fps":
            return (
                self.tr("%1 frames a second").replace("%1", f"{float(line.value or 0):.1f}"),
                self.tr("at least %1").replace("%1", f"{line.need:.0f}"),
            )
        if line.name == "focus":
            value = none if line.value is None else f"{float(line.value):.0f}"  # type: ignore[arg-type]
            return (
                self.tr("Focus %1").replace("%1", value),
                self.tr("at least %1").replace("%1", f"{line.need:.0f}"),
            )
        value = (
            self.tr("no ID card in view") if line.value is None else f"{float(line.value):.0f}"  # type: ignore[arg-type]
        )
        return (
            self.tr("Card detail %1 dpi").replace("%1", value),
            self.tr("at least %1 dpi").replace("%1", f"{line.need:.0f}"),
        )

    # -- toggles ----------------------------------------------------------------------------

    def toggle_meters(self) -> None:
        """Staff meters on or off in every live preview, remembered in the data dir."""
        if self.ctx.prefs is not None:
            self.ctx.prefs.set_show_meters(self.meters_toggle.isChecked())

    def show_bad_receipt(self) -> None:
        """The demo button's text (hidden with a real camera); opens no camera: it runs while
        the screen is built, and again each time the admin screen is shown."""
        camera = self.ctx.services.camera
        self.bad_receipt_button.setVisible(hasattr(camera, "set_bad_receipt"))
        self.bad_receipt_button.setText(
            self.tr("Demo: show the good receipt")
            if self._bad_receipt
            else self.tr("Demo: show an unreadable receipt")
        )

    def toggle_bad_receipt(self) -> None:
        """Demo camera: switch between the good receipt and a dark, unreadable one."""
        camera = self.ctx.services.current_camera()
        if hasattr(camera, "set_bad_receipt"):
            self._bad_receipt = not self._bad_receipt
            camera.set_bad_receipt(self._bad_receipt)
        self.show_bad_receipt()
