"""Each documented SessionM error reply becomes a typed error; refused credentials are 401s."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from kiosk.api.errors import AuthError, PermanentError, RejectedError
from kiosk.api.sessionm import Customer, SessionMClient
from kiosk.api.sessionm_models import ERROR_CODES
from kiosk.sandbox.server import SandboxOptions, SandboxServer

Calls = Callable[..., list[dict[str, Any]]]
TEN_MB = 10_000_000


@pytest.fixture(scope="module")
def picky_sandbox() -> Iterator[SandboxServer]:
    """A sandbox that knows two campaigns and allows two records per customer per day."""
    options = SandboxOptions(
        port=0, validation_delay=0.0, campaigns=("receipts-a", "receipts-b"), daily_limit=2
    )
    with SandboxServer(options) as server:
        yield server


def _rejected(call: Callable[[], object]) -> RejectedError:
    with pytest.raises(RejectedError) as info:
        call()
    error = info.value
    assert isinstance(error, PermanentError)
    assert error.status_code is not None and 200 <= error.status_code < 300
    return error


def test_documented_codes_are_the_four_on_the_page() -> None:
    assert set(ERROR_CODES) == {
        "missing_data",
        "campaign_unavailable",
        "validation",
        "image_not_found",
    }


def test_missing_image_data_on_create_is_missing_data(
    sessionm_factory: Callable[..., SessionMClient], calls: Calls
) -> None:
    client = sessionm_factory()
    customer = Customer("user_id", "u-missing")
    error = _rejected(
        lambda: client.create_validation(customer, campaign_permalink="c", first_image=b"")
    )
    assert error.code == "missing_data"
    assert calls()[0]["outcome"].startswith("missing_data")
    assert client.list_validations(customer) == []


def test_unknown_campaign_is_campaign_unavailable(
    picky_sandbox: SandboxServer,
    sessionm_factory: Callable[..., SessionMClient],
    image: Callable[..., bytes],
) -> None:
    client = sessionm_factory(base_url=picky_sandbox.url)
    customer = Customer("external_id", "campaigner")
    record = client.create_validation(
        customer, campaign_permalink="receipts-a", first_image=image()
    )
    assert record.campaign_permalink == "receipts-a"
    error = _rejected(
        lambda: client.create_validation(
            customer, campaign_permalink="no-such-campaign", first_image=image(seed=1)
        )
    )
    assert error.code == "campaign_unavailable"
    assert "no-such-campaign" not in str(error)


def test_daily_limit_is_a_validation_error(
    picky_sandbox: SandboxServer,
    sessionm_factory: Callable[..., SessionMClient],
    image: Callable[..., bytes],
) -> None:
    client = sessionm_factory(base_url=picky_sandbox.url)
    customer = Customer("user_id", "daily")
    for n in range(2):
        client.create_validation(
            customer, campaign_permalink="receipts-b", first_image=image(seed=n)
        )
    error = _rejected(
        lambda: client.create_validation(
            customer, campaign_permalink="receipts-b", first_image=image(seed=9)
        )
    )
    assert error.code == "validation"
    assert "daily limit" in str(error)
    # Another customer is not affected by this one's limit.
    other = Customer("user_id", "daily-other")
    client.create_validation(other, campaign_permalink="receipts-b", first_image=image(seed=8))


def test_too_many_images_is_a_validation_error(
    sessionm_factory: Callable[..., SessionMClient], image: Callable[..., bytes]
) -> None:
    client = sessionm_factory()
    customer = Customer("external_id", "too-many")
    record = client.create_validation(
        customer, campaign_permalink="c", first_image=image(seed=1), image_count=2
    )
    client.add_image(customer, record.id, image=image(seed=2))
    error = _rejected(lambda: client.add_image(customer, record.id, image=image(seed=3)))
    assert error.code == "validation"
    assert "Too many images" in str(error)
    (after,) = client.list_validations(customer)
    assert len(after.images) == 2


@pytest.mark.parametrize("where", ["create", "add"])
def test_image_of_ten_mb_is_a_validation_error(
    where: str, sessionm_factory: Callable[..., SessionMClient], image: Callable[..., bytes]
) -> None:
    client = sessionm_factory()
    customer = Customer("user_id", f"big-{where}")
    big = b"\xff\xd8" + bytes(TEN_MB - 2)
    assert len(big) >= TEN_MB
    if where == "create":
        error = _rejected(
            lambda: client.create_validation(customer, campaign_permalink="c", first_image=big)
        )
        assert client.list_validations(customer) == []
    else:
        record = client.create_validation(
            customer, campaign_permalink="c", first_image=image(), image_count=2
        )
        error = _rejected(lambda: client.add_image(customer, record.id, image=big))
        (after,) = client.list_validations(customer)
        assert len(after.images) == 1
    assert error.code == "validation"
    assert "10MB" in str(error)


def test_just_under_ten_mb_is_accepted(
    sessionm_factory: Callable[..., SessionMClient],
) -> None:
    client = sessionm_factory()
    record = client.create_validation(
        Customer("user_id", "almost"), campaign_permalink="c", first_image=bytes(TEN_MB - 1)
    )
    assert record.id


def test_add_image_without_data_is_image_not_found(
    sessionm_factory: Callable[..., SessionMClient], image: Callable[..., bytes]
) -> None:
    client = sessionm_factory()
    customer = Customer("user_id", "no-data")
    record = client.create_validation(
        customer, campaign_permalink="c", first_image=image(), image_count=2
    )
    error = _rejected(lambda: client.add_image(customer, record.id, image=b""))
    assert error.code == "image_not_found"


def test_invalid_base64_on_add_is_a_validation_error(
    sessionm_factory: Callable[..., SessionMClient], image: Callable[..., bytes]
) -> None:
    client = sessionm_factory()
    customer = Customer("user_id", "bad-b64")
    record = client.create_validation(
        customer, campaign_permalink="c", first_image=image(), image_count=2
    )
    error = _rejected(lambda: client.add_image(customer, record.id, image_b64=b"not*base64"))
    assert error.code == "validation"


@pytest.mark.parametrize(
    ("settings", "customer"),
    [
        ({"api_key": "wrong-key"}, Customer("user_id", "u")),
        ({"api_key": "wrong-key"}, Customer("auth_token", "right-auth")),
        ({"api_key": "right-key"}, Customer("auth_token", "wrong-auth")),
    ],
)
def test_restricted_credentials_refuse_others_with_auth_error(
    settings: dict[str, str],
    customer: Customer,
    restricted_fresh: SandboxServer,
    sessionm_factory: Callable[..., SessionMClient],
    image: Callable[..., bytes],
) -> None:
    client = sessionm_factory(base_url=restricted_fresh.url, **settings)
    with pytest.raises(AuthError) as info:
        client.create_validation(customer, campaign_permalink="c", first_image=image())
    assert info.value.status_code == 401
    with pytest.raises(AuthError):
        client.list_validations(customer)
    with pytest.raises(AuthError):
        client.add_image(customer, 100001, image=image())
    assert restricted_fresh.snapshot()["sessionm"]["records"] == []


@pytest.mark.parametrize(
    "customer", [Customer("auth_token", "right-auth"), Customer("external_id", "crm-1")]
)
def test_restricted_credentials_accept_the_right_ones(
    customer: Customer,
    restricted_fresh: SandboxServer,
    sessionm_factory: Callable[..., SessionMClient],
    image: Callable[..., bytes],
) -> None:
    client = sessionm_factory(base_url=restricted_fresh.url, api_key="right-key")
    record = client.create_validation(customer, campaign_permalink="c", first_image=image())
    assert [r.id for r in client.list_validations(customer)] == [record.id]
