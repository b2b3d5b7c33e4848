"""Encoding within a byte budget: sizes, quality search, floor, formats, no metadata."""

from __future__ import annotations

import io
import re

import cv2
import numpy as np
import pybase64
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from kiosk.camera.demo import DemoScenePainter
from kiosk.config.imaging import API_IMAGE_LIMIT, EncodeSettings
from kiosk.imaging.decode import decode_image
from kiosk.imaging.encode import (
    EncodedImage,
    EncodeError,
    encode_for_upload,
    encode_within_budget,
    mime_type_for,
)


def scene(width: int = 1280, height: int = 720, noise: float = 0.0, seed: int = 0) -> np.ndarray:
    """A real-looking frame (the demo scene: card text, barcode, clutter), optionally noisy."""
    frame, _ = DemoScenePainter().render(1.0)
    if (width, height) != (1280, 720):
        frame = cv2.resize(frame, (width, height), interpolation=cv2.INTER_CUBIC)
    if noise:
        rng = np.random.default_rng(seed)
        noisy = frame.astype(np.int16) + rng.normal(0, noise, frame.shape).astype(np.int16)
        frame = np.clip(noisy, 0, 255).astype(np.uint8)
    return frame


@pytest.fixture(scope="module")
def frame720() -> np.ndarray:
    return scene()


def jpeg_size(image: np.ndarray, quality: int) -> int:
    return len(cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])[1])


def test_fits_at_top_quality_when_the_budget_allows(frame720: np.ndarray) -> None:
    out = encode_within_budget(frame720, max_bytes=9_900_000)
    assert isinstance(out, EncodedImage)
    assert (out.quality, out.downscaled, out.format) == (95, False, "jpeg")
    assert (out.width, out.height) == (1280, 720)
    assert out.mime_type == "image/jpeg" and out.extension == ".jpg"
    assert decode_image(out.data).shape == (720, 1280, 3)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(max_bytes=st.integers(min_value=20_000, max_value=600_000))
def test_output_is_always_below_the_budget_and_the_best_quality_that_fits(
    frame720: np.ndarray, max_bytes: int
) -> None:
    try:
        out = encode_within_budget(frame720, max_bytes=max_bytes, min_long_edge=320)
    except EncodeError as exc:
        # Only when even quality 50 at the smallest allowed size does not fit.
        small = cv2.resize(frame720, (320, 180), interpolation=cv2.INTER_AREA)
        assert jpeg_size(small, 50) >= max_bytes
        assert "cannot be encoded" in str(exc)
        return
    assert len(out.data) < max_bytes < API_IMAGE_LIMIT
    assert 50 <= out.quality <= 95
    pixels = frame720
    if out.downscaled:
        # Downscaling is the last resort: full size did not fit even at quality 50.
        assert jpeg_size(frame720, 50) >= max_bytes
        pixels = cv2.resize(frame720, (out.width, out.height), interpolation=cv2.INTER_AREA)
    # The highest quality that fits: one step up would not.
    if out.quality < 95:
        assert jpeg_size(pixels, out.quality + 1) >= max_bytes
    assert decode_image(out.data).shape == (out.height, out.width, 3)


def test_a_noisy_12_mp_frame_is_forced_into_1_mb() -> None:
    big = scene(4000, 3000, noise=12.0)
    out = encode_within_budget(big, max_bytes=1_000_000, floor_bytes=250_000)
    assert len(out.data) < 1_000_000
    assert len(out.data) >= 250_000
    assert out.downscaled  # noise this strong does not fit 1 MB at 12 MP even at q50
    assert max(out.width, out.height) >= 1011
    assert out.width / out.height == pytest.approx(4 / 3, rel=0.01)


def test_never_at_or_over_the_api_limit() -> None:
    big = scene(4000, 3000, noise=40.0, seed=1)
    assert jpeg_size(big, 95) > API_IMAGE_LIMIT  # the raw best encoding would be rejected
    out = encode_within_budget(big, max_bytes=50_000_000)
    assert len(out.data) < API_IMAGE_LIMIT


def test_floor_is_respected_or_refused(frame720: np.ndarray) -> None:
    with pytest.raises(EncodeError, match="not above the floor"):
        encode_within_budget(frame720, max_bytes=200_000, floor_bytes=250_000)
    # Squeezing below the floor is refused rather than returned unreadable: quality 95
    # does not fit this budget, and the best quality that does lands under the floor.
    budget = jpeg_size(frame720, 80)
    with pytest.raises(EncodeError, match=f"under the floor of {budget - 1} bytes"):
        encode_within_budget(frame720, max_bytes=budget, floor_bytes=budget - 1)
    # An image that is simply small at full quality is fine below the floor.
    tiny = np.full((200, 300, 3), 128, np.uint8)
    out = encode_within_budget(tiny, max_bytes=9_900_000, floor_bytes=250_000)
    assert out.quality == 95 and len(out.data) < 250_000


def test_impossible_budget_raises_a_clear_error(frame720: np.ndarray) -> None:
    with pytest.raises(EncodeError, match=r"cannot be encoded as jpeg below 5000 bytes"):
        encode_within_budget(frame720, max_bytes=5_000, min_long_edge=1011)


