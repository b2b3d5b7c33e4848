"""One deadline for a whole request: connect, TLS, sending the body and reading the reply.

httpx's timeouts bound each socket operation, not the request: a server that sends one
byte of its reply every 2 s never trips a 30 s read timeout, and one that reads the
upload slowly never trips the write timeout. Here every socket operation of the
connection pool waits at most until the request's deadline, so the request ends by it
whatever the server does; the reply is then refused as a deadline error (kiosk/api/replies.py).

The hook is httpcore's network backend (``httpcore.NetworkBackend``, public), wrapped
around the one each pool already has. httpx builds its pools itself (and one per proxy
from ``HTTPS_PROXY``/``ALL_PROXY``), so the wrapper is put in place on the pools of a
made client: ``_pool._network_backend`` is httpx's and httpcore's private attribute
(httpx 0.28, httpcore 1.0). Should a release rename it, ``install`` says so in the log
and the reply's deadline is still checked between the chunks it reads (transport.py).
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import ssl
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpcore

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

# Pieces an upload is written in, so a slowly reading server meets the deadline between
# them rather than after the whole body (httpcore retries partial sends of one write with
# the same timeout).
_PIECE = 64 * 1024


@dataclass
class Budget:
    """The deadline (``time.monotonic()`` seconds) of the request in progress."""

    deadline: float

    def remaining(self) -> float:
        """Seconds left (negative once passed)."""
        return self.deadline - time.monotonic()

    def passed(self) -> bool:
        """True once the deadline is reached."""
        return self.remaining() <= 0.0


_BUDGET: contextvars.ContextVar[Budget | None] = contextvars.ContextVar(
    "kiosk_request_budget", default=None
)


@contextlib.contextmanager
def request_budget(seconds: float) -> Iterator[Budget]:
    """Every socket operation of this thread's requests meanwhile ends by ``seconds`` from now."""
    budget = Budget(time.monotonic() + seconds)
    token = _BUDGET.set(budget)
    try:
        yield budget
    finally:
        _BUDGET.reset(token)


def _clip(timeout: float | None, error: type[Exception]) -> float | None:
    """The operation's timeout, cut to what is left of the request's deadline."""
    budget = _BUDGET.get()
    if budget is None:
        return timeout
    left = budget.remaining()
    if left <= 0.0:
        raise error("the request's deadline has passed")
    return left if timeout is None else min(timeout, left)


class DeadlineStream(httpcore.NetworkStream):
    """A connection whose reads and writes end by the current request's deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        """Read, waiting no longer than the deadline."""
        return self._inner.read(max_bytes, _clip(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        """Write in pieces, each waiting no longer than the deadline."""
        view = memoryview(buffer)
        for start in range(0, len(view), _PIECE):
            piece = view[start : start + _PIECE]
            # httpcore types the buffer bytes; its sockets send any buffer, and a slice of a
            # memoryview copies nothing.
            self._inner.write(piece, _clip(timeout, httpcore.WriteTimeout))  # type: ignore[arg-type]

    def close(self) -> None:
        """Close the connection."""
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        """The TLS handshake, within the deadline; the TLS stream keeps to it too."""
        clipped = _clip(timeout, httpcore.ConnectTimeout)
        return DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, clipped))

    def get_extra_info(self, info: str) -> Any:
        """As the wrapped stream answers."""
        return self._inner.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """Opens connections (within the deadline) that keep to each request's deadline."""

    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self.inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        """A TCP connection, opened within the deadline."""
        clipped = _clip(timeout, httpcore.ConnectTimeout)
        return DeadlineStream(
            self.inner.connect_tcp(host, port, clipped, local_address, socket_options)
        )

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        """A Unix socket connection, opened within the deadline."""
        clipped = _clip(timeout, httpcore.ConnectTimeout)
        return DeadlineStream(self.inner.connect_unix_socket(path, clipped, socket_options))

    def sleep(self, seconds: float) -> None:
        """As the wrapped backend sleeps."""
        self.inner.sleep(seconds)


def install(client: httpx.Client) -> int:
    """Make every connection pool of ``client`` keep to request deadlines; how many did."""
    transports = [client._transport, *(t for t in client._mounts.values() if t is not None)]
    done = 0
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if isinstance(backend, DeadlineBackend):
            done += 1
        elif pool is not None and isinstance(backend, httpcore.NetworkBackend):
            pool._network_backend = DeadlineBackend(backend)
            done += 1
        elif type(transport).__name__ == "HTTPTransport":
            log.warning(
                "cannot hold HTTP requests to one deadline with this httpx/httpcore; "
                "the reply's deadline is checked as it is read"
            )
    return done
