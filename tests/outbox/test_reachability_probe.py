"""An idle delivery worker learns whether the servers answer by connecting, not calling."""

from __future__ import annotations

import json
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from outbox_helpers import capture, make_jpeg

from kiosk.cli.main import main
from kiosk.config import Settings, load_settings
from kiosk.core import KioskCore
from kiosk.monitoring.health import evaluate
from kiosk.outbox.jobs import Reachability
from kiosk.outbox.probe import Target
from kiosk.outbox.reach import ReachState, state_of
from kiosk.outbox.worker import Worker
from kiosk.sandbox.server import SandboxServer


class Listener:
    """A loopback TCP (or TLS) server recording what each connection sent before it closed."""

    def __init__(self, reply: bytes = b"", tls: ssl.SSLContext | None = None) -> None:
        self.reply = reply
        self.tls = tls
        self.sent: list[bytes] = []  # per connection, the first bytes received (b"": none)
        self.handshakes = 0
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.settimeout(0.1)
        self.port = self._sock.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def url(self, scheme: str = "http", host: str = "127.0.0.1") -> str:
        """The base URL pointing here."""
        return f"{scheme}://{host}:{self.port}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            conn.settimeout(5)
            try:
                if self.tls is not None:
                    # The TLS socket takes the connection over (and must be closed itself).
                    conn = self.tls.wrap_socket(conn, server_side=True)
                    self.handshakes += 1
                data = conn.recv(65536)
                if data and self.reply:
                    conn.sendall(self.reply)
            except OSError:
                data = b""
            finally:
                conn.close()
            self.sent.append(data)

    def close(self) -> None:
        """Stop serving."""
        self._stop.set()
        self._thread.join(5)
        self._sock.close()


@pytest.fixture
def listen() -> Iterator[Callable[..., Listener]]:
    """Start listeners that are closed after the test."""
    made: list[Listener] = []

    def start(**kwargs: Any) -> Listener:
        made.append(Listener(**kwargs))
        return made[-1]

    yield start
    for listener in made:
        listener.close()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _settings(data_dir: Path, amplifi: str, sessionm: str | None = None) -> Settings:
    return load_settings(
        None,
        data_dir=data_dir,
        amplifi={"base_url": amplifi, "token": "test-token"},
        sessionm={"base_url": sessionm or amplifi, "api_key": "test-key"},
        http={"connect_timeout": 2.0, "read_timeout": 5.0, "write_timeout": 5.0},
        outbox={"backoff_base": 0.01, "backoff_cap": 0.05, "key_store": "file"},
    )


