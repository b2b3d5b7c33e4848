"""The metrics: outbox gauges read at scrape time, delivery counts, the app's telemetry."""

from __future__ import annotations

import socket
from datetime import datetime
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families
from sample_data import SAMPLES

from kiosk.config import Settings, load_settings
from kiosk.core import KioskCore
from kiosk.monitoring.collector import KioskCollector
from kiosk.monitoring.exporter import MetricsExporter, build_registry
from kiosk.monitoring.recorder import Recorder
from kiosk.outbox.plans import Capture
from kiosk.sandbox.server import SandboxOptions, SandboxServer

RECEIPT = SAMPLES / "receipts" / "softmatic_A_aldi_18042020_11_00883.jpg"
FACE = SAMPLES / "faces" / "fr_biden.jpg"


def _settings(url: str, data_dir: Path, **extra: object) -> Settings:
    return load_settings(
        None,
        data_dir=data_dir,
        amplifi={"base_url": url, "token": "test-token"},
        sessionm={"base_url": url, "api_key": "test-key"},
        outbox={"backoff_base": 0.01, "backoff_cap": 0.05, "key_store": "file"},
        **extra,
    )


def _capture(path: Path) -> Capture:
    return Capture(path.read_bytes(), "image/jpeg", datetime.now().astimezone())


def test_outbox_gauges_and_delivery_counts_follow_a_drain(
    sandbox: SandboxServer, kiosk_env: Path
) -> None:
    settings = _settings(sandbox.url, kiosk_env)
    with KioskCore(settings) as core:
        registry, delivery = build_registry(settings, core.outbox.store)
        core.submit_receipt([_capture(RECEIPT)], "sandbox-receipts", core.customer("cust-4711"))
        core.submit_prospect({"face": _capture(FACE)})
        value = registry.get_sample_value
        assert (
            value("kiosk_outbox_jobs", {"api": "sessionm", "call": "create", "state": "pending"})
            == 1
        )
        assert (
            value(
                "kiosk_outbox_jobs",
                {"api": "amplifi", "call": "prospect_image", "state": "pending"},
            )
            == 1
        )
        assert value("kiosk_outbox_oldest_undelivered_age_seconds", {"api": "amplifi"}) > 0
        assert value("kiosk_api_reachable", {"api": "amplifi"}) is None  # not tried yet
        result = core.drain(30, observers=(delivery,))
        assert result.ok
        assert (
            value("kiosk_outbox_jobs", {"api": "sessionm", "call": "create", "state": "done"}) == 1
        )
        assert (
            value(
                "kiosk_outbox_jobs", {"api": "amplifi", "call": "generic_request", "state": "done"}
            )
            == 1
        )
        assert value("kiosk_outbox_oldest_undelivered_age_seconds", {"api": "amplifi"}) == 0
        assert value("kiosk_api_reachable", {"api": "sessionm"}) == 1
        assert value("kiosk_api_auth_refused", {"api": "sessionm"}) == 0
        outcome = {"api": "amplifi", "call": "prospect_image", "outcome": "delivered"}
        assert value("kiosk_deliveries_total", outcome) == 1
        assert value("kiosk_delivery_latency_seconds_count", {"api": "sessionm"}) == 1
        assert value("kiosk_outbox_last_delivery_timestamp_seconds", {"api": "sessionm"}) > 0
        statuses = {
            s.labels["status"]
            for m in registry.collect()
            if m.name == "kiosk_sessionm_verdicts"
            for s in m.samples
        }
        assert statuses and statuses <= {"incomplete", "pending", "valid", "invalid", "none"}
        assert value("kiosk_build_info", {"version": "0.1.0", "device_tag": "test-device"}) == 1


def test_refused_credentials_show_as_auth_refused(kiosk_env: Path) -> None:
    options = SandboxOptions(port=0, validation_delay=0.0, api_key="the-right-key")
    with SandboxServer(options) as strict:
        settings = _settings(strict.url, kiosk_env)
        with KioskCore(settings) as core:
            registry, _ = build_registry(settings, core.outbox.store)
            customer = core.customer("cust-4711")
            core.submit_receipt([_capture(RECEIPT)], "sandbox-receipts", customer)
            core.drain(2)
            value = registry.get_sample_value
            assert value("kiosk_api_reachable", {"api": "sessionm"}) == 0
            assert value("kiosk_api_auth_refused", {"api": "sessionm"}) == 1


