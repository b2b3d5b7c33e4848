"""``kiosk config show`` and ``kiosk config check``: masked output, one clear line per error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli.main import main

SECRET_TOML = """
device_tag = "branch-007"

[amplifi]
base_url = "https://amplifi.example.com"
token_url = "https://amplifi.example.com/token"

[amplifi.credentials]
username = "user-SECRET-0"
password = "pw-SECRET-1"

[sessionm]
base_url = "https://sessionm.example.com"
api_key = "key-SECRET-2"
api_secret = "secret-SECRET-3"
auth_token = "auth-SECRET-4"

[app]
admin_pin = "86420975"
"""
# What `kiosk run` accepts: the app may not hold one customer token for everyone.
APP_TOML = SECRET_TOML.replace('auth_token = "auth-SECRET-4"\n', "")
SECRETS = (
    "user-SECRET-0",
    "pw-SECRET-1",
    "key-SECRET-2",
    "secret-SECRET-3",
    "auth-SECRET-4",
    "86420975",
)


@pytest.fixture(autouse=True)
def admin_pin(monkeypatch: pytest.MonkeyPatch) -> None:
    """`kiosk config check` also needs what `kiosk run` needs: the admin PIN."""
    monkeypatch.setenv("KIOSK_APP__ADMIN_PIN", "2468")


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    path.chmod(0o640)  # as the packaged config is: its secrets are not for every user
    return path


def test_show_masks_every_secret(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, SECRET_TOML)
    assert main(["--config", str(path), "config", "show"]) == 0
    out = capsys.readouterr().out
    for secret in SECRETS:
        assert secret not in out
    shown = json.loads(out)
    assert shown["device_tag"] == "test-device"  # KIOSK_DEVICE_TAG beats the file
    assert shown["sessionm"]["base_url"] == "https://sessionm.example.com"
    assert shown["amplifi"]["token_url"] == "https://amplifi.example.com/token"
    assert shown["sessionm"]["api_key"] != "" and shown["sessionm"]["api_key"] is not None
    assert set(shown["amplifi"]["credentials"]) == {"username", "password"}


def test_show_masks_a_static_token_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KIOSK_AMPLIFI__TOKEN", "static-SECRET-5")
    monkeypatch.setenv("KIOSK_SESSIONM__API_KEY", "env-key-SECRET-6")
    assert main(["config", "show"]) == 0
    out = capsys.readouterr().out
    assert "static-SECRET-5" not in out
    assert "env-key-SECRET-6" not in out
    assert json.loads(out)["amplifi"]["token"] is not None


def test_check_passes_a_good_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, APP_TOML)
    assert main(["--config", str(path), "config", "check"]) == 0
    out = capsys.readouterr().out
    assert "config OK" in out and str(path) in out
    for secret in SECRETS:
        assert secret not in out


@pytest.mark.parametrize(
    ("toml", "setting"),
    [
        pytest.param('[amplifi]\nbase_url = "a.example.com"', "amplifi.base_url", id="scheme"),
        pytest.param("[http]\nread_timeout = -2", "http.read_timeout", id="negative-timeout"),
        pytest.param('[sessionm]\ncustomer_mode = "phone"', "sessionm.customer_mode", id="mode"),
        pytest.param(
            '[sessionm]\nbase_url = "http://203.0.113.9"', "sessionm.base_url", id="plain-http"
        ),
        pytest.param('device_tag = "x\n[http', "kiosk.toml", id="toml-syntax"),
    ],
)
def test_check_fails_with_one_line_naming_the_setting(
    toml: str, setting: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, toml)
    assert main(["--config", str(path), "config", "check"]) != 0
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("kiosk: error: ")
    assert setting in lines[0]
    assert captured.out == ""


def test_check_fails_on_a_missing_device_tag(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("KIOSK_DEVICE_TAG")
    assert main(["config", "check"]) != 0
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "device_tag" in line and "KIOSK_DEVICE_TAG" in line


def test_check_fails_on_a_bad_environment_value(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KIOSK_HTTP__CONNECT_TIMEOUT", "-1")
    assert main(["config", "check"]) != 0
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "http.connect_timeout" in line


@pytest.mark.parametrize("how", ["--config", "KIOSK_CONFIG"])
def test_check_fails_on_a_config_file_that_does_not_exist(
    how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.toml"
    if how == "--config":
        argv = ["--config", str(missing), "config", "check"]
    else:
        monkeypatch.setenv("KIOSK_CONFIG", str(missing))
        argv = ["config", "check"]
    assert main(argv) != 0
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert str(missing) in line and "does not exist" in line


def test_show_exits_non_zero_on_a_bad_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "[http]\nread_timeout = -2")
    assert main(["--config", str(path), "config", "show"]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("kiosk: error: ") and "http.read_timeout" in line


def test_python_dash_m_kiosk_config_check(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "xdg")
    good = _write(tmp_path, APP_TOML)
    ok = subprocess.run(
        [sys.executable, "-m", "kiosk", "--config", str(good), "config", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ok.returncode == 0, ok.stderr
    assert "config OK" in ok.stdout

    env["KIOSK_CONFIG"] = str(good)
    env["KIOSK_SESSIONM__CUSTOMER_MODE"] = "carrier-pigeon"
    bad = subprocess.run(
        [sys.executable, "-m", "kiosk", "config", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode != 0
    (line,) = bad.stderr.strip().splitlines()
    assert "sessionm.customer_mode" in line
