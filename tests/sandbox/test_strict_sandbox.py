"""The sandbox is no more lenient than the pages: documented file types only, the campaign
cap, no invented codes or limits, list replies shaped like the page's example, and a
``/_sandbox/state`` without secrets or customer ids."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import cv2
import httpx
import numpy as np
import pytest

from kiosk.api.errors import ClientStatusError, RejectedError
from kiosk.api.sessionm import Customer, SessionMClient
from kiosk.api.sessionm_models import ERROR_CODES
from kiosk.config import HttpSettings, SessionMSettings
from kiosk.sandbox.server import SandboxOptions, SandboxServer

KEY = "strict-key-123"
HTTP = HttpSettings(connect_timeout=2.0, read_timeout=10.0, write_timeout=10.0)


def _jpeg(seed: int) -> bytes:
    rng = np.random.default_rng(seed)
    ok, buf = cv2.imencode(".jpg", rng.integers(90, 170, (240, 240, 3), dtype=np.uint8))
    assert ok
    return buf.tobytes()


@pytest.fixture
def server(request: pytest.FixtureRequest) -> Iterator[SandboxServer]:
    options = getattr(request, "param", {})
    with SandboxServer(SandboxOptions(port=0, validation_delay=0.0, **options)) as running:
        yield running


@pytest.fixture
def client(server: SandboxServer) -> Iterator[SessionMClient]:
    settings = SessionMSettings(base_url=server.url, api_key=KEY)
    with SessionMClient(settings, HTTP) as made:
        yield made


def _raw_create(server: SandboxServer, mime: str | None, seed: int = 1) -> dict[str, Any]:
    image: dict[str, Any] = {"id": "1", "base64_data": base64.b64encode(_jpeg(seed)).decode()}
    if mime is not None:
        image["mime_type"] = mime
    body = {"image_validation": {"validation_type": "receipt", "campaign_permalink": "c"}}
    body["image_validation"]["images"] = [image]
    url = f"{server.url}/priv/v1/apps/{KEY}/users/u-mime/image_validations"
    return httpx.post(url, json=body, timeout=10).json()


@pytest.mark.parametrize(
    "mime",
    ["image/jpg", "image/jpeg", "image/png", "image/tiff", "application/pdf", "image/gif", None],
)
def test_documented_file_types_are_taken(server: SandboxServer, mime: str | None) -> None:
    reply = _raw_create(server, mime)
    assert reply["status"] == "ok"


@pytest.mark.parametrize("mime", ["image/bmp", "image/webp", "text/plain", "image/JPG"])
def test_other_mime_types_are_refused_as_invalid_image_data(
    server: SandboxServer, client: SessionMClient, mime: str
) -> None:
    reply = _raw_create(server, mime)
    assert reply == {
        "status": "error",
        "errors": {"code": "validation", "message": "Invalid image data sent in."},
    }
    customer = Customer("user_id", "u-add")
    record = client.create_validation(
        customer, campaign_permalink="c", first_image=_jpeg(2), image_count=2
    )
    with pytest.raises(RejectedError) as info:
        client.add_image(customer, record.id, image=_jpeg(3), mime_type=mime)
    assert info.value.code == "validation"
    (after,) = client.list_validations(customer)
    assert len(after.images) == 1


@pytest.mark.parametrize("server", [{"campaign_cap": 2}], indirect=True)
def test_campaign_cap_gives_the_documented_campaign_unavailable(
    server: SandboxServer, client: SessionMClient
) -> None:
    customer = Customer("external_id", "capped")
    for seed in (1, 2):
        client.create_validation(customer, campaign_permalink="spring", first_image=_jpeg(seed))
    with pytest.raises(RejectedError) as info:
        client.create_validation(customer, campaign_permalink="spring", first_image=_jpeg(3))
    assert info.value.code == "campaign_unavailable"
    assert "ineligible for this campaign or has hit the cap" in str(info.value)
    # The cap is per customer and per campaign.
    client.create_validation(customer, campaign_permalink="autumn", first_image=_jpeg(4))
    other = Customer("external_id", "not-capped")
    client.create_validation(other, campaign_permalink="spring", first_image=_jpeg(5))
    assert len(client.list_validations(customer)) == 3


def test_no_error_reply_carries_a_code_the_page_does_not_document(
    server: SandboxServer, client: SessionMClient
) -> None:
    customer = Customer("user_id", "u-codes")
    record = client.create_validation(
        customer, campaign_permalink="c", first_image=_jpeg(1), image_count=2
    )
    # An unknown record: the page has no code for it, so a plain 404 (a permanent refusal).
    with pytest.raises(ClientStatusError) as info:
        client.add_image(customer, int(record.id) + 999, image=_jpeg(2))
    assert info.value.status_code == 404
    # Someone else's record is just as unknown.
    with pytest.raises(ClientStatusError):
        client.add_image(Customer("user_id", "intruder"), record.id, image=_jpeg(2))
    apps = f"{server.url}/priv/v1/apps"
    replies = [
        httpx.get(f"{apps}/{KEY}/users/u/image_validations", params={"limit": "0"}),
        httpx.post(f"{apps}/{KEY}/users/u/image_validations", json={"nonsense": 1}),
        httpx.post(f"{apps}/{KEY}/users/u/image_validations/{record.id}/images", json={}),
        httpx.post(f"{server.url}/priv/v1/apps/{KEY}/image_validations", json={}),
    ]
    assert [r.status_code for r in replies] == [400, 200, 200, 200]
    for reply in replies:
        errors = reply.json().get("errors")
        assert errors is None or errors["code"] in ERROR_CODES, reply.json()


@pytest.mark.parametrize(
    ("server", "listed_has_external_id"),
    [({}, False), ({"list_external_id": True}, True)],
    indirect=["server"],
)
def test_list_and_add_image_replies_follow_the_page_examples(
    server: SandboxServer, client: SessionMClient, listed_has_external_id: bool
) -> None:
    customer = Customer("external_id", "shape")
    created = client.create_validation(
        customer,
        campaign_permalink="c",
        first_image=_jpeg(1),
        image_id="p1",
        image_count=2,
        external_id="track-1",
    )
    assert created.external_id == "track-1"  # the create reply's example shows it
    added = client.add_image(customer, created.id, image=_jpeg(2), image_id="p2")
    (listed,) = client.list_validations(customer)
    assert added.image_ids() == listed.image_ids() == {"p1", "p2"}
    expected = "track-1" if listed_has_external_id else None
    assert (added.external_id, listed.external_id) == (expected, expected)
    raw = httpx.get(f"{server.url}/priv/v1/apps/{KEY}/external/users/shape/image_validations")
    assert set(raw.json()) == {"image_validations"}  # no "status", as in the example
    assert ("external_id" in raw.json()["image_validations"][0]) is listed_has_external_id


def test_sandbox_state_shows_no_key_token_or_customer_id(server: SandboxServer) -> None:
    secrets = {"api_key": KEY, "token": "tok-SECRET-9", "user": "user-SECRET-7"}
    secrets |= {"external": "ext-SECRET-8"}
    settings = SessionMSettings(base_url=server.url, api_key=KEY)
    with SessionMClient(settings, HTTP) as client:
        for n, customer in enumerate(
            [
                Customer("auth_token", secrets["token"]),
                Customer("user_id", secrets["user"]),
                Customer("external_id", secrets["external"]),
            ]
        ):
            record = client.create_validation(
                customer, campaign_permalink="c", first_image=_jpeg(n), image_count=2
            )
            client.add_image(customer, record.id, image=_jpeg(10 + n))
            assert client.list_validations(customer)
        server.set_faults("5xx=1", seed=1)
        with pytest.raises(Exception):  # noqa: B017 - any failure; only the log matters here
            client.list_validations(Customer("user_id", secrets["user"]))
    state = httpx.get(f"{server.url}/_sandbox/state", timeout=10).text
    for value in secrets.values():
        assert value not in state
    snapshot = json.loads(state)
    assert {r["customer"]["mode"] for r in snapshot["sessionm"]["records"]} == {
        "auth_token",
        "user_id",
        "external_id",
    }
    assert any(c.get("fault") == "5xx" for c in snapshot["calls"])
