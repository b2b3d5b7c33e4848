"""The application context every screen gets: what the kiosk runs on and the UI's threads."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.capture.autocapture import AutoCapture
from kiosk.core import KioskCore
from kiosk.runtime import Kiosk
from ui.background import Background
from ui.capture_task import CaptureRunner
from ui.delivery import Delivery
from ui.prefs import StaffPrefs
from ui.preview import PreviewWorker


@dataclass
class UiContext:
    """The services, the threads working for the UI, and what delivers the outbox."""

    services: Kiosk
    preview: PreviewWorker
    runner: CaptureRunner
    background: Background
    # None when something else delivers the outbox (a system service, a test).
    delivery: Delivery | None = None
    # What staff switched on at this kiosk (the meters), remembered in the data dir.
    prefs: StaffPrefs | None = None

    @classmethod
    def create(cls, services: Kiosk, delivery: Delivery | None = None) -> UiContext:
        """Start the preview thread and build the helpers."""
        preview = PreviewWorker(services.settings, services.preview_evaluator)
        preview.start()
        prefs = StaffPrefs.load(services.settings.data_dir)
        runner = CaptureRunner()
        return cls(services, preview, runner, Background(), delivery, prefs)

    @property
    def core(self) -> KioskCore:
        """The kiosk's front door: submissions, their progress, the queue."""
        return self.services.core

    def new_autocapture(self) -> AutoCapture:
        """A fresh auto-capture state machine with the configured timing."""
        return AutoCapture(self.services.settings.capture.autocapture)

    def shutdown(self) -> None:
        """Stop the threads (the services are closed by their owner)."""
        self.preview.stop()
        self.runner.shutdown()
        self.background.shutdown()
