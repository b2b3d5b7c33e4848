"""The systemd notify protocol: ``READY=1``, ``WATCHDOG=1``, ``STATUS=…``, ``STOPPING=1``.

A service started with ``Type=notify`` reports readiness, and with ``WatchdogSec=`` proves
it is alive, by sending newline-separated ``KEY=value`` lines as one datagram to the
``AF_UNIX`` socket named by ``$NOTIFY_SOCKET`` (a path, or ``@name`` for an abstract
socket); see sd_notify(3) and sd_watchdog_enabled(3). Outside systemd the variable is unset
and every call here does nothing.

The protocol is a few lines over the standard library; it is written here rather than
taken from the ``sdnotify`` package, which has had no release since 2017, does not resolve
abstract (``@``) socket names and knows nothing of ``$WATCHDOG_USEC`` / ``$WATCHDOG_PID``.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Mapping

log = logging.getLogger(__name__)

# How often to ping when a notify socket is set but systemd gave no watchdog interval
# (harmless: systemd ignores WATCHDOG=1 from a unit without WatchdogSec=).
DEFAULT_PING_S = 10.0


def _address(env: Mapping[str, str]) -> str | None:
    name = env.get("NOTIFY_SOCKET", "")
    if not name:
        return None
    if name.startswith("@"):
        return "\0" + name[1:]  # Linux abstract namespace
    if name.startswith("/"):
        return name
    return None  # e.g. vsock: addresses, which a kiosk's units never use


def notify(*lines: str, env: Mapping[str, str] | None = None) -> bool:
    """Send ``KEY=value`` lines to the service manager; False when there is none or it failed."""
    address = _address(os.environ if env is None else env)
    if address is None or not lines:
        return False
    message = "\n".join(lines).encode("utf-8")
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            # Never wait on a listener that does not read: a ping must not hang the UI.
            sock.setblocking(False)
            sock.sendto(message, address)
    except OSError as exc:
        # Never let a missing or full notify socket take the kiosk down: systemd restarts
        # a unit whose pings stop, which is the right outcome if this keeps failing.
        log.warning("systemd notify failed (%s)", exc.strerror or type(exc).__name__)
        return False
    return True


def _for_this_process(env: Mapping[str, str]) -> bool:
    # sd_watchdog_enabled(3): when WATCHDOG_PID is set, the watchdog belongs to that
    # process only (a child that inherited the variables must not ping for its parent).
    pid = env.get("WATCHDOG_PID", "")
    return not pid or pid == str(os.getpid())


def watchdog_seconds(env: Mapping[str, str] | None = None) -> float | None:
    """The watchdog timeout systemd set for this process (``WatchdogSec=``), or None."""
    env = os.environ if env is None else env
    try:
        usec = int(env.get("WATCHDOG_USEC", ""))
    except ValueError:
        return None
    if usec <= 0 or not _for_this_process(env):
        return None
    return usec / 1_000_000


def ping_interval(env: Mapping[str, str] | None = None) -> float | None:
    """Seconds between ``WATCHDOG=1`` pings (half the timeout), or None when nobody listens."""
    env = os.environ if env is None else env
    if _address(env) is None or not _for_this_process(env):
        return None
    timeout = watchdog_seconds(env)
    return DEFAULT_PING_S if timeout is None else timeout / 2


def child_environment(env: Mapping[str, str]) -> dict[str, str]:
    """``env`` without the notify variables, for a child process that is not the service."""
    drop = {"NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"}
    return {name: value for name, value in env.items() if name not in drop}


class Heartbeat:
    """``READY=1`` once, then ``WATCHDOG=1`` at most once per ping interval, from one loop."""

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        self._env = dict(os.environ if env is None else env)
        self.interval = ping_interval(self._env)
        self.ready_sent = False
        self._last = 0.0

    @property
    def enabled(self) -> bool:
        """True when a service manager listens."""
        return self.interval is not None

    def ready(self, status: str | None = None) -> None:
        """Tell systemd start-up is finished (and count it as a ping)."""
        if self.interval is None:
            return
        lines = ["READY=1"] + ([f"STATUS={status}"] if status else [])
        notify(*lines, env=self._env)
        self.ready_sent = True
        self._last = time.monotonic()

    def ping(self, status: str | None = None) -> None:
        """Ping the watchdog now (a caller on its own timer)."""
        if self.interval is None:
            return
        self._last = time.monotonic()
        notify("WATCHDOG=1", *([f"STATUS={status}"] if status else []), env=self._env)

    def beat(self, status: str | None = None) -> None:
        """Ping the watchdog if the ping interval has passed since the last ping (a busy loop)."""
        if self.interval is not None and time.monotonic() - self._last >= self.interval:
            self.ping(status)

    def stopping(self) -> None:
        """Tell systemd the process is shutting down on purpose."""
        if self.interval is not None:
            notify("STOPPING=1", env=self._env)
