"""Running the kiosk app's ``run()`` in the test process, as ``kiosk run --windowed`` does."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

WAIT_S = 60.0  # a deadline for a slow CI machine, not a speed requirement


def app_config(tmp_path: Path, sandbox: Any, delivery: str) -> Path:
    """A config file for the app on the sandbox (demo camera, file key store)."""
    path = tmp_path / "kiosk.toml"
    path.write_text(
        f"""
device_tag = "notify-test"
[amplifi]
base_url = "{sandbox.url}"
token = "test-token"
[sessionm]
base_url = "{sandbox.url}"
api_key = "test-key"
[camera]
source = "demo"
[outbox]
key_store = "file"
[app]
admin_pin = "2468"
delivery = "{delivery}"
""",
        encoding="utf-8",
    )
    return path


def run_app(config: Path, during: Callable[[Any], bool]) -> int:
    """``kiosk run --windowed`` in this process; ``during(window)`` runs on a timer until True."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui.app import make_application, run
    from ui.window import KioskWindow

    def window() -> KioskWindow | None:
        found = [w for w in QApplication.topLevelWidgets() if isinstance(w, KioskWindow)]
        return found[0] if found else None

    app = make_application()
    deadline = time.monotonic() + WAIT_S
    poll = QTimer()
    poll.setInterval(20)

    failures: list[BaseException] = []

    def tick() -> None:
        shown = window()
        try:
            done = shown is not None and during(shown)
        except Exception as exc:  # Qt would only print it: fail the test with it instead
            failures.append(exc)
            done = True
        if done or time.monotonic() > deadline:
            poll.stop()
            app.exit(0)  # quit() would first ask the kiosk window, which refuses to close

    poll.timeout.connect(tick)
    poll.start()
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        code = run("run", config, windowed=True)
        if failures:
            raise failures[0]
        return code
    finally:
        poll.stop()
        for sig, handler in saved.items():  # run() installs its own
            signal.signal(sig, handler)
        leftover = window()
        if leftover is not None:
            leftover.allow_close = True
            leftover.close()
            leftover.deleteLater()
