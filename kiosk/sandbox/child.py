"""The demo's sandbox in a process of its own, beside the app as the real servers are.

The listening socket is bound here, so the URL is known at once and the app starts without
waiting for the server: connections queue in the socket's backlog until the child, started
with the socket inherited, accepts them. Run in the app's own process, the server's stack
(uvicorn, starlette) cost the demo 0.07 s of start-up and its threads a share of the
preview's CPU (benchmarks/README.md, app weight).
"""

from __future__ import annotations

import contextlib
import logging
import socket
import subprocess
import sys
import time

from kiosk.child_process import die_with_parent, end, running_pid

log = logging.getLogger(__name__)
# A child that dies again within this many seconds of its start is restarted after a wait
# that doubles from RESTART_FIRST_S up to RESTART_CAP_S, so a sandbox that cannot start
# does not spin the demo's two cores.
QUICK_DEATH_S = 10.0
RESTART_FIRST_S = 1.0
RESTART_CAP_S = 60.0


class SandboxProcess:
    """``kiosk sandbox`` on a free loopback port, as a child process; ``stop()`` ends it."""

    def __init__(self, validation_delay: float = 2.0, host: str = "127.0.0.1") -> None:
        # IPPROTO_TCP spelled out, as in kiosk.sandbox.server: TCP_NODELAY on accepted sockets.
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self._sock.bind((host, 0))
        self._sock.listen(128)
        self.port: int = self._sock.getsockname()[1]
        self.url = f"http://{host}:{self.port}"
        self._validation_delay = validation_delay
        self._proc: subprocess.Popen[bytes] | None = None
        self.restarts = 0
        self._started_at = 0.0
        self._restart_wait = 0.0
        self._dead_since: float | None = None

    @property
    def pid(self) -> int | None:
        """The child's process id while it runs."""
        return running_pid(self._proc)

    def start(self) -> SandboxProcess:
        """Start the child serving on the bound socket (returns at once)."""
        fd = self._sock.fileno()
        args = [sys.executable, "-m", "kiosk", "sandbox", "--fd", str(fd)]
        args += ["--validation-delay", f"{self._validation_delay:g}"]
        self._proc = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            pass_fds=(fd,),
            preexec_fn=die_with_parent,
        )
        self._started_at = time.monotonic()
        return self

    def keep_alive(self) -> bool:
        """Start the child again if it died (killed, crashed); True when it was restarted.

        The socket stays bound in this process, so a dead child would leave connections
        waiting in the backlog unanswered and the kiosk's probes would still find the port
        open. Called from the app's status timer; a no-op before ``start()`` and after
        ``stop()``.
        """
        proc = self._proc
        if proc is None or proc.poll() is None:
            return False
        now = time.monotonic()
        if self._dead_since is None:
            self._dead_since = now
            lived = now - self._started_at
            # One that ran a while is started again at once; one that keeps dying as it
            # starts waits twice as long each time.
            quick = lived < QUICK_DEATH_S
            grown = min(RESTART_CAP_S, max(RESTART_FIRST_S, self._restart_wait * 2))
            self._restart_wait = grown if quick else 0.0
            log.warning(
                "the demo's sandbox exited (status %s) after %.0f s; starting it again in %g s",
                proc.returncode,
                lived,
                self._restart_wait,
            )
        if now - self._dead_since < self._restart_wait:
            return False
        self._dead_since = None
        self.restarts += 1
        self.start()
        return True

    def stop(self) -> None:
        """End the child and release the port."""
        proc, self._proc = self._proc, None
        if proc is not None:
            end(proc, "the sandbox process")
        with contextlib.suppress(OSError):
            self._sock.close()
