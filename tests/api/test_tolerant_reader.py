"""Replies are read tolerantly: what the pages do not promise (closed code tables, a fixed
set of statuses, string ids, every field present) never fails a reply; what the kiosk acts
on is still required."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest

from kiosk.api.amplifi import AmpliFiClient
from kiosk.api.amplifi_models import GenericRequest
from kiosk.api.errors import InvalidResponseError
from kiosk.api.sessionm import Customer, SessionMClient
from kiosk.api.sessionm_models import (
    ImageValidation,
    ImageValidationEnvelope,
    ImageValidationList,
    InvalidCode,
    ValidationStatus,
    code_description,
)
from kiosk.config import AmpliFiSettings, HttpSettings, SessionMSettings

CUSTOMER = Customer("external_id", "crm-1")

# The list reply example of the SessionM page, as printed (trailing commas and all).
PAGE_LIST_EXAMPLE = """
{
  "image_validations": [
    {
      "id": 111111, "validation_type": "receipt", "campaign_id" : 12345,
      "campaign_permalink" : "example", "placement_id" : 54321, "user_id" : "xxxxx",
      "status": "pending", "created_at": "2015-01-20 13:04:45",
      "updated_at": "2015-01-21 13:04:45", "image_count" : 2,
      "images": [
        { "id" : "100", "url" : "https://content.sessionm.com/images/12345/example/54321/image1.jpg", "mime_type" : "image/jpg" },
        { "id" : "101", "url" : "https://content.sessionm.com/images/12345/example/54321/image2.png", "mime_type" : "image/png" },
      ],
      "data" : {
      }
    },
    {
      "id":111112, "validation_type":"receipt", "campaign_id":12345,
      "campaign_permalink" : "example", "placement_id" : 54321, "user_id":"xxxxx",
      "status":"valid", "store_name":"ACME Pharmacy", "receipt_date":"2016-02-16 14:21:10",
      "created_at":"2016-02-11 06:48:23", "updated_at":"2016-02-16 14:21:10", "image_count":1,
      "images":[
         { "id" : "200", "url" : "https://content.sessionm.com/images/12345/example/54321/image1.jpg", "mime_type" : "image/jpg" }
      ],
      "data":{
      },
      "results":[
        { "id" : "111112-1", "name" : "3600000001", "description" : "example", "price" : 1.05, "quantity" : 2, "points" : 10 },
        { "id" : "111112-2", "name" : "3600000002", "description" : "example 2", "price" : 2.50, "quantity" : 1, "points" : 10 }
      ]
    },
    {
      "id":111113, "validation_type":"receipt", "campaign_id":12345,
      "campaign_permalink" : "example", "placement_id" : 54321, "user_id":"xxxxx",
      "status":"invalid", "invalid_code":1,
      "invalid_reason":"We cannot read your receipt clearly. Please make sure to take the picture with ample lighting showing your qualifying purchase.",
      "created_at":"2016-02-11 06:49:23", "updated_at":"2016-02-16 14:22:59", "image_count":1,
      "images":[
         { "id" : "300", "url" : "https://content.sessionm.com/images/12345/example/54321/image1.jpg", "mime_type" : "image/jpg" }
      ],
      "data":{
      }
    }
  ]
}
"""  # noqa: E501


def _json(text: str) -> Any:
    return json.loads(re.sub(r",(\s*[\]}])", r"\1", text))


def test_the_page_list_example_reads_with_its_verdicts() -> None:
    listed = ImageValidationList.model_validate(_json(PAGE_LIST_EXAMPLE))
    pending, valid, invalid = listed.image_validations
    assert pending.id == "111111" and pending.image_ids() == {"100", "101"}
    assert pending.external_id is None and not pending.is_final
    assert valid.is_final and valid.store_name == "ACME Pharmacy"
    assert valid.total_points() == 20 and valid.results[0].price == 1.05
    assert invalid.status is ValidationStatus.INVALID
    assert invalid.invalid_code is InvalidCode.RECEIPT_UNREADABLE
    # The server's own text wins over the table's.
    assert invalid.reason().startswith("We cannot read your receipt clearly.")


def test_unknown_code_and_status_are_kept_as_sent() -> None:
    record = ImageValidation.model_validate(
        {"id": 5, "status": "under_review", "invalid_code": 19, "invalid_reason": "New rule"}
    )
    assert record.status == "under_review" and record.status_text == "under_review"
    assert not record.is_final
    assert record.invalid_code == 19 and not isinstance(record.invalid_code, InvalidCode)
    assert record.reason() == "New rule"
    without_text = ImageValidation.model_validate(
        {"id": 5, "status": "invalid", "invalid_code": 19}
    )
    assert without_text.is_final and without_text.reason() == "code 19"
    assert code_description(InvalidCode(3)) == "Receipt submitted twice"
    assert code_description(None) == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(100, "100"), ("100", "100"), (100.0, "100"), (None, None), (True, None), ([1], None)],
)
def test_ids_are_read_as_text_whatever_their_json_type(raw: Any, expected: str | None) -> None:
    record = ImageValidation.model_validate(
        {"id": 7, "campaign_id": raw, "images": [{"id": raw}], "results": [{"id": raw}]}
    )
    assert record.images[0].id == record.results[0].id == record.campaign_id == expected
    assert record.id == "7"


def test_display_fields_of_odd_types_read_as_none() -> None:
    record = ImageValidation.model_validate(
        {
            "id": "9",
            "status": 3,
            "invalid_code": "abc",
            "image_count": "many",
            "data": [1, 2],
            "store_name": {"x": 1},
            "images": ["not an object", {"id": "1"}],
            "results": [{"points": "10", "price": "n/a", "quantity": 2.0}, 7],
        }
    )
    assert (record.status, record.invalid_code, record.image_count, record.data) == (
        None,
        None,
        None,
        None,
    )
    assert record.store_name is None and record.image_ids() == {"1"}
    (line,) = record.results or []
    assert (line.points, line.price, line.quantity) == (10, None, 2)


def test_what_the_kiosk_acts_on_is_still_required() -> None:
    with pytest.raises(ValueError):
        ImageValidationEnvelope.model_validate({"status": "ok", "image_validation": {}})
    with pytest.raises(ValueError):
        ImageValidationList.model_validate({"status": "ok"})
    # A create reply without "status" but with the record is usable.
    envelope = ImageValidationEnvelope.model_validate({"image_validation": {"id": 3}})
    assert envelope.image_validation.id == "3"


def _sessionm(handler: Any) -> SessionMClient:
    settings = SessionMSettings(base_url="https://sm.example.com")
    return SessionMClient(settings, HttpSettings(), transport=httpx.MockTransport(handler))


def test_an_unreadable_record_does_not_hide_the_others_or_end_the_walk() -> None:
    entries: list[Any] = [
        {"status": "valid"},  # no id: the kiosk cannot use it
        "junk",
        {"id": 42, "status": "valid", "images": [{"id": 100}]},
    ]

    def handler(request: httpx.Request) -> httpx.Response:
        limit, page = int(request.url.params["limit"]), int(request.url.params["page"])
        return httpx.Response(
            200, json={"image_validations": entries[(page - 1) * limit : page * limit]}
        )

    with _sessionm(handler) as client:
        # Page 1 holds only the two unreadable entries; the walk still goes on to page 2.
        walked = list(client.iter_validations(CUSTOMER, limit=2))
        assert [r.id for r in walked] == ["42"]
        found = client.find_by_image_id(CUSTOMER, "100")
        assert found is not None and found.id == "42"
        page = client.list_page(CUSTOMER, limit=2, page=1)
        assert page.image_validations == [] and page.page_size == 2


def test_a_create_reply_without_the_record_id_is_an_invalid_response() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"status": "ok", "image_validation": {"status": "x"}})

    with _sessionm(handler) as client, pytest.raises(InvalidResponseError) as info:
        client.create_validation(CUSTOMER, campaign_permalink="c", first_image=b"\xff\xd8")
    assert "image_validation.id" in str(info.value)


@pytest.mark.parametrize(
    ("body", "request_id", "duplicate"),
    [
        ({"success": True, "requestId": 123, "isDuplicate": "true"}, "123", True),
        ({"success": True}, None, False),
        ({"success": True, "requestId": "r-1", "isDuplicate": None, "extra": 1}, "r-1", False),
    ],
)
def test_generic_request_replies_read_leniently(
    body: dict[str, Any], request_id: str | None, duplicate: bool
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=body)

    settings = AmpliFiSettings(base_url="https://af.example.com", token="t")
    transport = httpx.MockTransport(handler)
    with AmpliFiClient(settings, HttpSettings(), transport=transport) as client:
        reply = client.put_request(GenericRequest(type_id="T", int_tag="1"))
    assert (reply.request_id, reply.is_duplicate) == (request_id, duplicate)


def test_a_generic_request_reply_without_success_is_an_invalid_response() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"requestId": "r"})

    settings = AmpliFiSettings(base_url="https://af.example.com", token="t")
    transport = httpx.MockTransport(handler)
    client = AmpliFiClient(settings, HttpSettings(), transport=transport)
    with client, pytest.raises(InvalidResponseError):
        client.put_request(GenericRequest(type_id="T", int_tag="1"))
