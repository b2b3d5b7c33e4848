"""Hostile files: tiny images whose headers declare huge sizes, and files that are no images."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
from PIL import Image


def _small(fmt: str, **save: object) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(np.full((8, 8, 3), 90, np.uint8)).save(buffer, fmt, **save)
    return buffer.getvalue()


def jpeg_bomb(width: int, height: int) -> bytes:
    """A valid 8 x 8 JPEG whose SOF0 marker is rewritten to declare width x height."""
    data = bytearray(_small("JPEG"))
    sof = data.index(b"\xff\xc0")
    struct.pack_into(">HH", data, sof + 5, height, width)
    return bytes(data)


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_bomb(width: int, height: int) -> bytes:
    """A PNG declaring width x height with a few hundred bytes of zero-filled rows."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * 200_000, 9)
    chunks = _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", rows) + _chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


def tiff_bomb(width: int, height: int) -> bytes:
    """A little-endian TIFF whose IFD declares width x height, one deflated strip."""
    strip = zlib.compress(b"\x00" * 100_000, 9)
    entries = [
        (256, 4, 1, width),  # ImageWidth (LONG)
        (257, 4, 1, height),  # ImageLength
        (258, 3, 1, 8),  # BitsPerSample
        (259, 3, 1, 8),  # Compression: Deflate
        (262, 3, 1, 1),  # Photometric: BlackIsZero
        (273, 4, 1, 0),  # StripOffsets (patched below)
        (277, 3, 1, 1),  # SamplesPerPixel
        (278, 4, 1, height),  # RowsPerStrip
        (279, 4, 1, len(strip)),  # StripByteCounts
    ]
    ifd_offset = 8
    ifd_size = 2 + 12 * len(entries) + 4
    strip_offset = ifd_offset + ifd_size
    out = bytearray(b"II*\x00" + struct.pack("<I", ifd_offset))
    out += struct.pack("<H", len(entries))
    for tag, kind, count, value in entries:
        value = strip_offset if tag == 273 else value
        packed = struct.pack("<H", value) + b"\x00\x00" if kind == 3 else struct.pack("<I", value)
        out += struct.pack("<HHI", tag, kind, count) + packed
    out += struct.pack("<I", 0) + strip
    return bytes(out)


def gif_bomb(width: int, height: int) -> bytes:
    """A valid 8 x 8 GIF whose logical screen declares width x height."""
    data = bytearray(_small("GIF"))
    struct.pack_into("<HH", data, 6, width, height)
    return bytes(data)


def pdf_bomb() -> bytes:
    """A PDF page whose one image declares 60000 x 60000 px of a tiny Flate stream."""
    stream = zlib.compress(b"\x00" * 100_000, 9)
    return (
        b"%PDF-1.4\n1 0 obj<</Type/XObject/Subtype/Image/Width 60000/Height 60000"
        b"/ColorSpace/DeviceRGB/BitsPerComponent 8/Filter/FlateDecode/Length "
        + str(len(stream)).encode()
        + b">>stream\n"
        + stream
        + b"\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


BOMBS = {
    "jpeg-30000.jpg": lambda: jpeg_bomb(30000, 30000),
    "jpeg-65500.jpg": lambda: jpeg_bomb(65500, 65500),
    "png-50000.png": lambda: png_bomb(50000, 50000),
    "tiff-60000.tif": lambda: tiff_bomb(60000, 60000),
    "gif-65535.gif": lambda: gif_bomb(65535, 65535),
    "pdf-60000.pdf": pdf_bomb,
}
