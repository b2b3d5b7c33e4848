"""Setting a kiosk up from the command line: commands that submit nothing need no device
tag, ``--config`` goes before or after the command, the documented production example is
complete for ``kiosk run``, and no display is one line instead of Qt's abort."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kiosk.cli.app_cmd import display_problem
from kiosk.cli.main import main
from kiosk.config import load_settings
from tests.sample_data import SAMPLES

# The production example a kiosk's config is written from.
CONFIGURATION_PAGE = Path(__file__).resolve().parents[1] / "docs" / "configuration.md"
NO_DISPLAY = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")


@pytest.fixture
def untagged(monkeypatch: pytest.MonkeyPatch) -> None:
    """A kiosk being set up: no device tag anywhere."""
    monkeypatch.delenv("KIOSK_DEVICE_TAG")


@pytest.fixture
def no_display(monkeypatch: pytest.MonkeyPatch) -> None:
    """A shell with no display server and no Qt platform chosen."""
    for name in NO_DISPLAY:
        monkeypatch.delenv(name, raising=False)


def _documented_production_toml() -> str:
    text = CONFIGURATION_PAGE.read_text(encoding="utf-8")
    after = text.split("An example for a production kiosk:", 1)[1]
    match = re.search(r"```toml\n(.*?)```", after, re.S)
    assert match, "the configuration page's production example is a ```toml block"
    return match.group(1)


def test_config_show_without_a_device_tag_shows_it_unset(
    untagged: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["config", "show"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["device_tag"] is None
    assert shown["camera"]["source"] == "auto"


def test_config_show_without_a_tag_still_reports_every_other_problem(
    untagged: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("max_image_bytes = -1\n[http]\nconnect_timeout = 0\n", encoding="utf-8")
    assert main(["config", "show", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert "max_image_bytes" in err and "http.connect_timeout" in err
    assert "device_tag" not in err


def test_camera_list_and_test_need_no_device_tag(
    untagged: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["camera", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["demo_available"] is True
    out = tmp_path / "frame.jpg"
    code = main(
        ["camera", "test", "--source", "demo", "--seconds", "0.5", "--out", str(out), "--json"]
    )
    assert code == 0, capsys.readouterr().err
    assert out.stat().st_size > 0


def test_check_needs_no_device_tag(untagged: None, capsys: pytest.CaptureFixture[str]) -> None:
    image = SAMPLES / "mrz" / "passporteye_passport-td3.jpg"
    code = main(["check", "--kind", "passport", str(image), "--json"])
    assert code in (0, 1)  # the checks ran; 2 would be a refused config
    assert "device_tag" not in capsys.readouterr().err


def test_submit_still_needs_a_device_tag(
    untagged: None, capsys: pytest.CaptureFixture[str]
) -> None:
    image = SAMPLES / "faces" / "fr_biden.jpg"
    assert main(["submit", "prospect", "--face", str(image), "--force", "centered,yaw"]) == 2
    assert "device_tag: required but not set" in capsys.readouterr().err


@pytest.fixture
def fresh_production_kiosk(untagged: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The packaged template as installed: production, no tag, no API settings."""
    config = tmp_path / "config.toml"
    config.write_text('environment = "production"\n[camera]\nsource = "demo"\n')
    monkeypatch.setenv("KIOSK_CONFIG", str(config))
    return config


def test_commands_that_send_nothing_run_before_the_api_settings_are_filled_in(
    fresh_production_kiosk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    image = SAMPLES / "mrz" / "passporteye_passport-td3.jpg"
    assert main(["check", "--kind", "passport", str(image), "--json"]) in (0, 1)
    assert main(["config", "show"]) == 0
    assert main(["camera", "list", "--json"]) == 0
    assert main(["health"]) == 0  # a fresh outbox, judged rather than refused
    assert "kiosk: error" not in capsys.readouterr().err


def test_what_sends_or_runs_the_kiosk_still_needs_the_api_settings(
    fresh_production_kiosk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    image = SAMPLES / "faces" / "fr_biden.jpg"
    assert main(["submit", "prospect", "--face", str(image), "--force", "centered,yaw"]) == 2
    assert "amplifi.base_url: required" in capsys.readouterr().err
    assert main(["config", "check"]) == 2
    err = capsys.readouterr().err
    assert "sessionm.api_key: required" in err and "app.admin_pin: required" in err


def test_config_option_after_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("KIOSK_DEVICE_TAG")
    monkeypatch.setenv("KIOSK_APP__ADMIN_PIN", "2468")
    path = tmp_path / "kiosk.toml"
    path.write_text('device_tag = "branch-9"\n', encoding="utf-8")
    assert main(["config", "check", "--config", str(path)]) == 0
    assert str(path) in capsys.readouterr().out
    assert main(["--config", str(path), "config", "check"]) == 0
    assert main(["config", "show", "--config", str(path)]) == 0
    assert json.loads(capsys.readouterr().out.split("\n", 1)[1])["device_tag"] == "branch-9"
    missing = tmp_path / "missing.toml"
    assert main(["queue", "status", "--config", str(missing)]) == 2
    assert f"config file {missing} does not exist" in capsys.readouterr().err


def test_documented_production_example_passes_what_kiosk_run_checks(
    tmp_path: Path, no_display: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "production.toml"
    path.write_text(_documented_production_toml(), encoding="utf-8")
    assert main(["config", "check", "--config", str(path)]) == 0
    settings = load_settings(path, require_app=True)
    assert settings.environment == "production"
    assert settings.app.admin_pin is not None
    # `kiosk run` checks the config first: with no display, only the display is refused.
    capsys.readouterr()
    assert main(["run", "--config", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no display" in err[0]


def test_kiosk_run_reports_every_missing_setting_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("KIOSK_DEVICE_TAG")
    toml = _documented_production_toml()
    toml = re.sub(r"(?m)^admin_pin = .*$", "", toml)
    toml = re.sub(r"(?m)^device_tag = .*$", "", toml)
    toml = re.sub(r'(?m)^base_url = "https://api.sessionm.*$', "", toml)
    path = tmp_path / "incomplete.toml"
    path.write_text(toml, encoding="utf-8")
    assert main(["run", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    for setting in ("device_tag", "app.admin_pin", "sessionm.base_url"):
        assert f"kiosk: error: {setting}:" in err


def test_no_display_is_one_line_naming_offscreen(
    no_display: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--windowed"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("kiosk: error: no display")
    assert "QT_QPA_PLATFORM=offscreen" in err[0]


def test_what_counts_as_a_display() -> None:
    assert display_problem({}, "linux") is not None
    assert display_problem({"DISPLAY": ":0"}, "linux") is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display_problem({"DISPLAY": ""}, "linux") is not None
    assert display_problem({}, "win32") is None
