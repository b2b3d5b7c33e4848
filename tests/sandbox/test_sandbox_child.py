"""The demo's sandbox runs in a process of its own: reachable at once on its URL, gone with
``stop()``, and ``kiosk sandbox --fd`` refuses what is not a listening socket."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import httpx
import pytest

from kiosk.cli.main import main
from kiosk.sandbox.child import SandboxProcess
from tests.processes import alive


def test_the_sandbox_child_serves_both_apis_and_stops() -> None:
    sandbox = SandboxProcess(validation_delay=0.5).start()
    try:
        pid = sandbox.pid
        assert pid is not None and pid != os.getpid()
        # Asked at once: the request waits in the socket's backlog until the child serves.
        state = httpx.get(f"{sandbox.url}/_sandbox/state", timeout=30).json()
        assert {"amplifi", "sessionm"} <= set(state)
    finally:
        sandbox.stop()
    assert not alive(pid)
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{sandbox.url}/_sandbox/state", timeout=5)


def test_sandbox_fd_that_is_no_socket_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open(tmp_path / "not-a-socket", "w") as handle:
        assert main(["sandbox", "--fd", str(handle.fileno())]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("kiosk: error: --fd")


def test_the_demo_delivers_to_its_sandbox_child(tmp_path: Path, monkeypatch: Any) -> None:
    from kiosk.runtime import build_kiosk

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    services = build_kiosk("demo")
    try:
        assert services.sandbox is not None and services.sandbox.pid is None  # bound only
        services.start_sandbox()
        assert services.sandbox.pid is not None
        assert services.settings.amplifi.base_url == services.sandbox.url
        assert services.settings.sessionm.base_url == services.sandbox.url
        reply = httpx.get(f"{services.sandbox.url}/_sandbox/state", timeout=30)
        assert reply.status_code == 200
        pid = services.sandbox.pid
    finally:
        services.close()
    assert not alive(pid)
