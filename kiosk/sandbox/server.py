"""Running the sandbox: blocking for ``kiosk sandbox``, or in a thread for tests and the demo."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any

import uvicorn

from kiosk.sandbox.app import SandboxApp, SandboxAuth, build_app
from kiosk.sandbox.faults import FaultInjector, FaultSpec
from kiosk.sandbox.state import SandboxState


@dataclass
class SandboxOptions:
    """Everything ``kiosk sandbox`` can be told."""

    host: str = "127.0.0.1"
    port: int = 8700
    faults: str = ""
    seed: int | None = None
    token: str | None = None
    api_key: str | None = None
    auth_token: str | None = None
    validation_delay: float = 2.0
    campaigns: tuple[str, ...] = ()
    daily_limit: int = 0
    campaign_cap: int = 0
    list_external_id: bool = False
    log_level: str = "warning"


def _build(options: SandboxOptions, base_url: str) -> SandboxApp:
    state = SandboxState(
        validation_delay=options.validation_delay,
        campaigns=set(options.campaigns) or None,
        daily_limit=options.daily_limit,
        base_url=base_url,
        campaign_cap=options.campaign_cap,
        list_external_id=options.list_external_id,
    )
    injector = FaultInjector(FaultSpec.parse(options.faults), options.seed)
    auth = SandboxAuth(token=options.token, api_key=options.api_key, auth_token=options.auth_token)
    return build_app(state, injector, auth)


def _config(app: SandboxApp, options: SandboxOptions) -> uvicorn.Config:
    return uvicorn.Config(
        app.asgi,
        log_level=options.log_level,
        ws="none",
        lifespan="off",
        access_log=False,
        timeout_graceful_shutdown=1,
    )


def serve_forever(options: SandboxOptions, sock: socket.socket | None = None) -> None:
    """Serve until interrupted (the ``kiosk sandbox`` command), on ``sock`` if given."""
    app = _build(options, f"http://{options.host}:{options.port}")
    config = _config(app, options)
    config.host, config.port = options.host, options.port
    uvicorn.Server(config).run(sockets=[sock] if sock is not None else None)


class SandboxServer:
    """A sandbox on a free loopback port in a background thread; a context manager."""

    def __init__(self, options: SandboxOptions | None = None) -> None:
        self.options = options or SandboxOptions(port=0)
        # IPPROTO_TCP spelled out: asyncio sets TCP_NODELAY on accepted sockets only when the
        # listener's proto says TCP; with proto 0, Nagle + delayed ACK cost 40 ms per reply.
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((self.options.host, self.options.port))
        self.port: int = self._sock.getsockname()[1]
        self.url = f"http://{self.options.host}:{self.port}"
        self.app = _build(self.options, self.url)
        self._server = uvicorn.Server(_config(self.app, self.options))
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._sock]}, name="sandbox", daemon=True
        )

    @property
    def state(self) -> SandboxState:
        """The live state (for in-process inspection)."""
        return self.app.state

    def start(self) -> SandboxServer:
        """Start serving and wait until the socket answers."""
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the sandbox server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        self._server.should_exit = True
        self._thread.join(timeout=10)
        with contextlib.suppress(OSError):
            self._sock.close()

    def set_faults(self, spec: str, seed: int | None = None) -> None:
        """Replace the fault spec while running."""
        self.app.injector.configure(FaultSpec.parse(spec), seed)

    def snapshot(self) -> dict[str, Any]:
        """``GET /_sandbox/state`` over HTTP, as a client would see it."""
        import httpx  # only tests and tools read the state; the demo app never does

        state: dict[str, Any] = httpx.get(f"{self.url}/_sandbox/state", timeout=10).json()
        return state

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
