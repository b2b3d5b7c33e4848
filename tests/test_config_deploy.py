"""Deployment settings: every problem at once, production requirements, systemd credentials."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pybase64
import pytest

from kiosk.cli.main import main
from kiosk.config import ConfigError, load_settings
from kiosk.kinds import amplifi_types
from kiosk.outbox.jobs import JobState
from kiosk.outbox.keys import DeviceKeyError, load_device_key
from kiosk.outbox.outbox import Outbox
from kiosk.outbox.plans import Capture

# What a packaged template looks like before anyone edits it: a production marker and
# every site-specific setting commented out.
TEMPLATE = """
environment = "production"
# device_tag = "branch-042-kiosk-1"

[amplifi]
# base_url = "https://amplifi.example-bank.com/api"
# token_url = "https://amplifi.example-bank.com/api/token"

[sessionm]
# base_url = "https://api.sessionm.example.com"
# api_key = "..."

[app]
delivery = "service"
# admin_pin = "..."
"""

FILLED = """
environment = "production"
device_tag = "branch-042-kiosk-1"

[amplifi]
base_url = "https://amplifi.example-bank.com/api"
token_url = "https://amplifi.example-bank.com/api/token"
credentials = { username = "kiosk-042", password = "pw-SECRET-7" }

[sessionm]
base_url = "https://api.sessionm.example.com"
api_key = "key-SECRET-8"

[app]
delivery = "service"
admin_pin = "97531"
"""


def _write(tmp_path: Path, text: str, name: str = "config.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    path.chmod(0o640)  # as the packaged config is: its secrets are not for every user
    return path


def _check(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], str]:
    code = main(["--config", str(path), "config", "check"])
    captured = capsys.readouterr()
    return code, captured.err.strip().splitlines(), captured.out


# -- kiosk config check ------------------------------------------------------------------


def test_check_names_every_setting_the_template_leaves_unset_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("KIOSK_DEVICE_TAG")
    code, lines, out = _check(_write(tmp_path, TEMPLATE), capsys)
    assert code == 2 and out == ""
    named = [line.removeprefix("kiosk: error: ").split(":", 1)[0] for line in lines]
    assert named == [
        "device_tag",
        "amplifi.base_url",
        "sessionm.base_url",
        "sessionm.api_key",
        "amplifi.token",
        "app.admin_pin",
    ]
    assert all(line.startswith("kiosk: error: ") for line in lines)
    assert "KIOSK_DEVICE_TAG" in lines[0]
    assert "amplifi.token_url and amplifi.credentials" in lines[4]
    assert "the credential app.admin_pin" in lines[5]


def test_the_sealing_screen_needs_no_api_settings_but_delivery_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The packaged screen: delivery left to the service, captures sealed to its public key.
    text = 'environment = "production"\n[app]\ndelivery = "service"\nadmin_pin = "97531"\n'
    path = _write(tmp_path, text)
    monkeypatch.setenv("KIOSK_OUTBOX__SEAL_TO", str(tmp_path / "seal.pub"))
    code, lines, out = _check(path, capsys)
    assert code == 0 and "config OK" in out, lines
    # The same config without seal_to is the delivery side's: every API setting is named.
    monkeypatch.delenv("KIOSK_OUTBOX__SEAL_TO")
    code, lines, _ = _check(path, capsys)
    named = {line.removeprefix("kiosk: error: ").split(":", 1)[0] for line in lines}
    assert code == 2 and named == {
        "amplifi.base_url",
        "sessionm.base_url",
        "sessionm.api_key",
        "amplifi.token",
    }, lines


def test_check_treats_the_empty_values_of_a_template_as_unset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("KIOSK_DEVICE_TAG")
    text = """
