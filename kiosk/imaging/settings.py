"""Encoding settings: format and byte budgets."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class EncodeSettings(BaseModel):
    """How captured images are encoded before they are queued."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["jpeg", "png", "tiff", "pdf"] = "jpeg"
    document_floor_bytes: int = Field(250_000, ge=0)
