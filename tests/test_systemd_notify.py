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

from kiosk.kinds import amplifi_types
from kiosk.systemd_notify import (
    DEFAULT_PING_S,
    Heartbeat,
    child_environment,
    notify,
    ping_interval,
    watchdog_seconds,
)
from tests.app_run import app_config, run_app

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


def _children() -> list[str]:
    """Command lines of this process's live children (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        # The ppid is the second field after the parenthesised command name.
        if int(stat.rsplit(")", 1)[1].split()[1]) == os.getpid():
            found.append(cmdline)
    return found


@pytest.fixture
def notify_env(listener: NotifyListener, monkeypatch: pytest.MonkeyPatch) -> NotifyListener:
    """This process runs as if systemd started it with WatchdogSec=0.2 (a ping every 0.1 s)."""
    monkeypatch.setenv("NOTIFY_SOCKET", listener.name)
    monkeypatch.setenv("WATCHDOG_USEC", "200000")
    monkeypatch.setenv("WATCHDOG_PID", str(os.getpid()))
    return listener


def test_app_says_ready_on_the_start_screen_and_pings_only_while_its_loop_turns(
    qtbot: Any, notify_env: NotifyListener, sandbox: Any, tmp_path: Path
) -> None:
    seen: dict[str, Any] = {"blocked": False}

    def during(window: Any) -> bool:
        messages = notify_env.pending()
        if not any(m.startswith("READY=1") for m in messages):
            return False
        seen.setdefault("screen_at_ready", window.current() is window.start)
        seen.setdefault("visible_at_ready", window.start.isVisible())
        if not seen["blocked"]:
            if _count(messages, "WATCHDOG=1") < 2:
                return False
            # A slot that hangs the event loop for five ping intervals.
            notify("TEST=block-start")
            time.sleep(0.5)
            notify("TEST=block-end")
            seen["blocked"] = True
            return False
        after = messages[messages.index("TEST=block-end") + 1 :]
        return _count(after, "WATCHDOG=1") >= 2

    assert run_app(app_config(tmp_path, sandbox, "service"), during) == 0
    messages = notify_env.pending()
    assert messages[0] == "READY=1\nSTATUS=start screen shown"
    assert seen == {"blocked": True, "screen_at_ready": True, "visible_at_ready": True}
    start, end = messages.index("TEST=block-start"), messages.index("TEST=block-end")
    assert _count(messages[1:start], "WATCHDOG=1") >= 2
    assert messages[start + 1 : end] == []  # no ping while the loop was blocked
    assert _count(messages[end + 1 :], "WATCHDOG=1") >= 2  # and pings resume after
    assert messages[-1] == "STOPPING=1"
    assert _count(messages, "READY=1") == 1


def test_app_pings_on_the_default_interval_without_watchdog_usec(
    listener: NotifyListener, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.app import make_application
    from ui.watchdog import QtWatchdog

    make_application()
    monkeypatch.setenv("NOTIFY_SOCKET", listener.name)
    monkeypatch.delenv("WATCHDOG_USEC", raising=False)
    assert QtWatchdog().timer.interval() == int(DEFAULT_PING_S * 1000)
    monkeypatch.delenv("NOTIFY_SOCKET")
    assert not QtWatchdog().enabled


@pytest.mark.parametrize("delivery", ["child", "service"])
def test_delivery_setting_decides_whether_the_app_starts_a_worker(
    delivery: str, qtbot: Any, sandbox: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cv2
    import numpy as np

    from kiosk.config import load_settings
    from kiosk.outbox.outbox import Outbox
    from kiosk.outbox.plans import Capture

    monkeypatch.setenv("KIOSK_OUTBOX__KEY_STORE", "file")
    config = app_config(tmp_path, sandbox, delivery)
    jpeg = cv2.imencode(".jpg", np.full((480, 640, 3), 128, np.uint8))[1].tobytes()
    with Outbox(load_settings(config)) as outbox:
        outbox.submit_prospect(
            {"face": Capture(jpeg, "image/jpeg", time_now())}, types=amplifi_types()
        )
        waiting = f"Outbox: {outbox.store.outstanding()} waiting"  # the image and the session
    seen: dict[str, Any] = {}

    def during(window: Any) -> bool:
        # The child, if any, starts once the start screen is up: every one seen is kept.
        kids = seen.setdefault("children", set())
        kids.update(c for c in _children() if "queue worker" in c)
        seen["queue"] = window.strip.queue.text()
        if delivery == "service":
            return seen["queue"] == waiting  # counted from the database
        return bool(sandbox.state.snapshot()["amplifi"]["requests"])

    assert run_app(config, during) == 0
    if delivery == "service":
        assert seen["children"] == set()
        assert seen["queue"] == waiting
        assert not sandbox.state.snapshot()["amplifi"]["requests"]
    else:
        assert len(seen["children"]) == 1
        assert sandbox.state.snapshot()["amplifi"]["requests"]  # the child delivered it
    assert [c for c in _children() if "queue worker" in c] == []  # none left behind


def time_now() -> Any:
    """Now, in UTC."""
    from datetime import UTC, datetime

    return datetime.now(UTC)
