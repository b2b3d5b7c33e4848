"""``kiosk queue drain`` without a timeout ends when nothing can change by itself."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from outbox_helpers import FAST_RETRY, padded_receipt

from kiosk.cli.main import main
from kiosk.outbox.worker import DRAIN_PROBE_LIMIT
from kiosk.sandbox.server import SandboxOptions, SandboxServer

SUBMIT = ["submit", "receipt", "--campaign", "sandbox-receipts", "--external-id", "c1"]


@pytest.fixture(autouse=True)
def fast(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fast retry policy and the key file."""
    monkeypatch.setenv("KIOSK_OUTBOX__BACKOFF_BASE", str(FAST_RETRY["backoff_base"]))
    monkeypatch.setenv("KIOSK_OUTBOX__BACKOFF_CAP", str(FAST_RETRY["backoff_cap"]))
    monkeypatch.setenv("KIOSK_OUTBOX__KEY_STORE", "file")


def test_a_refused_api_key_ends_the_drain(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    options = SandboxOptions(port=0, validation_delay=0.0, api_key="the-right-key")
    with SandboxServer(options) as server:
        monkeypatch.setenv("KIOSK_SESSIONM__BASE_URL", server.url)
        monkeypatch.setenv("KIOSK_SESSIONM__API_KEY", "a-wrong-key")
        assert main([*SUBMIT, str(padded_receipt(tmp_path / "r.jpg"))]) == 0
        capsys.readouterr()
        assert main(["queue", "drain"]) == 1
    out, err = capsys.readouterr()
    assert "delivered 0; remaining 1; failed 0" in out
    assert "stopped: every remaining job waits on sessionm" in out
    assert "sessionm: authentication refused" in out
    assert "a-wrong-key" not in out + err
    # Progress went to stderr while it ran.
    assert "drain: sessionm credentials refused" in err and "drain: job 1 (sessionm.create)" in err


def test_an_unreachable_server_ends_the_drain_after_the_probe_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as closed:  # a port nobody listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    monkeypatch.setenv("KIOSK_SESSIONM__BASE_URL", f"http://127.0.0.1:{port}")
    assert main([*SUBMIT, str(padded_receipt(tmp_path / "r.jpg"))]) == 0
    capsys.readouterr()
    assert main(["queue", "drain"]) == 1
    out, err = capsys.readouterr()
    assert f"sessionm: unreachable after {DRAIN_PROBE_LIMIT} probes" in out
    assert "which will not change by itself" in out
    assert err.count("drain: job 1 (sessionm.create) pending") == DRAIN_PROBE_LIMIT


def test_a_drain_that_delivers_reports_its_progress(
    sandbox_env: SandboxServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Reachable and accepting: the drain delivers, exit 0, each job on stderr as it goes.
    assert main([*SUBMIT, str(padded_receipt(tmp_path / "r.jpg"))]) == 0
    assert main(["queue", "drain"]) == 0
    out, err = capsys.readouterr()
    assert "delivered 1; remaining 0; failed 0" in out
    assert "drain: job 1 (sessionm.create) done" in err
