"""Structured logs: one event per line, the events an operator needs, nothing personal."""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sample_data import SAMPLES

from kiosk.cli.main import main
from kiosk.config import load_settings
from kiosk.monitoring import logs
from kiosk.sandbox.server import SandboxOptions, SandboxServer

RECEIPT = SAMPLES / "receipts" / "softmatic_A_aldi_18042020_11_00883.jpg"
PASSPORT = SAMPLES / "mrz" / "passporteye_passport-td3.jpg"
BARCODE = SAMPLES / "pdf417" / "zxingcpp_pdf417-2_08.png"
CUSTOMER = "CUST-90210-ZQX"
SECRETS = ("afi-token-S3CRET-1", "sm-key-S3CRET-2", "918273")
# What the samples hold: the MRZ's names and document number, the barcode's text.
PERSONAL = ("ERIKSSON", "ANNA", "L898902C3", "A PDF 417 barcode", "UTOERIKSSON")
REASON = "Customer cannot remove glasses or head covering"


@pytest.fixture(autouse=True)
def _no_handlers_left() -> Iterator[None]:
    yield
    logs.reset()


def _forbidden(text: str, *also: str) -> list[str]:
    found = [v for v in (CUSTOMER, *SECRETS, *PERSONAL, *also) if v.lower() in text.lower()]
    if re.search(r"[A-Za-z0-9+/]{64,}={0,2}", text):
        found.append("base64")
    if "JFIF" in text or "\\xff\\xd8" in text or "\ufffd" in text:
        found.append("image bytes")
    return found


def _env(monkeypatch: pytest.MonkeyPatch, url: str, log_file: Path, fmt: str) -> None:
    for name, value in {
        "AMPLIFI__BASE_URL": url,
        "AMPLIFI__TOKEN": SECRETS[0],
        "SESSIONM__BASE_URL": url,
        "SESSIONM__API_KEY": SECRETS[1],
        "APP__ADMIN_PIN": SECRETS[2],
        "SESSIONM__CAMPAIGNS": json.dumps(
            [
                {"permalink": "sandbox-receipts", "name": "Receipts"},
                {"permalink": "ended-campaign", "name": "Ended"},
            ]
        ),
        "OUTBOX__BACKOFF_BASE": "0.02",
        "OUTBOX__BACKOFF_CAP": "0.1",
        "OUTBOX__KEY_STORE": "file",
        "LOGGING__FILE": str(log_file),
        "LOGGING__FORMAT": fmt,
    }.items():
        monkeypatch.setenv(f"KIOSK_{name}", value)


def _events(text: str, fmt: str) -> list[dict[str, str]]:
    rows = []
    for line in text.splitlines():
        if fmt == "json":
            rows.append(json.loads(line))
        else:
            pairs = re.findall(r'(\w+)=("(?:[^"\\]|\\.)*"|\S*)', line)
            rows.append({k: v.strip('"') for k, v in pairs})
    return rows


@pytest.mark.parametrize("fmt", ["keyvalue", "json"])
def test_a_full_run_logs_each_event_and_nothing_personal(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    log_file = tmp_path / "log" / "kiosk.log"
    options = SandboxOptions(
        port=0, validation_delay=0.0, faults="5xx=0.3", seed=3, campaigns=("sandbox-receipts",)
    )
    with SandboxServer(options) as sandbox:
        _env(monkeypatch, sandbox.url, log_file, fmt)
        # The barcode sample fails these checks; the receipt goes twice, resubmitted.
        force = ["--force", "resolution_dpi,aamva", "--override-reason", REASON]
        assert main(["submit", "prospect", "--passport", str(PASSPORT)]) == 0
        assert main(["submit", "prospect", "--license-back", str(BARCODE), *force]) == 0
        receipt = ["submit", "receipt", "--external-id", CUSTOMER, str(RECEIPT)]
        assert main([*receipt, "--campaign", "sandbox-receipts"]) == 0
        again = ["--resubmit", "--reason", REASON]
        assert main([*receipt, "--campaign", "ended-campaign", *again]) == 0
        assert main(["queue", "drain", "--timeout", "60"]) == 1  # the ended campaign's job
        # The delivery worker as a service runs it: its stderr is what journald stores.
        worker = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "queue", "worker"],
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "KIOSK_LOGGING__FILE": str(tmp_path / "worker.log")},
        )
        worker_log = tmp_path / "worker.log"
        deadline = time.monotonic() + 60
        try:
            # Up once its config_loaded line is written (either format).
            while "config_loaded" not in (worker_log.read_text() if worker_log.exists() else ""):
                assert time.monotonic() < deadline, "the worker did not start"
                time.sleep(0.2)
            worker.send_signal(signal.SIGTERM)
            _, stderr = worker.communicate(timeout=30)
        finally:
            if worker.poll() is None:
                worker.kill()
                worker.communicate()
    output = capsys.readouterr()
    text = log_file.read_text()
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
    rows = _events(text, fmt)
    assert all(row.get("ts") and row.get("level") for row in rows)  # every line one record
    names = [row.get("event") for row in rows]
    for name in ("start", "config_loaded", "submission_queued", "delivery", "dead_letter"):
        assert name in names, name
    loaded = next(r for r in rows if r.get("event") == "config_loaded")
    assert loaded["sessionm_api_key"] == "***"
    queued = [r for r in rows if r.get("event") == "submission_queued"]
    assert len(queued) == 4 and all(r["reference"].startswith("K-") for r in queued)
    kinds = {r["kinds"] if isinstance(r["kinds"], str) else ",".join(r["kinds"]) for r in queued}
    assert kinds == {"passport", "license_back", "receipt"}
    overrides = [r for r in rows if r.get("event") == "override_queued"]
    assert overrides and all(r["reason_code"] in ("0", 0) for r in overrides)
    assert all(r["checks"] for r in overrides)
    outcomes = {r.get("outcome") for r in rows if r.get("event") == "delivery"}
    assert "delivered" in outcomes
    dead = next(r for r in rows if r.get("event") == "dead_letter")
    assert "campaign_unavailable" in dead["reason"]
    worker_events = [r.get("event") for r in _events(stderr, fmt)]
    assert worker_events[:2] == ["start", "config_loaded"] and worker_events[-1] == "shutdown"
    for where, content in (
        ("log file", text),
        ("worker stderr", stderr),
        ("worker log", (tmp_path / "worker.log").read_text()),
    ):
        # An override is logged by its reason's code, never the text staff chose.
        assert _forbidden(content, REASON) == [], where
    # The commands' own output shows the operator what was queued, still without these
    # (but for the receipt's "externalId": the customer's id as the operator typed it).
    shown = output.out.replace(f'"externalId": "{CUSTOMER}"', "")
    assert _forbidden(shown + output.err) == []


