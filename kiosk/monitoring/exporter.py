"""Serving the metrics: HTTP on ``metrics.listen`` and a node_exporter textfile.

The delivery worker (``kiosk queue worker``: the packaged service, or the app's child)
runs one exporter; a site without Prometheus scraping kiosks directly can point
node_exporter's textfile collector at ``metrics.textfile`` instead.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from wsgiref.simple_server import WSGIServer

from prometheus_client import CollectorRegistry, start_http_server, write_to_textfile
from prometheus_client.process_collector import ProcessCollector

from kiosk.config import Settings
from kiosk.config.monitoring import parse_listen
from kiosk.errors import KioskError
from kiosk.monitoring.collector import KioskCollector
from kiosk.monitoring.delivery import DeliveryMetrics
from kiosk.monitoring.logs import event as log_event
from kiosk.outbox.store import Store

log = logging.getLogger(__name__)


class MetricsError(KioskError):
    """The metrics endpoint or textfile cannot be served as configured."""


def build_registry(settings: Settings, store: Store) -> tuple[CollectorRegistry, DeliveryMetrics]:
    """A registry with every kiosk metric, and the delivery counts to feed from the worker."""
    registry = CollectorRegistry()
    registry.register(
        KioskCollector(settings.data_dir, settings.device_tag, settings.health.app_stale_s)
    )
    ProcessCollector(namespace="kiosk_worker", registry=registry)
    return registry, DeliveryMetrics(store, registry)


def write_textfile(path: Path, registry: CollectorRegistry) -> None:
    """Write the metrics for node_exporter's textfile collector (atomically: temp + rename)."""
    write_to_textfile(str(path), registry)
    path.chmod(0o644)  # node_exporter runs as its own user; no customer data is in it


class MetricsExporter:
    """The HTTP endpoint and the textfile writer of one worker process."""

    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings = settings.metrics
        self.registry, self.delivery = build_registry(settings, store)
        self._server: WSGIServer | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self.address: tuple[str, int] | None = None
        self.error: MetricsError | None = None

    @property
    def enabled(self) -> bool:
        """Whether anything is configured to be served."""
        return self.settings.listen is not None or self.settings.textfile is not None

    def start(self) -> MetricsExporter:
        """Start serving what is configured.

        A port that cannot be taken is logged (and leaves ``error`` set) but stops nothing:
        delivering the outbox matters more than being watched, and the missing scrape
        raises the fleet's KioskNotScraped alert.
        """
        if self.settings.listen is not None:
            host, port = parse_listen(self.settings.listen)
            try:
                self._server, _ = start_http_server(port, host, registry=self.registry)
            except OSError as exc:
                self.error = MetricsError(
                    f"metrics.listen {self.settings.listen} cannot be served "
                    f"({exc.strerror or exc}); choose a free port"
                )
                log_event(log, "metrics_unavailable", logging.ERROR, error=str(self.error))
            else:
                # The bound socket's name: its host is text (bytes only for AF_UNIX names).
                bound = self._server.server_address
                host, port = str(bound[0]), bound[1]
                self.address = (host, port)
                log_event(log, "metrics_serving", listen=f"{host}:{port}")
        if self.settings.textfile is not None:
            self._thread = threading.Thread(target=self._textfile_loop, daemon=True)
            self._thread.start()
        return self

    def _textfile_loop(self) -> None:
        assert self.settings.textfile is not None
        while True:
            self.write_textfile_now()
            if self._stop.wait(self.settings.textfile_interval_s):
                return

    def write_textfile_now(self) -> None:
        """Write the textfile once (if configured); a failure is logged, not raised."""
        if self.settings.textfile is None:
            return
        try:
            write_textfile(self.settings.textfile, self.registry)
        except (OSError, KioskError) as exc:
            log_event(
                log,
                "metrics_textfile_failed",
                logging.WARNING,
                path=self.settings.textfile,
                error=str(exc),
            )

    def stop(self) -> None:
        """Stop serving; the textfile is written one last time."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self.write_textfile_now()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
