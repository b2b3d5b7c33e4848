"""systemd's watchdog fed from the Qt event loop: a hung UI stops pinging and is restarted.

The pings come from a QTimer on the UI thread, never from a helper thread, so they stop
exactly when the event loop stops turning. ``READY=1`` is sent from the running loop once
the start screen has been shown. The protocol itself is in kiosk/systemd_notify.py.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from kiosk.systemd_notify import Heartbeat


class QtWatchdog(QObject):
    """``WATCHDOG=1`` on a timer of the event loop, ``READY=1`` once a widget is on screen."""

    def __init__(self, parent: QObject | None = None, env: Mapping[str, str] | None = None):
        super().__init__(parent)
        self.heartbeat = Heartbeat(env)
        self._watched: QWidget | None = None
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._ping)
        if self.heartbeat.interval is not None:
            self.timer.setInterval(max(1, int(self.heartbeat.interval * 1000)))

    @property
    def enabled(self) -> bool:
        """True when systemd listens (``$NOTIFY_SOCKET`` is set for this process)."""
        return self.heartbeat.enabled

    def start(self, ready_when_shown: QWidget) -> None:
        """Start pinging; say ``READY=1`` once ``ready_when_shown`` has been shown."""
        if not self.enabled:
            return
        self._watched = ready_when_shown
        ready_when_shown.installEventFilter(self)
        if ready_when_shown.isVisible():
            QTimer.singleShot(0, self._ready)
        self.timer.start()

    def stopping(self) -> None:
        """Say ``STOPPING=1`` and stop pinging (a deliberate exit, not a hang)."""
        self.timer.stop()
        self.heartbeat.stopping()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Catch the start screen's first Show event."""
        if watched is self._watched and event.type() == QEvent.Type.Show:
            watched.removeEventFilter(self)
            self._watched = None
            # Sent from the next turn of the loop: the screen is up and the loop runs.
            QTimer.singleShot(0, self._ready)
        return False

    def _ready(self) -> None:
        if not self.heartbeat.ready_sent:
            self.heartbeat.ready("start screen shown")

    def _ping(self) -> None:
        self.heartbeat.ping()
