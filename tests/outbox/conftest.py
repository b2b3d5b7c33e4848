"""Fixtures of the outbox tests; the full kill sweep only runs with ``-m slow``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from outbox_helpers import FAST_RETRY, HERE, sandbox_settings

from kiosk.outbox.outbox import Outbox
from kiosk.sandbox.server import SandboxServer


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave the full kill sweep out of the default run; ``-m slow`` selects it."""
    if "slow" in (config.getoption("markexpr") or ""):
        return
    keep, drop = [], []
    for item in items:
        mine = HERE in Path(str(item.path)).resolve().parents
        (drop if mine and item.get_closest_marker("slow") else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


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
