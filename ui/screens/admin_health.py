"""The admin screen's health tab: the kiosk's verdict as ``kiosk health`` gives it, in words.

``KioskCore.health()`` judges the outbox, the APIs, the camera, the disk and the last
delivery against the ``health.*`` thresholds (the numbers the metrics endpoint serves);
this tab words each check with a Pass, Warn or Fail mark.
"""

from __future__ import annotations

import re
import time
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.monitoring.health import Check, Health, Status
from ui.context import UiContext
from ui.widgets.common import button, label, restyle

COLOURS = {Status.OK: "#4ade80", Status.WARNING: "#fbbf24", Status.CRITICAL: "#f87171"}
MARKS = {Status.OK: "✔", Status.WARNING: "▲", Status.CRITICAL: "✘"}
# The checks in the order ``kiosk health`` reports them.
CHECKS = (
    "outbox",
    "amplifi",
    "sessionm",
    "device key",
    "camera",
    "files",
    "disk",
    "last delivery",
    "config",
)


class HealthTab(QWidget):
    """One line per health check, refreshed on opening and by "Check again"."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.health: Health | None = None
        box = QVBoxLayout(self)
        self.summary = label("", "subtitle")
        box.addWidget(self.summary)
        self.lines: dict[str, QLabel] = {}
        for name in CHECKS:
            line = label("", "checkRow")
            line.setAccessibleName(f"health-{name}")
            line.setTextFormat(Qt.TextFormat.RichText)
            self.lines[name] = line
            box.addWidget(line)
        box.addStretch(1)
        row = QHBoxLayout()
        self.again = button(self.tr("Check again"), self.refresh, object_id="health-again")
        row.addWidget(self.again)
        row.addStretch(1)
        box.addLayout(row)

    def refresh(self) -> None:
        """Judge the kiosk again (off the UI thread: it reads the outbox and the disk)."""
        self.summary.setText(self.tr("Checking…"))
        restyle(self.summary, "subtitle")
        self.again.setEnabled(False)
        core = self.ctx.core
        self.ctx.background.run(core.health, self.show_health, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.again.setEnabled(True)
        self.summary.setText(self.tr("The health check could not run; see the kiosk log."))
        restyle(self.summary, "bad")

    def show_health(self, health: Health) -> None:
        """Show every check's line and the overall verdict."""
        self.health = health
        self.again.setEnabled(True)
        self.summary.setText(
            {
                Status.OK: self.tr("Everything is working."),
                Status.WARNING: self.tr("Needs attention."),
                Status.CRITICAL: self.tr("Something is wrong."),
            }[health.status]
        )
        restyle(self.summary, {Status.OK: "ok", Status.WARNING: "warn"}.get(health.status, "bad"))
        for line in self.lines.values():
            line.setText("")
        for check in health.checks:
            line = self.lines.get(check.name)
            if line is not None:
                line.setText(self.line_text(check, health.figures))
        # A check with nothing to report (a sound config file) shows no line.
        for line in self.lines.values():
            line.setVisible(bool(line.text()))

    def line_text(self, check: Check, figures: dict[str, Any]) -> str:
        """``<mark> Pass · Outbox: 0 waiting, 0 failed`` with the mark in its colour."""
        verdict = {
            Status.OK: self.tr("Pass"),
            Status.WARNING: self.tr("Warn"),
            Status.CRITICAL: self.tr("Fail"),
        }[check.status]
        mark = f"<span style='color:{COLOURS[check.status]}'>{MARKS[check.status]} {verdict}</span>"
        return f"{mark} · {self.name(check.name)}: {self.words(check, figures)}"

    def name(self, check: str) -> str:
        """A check's name as staff read it."""
        names = {
            "outbox": self.tr("Outbox"),
            "amplifi": "AmpliFi",
            "sessionm": "SessionM",
            "device key": self.tr("Device key"),
            "camera": self.tr("Camera"),
            "files": self.tr("Files"),
            "disk": self.tr("Disk"),
            "last delivery": self.tr("Last delivery"),
            "config": self.tr("Config file"),
        }
        return names.get(check, check)

    def words(self, check: Check, figures: dict[str, Any]) -> str:
        """The check's finding in the UI's language (its English detail if not known here)."""
        detail = check.detail
        if check.name == "outbox":
            return self._outbox(detail, figures.get("outbox") or {})
        if check.name in ("amplifi", "sessionm"):
            return self._phrase(detail)
        if check.name == "camera":
            live = re.fullmatch(r"live, (\d+) fps", detail)
            if live:
                return self.tr("live, %1 frames a second").replace("%1", live.group(1))
            return self._phrase(detail)
        if check.name == "files" and figures.get("files_missing"):
            return self._missing(figures["files_missing"])
        if check.name == "disk":
            free = re.fullmatch(r"(\d+)% free \(([\d.]+) GB\)", detail)
            if free:
                return (
                    self.tr("%1% free (%2 GB)")
                    .replace("%1", free.group(1))
                    .replace("%2", free.group(2))
                )
        if check.name == "last delivery":
            at = figures.get("last_delivery_at")
            if not at:
                return self.tr("never")
            return self.tr("%1 ago").replace("%1", self.age(max(0.0, time.time() - at)))
        return detail

    def _outbox(self, detail: str, outbox: dict[str, Any]) -> str:
        if detail.startswith("the database cannot be read"):
            return self.tr("the outbox cannot be read (see the kiosk log)")
        waiting = int(outbox.get("undelivered", 0))
        failed = str(int(outbox.get("failed", 0)))
        if not waiting:
            return self.tr("nothing waiting, %1 failed").replace("%1", failed)
        return (
            self.tr("%1 waiting (oldest %2), %3 failed")
            .replace("%1", str(waiting))
            .replace("%2", self.age(float(outbox.get("oldest_age_s") or 0.0)))
            .replace("%3", failed)
        )

    def _missing(self, missing: list[dict[str, str]]) -> str:
        """Each missing file: what it is, where it belongs, what fails without it."""
        what = {
            "face model": self.tr("face model"),
            "style sheet": self.tr("style sheet"),
            "translation": self.tr("translation"),
            "demo photo": self.tr("demo photo"),
        }
        fails = {
            "face checks unavailable": self.tr("face checks unavailable"),
            "screens unstyled": self.tr("screens unstyled"),
            "English only": self.tr("English only"),
            "no demo camera": self.tr("no demo camera"),
        }
        return "; ".join(
            self.tr("%1 missing at %2 (%3)")
            .replace("%1", what.get(f["what"], f["what"]))
            .replace("%2", f["path"])
            .replace("%3", fails.get(f["fails"], f["fails"]))
            for f in missing
        )

    def _phrase(self, detail: str) -> str:
        phrases = {
            "reachable": self.tr("reachable"),
            "unreachable": self.tr("unreachable"),
            "degraded (server errors or no reply)": self.tr(
                "degraded: the server fails or does not reply"
            ),
            "certificate not trusted": self.tr("certificate not trusted"),
            "not contacted yet": self.tr("not contacted yet"),
            "credentials refused": self.tr("credentials refused"),
            "no app on this device": self.tr("no app on this device"),
            "all present": self.tr("all present"),
            "the app is not running": self.tr("the app is not running"),
            "opening": self.tr("starting"),
            "reconnecting": self.tr("reconnecting"),
            "closed": self.tr("off"),
            "failed": self.tr("failed"),
            "absent": self.tr("not found"),
        }
        return phrases.get(detail, detail)

    def age(self, seconds: float) -> str:
        """An age in the largest sensible unit (as ``kiosk health`` words it)."""
        if seconds < 120:
            return self.tr("%1 s").replace("%1", f"{seconds:.0f}")
        if seconds < 7200:
            return self.tr("%1 min").replace("%1", f"{seconds / 60:.0f}")
        return self.tr("%1 h").replace("%1", f"{seconds / 3600:.1f}")
