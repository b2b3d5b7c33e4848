"""SessionM client against the sandbox over loopback HTTP: the three endpoint forms, paging,
statuses, the invalid codes and result lines."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from kiosk.api.sessionm import Customer, SessionMClient, customer_for
from kiosk.api.sessionm_models import ImageValidation, InvalidCode, ValidationStatus
from kiosk.config import SessionMSettings
from kiosk.sandbox.paths import public_path
from kiosk.sandbox.server import SandboxOptions, SandboxServer

Calls = Callable[..., list[dict[str, Any]]]

# Method and path of each call in each customer form, exactly as the vendor's page gives them.
KEY = "test-key"
FORMS = {
    "auth_token": (
        Customer("auth_token", "xxxx-yyyy-zzzz"),
        f"/priv/v1/apps/{KEY}/image_validations",
        f"/api/v1/apps/{KEY}/image_validations/{{id}}/images",
        f"/api/v1/apps/{KEY}/image_validations",
        ["auth_token"],
    ),
    "user_id": (
        Customer("user_id", "user-42"),
        f"/priv/v1/apps/{KEY}/users/user-42/image_validations",
        f"/priv/v1/apps/{KEY}/users/user-42/image_validations/{{id}}/images",
        f"/priv/v1/apps/{KEY}/users/user-42/image_validations",
        [],
    ),
    "external_id": (
        Customer("external_id", "crm-7"),
        f"/priv/v1/apps/{KEY}/external/users/crm-7/image_validations",
        f"/priv/v1/apps/{KEY}/external/users/crm-7/image_validations/{{id}}/images",
        f"/priv/v1/apps/{KEY}/external/users/crm-7/image_validations",
        [],
    ),
}

DOCUMENTED_INVALID_CODES = {
    0: "Unknown",
    1: "Receipt cannot be read clearly",
    2: "Receipt is cropped",
    3: "Receipt submitted twice",
    4: "Receipt submitted outside of campaign dates",
    5: "Image is not a receipt",
    6: "No valid purchases found",
    7: "Purchases are from a non-qualifying store",
    8: "Image cannot be read clearly",
    9: "Image is unrelated to campaign",
    10: "Image submitted twice",
    11: "Image submitted outside of campaign dates",
    12: "Image has no valid purchases found, similar to 6",
    13: "Multiple submissions not allowed for this campaign",
    14: "Required fields missing from the receipt",
    15: "Loyalty card linked to same retailer",
    16: "Award limit reached",
    17: "Image appears to have been altered.",
    18: "Non-participating region",
}


@pytest.mark.parametrize("form", list(FORMS))
def test_create_add_list_use_the_documented_method_path_and_fields(
    form: str,
    sessionm_factory: Callable[..., SessionMClient],
    calls: Calls,
    image: Callable[..., bytes],
) -> None:
    customer, create_path, add_path, list_path, query = FORMS[form]
    client = sessionm_factory(placement_id="54321")

    created = client.create_validation(
        customer,
        campaign_permalink="my-receipt-campaign",
        first_image=image(seed=10),
        image_id="100",
        mime_type="image/jpeg",
        image_count=2,
        external_id="my-tracking-id",
        data={"kiosk": "branch-1"},
    )
    assert created.status is ValidationStatus.INCOMPLETE
    assert created.image_ids() == {"100"}
    assert created.external_id == "my-tracking-id"
    assert created.campaign_permalink == "my-receipt-campaign"
    assert str(created.placement_id) == "54321"

    added = client.add_image(
        customer,
        created.id,
        image=image(seed=11, ext=".png"),
        image_id="101",
        mime_type="image/png",
    )
    assert added.id == created.id
    assert added.image_ids() == {"100", "101"}
    assert added.status is not ValidationStatus.INCOMPLETE

    listed = client.list_validations(customer)
    assert [r.id for r in listed] == [created.id]

    logged = calls()
    # The sandbox logs the form of each path, with the key and customer id left out.
    assert [(c["method"], c["path"]) for c in logged] == [
        ("POST", public_path(create_path)),
        ("POST", public_path(add_path.format(id=created.id))),
        ("GET", public_path(list_path)),
    ]
    assert KEY not in str(logged) and customer.value not in str(logged)
    assert [c["status"] for c in logged] == [200, 200, 200]
    assert logged[0]["query"] == query
    assert logged[1]["query"] == query
    assert logged[2]["query"] == sorted([*query, "limit", "page"])
    assert logged[0]["body"] == {
        "image_validation": {
            "validation_type": "str",
            "campaign_permalink": "str",
            "placement_id": "str",
            "external_id": "str",
            "image_count": "int",
            "images": [{"id": "str", "base64_data": "str", "mime_type": "str"}],
            "data": {"kiosk": "str"},
        }
    }
    assert logged[1]["body"] == {"image": {"id": "str", "base64_data": "str", "mime_type": "str"}}
    # The vendor's examples spell JPEG as image/jpg.
    mimes = {img.id: img.mime_type for img in listed[0].images}
    assert mimes == {"100": "image/jpg", "101": "image/png"}


def test_url_builders_match_the_documented_forms(
    sessionm_factory: Callable[..., SessionMClient],
) -> None:
    client = sessionm_factory(base_url="https://api.example.com")
    for customer, create_path, add_path, list_path, _ in FORMS.values():
        assert client.create_url(customer)[0] == "https://api.example.com" + create_path
        assert client.add_image_url(customer, 7)[0] == "https://api.example.com" + add_path.format(
            id=7
        )
        assert client.list_url(customer)[0] == "https://api.example.com" + list_path
    token_form = FORMS["auth_token"][0]
    assert client.create_url(token_form)[1] == {"auth_token": "xxxx-yyyy-zzzz"}
    assert client.list_url(FORMS["user_id"][0])[1] == {}


def test_a_token_given_for_the_submission_names_the_customer_in_auth_token_mode(
    sessionm_factory: Callable[..., SessionMClient], calls: Calls, image: Callable[..., bytes]
) -> None:
    settings = SessionMSettings(customer_mode="auth_token", auth_token="kiosk-auth")
    # The configured token names nobody: it would put every receipt in one profile.
    assert customer_for(settings) is None
    customer = customer_for(settings, "customer-auth")
    assert customer == Customer("auth_token", "customer-auth")
    client = sessionm_factory()
    client.create_validation(customer, campaign_permalink="c", first_image=image())
    (call,) = calls()
    assert call["path"] == "/priv/v1/apps/{api_key}/image_validations"
    assert call["query"] == ["auth_token"]
    assert customer_for(SessionMSettings(customer_mode="user_id", auth_token="t")) is None
    assert customer_for(SessionMSettings(customer_mode="user_id"), "u7") == Customer(
        "user_id", "u7"
    )


@pytest.mark.parametrize(("secret", "expected"), [("s3cret", True), (None, False)])
def test_basic_auth_is_sent_only_when_an_api_secret_is_set(
    secret: str | None,
    expected: bool,
    sessionm_factory: Callable[..., SessionMClient],
    calls: Calls,
    image: Callable[..., bytes],
) -> None:
    client = sessionm_factory(api_secret=secret)
    customer = Customer("external_id", "crm-basic")
    record = client.create_validation(customer, campaign_permalink="c", first_image=image())
    client.list_validations(customer)
    assert record.id
    for call in calls():
        assert ("authorization" in call["headers"]) is expected


def test_basic_auth_header_carries_key_and_secret() -> None:
    # The sandbox only logs header names; check the encoded value on the built request.
    import base64

    import httpx

    from kiosk.config import HttpSettings

    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["authorization"])
        return httpx.Response(200, json={"image_validations": []})

    settings = SessionMSettings(api_key="k-1", api_secret="s-2")
    with SessionMClient(settings, HttpSettings(), transport=httpx.MockTransport(handler)) as c:
        c.list_validations(Customer("user_id", "u"))
    assert seen == ["Basic " + base64.b64encode(b"k-1:s-2").decode()]


def test_paging_walks_every_record(
    sessionm_factory: Callable[..., SessionMClient], calls: Calls, image: Callable[..., bytes]
) -> None:
    client = sessionm_factory()
    customer = Customer("user_id", "pager")
    other = Customer("user_id", "someone-else")
    ids = [
        client.create_validation(
            customer,
            campaign_permalink="c",
            first_image=image(seed=20 + n),
            image_id=f"img-{n}",
            external_id=f"e{n}",
        ).id
        for n in range(5)
    ]
    client.create_validation(other, campaign_permalink="c", first_image=image(seed=30))

    assert [r.id for r in client.list_validations(customer, limit=2, page=1)] == ids[:2]
    assert [r.id for r in client.list_validations(customer, limit=2, page=3)] == ids[4:]
    assert client.list_validations(customer, limit=2, page=4) == []

    before = len(calls(method="GET"))
    walked = [r.id for r in client.iter_validations(customer, limit=2)]
    assert walked == ids
    assert len(calls(method="GET")) - before == 3  # pages of 2, 2, 1

    found = client.find_by_image_id(customer, "img-3")
    assert found is not None and found.id == ids[3]
    assert client.find_by_image_id(customer, "nope") is None
    # The page's list example carries no external_id, so it cannot find a record here.
    assert client.find_by_image_id(customer, "nope", external_id="e3") is None
    found_by_id = client.find_by_id(customer, ids[4])
    assert found_by_id is not None and found_by_id.image_ids() == {"img-4"}
    assert client.find_by_id(other, ids[4]) is None


def test_invalid_code_enum_carries_the_documented_descriptions() -> None:
    assert {int(c): c.description for c in InvalidCode} == DOCUMENTED_INVALID_CODES


def _judged(client: SessionMClient, customer: Customer, **kw: Any) -> ImageValidation:
    return client.create_validation(customer, campaign_permalink="c", **kw)


@pytest.mark.parametrize(
    ("validation_type", "kw", "code"),
    [
        ("receipt", {"value": 15}, InvalidCode.RECEIPT_UNREADABLE),
        ("image", {"value": 15}, InvalidCode.IMAGE_UNREADABLE),
        ("receipt", {"width": 199, "height": 300}, InvalidCode.IMAGE_UNREADABLE),
        ("receipt", {"width": 300, "height": 150, "ext": ".png"}, InvalidCode.IMAGE_UNREADABLE),
    ],
)
def test_sandbox_rules_mark_dark_and_small_images_invalid(
    validation_type: str,
    kw: dict[str, Any],
    code: InvalidCode,
    sessionm_factory: Callable[..., SessionMClient],
    image: Callable[..., bytes],
) -> None:
    client = sessionm_factory(validation_type=validation_type)
    record = _judged(client, Customer("user_id", "rules"), first_image=image(**kw))
    assert record.status is ValidationStatus.INVALID
    assert record.invalid_code is code
    assert record.invalid_reason == DOCUMENTED_INVALID_CODES[int(code)]
    assert record.results is None


def test_a_200_px_image_is_not_too_small(
    sessionm_factory: Callable[..., SessionMClient], image: Callable[..., bytes]
) -> None:
    client = sessionm_factory()
    record = _judged(client, Customer("user_id", "edge"), first_image=image(width=200, height=200))
    assert record.status is ValidationStatus.VALID


@pytest.mark.parametrize(
    ("validation_type", "code"),
    [("receipt", InvalidCode.RECEIPT_DUPLICATE), ("image", InvalidCode.IMAGE_DUPLICATE)],
)
def test_the_same_image_bytes_twice_is_a_duplicate(
    validation_type: str,
    code: InvalidCode,
    sessionm_factory: Callable[..., SessionMClient],
    image: Callable[..., bytes],
) -> None:
    client = sessionm_factory(validation_type=validation_type)
    data = image(seed=40)
    first = _judged(client, Customer("user_id", "a"), first_image=data)
    second = _judged(client, Customer("user_id", "b"), first_image=data)
    assert first.status is ValidationStatus.VALID
    assert second.status is ValidationStatus.INVALID
    assert second.invalid_code is code


@pytest.mark.parametrize("forced", [0, 4, 17, 18])
def test_data_can_force_an_invalid_code(
    forced: int, sessionm_factory: Callable[..., SessionMClient], image: Callable[..., bytes]
) -> None:
    client = sessionm_factory()
    record = _judged(
        client,
        Customer("external_id", "forced"),
        first_image=image(seed=50 + forced),
        data={"sandbox_invalid_code": forced},
    )
    assert record.status is ValidationStatus.INVALID
    assert record.invalid_code == InvalidCode(forced)
    assert record.invalid_reason == DOCUMENTED_INVALID_CODES[forced]


def test_a_valid_record_carries_result_lines(
    sessionm_factory: Callable[..., SessionMClient], image: Callable[..., bytes]
) -> None:
    client = sessionm_factory()
    record = _judged(client, Customer("user_id", "valid"), first_image=image(seed=60))
    assert record.status is ValidationStatus.VALID
    assert record.invalid_code is None
    assert record.results
    for line in record.results:
        assert line.id and line.id.startswith(f"{record.id}-")
        assert line.name and line.description
        assert line.price is not None and line.price > 0
        assert line.quantity is not None and line.quantity > 0
        assert line.points is not None
    assert record.total_points() == sum(line.points or 0 for line in record.results)
    assert record.total_points() > 0


@pytest.fixture(scope="module")
def slow_sandbox() -> Iterator[SandboxServer]:
    """A sandbox that judges a pending record only after a short delay."""
    with SandboxServer(SandboxOptions(port=0, validation_delay=0.3)) as server:
        yield server


def test_statuses_move_incomplete_pending_then_final(
    slow_sandbox: SandboxServer, sessionm_factory: Callable[..., SessionMClient], image: Any
) -> None:
    client = sessionm_factory(base_url=slow_sandbox.url)
    customer = Customer("external_id", "lifecycle")
    good = client.create_validation(
        customer, campaign_permalink="c", first_image=image(seed=70), image_count=2
    )
    assert good.status is ValidationStatus.INCOMPLETE
    assert not good.status.is_final
    good = client.add_image(customer, good.id, image=image(seed=71))
    assert good.status is ValidationStatus.PENDING
    assert not good.status.is_final

    dark = client.create_validation(
        customer, campaign_permalink="c", first_image=image(seed=72, value=10)
    )
    assert dark.status is ValidationStatus.PENDING

    deadline = time.monotonic() + 10
    records = client.list_validations(customer)
    while not all(r.status.is_final for r in records) and time.monotonic() < deadline:
        time.sleep(0.05)
        records = client.list_validations(customer)
    by_id = {r.id: r for r in records}
    assert by_id[good.id].status is ValidationStatus.VALID
    assert by_id[good.id].results
    assert by_id[dark.id].status is ValidationStatus.INVALID
    assert by_id[dark.id].invalid_code is InvalidCode.RECEIPT_UNREADABLE


@pytest.mark.parametrize("mode", ["user_id", "external_id", "auth_token"])
def test_customer_ids_with_reserved_characters_are_quoted(
    mode: str,
    sessionm_factory: Callable[..., SessionMClient],
    sandbox_fresh: SandboxServer,
    calls: Calls,
    image: Callable[..., bytes],
) -> None:
    client = sessionm_factory()
    customer = Customer(mode, "crm 7+ñ?&=#")  # type: ignore[arg-type]
    other = Customer(mode, "crm 7")  # type: ignore[arg-type]
    record = client.create_validation(
        customer, campaign_permalink="c", first_image=image(), image_count=2
    )
    client.add_image(customer, record.id, image=image(seed=1))
    assert [r.id for r in client.list_validations(customer)] == [record.id]
    assert client.list_validations(other) == []
    assert [c["status"] for c in calls()] == [200, 200, 200, 200]
    if mode == "user_id":
        assert record.user_id == "crm 7+ñ?&=#"
