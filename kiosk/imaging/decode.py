"""Bytes to BGR pixels, with a clear error for anything that is not a readable image."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from kiosk.imaging.pixels import as_bgr8

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
    (b"%PDF", "PDF"),
)


class ImageDecodeError(ValueError):
    """The data is not an image this kiosk can read; the message says why (never the bytes)."""


def sniff_format(data: bytes) -> str | None:
    """The image format named by the data's signature (JPEG, PNG, ...), or None."""
    for magic, name in _SIGNATURES:
        if data.startswith(magic):
            return name
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def _looks_like_text(data: bytes) -> bool:
    head = data[:512]
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return printable >= 0.95 * len(text)


def decode_image(data: bytes) -> np.ndarray:
    """Decode JPEG/PNG/TIFF/BMP/WEBP bytes to BGR uint8, honouring EXIF orientation."""
    if not data:
        raise ImageDecodeError("empty image data (0 bytes)")
    kind = sniff_format(data)
    if kind is None:
        what = "text" if _looks_like_text(data) else "not in a known image format"
        raise ImageDecodeError(
            f"data is {what}, not an image ({len(data)} bytes); expected JPEG, PNG, TIFF, "
            "BMP, GIF or WEBP"
        )
    if kind == "PDF":
        raise ImageDecodeError("data is a PDF document, not an image; export it as JPEG or PNG")
    buffer = np.frombuffer(data, dtype=np.uint8)
    # IMREAD_COLOR applies the EXIF orientation tag and gives 8-bit BGR.
    image = cv2.imdecode(buffer, cv2.IMREAD_COLOR)
    if image is None or image.size == 0:
        raise ImageDecodeError(
            f"{kind} data could not be decoded: corrupt or truncated ({len(data)} bytes)"
        )
    return as_bgr8(image)


def read_image(path: Path | str) -> np.ndarray:
    """Read and decode an image file; ImageDecodeError names the file, not its content."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImageDecodeError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return decode_image(data)
    except ImageDecodeError as exc:
        raise ImageDecodeError(f"{path.name}: {exc}") from None
