"""Camera settings: which source to open and what to ask of it."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

# What the demo camera holds up at start (kiosk.camera.demo_scenes.SCENES): the built-in
# kinds' scenes, "card" (the licence's back, for a card's dpi) and "both" (that card beside
# a receipt). A capture step holds up its kind's own scene (``CaptureKind.demo``).
DemoScene = Literal["face", "license_front", "license_back", "passport", "receipt", "card", "both"]
DEMO_SCENES: tuple[str, ...] = get_args(DemoScene)


class CameraSettings(BaseModel):
    """Where frames come from; ``source`` is ``auto``, ``demo``, a device index or a path."""

    model_config = ConfigDict(extra="forbid")

    source: str = "auto"
    # Requested of a device; the source reports what the driver actually delivers.
    width: int = Field(1920, gt=0)
    height: int = Field(1080, gt=0)
    fps: float = Field(30.0, gt=0)
    backend: Literal["any", "v4l2", "dshow", "msmf", "avfoundation"] = "any"
    # Pixel format asked of a device. USB 2 carries ~35 MB/s in practice; 1080p30 as raw
    # YUYV needs 124 MB/s, so UVC cameras offer 1080p30 only as MJPG. "" = driver default.
    fourcc: str = Field("MJPG", pattern=r"^(|[ -~]{4})$")
    # ``kiosk camera list`` and ``auto`` probe device indexes 0..probe_max_index.
    probe_max_index: int = Field(4, ge=0, le=63)
    # After an unplug (read failures) the device is reopened with exponential backoff:
    # base, doubling up to cap, forever unless reconnect_max_attempts > 0. A USB
    # re-enumeration takes 1-3 s, so 0.5 s doubling reaches it in a few tries.
    reconnect_base_s: float = Field(0.5, gt=0)
    reconnect_cap_s: float = Field(10.0, gt=0)
    reconnect_max_attempts: int = Field(0, ge=0)
    # Consecutive failed reads that count as an unplug; one bad read is a glitch on
    # some UVC drivers, several in a row is a device gone.
    read_failures_to_reconnect: int = Field(3, ge=1)
    # Images and folders: each image is shown this long, frames repeat at ``fps``.
    image_hold_s: float = Field(2.0, gt=0)
    # Video files play at their own frame rate unless this overrides it.
    video_fps: float | None = Field(None, gt=0)
    # The synthetic demo camera (no hardware needed).
    demo_width: int = Field(1280, ge=320)
    demo_height: int = Field(720, ge=240)
    demo_fps: float = Field(30.0, gt=0)
    demo_scene: DemoScene = "both"
    demo_seed: int = 7
    # The receipt scene shows a dark receipt (mean brightness under 40, which SessionM's
    # sandbox judges unreadable, code 1) instead of the good one; the admin screen can
    # switch it at run time (DemoSource.set_bad_receipt).
    demo_bad_receipt: bool = False

    @model_validator(mode="after")
    def _backoff(self) -> CameraSettings:
        if self.reconnect_cap_s < self.reconnect_base_s:
            raise ValueError("reconnect_cap_s must be at least reconnect_base_s")
        return self
