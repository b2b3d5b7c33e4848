"""AmpliFi client against the sandbox over loopback HTTP: fields, paths, token handling."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from kiosk.api.amplifi import AmpliFiClient
from kiosk.api.amplifi_models import GenericRequest
from kiosk.api.errors import AuthError, ClientStatusError
from kiosk.sandbox.server import SandboxServer

Calls = Callable[..., list[dict[str, Any]]]


def test_prospect_image_sends_every_documented_field(
    amplifi_factory: Callable[..., AmpliFiClient],
    sandbox_fresh: SandboxServer,
    calls: Calls,
    image: Callable[..., bytes],
) -> None:
    data = image(seed=1)
    client = amplifi_factory(pre_segment="demo_segment")
    reply = client.post_prospect_image(
        device_tag="o1vd1oc0nw8",
        afi_image_id="l4mwddbcgiu0hq1h0gp",
        image=data,
        type="Face image",
        dts_created="2022-06-20T15:33:22.529+00:00",
        pre_segment="demo_segment",
    )
    assert reply.success is True

    (call,) = calls(path="/prospect/image")
    assert call["method"] == "POST"
    assert call["status"] == 200
    assert "token" in call["headers"]
    assert "content-type" in call["headers"]
    assert call["body"] == {
        "deviceTag": "str",
        "AFiImageId": "str",
        "imageBase64": "str",
        "type": "str",
        "preSegment": "str",
        "dtsCreated": "str",
    }
    stored = sandbox_fresh.snapshot()["amplifi"]["images"]["l4mwddbcgiu0hq1h0gp"]
    assert stored["deviceTag"] == "o1vd1oc0nw8"
    assert stored["type"] == "Face image"
    assert stored["preSegment"] == "demo_segment"
    assert stored["dtsCreated"] == "2022-06-20T15:33:22.529+00:00"
    # The server decoded exactly the bytes we sent.
    assert stored["sha256"] == hashlib.sha256(data).hexdigest()
    assert stored["bytes"] == len(data)


def test_prospect_image_omits_unset_optional_fields(
    amplifi_factory: Callable[..., AmpliFiClient], calls: Calls, image: Callable[..., bytes]
) -> None:
    amplifi_factory().post_prospect_image(device_tag="dev", afi_image_id="img-1", image=image())
    (call,) = calls(path="/prospect/image")
    assert call["body"] == {"deviceTag": "str", "AFiImageId": "str", "imageBase64": "str"}


def test_same_image_id_twice_is_one_image_delivered_twice(
    amplifi_factory: Callable[..., AmpliFiClient],
    sandbox_fresh: SandboxServer,
    image: Callable[..., bytes],
) -> None:
    client = amplifi_factory()
    for _ in range(2):
        client.post_prospect_image(device_tag="dev", afi_image_id="img-2", image=image(seed=2))
    images = sandbox_fresh.snapshot()["amplifi"]["images"]
    assert list(images) == ["img-2"]
    assert images["img-2"]["deliveries"] == 2


def test_generic_request_fields_and_duplicate_reply(
    amplifi_factory: Callable[..., AmpliFiClient], sandbox_fresh: SandboxServer, calls: Calls
) -> None:
    client = amplifi_factory()
    request = GenericRequest(
        type_id="ProspectCaptureSession",
        int_tag="123402",
        name="prospectCapture",
        payload={"images": ["a", "b"], "complete": True},
    )
    first = client.put_request(request)
    again = client.put_request(request)

    assert first.success and again.success
    assert first.request_id and again.request_id
    assert first.is_duplicate is False
    assert again.is_duplicate is True

    put_calls = calls(path="/requests")
    assert [c["method"] for c in put_calls] == ["PUT", "PUT"]
    assert [c["outcome"] for c in put_calls] == ["stored", "duplicate"]
    assert put_calls[0]["body"] == {
        "typeId": "str",
        "intTag": "str",
        "name": "str",
        "payload": {"images": ["str"], "complete": "bool"},
    }
    assert "token" in put_calls[0]["headers"]
    stored = sandbox_fresh.snapshot()["amplifi"]["requests"]["123402"]
    assert stored["typeId"] == "ProspectCaptureSession"
    assert stored["name"] == "prospectCapture"
    assert stored["payload"] == {"images": ["a", "b"], "complete": True}
    assert stored["deliveries"] == 2
    assert stored["requestId"] == first.request_id


def test_token_is_fetched_cached_and_refreshed_once_after_revocation(
    amplifi_factory: Callable[..., AmpliFiClient],
    sandbox_fresh: SandboxServer,
    calls: Calls,
    image: Callable[..., bytes],
) -> None:
    client = amplifi_factory(
        token_url=f"{sandbox_fresh.url}/token",
        credentials={"username": "kiosk", "password": "secret-pw"},
    )
    client.post_prospect_image(device_tag="dev", afi_image_id="t-1", image=image(seed=3))
    client.post_prospect_image(device_tag="dev", afi_image_id="t-2", image=image(seed=4))
    token_calls = calls(path="/token")
    assert len(token_calls) == 1  # cached between calls
    assert token_calls[0]["method"] == "POST"
    assert token_calls[0]["body"] == {"username": "str", "password": "str"}

    httpx.post(f"{sandbox_fresh.url}/_sandbox/revoke-tokens", timeout=5).raise_for_status()
    client.post_prospect_image(device_tag="dev", afi_image_id="t-3", image=image(seed=5))

    assert len(calls(path="/token")) == 2
    statuses = [c["status"] for c in calls(path="/prospect/image")]
    assert statuses == [200, 200, 401, 200]
    assert set(sandbox_fresh.snapshot()["amplifi"]["images"]) == {"t-1", "t-2", "t-3"}


def test_refused_fresh_token_is_refreshed_exactly_once_then_auth_error(
    amplifi_factory: Callable[..., AmpliFiClient],
    sandbox_fresh: SandboxServer,
    restricted_fresh: SandboxServer,
    calls: Calls,
    image: Callable[..., bytes],
) -> None:
    # Tokens come from one sandbox; the restricted one knows none of them, so every
    # call is refused: the client must refresh once and then give up.
    client = amplifi_factory(
        base_url=restricted_fresh.url,
        token_url=f"{sandbox_fresh.url}/token",
        credentials={"username": "kiosk"},
    )
    with pytest.raises(AuthError) as info:
        client.post_prospect_image(device_tag="dev", afi_image_id="r-1", image=image())
    assert info.value.status_code == 401
    assert len(calls(path="/token")) == 2
    refused = [c for c in restricted_fresh.snapshot()["calls"] if c["path"] == "/prospect/image"]
    assert [c["status"] for c in refused] == [401, 401]
    assert restricted_fresh.snapshot()["amplifi"]["images"] == {}


def test_static_token_refused_is_not_retried(
    amplifi_factory: Callable[..., AmpliFiClient],
    restricted_fresh: SandboxServer,
    image: Callable[..., bytes],
) -> None:
    client = amplifi_factory(base_url=restricted_fresh.url, token="wrong-token")
    with pytest.raises(AuthError):
        client.put_request(GenericRequest(type_id="T", int_tag="1"))
    refused = [c for c in restricted_fresh.snapshot()["calls"] if c["path"] == "/requests"]
    assert [c["status"] for c in refused] == [401]
    assert restricted_fresh.snapshot()["amplifi"]["requests"] == {}


def test_restricted_sandbox_accepts_the_right_static_token(
    amplifi_factory: Callable[..., AmpliFiClient],
    restricted_fresh: SandboxServer,
    image: Callable[..., bytes],
) -> None:
    client = amplifi_factory(base_url=restricted_fresh.url, token="right-token")
    client.post_prospect_image(device_tag="dev", afi_image_id="ok-1", image=image())
    reply = client.put_request(GenericRequest(type_id="T", int_tag="9"))
    assert reply.success
    assert set(restricted_fresh.snapshot()["amplifi"]["images"]) == {"ok-1"}


def test_restricted_sandbox_accepts_tokens_it_issued(
    amplifi_factory: Callable[..., AmpliFiClient],
    restricted_fresh: SandboxServer,
    image: Callable[..., bytes],
) -> None:
    client = amplifi_factory(
        base_url=restricted_fresh.url,
        token_url=f"{restricted_fresh.url}/token",
        credentials={"username": "kiosk"},
    )
    token = client.fetch_token()
    assert token and token != "right-token"
    client.post_prospect_image(device_tag="dev", afi_image_id="ok-2", image=image())
    assert set(restricted_fresh.snapshot()["amplifi"]["images"]) == {"ok-2"}


def test_no_token_configured_is_an_auth_error_without_a_call(
    amplifi_factory: Callable[..., AmpliFiClient], calls: Calls, image: Callable[..., bytes]
) -> None:
    client = amplifi_factory(token=None)
    with pytest.raises(AuthError):
        client.post_prospect_image(device_tag="dev", afi_image_id="n-1", image=image())
    assert calls() == []


def test_a_ten_mb_image_is_stored_as_the_page_states_no_limit(
    amplifi_factory: Callable[..., AmpliFiClient], sandbox_fresh: SandboxServer
) -> None:
    # The prospect-image page states no size limit (SessionM's 10 MB is SessionM's own), so
    # the sandbox must not invent one; the kiosk's own byte budget still applies upstream.
    client = amplifi_factory()
    big = b"\xff\xd8" + bytes(9_999_998)
    assert client.post_prospect_image(device_tag="dev", afi_image_id="big", image=big).success
    assert sandbox_fresh.snapshot()["amplifi"]["images"]["big"]["bytes"] == len(big)


def test_base64_that_is_not_base64_is_refused_for_good(
    amplifi_factory: Callable[..., AmpliFiClient], sandbox_fresh: SandboxServer
) -> None:
    client = amplifi_factory()
    with pytest.raises(ClientStatusError) as info:
        client.post_prospect_image_b64(device_tag="dev", afi_image_id="b", image_b64=b"@@@@")
    assert info.value.status_code == 400
    assert "@@@@" not in str(info.value)
    assert sandbox_fresh.snapshot()["amplifi"]["images"] == {}
