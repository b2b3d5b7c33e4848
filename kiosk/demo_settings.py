"""What ``kiosk demo`` runs on: its own data dir, its sandbox server, relaxed demo floors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk.config import Settings, default_data_dir

DEMO_DEVICE_TAG = "DEMO-KIOSK"
# ``kiosk demo`` has no config file and so no PIN of its own; it uses this one (README).
DEMO_ADMIN_PIN = "2468"


def demo_data_dir() -> Path:
    """Where ``kiosk demo`` keeps its outbox: apart from a real kiosk's data."""
    return default_data_dir() / "demo"


def demo_overrides(sandbox_url: str) -> dict[str, Any]:
    """Settings ``kiosk demo`` runs on: its sandbox server and the demo data dir."""
    return {
        "device_tag": DEMO_DEVICE_TAG,
        "data_dir": demo_data_dir(),
        "amplifi": {"base_url": sandbox_url, "token": "demo"},
        "sessionm": {"base_url": sandbox_url, "api_key": "demo"},
        "camera": {"source": "auto"},
        # The demo camera's receipt is about 260 px wide at 720p, below the 470 px (80 mm at
        # 150 dpi) a real receipt needs, so the demo scene alone relaxes that floor.
        # A visitor trying the demo is offered the manual capture sooner than the real 15 s.
        "capture": {
            "receipt": {"min_width_px": 240.0},
            "autocapture": {"manual_after_s": 5.0},
        },
    }


def demo_environment(settings: Settings) -> dict[str, str]:
    """The same overrides as ``KIOSK_*`` variables, for the delivery child process."""
    return {
        "KIOSK_DEVICE_TAG": settings.device_tag,
        "KIOSK_DATA_DIR": str(settings.data_dir),
        "KIOSK_AMPLIFI__BASE_URL": settings.amplifi.base_url,
        "KIOSK_AMPLIFI__TOKEN": "demo",
        "KIOSK_SESSIONM__BASE_URL": settings.sessionm.base_url,
        "KIOSK_SESSIONM__API_KEY": "demo",
    }
