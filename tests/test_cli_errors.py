"""Every explained failure reaches the user as one line, ``kiosk: error: …``, and exit 2."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli.main import main
from kiosk.errors import KioskError
from kiosk.outbox.schema import SCHEMA_VERSION


def _kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    """The real command line in its own process, with this test's KIOSK_* environment."""
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ),
    )


def _one_error_line(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("kiosk: error: ")
    assert "Traceback" not in proc.stderr
    return lines[0]


def test_newer_outbox_schema_is_one_line(kiosk_env: Path) -> None:
    kiosk_env.mkdir(parents=True)
    conn = sqlite3.connect(kiosk_env / "outbox.sqlite3")
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    line = _one_error_line(_kiosk("queue", "status"))
    assert "outbox.sqlite3" in line and "newer than this kiosk" in line


def test_the_app_refuses_a_newer_outbox_in_one_line(
    kiosk_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kiosk_env.mkdir(parents=True)
    conn = sqlite3.connect(kiosk_env / "outbox.sqlite3")
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    monkeypatch.setenv("KIOSK_APP__ADMIN_PIN", "13579")
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    proc = _kiosk("run", "--windowed")
    # The app logs its start and stop on stderr too; the refusal itself is one line.
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    (line,) = [x for x in proc.stderr.splitlines() if x.startswith("kiosk: error: ")]
    assert "newer than this kiosk" in line


def test_damaged_device_key_is_one_line(kiosk_env: Path) -> None:
    (kiosk_env / "keys").mkdir(parents=True)
    (kiosk_env / "keys" / "device.key").write_bytes(b"short")
    (kiosk_env / "keys" / "device.key").chmod(0o600)  # this user's own, closed to others
    line = _one_error_line(_kiosk("queue", "status"))
    assert "device.key is damaged (5 bytes" in line


def test_a_file_that_is_not_a_database_is_one_line(kiosk_env: Path) -> None:
    kiosk_env.mkdir(parents=True)
    (kiosk_env / "outbox.sqlite3").write_text("a note someone saved under the wrong name\n")
    line = _one_error_line(_kiosk("queue", "drain", "--timeout", "1"))
    assert "outbox.sqlite3" in line and "(file is not a database)" in line


def test_unknown_kind_is_one_line(tmp_path: Path) -> None:
    image = tmp_path / "photo.jpg"
    image.write_bytes(b"\xff\xd8\xff")
    line = _one_error_line(_kiosk("check", "--kind", "selfie", str(image)))
    assert "selfie" in line


def test_verbose_logs_the_traceback_and_still_prints_one_line(
    kiosk_env: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    (kiosk_env / "keys").mkdir(parents=True)
    (kiosk_env / "keys" / "device.key").write_bytes(b"")
    with caplog.at_level("DEBUG", logger="kiosk"):
        assert main(["-v", "queue", "status"]) == 2
    # With -v the log goes to stderr too; the error itself is still one line.
    errors = [x for x in capsys.readouterr().err.splitlines() if x.startswith("kiosk: error: ")]
    assert len(errors) == 1 and errors[0].startswith("kiosk: error: the device key file")
    logged = [r for r in caplog.records if r.exc_info]
    assert logged and isinstance(logged[0].exc_info[1], KioskError)
