"""The request examples of the three API pages, sent as they stand (real images in place of
the placeholders), get the documented response shapes from the sandbox: in process and
from the ``kiosk sandbox`` command."""

from __future__ import annotations

import base64
import copy
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cv2
import httpx
import numpy as np
import pytest

from kiosk.api.amplifi_models import GenericRequestResponse, ProspectImageResponse
from kiosk.api.sessionm_models import (
    ImageValidationEnvelope,
    ImageValidationList,
    InvalidCode,
    ValidationStatus,
)
from kiosk.sandbox.server import SandboxOptions, SandboxServer

# -- the pages' request examples, copied as they are ------------------------------------

GENERIC_REQUEST_EXAMPLE: dict[str, Any] = {
    "typeId": "SomeTypeId",
    "intTag": "123402",
    "name": "newCard",
    "payload": {
        "typeId": "1000",
        "type": "standard debit",
        "designCode": "design1",
        "image": "images/card1.png",
        "isLoungeKey": True,
        "isNFC": True,
        "tweaks": {"cssId": "plasticStyle1_nfc"},
    },
}

PROSPECT_IMAGE_EXAMPLE: dict[str, Any] = {
    "deviceTag": "o1vd1oc0nw8",
    "AFiImageId": "l4mwddbcgiu0hq1h0gp",
    "type": "Face image",
    "preSegment": "demo_uoiuqwehflkipahgoqq",
    "imageBase64": "a+very+long+b64+encoded_string",
    "dtsCreated": "2022-06-20T15:33:22.529+00:00",
}

CREATE_VALIDATION_EXAMPLE: dict[str, Any] = {
    "image_validation": {
        "validation_type": "receipt",
        "campaign_permalink": "my-receipt-campaign",
        "placement_id": 54321,
        "external_id": "my-tracking-id",
        "images": [
            {"id": "100", "base64_data": "....", "mime_type": "image/jpg"},
            {"id": "101", "base64_data": "....", "mime_type": "image/png"},
        ],
        "data": {},
    }
}

ADD_IMAGE_EXAMPLE: dict[str, Any] = {
    "image": {"id": "101", "base64_data": "....", "mime_type": "image/jpg"}
}

# -- the keys the pages' response examples show -----------------------------------------

RECORD_KEYS = {
    "id",
    "validation_type",
    "campaign_id",
    "campaign_permalink",
    "placement_id",
    "user_id",
    "status",
    "created_at",
    "updated_at",
    "image_count",
    "images",
    "data",
}
CREATE_RECORD_KEYS = RECORD_KEYS | {"external_id"}
VALID_KEYS = RECORD_KEYS | {"store_name", "receipt_date", "results"}
INVALID_KEYS = RECORD_KEYS | {"invalid_code", "invalid_reason"}
IMAGE_KEYS = {"id", "url", "mime_type"}
RESULT_KEYS = {"id", "name", "description", "price", "quantity", "points"}

API_KEY = "my-api-key"
AUTH_TOKEN = "xxxx-yyyy-zzzz"


def _b64_image(ext: str, seed: int, size: int = 240) -> str:
    rng = np.random.default_rng(seed)
    pixels = rng.integers(90, 170, size=(size, size, 3), dtype=np.uint8)
    ok, buf = cv2.imencode(ext, pixels)
    assert ok
    return base64.b64encode(buf.tobytes()).decode()


def _filled(example: dict[str, Any], seed: int) -> dict[str, Any]:
    """The example with each placeholder replaced by a real image of its mime type."""
    body = copy.deepcopy(example)
    if "imageBase64" in body:
        body["imageBase64"] = _b64_image(".jpg", seed)
        return body
    images = body["image_validation"]["images"] if "image_validation" in body else [body["image"]]
    for n, image in enumerate(images):
        ext = ".png" if image["mime_type"] == "image/png" else ".jpg"
        image["base64_data"] = _b64_image(ext, seed * 10 + n)
    return body


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    """A sandbox that keeps records pending for a moment, as the page's examples show them."""
    with SandboxServer(SandboxOptions(port=0, validation_delay=0.4)) as running:
        yield running


@pytest.fixture
def http(server: SandboxServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=10) as client:
        client.post("/_sandbox/reset").raise_for_status()
        yield client


def _token(http: httpx.Client) -> str:
    reply = http.post("/token", json={"username": "kiosk", "password": "pw"})
    assert reply.status_code == 200
    return reply.json()["token"]


def _check_amplifi_examples(http: httpx.Client) -> None:
    headers = {"Content-Type": "application/json", "token": _token(http)}

    reply = http.post("/prospect/image", json=_filled(PROSPECT_IMAGE_EXAMPLE, 1), headers=headers)
    assert reply.status_code == 200
    assert reply.json() == {"success": True}
    assert ProspectImageResponse.model_validate(reply.json()).success

    first = http.put("/requests", json=GENERIC_REQUEST_EXAMPLE, headers=headers)
    again = http.put("/requests", json=GENERIC_REQUEST_EXAMPLE, headers=headers)
    assert first.status_code == again.status_code == 200
    assert set(first.json()) == {"success", "requestId"}
    assert set(again.json()) == {"success", "requestId", "isDuplicate"}
    assert first.json()["success"] is True and again.json()["isDuplicate"] is True
    assert GenericRequestResponse.model_validate(again.json()).is_duplicate


def test_amplifi_examples_get_the_documented_replies(http: httpx.Client) -> None:
    _check_amplifi_examples(http)
    state = http.get("/_sandbox/state").json()
    image = state["amplifi"]["images"]["l4mwddbcgiu0hq1h0gp"]
    assert image["deviceTag"] == "o1vd1oc0nw8"
    assert image["preSegment"] == "demo_uoiuqwehflkipahgoqq"
    assert state["amplifi"]["requests"]["123402"]["payload"] == GENERIC_REQUEST_EXAMPLE["payload"]


