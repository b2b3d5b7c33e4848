"""The delivery worker's own counts: each delivery outcome and its latency.

Kept in the worker process (they start from zero when it starts, as Prometheus counters
may); the outbox gauges in ``collector.py`` stay true across restarts.
"""

from __future__ import annotations

import logging
import time

from prometheus_client import CollectorRegistry, Counter, Histogram

from kiosk.monitoring import labels
from kiosk.monitoring.logs import event as log_event
from kiosk.outbox.jobs import JobState
from kiosk.outbox.store import Store
from kiosk.outbox.worker import JobEvent

log = logging.getLogger(__name__)

# Enqueue to confirmed, seconds: a second online, minutes to hours behind an outage.
LATENCY_BUCKETS = (0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0, 3600.0, 14400.0)


def outcome(event: JobEvent) -> str:
    """What a job event means for delivery (one of ``labels.DELIVERY_OUTCOMES``)."""
    if event.state is JobState.FAILED:
        return "dead_lettered"
    if event.state is not JobState.DONE:
        return "retried"
    if event.reconciled and labels.call(event.kind) == "generic_request":
        return "duplicate_answered"  # PUT /requests answered isDuplicate: true
    if event.reconciled:
        return "ambiguous_reconciled"  # found already there after an ambiguous failure
    return "delivered"


class DeliveryMetrics:
    """A worker observer (``OutboxObserver``) counting the worker's deliveries."""

    def __init__(self, store: Store, registry: CollectorRegistry) -> None:
        self._store = store
        self.deliveries = Counter(
            "kiosk_deliveries",
            "Delivery attempts by API, call and outcome",
            ["api", "call", "outcome"],
            registry=registry,
        )
        self.latency = Histogram(
            "kiosk_delivery_latency_seconds",
            "Time from enqueue to the server's confirmation",
            ["api"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        # Every series exists from the start, so rate() and absence checks work at once.
        for kind in labels.CALLS:
            for name in labels.DELIVERY_OUTCOMES:
                self.deliveries.labels(kind.split(".")[0], labels.call(kind), name)
        for api in labels.APIS:
            self.latency.labels(api)

    def job_event(self, event: JobEvent) -> None:
        """Count one job event (called on the worker's thread)."""
        api = event.kind.split(".", 1)[0]
        api = api if api in labels.APIS else labels.OTHER
        self.deliveries.labels(api, labels.call(event.kind), outcome(event)).inc()
        if event.state is JobState.DONE:
            job = self._store.get(event.job_id)
            if job is not None:
                self.latency.labels(api).observe(max(0.0, time.time() - job.created_at))

    def connectivity(self, api: str, online: bool, reason: str) -> None:
        """Not counted: reachability is the collector's gauge, read from the store."""


class DeliveryLog:
    """A worker observer logging each delivery outcome, dead letter and reachability change.

    Lines name the job, its call, its submission's reference and the outcome; a reason is
    the API error's text, which never carries bodies, images or customer ids.
    """

    def job_event(self, event: JobEvent) -> None:
        """Log one job event (on the worker's thread)."""
        name = outcome(event)
        fields = {
            "job": event.job_id,
            "call": event.kind,
            "reference": event.submission,
            "outcome": name,
            "attempts": event.attempts,
        }
        if name == "dead_lettered":
            log_event(log, "dead_letter", logging.WARNING, **fields, reason=event.message)
        elif name == "retried":
            log_event(log, "delivery", logging.INFO, **fields, reason=event.message)
        else:
            log_event(log, "delivery", logging.INFO, **fields)

    def connectivity(self, api: str, online: bool, reason: str) -> None:
        """Log that an API became reachable or unreachable."""
        if online:
            log_event(log, "api_reachable", logging.INFO, api=api)
        else:
            log_event(log, "api_unreachable", logging.WARNING, api=api, reason=reason)
