"""A real Prometheus scrapes a real delivery worker delivering to the sandbox with faults.

Prometheus (Debian's package) runs on a free loopback port with a generated config and a
temporary storage dir, scraping every second; the test reads its HTTP query API, not the
worker's endpoint, and compares what it finds with what the outbox reports.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import httpx
import pytest
from sample_data import SAMPLES

from kiosk.config import load_settings
from kiosk.core import KioskCore
from kiosk.outbox.jobs import JobState
from kiosk.outbox.plans import Capture
from kiosk.sandbox.server import SandboxOptions, SandboxServer

PROMETHEUS = "/usr/bin/prometheus"
RECEIPT = SAMPLES / "receipts" / "softmatic_A_aldi_18042020_11_00883.jpg"
FACE = SAMPLES / "faces" / "fr_biden.jpg"
DEADLINE_S = 150.0
RECEIPTS = 6
PROSPECTS = 2


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _capture(path: Path) -> Capture:
    return Capture(path.read_bytes(), "image/jpeg", datetime.now().astimezone())


def _until(what: str, check: Callable[[], object], deadline: float) -> object:
    """Poll ``check`` until it returns something truthy (bounded by ``deadline``)."""
    last: object = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what} (last: {last!r})")


class Prometheus:
    """A Prometheus server scraping one target, and its query API."""

    def __init__(self, tmp: Path, target: str) -> None:
        self.port = _free_port()
        config = tmp / "prometheus.yml"
        config.write_text(
            "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
            "scrape_configs:\n  - job_name: branch-kiosk\n"
            f"    static_configs:\n      - targets: ['{target}']\n"
            "        labels: {instance: test-device}\n"
        )
        self.log = (tmp / "prometheus.log").open("w")
        self.process = subprocess.Popen(
            [
                PROMETHEUS,
                f"--config.file={config}",
                f"--storage.tsdb.path={tmp / 'tsdb'}",
                f"--web.listen-address=127.0.0.1:{self.port}",
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.url = f"http://127.0.0.1:{self.port}"

    def ready(self) -> bool:
        """Whether the server answers its readiness probe."""
        try:
            return httpx.get(f"{self.url}/-/ready", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def value(self, query: str) -> float | None:
        """The one value of an instant query, or None when it has no result yet."""
        reply = httpx.get(f"{self.url}/api/v1/query", params={"query": query}, timeout=5)
        reply.raise_for_status()
        result = reply.json()["data"]["result"]
        return float(result[0]["value"][1]) if result else None

    def stop(self) -> None:
        """Stop the server and wait for it."""
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


@pytest.fixture
def worker_env(kiosk_env: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """Settings shared by the test's core and the worker subprocess."""
    monkeypatch.setenv("KIOSK_OUTBOX__BACKOFF_BASE", "0.05")
    monkeypatch.setenv("KIOSK_OUTBOX__BACKOFF_CAP", "0.2")
    monkeypatch.setenv("KIOSK_OUTBOX__KEY_STORE", "file")
    monkeypatch.setenv("KIOSK_AMPLIFI__TOKEN", "test-token")
    monkeypatch.setenv("KIOSK_SESSIONM__API_KEY", "test-key")
    yield dict(os.environ)


@pytest.mark.prometheus
def test_prometheus_scrapes_what_the_outbox_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, worker_env: dict[str, str]
) -> None:
    deadline = time.monotonic() + DEADLINE_S
    # Only server errors, answered before anything is stored: every retry is a counted
    # attempt, so the counters must add up to the attempts the outbox recorded.
    sandbox = SandboxServer(SandboxOptions(port=0, validation_delay=0.0, faults="5xx=0.4", seed=7))
    sandbox.start()
    metrics_port = _free_port()
    for name in ("AMPLIFI", "SESSIONM"):
        monkeypatch.setenv(f"KIOSK_{name}__BASE_URL", sandbox.url)
    monkeypatch.setenv("KIOSK_METRICS__LISTEN", f"127.0.0.1:{metrics_port}")
    settings = load_settings()
    worker = prometheus = None
    try:
        with KioskCore(settings) as core:
            for _ in range(RECEIPTS):
                core.submit_receipt([_capture(RECEIPT)], "sandbox-receipts", core.customer("c-1"))
            for _ in range(PROSPECTS):
                core.submit_prospect({"face": _capture(FACE)})
            total = len(core.jobs())
        prometheus = Prometheus(tmp_path, f"127.0.0.1:{metrics_port}")
        _until("Prometheus to be ready", prometheus.ready, deadline)
        worker = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "queue", "worker"], env=dict(os.environ)
        )
        _until("a first scrape", lambda: prometheus.value('up{job="branch-kiosk"}') == 1, deadline)

        with KioskCore(settings) as core:
            _until("the outbox to drain", lambda: core.status().remaining == 0, deadline)
            jobs = core.jobs()
        assert len(jobs) == total and all(j.state is JobState.DONE for j in jobs)
        attempts = sum(j.attempts for j in jobs)
        assert attempts > total  # the faults made the worker retry

        def scraped() -> bool:
            done = prometheus.value('sum(kiosk_outbox_jobs{state="done"})')
            pending = prometheus.value('sum(kiosk_outbox_jobs{state="pending"})')
            oks = prometheus.value(
                'sum(kiosk_deliveries_total{outcome=~"delivered|duplicate_answered|'
                'ambiguous_reconciled"})'
            )
            retried = prometheus.value('sum(kiosk_deliveries_total{outcome="retried"})')
            return (done, pending, oks, retried) == (total, 0, total, attempts - total)

        _until("Prometheus to hold the outbox's numbers", scraped, deadline)
        assert prometheus.value('kiosk_api_reachable{api="sessionm"}') == 1
        assert prometheus.value('kiosk_outbox_oldest_undelivered_age_seconds{api="sessionm"}') == 0
        latency = prometheus.value("sum(kiosk_delivery_latency_seconds_count)")
        assert latency == total
        info = 'kiosk_build_info{device_tag="test-device", instance="test-device"}'
        assert prometheus.value(info) == 1

        # The servers go away: the next submission cannot be delivered.
        sandbox.stop()
        with KioskCore(settings) as core:
            core.submit_receipt([_capture(RECEIPT)], "sandbox-receipts", core.customer("c-1"))
        _until(
            "reachability to drop",
            lambda: prometheus.value('kiosk_api_reachable{api="sessionm"}') == 0,
            deadline,
        )
        assert (
            prometheus.value(
                'sum(kiosk_outbox_jobs{state="pending"}) + '
                'sum(kiosk_outbox_jobs{state="in_flight"})'
            )
            == 1
        )
    finally:
        if worker is not None:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
        if prometheus is not None:
            prometheus.stop()
        sandbox.stop()
