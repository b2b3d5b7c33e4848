"""Another local user's data dir, key directory or planted key is refused in one line; the
installed kiosk's group-shared data dir (2770, our group) is not; a config file that shows
its secrets to every user is warned about; a device tag or token that would forge log lines
or fail every call is refused by `kiosk config check`, naming the setting."""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

import pytest

from kiosk.cli.main import main
from kiosk.config import load_settings
from kiosk.monitoring.health import Status, evaluate

NOBODY = 65534


@pytest.fixture(autouse=True)
def key_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_OUTBOX__KEY_STORE", "file")


@pytest.fixture
def root_only() -> None:
    if os.geteuid() != 0:
        pytest.skip("giving a file to another user needs root")


def _refused(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(list(args or ["queue", "status"])) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    (line,) = captured.err.splitlines()
    assert line.startswith("kiosk: error: ")
    return line


def test_a_world_writable_data_dir_is_refused(
    kiosk_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kiosk_env.mkdir()
    kiosk_env.chmod(0o777)
    line = _refused(capsys)
    assert f"the data directory {kiosk_env} is writable by every user (mode 0777)" in line
    assert not (kiosk_env / "outbox.sqlite3").exists() and not (kiosk_env / "keys").exists()


def test_a_data_dir_of_another_user_is_refused(
    root_only: None, kiosk_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kiosk_env.mkdir(mode=0o755)
    os.chown(kiosk_env, NOBODY, NOBODY)
    assert "belongs to nobody, not to this user (root)" in _refused(capsys)


def test_the_installed_group_shared_data_dir_is_accepted(
    root_only: None, kiosk_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # As packaged: the delivery user owns it, the screen user is in its group, mode 2770.
    kiosk_env.mkdir()
    os.chown(kiosk_env, NOBODY, os.getegid())
    kiosk_env.chmod(0o2770)
    assert main(["queue", "status"]) == 0
    assert capsys.readouterr().out.startswith("pending 0")


def test_a_world_writable_key_directory_is_refused(
    kiosk_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (kiosk_env / "keys").mkdir(parents=True)
    (kiosk_env / "keys").chmod(0o777)
    line = _refused(capsys)
    assert "the key directory" in line and "open to other users (mode 0777)" in line
    assert not (kiosk_env / "keys" / "device.key").exists()  # no key written into it


def test_a_planted_key_is_refused(
    root_only: None, kiosk_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys = kiosk_env / "keys"
    keys.mkdir(parents=True, mode=0o700)
    planted = keys / "device.key"
    planted.write_bytes(secrets.token_bytes(32))
    planted.chmod(0o600)
    os.chown(planted, NOBODY, NOBODY)
    line = _refused(capsys)
    assert f"the device key file {planted} belongs to nobody" in line


def test_a_key_file_others_can_read_is_refused(
    kiosk_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["queue", "status"]) == 0  # the kiosk makes its key, 0600
    key = kiosk_env / "keys" / "device.key"
    assert key.stat().st_mode & 0o777 == 0o600
    key.chmod(0o644)
    assert "open to other users (mode 0644)" in _refused(capsys)


def _config(tmp_path: Path, mode: int) -> Path:
    path = tmp_path / "config.toml"
    path.write_text('[amplifi]\ntoken = "s3cret-token"\n[app]\nadmin_pin = "2468"\n')
    path.chmod(mode)
    return path


def test_a_config_file_showing_its_secrets_to_everyone_is_warned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    path = _config(tmp_path, 0o644)
    assert main(["config", "check", "--config", str(path)]) == 0  # warned, not refused
    err = capsys.readouterr().err
    assert (
        f"kiosk: warning: the config file {path} holds secrets (amplifi.token, app.admin_pin) "
        "and is readable by every user (mode 0644)"
    ) in err
    assert "s3cret" not in err
    with caplog.at_level(logging.WARNING, logger="kiosk.config"):
        assert main(["health", "--config", str(path)]) in (0, 1)
    assert any("event=config_file_exposed" in r.getMessage() for r in caplog.records)
    health = evaluate(load_settings(path))
    (config,) = [c for c in health.checks if c.name == "config"]
    assert config.status is Status.WARNING and "readable by every user" in config.detail
    path.chmod(0o640)
    assert main(["config", "check", "--config", str(path)]) == 0
    assert "warning" not in capsys.readouterr().err
    assert "config" not in {c.name for c in evaluate(load_settings(path)).checks}


@pytest.mark.parametrize("tag", ["branch\r042", "branch\u2028042", "branch\x00042", "a" * 65, "ß"])
def test_a_device_tag_that_could_forge_log_lines_is_refused(
    tag: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("KIOSK_DEVICE_TAG")
    path = tmp_path / "config.toml"
    escaped = "".join(c if c.isascii() and c.isalnum() else f"\\u{ord(c):04x}" for c in tag)
    path.write_text(f'device_tag = "{escaped}"\n[app]\nadmin_pin = "2468"\n', encoding="utf-8")
    path.chmod(0o600)
    assert main(["config", "check", "--config", str(path)]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("kiosk: error: device_tag: must be 1 to 64 of A-Z a-z 0-9 . _ -")
    assert "\r" not in line and "\x00" not in line and "\u2028" not in line


@pytest.mark.parametrize(
    ("variable", "setting"),
    [
        ("KIOSK_AMPLIFI__TOKEN", "amplifi.token"),
        ("KIOSK_SESSIONM__API_KEY", "sessionm.api_key"),
        ("KIOSK_SESSIONM__API_SECRET", "sessionm.api_secret"),
    ],
)
def test_a_token_that_cannot_go_in_a_header_is_refused(
    variable: str, setting: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KIOSK_APP__ADMIN_PIN", "2468")
    monkeypatch.setenv(variable, "tökén-ünïcode")
    assert main(["config", "check"]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"kiosk: error: {setting}: must be visible ASCII without spaces")
    assert "tökén" not in line  # a secret is never echoed
