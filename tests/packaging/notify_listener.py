"""A stand-in for systemd's notify socket: an AF_UNIX datagram socket that knows each sender.

Like systemd, it asks the kernel for every sender's credentials (``SO_PASSCRED``), so that a
``READY=1`` or ``WATCHDOG=1`` is attributed to the process that sent it (sd_notify(3)).
"""

from __future__ import annotations

import socket
import struct
import time
from pathlib import Path

_UCRED = struct.Struct("iII")  # pid, uid, gid


def notify_socket(path: Path) -> socket.socket:
    """A bound datagram socket at ``path`` that any account may send to."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
    sock.bind(str(path))
    path.chmod(0o777)  # the kiosk's services run as their own account
    sock.settimeout(1.0)
    return sock


def receive(sock: socket.socket, pid: int, wanted: str, timeout: float = 120) -> None:
    """Wait until process ``pid`` sends the notify line ``wanted``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            data, ancillary, _, _ = sock.recvmsg(4096, socket.CMSG_SPACE(_UCRED.size))
        except TimeoutError:
            continue
        senders = [_UCRED.unpack(payload[: _UCRED.size])[0] for _, _, payload in ancillary]
        if senders == [pid] and wanted in data.decode().splitlines():
            return
    raise AssertionError(f"no {wanted} from process {pid} within {timeout} s")
