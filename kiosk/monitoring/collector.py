"""The kiosk's metrics as they are at scrape time, read from the data dir.

The outbox database holds the jobs, what the delivery worker learned of each API and the
SessionM verdicts; the telemetry file holds what the app recorded. Reading both at every
scrape makes the numbers true whichever process (app, delivery service, a drain) changed
them. Each scrape opens its own short-lived connections, so the HTTP server's threads
leave nothing open behind them.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    InfoMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector

from kiosk import __version__
from kiosk.monitoring import labels
from kiosk.monitoring.logs import event as log_event
from kiosk.monitoring.telemetry import STEP_BUCKETS, Sample, Telemetry, TelemetryError
from kiosk.outbox.reach import ReachState, classify

OUTBOX_FILE = "outbox.sqlite3"
API_STATES = tuple(s.value for s in ReachState if s is not ReachState.UNKNOWN)
log = logging.getLogger(__name__)


@contextlib.contextmanager
def _outbox(data_dir: Path) -> Iterator[sqlite3.Connection | None]:
    path = data_dir / OUTBOX_FILE
    if not path.exists():
        yield None
        return
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    try:
        conn.execute("PRAGMA busy_timeout=10000")
        yield conn
    finally:
        conn.close()


def _api(kind: str) -> str:
    return kind.split(".", 1)[0] if kind.split(".", 1)[0] in labels.APIS else labels.OTHER


def disk_usage(path: Path) -> tuple[int, int]:
    """(free bytes for this user, total bytes) of the filesystem holding ``path``."""
    while not path.exists() and path != path.parent:
        path = path.parent
    stats = os.statvfs(path)
    return stats.f_bavail * stats.f_frsize, stats.f_blocks * stats.f_frsize


class KioskCollector(Collector):
    """Outbox, API, verdict, disk, app and camera metrics of one data dir."""

    def __init__(self, data_dir: Path, device_tag: str, app_stale_s: float = 120.0) -> None:
        self.data_dir = data_dir
        self.device_tag = device_tag
        self.app_stale_s = app_stale_s
        self.telemetry = Telemetry(data_dir)

    def collect(self) -> Iterable[Metric]:
        """Every metric, read now."""
        info = InfoMetricFamily("kiosk_build", "The kiosk's version and device tag")
        info.add_metric([], {"version": __version__, "device_tag": self.device_tag})
        yield info
        # A damaged or locked file must not take the endpoint down: it is reported instead.
        readable = 1.0
        try:
            with _outbox(self.data_dir) as conn:
                if conn is not None:
                    yield from list(self._outbox_metrics(conn))
        except sqlite3.Error as exc:
            readable = 0.0
            log_event(log, "metrics_outbox_unreadable", logging.WARNING, error=str(exc))
        yield GaugeMetricFamily(
            "kiosk_outbox_readable", "1 when the outbox database could be read", value=readable
        )
        free, total = disk_usage(self.data_dir)
        yield GaugeMetricFamily(
            "kiosk_data_dir_free_bytes", "Free bytes on the data dir's filesystem", value=free
        )
        yield GaugeMetricFamily(
            "kiosk_data_dir_size_bytes", "Size of the data dir's filesystem", value=total
        )
        try:
            yield from list(self._app_metrics())
        except TelemetryError as exc:
            log_event(log, "metrics_telemetry_unreadable", logging.WARNING, error=str(exc))

    # -- the outbox ------------------------------------------------------------------

    def _outbox_metrics(self, conn: sqlite3.Connection) -> Iterator[Metric]:
        jobs = GaugeMetricFamily(
            "kiosk_outbox_jobs",
            "Outbox jobs by API, call and state",
            labels=["api", "call", "state"],
        )
        counts: dict[tuple[str, str], int] = defaultdict(int)
        for kind, state, count in conn.execute(
            "SELECT kind, state, COUNT(*) FROM jobs GROUP BY kind, state"
        ):
            counts[(kind, state)] += count
        for kind in labels.CALLS:
            for state in labels.STATES:
                jobs.add_metric([_api(kind), labels.call(kind), state], counts[(kind, state)])
        yield jobs

        oldest = GaugeMetricFamily(
            "kiosk_outbox_oldest_undelivered_age_seconds",
            "Age of the oldest pending or in-flight job (0 when none)",
            labels=["api"],
        )
        ages = dict.fromkeys(labels.APIS, 0.0)
        now = time.time()
        for kind, created in conn.execute(
            "SELECT kind, MIN(created_at) FROM jobs WHERE state IN ('pending', 'in_flight') "
            "GROUP BY kind"
        ):
            api = _api(kind)
            ages[api] = max(ages.get(api, 0.0), now - created)
        for api, age in ages.items():
            oldest.add_metric([api], max(0.0, age))
        yield oldest

        last = GaugeMetricFamily(
            "kiosk_outbox_last_delivery_timestamp_seconds",
            "When a job to this API was last delivered (epoch seconds)",
            labels=["api"],
        )
        latest: dict[str, float] = {}
        for kind, done_at in conn.execute(
            "SELECT kind, MAX(done_at) FROM jobs WHERE state = 'done' GROUP BY kind"
        ):
            if done_at is not None:
                latest[_api(kind)] = max(latest.get(_api(kind), 0.0), done_at)
        for api, at in sorted(latest.items()):
            last.add_metric([api], at)
        yield last
        yield from self._api_metrics(conn)
        yield self._verdicts(conn)

    def _api_metrics(self, conn: sqlite3.Connection) -> Iterator[Metric]:
        reachable = GaugeMetricFamily(
            "kiosk_api_reachable",
            "1 when the delivery worker last reached the API, 0 when it could not "
            "(absent until it has tried)",
            labels=["api"],
        )
        refused = GaugeMetricFamily(
            "kiosk_api_auth_refused",
            "1 while the API is unreachable because it refused the kiosk's credentials",
            labels=["api"],
        )
        states = GaugeMetricFamily(
            "kiosk_api_state",
            "1 for the API's state as the delivery worker last found it: online, degraded "
            "(5xx, 429, no reply), offline, untrusted (TLS certificate) or refused (credentials)",
            labels=["api", "state"],
        )
        rows = conn.execute("SELECT api, online, reason FROM connectivity").fetchall()
        known = {api: bool(online) for api, online, _ in rows if api in labels.APIS}
        state = {
            api: ReachState.ONLINE if online else classify(reason)
            for api, online, reason in rows
            if api in labels.APIS
        }
        for api in labels.APIS:
            if api in known:
                reachable.add_metric([api], float(known[api]))
                for name in API_STATES:
                    states.add_metric([api, name], float(state[api] == name))
            latest = conn.execute(
                "SELECT error_class FROM jobs WHERE kind LIKE ? AND error_class IS NOT NULL "
                "ORDER BY updated_at DESC LIMIT 1",
                (f"{api}.%",),
            ).fetchone()
            auth = known.get(api) is False and latest is not None and latest[0] == "AuthError"
            refused.add_metric([api], float(auth))
        yield reachable
        yield refused
        yield states

    def _verdicts(self, conn: sqlite3.Connection) -> Metric:
        family = GaugeMetricFamily(
            "kiosk_sessionm_verdicts",
            "Delivered receipts by SessionM status and invalid code",
            labels=["status", "invalid_code"],
        )
        counts: dict[tuple[str, str], int] = defaultdict(int)
        for status, code, count in conn.execute(
            "SELECT status, invalid_code, COUNT(*) FROM verdicts WHERE api = 'sessionm' "
            "GROUP BY status, invalid_code"
        ):
            counts[(labels.verdict_status(status), labels.invalid_code(code))] += count
        for (status, code), count in sorted(counts.items()):
            family.add_metric([status, code], count)
        return family

    # -- what the app recorded -------------------------------------------------------

    def _app_metrics(self) -> Iterator[Metric]:
        counters = self.telemetry.counters()
        gauges = {(g.metric, tuple(sorted(g.labels.items()))): g for g in self.telemetry.gauges()}
        captures = CounterMetricFamily(
            "kiosk_captures", "Captures kept by kind and outcome", labels=["kind", "outcome"]
        )
        failures = CounterMetricFamily(
            "kiosk_capture_check_failures",
            "Failed checks of full-resolution pictures by kind and check",
            labels=["kind", "check"],
        )
        pin_failures = CounterMetricFamily(
            "kiosk_admin_pin_failures",
            "Wrong PINs typed on the kiosk's staff PIN pads (kiosk.pin_lockout)",
        )
        pin_failed = 0.0
        for sample in counters:
            if sample.metric == "kiosk_admin_pin_failures_total":
                pin_failed += sample.value
            elif sample.metric == "kiosk_captures_total":
                captures.add_metric([sample.labels["kind"], sample.labels["outcome"]], sample.value)
            elif sample.metric == "kiosk_capture_check_failures_total":
                failures.add_metric([sample.labels["kind"], sample.labels["check"]], sample.value)
        pin_failures.add_metric([], pin_failed)
        yield captures
        yield failures
        yield pin_failures
        yield _histogram(
            "kiosk_capture_step_seconds",
            "Time from a capture step's start to its picture",
            "kind",
            counters,
        )
        heartbeat = gauges.get(("kiosk_app_heartbeat_seconds", ()))
        up = heartbeat is not None and time.time() - (heartbeat.at or 0) <= self.app_stale_s
        yield GaugeMetricFamily(
            "kiosk_app_up", "1 while the kiosk app records its camera", value=float(up)
        )
        if heartbeat is not None and heartbeat.at is not None:
            yield GaugeMetricFamily(
                "kiosk_app_last_seen_timestamp_seconds",
                "When the app last recorded its camera",
                value=heartbeat.at,
            )
        started = gauges.get(("kiosk_app_start_time_seconds", ()))
        if started is not None:
            yield GaugeMetricFamily(
                "kiosk_app_start_time_seconds", "When the app last started", value=started.value
            )
        state = GaugeMetricFamily(
            "kiosk_camera_state", "The camera's state as the app last saw it", labels=["state"]
        )
        for name in labels.CAMERA_STATES:
            seen = gauges.get(("kiosk_camera_state", (("state", name),)))
            state.add_metric([name], seen.value if seen else float(name == "absent"))
        yield state
        fps = gauges.get(("kiosk_camera_fps", ()))
        yield GaugeMetricFamily(
            "kiosk_camera_fps",
            "Frames per second the camera delivers",
            value=fps.value if fps else 0,
        )
        dropped = gauges.get(("kiosk_camera_dropped_frames", ()))
        yield CounterMetricFamily(
            "kiosk_camera_dropped_frames",
            "Frames replaced before the app read them, since the camera opened",
            value=dropped.value if dropped else 0,
        )


def _histogram(name: str, doc: str, label: str, samples: list[Sample]) -> Metric:
    family = HistogramMetricFamily(name, doc, labels=[label])
    series: dict[str, dict[str, float]] = defaultdict(dict)
    for sample in samples:
        if sample.metric == f"{name}_bucket":
            series[sample.labels[label]][sample.labels["le"]] = sample.value
        elif sample.metric == f"{name}_sum":
            series[sample.labels[label]]["sum"] = sample.value
    for value, points in sorted(series.items()):
        total = points.pop("sum", 0.0)
        # Buckets are cumulative and stored once reached: a missing one has counted nothing.
        bounds = [repr(float(b)) for b in STEP_BUCKETS] + ["+Inf"]
        family.add_metric([value], [(le, points.get(le, 0.0)) for le in bounds], total)
    return family
