"""Decoding bytes into pixels, with clear errors that never echo the data."""

from __future__ import annotations

import io
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from kiosk.imaging.decode import ImageDecodeError, decode_image, read_image, sniff_format


def jpeg_bytes(image: np.ndarray, **save: object) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(image[:, :, ::-1]).save(buf, "JPEG", **save)
    return buf.getvalue()


def test_decodes_common_formats_to_bgr() -> None:
    bgr = np.zeros((30, 40, 3), np.uint8)
    bgr[:, :, 2] = 200  # red
    for ext in (".png", ".jpg", ".bmp", ".tiff"):
        data = cv2.imencode(ext, bgr)[1].tobytes()
        out = decode_image(data)
        assert out.shape == (30, 40, 3) and out.dtype == np.uint8
        assert abs(int(out[15, 20, 2]) - 200) < 6 and out[15, 20, 0] < 6
    gray = cv2.imencode(".png", np.full((10, 12), 77, np.uint8))[1].tobytes()
    assert decode_image(gray).shape == (10, 12, 3)
    deep = cv2.imencode(".png", np.full((10, 12, 3), 40000, np.uint16))[1].tobytes()
    out = decode_image(deep)
    assert out.dtype == np.uint8 and out.shape == (10, 12, 3)


def test_exif_orientation_is_applied() -> None:
    # A landscape image whose EXIF says "rotate 90 degrees clockwise" (orientation 6).
    image = np.zeros((40, 80, 3), np.uint8)
    image[:, :40] = 255  # left half white
    exif = Image.Exif()
    exif[0x0112] = 6
    out = decode_image(jpeg_bytes(image, exif=exif))
    assert out.shape == (80, 40, 3)  # portrait, as the camera meant it
    assert out[:40].mean() > 200 and out[40:].mean() < 50  # the white half is now on top


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty image data"),
        (b"Dear customer,\nthis is a text file with a name: Jane Q. Public\n", "data is text"),
        (bytes(range(256)) * 4, "not in a known image format"),
        (b"%PDF-1.4\n1 0 obj\n", "PDF document"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 200, "JPEG data could not be decoded"),
        (b"\x89PNG\r\n\x1a\n" + b"garbage-SECRET-123" * 20, "PNG data could not be decoded"),
    ],
)
def test_bad_input_gives_a_clear_error_without_the_bytes(data: bytes, message: str) -> None:
    with pytest.raises(ImageDecodeError, match=message) as info:
        decode_image(data)
    text = str(info.value)
    assert "Jane" not in text and "SECRET" not in text and "Dear" not in text
    assert "\\x" not in text and "garbage" not in text


def test_truncated_jpeg_is_refused() -> None:
    data = jpeg_bytes(np.full((64, 64, 3), 120, np.uint8))
    with pytest.raises(ImageDecodeError, match="corrupt or truncated"):
        decode_image(data[: len(data) // 3])


def test_read_image_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "receipt-jane.txt"
    bad.write_text("hello")
    with pytest.raises(ImageDecodeError, match=r"receipt-jane\.txt: data is text"):
        read_image(bad)
    with pytest.raises(ImageDecodeError, match="cannot read"):
        read_image(tmp_path / "missing.png")
    good = tmp_path / "ok.png"
    cv2.imwrite(str(good), np.zeros((5, 6, 3), np.uint8))
    assert read_image(good).shape == (5, 6, 3)


def test_sniff_format() -> None:
    assert sniff_format(b"\xff\xd8\xff\xdb...") == "JPEG"
    assert sniff_format(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "WEBP"
    assert sniff_format(b"MM\x00*") == "TIFF"
    assert sniff_format(b"hello") is None
