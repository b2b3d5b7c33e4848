"""What the sandbox keeps of a received image: its hash and a few measurements.

Image bytes are reduced to these on arrival and never kept.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import cv2
import numpy as np


@dataclass
class ImageFacts:
    """What the sandbox keeps of an image: its hash, size and a brightness measure."""

    sha256: str
    size: int
    width: int
    height: int
    mean: float

    @classmethod
    def measure(cls, data: bytes) -> ImageFacts:
        """Hash the bytes and measure the decoded image (0×0 when it does not decode)."""
        digest = hashlib.sha256(data).hexdigest()
        pixels = np.frombuffer(data, dtype=np.uint8)
        # Full-size decode: a reduced decode rounds odd sides (a 199 px JPEG reads as 200),
        # which would move images across the "too small" line.
        image = cv2.imdecode(pixels, cv2.IMREAD_GRAYSCALE) if data else None
        if image is None:
            return cls(digest, len(data), 0, 0, 0.0)
        h, w = image.shape[:2]
        return cls(digest, len(data), w, h, float(image.mean()))
