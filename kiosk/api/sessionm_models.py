"""SessionM image-validation models, field for field as the vendor's page gives them."""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from kiosk.api.base64_body import Base64Str


class ValidationStatus(StrEnum):
    """Where a validation record is: waiting for images, being validated, or decided."""

    INCOMPLETE = "incomplete"
    PENDING = "pending"
    VALID = "valid"
    INVALID = "invalid"

    @property
    def is_final(self) -> bool:
        """True once the record was judged valid or invalid."""
        return self in (ValidationStatus.VALID, ValidationStatus.INVALID)


_INVALID_DESCRIPTIONS = {
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


class InvalidCode(IntEnum):
    """SessionM's invalid image codes 0-18, each with its documented description."""

    UNKNOWN = 0
    RECEIPT_UNREADABLE = 1
    RECEIPT_CROPPED = 2
    RECEIPT_DUPLICATE = 3
    RECEIPT_OUTSIDE_DATES = 4
    NOT_A_RECEIPT = 5
    NO_VALID_PURCHASES = 6
    NON_QUALIFYING_STORE = 7
    IMAGE_UNREADABLE = 8
    IMAGE_UNRELATED = 9
    IMAGE_DUPLICATE = 10
    IMAGE_OUTSIDE_DATES = 11
    IMAGE_NO_VALID_PURCHASES = 12
    MULTIPLE_SUBMISSIONS = 13
    REQUIRED_FIELDS_MISSING = 14
    LOYALTY_CARD_SAME_RETAILER = 15
    AWARD_LIMIT = 16
    ALTERED = 17
    NON_PARTICIPATING_REGION = 18

    @property
    def description(self) -> str:
        """The vendor's description of this code."""
        return _INVALID_DESCRIPTIONS[int(self)]


ERROR_CODES = ("missing_data", "campaign_unavailable", "validation", "image_not_found")


class _Model(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="allow")


class ImageIn(_Model):
    """One image sent to SessionM; ``id`` is the client's own tracking id."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = None
    base64_data: Base64Str = Field(min_length=1)
    mime_type: str | None = None


class ImageValidationCreate(_Model):
    """The ``image_validation`` object of a create request."""

    model_config = ConfigDict(extra="forbid")

    validation_type: Literal["receipt", "image"]
    campaign_permalink: str = Field(min_length=1)
    placement_id: str | int | None = None
    external_id: str | None = None
    image_count: int | None = Field(None, ge=1)
    images: list[ImageIn] = Field(min_length=1)
    data: dict[str, Any] | None = None


class CreateValidationRequest(_Model):
    """Body of a create call."""

    model_config = ConfigDict(extra="forbid")

    image_validation: ImageValidationCreate


class AddImageRequest(_Model):
    """Body of an add-image call."""

    model_config = ConfigDict(extra="forbid")

    image: ImageIn


class ImageOut(_Model):
    """An image attached to a record, as the server lists it."""

    id: str | None = None
    url: str | None = None
    mime_type: str | None = None


class ResultLine(_Model):
    """One line item of a validated receipt."""

    id: str | None = None
    name: str | None = None
    description: str | None = None
    price: float | None = None
    quantity: int | None = None
    points: int | None = None


class ImageValidation(_Model):
    """A validation record as the server returns it; unknown fields are kept."""

    id: int
    validation_type: str | None = None
    campaign_id: int | None = None
    campaign_permalink: str | None = None
    placement_id: str | int | None = None
    external_id: str | None = None
    user_id: str | None = None
    status: ValidationStatus
    invalid_code: InvalidCode | None = None
    invalid_reason: str | None = None
    store_name: str | None = None
    receipt_date: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    image_count: int | None = None
    images: list[ImageOut] = Field(default_factory=list)
    data: dict[str, Any] | None = None
    results: list[ResultLine] | None = None

    def image_ids(self) -> set[str]:
        """The client ids of the images the record holds."""
        return {image.id for image in self.images if image.id is not None}

    def total_points(self) -> int:
        """Points of all result lines."""
        return sum(line.points or 0 for line in self.results or [])


class ImageValidationEnvelope(_Model):
    """Reply of create and add-image: ``status`` ok plus the record."""

    status: Literal["ok"]
    image_validation: ImageValidation


class ImageValidationList(_Model):
    """Reply of the list call."""

    status: Literal["ok"] | None = None
    image_validations: list[ImageValidation]


class ErrorDetail(_Model):
    """The error object of a ``"status": "error"`` reply."""

    code: str
    message: str | None = None


class ErrorReply(_Model):
    """A SessionM error reply (2xx with ``"status": "error"``)."""

    status: Literal["error"]
    errors: ErrorDetail
