"""sd_notify: the protocol against a real AF_UNIX datagram socket, the worker, and the app."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.systemd_notify import (
    DEFAULT_PING_S,
    Heartbeat,
    child_environment,
    notify,
    ping_interval,
    watchdog_seconds,
)

WAIT_S = 60.0  # a deadline for a slow CI machine, not a speed requirement


class NotifyListener:
    """A bound datagram socket standing in for systemd's notify socket."""

    def __init__(self, sock: socket.socket, name: str) -> None:
        self.sock = sock
        self.name = name
        self.messages: list[str] = []

    def receive(
        self,
        until: Callable[[list[str]], bool],
        proc: subprocess.Popen[str] | None = None,
        deadline_s: float = WAIT_S,
    ) -> list[str]:
        """Collect datagrams until ``until(messages)`` holds; fail at the deadline."""
        deadline = time.monotonic() + deadline_s
        while not until(self.messages):
            left = deadline - time.monotonic()
            if proc is not None and proc.poll() is not None:
                raise AssertionError(f"the process exited: {proc.communicate()[1]}")
            if left <= 0:
                raise AssertionError(f"gave up waiting; received {self.messages!r}")
            self.sock.settimeout(min(left, 0.5))
            try:
                self.messages.append(self.sock.recv(4096).decode())
            except TimeoutError:
                continue
        return self.messages

    def pending(self) -> list[str]:
        """Whatever has arrived, without waiting."""
        self.sock.setblocking(False)
        try:
            while True:
                self.messages.append(self.sock.recv(4096).decode())
        except BlockingIOError:
            pass
        finally:
            self.sock.setblocking(True)
        return self.messages


@pytest.fixture
def listener() -> Iterator[NotifyListener]:
    """A datagram socket bound to a short file path (sun_path holds 108 bytes)."""
    folder = tempfile.mkdtemp(prefix="sdn-")
    path = os.path.join(folder, "notify")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    try:
        yield NotifyListener(sock, path)
    finally:
        sock.close()
        os.unlink(path)
        os.rmdir(folder)


def _count(messages: list[str], line: str) -> int:
    return sum(1 for m in messages if line in m.splitlines())


# -- the protocol ------------------------------------------------------------------------


def test_notify_sends_one_datagram_to_a_path_socket(listener: NotifyListener) -> None:
    assert notify("READY=1", "STATUS=delivering", env={"NOTIFY_SOCKET": listener.name})
    assert listener.receive(lambda m: len(m) >= 1) == ["READY=1\nSTATUS=delivering"]


def test_notify_resolves_an_abstract_socket_name() -> None:
    name = f"kiosk-test-{os.getpid()}-{time.monotonic_ns()}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind("\0" + name)
        assert notify("WATCHDOG=1", env={"NOTIFY_SOCKET": "@" + name})
        sock.settimeout(WAIT_S)
        assert sock.recv(4096) == b"WATCHDOG=1"


def test_notify_is_a_no_op_outside_systemd(listener: NotifyListener) -> None:
    assert not notify("READY=1", env={})
    assert not Heartbeat(env={}).enabled
    # A socket that is gone is reported as False, not raised: the kiosk keeps running.
    assert not notify("READY=1", env={"NOTIFY_SOCKET": listener.name + "-gone"})
    assert listener.pending() == []


def test_ping_interval_is_half_of_watchdog_usec_and_honours_watchdog_pid(
    listener: NotifyListener,
) -> None:
    env = {"NOTIFY_SOCKET": listener.name, "WATCHDOG_USEC": "4000000"}
    assert watchdog_seconds(env) == 4.0
    assert ping_interval(env) == 2.0
    assert ping_interval({**env, "WATCHDOG_PID": str(os.getpid())}) == 2.0
    # The interval belongs to another process (we inherited it): do not ping for it.
    other = {**env, "WATCHDOG_PID": str(os.getpid() + 1)}
    assert watchdog_seconds(other) is None and ping_interval(other) is None
    assert not Heartbeat(other).enabled
    # A notify socket but no WatchdogSec=: ping on the default, systemd ignores it.
    assert ping_interval({"NOTIFY_SOCKET": listener.name}) == DEFAULT_PING_S
    assert ping_interval({"WATCHDOG_USEC": "4000000"}) is None
    assert "NOTIFY_SOCKET" not in child_environment({**env, "PATH": "/bin"})
    assert child_environment({**env, "PATH": "/bin"}) == {"PATH": "/bin"}


def test_heartbeat_sends_ready_then_pings_at_most_once_per_interval(
    listener: NotifyListener,
) -> None:
    heartbeat = Heartbeat({"NOTIFY_SOCKET": listener.name, "WATCHDOG_USEC": "3600000000"})
    heartbeat.ready("up")
    for _ in range(50):
        heartbeat.beat()  # half an hour apart: none of these is due
    heartbeat.stopping()
    assert listener.receive(lambda m: len(m) >= 2) == ["READY=1\nSTATUS=up", "STOPPING=1"]
    assert listener.pending() == ["READY=1\nSTATUS=up", "STOPPING=1"]


# -- the delivery worker -------------------------------------------------------------------


def test_worker_sends_ready_pings_from_its_loop_and_stopping_on_sigterm(
    listener: NotifyListener, sandbox_env: Any, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "NOTIFY_SOCKET": listener.name,
        "WATCHDOG_USEC": "400000",  # ping every 0.2 s
        "KIOSK_OUTBOX__KEY_STORE": "file",
    }
    env.pop("WATCHDOG_PID", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "queue", "worker"],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        messages = listener.receive(lambda m: _count(m, "WATCHDOG=1") >= 3, proc)
        assert messages[0].splitlines()[0] == "READY=1"
        assert _count(messages, "READY=1") == 1
        assert (tmp_path / "data" / "outbox.sqlite3").exists()  # READY came after opening it
        proc.send_signal(signal.SIGTERM)
        listener.receive(lambda m: _count(m, "STOPPING=1") == 1)
        _, err = proc.communicate(timeout=WAIT_S)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert "shorter than one slow delivery" in err  # 0.4 s is far below a slow upload


# -- the app ---------------------------------------------------------------------------------
