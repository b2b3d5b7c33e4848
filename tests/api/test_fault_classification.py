"""Each failure mode lands in the right branch of the error hierarchy."""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from kiosk.api.amplifi import AmpliFiClient
from kiosk.api.amplifi_models import GenericRequest
from kiosk.api.errors import (
    AmbiguousError,
    ApiError,
    AuthError,
    ClientStatusError,
    ConnectionFailed,
    InvalidResponseError,
    PermanentError,
    RateLimited,
    RejectedError,
    RetryableError,
    ServerError,
)
from kiosk.api.sessionm import Customer, SessionMClient
from kiosk.api.transport import parse_retry_after
from kiosk.config import AmpliFiSettings, HttpSettings, SessionMSettings
from kiosk.sandbox.server import SandboxServer

CUSTOMER = Customer("external_id", "fault-customer")


def _each_call(
    amplifi: AmpliFiClient, sessionm: SessionMClient, image: bytes
) -> dict[str, Callable[[], object]]:
    return {
        "prospect/image": lambda: amplifi.post_prospect_image(
            device_tag="dev", afi_image_id="f-1", image=image
        ),
        "requests": lambda: amplifi.put_request(GenericRequest(type_id="T", int_tag="77")),
        "create": lambda: sessionm.create_validation(
            CUSTOMER, campaign_permalink="c", first_image=image
        ),
        "list": lambda: sessionm.list_validations(CUSTOMER),
    }


@pytest.fixture
def clients(
    amplifi_factory: Callable[..., AmpliFiClient],
    sessionm_factory: Callable[..., SessionMClient],
    image: Callable[..., bytes],
) -> dict[str, Callable[[], object]]:
    return _each_call(amplifi_factory(), sessionm_factory(), image())


def _stored(server: SandboxServer) -> dict[str, Any]:
    snap = server.snapshot()
    return {
        "images": snap["amplifi"]["images"],
        "requests": snap["amplifi"]["requests"],
        "records": snap["sessionm"]["records"],
    }


def test_error_hierarchy_shape() -> None:
    assert issubclass(ConnectionFailed, RetryableError)
    assert issubclass(ServerError, RetryableError)
    assert issubclass(RateLimited, RetryableError)
    assert issubclass(InvalidResponseError, AmbiguousError)
    assert issubclass(ClientStatusError, PermanentError)
    for cls in (RetryableError, AuthError, PermanentError, AmbiguousError):
        assert issubclass(cls, ApiError)
    for a, b in [
        (RetryableError, AmbiguousError),
        (RetryableError, PermanentError),
        (AmbiguousError, PermanentError),
        (AuthError, RetryableError),
    ]:
        assert not issubclass(a, b) and not issubclass(b, a)


@pytest.mark.parametrize("call", ["prospect/image", "requests", "create", "list"])
def test_5xx_is_a_retryable_server_error(
    call: str, sandbox_fresh: SandboxServer, clients: dict[str, Callable[[], object]]
) -> None:
    sandbox_fresh.set_faults("5xx=1", seed=1)
    with pytest.raises(ServerError) as info:
        clients[call]()
    assert isinstance(info.value, RetryableError)
    assert info.value.status_code == 503
    sandbox_fresh.set_faults("")
    assert _stored(sandbox_fresh) == {"images": {}, "requests": {}, "records": []}


@pytest.mark.parametrize("call", ["prospect/image", "create"])
def test_429_is_rate_limited_with_retry_after(
    call: str, sandbox_fresh: SandboxServer, clients: dict[str, Callable[[], object]]
) -> None:
    sandbox_fresh.set_faults("429=1,retry_after=7", seed=1)
    with pytest.raises(RateLimited) as info:
        clients[call]()
    assert isinstance(info.value, RetryableError)
    assert info.value.status_code == 429
    assert info.value.retry_after == 7.0


def test_retry_after_parses_seconds_and_http_dates() -> None:
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after(" 2.5 ") == 2.5
    assert parse_retry_after("-4") == 0.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    now = 1_700_000_000.0  # 2023-11-14 22:13:20 UTC
    assert parse_retry_after("Tue, 14 Nov 2023 22:13:50 GMT", now=now) == 30.0
    assert parse_retry_after("Tue, 14 Nov 2023 22:13:00 GMT", now=now) == 0.0


