"""Settings: where they come from, in which order, and how a wrong value is reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.config import (
    DEFAULT_MAX_IMAGE_BYTES,
    ConfigError,
    Settings,
    default_config_path,
    is_loopback_url,
    load_settings,
    masked_dump,
    resolve_config_path,
)

FULL_TOML = """
device_tag = "branch-042"
max_image_bytes = 5000000
face_model = "/opt/models/face.onnx"

[amplifi]
base_url = "https://amplifi.example.com"
token_url = "https://amplifi.example.com/token"
pre_segment = "demo_segment"
session_type_id = "CloseCapture"

[amplifi.credentials]
username = "kiosk-042"
password = "pw-SECRET-1"

[amplifi.types]
face = "Face image"
passport = "Passport page"

[sessionm]
base_url = "https://sessionm.example.com"
api_key = "key-SECRET-2"
api_secret = "secret-SECRET-3"
auth_token = "auth-SECRET-4"
customer_mode = "user_id"
placement_id = "54321"
campaigns = [
  { permalink = "spring-receipts", name = "Spring receipts" },
  { permalink = "store-photos", name = "Store photos" },
]

[http]
connect_timeout = 3.5
read_timeout = 20
"""

SECRETS = ("pw-SECRET-1", "key-SECRET-2", "secret-SECRET-3", "auth-SECRET-4")


def _write(tmp_path: Path, text: str, name: str = "kiosk.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    path.chmod(0o640)  # as the packaged config is: its secrets are not for every user
    return path


def test_defaults_need_only_a_device_tag(kiosk_env: Path) -> None:
    settings = load_settings()
    assert settings.device_tag == "test-device"
    assert settings.data_dir == kiosk_env
    assert settings.max_image_bytes == DEFAULT_MAX_IMAGE_BYTES < 10_000_000
    assert is_loopback_url(settings.amplifi.base_url)
    assert settings.sessionm.customer_mode in ("auth_token", "user_id", "external_id")


def test_toml_file_given_explicitly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KIOSK_DEVICE_TAG")
    settings = load_settings(_write(tmp_path, FULL_TOML))
    assert settings.device_tag == "branch-042"
    assert settings.max_image_bytes == 5_000_000
    assert settings.face_model == Path("/opt/models/face.onnx")
    assert settings.amplifi.base_url == "https://amplifi.example.com"
    assert settings.amplifi.token is None
    assert settings.amplifi.token_url == "https://amplifi.example.com/token"
    assert settings.amplifi.credentials["password"].get_secret_value() == "pw-SECRET-1"
    assert settings.amplifi.pre_segment == "demo_segment"
    assert settings.amplifi.session_type_id == "CloseCapture"
    assert settings.amplifi.type_for("passport") == "Passport page"
    assert settings.amplifi.type_for("face") == "Face image"
    # A kind the file does not name takes its record's own label, passed by the core.
    front = "Driver license front"
    assert settings.amplifi.type_for("license_front", front) == front
    assert settings.amplifi.type_for("passport", "Passport") == "Passport page"  # file wins
    with pytest.raises(ConfigError, match=r"amplifi\.types\.license_back is not set"):
        settings.amplifi.type_for("license_back")
    assert settings.sessionm.api_key.get_secret_value() == "key-SECRET-2"
    assert settings.sessionm.api_secret is not None
    assert settings.sessionm.customer_mode == "user_id"
    assert settings.sessionm.placement_id == "54321"
    assert [c.permalink for c in settings.sessionm.campaigns] == ["spring-receipts", "store-photos"]
    assert settings.sessionm.campaign("store-photos").name == "Store photos"
    assert settings.http.connect_timeout == 3.5
    assert settings.http.read_timeout == 20.0


def test_kiosk_config_variable_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KIOSK_DEVICE_TAG")
    monkeypatch.setenv("KIOSK_CONFIG", str(_write(tmp_path, FULL_TOML)))
    assert load_settings().device_tag == "branch-042"


def test_explicit_path_wins_over_kiosk_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KIOSK_DEVICE_TAG")
    monkeypatch.setenv("KIOSK_CONFIG", str(_write(tmp_path, 'device_tag = "env-file"', "a.toml")))
    explicit = _write(tmp_path, 'device_tag = "explicit-file"', "b.toml")
    assert load_settings(explicit).device_tag == "explicit-file"
    assert resolve_config_path(explicit) == explicit


def test_user_config_file_is_the_last_resort(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KIOSK_DEVICE_TAG")
    assert resolve_config_path() is None
    default = default_config_path()
    assert default.is_relative_to(tmp_path)  # the autouse fixture moved the config home
    default.parent.mkdir(parents=True)
    default.write_text('device_tag = "user-file"\n', encoding="utf-8")
    assert resolve_config_path() == default
    assert load_settings().device_tag == "user-file"


def test_environment_overrides_the_file_and_nests_with_double_underscore(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_DEVICE_TAG", "from-env")
    monkeypatch.setenv("KIOSK_SESSIONM__CUSTOMER_MODE", "external_id")
    monkeypatch.setenv("KIOSK_HTTP__READ_TIMEOUT", "7.5")
    monkeypatch.setenv("KIOSK_AMPLIFI__TYPES__FACE", "Selfie")
    settings = load_settings(_write(tmp_path, FULL_TOML))
    assert settings.device_tag == "from-env"
    assert settings.sessionm.customer_mode == "external_id"
    assert settings.http.read_timeout == 7.5
    assert settings.amplifi.type_for("face") == "Selfie"
    # Values the environment does not name still come from the file, nested ones included.
    assert settings.http.connect_timeout == 3.5
    assert settings.sessionm.base_url == "https://sessionm.example.com"
    assert settings.amplifi.type_for("passport") == "Passport page"


def test_overrides_beat_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_DEVICE_TAG", "from-env")
    assert load_settings(device_tag="from-code").device_tag == "from-code"


def test_campaigns_as_json_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    campaigns = [
        {"permalink": "spring-receipts", "name": "Spring receipts"},
        {"permalink": "store-photos", "name": "Store photos"},
    ]
    monkeypatch.setenv("KIOSK_SESSIONM__CAMPAIGNS", json.dumps(campaigns))
    settings = load_settings()
    # Each campaign's prices are in US dollars unless it says otherwise.
    assert [c.model_dump() for c in settings.sessionm.campaigns] == [
        {**c, "currency": "USD"} for c in campaigns
    ]
    with pytest.raises(ConfigError, match="unknown campaign 'winter'"):
        settings.sessionm.campaign("winter")


def test_campaigns_that_are_not_json_name_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_SESSIONM__CAMPAIGNS", "spring-receipts")
    with pytest.raises(ConfigError) as info:
        load_settings()
    message = str(info.value)
    assert message.startswith("sessionm.campaigns: KIOSK_SESSIONM__CAMPAIGNS must be JSON")
    assert len(message.splitlines()) == 1
    assert "spring-receipts" not in message


def test_masked_dump_hides_every_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KIOSK_DEVICE_TAG")
    text = FULL_TOML.replace('token_url = "https://amplifi.example.com/token"', "").replace(
        '[amplifi.credentials]\nusername = "kiosk-042"\npassword = "pw-SECRET-1"\n', ""
    )
    text = text.replace('pre_segment = "demo_segment"', 'token = "pw-SECRET-1"')
    for source in (FULL_TOML, text):
        dumped = json.dumps(masked_dump(load_settings(_write(tmp_path, source))))
        for secret in SECRETS:
            assert secret not in dumped
        assert "https://sessionm.example.com" in dumped  # the rest is shown


@pytest.mark.parametrize(
    ("toml", "setting"),
    [
        ('[amplifi]\nbase_url = "amplifi.example.com"', "amplifi.base_url"),
        ('[sessionm]\nbase_url = "localhost:8700"', "sessionm.base_url"),
        ('[amplifi]\ntoken_url = "/token"', "amplifi.token_url"),
        ("[http]\nread_timeout = -1", "http.read_timeout"),
        ("[http]\nconnect_timeout = -0.5", "http.connect_timeout"),
        ('[sessionm]\ncustomer_mode = "email"', "sessionm.customer_mode"),
        ("max_image_bytes = 10000000", "max_image_bytes"),
        ('[amplifi]\nbase_url = "http://10.1.2.3:8080"', "amplifi.base_url"),
        ('[sessionm]\nbase_url = "http://sessionm.example.com"', "sessionm.base_url"),
        ('[amplifi]\nbase_url = "http://localhost.example.com"', "amplifi.base_url"),
        ('[amplifi]\nbase_url = "ftp://amplifi.example.com"', "amplifi.base_url"),
        ('[sessionm]\ncampaigns = [{ permalink = "" , name = "x" }]', "sessionm.campaigns"),
        ("no_such_setting = 1", "no_such_setting"),
    ],
)
def test_a_wrong_value_is_one_line_naming_the_setting(
    toml: str, setting: str, tmp_path: Path
) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(_write(tmp_path, toml))
    message = str(info.value)
    assert len(message.splitlines()) == 1
    assert setting in message


def test_plain_http_is_fine_to_loopback_or_when_allowed(tmp_path: Path) -> None:
    local = load_settings(
        _write(tmp_path, '[amplifi]\nbase_url = "http://localhost:8700"', "a.toml")
    )
    assert local.amplifi.base_url == "http://localhost:8700"
    ipv6 = load_settings(_write(tmp_path, '[sessionm]\nbase_url = "http://[::1]:8700/"', "c.toml"))
    assert ipv6.sessionm.base_url == "http://[::1]:8700"  # trailing slash dropped
    lab = load_settings(
        _write(
            tmp_path,
            '[amplifi]\nbase_url = "http://10.1.2.3:8080"\n[http]\nallow_insecure_http = true',
            "b.toml",
        )
    )
    assert lab.amplifi.base_url == "http://10.1.2.3:8080"


def test_missing_device_tag_names_the_setting_and_its_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("KIOSK_DEVICE_TAG")
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert str(info.value).startswith("device_tag:")
    assert "KIOSK_DEVICE_TAG" in str(info.value)


def test_a_blank_device_tag_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_DEVICE_TAG", "   ")
    with pytest.raises(ConfigError, match="device_tag"):
        load_settings()


def test_two_wrong_values_give_two_lines(tmp_path: Path) -> None:
    path = _write(tmp_path, '[http]\nread_timeout = -1\n[sessionm]\ncustomer_mode = "x"\n')
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    lines = str(info.value).splitlines()
    assert len(lines) == 2
    assert {line.split(":")[0] for line in lines} == {"http.read_timeout", "sessionm.customer_mode"}


def test_token_and_token_url_together_are_refused(tmp_path: Path) -> None:
    path = _write(
        tmp_path, '[amplifi]\ntoken = "t-SECRET"\ntoken_url = "https://a.example.com/token"\n'
    )
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    assert "amplifi" in str(info.value)
    assert "t-SECRET" not in str(info.value)


def test_a_secret_is_never_echoed_in_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, '[amplifi]\ntoken_url = "not-a-url-SECRET"\n')
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    assert "amplifi.token_url" in str(info.value)


def test_bad_toml_syntax_names_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, 'device_tag = "unterminated\n[amplifi\n')
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    message = str(info.value)
    assert len(message.splitlines()) == 1
    assert str(path) in message
    assert "line 1" in message


def test_a_config_file_that_does_not_exist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "nope.toml"
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(missing)
    monkeypatch.setenv("KIOSK_CONFIG", str(missing))
    with pytest.raises(ConfigError, match="KIOSK_CONFIG"):
        load_settings()


def test_settings_class_reads_the_environment_directly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_OUTBOX__MAX_ATTEMPTS", "3")
    assert Settings().outbox.max_attempts == 3  # type: ignore[call-arg]
