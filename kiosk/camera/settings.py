"""Camera settings: which source to open and what to ask of it."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class CameraSettings(BaseModel):
    """Where frames come from; ``source`` is ``auto``, ``demo``, a device index or a path."""

    model_config = ConfigDict(extra="forbid")

    source: str = "auto"
    width: int = Field(1920, gt=0)
    height: int = Field(1080, gt=0)
    fps: float = Field(30.0, gt=0)
    backend: Literal["any", "v4l2", "dshow", "msmf", "avfoundation"] = "any"
