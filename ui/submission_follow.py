"""Following one queued submission on a confirmation screen: the core is asked on a timer,
off the UI thread (the delivery worker that records its progress is often another process)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from kiosk.core import KioskCore
from kiosk.progress import Progress
from ui.background import Background


def online(core: KioskCore) -> bool | None:
    """What the delivery worker last learned of the servers (None: not yet known)."""
    known = [r.online for r in core.connectivity().values() if r.online is not None]
    return None if not known else all(known)


class SubmissionFollower(QObject):
    """Every ``interval_ms``, one question at a time: ``answered(progress, online)`` on the UI
    thread for the submission followed now (a late answer about another is dropped)."""

    def __init__(
        self,
        core: KioskCore,
        background: Background,
        interval_ms: int,
        answered: Callable[[Progress, bool | None], None],
        failed: Callable[[], None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._core = core
        self._background = background
        self._answered = answered
        self._failed = failed
        self._reference: str | None = None
        self._asking = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._ask)

    def follow(self, reference: str) -> None:
        """Ask about ``reference`` now and on every tick until ``stop()``."""
        self._reference = reference
        self._timer.start()
        self._ask()

    def stop(self) -> None:
        """Ask no more; an answer still on its way is dropped."""
        self._timer.stop()
        self._reference = None

    def _ask(self) -> None:
        if self._reference is None or self._asking:
            return
        reference, core = self._reference, self._core
        self._asking = True
        self._background.run(
            lambda: (core.follow(reference), online(core)), self._on_answer, self._on_error
        )

    def _on_answer(self, answer: tuple[Progress, bool | None]) -> None:
        self._asking = False
        progress, is_online = answer
        if progress.reference == self._reference:
            self._answered(progress, is_online)

    def _on_error(self, error: BaseException) -> None:
        self._asking = False
        if self._reference is not None and self._failed is not None:
            self._failed()
