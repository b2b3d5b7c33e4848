"""Encoding settings (format, quality bounds, byte budgets) and the limits of an input file."""

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


# Pillow refuses outright any image over twice its MAX_IMAGE_PIXELS (89,478,485): the
# highest pixel limit a header read can enforce.
PILLOW_BOMB_PIXELS = 2 * 89_478_485


class IntakeLimits(BaseModel):
    """What an image file may be before any pixel is decoded (checked on the header)."""

    model_config = ConfigDict(extra="forbid")

    # 100 MP: a 12 MP phone camera (4000 x 3000) and a 600-dpi A4 scan (4961 x 7016, 35 MP)
    # fit with room; decoding 100 MP to 8-bit BGR takes 300 MB.
    max_pixels: int = Field(100_000_000, gt=0, le=PILLOW_BOMB_PIXELS)
    # A 100 MP uncompressed 8-bit RGB TIFF is 300 MB; nothing a kiosk reads is larger.
    max_file_bytes: int = Field(300 * 1024 * 1024, gt=0)
