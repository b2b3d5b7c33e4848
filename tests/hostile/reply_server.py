"""A loopback HTTP server that answers the way a broken or hostile server might.

The first path segment picks the behaviour (``http://127.0.0.1:PORT/MODE/…``):

- ``huge``: 200 with ``Content-Length`` of 200 MB, then that many bytes;
- ``huge-unannounced``: 200 without a length, 200 MB, then the connection closes;
- ``chunked``: 200, chunked, 64 KiB chunks without end;
- ``gzip-bomb``: 200, ``Content-Encoding: gzip``, 100 MB of zeros in about 100 KB;
- ``error-huge``: 500, chunked, without end;
- ``drip``: 200 with a 100-byte length, one byte every 2 s;
- ``drip-headers``: the status line, then the headers one byte every 2 s;
- ``stall-upload``: never reads the request (the upload cannot finish).
"""

from __future__ import annotations

import contextlib
import gzip
import socket
import socketserver
import threading
import time
from collections.abc import Iterator
from functools import cache

MB = 1000 * 1000
_CHUNK = b"x" * 65536


@cache
def gzip_bomb() -> bytes:
    """100 MB of zeros, gzip-compressed (about 100 KB)."""
    return gzip.compress(bytes(100 * MB), compresslevel=9)


class _Handler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        sock: socket.socket = self.request
        with contextlib.suppress(OSError):
            self._serve(sock)

    def _read_request(self, sock: socket.socket) -> str:
        data = b""
        while b"\r\n\r\n" not in data:
            more = sock.recv(65536)
            if not more:
                return ""
            data += more
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        length = 0
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value.strip())
        left = length - len(body)
        while left > 0:
            more = sock.recv(min(left, 1 << 20))
            if not more:
                break
            left -= len(more)
        return lines[0].split(" ")[1].split("/")[1]

    def _serve(self, sock: socket.socket) -> None:
        if self.server.stall_upload:  # type: ignore[attr-defined]
            # Read nothing: the client's upload fills the socket buffers and stops there.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            time.sleep(60)
            return
        mode = self._read_request(sock)
        if mode == "huge":
            sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % (200 * MB))
            self._send_for(sock, 200 * MB)
        elif mode == "huge-unannounced":
            sock.sendall(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n")
            self._send_for(sock, 200 * MB)
        elif mode in ("chunked", "error-huge"):
            status = b"200 OK" if mode == "chunked" else b"500 Internal Server Error"
            sock.sendall(b"HTTP/1.1 " + status + b"\r\nTransfer-Encoding: chunked\r\n\r\n")
            chunk = b"10000\r\n" + _CHUNK + b"\r\n"
            while True:
                sock.sendall(chunk)
        elif mode == "gzip-bomb":
            body = gzip_bomb()
            sock.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Type: application/json\r\n"
                b"Content-Length: %d\r\n\r\n" % len(body) + body
            )
        elif mode == "drip":
            sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n")
            for _ in range(100):
                sock.sendall(b"{")
                time.sleep(2)
        elif mode == "drip-headers":
            sock.sendall(b"HTTP/1.1 200 OK\r\n")
            for byte in b"X-Slow: " + b"y" * 200:
                sock.sendall(bytes([byte]))
                time.sleep(2)

    def _send_for(self, sock: socket.socket, total: int) -> None:
        sent = 0
        while sent < total:
            sock.sendall(_CHUNK)
            sent += len(_CHUNK)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    stall_upload = False


@contextlib.contextmanager
def hostile_server(stall_upload: bool = False) -> Iterator[str]:
    """The server's base URL on a free loopback port, while the block runs."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.stall_upload = stall_upload
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