@pytest.mark.parametrize("call", ["prospect/image", "requests", "create"])
def test_drop_before_processing_is_ambiguous_and_nothing_is_stored(
    call: str, sandbox_fresh: SandboxServer, clients: dict[str, Callable[[], object]]
) -> None:
    before = sandbox_fresh.snapshot()["faults"]["counts"]["drop_before"]
    sandbox_fresh.set_faults("drop_before=1", seed=1)
    with pytest.raises(AmbiguousError) as info:
        clients[call]()
    assert not isinstance(info.value, InvalidResponseError)
    assert _stored(sandbox_fresh) == {"images": {}, "requests": {}, "records": []}
    assert sandbox_fresh.snapshot()["faults"]["counts"]["drop_before"] == before + 1


@pytest.mark.parametrize(
    ("call", "where"),
    [("prospect/image", "images"), ("requests", "requests"), ("create", "records")],
)
def test_drop_after_processing_is_ambiguous_and_the_request_was_stored(
    call: str,
    where: str,
    sandbox_fresh: SandboxServer,
    clients: dict[str, Callable[[], object]],
) -> None:
    sandbox_fresh.set_faults("drop_after=1", seed=1)
    with pytest.raises(AmbiguousError) as info:
        clients[call]()
    assert not isinstance(info.value, RetryableError)
    stored = _stored(sandbox_fresh)
    assert len(stored[where]) == 1
    assert sum(len(v) for v in stored.values()) == 1


def test_latency_beyond_the_read_timeout_is_ambiguous(
    sandbox_fresh: SandboxServer,
    amplifi_factory: Callable[..., AmpliFiClient],
    sessionm_factory: Callable[..., SessionMClient],
    image: Callable[..., bytes],
) -> None:
    short = HttpSettings(connect_timeout=2.0, read_timeout=0.15, write_timeout=5.0)
    calls = _each_call(amplifi_factory(http=short), sessionm_factory(http=short), image())
    sandbox_fresh.set_faults("latency=1,latency_ms=600", seed=1)
    for name in ("prospect/image", "list"):
        with pytest.raises(AmbiguousError) as info:
            calls[name]()
        assert not isinstance(info.value, InvalidResponseError)
        assert "no reply in time" in str(info.value)


def test_latency_within_the_read_timeout_succeeds(
    sandbox_fresh: SandboxServer, clients: dict[str, Callable[[], object]]
) -> None:
    before = sandbox_fresh.snapshot()["faults"]["counts"]["latency"]
    sandbox_fresh.set_faults("latency=1,latency_ms=50", seed=1)
    clients["requests"]()
    assert sandbox_fresh.snapshot()["faults"]["counts"]["latency"] == before + 1
    assert "77" in _stored(sandbox_fresh)["requests"]


def test_faults_are_seeded_and_replayable(sandbox_fresh: SandboxServer) -> None:
    def outcomes() -> list[int]:
        sandbox_fresh.set_faults("5xx=0.5", seed=123)
        with httpx.Client(timeout=5) as http:
            return [
                http.put(
                    f"{sandbox_fresh.url}/requests",
                    headers={"token": "t"},
                    json={"typeId": "T", "intTag": str(n)},
                ).status_code
                for n in range(12)
            ]

    first = outcomes()
    assert first == outcomes()
    assert set(first) == {200, 503}


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_connection_refused_is_retryable_connection_failed(image: Callable[..., bytes]) -> None:
    url = f"http://127.0.0.1:{_closed_port()}"
    http = HttpSettings(connect_timeout=2.0)
    amplifi = AmpliFiClient(AmpliFiSettings(base_url=url, token="t"), http)
    sessionm = SessionMClient(SessionMSettings(base_url=url), http)
    fetcher = AmpliFiClient(
        AmpliFiSettings(base_url=url, token_url=f"{url}/token", credentials={"u": "p"}), http
    )
    try:
        for name, call in _each_call(amplifi, sessionm, image()).items():
            with pytest.raises(ConnectionFailed) as info:
                call()
            assert isinstance(info.value, RetryableError), name
        with pytest.raises(ConnectionFailed):
            fetcher.fetch_token()
    finally:
        for client in (amplifi, sessionm, fetcher):
            client.close()


