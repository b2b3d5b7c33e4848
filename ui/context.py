"""The shared machinery the screens drive: services, preview thread, capture thread, jobs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kiosk.capture.autocapture import AutoCapture
from ui.background import Background
from ui.capture_task import CaptureRunner
from ui.preview import PreviewWorker
from ui.services import Services


@dataclass
class UiContext:
    """What every screen gets: the services and the threads working for the UI."""

    services: Services
    preview: PreviewWorker
    runner: CaptureRunner
    background: Background
    delivery: Any = None  # ThreadDelivery or ProcessDelivery (has ``wake()``)
    extras: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def create(cls, services: Services, delivery: Any = None) -> UiContext:
        """Start the preview thread and build the helpers."""
        preview = PreviewWorker(services.settings)
        preview.start()
        return cls(services, preview, CaptureRunner(services.settings), Background(), delivery)

    def new_autocapture(self) -> AutoCapture:
        """A fresh auto-capture state machine with the configured timing."""
        return AutoCapture(self.services.settings.capture.autocapture)

    def wake_delivery(self) -> None:
        """Tell the outbox worker new work was queued."""
        if self.delivery is not None:
            self.delivery.wake()

    def shutdown(self) -> None:
        """Stop the threads (the services are closed by their owner)."""
        self.preview.stop()
        self.runner.shutdown()
        self.background.shutdown()
