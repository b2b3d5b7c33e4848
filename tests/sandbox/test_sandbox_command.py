"""``kiosk sandbox`` hands every flag to the server's options and refuses bad ones."""

from __future__ import annotations

import pytest

from kiosk.cli.main import main
from kiosk.sandbox import server
from kiosk.sandbox.server import SandboxOptions


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[SandboxOptions]:
    """Capture the options instead of serving forever."""
    seen: list[SandboxOptions] = []
    monkeypatch.setattr(server, "serve_forever", lambda options, sock=None: seen.append(options))
    return seen


def test_flags_become_options(
    started: list[SandboxOptions], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [
        "sandbox",
        "--port",
        "8799",
        "--faults",
        "5xx=0.2,429=0.1,retry_after=3",
        "--seed",
        "7",
        "--token",
        "T",
        "--api-key",
        "K",
        "--auth-token",
        "A",
        "--validation-delay",
        "0.5",
        "--campaigns",
        "spring,store-photos",
        "--daily-limit",
        "4",
        "--campaign-cap",
        "3",
        "--list-external-id",
    ]
    assert main(argv) == 0
    (options,) = started
    assert options.host == "127.0.0.1"
    assert options.port == 8799
    assert options.faults == "5xx=0.2,429=0.1,retry_after=3"
    assert options.seed == 7
    assert (options.token, options.api_key, options.auth_token) == ("T", "K", "A")
    assert options.validation_delay == 0.5
    assert options.campaigns == ("spring", "store-photos")
    assert options.daily_limit == 4
    assert options.campaign_cap == 3 and options.list_external_id is True
    assert "http://127.0.0.1:8799" in capsys.readouterr().out


def test_defaults_bind_loopback_and_accept_anything(started: list[SandboxOptions]) -> None:
    assert main(["sandbox"]) == 0
    (options,) = started
    assert options.host == "127.0.0.1" and options.port == 8700
    assert options.token is options.api_key is options.auth_token is None
    assert options.campaigns == () and options.daily_limit == 0
    # Shaped like the pages' examples unless told otherwise.
    assert options.campaign_cap == 0 and options.list_external_id is False


def test_a_non_loopback_host_is_warned_about(
    started: list[SandboxOptions], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sandbox", "--host", "0.0.0.0"]) == 0
    assert "warning" in capsys.readouterr().out
    assert started[0].host == "0.0.0.0"


@pytest.mark.parametrize(
    ("argv", "word"),
    [
        (["--faults", "5xx=0.7,429=0.7"], "--faults"),
        (["--faults", "teapot=1"], "--faults"),
        (["--faults", "latency_ms=-1"], "--faults"),
        (["--port", "70000"], "--port"),
        (["--campaign-cap", "-1"], "--campaign-cap"),
    ],
)
def test_bad_flags_fail_with_one_line(
    argv: list[str],
    word: str,
    started: list[SandboxOptions],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["sandbox", *argv]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"kiosk: error: {word}")
    assert started == []