def test_png_tiff_and_pdf(frame720: np.ndarray) -> None:
    png = encode_within_budget(frame720, max_bytes=9_900_000, fmt="png")
    assert png.data.startswith(b"\x89PNG") and png.mime_type == "image/png"
    assert png.quality is None
    assert np.array_equal(decode_image(png.data), frame720)  # lossless
    tiff = encode_within_budget(frame720, max_bytes=9_900_000, fmt="tiff")
    assert tiff.data[:4] == b"II*\x00" and tiff.mime_type == "image/tiff"
    assert np.array_equal(decode_image(tiff.data), frame720)
    # A lossless format that does not fit is downscaled, never sent too big.
    small_png = encode_within_budget(frame720, max_bytes=600_000, fmt="png", min_long_edge=320)
    assert small_png.downscaled and len(small_png.data) < 600_000

    pdf = encode_within_budget(frame720, max_bytes=300_000, fmt="pdf", min_long_edge=320)
    assert pdf.mime_type == "application/pdf" and len(pdf.data) < 300_000
    data = pdf.data
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    # The cross-reference table points at each object exactly.
    xref_at = int(re.search(rb"startxref\n(\d+)", data).group(1))
    assert data[xref_at:].startswith(b"xref")
    offsets = [int(m) for m in re.findall(rb"(\d{10}) 00000 n", data)]
    for number, offset in enumerate(offsets, start=1):
        assert data[offset:].startswith(f"{number} 0 obj".encode())
    # The embedded JPEG is the whole image.
    start = data.index(b"stream\n") + len(b"stream\n")
    length = int(re.search(rb"/Length (\d+) >>\nstream", data).group(1))
    jpeg = data[start : start + length]
    assert decode_image(jpeg).shape == (pdf.height, pdf.width, 3)
    assert f"/Width {pdf.width} /Height {pdf.height}".encode() in data


def exif_jpeg() -> bytes:
    """A camera-style JPEG carrying EXIF with GPS coordinates and a camera serial."""
    image = Image.fromarray(scene(640, 360)[:, :, ::-1])
    exif = Image.Exif()
    exif[0x010F] = "KioskCam Maker"  # Make
    exif[0xA431] = "SERIAL-12345"  # BodySerialNumber
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (51.0, 30.0, 0.0)
    gps[3], gps[4] = "W", (0.0, 7.0, 0.0)
    buf = io.BytesIO()
    image.save(buf, "JPEG", exif=exif, quality=90)
    return buf.getvalue()


def jpeg_segments(data: bytes) -> list[int]:
    """Marker bytes of the JPEG's header segments, up to the start of scan."""
    markers, i = [], 2
    while i < len(data) and data[i] == 0xFF:
        marker = data[i + 1]
        markers.append(marker)
        if marker == 0xDA:
            break
        i += 2 + int.from_bytes(data[i + 2 : i + 4], "big")
    return markers


@pytest.mark.parametrize("fmt", ["jpeg", "png", "tiff", "pdf"])
def test_metadata_is_stripped(fmt: str) -> None:
    original = exif_jpeg()
    assert 0xE1 in jpeg_segments(original) and b"SERIAL-12345" in original  # APP1 = EXIF
    with Image.open(io.BytesIO(original)) as im:
        assert im.getexif().get_ifd(0x8825)  # GPS really is there
    out = encode_within_budget(decode_image(original), max_bytes=9_900_000, fmt=fmt)  # type: ignore[arg-type]
    for needle in (b"Exif", b"SERIAL-12345", b"KioskCam", b"GPS", b"XMP"):
        assert needle not in out.data
    if fmt == "jpeg":
        assert not any(0xE1 <= m <= 0xEF for m in jpeg_segments(out.data))  # no APP1..APP15
        with Image.open(io.BytesIO(out.data)) as im:
            assert not im.getexif()


def test_base64_and_mime_types(frame720: np.ndarray) -> None:
    out = encode_within_budget(frame720, max_bytes=9_900_000)
    assert pybase64.b64decode(out.base64()) == out.data
    assert [mime_type_for(f) for f in ("jpeg", "png", "tiff", "pdf")] == [
        "image/jpeg",
        "image/png",
        "image/tiff",
        "application/pdf",
    ]
    with pytest.raises(EncodeError, match="unknown image format"):
        mime_type_for("bmp")


def test_encode_for_upload_uses_settings(frame720: np.ndarray) -> None:
    settings = EncodeSettings(format="png")
    assert encode_for_upload(frame720, settings, max_bytes=9_900_000, document=True).format == "png"
    # A document keeps the text floor; a face does not.
    strict = EncodeSettings(document_floor_bytes=500_000, min_long_edge=320)
    with pytest.raises(EncodeError, match="floor"):
        encode_for_upload(frame720, strict, max_bytes=400_000, document=True)
    face = encode_for_upload(frame720, strict, max_bytes=400_000, document=False)
    assert len(face.data) < 400_000


def test_rejects_what_is_not_an_8_bit_image() -> None:
    with pytest.raises(EncodeError, match="empty"):
        encode_within_budget(np.zeros((0, 0, 3), np.uint8), max_bytes=1_000_000)
    with pytest.raises(EncodeError, match="8-bit"):
        encode_within_budget(np.zeros((10, 10, 3), np.float32), max_bytes=1_000_000)
    gray = encode_within_budget(np.full((50, 80), 90, np.uint8), max_bytes=1_000_000, fmt="pdf")
    assert gray.data.startswith(b"%PDF")


def test_read_only_frames_encode() -> None:
    frame = scene(640, 360)
    frame.flags.writeable = False
    assert encode_within_budget(frame, max_bytes=1_000_000).width == 640