environment = "production"
device_tag = ""
[app]
admin_pin = ""
[amplifi]
base_url = ""
[sessionm]
base_url = ""
api_key = ""
"""
    code, lines, _ = _check(_write(tmp_path, text), capsys)
    assert code == 2
    named = [line.removeprefix("kiosk: error: ").split(":", 1)[0] for line in lines]
    assert sorted(named) == sorted(
        [
            "device_tag",
            "app.admin_pin",
            "amplifi.base_url",
            "sessionm.base_url",
            "sessionm.api_key",
            "amplifi.token",
        ]
    )
    assert all("required" in line for line in lines), lines


def test_check_reports_wrong_values_together_with_missing_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("KIOSK_DEVICE_TAG")
    text = TEMPLATE.replace("[amplifi]", "[http]\nread_timeout = -1\n\n[amplifi]").replace(
        '# token_url = "https://amplifi.example-bank.com/api/token"',
        'token_url = "amplifi.example-bank.com/token"',
    )
    code, lines, _ = _check(_write(tmp_path, text), capsys)
    assert code == 2
    named = {line.removeprefix("kiosk: error: ").split(":", 1)[0] for line in lines}
    assert named == {
        "device_tag",
        "amplifi.token_url",  # no scheme: a wrong value, reported once (not also as missing)
        "amplifi.credentials",  # and what a token_url needs beside it
        "http.read_timeout",
        "amplifi.base_url",
        "sessionm.base_url",
        "sessionm.api_key",
        "app.admin_pin",
    }
    assert len(lines) == len(named)


def test_check_passes_the_filled_in_template_without_printing_secrets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("KIOSK_DEVICE_TAG")
    code, lines, out = _check(_write(tmp_path, FILLED), capsys)
    assert (code, lines) == (0, [])
    assert "config OK" in out and "environment production" in out
    assert "SECRET" not in out and "97531" not in out


def test_token_url_without_credentials_is_incomplete_in_production(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = FILLED.replace(
        'credentials = { username = "kiosk-042", password = "pw-SECRET-7" }\n', ""
    )
    code, lines, _ = _check(_write(tmp_path, text), capsys)
    assert code == 2
    (line,) = lines
    assert line.startswith("kiosk: error: amplifi.credentials: required with amplifi.token_url")


def test_development_defaults_need_only_the_admin_pin_to_run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["config", "check"]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("kiosk: error: app.admin_pin: required by `kiosk run`")
    # The other commands (the delivery worker among them) do not need the PIN.
    assert load_settings(None).environment == "development"
    monkeypatch.setenv("KIOSK_APP__ADMIN_PIN", "2468")
    assert main(["config", "check"]) == 0


def test_delivery_setting_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings(None).app.delivery == "child"
    monkeypatch.setenv("KIOSK_APP__DELIVERY", "service")
    assert load_settings(None).app.delivery == "service"
    monkeypatch.setenv("KIOSK_APP__DELIVERY", "thread")
    with pytest.raises(ConfigError, match=r"^app\.delivery: "):
        load_settings(None)


# -- systemd credentials --------------------------------------------------------------------


@pytest.fixture
def credentials(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A $CREDENTIALS_DIRECTORY as systemd makes it: one file per credential."""
    folder = tmp_path / "credentials"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(folder))
    return folder


def _credential(folder: Path, name: str, value: str | bytes) -> None:
    data = value.encode() if isinstance(value, str) else value
    (folder / name).write_bytes(data)
    (folder / name).chmod(0o400)


