"""Pixel layout: every image the kiosk handles is 3-channel BGR, 8 bits per channel."""

from __future__ import annotations

import cv2
import numpy as np


def as_bgr8(image: np.ndarray) -> np.ndarray:
    """The image as 3-channel BGR uint8 (gray, BGRA and 16-bit inputs converted)."""
    if image.dtype == np.uint16:
        image = (image >> 8).astype(np.uint8)
    elif image.dtype != np.uint8:
        raise ValueError(f"unsupported pixel type {image.dtype}")
    if image.ndim == 2:
        return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    if image.ndim == 3 and image.shape[2] == 3:
        return image
    if image.ndim == 3 and image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    if image.ndim == 3 and image.shape[2] == 1:
        return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    raise ValueError(f"unsupported image shape {image.shape}")
