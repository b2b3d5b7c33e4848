"""Starting the kiosk app: ``kiosk``, ``kiosk run`` and ``kiosk demo`` end up here."""

from __future__ import annotations

import logging
import signal
import sys
from pathlib import Path

import cv2
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from kiosk.capture.models import candidate_paths
from kiosk.errors import KioskError
from kiosk.memory import give_back_freed_memory, one_malloc_arena
from kiosk.resource_files import warn_missing_files
from kiosk.runtime import Kiosk, build_kiosk
from ui import theme
from ui.context import UiContext
from ui.delivery import ProcessDelivery
from ui.i18n import Languages
from ui.none_guard import guard_none_refcount
from ui.watchdog import QtWatchdog
from ui.window import KioskWindow

log = logging.getLogger(__name__)

# Work that can wait until the start screen is on screen (it shows within ~0.2 s of the loop).
AFTER_START_MS = 500


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with the kiosk's style (reused if one exists, as under pytest-qt)."""
    guard_none_refcount()
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else [sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName("Branch Capture Kiosk")
    app.setStyleSheet(theme.style_sheet())
    app.setWindowIcon(theme.icon("app"))
    return app


def _quit_on_signals(window: KioskWindow) -> None:
    """SIGTERM / SIGINT (service manager, Ctrl+C) close the kiosk cleanly."""

    def stop(*_: object) -> None:
        window.exit_kiosk()
        QApplication.quit()

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, stop)
    # Python runs signal handlers only between bytecodes: a timer lets it in regularly.
    window.signal_timer = QTimer(window, interval=250)
    window.signal_timer.timeout.connect(lambda: None)
    window.signal_timer.start()


def _after_start(window: KioskWindow, services: Kiosk, delivery: ProcessDelivery | None) -> None:
    """What waits until the start screen is up, so it does not delay it: the delivery worker
    and the demo's sandbox (second Python processes sharing the two cores), the camera, the
    input filters, and handing back what building the screens left."""
    if delivery is not None:
        delivery.start()
    services.start_sandbox()  # the demo's, if any
    services.open_pending_camera()
    window.refresh_status()
    window.watch_input()
    give_back_freed_memory()


def run(mode: str = "run", config: str | Path | None = None, windowed: bool = False) -> int:
    """Run the kiosk until staff exit it from the admin screen; returns the exit status."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # One OpenCV thread: the kiosk already runs preview, capture and UI on their own threads,
    # and OpenCV's pool spins between jobs. Measured on the 2-core kiosk, the live face step
    # took 27 % of a core in preview plus pool threads with the default pool, 17 % with one.
    cv2.setNumThreads(1)
    one_malloc_arena()
    app = make_application()
    try:
        # The start screen needs no camera: it opens once the screen is up.
        services = build_kiosk(mode, config, camera_later=True)
    except KioskError as exc:
        print(f"kiosk: error: {exc}", file=sys.stderr)
        return 2
    # Said once at start-up, in the log, and on the admin Health tab and ``kiosk health``,
    # so a broken installation is seen by IT before a customer meets it.
    warn_missing_files(candidate_paths(services.settings.face_model)[0])
    languages = Languages()
    languages.use(services.settings.language)
    delivery = None
    if services.delivers_in_child:
        delivery = ProcessDelivery(
            str(services.config_path) if services.config_path else None, services.delivery_env
        )
    # With app.delivery = "service" the delivery unit's worker delivers; the status strip
    # still shows the queue, read from the outbox database.
    ctx = UiContext.create(services, delivery)
    window = KioskWindow(ctx, languages, watch_input=False)
    watchdog = QtWatchdog(window)
    watchdog.start(ready_when_shown=window.start)
    if windowed:
        window.show()
    else:
        window.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        window.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        window.showFullScreen()
    after_start = QTimer(window, singleShot=True, interval=AFTER_START_MS)
    after_start.timeout.connect(lambda: _after_start(window, services, delivery))
    after_start.start()
    _quit_on_signals(window)
    try:
        app.exec()
    finally:
        after_start.stop()  # an exit before it ran: nothing starts after the services close
        watchdog.stopping()
        ctx.shutdown()
        if delivery is not None:
            delivery.stop()
        services.close()
    return 0
