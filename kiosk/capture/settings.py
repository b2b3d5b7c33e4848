"""Thresholds of the capture checks, every one of them configurable."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class CaptureSettings(BaseModel):
    """Capture check thresholds and auto-capture timing."""

    model_config = ConfigDict(extra="forbid")
