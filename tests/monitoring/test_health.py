"""``kiosk health``: each fault it names, with its Nagios exit code."""

from __future__ import annotations

import json
import socket
from datetime import datetime
from pathlib import Path

import pytest
from sample_data import FACE_MODEL, SAMPLES

from kiosk.cli.main import main
from kiosk.config import ConfigError, load_settings
from kiosk.core import KioskCore
from kiosk.monitoring.recorder import Recorder
from kiosk.outbox.plans import Capture
from kiosk.sandbox.server import SandboxOptions, SandboxServer

RECEIPT = SAMPLES / "receipts" / "softmatic_A_aldi_18042020_11_00883.jpg"


def _point_at(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("KIOSK_AMPLIFI__BASE_URL", url)
    monkeypatch.setenv("KIOSK_AMPLIFI__TOKEN", "test-token")
    monkeypatch.setenv("KIOSK_SESSIONM__BASE_URL", url)
    monkeypatch.setenv("KIOSK_SESSIONM__API_KEY", "test-key")
    monkeypatch.setenv("KIOSK_OUTBOX__BACKOFF_BASE", "0.01")
    monkeypatch.setenv("KIOSK_OUTBOX__BACKOFF_CAP", "0.05")


def _queue_receipt(drain: float | None = None) -> None:
    with KioskCore(load_settings()) as core:
        capture = Capture(RECEIPT.read_bytes(), "image/jpeg", datetime.now().astimezone())
        core.submit_receipt([capture], "sandbox-receipts", core.customer("cust-4711"))
        if drain is not None:
            core.drain(drain)


def _health(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code = main(["health", *extra])
    return code, capsys.readouterr().out.strip()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_fresh_kiosk_is_ok(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _health(capsys)
    assert code == 0, out
    assert out.startswith("KIOSK OK - outbox: 0 undelivered, 0 failed")
    assert "last delivery: never" in out
    assert "camera: no app on this device" in out
    assert "files: all present" in out


def test_a_missing_face_model_is_critical_and_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "models" / "yunet_s_dynamic.onnx"
    monkeypatch.setenv("KIOSK_FACE_MODEL", str(missing))
    code, out = _health(capsys)
    assert code == 2, out
    assert out.startswith("KIOSK CRITICAL")
    assert f"files: face model missing at {missing} (face checks unavailable)" in out
    code, out = _health(capsys, "--json")
    report = json.loads(out)
    assert report["files_missing"] == [
        {"what": "face model", "path": str(missing), "fails": "face checks unavailable"}
    ]
    # Put back, the installation is whole again.
    missing.parent.mkdir()
    missing.write_bytes(FACE_MODEL.read_bytes())
    code, out = _health(capsys)
    assert code == 0 and "files: all present" in out, out


def test_delivered_is_ok_and_json_says_when(
    sandbox_env: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    _queue_receipt(drain=30)
    code, out = _health(capsys, "--json")
    report = json.loads(out)
    assert code == 0 and report["status"] == "ok"
    assert report["apis"]["sessionm"] == "reachable"
    assert report["last_delivery_at"] > 0
    assert "cust-4711" not in out


def test_an_old_undelivered_job_warns_then_is_critical(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _point_at(monkeypatch, f"http://127.0.0.1:{_closed_port()}")
    _queue_receipt(drain=0.5)
    monkeypatch.setenv("KIOSK_HEALTH__OLDEST_WARNING_S", "0.001")
    code, out = _health(capsys)
    assert code == 1, out
    assert "outbox: 1 undelivered (oldest" in out
    assert "sessionm: unreachable" in out
    monkeypatch.setenv("KIOSK_HEALTH__OLDEST_CRITICAL_S", "0.002")
    code, out = _health(capsys)
    assert code == 2 and out.startswith("KIOSK CRITICAL"), out


def test_refused_credentials_are_critical(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with SandboxServer(SandboxOptions(port=0, validation_delay=0, api_key="other")) as strict:
        _point_at(monkeypatch, strict.url)
        _queue_receipt(drain=1)
    code, out = _health(capsys)
    assert code == 2, out
    assert "sessionm: credentials refused" in out


def test_a_dead_letter_warns(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    options = SandboxOptions(port=0, validation_delay=0, campaigns=("another-campaign",))
    with SandboxServer(options) as server:
        _point_at(monkeypatch, server.url)
        _queue_receipt(drain=10)
    code, out = _health(capsys)
    assert code == 1, out
    assert "1 failed" in out
    monkeypatch.setenv("KIOSK_HEALTH__FAILED_CRITICAL", "1")
    assert _health(capsys)[0] == 2


def test_the_camera_as_the_app_recorded_it(
    kiosk_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Camera:
        state = "failed"
        dropped = 0
        info = None

    Recorder(kiosk_env).camera(Camera())
    code, out = _health(capsys)
    assert code == 2 and "camera: failed" in out, out
    Camera.state = "reconnecting"
    Recorder(kiosk_env).camera(Camera())
    code, out = _health(capsys)
    assert code == 1 and "camera: reconnecting" in out, out
    monkeypatch.setenv("KIOSK_HEALTH__APP_STALE_S", "0.000001")
    code, out = _health(capsys)
    assert code == 1 and "camera: the app is not running" in out, out


def test_a_full_disk_is_critical(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KIOSK_HEALTH__DISK_FREE_WARNING_PCT", "100")
    code, out = _health(capsys)
    assert code == 1 and "disk:" in out, out
    monkeypatch.setenv("KIOSK_HEALTH__DISK_FREE_CRITICAL_PCT", "100")
    assert _health(capsys)[0] == 2


def test_thresholds_and_the_listen_address_are_checked() -> None:
    with pytest.raises(ConfigError, match="oldest_critical_s must not be shorter"):
        load_settings(health={"oldest_warning_s": 600, "oldest_critical_s": 60})
    with pytest.raises(ConfigError, match=r"metrics.listen: .*host:port"):
        load_settings(metrics={"listen": "kiosk-042:http"})
    assert load_settings(metrics={"listen": "[::1]:9464"}).metrics.listen == "[::1]:9464"


def _fake_systemctl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, states: dict) -> None:
    """systemd cannot be PID 1 here: a ``systemctl`` on PATH answers ``show`` as it would."""
    blocks = []
    for unit, (file_state, active) in states.items():
        blocks.append(
            f"Id={unit}\nLoadState=loaded\nUnitFileState={file_state}\nActiveState={active}\n"
        )
    (tmp_path / "show.txt").write_text("\n".join(blocks))
    script = tmp_path / "bin" / "systemctl"
    script.parent.mkdir()
    pattern = {"delivery": "branch-kiosk-delivery", "screen": "branch-kiosk-session@"}
    script.write_text(
        "#!/bin/sh\n"
        f'case "$*" in *{pattern["delivery"]}*) want=delivery ;; *) want=session ;; esac\n'
        f'awk -v RS= -v ORS="\\n\\n" -v w="$want" \'index($0, w)\' {tmp_path / "show.txt"}\n'
    )
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{script.parent}:/usr/bin:/bin")
    running = tmp_path / "run-systemd-system"
    running.mkdir()
    monkeypatch.setattr("kiosk.monitoring.health.SYSTEMD_RUNNING", running)


def test_under_systemd_a_stopped_delivery_and_a_screen_not_up_warn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _fake_systemctl(
        tmp_path,
        monkeypatch,
        {
            "branch-kiosk-delivery.service": ("enabled", "activating"),
            "branch-kiosk-session@tty1.service": ("enabled", "activating"),
            "branch-kiosk-session@tty2.service": ("disabled", "inactive"),
        },
    )
    code, out = _health(capsys)
    assert code == 1, out
    assert "delivery: branch-kiosk-delivery.service is activating" in out
    assert "screen: branch-kiosk-session@tty1.service is enabled but the app has not" in out
    assert "tty2" not in out  # not enabled: not expected up


def test_under_systemd_running_units_add_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _fake_systemctl(
        tmp_path,
        monkeypatch,
        {
            "branch-kiosk-delivery.service": ("enabled", "active"),
            "branch-kiosk-session@tty1.service": ("enabled", "active"),
        },
    )
    code, out = _health(capsys)
    assert code == 0, out
    assert "; delivery:" not in out and "screen:" not in out
    # Without systemd as PID 1 the same answers are never asked for.
    monkeypatch.setattr("kiosk.monitoring.health.SYSTEMD_RUNNING", tmp_path / "absent")
    (tmp_path / "show.txt").write_text(
        "Id=branch-kiosk-delivery.service\nLoadState=loaded\nActiveState=failed\n"
    )
    assert _health(capsys)[0] == 0
