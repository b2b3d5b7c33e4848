"""Seeded fault injection for the sandbox: latency, 5xx, 429, dropped connections.

``FaultSpec`` says how often, ``FaultInjector`` draws, ``FaultMiddleware`` does it to
API requests (never to ``/_sandbox``).
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import threading
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kiosk.sandbox.paths import public_path

if TYPE_CHECKING:
    from kiosk.sandbox.state import SandboxState


class Fault(StrEnum):
    """What the sandbox does to one request instead of (or besides) answering it."""

    NONE = "none"
    SERVER_ERROR = "5xx"
    RATE_LIMIT = "429"
    DROP_BEFORE = "drop_before"
    DROP_AFTER = "drop_after"


_NAMES = {
    "5xx": "server_error",
    "429": "rate_limit",
    "drop_before": "drop_before",
    "drop_after": "drop_after",
    "latency": "latency",
    "latency_ms": "latency_ms",
    "retry_after": "retry_after",
}


@dataclass(frozen=True)
class FaultSpec:
    """Probabilities of each fault per API request, plus latency.

    Written as ``5xx=0.3,429=0.05,drop_before=0.1,drop_after=0.1,latency=0.2,
    latency_ms=300,retry_after=1``; omitted entries are 0 (latency_ms 250, retry_after 1).
    """

    server_error: float = 0.0
    rate_limit: float = 0.0
    drop_before: float = 0.0
    drop_after: float = 0.0
    latency: float = 0.0
    latency_ms: float = 250.0
    retry_after: float = 1.0

    @classmethod
    def parse(cls, spec: str | None) -> FaultSpec:
        """Parse ``name=value,...``; raise ValueError naming a bad entry."""
        if not spec or not spec.strip():
            return cls()
        values: dict[str, float] = {}
        for part in spec.split(","):
            name, sep, raw = part.strip().partition("=")
            if not sep or name not in _NAMES:
                known = ", ".join(_NAMES)
                raise ValueError(
                    f"fault entry {part.strip()!r}: expected NAME=VALUE with NAME one of {known}"
                )
            try:
                value = float(raw)
            except ValueError:
                raise ValueError(f"fault entry {part.strip()!r}: {raw!r} is not a number") from None
            attr = _NAMES[name]
            if attr in ("latency_ms", "retry_after"):
                if value < 0:
                    raise ValueError(f"fault entry {name}: must not be negative")
            elif not 0.0 <= value <= 1.0:
                raise ValueError(f"fault entry {name}: a probability must be within 0..1")
            values[attr] = value
        result = cls(**values)
        total = result.server_error + result.rate_limit + result.drop_before + result.drop_after
        if total > 1.0:
            raise ValueError(f"fault probabilities add up to {total:.2f}, more than 1")
        return result

    def describe(self) -> str:
        """The spec in its own syntax."""
        reverse = {v: k for k, v in _NAMES.items()}
        return ",".join(
            f"{reverse[f.name]}={getattr(self, f.name)}" for f in fields(self) if f.name in reverse
        )


class FaultInjector:
    """Draws faults from a seeded generator so a run can be replayed."""

    def __init__(self, spec: FaultSpec | None = None, seed: int | None = None) -> None:
        self._lock = threading.Lock()
        self._rng = random.Random(seed)
        self.spec = spec or FaultSpec()
        self.counts: dict[str, int] = {f.value: 0 for f in Fault}
        self.counts["latency"] = 0

    def configure(self, spec: FaultSpec, seed: int | None = None) -> None:
        """Replace the spec (and reseed when a seed is given)."""
        with self._lock:
            self.spec = spec
            if seed is not None:
                self._rng = random.Random(seed)

    def draw(self) -> tuple[Fault, float]:
        """The fault for the next request and its added latency in seconds."""
        with self._lock:
            spec = self.spec
            delay = 0.0
            if spec.latency and self._rng.random() < spec.latency:
                delay = spec.latency_ms / 1000.0
                self.counts["latency"] += 1
            roll = self._rng.random()
            fault = Fault.NONE
            for kind, p in (
                (Fault.SERVER_ERROR, spec.server_error),
                (Fault.RATE_LIMIT, spec.rate_limit),
                (Fault.DROP_BEFORE, spec.drop_before),
                (Fault.DROP_AFTER, spec.drop_after),
            ):
                if roll < p:
                    fault = kind
                    break
                roll -= p
            self.counts[fault.value] += 1
            return fault, delay


class DroppedConnection(Exception):
    """Raised after the reply's headers went out, so the server closes the socket mid-reply."""


class _QuietDrops(logging.Filter):
    # Drops the sandbox makes, and clients that vanish mid-upload (a killed kiosk), are
    # expected here; a traceback for each would bury real errors.
    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, DroppedConnection | ClientDisconnect)


class FaultMiddleware:
    """Injects latency, 5xx, 429 and dropped connections into API calls (not ``/_sandbox``)."""

    def __init__(self, app: ASGIApp, injector: FaultInjector, state: SandboxState) -> None:
        self.app = app
        self.injector = injector
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/_sandbox"):
            await self.app(scope, receive, send)
            return
        fault, delay = self.injector.draw()
        if delay:
            await asyncio.sleep(delay)
        if fault is Fault.NONE:
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        self.state.log_call(
            {"method": scope["method"], "path": public_path(scope["path"]), "fault": fault.value}
        )
        if fault is Fault.SERVER_ERROR:
            await _send_json(send, 503, {"message": "sandbox fault: service unavailable"})
        elif fault is Fault.RATE_LIMIT:
            await _send_json(
                send,
                429,
                {"message": "sandbox fault: slow down"},
                [(b"retry-after", str(int(self.injector.spec.retry_after)).encode())],
            )
        elif fault is Fault.DROP_BEFORE:
            await _start_and_drop(send)
        else:
            # Process the request for real, swallow the reply, then drop the connection.
            async def replay() -> Message:
                return {"type": "http.request", "body": body, "more_body": False}

            async def swallow(message: Message) -> None:
                return None

            await self.app(scope, replay, swallow)
            await _start_and_drop(send)


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


async def _send_json(
    send: Send, status: int, body: dict[str, Any], headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    data = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(data)).encode()),
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": data})


async def _start_and_drop(send: Send) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/json"), (b"content-length", b"64")],
        }
    )
    raise DroppedConnection("sandbox fault: connection dropped")


def quiet_drops() -> None:
    """Keep uvicorn from logging a traceback for every deliberately dropped connection."""
    logger = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, _QuietDrops) for f in logger.filters):
        logger.addFilter(_QuietDrops())
