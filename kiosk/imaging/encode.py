"""Encoding within a byte budget: the best quality that fits, downscaling only as a last resort.

Every output is encoded from pixels, so no metadata (EXIF, GPS, maker notes, ICC) of the
camera or of an imported file survives. Sizes are strictly below ``max_bytes`` and below
the APIs' 10 MB limit.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np
import pybase64

from kiosk.config.imaging import API_IMAGE_LIMIT, EncodeSettings, ImageFormat
from kiosk.errors import KioskError
from kiosk.imaging.pdf import PDF_OVERHEAD_BYTES, jpeg_to_pdf

MIME_TYPES: dict[str, str] = {
    "jpeg": "image/jpeg",
    "png": "image/png",
    "tiff": "image/tiff",
    "pdf": "application/pdf",
}
EXTENSIONS: dict[str, str] = {"jpeg": ".jpg", "png": ".png", "tiff": ".tif", "pdf": ".pdf"}

# Each downscale step shrinks at least this much, so the search ends in a few steps.
_MAX_SCALE_STEP = 0.9


class EncodeError(KioskError, ValueError):
    """The image cannot be encoded within the budget and the floor; the message says why."""


@dataclass(frozen=True)
class EncodedImage:
    """Encoded bytes and what they are: no metadata, ready to queue or upload."""

    data: bytes
    mime_type: str
    width: int
    height: int
    quality: int | None
    format: ImageFormat
    downscaled: bool

    @property
    def size(self) -> int:
        """Length in bytes."""
        return len(self.data)

    @property
    def extension(self) -> str:
        """File name extension for the format, with the dot."""
        return EXTENSIONS[self.format]

    def base64(self) -> bytes:
        """Standard base64 of the data (pybase64: fast and releases the GIL)."""
        return to_base64(self.data)


def mime_type_for(fmt: str) -> str:
    """The MIME type of an encode format (jpeg, png, tiff, pdf)."""
    try:
        return MIME_TYPES[fmt]
    except KeyError:
        raise EncodeError(f"unknown image format {fmt!r}; use jpeg, png, tiff or pdf") from None


def to_base64(data: bytes) -> bytes:
    """Standard base64 of bytes."""
    return pybase64.b64encode(data)


def _imencode(ext: str, image: np.ndarray, params: list[int]) -> bytes:
    ok, buf = cv2.imencode(ext, image, params)
    if not ok:
        raise EncodeError(f"OpenCV could not encode the image as {ext}")
    return buf.tobytes()


def _resize(image: np.ndarray, scale: float) -> np.ndarray:
    h, w = image.shape[:2]
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA)


def _check_image(image: np.ndarray) -> np.ndarray:
    if not isinstance(image, np.ndarray) or image.size == 0:
        raise EncodeError("no image to encode (empty array)")
    if image.dtype != np.uint8:
        raise EncodeError(f"images are encoded from 8-bit pixels, got {image.dtype}")
    if image.ndim == 3 and image.shape[2] == 4:
        image = cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    if not (image.ndim == 2 or (image.ndim == 3 and image.shape[2] in (1, 3))):
        raise EncodeError(f"unsupported image shape {image.shape}")
    return image


def _best_quality(
    encode: Callable[[int], bytes], limit: int, lo: int, hi: int
) -> tuple[tuple[int, bytes] | None, int]:
    """Highest quality in [lo, hi] whose encoding is below ``limit`` bytes (size grows with
    quality), or None, with the smallest size seen. Tries ``hi`` first (the usual case
    fits), then ``lo`` (if that fails nothing will), then searches between them."""
    data = encode(hi)
    first_size = len(data)
    if len(data) < limit:
        return (hi, data), len(data)
    if lo == hi:
        return None, len(data)
    data = encode(lo)
    if len(data) >= limit:
        return None, len(data)
    # Bracket: lo fits, hi does not. libjpeg scales its quantisation steps by (100 - q)
    # for q >= 50, and log(size) is close to linear in log(101 - q); interpolating there
    # lands within a step or two of the edge, so the search takes 2-4 encodes, not 6.
    best = (lo, data)
    q_lo, s_lo, q_hi, s_hi = lo, len(data), hi, first_size
    rounds = 0
    while q_hi - q_lo > 1:
        rounds += 1
        if rounds > 3 or s_hi <= s_lo:  # interpolation is not converging: bisect
            q = (q_lo + q_hi) // 2
        else:
            t = (math.log(limit) - math.log(s_lo)) / (math.log(s_hi) - math.log(s_lo))
            u_lo, u_hi = math.log(101 - q_lo), math.log(101 - q_hi)
            q = math.floor(101 - math.exp(u_lo + t * (u_hi - u_lo)))
        q = min(max(q, q_lo + 1), q_hi - 1)
        data = encode(q)
        fits = len(data) < limit
        if fits:
            best, q_lo, s_lo = (q, data), q, len(data)
        else:
            q_hi, s_hi = q, len(data)
        # The guess is usually within one step of the edge: check its neighbour at once.
        neighbour = q + 1 if fits else q - 1
        if q_lo < neighbour < q_hi:
            data = encode(neighbour)
            if len(data) < limit:
                best, q_lo, s_lo = (neighbour, data), neighbour, len(data)
            else:
                q_hi, s_hi = neighbour, len(data)
    return best, len(best[1])


def encode_within_budget(
    image: np.ndarray,
    *,
    max_bytes: int,
    fmt: ImageFormat = "jpeg",
    floor_bytes: int = 0,
    min_quality: int = 50,
    max_quality: int = 95,
    min_long_edge: int = 1011,
    png_compression: int = 3,
    pdf_dpi: float = 300.0,
) -> EncodedImage:
    """Encode ``image`` (BGR or gray uint8) strictly below ``max_bytes`` and the API limit.

    JPEG (and PDF, which wraps a JPEG): the highest quality in [min_quality, max_quality]
    that fits; only if min_quality does not fit is the image downscaled, never below
    ``min_long_edge``. PNG/TIFF are lossless, so they can only be downscaled. A result
    squeezed below ``floor_bytes`` (text would blur) is refused with EncodeError; an image
    that is simply small at full quality is fine.
    """
    image = _check_image(image)
    mime = mime_type_for(fmt)
    if not 1 <= min_quality <= max_quality <= 100:
        raise EncodeError(f"quality bounds {min_quality}..{max_quality} are not within 1..100")
    limit = min(max_bytes, API_IMAGE_LIMIT)
    if floor_bytes >= limit:
        raise EncodeError(
            f"budget of {limit} bytes is not above the floor of {floor_bytes} bytes "
            "below which text would be unreadable; raise max_image_bytes or lower the floor"
        )
    if fmt == "pdf":
        limit -= PDF_OVERHEAD_BYTES
        if image.ndim == 2 or image.shape[2] == 1:  # the PDF wrapper declares RGB
            image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)

    h0, w0 = image.shape[:2]
    min_scale = min(1.0, min_long_edge / max(h0, w0))
    scale = 1.0
    current = image
    while True:
        found, smallest = _encode_once(
            current, fmt, limit, min_quality, max_quality, png_compression
        )
        if found is not None:
            quality, data = found
            break
        # Nothing fits at this size: shrink by the square root of the size ratio (bytes grow
        # about with pixel count), with a margin, and try again.
        if scale <= min_scale:
            how = f"at quality {min_quality} and " if fmt in ("jpeg", "pdf") else "at "
            raise EncodeError(
                f"image cannot be encoded as {fmt} below {limit} bytes even {how}"
                f"{current.shape[1]}x{current.shape[0]} px (the smallest allowed); "
                f"it needs about {smallest} bytes"
            )
        factor = min(_MAX_SCALE_STEP, 0.97 * math.sqrt(limit / smallest))
        scale = max(min_scale, scale * factor)
        current = _resize(image, scale)

    height, width = current.shape[:2]
    downscaled = current is not image
    at_best = quality in (None, max_quality) and not downscaled
    if len(data) < floor_bytes and not at_best:
        raise EncodeError(
            f"the best fit below {limit} bytes is {len(data)} bytes (quality {quality}, "
            f"{width}x{height} px), under the floor of {floor_bytes} bytes that keeps text "
            "readable; raise max_image_bytes"
        )
    if fmt == "pdf":
        data = jpeg_to_pdf(data, width, height, pdf_dpi)
    if len(data) >= min(max_bytes, API_IMAGE_LIMIT):  # defensive: the search guarantees it
        raise EncodeError(f"encoded size {len(data)} is not below the budget {max_bytes}")
    return EncodedImage(data, mime, width, height, quality, fmt, downscaled)


def _encode_once(
    image: np.ndarray, fmt: str, limit: int, min_q: int, max_q: int, png_level: int
) -> tuple[tuple[int | None, bytes] | None, int]:
    """The best encoding of this size below ``limit`` as (quality, bytes) or None, and the
    smallest size this size of image reaches."""
    if fmt in ("jpeg", "pdf"):

        def jpeg(q: int) -> bytes:
            return _imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, q])

        return _best_quality(jpeg, limit, min_q, max_q)
    data = _lossless(image, fmt, png_level)
    return ((None, data) if len(data) < limit else None), len(data)


def _lossless(image: np.ndarray, fmt: str, png_level: int) -> bytes:
    if fmt == "png":
        return _imencode(".png", image, [cv2.IMWRITE_PNG_COMPRESSION, png_level])
    return _imencode(
        ".tiff", image, [cv2.IMWRITE_TIFF_COMPRESSION, cv2.IMWRITE_TIFF_COMPRESSION_LZW]
    )


def encode_for_upload(
    image: np.ndarray,
    settings: EncodeSettings,
    *,
    max_bytes: int,
    document: bool,
) -> EncodedImage:
    """Encode with the configured format and bounds; documents keep the text floor."""
    floor = settings.document_floor_bytes if document else settings.face_floor_bytes
    return encode_within_budget(
        image,
        max_bytes=max_bytes,
        fmt=settings.format,
        floor_bytes=floor,
        min_quality=settings.min_quality,
        max_quality=settings.max_quality,
        min_long_edge=settings.min_long_edge,
        png_compression=settings.png_compression,
        pdf_dpi=settings.pdf_dpi,
    )
