"""The status strip: online/offline, outbox depth, camera state, deviceTag."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from kiosk.core import KioskCore
from kiosk.outbox.reach import ReachState, state_of

# The worst first: what the strip shows when the servers disagree.
WORST_FIRST = (
    ReachState.UNTRUSTED,
    ReachState.REFUSED,
    ReachState.OFFLINE,
    ReachState.DEGRADED,
    ReachState.ONLINE,
)


@dataclass(frozen=True)
class StatusSnapshot:
    """What the strip shows, gathered off the UI thread."""

    online: bool | None  # None: the delivery worker has not talked to a server yet
    pending: int
    failed: int
    # The worst state of any server the worker has talked to (None: none yet).
    state: ReachState | None = None


def snapshot(core: KioskCore) -> StatusSnapshot:
    """Queue counts, and what the delivery worker last learned of the servers."""
    status = core.status(errors=0)
    pending = status.counts.get("pending", 0) + status.counts.get("in_flight", 0)
    states = {state_of(r) for r in core.connectivity().values()} - {ReachState.UNKNOWN}
    worst = next((s for s in WORST_FIRST if s in states), None)
    online = None if worst is None else worst is ReachState.ONLINE
    return StatusSnapshot(online, pending, status.counts.get("failed", 0), worst)


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
        self.state: ReachState | None = None
        self.show_network(None)
        self.show_queue(0, 0)
        self.show_camera("closed")

    def show_network(self, online: bool | None, state: ReachState | None = None) -> None:
        """Online, degraded, offline (and why, where staff can act on it) or not yet known."""
        if state is None and online is not None:
            state = ReachState.ONLINE if online else ReachState.OFFLINE
        self.online = online
        self.state = state
        if online is None:
            self.network.setText("○ " + self.tr("Checking connection…"))
            return
        words = {
            ReachState.ONLINE: self.tr("Online"),
            # The server is there but fails (5xx, no reply): nothing is being delivered.
            ReachState.DEGRADED: self.tr("Degraded: the server is failing"),
            ReachState.OFFLINE: self.tr("Offline"),
            ReachState.UNTRUSTED: self.tr("Offline: certificate not trusted"),
            ReachState.REFUSED: self.tr("Offline: sign-in refused"),
        }
        colour = {ReachState.ONLINE: "#4ade80", ReachState.DEGRADED: "#fbbf24"}.get(
            state or ReachState.OFFLINE, "#f87171"
        )
        text = words.get(state or ReachState.OFFLINE, self.tr("Offline"))
        self.network.setText(f"<span style='color:{colour}'>●</span> {text}")

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
        self.show_network(snap.online, snap.state)
        self.show_queue(snap.pending, snap.failed)
