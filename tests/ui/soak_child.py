"""A kiosk window driven hard in its own process: language switches and preview frames.

Prints the reference counts of None, True and False before and after as one JSON line,
then quits through the event loop; its exit status is the app's.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import numpy as np
from PySide6.QtCore import QEvent, QTimer

from kiosk.config import load_settings
from kiosk.core import KioskCore
from kiosk.runtime import Kiosk, open_camera
from kiosk.sandbox.server import SandboxOptions, SandboxServer
from ui.app import make_application
from ui.context import UiContext
from ui.delivery import ThreadDelivery
from ui.i18n import Languages
from ui.widgets.preview_view import PreviewView
from ui.window import KioskWindow


def counts() -> list[int]:
    """sys.getrefcount of None, True and False."""
    return [sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)]


def main(switches: int, frames: int) -> int:
    """Drive the window; the app's exit status."""
    app = make_application()
    with tempfile.TemporaryDirectory() as tmp, SandboxServer(SandboxOptions(port=0)) as server:
        settings = load_settings(
            None,
            device_tag="soak",
            data_dir=Path(tmp),
            amplifi={"base_url": server.url, "token": "t"},
            sessionm={"base_url": server.url, "api_key": "k"},
            camera={"source": "demo", "demo_fps": 15.0},
            app={"admin_pin": "13579"},
        )
        camera, error = open_camera(settings)
        services = Kiosk(settings, KioskCore(settings), camera, camera_error=error)
        delivery = ThreadDelivery(services.core, idle_poll=0.2)
        delivery.start()
        ctx = UiContext.create(services, delivery)
        window = KioskWindow(ctx, Languages(), 600_000, 20_000)
        window.resize(1280, 800)
        window.show()
        preview = PreviewView()
        preview.resize(640, 360)
        preview.show()
        frame = np.zeros((720, 1280, 3), np.uint8)
        app.processEvents()
        before = counts()
        for n in range(switches):
            window.set_language("es" if n % 2 == 0 else "en")
            app.processEvents()
            # What the event loop does on return: delete the screens the switch replaced.
            app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        for n in range(frames):
            frame[:, :, n % 3] = n % 256
            preview.set_frame(frame, (1280, 720))
            preview.repaint()
            if n % 50 == 0:
                app.processEvents()
        after = counts()
        print(json.dumps({"before": before, "after": after}), flush=True)
        window.allow_close = True
        window.close()
        preview.close()
        ctx.shutdown()
        delivery.stop()
        services.close()
        QTimer.singleShot(0, app.quit)
        return app.exec()


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]), int(sys.argv[2])))
