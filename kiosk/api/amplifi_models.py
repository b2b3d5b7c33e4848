"""AmpliFi request and response models, field for field as the vendor's pages give them."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from kiosk.api.base64_body import Base64Str
from kiosk.api.tolerant import LooseFlag, LooseId


class _Model(BaseModel):
    # Validators built on first use: the kiosk app's process imports these models but its
    # delivery worker is the one that reads replies (7 ms of the app's start-up, measured).
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True, defer_build=True)


class ProspectImageRequest(_Model):
    """Body of ``POST /prospect/image``."""

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True, extra="forbid")

    device_tag: str = Field(alias="deviceTag", min_length=1)
    afi_image_id: str = Field(alias="AFiImageId", min_length=1)
    image_base64: Base64Str = Field(alias="imageBase64", min_length=1)
    type: str | None = None
    pre_segment: str | None = Field(None, alias="preSegment")
    dts_created: str | None = Field(None, alias="dtsCreated")


class ProspectImageResponse(_Model):
    """Reply of ``POST /prospect/image``; unknown fields are kept, ``success`` is required
    (the kiosk acts on it)."""

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True, extra="allow")

    success: bool


class GenericRequest(_Model):
    """Body of ``PUT /requests``: ``typeId`` and ``intTag`` required, the rest by type."""

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True, extra="allow")

    type_id: str = Field(alias="typeId", min_length=1)
    int_tag: str = Field(alias="intTag", min_length=1)
    name: str | None = None
    payload: dict[str, Any] | None = None


class GenericRequestResponse(_Model):
    """Reply of ``PUT /requests``; ``isDuplicate`` is true when the ``intTag`` was seen before.

    ``success`` is required; ``requestId`` (string or number) and ``isDuplicate`` are kept
    for staff and never fail the reply.
    """

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True, extra="allow")

    success: bool
    request_id: LooseId = Field(None, alias="requestId")
    is_duplicate: LooseFlag = Field(False, alias="isDuplicate")


class TokenResponse(_Model):
    """Reply of the token endpoint: the token the ``token`` header carries afterwards."""

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True, extra="allow")

    token: str = Field(min_length=1)
