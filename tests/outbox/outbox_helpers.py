"""Helpers of the outbox tests: images with known bytes, settings aimed at a sandbox."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import struct
from datetime import datetime
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from sample_data import SAMPLES

from kiosk.config import Settings, load_settings
from kiosk.outbox.plans import Capture

HERE = Path(__file__).resolve().parent

RECEIPT_SAMPLE = SAMPLES / "receipts" / "softmatic_A_aldi_18042020_11_00883.jpg"
FACE_SAMPLE = SAMPLES / "faces" / "fr_biden.jpg"
# Small backoff so that fault tests retry within milliseconds instead of seconds.
FAST_RETRY = {"backoff_base": 0.01, "backoff_cap": 0.05, "lease_seconds": 5.0}


def make_jpeg(seed: int, width: int = 320, height: int = 240) -> bytes:
    """A real JPEG whose bytes differ for every seed (noise over a mid-grey field)."""
    rng = np.random.default_rng(seed)
    pixels = np.clip(128 + rng.integers(-40, 41, size=(height, width, 3)), 0, 255)
    ok, buf = cv2.imencode(".jpg", pixels.astype(np.uint8), [cv2.IMWRITE_JPEG_QUALITY, 85])
    assert ok
    return buf.tobytes()


def sha256(data: bytes) -> str:
    """Hex SHA-256, as the sandbox reports received images."""
    return hashlib.sha256(data).hexdigest()


def capture(data: bytes) -> Capture:
    """A capture of already-encoded JPEG bytes, taken now."""
    return Capture(data=data, mime_type="image/jpeg", captured_at=datetime.now().astimezone())


def padded_receipt(path: Path, grey: int = 60, part: slice | None = None) -> Path:
    """The real receipt scan on a darker desk with a margin, so the capture checks pass.

    The sample is a tight crop (no margin at all), which the "inside the frame" check
    rightly refuses; a border makes it what a kiosk camera sees. ``part`` takes a band of
    rows (a long receipt photographed in parts).
    """
    receipt = cv2.imread(str(RECEIPT_SAMPLE))
    assert receipt is not None
    if part is not None:
        receipt = receipt[part]
    h, w = receipt.shape[:2]
    canvas = np.full((int(h * 1.3), int(w * 1.9), 3), grey, np.uint8)
    y, x = (canvas.shape[0] - h) // 2, (canvas.shape[1] - w) // 2
    canvas[y : y + h, x : x + w] = receipt
    assert cv2.imwrite(str(path), canvas, [cv2.IMWRITE_JPEG_QUALITY, 92])
    return path


def sandbox_settings(server_url: str, data_dir: Path, **outbox: Any) -> Settings:
    """Settings aimed at a sandbox, with a fast retry policy unless told otherwise."""
    return load_settings(
        None,
        data_dir=data_dir,
        amplifi={"base_url": server_url, "token": "test-token"},
        sessionm={"base_url": server_url, "api_key": "test-key"},
        http={"connect_timeout": 2.0, "read_timeout": 10.0, "write_timeout": 10.0},
        outbox={**FAST_RETRY, "key_store": "file", **outbox},
    )


# SQLite's page size in the outbox database (its default).
PAGE = 4096


def damage_a_leaf_of_jobs(db: Path) -> None:
    """Overwrite 2,000 bytes of the last leaf page of the jobs table (the rest stays)."""
    conn = sqlite3.connect(db)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'jobs'").fetchone()[0]
    conn.close()
    with db.open("r+b") as f:
        f.seek((root - 1) * PAGE)
        page = f.read(PAGE)
        assert page[0] == 0x05, "the jobs table should span more than one page"
        (rightmost,) = struct.unpack(">I", page[8:12])
        f.seek((rightmost - 1) * PAGE)
        f.write(os.urandom(2000))
