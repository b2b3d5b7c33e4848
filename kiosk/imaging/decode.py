"""Bytes to BGR pixels, with a clear error for anything that is not a readable image.

Nothing is decoded before the header has been read and the image's declared size checked
against ``IntakeLimits``: a 689-byte JPEG can declare 30000 x 30000 px, and decoding it
would allocate gigabytes. Files are read only when they are regular files, never more
than the size limit, so a FIFO, a directory or ``/dev/zero`` is refused without a read.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import warnings
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, UnidentifiedImageError

from kiosk.config.imaging import IntakeLimits
from kiosk.errors import KioskError
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
# What Pillow's header readers may raise on a damaged header, beyond its documented
# UnidentifiedImageError (plugins raise SyntaxError, struct.error and friends).
_HEADER_ERRORS = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, KeyError)
_MB = 1024 * 1024


class ImageDecodeError(KioskError, ValueError):
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


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1e6:.0f} MP" if pixels >= 1e6 else f"{pixels / 1e6:.2f} MP"


def image_size(data: bytes, kind: str, limits: IntakeLimits) -> tuple[int, int]:
    """The (width, height) the header declares; ImageDecodeError if over the pixel limit."""
    too_big = (
        f"{kind} declares more than {_megapixels(limits.max_pixels)}, over the pixel limit "
        "(intake.max_pixels); a decompression bomb or a scan at too high a resolution"
    )
    try:
        with warnings.catch_warnings():
            # Pillow warns above its own 89 MP (the limit here is intake.max_pixels) and on
            # damaged metadata; the one line this module raises says what matters.
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data), formats=[kind]) as image:  # header only
                width, height = image.size
    except Image.DecompressionBombError:
        raise ImageDecodeError(too_big) from None
    except _HEADER_ERRORS:
        raise ImageDecodeError(
            f"{kind} data could not be decoded: corrupt or truncated header ({len(data)} bytes)"
        ) from None
    if width * height > limits.max_pixels:
        raise ImageDecodeError(
            f"{kind} declares {width} x {height} px ({_megapixels(width * height)}), over the "
            f"{_megapixels(limits.max_pixels)} limit (intake.max_pixels)"
        )
    return width, height


def decode_image(data: bytes, limits: IntakeLimits | None = None) -> np.ndarray:
    """Decode JPEG/PNG/TIFF/BMP/GIF/WEBP bytes to BGR uint8, honouring EXIF orientation."""
    limits = limits or IntakeLimits()
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
    if len(data) > limits.max_file_bytes:
        raise ImageDecodeError(
            f"{len(data) // _MB} MB is over the {limits.max_file_bytes // _MB} MB limit "
            "(intake.max_file_bytes)"
        )
    image_size(data, kind, limits)
    if kind == "PNG" and b"IEND" not in data[-64:]:
        # libpng would say so on stderr itself; the one line here is enough.
        raise ImageDecodeError(f"PNG data is truncated: no IEND chunk ({len(data)} bytes)")
    buffer = np.frombuffer(data, dtype=np.uint8)
    previous = cv2.utils.logging.getLogLevel()
    # OpenCV logs a failed decode on stderr as well; the error raised here says it once.
    cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_SILENT)
    try:
        # IMREAD_COLOR applies the EXIF orientation tag and gives 8-bit BGR.
        image = cv2.imdecode(buffer, cv2.IMREAD_COLOR)
    except cv2.error:
        image = None
    finally:
        cv2.utils.logging.setLogLevel(previous)
    if image is None or image.size == 0:
        raise ImageDecodeError(
            f"{kind} data could not be decoded: corrupt or truncated ({len(data)} bytes)"
        )
    return as_bgr8(image)


def _file_type(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_file(path: Path | str, limits: IntakeLimits | None = None) -> bytes:
    """The bytes of a regular file within the size limit; ImageDecodeError (without the path)."""
    limits = limits or IntakeLimits()
    path = Path(path)
    try:
        # O_NONBLOCK: a FIFO swapped in after a check must not block the open.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ImageDecodeError("cannot read: a symbolic link loop") from None
        if exc.errno == errno.ENOENT:
            raise ImageDecodeError("cannot read: no such file") from None
        raise ImageDecodeError(f"cannot read: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ImageDecodeError(f"cannot read: {_file_type(info.st_mode)}, not an image file")
        if info.st_size > limits.max_file_bytes:
            raise ImageDecodeError(
                f"{info.st_size // _MB} MB is over the "
                f"{limits.max_file_bytes // _MB} MB limit (intake.max_file_bytes)"
            )
        with os.fdopen(fd, "rb", closefd=False) as stream:
            # One byte past the limit tells a file that grew since fstat.
            data = stream.read(limits.max_file_bytes + 1)
    except OSError as exc:
        raise ImageDecodeError(f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(data) > limits.max_file_bytes:
        raise ImageDecodeError(
            f"over the {limits.max_file_bytes // _MB} MB limit (intake.max_file_bytes)"
        )
    return data


def read_image(path: Path | str, limits: IntakeLimits | None = None) -> np.ndarray:
    """Read and decode an image file; ImageDecodeError names the file, not its content."""
    try:
        return decode_image(read_file(path, limits), limits)
    except ImageDecodeError as exc:
        raise ImageDecodeError(f"{path}: {exc}") from None
