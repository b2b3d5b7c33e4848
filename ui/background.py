"""Run short blocking calls (disk, SQLite, HTTP) off the UI thread; results come back queued."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from kiosk.private_traceback import log_failure

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Reply:
    # One object per signal: PySide6 on Python 3.11 miscounts references of a bare None
    # sent through a queued ``Signal(object)``, which crashes at exit.
    callback: Callable[[Any], None] | None
    value: Any


class Background(QObject):
    """A small thread pool whose callbacks run on the UI thread."""

    _done = Signal(object)  # _Reply

    def __init__(self, workers: int = 2) -> None:
        super().__init__()
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ui-bg")
        self._done.connect(self._deliver)
        self.closed = False

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Call ``fn`` on a pool thread, then ``on_done(result)`` on the UI thread."""
        if self.closed:
            return

        def work() -> None:
            try:
                result = fn()
            except Exception as exc:
                log_failure(log, "background call failed", exc)
                if not self.closed:
                    self._done.emit(_Reply(on_error, exc))
                return
            if not self.closed:
                self._done.emit(_Reply(on_done, result))

        self._pool.submit(work)

    @staticmethod
    def _deliver(reply: _Reply) -> None:
        if reply.callback is not None:
            reply.callback(reply.value)

    def shutdown(self) -> None:
        """Stop taking work and wait for what is running."""
        self.closed = True
        self._pool.shutdown(wait=True)
