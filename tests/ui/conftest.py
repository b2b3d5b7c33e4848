"""Fixtures for the UI tests: a kiosk window on the sandbox, a fast clock, helpers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.config import load_settings
from kiosk.core import KioskCore
from kiosk.runtime import Kiosk as Services
from kiosk.runtime import open_camera
from kiosk.sandbox.server import SandboxServer
from ui.app import make_application
from ui.context import UiContext
from ui.delivery import ThreadDelivery
from ui.i18n import Languages
from ui.window import KioskWindow

PIN = "13579"


class Kiosk:
    """A running kiosk window and what it runs on."""

    def __init__(self, window: KioskWindow, ctx: UiContext, sandbox: SandboxServer) -> None:
        self.window = window
        self.ctx = ctx
        self.sandbox = sandbox

    @property
    def services(self) -> Services:
        return self.ctx.services


def _settings(sandbox: SandboxServer, **overrides: Any) -> Any:
    base: dict[str, Any] = {
        "amplifi": {"base_url": sandbox.url, "token": "test-token"},
        "sessionm": {"base_url": sandbox.url, "api_key": "test-key"},
        "camera": {"source": "demo", "demo_fps": 15.0},
        # The demo receipt is ~260 px wide at 720p: below the real 470 px floor.
        "capture": {
            "receipt": {"min_width_px": 240.0},
            "autocapture": {"stable_ms": 200.0, "manual_after_s": 0.3},
        },
        "outbox": {"backoff_base": 0.05, "backoff_cap": 0.3},
        # The privacy notice has its own tests (test_consent.py); the others begin at the
        # camera as before.
        "app": {"admin_pin": PIN, "consent_required": False},
    }
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = {**base[key], **value}
        else:
            base[key] = value
    return load_settings(None, **base)


@pytest.fixture
def make_kiosk(qtbot: Any, sandbox: SandboxServer) -> Iterator[Callable[..., Kiosk]]:
    """Build a kiosk window on the sandbox with an in-thread outbox worker."""
    make_application()
    made: list[tuple[KioskWindow, UiContext, Services, ThreadDelivery]] = []

    def build(
        idle_timeout_ms: int = 60_000,
        idle_warning_ms: int = 20_000,
        *,
        camera_later: bool = False,
        watch_input: bool = True,
        **overrides: Any,
    ) -> Kiosk:
        settings = _settings(sandbox, **overrides)
        # camera_later / watch_input=False: as the app starts, before its start screen is up.
        camera, error = (None, None) if camera_later else open_camera(settings)
        services = Services(
            settings, KioskCore(settings), camera, camera_error=error, camera_pending=camera_later
        )
        delivery = ThreadDelivery(services.core, idle_poll=0.05)
        delivery.start()
        ctx = UiContext.create(services, delivery)
        window = KioskWindow(
            ctx, Languages(), idle_timeout_ms, idle_warning_ms, watch_input=watch_input
        )
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        made.append((window, ctx, services, delivery))
        return Kiosk(window, ctx, sandbox)

    yield build
    for window, ctx, services, delivery in made:
        window.languages.use("en")  # its translator is installed application-wide
        window.allow_close = True
        window.close()
        ctx.shutdown()
        delivery.stop()
        services.close()
    Languages().use("en")


@pytest.fixture
def dark_image(tmp_path: Path) -> Path:
    """A black frame: nothing to capture in it."""
    import cv2
    import numpy as np

    path = tmp_path / "dark.png"
    cv2.imwrite(str(path), np.full((720, 1280, 3), 8, np.uint8))
    return path
