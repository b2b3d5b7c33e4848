"""Hostile HTTP servers on loopback: a reply that drips one byte at a time, an endless one."""

from __future__ import annotations

import contextlib
import socket
import threading
import time


def _read_request(conn: socket.socket) -> bytes | None:
    """The request line and headers (and drain the body); None when the peer only
    connected (a reachability probe) or hung up."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        body += chunk
    return head


class HostileServer:
    """A socket server whose every request gets ``reply(conn)``; counts the requests."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.requests: list[bytes] = []
        self.got_request = threading.Event()
        self._closing = threading.Event()
        self._conns: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def reply(self, conn: socket.socket) -> None:
        """Answer one request (subclasses)."""
        raise NotImplementedError

    def _accept(self) -> None:
        while not self._closing.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self._conns.append(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with contextlib.suppress(OSError), conn:
            head = _read_request(conn)
            if head is None:
                return
            self.requests.append(head.split(b"\r\n")[0])
            self.got_request.set()
            self.reply(conn)

    def close(self) -> None:
        """Stop accepting and cut every connection."""
        self._closing.set()
        self.sock.close()
        for conn in self._conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            conn.close()

    def __enter__(self) -> HostileServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class DripServer(HostileServer):
    """200 with a 100 kB Content-Length, then one byte every ``every`` seconds."""

    def __init__(self, every: float = 2.0) -> None:
        self.every = every
        super().__init__()

    def reply(self, conn: socket.socket) -> None:
        """Headers at once, then the body a byte at a time (never finished in a test)."""
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
        )
        while not self._closing.is_set():
            conn.sendall(b" ")
            time.sleep(self.every)


class EndlessServer(HostileServer):
    """200 with a chunked body that never ends (1 MB chunks as fast as the peer reads)."""

    def reply(self, conn: socket.socket) -> None:
        """Chunk after chunk until the peer hangs up."""
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        chunk = b"%x\r\n" % (1 << 20) + b"[" * (1 << 20) + b"\r\n"
        while not self._closing.is_set():
            conn.sendall(chunk)


class StatusServer(HostileServer):
    """Every request answered ``status`` with the given extra headers."""

    def __init__(self, status: str, headers: dict[str, str]) -> None:
        self.status = status
        self.headers = headers
        super().__init__()

    def reply(self, conn: socket.socket) -> None:
        """The status, the headers and a small JSON body."""
        body = b'{"message": "slow down"}'
        extra = "".join(f"{k}: {v}\r\n" for k, v in self.headers.items()).encode()
        conn.sendall(
            b"HTTP/1.1 "
            + self.status.encode()
            + b"\r\nContent-Type: application/json\r\n"
            + extra
            + b"Content-Length: "
            + str(len(body)).encode()
            + b"\r\n"
            + b"Connection: close\r\n\r\n"
            + body
        )
