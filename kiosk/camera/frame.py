"""What a camera source delivers: frames, a description of the source, its state."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from kiosk.errors import KioskError

SourceKind = Literal["device", "video", "images", "demo"]
SourceState = Literal["opening", "live", "reconnecting", "closed", "failed"]


@dataclass(frozen=True)
class Frame:
    """One picture: BGR uint8 pixels (read-only; copy before drawing), arrival time, number.

    ``timestamp`` is ``time.monotonic()`` seconds when the frame arrived; ``seq`` counts
    every frame the source produced, from 1, including frames dropped before anyone read them.
    """

    image: np.ndarray
    timestamp: float
    seq: int

    @property
    def width(self) -> int:
        """Pixels across."""
        return int(self.image.shape[1])

    @property
    def height(self) -> int:
        """Pixels down."""
        return int(self.image.shape[0])


@dataclass(frozen=True)
class SourceInfo:
    """What a source is and what it actually delivers (0 until the first frame)."""

    name: str
    kind: SourceKind
    width: int
    height: int
    fps: float
    is_demo: bool = False


class CameraError(KioskError, RuntimeError):
    """A source could not be opened or read; the message says which and why."""
