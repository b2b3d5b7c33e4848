"""Fixtures of the outbox tests (the full kill sweep is marked ``slow``: ``-m slow``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from outbox_helpers import FAST_RETRY, sandbox_settings

from kiosk.outbox.outbox import Outbox
from kiosk.sandbox.server import SandboxServer


@pytest.fixture
def outbox(sandbox: SandboxServer, kiosk_env: Path) -> Iterator[Outbox]:
    """An outbox in the test's data dir, delivering to the sandbox."""
    with Outbox(sandbox_settings(sandbox.url, kiosk_env)) as box:
        yield box


@pytest.fixture
def fast_env(sandbox_env: SandboxServer, monkeypatch: pytest.MonkeyPatch) -> SandboxServer:
    """The sandbox environment plus a fast retry policy and the key file, for CLI runs."""
    monkeypatch.setenv("KIOSK_OUTBOX__BACKOFF_BASE", str(FAST_RETRY["backoff_base"]))
    monkeypatch.setenv("KIOSK_OUTBOX__BACKOFF_CAP", str(FAST_RETRY["backoff_cap"]))
    monkeypatch.setenv("KIOSK_OUTBOX__KEY_STORE", "file")
    return sandbox_env