def _run_until(worker: Worker, done: Callable[[], bool], timeout: float = 20.0) -> None:
    """Run the worker's loop on a thread until ``done()`` holds (or fail after timeout)."""
    stop = threading.Event()
    thread = threading.Thread(target=worker.run, args=(stop, 0.05), daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    try:
        while not done():
            assert time.monotonic() < deadline, "the worker did not get there in time"
            time.sleep(0.05)
    finally:
        stop.set()
        worker.wake()
        thread.join(10)


def _online(core: KioskCore) -> dict[str, bool | None]:
    return {api: r.online for api, r in core.connectivity().items()}


def test_an_idle_worker_finds_the_sandbox_reachable_everywhere_it_is_read(
    sandbox_env: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = load_settings(None)
    with KioskCore(settings) as core:
        assert core.status().remaining == 0
        assert _online(core) == {"amplifi": None, "sessionm": None}
        worker = core.worker()
        try:
            _run_until(worker, lambda: _online(core) == {"amplifi": True, "sessionm": True})
        finally:
            core.retire(worker)
        assert core.status().remaining == 0
    # Nothing was called: the sandbox received no image, request or record.
    state = sandbox_env.snapshot()
    assert not state["amplifi"]["images"] and not state["amplifi"]["requests"]
    assert not state["sessionm"]["records"]
    # The command line and the health summary (the metrics' numbers) see it too.
    capsys.readouterr()
    assert main(["queue", "status", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)["connectivity"]
    assert shown["amplifi"]["online"] is True and shown["sessionm"]["online"] is True
    assert evaluate(settings).figures["apis"] == {"amplifi": "reachable", "sessionm": "reachable"}


def test_an_idle_worker_finds_a_closed_port_offline(kiosk_env: Path) -> None:
    settings = _settings(kiosk_env, f"http://127.0.0.1:{_closed_port()}")
    with KioskCore(settings) as core:
        worker = core.worker()
        try:
            _run_until(worker, lambda: _online(core) == {"amplifi": False, "sessionm": False})
        finally:
            core.retire(worker)
        amplifi = core.connectivity()["amplifi"]
        assert amplifi.reason == "server unreachable (ConnectionRefusedError)"
        assert amplifi.since is not None
    health = evaluate(settings)
    assert health.figures["apis"] == {"amplifi": "unreachable", "sessionm": "unreachable"}
    assert {c.name: c.detail for c in health.checks}["amplifi"] == "unreachable"


def test_a_probe_connects_and_sends_nothing_once_per_server_and_interval(
    kiosk_env: Path, listen: Callable[..., Listener]
) -> None:
    server = listen()
    with KioskCore(_settings(kiosk_env, server.url())) as core:
        worker = core.worker()
        try:
            assert worker.probe_if_due() == ["amplifi", "sessionm"]
            # Knowledge younger than outbox.reachability_probe_s (60 s): no second probe.
            assert worker.probe_if_due() == []
        finally:
            core.retire(worker)
        assert _online(core) == {"amplifi": True, "sessionm": True}
    _wait_for(lambda: len(server.sent) >= 1)
    # Both APIs on one server: one connection, on which not a byte was sent.
    assert server.sent == [b""]


def test_no_probe_of_an_api_whose_jobs_are_being_delivered(
    kiosk_env: Path, listen: Callable[..., Listener]
) -> None:
    # AmpliFi answers every call 503 (so its prospect jobs keep being retried); SessionM
    # has nothing to deliver.
    amplifi = listen(reply=b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n")
    sessionm = listen()
    settings = _settings(kiosk_env, amplifi.url(), sessionm.url())
    with KioskCore(settings) as core:
        core.submit_prospect({"face": capture(make_jpeg(1))})
        probing = core.worker()
        try:
            # Nothing learned yet, but AmpliFi's jobs are waiting: only SessionM is probed.
            assert probing.probe_if_due() == ["sessionm"]
        finally:
            core.retire(probing)
        worker = core.worker()
        try:
            _run_until(worker, lambda: len(amplifi.sent) >= 3 and len(sessionm.sent) >= 1)
        finally:
            core.retire(worker)
        assert core.status().remaining == 2  # still being retried
        # AmpliFi answers, but only 503: degraded, not online (nothing is delivered).
        assert _online(core) == {"amplifi": False, "sessionm": True}
        assert state_of(core.connectivity()["amplifi"]) is ReachState.DEGRADED
    # Every connection to AmpliFi carried a call (a delivery), none was a bare probe.
    assert amplifi.sent and all(sent.startswith((b"PUT ", b"POST ")) for sent in amplifi.sent)
    assert sessionm.sent and set(sessionm.sent) == {b""}


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    """A self-signed certificate for localhost and its key (PEM files)."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-days", "1", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def test_an_https_probe_completes_a_verified_tls_handshake(
    kiosk_env: Path,
    listen: Callable[..., Listener],
    certificate: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cert, key = certificate
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    server = listen(tls=tls)
    settings = _settings(kiosk_env, server.url("https", "localhost"))
    with KioskCore(settings) as core:
        # Not trusted (as httpx would not trust it): the server is not usable, so offline.
        worker = core.worker()
        try:
            assert worker.probe_if_due() == ["amplifi", "sessionm"]
        finally:
            core.retire(worker)
        refused = core.connectivity()["amplifi"]
        assert refused.online is False
        assert refused.reason == "certificate not trusted (self-signed certificate)"
        assert state_of(refused) is ReachState.UNTRUSTED
        # Trusted through SSL_CERT_FILE, which the API clients honour as well.
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))
        worker = core.worker()
        try:
            assert worker.probe_if_due() == ["amplifi", "sessionm"]
        finally:
            core.retire(worker)
        assert core.connectivity()["amplifi"] == Reachability(
            "amplifi", True, "reachable", core.connectivity()["amplifi"].since
        )
    _wait_for(lambda: server.handshakes >= 1 and len(server.sent) >= 2)
    assert server.handshakes == 1 and set(server.sent) == {b""}


def test_behind_a_proxy_the_proxy_is_what_must_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy", "ALL_PROXY", "HTTP_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.branch.example:3128")
    monkeypatch.setenv("NO_PROXY", "internal.example")
    assert Target.for_url("https://api.example.com") == Target("proxy.branch.example", 3128, False)
    assert Target.for_url("https://internal.example:8443") == Target("internal.example", 8443, True)
    assert Target.for_url("http://127.0.0.1:9") == Target("127.0.0.1", 9, False)


def _wait_for(done: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline, "not reached in time"
        time.sleep(0.02)
