"""SessionM image-validation models, field for field as the vendor's page gives them."""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from kiosk.api.base64_body import Base64Str
from kiosk.api.tolerant import Lenient, LooseId, LooseNumber, LooseText, ObjectList, as_id


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
    # Validators built on first use: the kiosk app's process imports these models but its
    # delivery worker is the one that reads replies (7 ms of the app's start-up, measured).
    model_config = ConfigDict(populate_by_name=True, extra="allow", defer_build=True)


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
    """An image attached to a record, as the server lists it; ``id`` is the client's id."""

    id: LooseId = None
    url: LooseText = None
    mime_type: LooseText = None


class ResultLine(_Model):
    """One line item of a validated receipt (display only: every field is lenient)."""

    id: LooseId = None
    name: LooseText = None
    description: LooseText = None
    price: LooseNumber = None
    quantity: LooseNumber = None
    points: LooseNumber = None


def _status(value: Any) -> Any:
    # A documented status becomes the enum; any other text is kept as the server sent it.
    if isinstance(value, str):
        try:
            return ValidationStatus(value)
        except ValueError:
            return value
    return None


def _invalid_code(value: Any) -> Any:
    # The page points to a table of codes; it does not promise the set is closed.
    if value is None or isinstance(value, bool):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    try:
        return InvalidCode(number)
    except ValueError:
        return number


def code_description(code: InvalidCode | int | None) -> str:
    """The page's description of a code, or ``code N`` for one its table does not list."""
    if code is None:
        return ""
    return code.description if isinstance(code, InvalidCode) else f"code {code}"


class ImageValidation(_Model):
    """A validation record as the server returns it, read tolerantly.

    Only ``id`` is required (the kiosk adds images and reconciles by it); unknown fields
    are kept, an unknown ``status`` or ``invalid_code`` is kept as sent, ids come back as
    strings, and a display field of an unexpected type reads as None.
    """

    id: Annotated[str, BeforeValidator(as_id)]
    validation_type: LooseText = None
    campaign_id: LooseId = None
    campaign_permalink: LooseText = None
    placement_id: LooseId = None
    external_id: LooseId = None
    user_id: LooseId = None
    status: Annotated[
        ValidationStatus | str | None, Field(union_mode="left_to_right"), BeforeValidator(_status)
    ] = None
    invalid_code: Annotated[
        InvalidCode | int | None, Field(union_mode="left_to_right"), BeforeValidator(_invalid_code)
    ] = None
    invalid_reason: LooseText = None
    store_name: LooseText = None
    receipt_date: LooseText = None
    created_at: LooseText = None
    updated_at: LooseText = None
    image_count: Lenient[int] = None
    images: Annotated[list[ImageOut], ObjectList] = Field(default_factory=list)
    data: Lenient[dict[str, Any]] = None
    results: Annotated[list[ResultLine] | None, ObjectList] = None

    def image_ids(self) -> set[str]:
        """The client ids of the images the record holds."""
        return {image.id for image in self.images if image.id is not None}

    def total_points(self) -> int | float:
        """Points of all result lines."""
        return sum(line.points or 0 for line in self.results or [])

    @property
    def status_text(self) -> str | None:
        """The status as the server sent it (documented or not)."""
        return str(self.status) if self.status is not None else None

    @property
    def is_final(self) -> bool:
        """True once the record was judged ``valid`` or ``invalid``."""
        return isinstance(self.status, ValidationStatus) and self.status.is_final

    def reason(self) -> str:
        """Why the record is invalid: the server's ``invalid_reason``, else the page's
        description of its code (``code N`` for one the table does not list)."""
        return self.invalid_reason or code_description(self.invalid_code)


class ImageValidationEnvelope(_Model):
    """Reply of create and add-image: ``status`` ok plus the record (which needs its id)."""

    status: LooseText = None
    image_validation: ImageValidation


def _readable_records(data: Any) -> Any:
    # One record the kiosk cannot read (no id, not an object) must not hide the others.
    if not isinstance(data, dict) or not isinstance(data.get("image_validations"), list):
        return data
    readable, unreadable = [], 0
    for item in data["image_validations"]:
        try:
            readable.append(ImageValidation.model_validate(item))
        except ValidationError:
            unreadable += 1
    return {**data, "image_validations": readable, "unreadable_records": unreadable}


class ImageValidationList(_Model):
    """Reply of the list call; ``unreadable_records`` counts entries that were skipped."""

    status: LooseText = None
    image_validations: list[ImageValidation]
    unreadable_records: int = Field(0, exclude=True)

    _skip_unreadable = model_validator(mode="before")(_readable_records)

    @property
    def page_size(self) -> int:
        """How many entries the page had, readable or not (for walking the pages)."""
        return len(self.image_validations) + self.unreadable_records


class ErrorDetail(_Model):
    """The error object of a ``"status": "error"`` reply."""

    code: str
    message: str | None = None


class ErrorReply(_Model):
    """A SessionM error reply (2xx with ``"status": "error"``)."""

    status: Literal["error"]
    errors: ErrorDetail
