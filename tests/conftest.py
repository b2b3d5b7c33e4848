"""Shared fixtures: a fresh data dir and environment per test, the sandbox on loopback."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.sandbox.server import SandboxOptions, SandboxServer

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def kiosk_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data dir and no KIOSK_* settings from the machine."""
    for name in list(os.environ):
        if name.startswith("KIOSK_"):
            monkeypatch.delenv(name)
    data = tmp_path / "data"
    monkeypatch.setenv("KIOSK_DATA_DIR", str(data))
    monkeypatch.setenv("KIOSK_DEVICE_TAG", "test-device")
    # Keep the user's real config file out of tests.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    return data


@pytest.fixture(autouse=True)
def root_logging() -> Iterator[None]:
    """The root logger as the test found it: ``kiosk -v`` in one test (``basicConfig`` at
    DEBUG) must not print tracebacks into the next test's stderr."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    yield
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)


@pytest.fixture(autouse=True)
def no_reader_left() -> Iterator[None]:
    """A test leaves no camera reader or preview thread running: one still inside OpenCV when
    the interpreter exits aborts it (kiosk/camera/source.py)."""
    before = set(threading.enumerate())
    yield
    left = [
        t.name
        for t in threading.enumerate()
        if t not in before and t.is_alive() and t.name.startswith(("camera-", "preview"))
    ]
    assert not left, f"threads left running: {left}"


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    """A sandbox server on a free loopback port, judged without delay."""
    with SandboxServer(SandboxOptions(port=0, validation_delay=0.0)) as server:
        yield server


@pytest.fixture
def sandbox_env(sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch) -> SandboxServer:
    """The sandbox, with the KIOSK_* variables pointing the clients at it."""
    monkeypatch.setenv("KIOSK_AMPLIFI__BASE_URL", sandbox.url)
    monkeypatch.setenv("KIOSK_AMPLIFI__TOKEN", "test-token")
    monkeypatch.setenv("KIOSK_SESSIONM__BASE_URL", sandbox.url)
    monkeypatch.setenv("KIOSK_SESSIONM__API_KEY", "test-key")
    return sandbox