def test_lines_are_single_and_the_file_rotates_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log_file = tmp_path / "kiosk.log"
    monkeypatch.setenv("KIOSK_LOGGING__FILE", str(log_file))
    monkeypatch.setenv("KIOSK_LOGGING__FILE_MAX_BYTES", "10000")
    monkeypatch.setenv("KIOSK_LOGGING__FILE_BACKUP_COUNT", "2")
    logs.configure(load_settings(), process="test", stderr_level=logging.CRITICAL)
    log = logging.getLogger("kiosk.test")
    logs.event(log, "odd", text='two\nlines "quoted" = here')
    try:
        raise ValueError("boom")
    except ValueError:
        log.exception("failed\nbadly")
    first = log_file.read_text().splitlines()
    assert first[-2].endswith('event=odd text="two\\nlines \\"quoted\\" = here"')
    assert first[-1].startswith("ts=") and "exc=" in first[-1]
    # The frames are kept; a non-kiosk error's message (it may quote data) is withheld.
    assert 'raise ValueError(\\"boom\\")' in first[-1]
    assert "ValueError: (message withheld" in first[-1] and "ValueError: boom" not in first[-1]
    for n in range(400):
        logs.event(log, "filler", n=n)
    rotated = sorted(tmp_path.glob("kiosk.log*"))
    assert [p.name for p in rotated] == ["kiosk.log", "kiosk.log.1", "kiosk.log.2"]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in rotated)


JOURNAL_CHILD = """
import logging
from kiosk.cli.output import fail
from kiosk.config import load_settings
from kiosk.monitoring import logs
logs.configure(load_settings(device_tag="journal-test"), process="test")
log = logging.getLogger("kiosk.test")
logs.event(log, "a_warning", level=logging.WARNING)
logs.event(log, "an_error", level=logging.ERROR)
fail("no such thing")
"""


def _run_with_stderr_in(path: Path, journal_stream: str | None) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "JOURNAL_STREAM"}
    env |= {"KIOSK_DATA_DIR": str(path.parent / "data")}
    with path.open("wb") as stderr:
        if journal_stream == "this file":
            info = os.fstat(stderr.fileno())
            journal_stream = f"{info.st_dev}:{info.st_ino}"
        if journal_stream is not None:
            env["JOURNAL_STREAM"] = journal_stream
        subprocess.run([sys.executable, "-c", JOURNAL_CHILD], env=env, stderr=stderr, check=True)
    return path.read_text().splitlines()


def test_lines_carry_their_syslog_priority_when_stderr_is_the_journal(tmp_path: Path) -> None:
    lines = _run_with_stderr_in(tmp_path / "stderr", "this file")
    start = next(line for line in lines if "event=start" in line)
    assert start.startswith("<6>ts=")
    assert next(line for line in lines if "event=a_warning" in line).startswith("<4>ts=")
    assert next(line for line in lines if "event=an_error" in line).startswith("<3>ts=")
    assert "<3>kiosk: error: no such thing" in lines


def test_no_priority_prefix_when_stderr_is_not_the_journal_stream(tmp_path: Path) -> None:
    # A service's stderr redirected elsewhere keeps plain lines, whatever the variable says.
    for stream in (None, "1:2"):
        lines = _run_with_stderr_in(tmp_path / "stderr", stream)
        assert lines and not any(line.startswith("<") for line in lines), lines