def test_secrets_come_from_credentials_below_the_environment_and_above_the_file(
    credentials: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _credential(credentials, "sessionm.api_key", "cred-key\n")  # echo adds a newline
    _credential(credentials, "sessionm.api_secret", "cred-secret")
    _credential(credentials, "app.admin_pin", "24680\n")
    _credential(credentials, "amplifi.credentials", '{"username": "k-1", "password": "p-2"}')
    _credential(credentials, "unrelated.credential", b"\xff\xfe not text")  # not ours: ignored
    path = _write(
        tmp_path,
        '[amplifi]\ntoken_url = "http://127.0.0.1:9/token"\n'
        '[sessionm]\napi_key = "toml-key"\napi_secret = "toml-secret"\n',
    )
    monkeypatch.setenv("KIOSK_SESSIONM__API_SECRET", "env-secret")
    settings = load_settings(path)
    assert settings.sessionm.api_key.get_secret_value() == "cred-key"  # credential > TOML
    assert settings.sessionm.api_secret is not None
    assert settings.sessionm.api_secret.get_secret_value() == "env-secret"  # env > credential
    assert settings.app.admin_pin is not None
    assert settings.app.admin_pin.get_secret_value() == "24680"
    assert {k: v.get_secret_value() for k, v in settings.amplifi.credentials.items()} == {
        "username": "k-1",
        "password": "p-2",
    }


def test_a_production_config_may_keep_every_secret_in_credentials(
    credentials: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("KIOSK_DEVICE_TAG")
    text = FILLED.replace(
        'credentials = { username = "kiosk-042", password = "pw-SECRET-7" }\n', ""
    )
    text = text.replace('api_key = "key-SECRET-8"\n', "").replace('admin_pin = "97531"\n', "")
    _credential(credentials, "amplifi.credentials", '{"username": "k", "password": "p-SECRET"}')
    _credential(credentials, "sessionm.api_key", "key-SECRET-9")
    _credential(credentials, "app.admin_pin", "97531")
    code, lines, _ = _check(_write(tmp_path, text), capsys)
    assert (code, lines) == (0, [])
    assert main(["--config", str(tmp_path / "config.toml"), "config", "show"]) == 0
    shown = capsys.readouterr().out
    assert "SECRET" not in shown and "97531" not in shown
    assert json.loads(shown)["sessionm"]["api_key"] not in (None, "")


def test_a_malformed_credential_is_one_line_that_does_not_echo_it(
    credentials: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _credential(credentials, "amplifi.credentials", "user=pw-SECRET-0")
    assert main(["config", "check"]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "credential amplifi.credentials must be a JSON object" in line
    assert "SECRET" not in line


# -- the device key as a credential ----------------------------------------------------------


def test_device_key_from_a_credential_raw_or_base64(credentials: Path, kiosk_env: Path) -> None:
    key = secrets.token_bytes(32)
    _credential(credentials, "outbox.device_key", key)
    assert load_device_key(kiosk_env, "auto") == (key, "credential outbox.device_key")
    (credentials / "outbox.device_key").chmod(0o600)
    _credential(credentials, "outbox.device_key", pybase64.b64encode(key) + b"\n")
    assert load_device_key(kiosk_env, "credential")[0] == key
    assert not (kiosk_env / "keys" / "device.key").exists()  # no key file made beside it


def test_device_key_credential_problems_are_refused(
    credentials: Path, kiosk_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _credential(credentials, "outbox.device_key", b"short")
    with pytest.raises(DeviceKeyError, match="must hold a 32-byte key"):
        load_device_key(kiosk_env)
    (credentials / "outbox.device_key").unlink()
    # An older key file with queued images: a different credential would strand them.
    _, source = load_device_key(kiosk_env, "file")
    assert source.endswith("device.key")
    _credential(credentials, "outbox.device_key", secrets.token_bytes(32))
    with pytest.raises(DeviceKeyError, match="differs from the device key file"):
        load_device_key(kiosk_env)
    # The same key, encrypted into a credential as docs/configuration.md says: accepted.
    (credentials / "outbox.device_key").chmod(0o600)
    _credential(credentials, "outbox.device_key", (kiosk_env / "keys" / "device.key").read_bytes())
    assert load_device_key(kiosk_env)[1] == "credential outbox.device_key"
    monkeypatch.delenv("CREDENTIALS_DIRECTORY")
    with pytest.raises(DeviceKeyError, match=r"no credential outbox\.device_key"):
        load_device_key(kiosk_env, "credential")


def test_images_queued_with_the_credential_key_are_delivered_by_another_process(
    credentials: Path, sandbox_env: Any, monkeypatch: pytest.MonkeyPatch, kiosk_env: Path
) -> None:
    _credential(credentials, "outbox.device_key", secrets.token_bytes(32))
    monkeypatch.setenv("KIOSK_OUTBOX__KEY_STORE", "credential")
    jpeg = cv2.imencode(".jpg", np.full((480, 640, 3), 128, np.uint8))[1].tobytes()
    with Outbox(load_settings(None)) as outbox:
        assert outbox.store.key_source == "credential outbox.device_key"
        plan = outbox.submit_prospect(
            {"face": Capture(jpeg, "image/jpeg", datetime.now(UTC))}, types=amplifi_types()
        )
    drained = subprocess.run(
        [sys.executable, "-m", "kiosk", "queue", "drain", "--timeout", "60"],
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert drained.returncode == 0, drained.stdout + drained.stderr
    with Outbox(load_settings(None)) as outbox:
        assert {j.state for j in outbox.store.jobs(submission=plan.reference)} == {JobState.DONE}
    assert not (kiosk_env / "keys" / "device.key").exists()
    # Without the credential the same data dir is refused, naming what is missing.
    env = {k: v for k, v in os.environ.items() if k != "CREDENTIALS_DIRECTORY"}
    refused = subprocess.run(
        [sys.executable, "-m", "kiosk", "queue", "status"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode == 2
    (line,) = refused.stderr.strip().splitlines()
    assert "no credential outbox.device_key" in line