def test_the_apps_records_reach_the_workers_collector(kiosk_env: Path) -> None:
    recorder = Recorder(kiosk_env)
    recorder.capture("face", "auto", 3.2)
    recorder.capture("face", "overridden", 40.0)
    recorder.check_failures("face", ["sharpness", "sharpness", "Jane Doe's card"])
    recorder.capture("Jane Doe", "auto", 1.0)

    class Camera:
        state = "live"
        dropped = 7

        info = type("Info", (), {"fps": 29.5})()

    recorder.camera(Camera())
    collector = KioskCollector(kiosk_env, "test-device")
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for m in collector.collect()
        for s in m.samples
    }
    assert samples[("kiosk_captures_total", (("kind", "face"), ("outcome", "auto")))] == 1
    assert samples[("kiosk_captures_total", (("kind", "other"), ("outcome", "auto")))] == 1
    assert (
        samples[("kiosk_capture_check_failures_total", (("check", "sharpness"), ("kind", "face")))]
        == 2
    )
    assert (
        samples[("kiosk_capture_check_failures_total", (("check", "other"), ("kind", "face")))] == 1
    )
    assert samples[("kiosk_capture_step_seconds_bucket", (("kind", "face"), ("le", "5.0")))] == 1
    assert samples[("kiosk_capture_step_seconds_bucket", (("kind", "face"), ("le", "+Inf")))] == 2
    assert samples[("kiosk_capture_step_seconds_sum", (("kind", "face"),))] == 43.2
    assert samples[("kiosk_camera_state", (("state", "live"),))] == 1
    assert samples[("kiosk_camera_state", (("state", "failed"),))] == 0
    assert samples[("kiosk_camera_fps", ())] == 29.5
    assert samples[("kiosk_camera_dropped_frames_total", ())] == 7
    assert samples[("kiosk_app_up", ())] == 1
    every_label = {v for (_, lbls) in samples for _, v in lbls}
    assert not any("Jane" in v or "Doe" in v for v in every_label)


def test_http_endpoint_and_textfile(kiosk_env: Path, tmp_path: Path) -> None:
    textfile = tmp_path / "textfile" / "kiosk.prom"
    textfile.parent.mkdir()
    settings = load_settings(None, metrics={"listen": "127.0.0.1:0", "textfile": str(textfile)})
    with KioskCore(settings) as core:
        exporter = MetricsExporter(settings, core.outbox.store).start()
        try:
            assert exporter.address is not None
            host, port = exporter.address
            body = httpx.get(f"http://{host}:{port}/metrics", timeout=10).text
        finally:
            exporter.stop()
    names = {f.name for f in text_string_to_metric_families(body)}
    assert {"kiosk_build_info", "kiosk_outbox_jobs", "kiosk_deliveries", "kiosk_app_up"} <= names
    written = {f.name for f in text_string_to_metric_families(textfile.read_text())}
    assert "kiosk_outbox_jobs" in written
    assert [p.name for p in textfile.parent.iterdir()] == ["kiosk.prom"]  # temp file renamed


def test_a_taken_port_is_logged_and_stops_nothing(kiosk_env: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        settings = load_settings(None, metrics={"listen": f"127.0.0.1:{port}"})
        with KioskCore(settings) as core:
            exporter = MetricsExporter(settings, core.outbox.store).start()
            exporter.stop()
    assert exporter.address is None
    assert exporter.error is not None
    assert f"metrics.listen 127.0.0.1:{port} cannot be served" in str(exporter.error)


def test_an_unreadable_outbox_is_reported_not_a_failed_scrape(kiosk_env: Path) -> None:
    kiosk_env.mkdir(parents=True)
    (kiosk_env / "outbox.sqlite3").write_bytes(b"a note saved under the wrong name\n" * 100)
    (kiosk_env / "telemetry.sqlite3").write_bytes(b"not a database either\n" * 100)
    samples = {s.name: s.value for m in KioskCollector(kiosk_env, "t").collect() for s in m.samples}
    assert samples["kiosk_outbox_readable"] == 0
    assert samples["kiosk_build_info"] == 1 and "kiosk_data_dir_free_bytes" in samples
    assert "kiosk_outbox_jobs" not in samples
