"""Damaged, odd and privacy-bearing image files: one clear line, or a clean upload."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from hostile_run import REFUSED_PEAK_MB, queued, run_kiosk
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from sample_data import SAMPLES

from kiosk.imaging.decode import ImageDecodeError, decode_image
from kiosk.outbox.store import Store

SUBMIT = [
    *("submit", "receipt", "--campaign", "sandbox-receipts"),
    *("--external-id", "cust-1"),
]
RECEIPT = SAMPLES / "receipts" / "softmatic_A_aldi_18042020_11_00883.jpg"


def _receipt() -> Image.Image:
    with Image.open(RECEIPT) as image:
        return image.convert("RGB")


def _encoded(fmt: str) -> bytes:
    buffer = io.BytesIO()
    _receipt().save(buffer, fmt)
    return buffer.getvalue()


HOSTILE = {
    "zero.jpg": (lambda: b"", "empty image data (0 bytes)"),
    "notes.jpg": (lambda: b"Dear bank,\nplease find my receipt attached.\n" * 20, "data is text"),
    "half.jpg": (lambda: _encoded("JPEG")[: len(_encoded("JPEG")) // 2], "corrupt or truncated"),
    "half.png": (lambda: _encoded("PNG")[: len(_encoded("PNG")) // 2], "PNG data is truncated"),
    "random.bin": (lambda: np.random.default_rng(3).bytes(5000), "not in a known image format"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_damaged_files_are_one_line_and_queue_nothing(
    name: str, tmp_path: Path, kiosk_env: Path
) -> None:
    make, why = HOSTILE[name]
    path = tmp_path / name
    path.write_bytes(make())
    for args in (["check", "--kind", "receipt"], SUBMIT):
        run = run_kiosk(*args, str(path))
        assert run.code == 2, run.errors
        assert run.errors == [run.errors[0]] and run.errors[0].startswith("kiosk: error: ")
        assert name in run.errors[0] and why in run.errors[0], run.errors
        assert run.peak_mb < REFUSED_PEAK_MB
    assert queued(kiosk_env) == (0, 0)


def test_sixteen_bit_and_cmyk_images_are_read_as_eight_bit_colour() -> None:
    deep = io.BytesIO()
    Image.fromarray(np.full((40, 60), 50_000, np.uint16)).save(deep, "PNG")
    cmyk = io.BytesIO()
    Image.new("CMYK", (60, 40), (0, 255, 255, 0)).save(cmyk, "JPEG")  # red in CMYK
    for data in (deep.getvalue(), cmyk.getvalue()):
        image = decode_image(data)
        assert image.dtype == np.uint8 and image.shape == (40, 60, 3)
    red = decode_image(cmyk.getvalue())[20, 30]
    assert red[2] > 200 and red[0] < 60  # BGR: red, whatever the ink model


def test_exif_orientation_is_applied_and_gps_is_not_uploaded(
    tmp_path: Path, kiosk_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_OUTBOX__KEY_STORE", "file")
    receipt = _receipt()
    # Stored on its side with "rotate 90° clockwise to view" (6) and the shop's position.
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x8825] = {1: "N", 2: (40.0, 26.0, 46.0), 3: "W", 4: (79.0, 58.0, 56.0)}
    sideways = receipt.transpose(Image.Transpose.ROTATE_90)
    path = tmp_path / "sideways.jpg"
    sideways.save(path, "JPEG", exif=exif, quality=92)
    with Image.open(path) as saved:
        assert saved.getexif().get_ifd(0x8825)  # the GPS is really in the file
    run = run_kiosk(*SUBMIT, str(path))
    assert run.code == 0, run.errors
    store = Store(kiosk_env, key_store="file")
    try:
        (job,) = store.jobs()
        upload = store.image(job)
    finally:
        store.close()
    assert b"GPS" not in upload and b"Exif" not in upload
    with Image.open(io.BytesIO(upload)) as uploaded:
        assert not uploaded.getexif()  # no orientation tag, no GPS: the pixels are upright
        assert uploaded.height > uploaded.width  # a receipt is tall once turned upright


@settings(max_examples=300, deadline=None)
@given(
    magic=st.sampled_from([b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"GIF89a", b"BM"]),
    body=st.binary(max_size=600),
)
def test_any_bytes_behind_a_signature_decode_or_fail_in_one_line(magic: bytes, body: bytes) -> None:
    try:
        image = decode_image(magic + body)
    except ImageDecodeError as exc:
        assert "\n" not in str(exc)
    else:
        assert image.dtype == np.uint8 and image.ndim == 3
