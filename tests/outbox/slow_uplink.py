"""A TCP proxy on loopback whose uplink (client to server) is slow: a kiosk on a poor line.

Replies come back at full speed; request bytes go up at ``bytes_per_s``, so an upload of
an image takes seconds while a short read-back takes milliseconds.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from urllib.parse import urlsplit


class SlowUplink:
    """Forwards every connection to ``upstream``; what the client sends is throttled."""

    def __init__(self, upstream: str, bytes_per_s: float, chunk: int = 2048) -> None:
        parts = urlsplit(upstream)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.bytes_per_s = bytes_per_s
        self.chunk = chunk
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(32)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self._open: list[socket.socket] = []
        self._closing = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._closing.is_set():
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.upstream)
            except OSError:
                client.close()
                continue
            self._open += [client, server]
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, slow: bool) -> None:
        with contextlib.suppress(OSError):
            while data := src.recv(self.chunk if slow else 65536):
                if slow:
                    time.sleep(len(data) / self.bytes_per_s)
                dst.sendall(data)
        for sock in (src, dst):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        """Stop accepting and cut every connection."""
        self._closing.set()
        self.sock.close()
        for sock in self._open:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def __enter__(self) -> SlowUplink:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
