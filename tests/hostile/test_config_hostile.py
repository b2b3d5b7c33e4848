"""Hostile and mistaken settings: one line each, all at once, nothing sent in the clear."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sample_data import SAMPLES

from kiosk.cli.main import main
from kiosk.config import SANDBOX_URL, Settings, load_settings
from kiosk.config.env import setting_names
from kiosk.sandbox.server import SandboxOptions, SandboxServer


@pytest.fixture(autouse=True)
def admin_pin(monkeypatch: pytest.MonkeyPatch) -> None:
    """`kiosk config check` also checks what `kiosk run` needs."""
    monkeypatch.setenv("KIOSK_APP__ADMIN_PIN", "2468")


def errors(capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The lines written to stderr."""
    return capsys.readouterr().err.splitlines()


@pytest.mark.parametrize("scheme", ["HTTP", "Http", "hTTp"])
def test_plain_http_is_refused_in_any_case(
    scheme: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KIOSK_AMPLIFI__BASE_URL", f"{scheme}://10.1.2.3/api")
    assert main(["config", "check"]) == 2
    (line,) = errors(capsys)
    assert "amplifi.base_url uses plain http://" in line


def test_scheme_and_host_are_normalised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_SESSIONM__BASE_URL", "HTTPS://API.Example.COM/v1/")
    monkeypatch.setenv("KIOSK_AMPLIFI__BASE_URL", "Http://LOCALHOST:9000")
    settings = load_settings()
    assert settings.sessionm.base_url == "https://api.example.com/v1"
    assert settings.amplifi.base_url == "http://localhost:9000"  # loopback: allowed


def test_config_show_masks_a_password_in_a_url(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KIOSK_AMPLIFI__BASE_URL", "https://kiosk:pa55-SECRET@amplifi.example.com")
    monkeypatch.setenv("KIOSK_AMPLIFI__TOKEN", "tok-SECRET")
    assert main(["config", "show"]) == 0
    out = capsys.readouterr().out
    assert "SECRET" not in out
    assert json.loads(out)["amplifi"]["base_url"] == "https://kiosk:***@amplifi.example.com"


def test_misspelt_environment_variables_are_refused_all_at_once(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KIOSK_AMPLIFY__BASE_URL", "https://amplifi.example.com")
    monkeypatch.setenv("KIOSK_SESIONM__API_KEY", "key-SECRET")
    monkeypatch.setenv("KIOSK_DEVICE_TAGG", "x")
    monkeypatch.setenv("KIOSK_AMPLIFI__TOKN", "tok-SECRET")
    monkeypatch.setenv("KIOSK_OUTBOX__BACKOFF_BASE", "soon")
    assert main(["config", "check"]) == 2
    lines = errors(capsys)
    text = "\n".join(lines)
    assert "SECRET" not in text
    assert len(lines) == 5, lines
    assert "KIOSK_AMPLIFY__BASE_URL: names no setting; did you mean KIOSK_AMPLIFI__BASE_URL" in text
    assert "KIOSK_SESIONM__API_KEY: names no setting; did you mean KIOSK_SESSIONM__API_KEY" in text
    assert "KIOSK_DEVICE_TAGG: names no setting; did you mean KIOSK_DEVICE_TAG" in text
    assert "amplifi.tokn: unknown setting; did you mean amplifi.token?" in text
    assert "outbox.backoff_base:" in text


def test_other_kiosk_variables_are_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_CONFIG_DIR_FOR_SCRIPTS", "/tmp")  # far from any setting
    monkeypatch.setenv("KIOSK_REUSE_BUNDLE", "1")
    assert load_settings().device_tag == "test-device"


def _wrong_value(annotation: object) -> object:
    text = str(annotation)
    if "list" in text:
        return 7
    return "not-a-number" if any(t in text for t in ("int", "float", "bool")) else ["a", "list"]


def test_every_setting_with_a_wrong_type_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Every leaf setting given a value of the wrong type in one file: one line each.
    monkeypatch.delenv("KIOSK_APP__ADMIN_PIN")
    leaves = []
    for dotted in setting_names(Settings):
        section, _, name = dotted.partition(".")
        if not name or "." in name:
            continue
        field = Settings.model_fields[section].annotation.model_fields[name]  # type: ignore[union-attr]
        if "BaseModel" in str(type(field.annotation)) or "dict" in str(field.annotation):
            continue
        leaves.append((section, name, _wrong_value(field.annotation)))
    toml = {}
    for section, name, value in leaves:
        toml.setdefault(section, []).append(f"{name} = {json.dumps(value)}")
    text = "\n".join(f"[{s}]\n" + "\n".join(lines) for s, lines in toml.items())
    path = tmp_path / "wrong.toml"
    path.write_text(text, encoding="utf-8")
    assert main(["--config", str(path), "config", "check"]) == 2
    lines = errors(capsys)
    named = {
        ".".join(line.removeprefix("kiosk: error: ").split(":")[0].split(".")[:2]) for line in lines
    }
    missed = {f"{s}.{n}" for s, n, _ in leaves} - named
    assert not missed, missed
    assert all(line.startswith("kiosk: error: ") for line in lines)


def test_the_defaults_deliver_to_the_sandbox(
    tmp_path: Path, kiosk_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # No config at all: the sandbox at its default address takes the prospect session.
    with SandboxServer(SandboxOptions(validation_delay=0.0)) as server:
        assert server.url == SANDBOX_URL
        assert main(["config", "check"]) == 0
        face = ["submit", "prospect", "--face", str(SAMPLES / "faces" / "fr_biden.jpg")]
        face += ["--force", "centered,yaw"]  # the sample's failed checks, named
        assert main(face) == 0
        assert main(["queue", "drain", "--timeout", "60"]) == 0, capsys.readouterr().err
        assert server.state.prospect_images, "nothing reached the sandbox"


def test_plain_http_is_reported_with_the_other_problems(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KIOSK_SESSIONM__BASE_URL", "HTTP://10.1.2.3/api")
    monkeypatch.setenv("KIOSK_OUTBOX__BACKOFF_BASE", "soon")
    monkeypatch.delenv("KIOSK_APP__ADMIN_PIN")
    assert main(["config", "check"]) == 2
    text = "\n".join(errors(capsys))
    assert "sessionm.base_url uses plain http://" in text
    assert "outbox.backoff_base:" in text and "app.admin_pin: required" in text