def _assert_record_shape(record: dict[str, Any], keys: set[str]) -> None:
    assert keys <= set(record), keys - set(record)
    for image in record["images"]:
        assert set(image) == IMAGE_KEYS
    for line in record.get("results") or []:
        assert set(line) == RESULT_KEYS


@pytest.mark.parametrize(
    "collection",
    [
        f"/priv/v1/apps/{API_KEY}/image_validations?auth_token={AUTH_TOKEN}",
        f"/priv/v1/apps/{API_KEY}/users/user-1/image_validations",
        f"/priv/v1/apps/{API_KEY}/external/users/ext-1/image_validations",
    ],
)
def test_create_example_gets_the_documented_reply(http: httpx.Client, collection: str) -> None:
    reply = http.post(collection, json=_filled(CREATE_VALIDATION_EXAMPLE, 2))
    assert reply.status_code == 200
    body = reply.json()
    assert set(body) == {"status", "image_validation"}
    assert body["status"] == "ok"
    record = body["image_validation"]
    _assert_record_shape(record, CREATE_RECORD_KEYS)
    assert record["status"] == "pending"
    assert record["image_count"] == 2
    assert [i["id"] for i in record["images"]] == ["100", "101"]
    assert [i["mime_type"] for i in record["images"]] == ["image/jpg", "image/png"]
    assert record["placement_id"] == 54321
    assert record["external_id"] == "my-tracking-id"
    assert record["data"] == {}
    parsed = ImageValidationEnvelope.model_validate(body).image_validation
    assert parsed.status is ValidationStatus.PENDING


def test_add_image_and_list_examples_get_the_documented_replies(http: httpx.Client) -> None:
    query = {"auth_token": AUTH_TOKEN}
    create = _filled(CREATE_VALIDATION_EXAMPLE, 3)
    create["image_validation"]["image_count"] = 3  # room for the add-image example
    created = http.post(f"/priv/v1/apps/{API_KEY}/image_validations", params=query, json=create)
    record_id = created.json()["image_validation"]["id"]
    assert created.json()["image_validation"]["status"] == "incomplete"

    added = http.post(
        f"/api/v1/apps/{API_KEY}/image_validations/{record_id}/images",
        params=query,
        json=_filled(ADD_IMAGE_EXAMPLE, 4),
    )
    assert added.status_code == 200
    body = added.json()
    assert set(body) == {"status", "image_validation"} and body["status"] == "ok"
    _assert_record_shape(body["image_validation"], RECORD_KEYS)
    assert body["image_validation"]["status"] == "pending"
    assert len(body["image_validation"]["images"]) == 3
    ImageValidationEnvelope.model_validate(body)

    invalid = _filled(CREATE_VALIDATION_EXAMPLE, 5)
    invalid["image_validation"]["data"] = {"sandbox_invalid_code": 1}
    http.post(f"/priv/v1/apps/{API_KEY}/image_validations", params=query, json=invalid)

    deadline = time.monotonic() + 10
    while True:
        listed = http.get(f"/api/v1/apps/{API_KEY}/image_validations", params=query)
        records = listed.json()["image_validations"]
        if all(r["status"] in ("valid", "invalid") for r in records):
            break
        assert time.monotonic() < deadline, "records were never judged"
        time.sleep(0.05)
    assert listed.status_code == 200
    assert "image_validations" in listed.json()
    valid, bad = records
    _assert_record_shape(valid, VALID_KEYS)
    _assert_record_shape(bad, INVALID_KEYS)
    assert valid["status"] == "valid" and valid["results"]
    assert bad["status"] == "invalid"
    assert bad["invalid_code"] == 1
    assert bad["invalid_reason"] == InvalidCode(1).description
    parsed = ImageValidationList.model_validate(listed.json()).image_validations
    assert [r.status for r in parsed] == [ValidationStatus.VALID, ValidationStatus.INVALID]

    paged = http.get(
        f"/api/v1/apps/{API_KEY}/image_validations", params={**query, "limit": 1, "page": 2}
    )
    assert [r["id"] for r in paged.json()["image_validations"]] == [bad["id"]]


# -- the console command ----------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _kiosk_script() -> str:
    beside = Path(sys.executable).with_name("kiosk")
    found = str(beside) if beside.exists() else shutil.which("kiosk")
    assert found, "the kiosk console script is not installed"
    return found


def test_kiosk_sandbox_command_answers_the_documented_examples(tmp_path: Path) -> None:
    port = _free_port()
    log = (tmp_path / "sandbox.log").open("w")
    proc = subprocess.Popen(
        [_kiosk_script(), "sandbox", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        with httpx.Client(base_url=url, timeout=5) as http:
            while True:
                assert proc.poll() is None, (tmp_path / "sandbox.log").read_text()
                try:
                    if http.get("/_sandbox/health").json() == {"ok": True}:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "the sandbox never answered"
                time.sleep(0.1)
            _check_amplifi_examples(http)
            reply = http.post(
                f"/priv/v1/apps/{API_KEY}/image_validations",
                params={"auth_token": AUTH_TOKEN},
                json=_filled(CREATE_VALIDATION_EXAMPLE, 6),
            )
            assert reply.json()["status"] == "ok"
            _assert_record_shape(reply.json()["image_validation"], CREATE_RECORD_KEYS)
    finally:
        proc.terminate()
        proc.wait(timeout=15)
        log.close()
    assert "sandbox serving" in (tmp_path / "sandbox.log").read_text()
