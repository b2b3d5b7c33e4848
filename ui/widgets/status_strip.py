"""The status strip: online/offline, outbox depth, camera state, deviceTag."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from kiosk.core import KioskCore


@dataclass(frozen=True)
class StatusSnapshot:
    """What the strip shows, gathered off the UI thread."""

    online: bool | None  # None: the delivery worker has not talked to a server yet
    pending: int
    failed: int


def snapshot(core: KioskCore) -> StatusSnapshot:
    """Queue counts, and what the delivery worker last learned of the servers."""
    status = core.status(errors=0)
    pending = status.counts.get("pending", 0) + status.counts.get("in_flight", 0)
    known = [r.online for r in core.connectivity().values() if r.online is not None]
    online = None if not known else all(known)
    return StatusSnapshot(online, pending, status.counts.get("failed", 0))


class StatusStrip(QFrame):
    """A thin bar along the bottom of every screen."""

    def __init__(self, device_tag: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusStrip")
        self.setFixedHeight(44)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 0, 12, 0)
        self.network = QLabel()
        self.queue = QLabel()
        self.camera = QLabel()
        self.device = QLabel(self.tr("Device %1").replace("%1", device_tag))
        for widget in (self.network, self.queue, self.camera):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.device, 0, Qt.AlignmentFlag.AlignRight)
        self.online: bool | None = None
        self.show_network(None)
        self.show_queue(0, 0)
        self.show_camera("closed")

    def show_network(self, online: bool | None) -> None:
        """Online, offline or not yet known."""
        self.online = online
        if online is None:
            self.network.setText("○ " + self.tr("Checking connection…"))
        elif online:
            self.network.setText("<span style='color:#4ade80'>●</span> " + self.tr("Online"))
        else:
            self.network.setText("<span style='color:#f87171'>●</span> " + self.tr("Offline"))

    def show_queue(self, pending: int, failed: int) -> None:
        """The outbox depth."""
        text = self.tr("Outbox: %1 waiting").replace("%1", str(pending))
        if failed:
            text += (
                " · <span style='color:#f87171'>"
                + self.tr("%1 failed").replace("%1", str(failed))
                + "</span>"
            )
        self.queue.setText(text)

    def show_camera(self, state: str, demo: bool = False) -> None:
        """The camera's state (live, reconnecting, failed, …)."""
        colour = {"live": "#4ade80", "opening": "#fbbf24", "reconnecting": "#fbbf24"}.get(
            state, "#f87171"
        )
        names = {
            "live": self.tr("Camera live"),
            "opening": self.tr("Camera starting"),
            "reconnecting": self.tr("Camera reconnecting"),
            "closed": self.tr("Camera off"),
            "failed": self.tr("Camera failed"),
        }
        text = names.get(state, state)
        if demo:
            text += " (" + self.tr("demo") + ")"
        self.camera.setText(f"<span style='color:{colour}'>●</span> {text}")

    def apply(self, snap: StatusSnapshot) -> None:
        """Show a snapshot."""
        self.show_network(snap.online)
        self.show_queue(snap.pending, snap.failed)
