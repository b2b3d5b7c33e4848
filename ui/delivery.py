"""Outbox delivery beside the UI: the ``kiosk queue worker`` child process, or a thread (tests).

The child process keeps multi-megabyte request bodies (JSON, base64) out of the UI process's
GIL. Either way the UI learns progress by polling the core, which reads the store the worker
writes (see kiosk/core.py for where and how often).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from typing import Protocol

from kiosk.child_process import die_with_parent, end, running_pid
from kiosk.core import KioskCore
from kiosk.systemd_notify import child_environment

log = logging.getLogger(__name__)


class Delivery(Protocol):
    """Whatever delivers the outbox while the app runs."""

    def start(self) -> None:
        """Start delivering."""

    def stop(self) -> None:
        """Stop, finishing the job in hand."""


class ThreadDelivery:
    """The core's delivery worker on a daemon thread of this process."""

    def __init__(self, core: KioskCore, idle_poll: float = 0.2) -> None:
        self._core = core
        self.worker = core.worker()
        self._stop = threading.Event()
        self._idle_poll = idle_poll
        self._thread = threading.Thread(target=self._run, name="outbox-worker", daemon=True)

    def _run(self) -> None:
        self.worker.run(self._stop, idle_poll=self._idle_poll)

    def start(self) -> None:
        """Start delivering."""
        self._thread.start()

    def stop(self) -> None:
        """Stop and wait for the job in hand."""
        self._stop.set()
        self.worker.wake()
        self._thread.join(timeout=10)
        self._core.retire(self.worker)


class ProcessDelivery:
    """``python -m kiosk queue worker`` as a child process, stopped with SIGTERM."""

    def __init__(self, config: str | None, extra_env: dict[str, str] | None = None) -> None:
        self._config = config
        # The child is not the service systemd watches: it must not send READY/WATCHDOG.
        self._env = child_environment({**os.environ, **(extra_env or {})})
        self._proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start the child process."""
        args = [sys.executable, "-m", "kiosk"]
        if self._config:
            args += ["--config", self._config]
        args += ["queue", "worker"]
        self._proc = subprocess.Popen(
            args, env=self._env, stdin=subprocess.DEVNULL, preexec_fn=die_with_parent
        )

    @property
    def running(self) -> bool:
        """True while the child process lives."""
        return running_pid(self._proc) is not None

    def stop(self) -> None:
        """Ask the child to finish its job in hand and exit."""
        if self._proc is None:
            return
        end(self._proc, "the outbox worker")
        self._proc = None
