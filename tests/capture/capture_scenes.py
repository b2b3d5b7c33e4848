"""Face and receipt frames with known ground truth, built from real photos.

Faces come from scikit-image's astronaut photo (a real face); receipts from the Softmatic
scans in tests/data/receipts, warped onto a desk with known corners.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from sample_data import MODELS, SAMPLES  # noqa: F401 - re-exported to the tests
from skimage import data

from kiosk.capture.evaluator import Evaluator
from kiosk.capture.result import CaptureReport
from kiosk.config.capture import CaptureSettings
from kiosk.config.document import DocumentSettings
from kiosk.pipeline import inspect

RECEIPT_A = SAMPLES / "receipts" / "softmatic_A_aldi_18042020_11_00883.jpg"
RECEIPT_C = SAMPLES / "receipts" / "softmatic_C_rossmann_20052020_03_01733.jpg"

# Ground truth measured by hand on the 512x512 astronaut photo: the face's centre (between
# the eyes and the mouth) and its inter-eye distance in px.
ASTRONAUT_FACE_CENTRE = (223.0, 120.0)
ASTRONAUT_EYE_DISTANCE = 47.0


def astronaut() -> np.ndarray:
    """The astronaut photo as BGR."""
    return cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR)


def face_frame(
    *,
    size: tuple[int, int] = (1280, 720),
    scale: float = 2.6,
    centre: tuple[float, float] = (0.5, 0.5),
    angle: float = 0.0,
) -> np.ndarray:
    """The astronaut scaled by ``scale``, face at ``centre`` (fractions of the frame), rolled
    by ``angle`` degrees, on a frame of ``size``; the rest of the frame is a plain wall."""
    w, h = size
    src = astronaut()
    fx, fy = ASTRONAUT_FACE_CENTRE
    m = cv2.getRotationMatrix2D((fx, fy), angle, scale)
    m[0, 2] += centre[0] * w - fx
    m[1, 2] += centre[1] * h - fy
    return cv2.warpAffine(src, m, (w, h), borderMode=cv2.BORDER_CONSTANT, borderValue=(150,) * 3)


def two_faces_frame(size: tuple[int, int] = (1280, 720)) -> np.ndarray:
    """Two astronauts side by side."""
    left = face_frame(size=size, scale=1.6, centre=(0.25, 0.5))
    right = face_frame(size=size, scale=1.6, centre=(0.75, 0.5))
    out = left.copy()
    out[:, size[0] // 2 :] = right[:, size[0] // 2 :]
    return out


def desk(size: tuple[int, int], seed: int = 0) -> np.ndarray:
    """A dark brownish desk: low-frequency texture and some sensor noise."""
    w, h = size
    rng = np.random.default_rng(seed)
    grain = cv2.resize(rng.normal(0, 12, (h // 40 + 2, w // 40 + 2)).astype(np.float32), (w, h))
    noise = cv2.resize(rng.normal(0, 3, (h // 2, w // 2)).astype(np.float32), (w, h))
    base = cv2.add(grain, noise) + 55.0
    tint = (0.8, 0.95, 1.15)
    return cv2.merge([cv2.convertScaleAbs(base, alpha=t) for t in tint])


def receipt_scene(
    receipt: np.ndarray,
    *,
    size: tuple[int, int] = (1920, 1080),
    fill: float = 0.85,
    angle: float = 0.0,
    shift: tuple[float, float] = (0.0, 0.0),
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """The receipt on a desk, ``fill`` of the frame height, rotated by ``angle`` degrees and
    shifted by ``shift`` (fractions of the frame); returns (frame, corners TL TR BR BL)."""
    w, h = size
    rh, rw = receipt.shape[:2]
    k = fill * h / rh
    m = cv2.getRotationMatrix2D((rw / 2, rh / 2), angle, k)
    m[0, 2] += w / 2 - rw / 2 + shift[0] * w
    m[1, 2] += h / 2 - rh / 2 + shift[1] * h
    frame = desk(size, seed)
    cv2.warpAffine(receipt, m, (w, h), dst=frame, borderMode=cv2.BORDER_TRANSPARENT)
    src = np.array([[0, 0], [rw, 0], [rw, rh], [0, rh]], dtype=np.float64)
    corners = (m[:, :2] @ src.T).T + m[:, 2]
    return frame, corners.astype(np.float32)


def read(path: Path) -> np.ndarray:
    """A sample image as BGR (fails loudly when the sample is missing)."""
    image = cv2.imread(str(path))
    assert image is not None, f"missing sample {path}"
    return image


def full_check(
    kind: str, image: np.ndarray, settings: CaptureSettings | DocumentSettings | None = None
) -> CaptureReport:
    """Every check of a captured frame, as ``kiosk submit`` and the app run them."""
    if isinstance(settings, DocumentSettings):
        settings = CaptureSettings(document=settings)
    return inspect(kind, image, Evaluator(settings or CaptureSettings())).report
