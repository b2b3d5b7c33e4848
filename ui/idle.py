"""The idle timeout: warn ahead, one tap extends, then return to start and wipe.

Timeouts are milliseconds passed in, so tests run them in a fraction of a second.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

_ACTIVITY = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.TouchBegin,
    QEvent.Type.KeyPress,
}
_TAP_START = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.TouchBegin,
}
_TAP_REST = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove,
    QEvent.Type.TouchUpdate,
}
_TAP_END = {
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.TouchEnd,
    QEvent.Type.TouchCancel,
}


class IdleGuard(QObject):
    """Watches input application-wide while armed; ``warning`` then ``expired``."""

    warning = Signal(int)  # seconds left (also emitted every second while warning)
    extended = Signal()
    expired = Signal()

    def __init__(self, timeout_ms: int, warning_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timeout_ms = timeout_ms
        self.warning_ms = min(warning_ms, timeout_ms)
        self.armed = False
        self.warning_shown = False
        # The tap that dismisses the warning is the warning's: it must not also press
        # whatever lies under the overlay once the overlay hides (it is swallowed whole).
        self._swallowing = False
        self._warn = QTimer(self, singleShot=True)
        self._warn.timeout.connect(self._start_warning)
        self._expire = QTimer(self, singleShot=True)
        self._expire.timeout.connect(self._expired)
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self._count)

    def arm(self) -> None:
        """Start watching (a customer is in a flow)."""
        self.armed = True
        self.poke()

    def disarm(self) -> None:
        """Stop watching (back on the start screen)."""
        self.armed = False
        self.warning_shown = False
        for timer in (self._warn, self._expire, self._tick):
            timer.stop()

    def poke(self) -> None:
        """Activity: restart the countdown (and end a warning)."""
        if not self.armed:
            return
        was_warning = self.warning_shown
        self.warning_shown = False
        self._tick.stop()
        self._warn.start(max(0, self.timeout_ms - self.warning_ms))
        self._expire.start(self.timeout_ms)
        if was_warning:
            self.extended.emit()

    def remaining_ms(self) -> int:
        """Milliseconds until the session is wiped."""
        return max(0, self._expire.remainingTime()) if self._expire.isActive() else 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Any press or key while armed is activity; the tap ending a warning is consumed."""
        kind = event.type()
        if self._swallowing:
            if kind in _TAP_END:
                self._swallowing = False
                return True
            if kind in _TAP_REST:
                return True
        if self.armed and kind in _ACTIVITY:
            dismisses = self.warning_shown and kind in _TAP_START
            self.poke()
            if dismisses:
                self._swallowing = True
                return True
        return False

    def _start_warning(self) -> None:
        self.warning_shown = True
        self._tick.start()
        self._count()

    def _count(self) -> None:
        self.warning.emit(max(1, round(self.remaining_ms() / 1000)))

    def _expired(self) -> None:
        self.disarm()
        self.expired.emit()


class CornerTaps(QObject):
    """Five taps within a few seconds in the top-left corner: the hidden staff gesture."""

    triggered = Signal()

    def __init__(self, size: int = 90, taps: int = 5, window_ms: int = 3000) -> None:
        """``taps`` presses within ``window_ms`` inside a ``size`` px square trigger it."""
        super().__init__()
        self.size = size
        self.taps_needed = taps
        self.window_ms = window_ms
        self._times: list[int] = []

    def tap(self, x: float, y: float, now_ms: int) -> bool:
        """Record a tap at window coordinates; True when the gesture completes."""
        if x > self.size or y > self.size:
            self._times.clear()
            return False
        self._times = [t for t in self._times if now_ms - t <= self.window_ms] + [now_ms]
        if len(self._times) >= self.taps_needed:
            self._times.clear()
            self.triggered.emit()
            return True
        return False
