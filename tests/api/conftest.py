"""Fixtures of the API contract tests: one sandbox per module, small generated images."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import cv2
import httpx
import numpy as np
import pytest

from kiosk.api.amplifi import AmpliFiClient
from kiosk.api.sessionm import SessionMClient
from kiosk.config import AmpliFiSettings, HttpSettings, SessionMSettings
from kiosk.sandbox.server import SandboxOptions, SandboxServer

HTTP = HttpSettings(connect_timeout=2.0, read_timeout=5.0, write_timeout=10.0)


def make_image(
    width: int = 240, height: int = 240, value: int = 128, seed: int = 0, ext: str = ".jpg"
) -> bytes:
    """An encoded image of known size and mean brightness; ``seed`` makes its bytes unique."""
    rng = np.random.default_rng(seed)
    noise = rng.integers(-12, 13, size=(height, width, 3))
    pixels = np.clip(value + noise, 0, 255).astype(np.uint8)
    ok, buf = cv2.imencode(ext, pixels)
    assert ok
    return buf.tobytes()


@pytest.fixture(scope="module")
def api_sandbox() -> Iterator[SandboxServer]:
    """One sandbox for the whole module, judging records without delay."""
    with SandboxServer(SandboxOptions(port=0, validation_delay=0.0)) as server:
        yield server


@pytest.fixture
def sandbox_fresh(api_sandbox: SandboxServer) -> SandboxServer:
    """The module's sandbox, emptied and without faults."""
    api_sandbox.set_faults("", seed=0)
    httpx.post(f"{api_sandbox.url}/_sandbox/reset", timeout=5).raise_for_status()
    return api_sandbox


@pytest.fixture
def calls(sandbox_fresh: SandboxServer) -> Callable[..., list[dict[str, Any]]]:
    """The calls the sandbox logged whose fields equal the given ones (admin calls excluded)."""

    def logged(**match: Any) -> list[dict[str, Any]]:
        entries = sandbox_fresh.snapshot()["calls"]
        return [c for c in entries if all(c.get(k) == v for k, v in match.items())]

    return logged


@pytest.fixture
def amplifi_factory(
    sandbox_fresh: SandboxServer,
) -> Iterator[Callable[..., AmpliFiClient]]:
    """Build AmpliFi clients pointed at the sandbox; closed after the test."""
    made: list[AmpliFiClient] = []

    def build(http: HttpSettings = HTTP, **settings: Any) -> AmpliFiClient:
        settings.setdefault("base_url", sandbox_fresh.url)
        if "token_url" not in settings:
            settings.setdefault("token", "test-token")
        client = AmpliFiClient(AmpliFiSettings(**settings), http)
        made.append(client)
        return client

    yield build
    for client in made:
        client.close()


@pytest.fixture
def sessionm_factory(
    sandbox_fresh: SandboxServer,
) -> Iterator[Callable[..., SessionMClient]]:
    """Build SessionM clients pointed at the sandbox; closed after the test."""
    made: list[SessionMClient] = []

    def build(http: HttpSettings = HTTP, **settings: Any) -> SessionMClient:
        settings.setdefault("base_url", sandbox_fresh.url)
        settings.setdefault("api_key", "test-key")
        client = SessionMClient(SessionMSettings(**settings), http)
        made.append(client)
        return client

    yield build
    for client in made:
        client.close()


@pytest.fixture
def image() -> Callable[..., bytes]:
    """The image factory, as a fixture."""
    return make_image


RESTRICTED = SandboxOptions(
    port=0,
    validation_delay=0.0,
    token="right-token",
    api_key="right-key",
    auth_token="right-auth",
)


@pytest.fixture(scope="module")
def restricted_sandbox() -> Iterator[SandboxServer]:
    """A sandbox that accepts only ``right-token``, ``right-key`` and ``right-auth``."""
    with SandboxServer(RESTRICTED) as server:
        yield server


@pytest.fixture
def restricted_fresh(restricted_sandbox: SandboxServer) -> SandboxServer:
    """The restricted sandbox, emptied (issued tokens forgotten)."""
    httpx.post(f"{restricted_sandbox.url}/_sandbox/reset", timeout=5).raise_for_status()
    return restricted_sandbox