# -- a server answering 2xx nonsense (the one place a mock transport stands in) ------------

NONSENSE = [
    pytest.param(200, b'{"weird": 1}', id="unknown-json"),
    pytest.param(200, b"<html>ok</html>", id="not-json"),
    pytest.param(201, b"[1, 2, 3]", id="json-array"),
    pytest.param(200, b"", id="empty"),
]


def _nonsense_clients(status: int, body: bytes) -> tuple[AmpliFiClient, SessionMClient]:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=body)

    transport = httpx.MockTransport(handler)
    url = "https://api.example.com"
    amplifi = AmpliFiClient(
        AmpliFiSettings(base_url=url, token_url=f"{url}/token", credentials={"u": "p"}),
        HttpSettings(),
        transport=transport,
    )
    sessionm = SessionMClient(SessionMSettings(base_url=url), HttpSettings(), transport=transport)
    return amplifi, sessionm


@pytest.mark.parametrize(("status", "body"), NONSENSE)
def test_2xx_nonsense_is_an_invalid_response(
    status: int, body: bytes, image: Callable[..., bytes]
) -> None:
    amplifi, sessionm = _nonsense_clients(status, body)
    data = image()
    calls: dict[str, Callable[[], object]] = {
        "token": amplifi.fetch_token,
        "add": lambda: sessionm.add_image(CUSTOMER, 5, image=data),
        **_each_call(amplifi, sessionm, data),
    }
    # prospect/image and requests first fetch a token from the same nonsense server.
    for name, call in calls.items():
        with pytest.raises(InvalidResponseError) as info:
            call()
        assert isinstance(info.value, AmbiguousError), name
        assert "weird" not in str(info.value)
    amplifi.close()
    sessionm.close()


def test_nonsense_after_a_good_token_is_an_invalid_response(image: Callable[..., bytes]) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/token":
            return httpx.Response(200, json={"token": "abc"})
        return httpx.Response(200, json={"success": "perhaps", "requestId": []})

    amplifi = AmpliFiClient(
        AmpliFiSettings(
            base_url="https://api.example.com",
            token_url="https://api.example.com/token",
            credentials={"u": "p"},
        ),
        HttpSettings(),
        transport=httpx.MockTransport(handler),
    )
    with amplifi:
        with pytest.raises(InvalidResponseError):
            amplifi.put_request(GenericRequest(type_id="T", int_tag="1"))
        with pytest.raises(InvalidResponseError):
            amplifi.post_prospect_image(device_tag="d", afi_image_id="i", image=image())


def test_a_server_ignoring_page_does_not_make_the_walk_endless() -> None:
    pages: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        pages.append(request.url.params["page"])
        records = [{"id": n, "status": "pending"} for n in (1, 2)]
        return httpx.Response(200, json={"image_validations": records})

    settings = SessionMSettings(base_url="https://api.example.com")
    with SessionMClient(settings, HttpSettings(), transport=httpx.MockTransport(handler)) as c:
        walked = [r.id for r in c.iter_validations(CUSTOMER, limit=2)]
    assert walked == ["1", "2"]  # ids are read as text
    assert pages == ["1", "2"]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"status": "error"}, "unknown"),
        ({"status": "error", "errors": "bad"}, "unknown"),
        ({"status": "error", "errors": {"code": "validation"}}, "validation"),
    ],
)
def test_error_replies_without_the_documented_detail_still_raise_rejected(
    body: dict[str, Any], code: str
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=body)

    settings = SessionMSettings(base_url="https://api.example.com")
    client = SessionMClient(settings, HttpSettings(), transport=httpx.MockTransport(handler))
    with client, pytest.raises(RejectedError) as info:
        client.list_validations(CUSTOMER)
    assert info.value.code == code
