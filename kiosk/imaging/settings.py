"""Encoding settings: format, quality bounds and byte budgets."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

ImageFormat = Literal["jpeg", "png", "tiff", "pdf"]
# The APIs refuse images of 10 MB or more; stay a margin below the smaller reading of "MB".
API_IMAGE_LIMIT = 10 * 1000 * 1000


class EncodeSettings(BaseModel):
    """How captured images are encoded before they are queued.

    The byte budget itself is the top-level ``max_image_bytes`` (below the APIs' 10 MB).
    """

    model_config = ConfigDict(extra="forbid")

    format: ImageFormat = "jpeg"
    # Documents are never compressed below this many bytes, the capture requirement's floor
    # that keeps small print readable.
    document_floor_bytes: int = Field(250_000, ge=0)
    # Faces have no small print; 0 lets the budget alone decide.
    face_floor_bytes: int = Field(0, ge=0)
    # JPEG quality bounds from the IJG libjpeg manual (usage.txt): "the quality setting
    # should generally be between 50 and 95"; above 95 the size grows for no visible gain.
    min_quality: int = Field(50, ge=1, le=100)
    max_quality: int = Field(95, ge=1, le=100)
    # Downscaling (the last resort) stops at this long edge: an ID-1 card (85.6 mm) at the
    # 300 dpi document target is 1011 px across.
    min_long_edge: int = Field(1011, ge=64)
    # zlib level for PNG: 3 is within a few % of 9's size here at a fraction of the time.
    png_compression: int = Field(3, ge=0, le=9)
    # Resolution written into a PDF page (sizes the page; pixels are unchanged).
    pdf_dpi: float = Field(300.0, gt=0)

    @model_validator(mode="after")
    def _bounds(self) -> EncodeSettings:
        if self.min_quality > self.max_quality:
            raise ValueError("min_quality must not exceed max_quality")
        return self
