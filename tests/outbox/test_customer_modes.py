"""How a receipt's customer is named: the number typed or scanned (``external_id``) or a
SessionM ``user_id`` at a kiosk; an ``auth_token`` only when given for one submission."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from outbox_helpers import padded_receipt

from kiosk.api.sessionm import Customer, customer_for
from kiosk.cli.main import main
from kiosk.config import ConfigError, SessionMSettings, load_settings
from kiosk.outbox.store import Store
from kiosk.sandbox.server import SandboxServer


def test_a_configured_token_never_names_a_customer() -> None:
    shared = SessionMSettings(customer_mode="auth_token", auth_token="one-token-for-all")
    assert customer_for(shared) is None
    assert customer_for(shared, "this-customers-token") == Customer(
        "auth_token", "this-customers-token"
    )
    assert customer_for(SessionMSettings(customer_mode="external_id")) is None
    assert customer_for(SessionMSettings(customer_mode="external_id"), "4242") == Customer(
        "external_id", "4242"
    )
    assert customer_for(SessionMSettings(customer_mode="user_id"), "u7") == Customer(
        "user_id", "u7"
    )


@pytest.mark.parametrize(
    ("toml", "setting", "words"),
    [
        (
            '[sessionm]\nauth_token = "tok-SECRET-1"\n',
            "sessionm.auth_token",
            "one SessionM profile",
        ),
        (
            '[sessionm]\ncustomer_mode = "auth_token"\n',
            "sessionm.customer_mode",
            "cannot obtain a customer's SessionM auth token",
        ),
    ],
)
def test_config_check_refuses_a_shared_customer_token_for_the_app(
    toml: str, setting: str, words: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text('[app]\nadmin_pin = "2468"\n' + toml)
    assert main(["--config", str(path), "config", "check"]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"kiosk: error: {setting}: ")
    assert words in line and "external_id" in line and "--auth-token" in line
    assert "tok-SECRET-1" not in line
    with pytest.raises(ConfigError):
        load_settings(path, require_app=True)
    # The command line is not the app: it may still load the file.
    assert load_settings(path).sessionm.customer_mode in ("external_id", "auth_token")


@pytest.fixture(scope="module")
def receipt_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real receipt scan with a margin: it passes the receipt checks."""
    return padded_receipt(tmp_path_factory.mktemp("receipt") / "receipt.jpg")


def _submit(capsys: pytest.CaptureFixture[str], receipt: Path, *who: str) -> tuple[int, str]:
    capsys.readouterr()
    argv = ["submit", "receipt", "--campaign", "sandbox-receipts", *who, str(receipt)]
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out + err


def test_the_command_line_takes_a_token_per_submission_and_nothing_else(
    sandbox_env: SandboxServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    receipt_file: Path,
    kiosk_env: Path,
) -> None:
    monkeypatch.setenv("KIOSK_OUTBOX__KEY_STORE", "file")
    monkeypatch.setenv("KIOSK_SESSIONM__CUSTOMER_MODE", "auth_token")
    monkeypatch.setenv("KIOSK_SESSIONM__AUTH_TOKEN", "configured-SECRET-2")
    code, text = _submit(capsys, receipt_file)
    assert code == 2
    assert "--external-id, --user-id or --auth-token" in text
    assert "configured-SECRET-2" not in text

    code, text = _submit(capsys, receipt_file, "--auth-token", "customer-SECRET-3")
    assert code == 0, text
    assert "customer-SECRET-3" not in text
    reference = json.loads(text)["reference"]
    store = Store(kiosk_env, "file")
    try:
        (create,) = store.jobs(submission=reference)
        assert store.secret(create) == {"mode": "auth_token", "value": "customer-SECRET-3"}
        assert "customer-SECRET-3" not in json.dumps(create.payload)
    finally:
        store.close()
    assert main(["queue", "drain", "--timeout", "30"]) == 0
    (call,) = [c for c in sandbox_env.snapshot()["calls"] if c["method"] == "POST"]
    assert call["path"] == "/priv/v1/apps/{api_key}/image_validations"
    assert call["query"] == ["auth_token"]
