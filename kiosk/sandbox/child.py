"""The demo's sandbox in a process of its own, beside the app as the real servers are.

The listening socket is bound here, so the URL is known at once and the app starts without
waiting for the server: connections queue in the socket's backlog until the child, started
with the socket inherited, accepts them. Run in the app's own process, the server's stack
(uvicorn, starlette) cost the demo 0.07 s of start-up and its threads a share of the
preview's CPU (benchmarks/README.md, app weight).
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys

from kiosk.child_process import die_with_parent, end, running_pid


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
        return self

    def stop(self) -> None:
        """End the child and release the port."""
        proc, self._proc = self._proc, None
        if proc is not None:
            end(proc, "the sandbox process")
        with contextlib.suppress(OSError):
            self._sock.close()
